import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { deploy } from '../witness/deploy.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 9;
const CAPACITY = 128;
/** 40 bytes of calldata: 1, 2, …, 40. */
const DATA = Uint8Array.from({ length: 40 }, (_, i) => i + 1);
/** Offsets: a full word, one ending 5 bytes past the end, the last byte, the end, far past it. */
const OFFSETS = [0, 13, 39, 40, 1000];

describe('evm circuit: CALLDATALOAD (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
  const contract = createAddressFromString('0x00000000000000000000000000000000000ca11d');

  before(async () => {
    const code = asm(...OFFSETS.flatMap((o) => ['PUSH2', o, 'CALLDATALOAD', 'POP']), 'STOP');
    w = evmCase(await runPrograms([{ to: contract, data: DATA }], [{ address: contract, code }]));
  });

  it('loads calldata words as @ethereumjs did, zero past the end; MockProver passes', () => {
    const word = (o: number) => Array.from({ length: 32 }, (_, k) => BigInt(DATA[o + k] ?? 0)).reduce((acc, b) => (acc << 8n) | b, 0n);
    expect(rowsOf('CALLDATALOAD').map((r) => w.steps[r]!.rws[1]!.value)).to.deep.equal(OFFSETS.map(word));
    expect(rowsOf('CallDataRead')).to.have.length(8 * OFFSETS.length);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a byte past the end claimed non-zero fails its rule; a byte of the calldata claimed past the end fails the mask count', () => {
    // offset 13: bytes 27 … 31 of the word are past the end; the last row (row 7) holds bytes 28 … 31
    const last = rowsOf('CallDataRead')[15]!;
    expect(failures([{ column: 'evm aux byte 31', row: last, value: 7n }])).to.deep.equal([
      `gate evm CallDataRead/byte 0 past the calldata is 0@${last}`, `gate evm CallDataRead/more: next aux byte 31@${last - 1}`,
    ]);
    // the row before (bytes 24 … 27, 24 … 26 in the calldata): flag 2 cleared, as if byte 26 were past the end
    const r = last - 1;
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: 0n }, { column: 'evm slot 2 prev lo', row: r, value: 0n }])).to.deep.equal([
      `gate evm CallDataRead/a row not full leaves nothing@${r}`, `gate evm CallDataRead/byte 2 past the calldata is 0@${r}`, `gate evm CallDataRead/more: r' = r − Σ f@${r}`,
    ]);
  });

  it('a word with a byte other than the calldata\'s fails the tx lookup; a wrong length fails the opcode row', () => {
    const r = rowsOf('CallDataRead')[0]!;
    expect(failures([{ column: 'evm aux byte 31', row: r, value: (v) => v + 1n }, { column: 'evm aux byte 27', row: r + 1, value: (v) => v }]).filter((f) => f.startsWith('lookup')))
      .to.deep.equal([`lookup evm tx lookup 0@${r}`]);
    // the length is the call's CallDataLength (BeginTx1 wrote the tx's)
    const load = rowsOf('CALLDATALOAD')[1]!;
    expect(failures([{ column: 'evm slot 2 lo', row: load, value: (v) => v + 1n }, { column: 'evm slot 2 prev lo', row: load, value: (v) => v + 1n }])).to.include(`lookup evm rw slot 2@${load}`);
  });

  it('the real verifier rejects a load that hides the last calldata byte', async () => {
    const last = rowsOf('CallDataRead')[2 * 8]!; // offset 39: row 0 holds byte 39 = 40 and three bytes past the end
    const failed = await expectVerifierRejects(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [
      { column: 'evm slot 0 lo', row: last, value: 0n }, { column: 'evm slot 0 prev lo', row: last, value: 0n },
    ]);
    expect(failed).to.include(`gate evm CallDataRead/byte 0 past the calldata is 0@${last}`);
  });
});

