import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { memoryCost } from '../../../circuits/evm/gadgets/memory.js';
import { callDataCopyCallerWitness, returnDataCopyWitness } from '../../../circuits/evm/gadgets/copy.js';
import { RwTag, type RwRow } from '../../../circuits/state/table.js';
import type { EvmWitness, ExecStep } from '../../../circuits/witness/evm.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { bytecodeKeccakInputs, bytecodeWitness } from '../../../circuits/witness/bytecode.js';
import { createRlp } from '../../../circuits/evm/gadgets/create.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { expectVerifierRejects, failuresAfter, honestFailures, TestCircuit, type Edit } from '../gadgets/helpers.js';
import { deploy } from '../witness/deploy.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmComposed, evmInstances, evmTestCircuit, evmWithState } from './harness.js';
import { EvmCircuit } from '../../../circuits/evm/circuit.js';
import { bytecodeColumns, contextColumns, EvmFixtureCircuit, evmFixtureInput, fixedTables, layoutBytecode, layoutContext as fixtureContext, type EvmFixtureInput } from '../../../circuits/evm/fixture.js';
import { GADGETS } from '../../../circuits/evm/gadgets/index.js';
import { copyBytesWitness } from '../../../circuits/evm/gadgets/frame-copy.js';
import { stateId } from '../../../circuits/evm/opcodes.js';
import type { AuxWitness } from '../../../circuits/evm/step.js';
import { StateChip } from '../../../circuits/state/index.js';

const slow = process.env.SLOW ? it : it.skip;
const K = 10;
const CAPACITY = 160;
/** 40 bytes of calldata: 0xa1, 0xa2, …. */
const DATA = Uint8Array.from({ length: 40 }, (_, i) => 0xa1 + i);
/** (dest, offset, size): empty, 1 byte, 31, 33 running 13 bytes past the end (expanding memory), all past the end, the end inside a row. */
const COPIES: ReadonlyArray<readonly [number, number, number]> = [[0, 0, 0], [5, 3, 1], [64, 1, 31], [100, 20, 33], [200, 45, 6], [7, 38, 3]];
const copied = (offset: number, size: number) => Array.from({ length: size }, (_, k) => BigInt(DATA[offset + k] ?? 0));
/** Rows of execution state `name`, in order. */
const rowsOf = (x: EvmWitness, name: string) => x.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
const contract = createAddressFromString('0x00000000000000000000000000000000000c0b1e');

describe('evm circuit: CALLDATACOPY, RETURNDATACOPY (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
  /** Edits that change memory byte j of row `row` to `value` everywhere it sits (aux byte, slot, RW row). */
  const byteEdits = (row: number, j: number, value: bigint) => {
    const rw = w.steps[row]!.rwCounter + j - 1;
    return [{ column: `evm aux byte ${16 + j}`, row, value }, { column: `evm slot ${j} lo`, row, value }, { column: 'rw table valueLo', row: rw, value }];
  };

  before(async () => {
    const code = asm(...COPIES.flatMap(([dest, offset, size]) => ['PUSH1', size, 'PUSH1', offset, 'PUSH1', dest, 'CALLDATACOPY']),
      'PUSH0', 'PUSH0', 'PUSH0', 'RETURNDATACOPY', 'STOP');
    w = evmCase(await runPrograms([{ to: contract, data: DATA }], [{ address: contract, code }]));
  });

  it('copies 0, 1, 31, 33 (13 past the end), 6 (all past the end) and 3 (across the end) bytes as @ethereumjs did; MockProver passes', () => {
    const writes = w.rws.filter((r) => r.tag === RwTag.Memory && r.isWrite);
    const expected = COPIES.flatMap(([dest, offset, size]) => copied(offset, size).map((v, k) => [BigInt(dest + k), v]));
    expect(writes.map((r) => [r.address, r.value])).to.deep.equal(expected);
    expect(rowsOf(w, 'CallDataCopyBytes')).to.have.length(COPIES.reduce((n, [, , size]) => n + Math.max(1, Math.ceil(size / 4)), 0));
    expect(rowsOf(w, 'RETURNDATACOPY')).to.have.length(1);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('charges 3 + 3·⌈size/32⌉ + memory expansion, as @ethereumjs did', () => {
    const r = rowsOf(w, 'CALLDATACOPY')[3]!; // 33 bytes at 100: 2 words, memory 3 → 5 words
    const next = w.steps.slice(r + 1).find((s) => s.spec.gadget.flow !== 'continuation')!;
    expect([w.steps[r]!.memoryWords, next.memoryWords]).to.deep.equal([3, 5]);
    expect(w.steps[r]!.gasLeft - next.gasLeft).to.equal(3n + 3n * 2n + memoryCost(5n) - memoryCost(3n));
    expect(failures([{ column: 'evm aux byte 8', row: r + 1, value: 1n }]))
      .to.deep.equal([`gate evm CALLDATACOPY/32·w = size + 31 − t@${r}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r}`]);
  });

  it('a wrong copied byte fails its calldata lookup; a byte past the end claimed non-zero fails its rule; calldata claimed past the end fails the flag rules', () => {
    const first = rowsOf(w, 'CALLDATACOPY')[3]! + 1; // bytes 20 … 23 of the calldata
    expect(failures(byteEdits(first, 2, 7n))).to.deep.equal([`lookup evm tx lookup 2@${first}`]);
    const past = first + 5; // bytes 40 … 43: past the end
    expect(failures(byteEdits(past, 1, 7n))).to.deep.equal([`gate evm CallDataCopyBytes/byte 1 past the source is 0@${past}`]);
    // the calldata byte 38 of the last copy claimed past the end (0): its flag falls at index 38, not at len
    const cross = rowsOf(w, 'CALLDATACOPY')[5]! + 1;
    expect(failures([{ column: 'evm aux byte 20', row: cross, value: 0n }, ...byteEdits(cross, 0, 0n)]))
      .to.deep.equal([`gate evm CALLDATACOPY/copies: first flag = 1 − p@${cross - 1}`, `gate evm CallDataCopyBytes/f falls at byte 1 only at index len@${cross}`,
        `gate evm CallDataCopyBytes/f1 ⇒ f0@${cross}`]);
    expect(failures([{ column: 'evm aux byte 21', row: cross, value: 0n }, ...byteEdits(cross, 1, 0n)]))
      .to.deep.equal([`gate evm CallDataCopyBytes/f falls at byte 1 only at index len@${cross}`]);
  });

  it('RETURNDATACOPY before any call (no return data): an offset past it fails the bounds rule (the out-of-bounds failure: ErrorReturnDataOutOfBound, below)', () => {
    const r = rowsOf(w, 'RETURNDATACOPY')[0]!;
    const rw = w.steps[r]!.rwCounter + 2 - 1;
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: 1n }, { column: 'evm slot 2 prev lo', row: r, value: 1n }, { column: 'rw table valueLo', row: rw, value: 1n }, { column: 'rw table valuePrevLo', row: rw, value: 1n }]))
      .to.deep.equal([`gate evm ReturnDataCopyFrame/aux bytes 0 … 3 = L − offset − size@${r + 1}`]);
  });
});

