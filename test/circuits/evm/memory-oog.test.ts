import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';
import { callers, contract, errors, ROOT } from './failing-calls.js';
import { evmStateCells } from '../../../circuits/evm/index.js';

const K = 11;
const STEPS = 512;
const RW_ROWS = 1024;
/** The near ranges' block (sixteen failing calls): k = 12. */
const NEAR_K = 12;
const NEAR_STEPS = 1024;

const START = 'ErrorOutOfGasMemory';
const END = 'ErrorOutOfGasMemoryEnd';
const FAR = 'ErrorOutOfGasMemoryFar';
const MB = 0x100000;

describe('evm circuit: out of gas on a memory range (MLOAD, MSTORE, MSTORE8, RETURN, REVERT, KECCAK256, LOGn, CALLDATACOPY, CODECOPY, RETURNDATACOPY, EXTCODECOPY, MCOPY, CREATE, CREATE2; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let b: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.gadget.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(NEAR_STEPS, w), NEAR_K, evmInstances(w), edits);

  before(async () => {
    // tx 1: 90 CALLs 91 … with 1000 gas each (LOG2: 3000, above its 1125), each runs out on its range (the
    // expansion, KECCAK256's 6 and the copies' 3 per word, LOG's 8 per byte), and stores the successes (0); 96 has a
    // word in use (m = 1) before; tx 2: the root program's MLOAD at 1 MiB with 1000 gas left (the tx's gas limit)
    const programs = [
      ['PUSH3', MB, 'MLOAD'], ['PUSH0', 'PUSH3', MB, 'MSTORE'], ['PUSH0', 'PUSH3', MB, 'MSTORE8'], ['PUSH3', MB, 'PUSH0', 'RETURN'],
      ['PUSH1', 32, 'PUSH3', 0x10000, 'REVERT'], ['PUSH1', 1, 'PUSH0', 'MSTORE', 'PUSH2', 0x4000, 'MLOAD'], ['PUSH3', 0x10000, 'PUSH0', 'KECCAK256'],
      ['PUSH2', 0x400, 'PUSH2', 0x100, 'LOG0'], ['PUSH2', 0x8000, 'PUSH0', 'PUSH0', 'CALLDATACOPY'], ['PUSH2', 0x4000, 'PUSH0', 'PUSH1', 0x20, 'CODECOPY'],
    ].map((ops) => ({ ops }));
    b = await runPrograms([{ to: programAddress(90) }, { to: programAddress(ROOT), gasLimit: 21_000n + 3n + 1000n }], [
      ...callers([...programs, { ops: ['PUSH0', 'PUSH0', 'PUSH2', 0x400, 'PUSH2', 0x100, 'LOG2'], gas: 3000 },
        // EXTCODECOPY of its own code (warm), RETURNDATACOPY of the identity's 32 bytes, MCOPY far by destination, then by source
        { ops: ['PUSH2', 0x8000, 'PUSH0', 'PUSH0', 'ADDRESS', 'EXTCODECOPY'] },
        { ops: ['PUSH1', 32, 'PUSH0', 'PUSH1', 32, 'PUSH0', 'PUSH1', 4, 'GAS', 'STATICCALL', 'POP', 'PUSH1', 32, 'PUSH0', 'PUSH3', MB, 'RETURNDATACOPY'] },
        { ops: ['PUSH1', 32, 'PUSH0', 'PUSH3', MB, 'MCOPY'] }, { ops: ['PUSH1', 32, 'PUSH3', MB, 'PUSH0', 'MCOPY'] },
        // CREATE of 48 KiB and CREATE2 of 32 KiB with 40000 gas: above the constant 32000, short of the init code's
        { ops: ['PUSH2', 0xc000, 'PUSH0', 'PUSH0', 'CREATE'], gas: 40_000 }, { ops: ['PUSH0', 'PUSH2', 0x8000, 'PUSH0', 'PUSH0', 'CREATE2'], gas: 40_000 }]),
      contract(ROOT, asm('PUSH3', MB, 'MLOAD', 'STOP'))]);
    w = evmCase(b);
  });

  it('fails each access as @ethereumjs did (all gas consumed, the caller continues; the root call\'s tx fails); MockProver passes over the state circuit', () => {
    const oog = (name: string) => [name, 'out of gas'];
    const names = ['MLOAD', 'MSTORE', 'MSTORE8', 'RETURN', 'REVERT', 'MLOAD', 'KECCAK256', 'LOG0', 'CALLDATACOPY', 'CODECOPY', 'LOG2', 'EXTCODECOPY', 'RETURNDATACOPY', 'MCOPY', 'MCOPY', 'CREATE', 'CREATE2'];
    expect(errors(b)).to.deep.equal([[1, names.map(oog), []], [0, [oog('MLOAD')], []]]);
    const starts = rowsOf(START);
    expect(starts.map((r) => [w.steps[r]!.spec.opcode, w.steps[r + 1]!.spec.gadget.name])).to.deep.equal([0x51, 0x52, 0x53, 0xf3, 0xfd, 0x51, 0x20, 0xa0, 0x37, 0x39, 0xa2, 0x3c, 0x3e, 0x5e, 0x5e, 0xf0, 0xf5, 0x51].map((o) => [o, END]));
    // m' as @ethereumjs would size the memory: ⌈(offset + size)/32⌉, and 96's word in use before
    expect(starts.map((r) => [w.steps[r]!.memoryWords, w.steps[r]!.aux?.c1])).to.deep.equal([[0, 32769n], [0, 32769n], [0, 32769n], [0, 32768n], [0, 2049n], [1, 513n],
      [0, 2048n], [0, 40n], [0, 1024n], [0, 513n], [0, 40n], [0, 1024n], [1, 32769n], [0, 32769n], [0, 32769n], [0, 1536n], [0, 1024n], [0, 32769n]]);
    // MCOPY's range: the destination's (slot 0) in the first, the source's (slot 1) in the second
    expect(starts.slice(13, 15).map((r) => w.steps[r]!.rws.length)).to.deep.equal([3, 3]);
    expect(honestFailures(evmWithState(w, 2 * NEAR_STEPS, { steps: NEAR_STEPS, bitwiseOps: 0 }), NEAR_K)).to.deep.equal([]);
  });

  it('mutations: the gas claimed to cover it, a smaller expansion or charge, an empty or other size, another opcode or group, the failure moved: MockProver names the rule', () => {
    const [mload, , mstore8, ret, , , keccak, log0, copy] = rowsOf(START);
    const end = mload! + 1;
    const short = (row: number) => `gate evm ${END}/aux bytes 0 … 7 = gas cost + expansion + per word, per byte − gas − 1 (short of gas)@${row}`;
    expect(failures([{ column: 'evm gas', row: end, value: 1n << 40n }])).to.include(short(end));
    // KECCAK256's 6 per word, LOG's 8 per byte, CALLDATACOPY's 3 per word: fewer words or bytes claimed
    expect(failures([{ column: 'evm aux byte 10', row: keccak! + 1, value: (x) => x - 1n }])).to.include(`gate evm ${END}/32·w = L + 31 − t@${keccak! + 1}`);
    expect(failures([{ column: 'evm slot 3 lo', row: log0!, value: 0x3ffn }, { column: 'evm slot 3 prev lo', row: log0!, value: 0x3ffn }]))
      .to.include(`gate evm ${START}/size lo = the read size or the constant@${log0}`);
    // the copy claimed to be RETURN's group (size at sp + 1, no per-word charge)
    expect(failures([{ column: 'evm aux byte 19', row: copy! + 1, value: 0n }, { column: 'evm aux byte 16', row: copy! + 1, value: 1n }])).to.include(`gate evm ${END}/group 2: the opcode is one of its@${copy! + 1}`);
    // LOG's membership: c1's product, and KECCAK256 claimed a LOG (8 per byte instead of 6 per word)
    expect(failures([{ column: 'evm c1', row: log0! + 1, value: (x) => x + 1n }])).to.include(`gate evm ${END}/c1 = (opcode − 0xa0)(opcode − 0xa1)(opcode − 0xa2)@${log0! + 1}`);
    expect(failures([{ column: 'evm aux byte 17', row: keccak! + 1, value: 0n }, { column: 'evm aux byte 18', row: keccak! + 1, value: 1n }])).to.include(`gate evm ${END}/group 4: the opcode is one of its@${keccak! + 1}`);
    // m' claimed m (no expansion charged)
    expect(failures([{ column: 'evm c1', row: mload!, value: 0n }])).to.include(`gate evm ${START}/m' = expands ? q : m@${mload}`);
    // RETURN's size claimed 0 (its stack read and the size cells agreeing): an empty range expands nothing
    const zeroSize = [1, 3].flatMap((j) => ['lo', 'prev lo'].map((h) => ({ column: `evm slot ${j} ${h}`, row: ret!, value: 0n })));
    expect(failures(zeroSize)).to.include.members([`gate evm ${START}/size ≠ 0: size lo · inv = 1@${ret}`, `lookup evm rw slot 1@${ret}`]);
    // MSTORE8's one byte claimed 32
    expect(failures([{ column: 'evm slot 3 lo', row: mstore8!, value: 32n }, { column: 'evm slot 3 prev lo', row: mstore8!, value: 32n }]))
      .to.include(`gate evm ${START}/size lo = the read size or the constant@${mstore8}`);
    // the offset claimed another (its aux bytes)
    expect(failures([{ column: 'evm aux byte 0', row: mload!, value: 1n }])).to.include(`gate evm ${START}/offset lo = aux bytes 0 … 3@${mload}`);
    // MLOAD flagged as MSTORE8
    expect(failures([{ column: 'evm aux byte 14', row: end, value: 0n }, { column: 'evm aux byte 15', row: end, value: 1n }])).to.include(`gate evm ${END}/group 1: the opcode is one of its@${end}`);
    // the first row's pc moved on
    expect(failures([{ column: 'evm pc', row: end, value: (x) => x + 1n }])).to.include(`gate evm ${START}/pc' = pc@${mload}`);
    // the failing row without its first row (that row claimed MLOAD's)
    expect(failures(evmStateCells('MLOAD', mload!))).to.include(`gate evm ${END}/after ${START}@${end}`);
  });

  it('the real verifier rejects the gas claimed to cover the expansion', async () => {
    const end = rowsOf(END)[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(NEAR_STEPS, w), NEAR_K, evmInstances(w), [{ column: 'evm gas', row: end, value: 1n << 40n }]))
      .to.include(`gate evm ${END}/aux bytes 0 … 7 = gas cost + expansion + per word, per byte − gas − 1 (short of gas)@${end}`);
  });

});