describe('evm circuit: CALLDATALOAD in a nested call and in init code (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  const K_NESTED = 11;
  const STEPS = 512;
  const RW_ROWS = 1024;
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K_NESTED, evmInstances(w), edits);
  const word = (bytes: Uint8Array, at: number) => bytes.slice(at, at + 32).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

  before(async () => {
    // the caller puts DATA at memory 7 … 46 and a non-zero byte right after it, then CALLs 31 with calldata = memory[7, 47)
    const caller = asm('PUSH32', word(DATA, 0), 'PUSH1', 7, 'MSTORE', 'PUSH32', word(DATA, 32) << 192n, 'PUSH1', 39, 'MSTORE', 'PUSH1', 0xff, 'PUSH1', 47, 'MSTORE8',
      'PUSH0', 'PUSH0', 'PUSH1', DATA.length, 'PUSH1', 7, 'PUSH0', 'PUSH20', BigInt(programAddress(31).toString()), 'GAS', 'CALL', 'STOP');
    const callee = asm(...OFFSETS.flatMap((o) => ['PUSH2', o, 'CALLDATALOAD', 'PUSH2', o, 'SSTORE']), 'STOP');
    w = evmCase(await runPrograms([{ to: programAddress(30) }], [{ address: programAddress(30), code: caller }, { address: programAddress(31), code: callee }]));
  });

  it('reads its caller\'s memory range, zero past its end (not the caller\'s next byte), the words @ethereumjs pushed; MockProver passes over the state circuit', () => {
    const expected = OFFSETS.map((o) => Array.from({ length: 32 }, (_, k) => BigInt(DATA[o + k] ?? 0)).reduce((acc, b) => (acc << 8n) | b, 0n));
    expect(rowsOf('CALLDATALOAD').map((r) => w.steps[r]!.rws[1]!.value)).to.deep.equal(expected);
    // one CallDataCaller row per load; ⌈n/4⌉ bytes rows (at least one): 32, 27, 1, 0, 0 bytes
    expect(rowsOf('CallDataCaller')).to.have.length(OFFSETS.length);
    expect(rowsOf('CallDataMemoryRead')).to.have.length(8 + 7 + 1 + 1 + 1);
    expect(rowsOf('CallDataRead')).to.have.length(0);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K_NESTED)).to.deep.equal([]);
  });

  it('a byte read past the calldata\'s end (the caller\'s 0xff) breaks the count; a byte claimed other than memory\'s fails the RW lookup', () => {
    // offset 13: 27 bytes, the last bytes row reads 3 (memory 7 + 13 + 24 … 26) and its 4th flag is off
    const last = rowsOf('CallDataMemoryRead')[8 + 6]!;
    expect(failures([{ column: 'evm slot 3 on', row: last, value: 1n }, { column: 'evm slot 3 lo', row: last, value: 0xffn }, { column: 'evm slot 3 prev lo', row: last, value: 0xffn },
      { column: 'evm aux byte 28', row: last, value: 0xffn }])).to.include(`gate evm CallDataMemoryRead/last: nothing left@${last}`);
    const first = rowsOf('CallDataMemoryRead')[0]!;
    expect(failures([{ column: 'evm slot 0 lo', row: first, value: (v) => v + 1n }, { column: 'evm slot 0 prev lo', row: first, value: (v) => v + 1n }, { column: 'evm aux byte 31', row: first, value: (v) => v + 1n }])
      .filter((f) => !f.includes('next aux byte'))).to.deep.equal([`gate evm CallDataCaller/bytes rows' aux = value hi@${first - 1}`, `lookup evm rw slot 0@${first}`]);
  });

  it('a byte of the calldata dropped fails the count; the caller\'s id and the start address are CallDataCaller\'s', () => {
    const first = rowsOf('CallDataMemoryRead')[0]!;
    expect(failures([{ column: 'evm slot 3 on', row: first, value: 0n }, { column: 'evm aux byte 28', row: first, value: 0n }]))
      .to.include(`gate evm CallDataMemoryRead/a row not full leaves nothing@${first}`);
    expect(failures([{ column: 'evm inv', row: first, value: (v) => v + 1n }])).to.include(`gate evm CallDataCaller/bytes rows' inv = the caller's id@${first - 1}`);
    expect(failures([{ column: 'evm c0', row: first, value: (v) => v + 1n }])).to.include(`gate evm CallDataCaller/bytes rows' c0 = CallDataOffset + o@${first - 1}`);
  });

  it('a nested load may not take the root\'s rows (the tx\'s calldata): the opcode row\'s continuation rule', () => {
    const load = rowsOf('CALLDATALOAD')[0]!;
    expect(failures([{ column: 'evm isRoot', row: load, value: 1n }])).to.include(`gate evm transition/CALLDATALOAD: next is CallDataRead (root) or CallDataCaller (nested)@${load}`);
  });

  it('init code loads zeros (a creation\'s frame has no calldata): provable, MockProver passes', async () => {
    // init code: CALLDATALOAD(0), CALLDATALOAD(3) stored; deploys nothing
    const init = asm('PUSH0', 'CALLDATALOAD', 'PUSH0', 'SSTORE', 'PUSH1', 3, 'CALLDATALOAD', 'PUSH1', 1, 'SSTORE', 'STOP');
    const b = await runPrograms([deploy(init)]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const c = evmCase(b);
    expect(c.steps.filter((s) => s.spec.name === 'CALLDATALOAD').map((s) => s.rws[1]!.value)).to.deep.equal([0n, 0n]);
    expect(honestFailures(evmTestCircuit(STEPS, c), K_NESTED, evmInstances(c))).to.deep.equal([]);
  });

  it('the real verifier rejects a nested load that reads a byte past the calldata', async () => {
    const last = rowsOf('CallDataMemoryRead')[8 + 6]!;
    const failed = await expectVerifierRejects(evmTestCircuit(STEPS, w), K_NESTED, evmInstances(w), [{ column: 'evm slot 3 on', row: last, value: 1n }, { column: 'evm slot 3 lo', row: last, value: 0xffn },
      { column: 'evm slot 3 prev lo', row: last, value: 0xffn }, { column: 'evm aux byte 28', row: last, value: 0xffn }]);
    expect(failed).to.include(`gate evm CallDataMemoryRead/last: nothing left@${last}`);
  });
});

