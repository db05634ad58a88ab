import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 11;
const STEPS = 512;
const RW_ROWS = 1024;

const addressOf = (i: number): bigint => BigInt(programAddress(i).toString());
const contract = (i: number, code: Uint8Array) => ({ address: programAddress(i), code });
/** CALL(1000 gas, `to`, no value, no input, no output); then SSTORE(slot, success). */
const callShort = (to: bigint, slot: number) => ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', to, 'PUSH2', 1000, 'CALL', 'PUSH1', slot, 'SSTORE'] as const;
const errors = (b: BlockTrace) => b.txs.map((t) => [t.status, t.steps.filter((x) => x.error !== undefined).map((x) => [x.name, x.error]), unsupportedOps(t)]);
const START = 'ErrorOutOfGasMemory';
const END = 'ErrorOutOfGasMemoryEnd';
const FAR = 'ErrorOutOfGasMemoryFar';
const MB = 0x100000;

describe('evm circuit: out of gas on a memory expansion (MLOAD, MSTORE, MSTORE8, RETURN, REVERT; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let b: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.gadget.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // tx 1: 90 CALLs 91 … 96 with 1000 gas each, each runs out expanding its memory, and stores the successes (0);
    // 96 has a word in use (m = 1) before; tx 2: 97's own MLOAD at 1 MiB with 1000 gas left (the tx's gas limit)
    const programs = [
      ['PUSH3', MB, 'MLOAD'], ['PUSH0', 'PUSH3', MB, 'MSTORE'], ['PUSH0', 'PUSH3', MB, 'MSTORE8'], ['PUSH3', MB, 'PUSH0', 'RETURN'],
      ['PUSH1', 32, 'PUSH3', 0x10000, 'REVERT'], ['PUSH1', 1, 'PUSH0', 'MSTORE', 'PUSH2', 0x4000, 'MLOAD'],
    ] as const;
    b = await runPrograms([{ to: programAddress(90) }, { to: programAddress(97), gasLimit: 21_000n + 3n + 1000n }], [
      contract(90, asm(...programs.flatMap((_, k) => callShort(addressOf(91 + k), k)), 'STOP')),
      ...programs.map((ops, k) => contract(91 + k, asm(...ops, 'STOP'))),
      contract(97, asm('PUSH3', MB, 'MLOAD', 'STOP'))]);
    w = evmCase(b);
  });

  it('fails each access as @ethereumjs did (all gas consumed, the caller continues; the root call\'s tx fails); MockProver passes over the state circuit', () => {
    const oog = (name: string) => [name, 'out of gas'];
    expect(errors(b)).to.deep.equal([[1, ['MLOAD', 'MSTORE', 'MSTORE8', 'RETURN', 'REVERT', 'MLOAD'].map(oog), []], [0, [oog('MLOAD')], []]]);
    const starts = rowsOf(START);
    expect(starts.map((r) => [w.steps[r]!.spec.opcode, w.steps[r + 1]!.spec.gadget.name])).to.deep.equal([0x51, 0x52, 0x53, 0xf3, 0xfd, 0x51, 0x51].map((o) => [o, END]));
    // m' as @ethereumjs would size the memory: ⌈(offset + size)/32⌉, and 96's word in use before
    expect(starts.map((r) => [w.steps[r]!.memoryWords, w.steps[r]!.aux?.c1])).to.deep.equal([[0, 32769n], [0, 32769n], [0, 32769n], [0, 32768n], [0, 2049n], [1, 513n], [0, 32769n]]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: the gas claimed to cover it, a smaller expansion, an empty or other size, another opcode, the failure moved: MockProver names the rule', () => {
    const [mload, , mstore8, ret] = rowsOf(START);
    const end = mload! + 1;
    expect(failures([{ column: 'evm gas', row: end, value: 1n << 40n }])).to.include(`gate evm ${END}/aux bytes 0 … 7 = gas cost + expansion − gas − 1 (short of gas)@${end}`);
    // m' claimed m (no expansion charged)
    expect(failures([{ column: 'evm c1', row: mload!, value: 0n }])).to.include(`gate evm ${START}/m' = expands ? q : m@${mload}`);
    // RETURN's size claimed 0 (its stack read agreeing): an empty range expands nothing
    expect(failures([{ column: 'evm slot 1 lo', row: ret!, value: 0n }, { column: 'evm slot 1 prev lo', row: ret!, value: 0n }]))
      .to.include.members([`gate evm ${START}/size ≠ 0: size lo · inv = 1@${ret}`, `lookup evm rw slot 1@${ret}`]);
    // MSTORE8's one byte claimed 32
    expect(failures([{ column: 'evm slot 1 lo', row: mstore8!, value: 32n }, { column: 'evm slot 1 prev lo', row: mstore8!, value: 32n }]))
      .to.include(`gate evm ${START}/else size lo = 32 (MLOAD, MSTORE) or 1 (MSTORE8)@${mstore8}`);
    // the offset claimed another (its aux bytes)
    expect(failures([{ column: 'evm aux byte 0', row: mload!, value: 1n }])).to.include(`gate evm ${START}/offset lo = aux bytes 0 … 3@${mload}`);
    // MLOAD flagged as MSTORE8
    expect(failures([{ column: 'evm aux byte 8', row: end, value: 0n }, { column: 'evm aux byte 10', row: end, value: 1n }])).to.include(`gate evm ${END}/the opcode is the flagged one@${end}`);
    // the first row's pc moved on
    expect(failures([{ column: 'evm pc', row: end, value: (x) => x + 1n }])).to.include(`gate evm ${START}/pc' = pc@${mload}`);
    // the failing row without its first row (that row claimed MLOAD's)
    expect(failures([{ column: `evm s ${START}`, row: mload!, value: 0n }, { column: 'evm s MLOAD', row: mload!, value: 1n }])).to.include(`gate evm ${END}/after ${START}@${end}`);
  });

  it('the real verifier rejects the gas claimed to cover the expansion', async () => {
    const end = rowsOf(END)[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm gas', row: end, value: 1n << 40n }]))
      .to.include(`gate evm ${END}/aux bytes 0 … 7 = gas cost + expansion − gas − 1 (short of gas)@${end}`);
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
    // tx 1: 90 CALLs 91 … 95 with 1000 gas each: MLOAD at 2^32, MSTORE and MSTORE8 at 2^256 − 1, RETURN of 2^255 bytes
    // at 0, REVERT of 1 byte at 2^64; tx 2: 97's own MLOAD at 2^256 − 1 with all its gas
    const programs = [
      ['PUSH5', 1n << 32n, 'MLOAD'], ['PUSH0', 'PUSH32', MAX, 'MSTORE'], ['PUSH0', 'PUSH32', MAX, 'MSTORE8'], ['PUSH32', 1n << 255n, 'PUSH0', 'RETURN'],
      ['PUSH1', 1, 'PUSH9', 1n << 64n, 'REVERT'],
    ] as const;
    b = await runPrograms([{ to: programAddress(90) }, { to: programAddress(97) }], [
      contract(90, asm(...programs.flatMap((_, k) => callShort(addressOf(91 + k), k)), 'STOP')),
      ...programs.map((ops, k) => contract(91 + k, asm(...ops, 'STOP'))),
      contract(97, asm('PUSH32', MAX, 'MLOAD', 'STOP'))]);
    w = evmCase(b);
  });

  it('fails each access as @ethereumjs did, in one row; MockProver passes over the state circuit', () => {
    const oog = (name: string) => [name, 'out of gas'];
    expect(errors(b)).to.deep.equal([[1, ['MLOAD', 'MSTORE', 'MSTORE8', 'RETURN', 'REVERT'].map(oog), []], [0, [oog('MLOAD')], []]]);
    expect(rowsOf(FAR).map((r) => [w.steps[r]!.spec.opcode, w.steps[r + 1]!.spec.gadget.name])).to.deep.equal([
      [0x51, 'CallReturn'], [0x52, 'CallReturn'], [0x53, 'CallReturn'], [0xf3, 'CallReturn'], [0xfd, 'CallReturn'], [0x51, 'EndTx']]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: a near offset, the gas or the memory claimed past the bounds, an empty size, a far size without one: MockProver names the rule', () => {
    const [mload, , , ret] = rowsOf(FAR);
    // MLOAD's offset read as 0x20 (its lo bytes agreeing): not 2^32 or more
    expect(failures([{ column: 'evm slot 0 lo', row: mload!, value: 0x20n }, { column: 'evm slot 0 prev lo', row: mload!, value: 0x20n }, { column: 'evm aux byte 0', row: mload!, value: 0x20n }, { column: 'evm aux byte 4', row: mload!, value: 0n }]))
      .to.include.members([`gate evm ${FAR}/far word ≥ 2^32: (hi + aux bytes 4 … 15)·inv = 1@${mload}`, `lookup evm rw slot 0@${mload}`]);
    expect(failures([{ column: 'evm gas', row: mload!, value: 1n << 40n }])).to.include(`gate evm ${FAR}/gas < 2^40: gas = aux bytes 16 … 20@${mload}`);
    expect(failures([{ column: 'evm memoryWords', row: mload!, value: 1n << 24n }])).to.include(`gate evm ${FAR}/m < 2^24: m = aux bytes 21 … 23@${mload}`);
    // RETURN's size read as 0: no access, no expansion
    expect(failures([{ column: 'evm slot 1 lo', row: ret!, value: 0n }, { column: 'evm slot 1 prev lo', row: ret!, value: 0n }, { column: 'evm slot 1 hi', row: ret!, value: 0n }, { column: 'evm slot 1 prev hi', row: ret!, value: 0n }]))
      .to.include.members([`gate evm ${FAR}/a size read ≠ 0: (lo + hi)·c0 = 1@${ret}`, `lookup evm rw slot 1@${ret}`]);
    // MLOAD's (constant) size claimed the far word
    expect(failures([{ column: `evm aux byte ${24 + 5}`, row: mload!, value: 1n }])).to.include(`gate evm ${FAR}/far size: a size read@${mload}`);
  });

  it('the real verifier rejects a near offset passed off as far', async () => {
    const mload = rowsOf(FAR)[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm aux byte 4', row: mload, value: 0n }, { column: 'evm aux byte 5', row: mload, value: 0n }]))
      .to.include(`gate evm ${FAR}/far word lo = aux bytes 0 … 15@${mload}`);
  });
});