describe('evm circuit: out of gas on a memory range at 2^32 or beyond (ErrorOutOfGasMemoryFar; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let b: BlockTrace;
  let w: EvmWitness;
  const MAX = (1n << 256n) - 1n;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.gadget.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // tx 1: 90 CALLs 91 … with 1000 gas each: MLOAD at 2^32, MSTORE and MSTORE8 at 2^256 − 1, RETURN of 2^255 bytes at 0,
    // REVERT of 1 byte at 2^64, KECCAK256 of 1 byte at 2^40, LOG1 of 2^200 bytes, CALLDATACOPY to 2^64, CODECOPY of 2^255
    // bytes; tx 2: the root program's MLOAD at 2^256 − 1 with all its gas
    const programs = [
      ['PUSH5', 1n << 32n, 'MLOAD'], ['PUSH0', 'PUSH32', MAX, 'MSTORE'], ['PUSH0', 'PUSH32', MAX, 'MSTORE8'], ['PUSH32', 1n << 255n, 'PUSH0', 'RETURN'],
      ['PUSH1', 1, 'PUSH9', 1n << 64n, 'REVERT'], ['PUSH1', 1, 'PUSH6', 1n << 40n, 'KECCAK256'], ['PUSH0', 'PUSH32', 1n << 200n, 'PUSH0', 'LOG1'],
      ['PUSH1', 1, 'PUSH0', 'PUSH9', 1n << 64n, 'CALLDATACOPY'], ['PUSH32', 1n << 255n, 'PUSH0', 'PUSH0', 'CODECOPY'],
      ['PUSH1', 1, 'PUSH0', 'PUSH9', 1n << 64n, 'ADDRESS', 'EXTCODECOPY'], ['PUSH1', 1, 'PUSH32', MAX, 'PUSH0', 'MCOPY'],
    ].map((ops) => ({ ops }));
    b = await runPrograms([{ to: programAddress(90) }, { to: programAddress(ROOT) }], [...callers(programs), contract(ROOT, asm('PUSH32', MAX, 'MLOAD', 'STOP'))]);
    w = evmCase(b);
  });

  it('fails each access as @ethereumjs did, in one row; MockProver passes over the state circuit', () => {
    const oog = (name: string) => [name, 'out of gas'];
    expect(errors(b)).to.deep.equal([[1, ['MLOAD', 'MSTORE', 'MSTORE8', 'RETURN', 'REVERT', 'KECCAK256', 'LOG1', 'CALLDATACOPY', 'CODECOPY', 'EXTCODECOPY', 'MCOPY'].map(oog), []], [0, [oog('MLOAD')], []]]);
    expect(rowsOf(FAR).map((r) => [w.steps[r]!.spec.opcode, w.steps[r + 1]!.spec.gadget.name])).to.deep.equal([
      ...[0x51, 0x52, 0x53, 0xf3, 0xfd, 0x20, 0xa1, 0x37, 0x39, 0x3c, 0x5e].map((o) => [o, 'CallReturn']), [0x51, 'EndTx']]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: a near offset, the gas or the memory claimed past the bounds, an empty size, a constant size passed off as the far word: MockProver names the rule', () => {
    const [mload, , , ret] = rowsOf(FAR);
    // MLOAD's offset read as 0x20 (its lo bytes agreeing): not 2^32 or more
    expect(failures([{ column: 'evm slot 0 lo', row: mload!, value: 0x20n }, { column: 'evm slot 0 prev lo', row: mload!, value: 0x20n }, { column: 'evm aux byte 0', row: mload!, value: 0x20n }, { column: 'evm aux byte 4', row: mload!, value: 0n }]))
      .to.include.members([`gate evm ${FAR}/far word ≥ 2^32: (hi + aux bytes 4 … 15)·inv = 1@${mload}`, `lookup evm rw slot 0@${mload}`]);
    expect(failures([{ column: 'evm gas', row: mload!, value: 1n << 32n }])).to.include(`gate evm ${FAR}/gas < 2^32: gas = aux bytes 16 … 19@${mload}`);
    expect(failures([{ column: 'evm memoryWords', row: mload!, value: 1n << 16n }])).to.include(`gate evm ${FAR}/m < 2^16: m = aux bytes 20, 21@${mload}`);
    // RETURN's size read as 0: no access, no expansion
    const zeroSize = [1, 3].flatMap((j) => ['lo', 'prev lo', 'hi', 'prev hi'].map((h) => ({ column: `evm slot ${j} ${h}`, row: ret!, value: 0n })));
    expect(failures(zeroSize)).to.include.members([`gate evm ${FAR}/size ≠ 0: (lo + hi)·c0 = 1@${ret}`, `lookup evm rw slot 1@${ret}`]);
    // MLOAD's constant size (32) claimed the far word
    expect(failures([{ column: 'evm aux byte 31', row: mload!, value: 1n }])).to.include(`gate evm ${FAR}/far word lo = aux bytes 0 … 15@${mload}`);
  });

  it('the real verifier rejects a near offset passed off as far', async () => {
    const mload = rowsOf(FAR)[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm aux byte 4', row: mload, value: 0n }, { column: 'evm aux byte 5', row: mload, value: 0n }]))
      .to.include(`gate evm ${FAR}/far word lo = aux bytes 0 … 15@${mload}`);
  });
});
