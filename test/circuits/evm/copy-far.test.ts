import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 10;
const STEPS = 256;
const contract = createAddressFromString('0x00000000000000000000000000000000000cfa12');
/** 40 bytes of calldata: 0xa1, 0xa2, …. */
const DATA = Uint8Array.from({ length: 40 }, (_, i) => 0xa1 + i);
const ONES = (1n << 256n) - 1n;
/** A word of 0xee bytes: what the copies overwrite, so their zeros show. */
const FILL = ONES / 0xffn * 0xeen;
/** (opcode, dest, offset, size): far CALLDATACOPYs and CODECOPY, one of size 0 from a far offset, a near one past the end. */
const COPIES: ReadonlyArray<readonly ['CALLDATACOPY' | 'CODECOPY', number, bigint, number]> = [
  ['CALLDATACOPY', 0, 1n << 32n, 5], ['CALLDATACOPY', 8, 1n << 255n, 1], ['CALLDATACOPY', 32, ONES, 33], ['CODECOPY', 70, 1n << 64n, 4],
  ['CALLDATACOPY', 90, ONES, 0], ['CALLDATACOPY', 96, 0xffffffffn, 3],
];
const rowsOf = (w: EvmWitness, name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
const zeroWrites = (w: EvmWitness, id?: number) => w.rws.filter((r) => r.tag === RwTag.Memory && r.isWrite && (id === undefined || r.id === id) && r.value === 0n).map((r) => Number(r.address));

describe('evm circuit: copies from an offset ≥ 2^32 (all zeros; CopyFarOffset; differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
  /** The first bytes row and the CopyFarOffset row of COPIES[k]. */
  const copyAt = (k: number) => {
    const op = rowsOf(w, COPIES[k]![0])[COPIES.slice(0, k).filter(([o]) => o === COPIES[k]![0]).length]!;
    return { op, first: op + 1, far: op + 1 + w.steps.slice(op + 1).findIndex((s) => s.spec.name === 'CopyFarOffset') };
  };

  before(async () => {
    const code = asm(...[0, 32, 64, 96].flatMap((at) => ['PUSH32', FILL, 'PUSH1', at, 'MSTORE']),
      ...COPIES.flatMap(([op, dest, offset, size]) => ['PUSH1', size, 'PUSH32', offset, 'PUSH1', dest, op]),
      // EXTCODECOPY of its own code from 2^40
      'PUSH1', 3, 'PUSH32', 1n << 40n, 'PUSH1', 120, 'ADDRESS', 'EXTCODECOPY', 'STOP');
    const block = await runPrograms([{ to: contract, data: DATA }], [{ address: contract, code }]);
    expect(block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    w = evmCase(block);
  });

  it('writes the zeros @ethereumjs wrote, one CopyFarOffset row after each far copy (none for size 0 or a near offset); MockProver passes', () => {
    const far = [[0, 5], [8, 1], [32, 33], [70, 4], [120, 3]].flatMap(([dest, size]) => Array.from({ length: size! }, (_, j) => dest! + j));
    expect(zeroWrites(w)).to.deep.equal([...far.slice(0, -3), 96, 97, 98, 120, 121, 122]);
    expect(rowsOf(w, 'CopyFarOffset').map((r) => w.steps[r - 1]!.spec.name)).to.deep.equal([...Array(3).fill('CallDataCopyBytes'), 'CodeCopyBytes', 'CodeCopyBytes']);
    expect(rowsOf(w, 'CopyFarOffset').map((r) => w.steps[r]!.rws[0]!.value)).to.deep.equal([1n << 32n, 1n << 255n, ONES, 1n << 64n, 1n << 40n]);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a far offset below 2^32 (the row\'s offset and the stack read forged to 2^32 − 1) fails its proof', () => {
    const { far } = copyAt(0);
    const rw = w.steps[far]!.rwCounter - 1;
    const near = 0xffffffffn;
    expect(failures([...[0, 1, 2, 3].map((j) => ({ column: `evm aux byte ${j}`, row: far, value: 0xffn })), { column: 'evm aux byte 4', row: far, value: 0n },
      { column: 'evm slot 0 lo', row: far, value: near }, { column: 'evm slot 0 prev lo', row: far, value: near }, { column: 'rw table valueLo', row: rw, value: near }, { column: 'rw table valuePrevLo', row: rw, value: near }]))
      .to.deep.equal([`gate evm CopyFarOffset/offset ≥ 2^32: Σ aux bytes 4 … 31 · inv = 1@${far}`]);
    expect(failures([{ column: 'evm aux byte 4', row: far, value: 2n }])).to.deep.equal([`gate evm CopyFarOffset/offset = aux lo@${far}`, `gate evm CopyFarOffset/offset ≥ 2^32: Σ aux bytes 4 … 31 · inv = 1@${far}`]);
  });

  it('a far flag dropped, a near copy past the end claimed far, p cleared on a far copy: each fails its rule', () => {
    const { op, first } = copyAt(1); // one byte from 2^255 (offset lo = 0)
    expect(failures([{ column: 'evm aux byte 7', row: first, value: 0n }])).to.deep.equal([
      `gate evm CALLDATACOPY/copies, near: offset hi = 0@${op}`, `gate evm CALLDATACOPY/copies: p ? offset − len : len − offset − 1 (far: 0)@${op}`,
      `gate evm CallDataCopyBytes/CopyFarOffset follows ⇔ far and last@${first}`,
    ]);
    const past = copyAt(5); // 3 bytes from 2^32 − 1: p = 1 by its comparison
    expect(failures([{ column: 'evm aux byte 7', row: past.first, value: 1n }, { column: 'evm inv', row: past.first, value: 0n }, ...[12, 13, 14, 15].map((j) => ({ column: `evm aux byte ${j}`, row: past.first, value: 0n }))]))
      .to.deep.equal([`gate evm CallDataCopyBytes/CopyFarOffset follows ⇔ far and last@${past.first}`]);
    expect(failures([{ column: 'evm aux byte 6', row: first, value: 0n }])).to.deep.equal([`gate evm CALLDATACOPY/copies: first flag = 1 − p@${op}`, `gate evm CALLDATACOPY/far ⇒ p@${op}`]);
    // the far flag kept along a 33-byte copy's rows
    const long = copyAt(2);
    expect(failures([{ column: 'evm aux byte 7', row: long.first + 3, value: 0n }])).to.deep.equal([2, 3].map((k) => `gate evm CallDataCopyBytes/more: far' = far@${long.first + k}`));
  });

  it('real prover: a far offset forged below 2^32 is rejected by the verifier', async () => {
    const tiny = evmCase(await runPrograms([{ to: contract, data: DATA }], [{ address: contract, code: asm('PUSH1', 2, 'PUSH32', 1n << 32n, 'PUSH0', 'CALLDATACOPY', 'STOP') }]));
    const far = rowsOf(tiny, 'CopyFarOffset')[0]!;
    const rw = tiny.steps[far]!.rwCounter - 1;
    expect(await expectVerifierRejects(evmTestCircuit(48, tiny), 9, evmInstances(tiny), [{ column: 'evm aux byte 4', row: far, value: 0n },
      { column: 'evm slot 0 lo', row: far, value: 0n }, { column: 'evm slot 0 prev lo', row: far, value: 0n }, { column: 'rw table valueLo', row: rw, value: 0n }, { column: 'rw table valuePrevLo', row: rw, value: 0n }]))
      .to.deep.equal([`gate evm CopyFarOffset/offset ≥ 2^32: Σ aux bytes 4 … 31 · inv = 1@${far}`]);
  });
});

describe('evm circuit: a nested CALLDATACOPY from an offset ≥ 2^32 (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  const K_NESTED = 11;
  const RW_ROWS = 1024;
  let w: EvmWitness;

  before(async () => {
    // the caller CALLs 71 with its memory [0, 40) = 0xee… as calldata; the callee fills its memory with 0xee and copies 5 bytes from 2^200
    const caller = asm('PUSH32', FILL, 'PUSH0', 'MSTORE', 'PUSH32', FILL, 'PUSH1', 32, 'MSTORE',
      'PUSH0', 'PUSH0', 'PUSH1', 40, 'PUSH0', 'PUSH0', 'PUSH20', BigInt(programAddress(71).toString()), 'GAS', 'CALL', 'STOP');
    const callee = asm('PUSH32', FILL, 'PUSH0', 'MSTORE', 'PUSH1', 5, 'PUSH32', 1n << 200n, 'PUSH1', 1, 'CALLDATACOPY', 'STOP');
    const block = await runPrograms([{ to: programAddress(70) }], [{ address: programAddress(70), code: caller }, { address: programAddress(71), code: callee }]);
    expect(block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    w = evmCase(block);
  });

  it('writes zeros, reads no calldata; CopyFarOffset follows the last CallDataCopyMemory row; MockProver passes over the state circuit', () => {
    const head = rowsOf(w, 'CallDataCopyCaller')[0]!;
    expect(zeroWrites(w, w.steps[head]!.callId)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(rowsOf(w, 'CopyFarOffset').map((r) => w.steps[r - 1]!.spec.name)).to.deep.equal(['CallDataCopyMemory']);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: 128, bitwiseOps: 0 }), K_NESTED)).to.deep.equal([]);
  });

  it('the far flag dropped on the memory rows fails its hand-over', () => {
    const rows = rowsOf(w, 'CallDataCopyMemory');
    const failures = failuresAfter(evmTestCircuit(128, w), K, evmInstances(w), [{ column: 'evm aux byte 10', row: rows[0]!, value: 0n }]);
    expect(failures).to.deep.equal([`gate evm CallDataCopyCaller/copy rows: far' = far@${rows[0]! - 1}`, `gate evm CallDataCopyMemory/more: far' = far@${rows[0]!}`]);
  });
});
