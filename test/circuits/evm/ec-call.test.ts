import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { EvmFixtureCircuit } from '../../../circuits/evm/fixture.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 12;
const STEPS = 1500;
const contract = (i: number, code: Uint8Array) => ({ address: programAddress(i), code });
const rowsOf = (w: EvmWitness, name: string) => w.steps.flatMap((s, i) => (s.spec.gadget.name === name ? [i] : []));
const storageWrites = (w: EvmWitness) => w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.address, r.storageKey, r.value]);
const traced = (b: BlockTrace) => b.txs.flatMap((t) => t.storage.filter((a) => a.isWrite).map((a) => [BigInt(a.address), a.slot, a.value]));
/** The harness's circuit with the EC tables ('fixture', 'chips') or without them ('none'). */
const circuitOf = (w: EvmWitness, ec: 'fixture' | 'chips' | 'none' = 'fixture') =>
  new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, evmTestCircuit(STEPS, w).input, ec === 'none' ? {} : { ec });

const G = bn254.G1.Point.BASE;
const affine = (P: typeof G) => P.toAffine();
const TWO_G = affine(G.double());
const S = 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdefn;
const S_G = affine(G.multiply(S));
const store = (word: bigint, at: number) => ['PUSH32', word, 'PUSH1', at, 'MSTORE'];
/**
 * `op` of `address` with input memory[0, size), 64 bytes asked back at 0x100, `gas` (or all); then slot `slot` = its
 * success, slot + 1, slot + 2 = the words at 0x100 and 0x120, slot + 3 = RETURNDATASIZE.
 */
const callEc = (op: 'STATICCALL' | 'DELEGATECALL' | 'CALL', address: number, { size, gas, slot }: { size: number; gas?: number; slot: number }) => [
  'PUSH1', 64, 'PUSH2', 0x100, 'PUSH1', size, 'PUSH0', ...(op === 'CALL' ? ['PUSH1', 1] : []), 'PUSH1', address, ...(gas === undefined ? ['GAS'] : ['PUSH2', gas]), op,
  'PUSH1', slot, 'SSTORE', 'PUSH2', 0x100, 'MLOAD', 'PUSH1', slot + 1, 'SSTORE', 'PUSH2', 0x120, 'MLOAD', 'PUSH1', slot + 2, 'SSTORE', 'RETURNDATASIZE', 'PUSH1', slot + 3, 'SSTORE',
  // the output area cleared for the next call
  'PUSH0', 'PUSH2', 0x100, 'MSTORE', 'PUSH0', 'PUSH2', 0x120, 'MSTORE',
];