describe('evm circuit: CALLDATACOPY in a nested call and in init code (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  const K_NESTED = 11;
  const STEPS = 512;
  const RW_ROWS = 1024;
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K_NESTED, evmInstances(w), edits);
  const word = (at: number) => DATA.slice(at, at + 32).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n) << BigInt(8 * Math.max(0, 32 - DATA.slice(at, at + 32).length));

  before(async () => {
    // the caller puts DATA at memory 3 … 42 and 0xff at 43 (past the calldata), then CALLs 71 with calldata = memory[3, 43)
    const caller = asm('PUSH32', word(0), 'PUSH1', 3, 'MSTORE', 'PUSH32', word(32), 'PUSH1', 35, 'MSTORE', 'PUSH1', 0xff, 'PUSH1', 43, 'MSTORE8',
      'PUSH0', 'PUSH0', 'PUSH1', DATA.length, 'PUSH1', 3, 'PUSH0', 'PUSH20', BigInt(programAddress(71).toString()), 'GAS', 'CALL', 'STOP');
    const callee = asm(...COPIES.flatMap(([dest, offset, size]) => ['PUSH1', size, 'PUSH1', offset, 'PUSH1', dest, 'CALLDATACOPY']), 'STOP');
    w = evmCase(await runPrograms([{ to: programAddress(70) }], [{ address: programAddress(70), code: caller }, { address: programAddress(71), code: callee }]));
  });

  it('copies its caller\'s memory range, zeros past its end (not the caller\'s 0xff), as @ethereumjs did; MockProver passes over the state circuit', () => {
    const callee = w.steps[rowsOf(w, 'CallDataCopyCaller')[0]!]!.callId;
    const writes = w.rws.filter((r) => r.tag === RwTag.Memory && r.isWrite && r.id === callee);
    expect(writes.map((r) => [r.address, r.value])).to.deep.equal(COPIES.flatMap(([dest, offset, size]) => copied(offset, size).map((v, k) => [BigInt(dest + k), v])));
    expect(rowsOf(w, 'CallDataCopyCaller')).to.have.length(COPIES.length);
    expect(rowsOf(w, 'CallDataCopyMemory')).to.have.length(COPIES.reduce((n, [, , size]) => n + Math.ceil(size / 2), 0));
    expect(rowsOf(w, 'CallDataCopyBytes')).to.have.length(0);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K_NESTED)).to.deep.equal([]);
  });

  it('a byte past the calldata copied from memory, a calldata byte zeroed, a wrong source: each fails its rule', () => {
    // [100, 20, 33]: bytes 20 … 39 are calldata, 40 … 52 past its end; the row holding 40, 41 has both flags 0
    const rows = rowsOf(w, 'CallDataCopyMemory');
    const before = COPIES.slice(0, 3).reduce((n, [, , size]) => n + Math.ceil(size / 2), 0);
    const past = rows[before + 10]!;
    expect(w.steps[past]!.aux!.aux! >> 64n & 0xffffn).to.equal(0n);
    expect(failures([{ column: 'evm aux byte 8', row: past, value: 1n }])).to.include(`gate evm CallDataCopyMemory/byte 0: written = f0 · read lo@${past}`);
    const inside = rows[before + 9]!;
    expect(failures([{ column: 'evm aux byte 9', row: inside, value: 0n }, { column: 'evm slot 3 lo', row: inside, value: 0n }, { column: 'evm slot 3 prev lo', row: inside, value: 0n }]))
      .to.include(`gate evm CallDataCopyMemory/byte 1 not from the calldata ⇒ none left@${inside}`);
    const head = rowsOf(w, 'CallDataCopyCaller')[3]!;
    expect(failures([{ column: 'evm c0', row: head + 1, value: (v) => v + 1n }])).to.include(`gate evm CallDataCopyCaller/copy rows: c0' = the source address@${head}`);
    expect(failures([{ column: 'evm aux byte 0', row: head + 1, value: (v) => v + 1n }])).to.include(`gate evm CallDataCopyCaller/copy rows: the source call's id@${head}`);
  });

  it('init code copies zeros (a creation\'s frame has no calldata): provable, MockProver passes', async () => {
    const init = asm('PUSH1', 8, 'PUSH0', 'PUSH0', 'CALLDATACOPY', 'PUSH0', 'MLOAD', 'PUSH0', 'SSTORE', 'STOP');
    const b = await runPrograms([deploy(init)]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const c = evmCase(b);
    expect(honestFailures(evmTestCircuit(STEPS, c), K_NESTED, evmInstances(c))).to.deep.equal([]);
  });
});