describe('evm circuit: CALLDATALOAD at an offset of 2^32 or more (past any calldata: 0)', function () {
  this.timeout(300_000);
  const K_FAR = 11;
  const STEPS = 512;
  /** 2^32 (its lo ≥ 2^32), 2^32 + 3 and 2^256 − 1 (a hi half). */
  const FAR = [1n << 32n, (1n << 32n) + 3n, (1n << 256n) - 1n];
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K_FAR, evmInstances(w), edits);

  before(async () => {
    // the root loads each far offset (its tx has calldata), then CALLs 33 with 40 bytes of calldata, which loads them too
    const loads = FAR.flatMap((o) => ['PUSH32', o, 'CALLDATALOAD', 'PUSH1', 1, 'ADD', 'PUSH32', o, 'SSTORE']);
    const caller = asm(...loads, 'PUSH0', 'PUSH0', 'PUSH1', 40, 'PUSH0', 'PUSH0', 'PUSH20', BigInt(programAddress(33).toString()), 'GAS', 'CALL', 'STOP');
    w = evmCase(await runPrograms([{ to: programAddress(32), data: DATA }], [{ address: programAddress(32), code: caller }, { address: programAddress(33), code: asm(...loads, 'STOP') }]));
  });

  it('loads 0 as @ethereumjs did, in the root and in a nested call; provable; MockProver passes', () => {
    expect(rowsOf('CALLDATALOAD').map((r) => w.steps[r]!.rws[1]!.value)).to.deep.equal([0n, 0n, 0n, 0n, 0n, 0n]);
    expect(honestFailures(evmTestCircuit(STEPS, w), K_FAR, evmInstances(w))).to.deep.equal([]);
  });

  it('a far offset claimed near, or within the calldata, its lo bytes other than its own, its ≥ 2^32 proof dropped: refused; the real verifier rejects', async () => {
    const [far] = rowsOf('CALLDATALOAD') as [number];
    // 2^32 claimed near: its lo must be its 4 low bytes (0) and its hi 0, and the rest follows the near comparisons
    expect(failures([{ column: 'evm aux byte 16', row: far, value: 0n }])).to.include(`gate evm CALLDATALOAD/near: offset lo = aux bytes 0 … 3@${far}`);
    // the far load claimed to return calldata: a far offset is past the end (p = 1 ⇒ no bytes)
    expect(failures([{ column: 'evm c0', row: far, value: 0n }])).to.include(`gate evm CALLDATALOAD/far ⇒ past@${far}`);
    // its lo bytes other than the offset's (byte 4: 2^32's one bit), and the inverse that proves hi + bytes 4 … 15 ≠ 0 dropped
    expect(failures([{ column: 'evm aux byte 4', row: far, value: 0n }])).to.include(`gate evm CALLDATALOAD/far: offset lo = aux bytes 0 … 15@${far}`);
    expect(failures([{ column: 'evm inv', row: far, value: 0n }])).to.include(`gate evm CALLDATALOAD/far: offset ≥ 2^32: (hi + aux bytes 4 … 15)·inv = 1@${far}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K_FAR, evmInstances(w), [{ column: 'evm aux byte 16', row: far, value: 0n }]))
      .to.include(`gate evm CALLDATALOAD/near: offset lo = aux bytes 0 … 3@${far}`);
  });
});