describe('evm circuit: calls of ecAdd (0x06) and ecMul (0x07) (differential against @ethereumjs/evm and @noble/curves)', function () {
  this.timeout(900_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3], ec: 'fixture' | 'chips' = 'fixture') => failuresAfter(circuitOf(w, ec), K, evmInstances(w), edits);

  before(async () => {
    // memory: G ‖ 2G at 0 … 127
    block = await runPrograms([{ to: programAddress(80), value: 5n }], [contract(80, asm(
      ...store(1n, 0), ...store(2n, 32), ...store(TWO_G.x, 64), ...store(TWO_G.y, 96),
      // ecAdd G + 2G by CALL with 1 wei; ecAdd of G alone (64 bytes: G + O); ecMul of 96 bytes from 0: (2G.x)·G
      ...callEc('CALL', 6, { size: 128, slot: 0 }), ...callEc('STATICCALL', 6, { size: 64, slot: 4 }), ...callEc('STATICCALL', 7, { size: 96, slot: 8 }),
      // short of gas: ecAdd with 149, ecMul with 5999
      ...callEc('STATICCALL', 6, { size: 128, gas: 149, slot: 12 }), ...callEc('STATICCALL', 7, { size: 96, gas: 5999, slot: 16 }),
      // invalid points: G + (2G.x, 3), then (1, 3)·S
      // (a failed call consumes the gas it was given: 1000 and 7000 here, not all)
      ...store(3n, 96), ...callEc('STATICCALL', 6, { size: 128, gas: 1000, slot: 20 }), ...store(1n, 64), ...store(S, 128),
      'PUSH1', 64, 'PUSH2', 0x100, 'PUSH1', 96, 'PUSH1', 64, 'PUSH1', 7, 'PUSH2', 7000, 'STATICCALL', 'PUSH1', 24, 'SSTORE', 'STOP'))]);
    w = evmCase(block);
  });

  it('the outputs as @ethereumjs returned them and @noble/curves computes them; invalid inputs and short gas fail the call; MockProver passes (fixture tables)', () => {
    expect(block.txs.map((t) => [t.status, t.precompiles.length])).to.deep.equal([[1, 7]]);
    expect(storageWrites(w)).to.deep.equal(traced(block));
    const G3 = affine(G.multiply(3n));
    const values = storageWrites(w).map((x) => x[2]);
    // ecMul's input from offset 0 is (G.x, G.y, s = 2G.x)
    const mul = affine(G.multiply(TWO_G.x % bn254.fields.Fr.ORDER));
    expect(values).to.deep.equal([1n, G3.x, G3.y, 64n, 1n, 1n, 2n, 64n, 1n, mul.x, mul.y, 64n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
    expect(w.ecAddCalls.length).to.equal(3);
    expect(w.ecMulCalls.length).to.equal(2);
    expect([EC_HEAD, 'EcInput', 'EcResult', 'EcOutputX', 'EcOutputY', 'EcFailure'].map((n) => rowsOf(w, n).length)).to.deep.equal([5, 3 * 32 + 2 * 24, 5, 24, 24, 4]);
    expect(honestFailures(circuitOf(w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('without the EC tables the circuit refuses the calls\' result rows (as the devnet batch circuit, which has none)', () => {
    const failed = honestFailures(circuitOf(w, 'none'), K, evmInstances(w));
    const results = rowsOf(w, 'EcResult');
    expect(failed.filter((f) => f.startsWith('gate evm no ecAdd table/'))).to.have.length(results.length);
    expect(failed.filter((f) => f.startsWith('gate evm no ecMul table/'))).to.have.length(results.length);
  });

  it('a lie is refused: an output byte, the success flag, y handed to its rows, the result, the gas, the shortfall', async () => {
    const [result] = rowsOf(w, 'EcResult') as [number];
    const x = rowsOf(w, 'EcOutputX');
    const y = rowsOf(w, 'EcOutputY');
    // the output's last byte written other than the result's
    expect(failures([{ column: 'evm slot 3 lo', row: y[7]!, value: (v) => v ^ 1n }])).to.include(`gate evm EcOutputY/byte 3 lo@${y[7]}`);
    // y's first row holding another word than EcResult's
    expect(failures([{ column: 'evm aux byte 31', row: y[0]!, value: (v) => v ^ 1n }])).to.include(`gate evm EcOutputY/first: aux hi = y@${y[0]}`);
    // x other than the table's: EcResult's aux and its first output row's both changed
    expect(failures([{ column: 'evm aux byte 0', row: result, value: (v) => v ^ 1n }, { column: 'evm aux byte 0', row: x[0]!, value: (v) => v ^ 1n }]))
      .to.include(`lookup evm ecAdd@${result}`);
    // the call claimed a failure
    expect(failures([{ column: 'evm slot 0 lo', row: result, value: 0n }])).to.include.members([`gate evm EcResult/output rows (a root call: EndTx) iff success@${result}`, `lookup evm ecAdd@${result}`]);
    // ecAdd charged 6000 (as ecMul): a = 7
    const head = result - 33;
    expect(failures([{ column: 'evm aux byte 9', row: head, value: 7n }])).to.include(`gate evm CallCredit/the EC rows: the precompile is the one they run@${head - 1}`);
    const oog = rowsOf(w, 'EcFailure')[0]!;
    expect(failures([{ column: 'evm aux byte 16', row: oog, value: (v) => v + 1n }])).to.include(`gate evm EcFailure/short of gas: aux bytes 16 … 23 = G − gas − 1@${oog}`);
    expect(await expectVerifierRejects(circuitOf(w), K, evmInstances(w), [{ column: 'evm aux byte 31', row: y[0]!, value: (v) => v ^ 1n }]))
      .to.include(`gate evm EcOutputY/first: aux hi = y@${y[0]}`);
  });

  it('a DELEGATECALL of ecMul runs the same rows (CallCredit picks them by the code address); S·G as @noble/curves', async () => {
    const b = await runPrograms([{ to: programAddress(81) }], [contract(81, asm(...store(1n, 0), ...store(2n, 32), ...store(S, 64), ...callEc('DELEGATECALL', 7, { size: 96, slot: 0 }), 'STOP'))]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([1n, S_G.x, S_G.y, 64n]);
    expect(honestFailures(circuitOf(r), K, evmInstances(r))).to.deep.equal([]);
  });

  it('input lengths: none (O + O), a partial row (33 bytes), past B (ecMul of 100 bytes: the first 96 read); a CALLCODE; a CALL of ecAdd and of the pairing above the balance enters no frame (CallNoFrame); MockProver passes', async () => {
    const b = await runPrograms([{ to: programAddress(84), value: 3n }], [contract(84, asm(...store(1n, 0), ...store(2n, 32), ...store(S, 64), ...store(0xffn, 96),
      ...callEc('STATICCALL', 6, { size: 0, slot: 0 }), ...callEc('STATICCALL', 6, { size: 33, gas: 1000, slot: 4 }), ...callEc('STATICCALL', 7, { size: 100, slot: 8 }),
      'PUSH1', 64, 'PUSH2', 0x100, 'PUSH1', 96, 'PUSH0', 'PUSH1', 2, 'PUSH1', 7, 'GAS', 'CALLCODE', 'PUSH1', 12, 'SSTORE',
      ...[6, 8].flatMap((a, i) => ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH1', 100, 'PUSH1', a, 'GAS', 'CALL', 'PUSH1', 13 + i, 'SSTORE']), 'STOP'))]);
    const r = evmCase(b);
    expect(b.txs.map((t) => t.status)).to.deep.equal([1]);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    // 33 bytes: x = 1 and y's first byte 0 (y = 0): (1, 0) is not on the curve
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([1n, 0n, 0n, 64n, 0n, 0n, 0n, 0n, 1n, S_G.x, S_G.y, 64n, 1n, 0n, 0n]);
    expect(r.ecAddCalls).to.deep.equal([{ x1: 0n, y1: 0n, x2: 0n, y2: 0n }, { x1: 1n, y1: 0n, x2: 0n, y2: 0n }]);
    expect(rowsOf(r, 'CallNoFrame')).to.have.length(2);
    expect(honestFailures(circuitOf(r), K, evmInstances(r))).to.deep.equal([]);
    // the last input row of the first ecAdd claims ecMul's a (its table, its 24 rows)
    const last = rowsOf(r, 'EcResult')[0]! - 1;
    expect(failuresAfter(circuitOf(r), K, evmInstances(r), [{ column: 'evm aux byte 7', row: last, value: 7n }]))
      .to.include.members([`gate evm EcInput/more: a kept@${last - 1}`, `gate evm EcInput/last: g = B/16 − 1 = 19 − 2a@${last}`]);
  });

  it('with the real ecAdd and ecMul chips as the tables (ecAdd calls only): MockProver passes; an output other than the sum is refused by the chip\'s table', async () => {
    const b = await runPrograms([{ to: programAddress(82) }], [contract(82, asm(...store(1n, 0), ...store(2n, 32), ...store(TWO_G.x, 64), ...store(TWO_G.y, 96),
      ...callEc('STATICCALL', 6, { size: 128, slot: 0 }), ...store(3n, 96), ...callEc('STATICCALL', 6, { size: 128, gas: 1000, slot: 4 }), 'STOP'))]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    const circuit = new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, evmTestCircuit(STEPS, r).input, { ec: 'chips' });
    expect(honestFailures(circuit, K, evmInstances(r))).to.deep.equal([]);
    const [result] = rowsOf(r, 'EcResult') as [number];
    const x = rowsOf(r, 'EcOutputX')[0]!;
    // a consistent lie about x (EcResult's and the output rows' aux) is no row of the chip's table
    expect(failuresAfter(circuit, K, evmInstances(r), [{ column: 'evm aux byte 0', row: result, value: (v) => v ^ 1n }, { column: 'evm aux byte 0', row: x, value: (v) => v ^ 1n }]))
      .to.include(`lookup evm ecAdd@${result}`);
  });

  it('with the real chips, an ecMul call (k = 15): MockProver passes', async function () {
    if (process.env.SLOW !== '1') this.skip();
    const b = await runPrograms([{ to: programAddress(83) }], [contract(83, asm(...store(1n, 0), ...store(2n, 32), ...store(S, 64), ...callEc('STATICCALL', 7, { size: 96, slot: 0 }), 'STOP'))]);
    const r = evmCase(b);
    expect(storageWrites(r).map((v) => v[2])).to.deep.equal([1n, S_G.x, S_G.y, 64n]);
    expect(honestFailures(new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, evmTestCircuit(STEPS, r).input, { ec: 'chips' }), 15, evmInstances(r))).to.deep.equal([]);
  });
});

const EC_HEAD = 'PrecompileEc';