/** Two words in memory, then MCOPYs (dest, src, size): overlapping backward (dest > src) and forward, empty, expanding by src and by dest. */
const MCOPIES: ReadonlyArray<readonly [number, number, number]> = [[4, 0, 10], [0, 6, 9], [9, 9, 0], [64, 100, 5], [150, 1, 3]];
const WORDS = [0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20n, 0xf1f2f3f4f5f6f7f8f9fafbfcfdfeff00e1e2e3e4e5e6e7e8e9eaebecedeeefe0n];
/** CODECOPYs (dest, offset from the code's end, size): 33 bytes from the start, 8 across the end, 4 past it, none. */
const CODECOPIES: ReadonlyArray<readonly [number, number | 'end', number]> = [[200, 0, 33], [240, 'end', 8], [260, 1000, 4], [0, 0, 0]];

function memoryProgram(codeLength: number): Uint8Array {
  const offset = (o: number | 'end') => (o === 'end' ? codeLength - 3 : o);
  return asm(
    'PUSH32', WORDS[0]!, 'PUSH0', 'MSTORE', 'PUSH32', WORDS[1]!, 'PUSH1', 32, 'MSTORE',
    ...MCOPIES.flatMap(([dest, src, size]) => ['PUSH1', size, 'PUSH1', src, 'PUSH1', dest, 'MCOPY']),
    ...CODECOPIES.flatMap(([dest, o, size]) => ['PUSH1', size, 'PUSH2', offset(o), 'PUSH2', dest, 'CODECOPY']),
    'STOP',
  );
}

describe('evm circuit: MCOPY (EIP-5656), CODECOPY (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  const code = memoryProgram(memoryProgram(0).length);
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(192, w), K, evmInstances(w), edits);

  before(async () => { w = evmCase(await runPrograms([code])); });

  it('copies as through a buffer (overlapping both ways), code bytes with 0 past the end, as @ethereumjs did; memory and gas as the EIP says; MockProver passes', () => {
    // the reference: Uint8Array.copyWithin has MCOPY's buffer semantics
    const memory = new Uint8Array(320);
    WORDS.forEach((word, k) => memory.set(Array.from({ length: 32 }, (_, i) => Number((word >> BigInt(8 * (31 - i))) & 0xffn)), 32 * k));
    for (const [dest, src, size] of MCOPIES) memory.copyWithin(dest, src, src + size);
    for (const [dest, o, size] of CODECOPIES) {
      const from = o === 'end' ? code.length - 3 : o;
      memory.set(Array.from({ length: size }, (_, k) => code[from + k] ?? 0), dest);
    }
    const last = new Map<bigint, bigint>();
    for (const r of w.rws) if (r.tag === RwTag.Memory && r.isWrite) last.set(r.address, r.value);
    expect([...last].filter(([a, v]) => BigInt(memory[Number(a)]!) !== v)).to.deep.equal([]);
    expect(last.get(4n + 9n)).to.equal(10n); // [4, 0, 10] read byte 9 before [4 …] overwrote it
    // gas: 3 + 3·words + C(m') − C(m), m' over both ranges
    const steps = rowsOf(w, 'MCOPY').map((r) => [w.steps[r]!, w.steps.slice(r + 1).find((s) => s.spec.gadget.flow !== 'continuation')!] as const);
    expect(steps.map(([s, next]) => [s.memoryWords, next.memoryWords, s.gasLeft - next.gasLeft])).to.deep.equal([
      [2, 2, 6n], [2, 2, 6n], [2, 2, 3n], [2, 4, 6n + memoryCost(4n) - memoryCost(2n)], [4, 5, 6n + memoryCost(5n) - memoryCost(4n)],
    ]);
    expect(honestFailures(evmTestCircuit(192, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('MCOPY: a written byte other than the one read fails its rule; a flipped direction fails the comparison; a wrong word count fails the gas', () => {
    const [r] = rowsOf(w, 'MCopyBytes');
    const rw = w.steps[r!]!.rwCounter + 1 - 1;
    expect(failures([{ column: 'evm slot 1 lo', row: r!, value: 0x77n }, { column: 'rw table valueLo', row: rw, value: 0x77n }]))
      .to.deep.equal([`gate evm MCopyBytes/byte 0: written = read lo@${r}`]);
    // [4, 0, 10] copied forward instead: the comparison fails, and so do the addresses of every row
    const rows = Array.from({ length: 5 }, (_, k) => r! + k);
    const flipped = failures(rows.map((row) => ({ column: 'evm aux byte 6', row, value: 0n })));
    expect(flipped).to.include(`gate evm MCopyExpand/copies: d ? dest − src − 1 : src − dest@${r! - 1}`);
    expect(flipped).to.include(`gate evm MCopyBytes/slot 0 address@${r}`);
    const opener = r! - 2;
    expect(failures([{ column: 'evm aux byte 8', row: r!, value: 2n }]))
      .to.deep.equal([`gate evm MCopyExpand/32·w = size + 31 − t@${r! - 1}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${opener}`]);
  });

  it('CODECOPY: a wrong code byte fails its keccak input lookup; a code byte claimed past the end fails the flag rule', () => {
    const [first] = rowsOf(w, 'CodeCopyBytes');
    const rw = w.steps[first!]!.rwCounter + 3 - 1;
    expect(failures([{ column: 'evm aux byte 19', row: first!, value: (v) => v ^ 1n }, { column: 'evm slot 3 lo', row: first!, value: (v) => v ^ 1n }, { column: 'rw table valueLo', row: rw, value: (v) => v ^ 1n }]))
      .to.deep.equal([`lookup evm keccak input 3@${first}`]);
    const across = rowsOf(w, 'CODECOPY')[1]! + 1; // code bytes len − 3 … len − 1, then 0
    expect(failures([{ column: 'evm aux byte 22', row: across, value: 0n }, { column: 'evm aux byte 18', row: across, value: 0n }, { column: 'evm slot 2 lo', row: across, value: 0n },
      { column: 'rw table valueLo', row: w.steps[across]!.rwCounter + 2 - 1, value: 0n }]))
      .to.deep.equal([`gate evm CodeCopyBytes/f falls at byte 2 only at index len@${across}`]);
  });

  it('real prover: a CALLDATACOPY, an MCOPY and a CODECOPY byte other than the source are rejected by the verifier', async () => {
    const tiny = evmCase(await runPrograms([{ to: contract, data: DATA }], [{ address: contract, code: asm('PUSH1', 0x2a, 'PUSH1', 1, 'MSTORE8', 'PUSH1', 2, 'PUSH0', 'PUSH1', 3, 'MCOPY',
      'PUSH1', 2, 'PUSH0', 'PUSH1', 8, 'CODECOPY', 'PUSH1', 3, 'PUSH1', 2, 'PUSH1', 16, 'CALLDATACOPY', 'STOP') }]));
    const circuit = evmTestCircuit(48, tiny);
    const rejected = (edits: Parameters<typeof failuresAfter>[3]) => expectVerifierRejects(circuit, 9, evmInstances(tiny), edits);
    const m = rowsOf(tiny, 'MCopyBytes')[0]!;
    expect(await rejected([{ column: 'evm slot 3 lo', row: m, value: 0x2bn }])).to.deep.equal([`gate evm MCopyBytes/byte 1: written = read lo@${m}`, `lookup evm rw slot 3@${m}`]);
    const c = rowsOf(tiny, 'CodeCopyBytes')[0]!;
    expect(await rejected([{ column: 'evm aux byte 16', row: c, value: 0x61n }, { column: 'evm slot 0 lo', row: c, value: 0x61n }]))
      .to.deep.equal([`lookup evm keccak input 0@${c}`, `lookup evm rw slot 0@${c}`]);
    const d = rowsOf(tiny, 'CallDataCopyBytes')[0]!;
    expect(tiny.rws.filter((x) => x.tag === RwTag.Memory && x.isWrite).slice(-3).map((x) => x.value)).to.deep.equal(copied(2, 3));
    expect(await rejected([{ column: 'evm aux byte 17', row: d, value: 0n }, { column: 'evm slot 1 lo', row: d, value: 0n }]))
      .to.deep.equal([`lookup evm rw slot 1@${d}`, `lookup evm tx lookup 1@${d}`]);
  });
});

describe('evm circuit: copies and EXP over the state circuit\'s RW table (memory consistency)', function () {
  this.timeout(300_000);
  const RW_ROWS = 256;
  const CAP = { steps: 96, bitwiseOps: 0, arith: { mul: 9, divMod: 0, addMod: 0, mulMod: 0, shr: 1 } };
  let w: EvmWitness;
  before(async () => {
    const code = asm('PUSH32', WORDS[0]!, 'PUSH0', 'MSTORE', 'PUSH1', 6, 'PUSH0', 'PUSH1', 3, 'MCOPY', 'PUSH1', 6, 'PUSH1', 3, 'PUSH0', 'MCOPY',
      'PUSH1', 5, 'PUSH1', 37, 'PUSH1', 40, 'CALLDATACOPY', 'PUSH1', 0x51, 'PUSH1', 3, 'EXP', 'POP', 'STOP');
    w = evmCase(await runPrograms([{ to: contract, data: DATA }], [{ address: contract, code }]));
  });

  it('overlapping MCOPYs, a CALLDATACOPY across the end and EXP: the memory reads and writes are consistent in the state circuit', () => {
    expect(honestFailures(evmWithState(w, RW_ROWS, CAP), K)).to.deep.equal([]);
  });

  it('an MCOPY that read a byte other than memory held (the step and its RW rows agree) is caught by the state circuit', () => {
    const r = w.steps.findIndex((s) => s.spec.name === 'MCopyBytes');
    const [read, write] = w.steps[r]!.rws;
    const sorted = stateWitness(w.rws, RW_ROWS);
    const at = (x: typeof read) => sorted.findIndex((row) => row.rwCounter === x!.rwCounter);
    const value = (read!.value + 1n) % 256n;
    const f = failuresAfter(evmWithState(w, RW_ROWS, CAP), K, [], [
      ...['slot 0 lo', 'slot 0 prev lo', 'slot 1 lo'].map((c) => ({ column: `evm ${c}`, row: r, value })),
      { column: 'rw valueLo', row: at(read), value }, { column: 'rw valuePrevLo', row: at(read), value }, { column: 'rw valueLo', row: at(write), value },
    ]);
    // the read's value is not the last write's, and the next accesses of both bytes see another value before them
    expect(f).to.deep.equal([at(read), at(read) + 1, at(write) + 1].map((row) => `gate rw order/same key: valuePrevLo = previous valueLo@${row}`));
  });
});

describe('evm circuit: CODECOPY against the real keccak circuit\'s table (k = 12)', function () {
  this.timeout(300_000);
  it('the code copied (and 0 past its end) is the keccak input whose digest is the code hash; a forged code byte is refused there', async () => {
    const code = asm('PUSH1', 40, 'PUSH1', 2, 'PUSH0', 'CODECOPY', 'STOP');
    const w = evmCase(await runPrograms([code]));
    expect(w.keccakInputs).to.deep.equal([code]);
    const circuit = evmComposed(w, { steps: 64, bitwiseOps: 0, rw: 128, bytecode: 64 }, 2);
    expect(honestFailures(circuit, 12)).to.deep.equal([]);
    const r = rowsOf(w, 'CodeCopyBytes')[0]!;
    const write = stateWitness(w.rws, 128).findIndex((x) => x.rwCounter === w.steps[r]!.rwCounter);
    expect(failuresAfter(circuit, 12, [], [
      { column: 'evm aux byte 16', row: r, value: (v) => v ^ 1n }, { column: 'evm slot 0 lo', row: r, value: (v) => v ^ 1n }, { column: 'rw valueLo', row: write, value: (v) => v ^ 1n },
    ])).to.deep.equal([`lookup evm keccak input 0@${r}`]);
    // the bytecode circuit looks the code up under CODECOPY's id (not hashed twice)
    expect(bytecodeKeccakInputs(w.codes, w.codeKeccakIds)).to.deep.equal([]);
  });

  describe('a creation: init code copied, deployed and in the bytecode table under one keccak id', () => {
    // CODECOPY(32, 0, L) (memory never read again), CODECOPY(0, 0, L), RETURN(0, L): the init code deploys itself;
    // two trailing bytes no step reads (L: the init code's length)
    const L = 17;
    const init = Uint8Array.from([...asm('PUSH1', L, 'PUSH0', 'PUSH1', 32, 'CODECOPY', 'PUSH1', L, 'PUSH0', 'PUSH0', 'CODECOPY', 'PUSH1', L, 'PUSH0', 'RETURN'), 0xaa, 0xbb]);
    const CAP = { steps: 96, bitwiseOps: 0, rw: 192, bytecode: 64 };
    let w: EvmWitness;
    let circuit: ReturnType<typeof evmComposed>;
    /** Edits that change byte 0 of the first CODECOPY's first bytes row (aux byte, slot, RW write). */
    let forgedCopy: Edit[];
    let copyRow: number;

    before(async () => {
      w = evmCase(await runPrograms([deploy(init)]));
      circuit = evmComposed(w, CAP, 2);
      copyRow = rowsOf(w, 'CodeCopyBytes')[0]!;
      const write = stateWitness(w.rws, CAP.rw).findIndex((x) => x.rwCounter === w.steps[copyRow]!.rwCounter);
      forgedCopy = [{ column: 'evm aux byte 16', row: copyRow, value: (v) => v ^ 1n }, { column: 'evm slot 0 lo', row: copyRow, value: (v) => v ^ 1n }, { column: 'rw valueLo', row: write, value: (v) => v ^ 1n }];
    });

    it('the keccak table holds the address preimage and the init code once; CreateInitCode, both CODECOPYs, CodeDeposit and the bytecode table name its id; MockProver passes', () => {
      expect(w.keccakInputs).to.deep.equal([createRlp(BigInt(SENDER.toString()), 0n), init]);
      const ids = [...rowsOf(w, 'CreateInitCode'), ...rowsOf(w, 'CodeDepositBytes')].map((r) => w.steps[r]!.aux!.inv);
      const copies = rowsOf(w, 'CODECOPY').map((r) => w.steps[r]!.aux!.c1);
      expect(new Set([...ids, ...copies])).to.deep.equal(new Set([2n]));
      expect(w.codeKeccakIds).to.deep.equal(new Map([[BigInt(w.codes[0]!.codeHash), 2]]));
      expect(bytecodeWitness(w.codes, CAP.bytecode, 3, w.codeKeccakIds).filter((row) => row.kind !== 0n).map((row) => row.keccakId)).to.deep.equal(Array.from({ length: L + 1 }, () => 2n));
      expect(honestFailures(circuit, 12)).to.deep.equal([]);
    });

    it('a copied byte other than the init code\'s is refused by its keccak input lookup', () => {
      expect(failuresAfter(circuit, 12, [], forgedCopy)).to.deep.equal([`lookup evm keccak input 0@${copyRow}`]);
    });

    it('a bytecode table byte other than the code\'s (one no step reads) is refused by the bytecode circuit\'s keccak input lookup', () => {
      const row = L; // the header, then bytes 0 … L − 1: the last trailing byte
      expect(failuresAfter(circuit, 12, [], [{ column: 'bytecode byte', row, value: (v) => v ^ 1n }])).to.deep.equal([`lookup bytecode keccak input@${row}`]);
    });

    slow('the real verifier rejects a proof of the forged copied byte', async () => {
      expect(await expectVerifierRejects(circuit, 12, [], forgedCopy)).to.deep.equal([`lookup evm keccak input 0@${copyRow}`]);
    });
  });
});

/**
 * Review findings (self-following continuation rows): a witness with rows the honest builder never makes, inserted after
 * a given row with their own RW operations (consistent with memory and the call contexts: the state circuit accepts
 * them), every later rw counter shifted.
 */
describe('evm circuit: a copy\'s hand-over row may not follow itself (review finding)', function () {
  this.timeout(600_000);
  const K_NESTED = 11;
  const STEPS = 512;
  const RW_ROWS = 1024;
  const word = 0xa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfn;

  interface Inserted { readonly name: string; readonly aux: AuxWitness; readonly rws: ReadonlyArray<Omit<RwRow, 'rwCounter'>> }
  /** `w` with `rows` (in `template`'s call and place) inserted before step `at`, and its `edited` steps' aux replaced. */
  function withRows(w: EvmWitness, at: number, template: ExecStep, rows: readonly Inserted[], edited: ReadonlyMap<number, AuxWitness> = new Map()): EvmWitness {
    const start = w.steps[at]!.rwCounter;
    let rwc = start;
    const added = rows.map((r): ExecStep => {
      const gadget = GADGETS.find((g) => g.name === r.name)!;
      const step: ExecStep = { ...template, spec: { opcode: 0, name: gadget.name, param: 0, gas: 0, spDelta: 0, gadget, state: stateId(gadget) }, aux: r.aux, rwCounter: rwc,
        rws: r.rws.map((x, j) => ({ ...x, rwCounter: rwc + j })) };
      rwc += r.rws.length;
      return step;
    });
    const k = rwc - start;
    const shifted = (s: ExecStep): ExecStep => ({ ...s, rwCounter: s.rwCounter + k, rws: s.rws.map((x) => ({ ...x, rwCounter: x.rwCounter + k })) });
    const steps = w.steps.map((s, i) => (edited.has(i) ? { ...s, aux: edited.get(i) } : s));
    return {
      ...w, rwCounterEnd: w.rwCounterEnd + k,
      steps: [...steps.slice(0, at), ...added, ...steps.slice(at).map(shifted)],
      rws: [...w.rws.filter((r) => r.rwCounter < start), ...added.flatMap((s) => s.rws), ...w.rws.filter((r) => r.rwCounter >= start).map((r) => ({ ...r, rwCounter: r.rwCounter + k }))],
    };
  }
  /** Memory byte `address` of call `id` before rw counter `before` (0 if never written). */
  const memoryAt = (w: EvmWitness, id: number, address: bigint, before: number): bigint =>
    w.rws.filter((r) => r.tag === RwTag.Memory && r.isWrite && r.id === id && r.address === address && r.rwCounter < before).at(-1)?.value ?? 0n;
  const memory = (isWrite: boolean, id: number, address: bigint, value: bigint, valuePrev = value): Omit<RwRow, 'rwCounter'> =>
    ({ isWrite, tag: RwTag.Memory, id, address, fieldTag: 0, storageKey: 0n, value, valuePrev, committedValue: 0n });
  /** MockProver's failures of the witness alone, and over the state circuit's RW table. */
  function judged(input: EvmFixtureInput, w: EvmWitness, edits: readonly Edit[] = []): { fixture: string[]; state: string[] } {
    const forged = { ...input, witness: w };
    const fixture = failuresAfter(new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, forged), K_NESTED, evmInstances(w), edits);
    const state = honestFailures(new TestCircuit((cs) => {
      const { byte, and } = fixedTables(cs);
      const st = StateChip.configure(cs, byte);
      const bytecode = bytecodeColumns(cs);
      const { tx, block } = contextColumns(cs);
      return { byte, and, st, bytecode, tx, block, evm: EvmCircuit.configure(cs, { rw: st.table, bytecode, tx, block, byte, and }) };
    }, (cfg, layouter) => {
      cfg.byte.load(layouter);
      cfg.and.load(layouter);
      cfg.evm.loadOpcodeTable(layouter);
      const stateCount = cfg.st.assign(layouter, stateWitness(w.rws, RW_ROWS));
      layoutBytecode(layouter, cfg.bytecode, w);
      fixtureContext(layouter, cfg, forged);
      const evmCount = cfg.evm.assign(layouter, { steps: STEPS, bitwiseOps: 0 }, w).rwCount;
      layouter.assignRegion('count seam', (region) => region.constrainEqual(evmCount, stateCount));
    }), K_NESTED);
    return { fixture, state };
  }

  it('RETURNDATACOPY of 0 bytes, then a second ReturnDataCopyFrame row: 32 bytes written into the caller\'s memory at the last callee\'s id, unpaid, are refused', async () => {
    // the root CALLs 81 (which RETURNs memory[32, 64)), then RETURNDATACOPY(0, 0, 0)
    const root = asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', BigInt(programAddress(81).toString()), 'GAS', 'CALL', 'POP', 'PUSH0', 'PUSH0', 'PUSH0', 'RETURNDATACOPY', 'STOP');
    const callee = asm('PUSH32', word, 'PUSH1', 32, 'MSTORE', 'PUSH1', 32, 'PUSH1', 32, 'RETURN');
    const input = evmFixtureInput(await runPrograms([{ to: programAddress(80) }], [{ address: programAddress(80), code: root }, { address: programAddress(81), code: callee }]));
    const w = input.witness;
    const frame = w.steps.findIndex((s) => s.spec.name === 'ReturnDataCopyFrame');
    expect(w.steps[frame + 1]!.spec.name).to.equal('STOP');
    const f = w.steps[frame]!;
    const [calleeId, returned] = f.rws.map((r) => r.value) as [bigint, bigint];
    expect(returned).to.equal(32n);
    const at = w.steps[frame + 1]!.rwCounter;
    // the second frame row reads its "op" row's (the first frame row's) cells: dest = LastCalleeId, size = the return
    // data's offset (32), offset = a scratch cell (0), L = a scratch cell (32): 32 bytes from the callee's memory at 32
    const bytes = copyBytesWitness(Number(calleeId), 32n, calleeId, 32);
    const forged = withRows(w, frame + 1, f, [
      { name: 'ReturnDataCopyFrame', aux: { aux: returnDataCopyWitness(32n, 0n, 32) }, rws: f.rws },
      ...bytes.map(({ positions, ...aux }) => ({ name: 'ReturnDataBytes', aux, rws: positions.flatMap((i) => {
        const byte = memoryAt(w, Number(calleeId), 32n + BigInt(i), at);
        return [memory(false, Number(calleeId), 32n + BigInt(i), byte), memory(true, f.callId, calleeId + BigInt(i), byte, memoryAt(w, f.callId, calleeId + BigInt(i), at))];
      }) })),
    ], new Map([[frame, { ...f.aux!, scratch: new Map([[3, 32n]]) }]]));
    // the caller's memory now holds the callee's word at its id — no EVM step wrote it, no gas paid for it
    expect(forged.rws.filter((r) => r.tag === RwTag.Memory && r.isWrite && r.id === f.callId).map((r) => r.address)).to.deep.equal(Array.from({ length: 32 }, (_, i) => calleeId + BigInt(i)));
    const { fixture, state } = judged(input, forged);
    expect(state.filter((x) => !x.includes('ReturnDataCopyFrame'))).to.deep.equal([]);
    // (the rows are laid out and checked: a byte written other than read is caught)
    expect(judged(input, forged, [{ column: 'evm slot 1 lo', row: frame + 2, value: 0x55n }]).fixture).to.include(`gate evm ReturnDataBytes/byte 0: written = read lo@${frame + 2}`);
    expect(fixture).to.deep.equal([`gate evm ReturnDataCopyFrame/one row@${frame}`]);
  });

  it('a nested CALLDATACOPY of 0 bytes, then a second CallDataCopyCaller row: bytes of the caller\'s memory written at a free destination, unpaid, are refused', async () => {
    // 82 puts a word at memory 0 and CALLs 83 with calldata memory[0, 32); 83 runs CALLDATACOPY(64, 0, 0)
    const root = asm('PUSH32', word, 'PUSH0', 'MSTORE', 'PUSH0', 'PUSH0', 'PUSH1', 32, 'PUSH0', 'PUSH0', 'PUSH20', BigInt(programAddress(83).toString()), 'GAS', 'CALL', 'STOP');
    const callee = asm('PUSH0', 'PUSH0', 'PUSH1', 64, 'CALLDATACOPY', 'STOP');
    const input = evmFixtureInput(await runPrograms([{ to: programAddress(82) }], [{ address: programAddress(82), code: root }, { address: programAddress(83), code: callee }]));
    const w = input.witness;
    const head = w.steps.findIndex((s) => s.spec.name === 'CallDataCopyCaller');
    expect(w.steps[head + 1]!.spec.name).to.equal('STOP');
    const h = w.steps[head]!;
    const [callerId, dataOffset] = h.rws.map((r) => r.value) as [bigint, bigint];
    const at = w.steps[head + 1]!.rwCounter;
    // a copy of 2 bytes from calldata offset 0 (len claimed 100) to 200 in the callee's memory, beyond its size
    const rows = callDataCopyCallerWitness(200n, 0n, 2, 100, Number(callerId), dataOffset);
    const forged = withRows(w, head + 1, h, [
      { name: 'CallDataCopyCaller', aux: rows.caller, rws: h.rws },
      ...rows.rows.map(({ positions, taken: _taken, ...aux }) => ({ name: 'CallDataCopyMemory', aux, rws: positions.flatMap((i) => {
        const byte = memoryAt(w, Number(callerId), dataOffset + BigInt(i), at);
        return [memory(false, Number(callerId), dataOffset + BigInt(i), byte), memory(true, h.callId, 200n + BigInt(i), byte, memoryAt(w, h.callId, 200n + BigInt(i), at))];
      }) })),
    ]);
    expect(forged.rws.filter((r) => r.tag === RwTag.Memory && r.isWrite && r.id === h.callId).map((r) => [r.address, r.value])).to.deep.equal([[200n, 0xa0n], [201n, 0xa1n]]);
    const { fixture, state } = judged(input, forged);
    expect(state.filter((x) => !x.includes('CallDataCopyCaller'))).to.deep.equal([]);
    expect(judged(input, forged, [{ column: 'evm slot 1 lo', row: head + 2, value: 0x55n }]).fixture).to.include(`gate evm CallDataCopyMemory/byte 0: written = f0 · read lo@${head + 2}`);
    expect(fixture).to.deep.equal([`gate evm CallDataCopyCaller/one row@${head}`]);
  });
});

describe('evm circuit: RETURNDATACOPY past the return data halts (ErrorReturnDataOutOfBound, EIP-211; differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const OOB = 'ErrorReturnDataOutOfBound';
  const rows = () => w.steps.map((s, i) => [s.spec.gadget.name, i] as const).filter(([n]) => n === OOB).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
  const callee = createAddressFromString('0x00000000000000000000000000000000000000b2');

  before(async () => {
    // tx 1: one byte before any call (R = 0); tx 2: 17 bytes at 16 of a callee's 32; tx 3: one byte at 2^128
    const call = ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', BigInt(callee.toString()), 'GAS', 'CALL', 'POP'];
    const b = await runPrograms([asm('PUSH1', 1, 'PUSH0', 'PUSH0', 'RETURNDATACOPY', 'STOP'), asm(...call, 'PUSH1', 17, 'PUSH1', 16, 'PUSH0', 'RETURNDATACOPY', 'STOP'),
      asm('PUSH1', 1, 'PUSH17', 1n << 128n, 'PUSH0', 'RETURNDATACOPY', 'STOP')], [{ address: callee, code: asm('PUSH1', 32, 'PUSH0', 'RETURN') }]);
    expect(b.txs.map((t) => [t.status, t.steps.filter((x) => x.error !== undefined).map((x) => [x.name, x.error]), unsupportedOps(t)]))
      .to.deep.equal(Array(3).fill([0, [['RETURNDATACOPY', 'out of gas']], []]));
    w = evmCase(b);
  });

  it('one failing row reading offset, size and the return data length (0, 32, 32); MockProver passes', () => {
    expect(rows().map((r) => [w.steps[r]!.rws.map((x) => x.value), w.steps[r + 1]!.spec.gadget.name])).to.deep.equal([
      [[0n, 1n, 0n], 'EndTx'], [[16n, 17n, 32n], 'EndTx'], [[1n << 128n, 1n, 0n], 'EndTx']]);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('mutations: a longer return data, the far flag on a near copy, another opcode: MockProver names the rule', () => {
    const [, near, far] = rows();
    expect(failures([{ column: 'evm slot 2 lo', row: near!, value: 33n }, { column: 'evm slot 2 prev lo', row: near!, value: 33n }]))
      .to.include.members([`lookup evm rw slot 2@${near}`, `gate evm ${OOB}/aux bytes 0 … 16 = near ? offset + size − R − 1 : 0@${near}`]);
    expect(failures([{ column: 'evm aux byte 17', row: near!, value: 1n }, { column: 'evm aux byte 0', row: near!, value: 0n }])).to.include(`gate evm ${OOB}/far: (offset hi + size hi)·inv = 1@${near}`);
    expect(failures([{ column: 'evm aux byte 17', row: far!, value: 0n }])).to.include(`gate evm ${OOB}/near: offset hi = 0@${far}`);
    expect(failures([{ column: 'evm opcode', row: near!, value: 0x37n }])).to.include(`gate evm ${OOB}/the opcode is RETURNDATACOPY@${near}`);
  });

  it('the real verifier rejects a longer return data claimed', async () => {
    const near = rows()[1]!;
    expect(await expectVerifierRejects(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [{ column: 'evm slot 2 lo', row: near, value: 33n }, { column: 'evm slot 2 prev lo', row: near, value: 33n }]))
      .to.include(`gate evm ${OOB}/aux bytes 0 … 16 = near ? offset + size − R − 1 : 0@${near}`);
  });
});
