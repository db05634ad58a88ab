/**
 * A tx whose callee is ecAdd (0x06) or ecMul (0x07) (gadgets/ec-precompile.ts PrecompileRootEc, EcRootInput): the
 * calls' rows over the tx's calldata; its gas and status as @ethereumjs/vm computes them, the outcome as
 * @noble/curves'; mutations named by MockProver and refused by the real verifier.
 */
import { expect } from 'chai';
import { Address } from '@ethereumjs/util';
import { bn254 } from '@noble/curves/bn254.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { EvmFixtureCircuit } from '../../../circuits/evm/fixture.js';
import { evmStateCells } from '../../../circuits/evm/index.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, txRowsAfterFunds } from './harness.js';

const K = 12;
const STEPS = 700;
const at = (n: number): Address => new Address(Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? n : 0)));
const G = bn254.G1.Point.BASE;
const TWO_G = G.double().toAffine();
const S = 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdefn;
const word = (v: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * (31 - i))) & 0xffn));
const concat = (...words: bigint[]) => Uint8Array.from(words.flatMap((v) => [...word(v)]));
const calldataGas = (data: Uint8Array) => BigInt(data.reduce((n, b) => n + (b === 0 ? 4 : 16), 0));
const circuitOf = (w: EvmWitness, ec: 'fixture' | 'chips' = 'fixture') => new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, evmTestCircuit(STEPS, w).input, { ec });

const ADD = concat(1n, 2n, TWO_G.x, TWO_G.y);
const MUL = concat(1n, 2n, S);
// 33 bytes: (1, 0) is not on the curve
const SHORT_INVALID = concat(1n, 0n).subarray(0, 33);
const MUL_LONG = Uint8Array.from([...MUL, 0xff, 0xff, 0xff, 0xff]);

describe('evm circuit: a tx to ecAdd or ecMul (differential against @ethereumjs/vm and @noble/curves)', function () {
  this.timeout(900_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (i: number) => txRowsAfterFunds(w, i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(circuitOf(w), K, evmInstances(w), edits);

  before(async () => {
    block = await runPrograms([
      { to: at(6), data: ADD, value: 5n }, // G + 2G
      { to: at(7), data: MUL }, // S·G
      { to: at(6), data: SHORT_INVALID, value: 3n }, // an invalid point: all gas consumed, the value returned
      { to: at(6) }, // O + O
      { to: at(7), data: MUL, value: 2n, gasLimit: 21_000n + calldataGas(MUL) + 5_999n }, // one gas short
      { to: at(7), data: MUL_LONG }, // the first 96 bytes read
    ]);
    w = evmCase(block);
  });

  it('charges 150 or 6000, or all the gas on an invalid input or short of it, as @ethereumjs; the outcome is @noble/curves\'; MockProver passes', () => {
    expect(block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []], [1, []], [0, []], [1, []], [0, []], [1, []]]);
    expect(block.txs.map((t) => t.gasUsed - 21_000n - calldataGas(t.data))).to.deep.equal([150n, 6000n, block.txs[2]!.gasLimit - 21_000n - calldataGas(SHORT_INVALID), 150n, 5_999n, 6000n]);
    const input = (n: number) => [...Array.from({ length: n }, () => 'EcRootInput')];
    expect(block.txs.map((_, i) => rowsOf(i).names)).to.deep.equal([
      ['BeginTxPrecompile', 'PrecompileRootEc', ...input(32), 'EcResult'], ['BeginTxPrecompile', 'PrecompileRootEc', ...input(24), 'EcResult'],
      ['BeginTxPrecompile', 'PrecompileRootEc', ...input(32), 'EcResult', 'EcFailure'], ['BeginTxPrecompile', 'PrecompileRootEc', ...input(32), 'EcResult'],
      ['BeginTxPrecompile', 'EcFailure'], ['BeginTxPrecompile', 'PrecompileRootEc', ...input(24), 'EcResult'],
    ]);
    expect(w.ecAddCalls).to.deep.equal([{ x1: 1n, y1: 2n, x2: TWO_G.x, y2: TWO_G.y }, { x1: 1n, y1: 0n, x2: 0n, y2: 0n }, { x1: 0n, y1: 0n, x2: 0n, y2: 0n }]);
    expect(w.ecMulCalls).to.deep.equal([{ x: 1n, y: 2n, s: S }, { x: 1n, y: 2n, s: S }]);
    // the precompiles' balances: 5 kept; the failed txs' 3 and 2 credited, then undone by their reversion writes
    const credits = w.rws.filter((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.Balance && r.isWrite && (r.address === 6n || r.address === 7n))
      .map((r) => [r.address, r.valuePrev, r.value]);
    expect(credits).to.deep.equal([[6n, 0n, 5n], [7n, 0n, 0n], [6n, 5n, 8n], [6n, 8n, 5n], [6n, 5n, 5n], [7n, 0n, 2n], [7n, 2n, 0n], [7n, 0n, 0n]]);
    expect(honestFailures(circuitOf(w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('the result must be the table\'s and decide the end: an invalid input passed off as a success, a valid one as a failure', () => {
    const result = rowsOf(2).begin + 35;
    expect(w.steps[result]!.spec.name).to.equal('EcResult');
    expect(failures([{ column: 'evm slot 0 lo', row: result, value: 1n }]))
      .to.include.members([`lookup evm ecAdd@${result}`, `gate evm EcResult/output rows (a root call: EndTx) iff success@${result}`]);
    const ok = rowsOf(0).begin + 35;
    expect(failures([{ column: 'evm slot 0 lo', row: ok, value: 0n }])).to.include.members([`lookup evm ecAdd@${ok}`, `gate evm EcResult/output rows (a root call: EndTx) iff success@${ok}`]);
  });

  it('the input is the tx\'s calldata: a byte, a flag dropped, a flag out of order, a byte where none is, another precompile\'s a', () => {
    const head = rowsOf(0).begin + 2;
    const first = head + 1;
    // byte 0 of the input (0: x1's top byte) claimed 1 (the half in inv following it)
    expect(failures([{ column: 'evm aux byte 12', row: first, value: 1n }, { column: 'evm inv', row: first, value: 1n << 24n }])).to.include(`lookup evm tx lookup 0@${first}`);
    // the 33-byte input's last row (one byte) claims none: its byte left over
    const last = rowsOf(2).begin + 3 + 8;
    expect(failures([{ column: 'evm aux byte 8', row: last, value: 0n }, { column: 'evm aux byte 12', row: last, value: 0n }])).to.include(`gate evm EcRootInput/a row not full leaves nothing@${last}`);
    // the byte taken by flag 1 instead of flag 0
    expect(failures([{ column: 'evm aux byte 8', row: last, value: 0n }, { column: 'evm aux byte 9', row: last, value: 1n }])).to.include(`gate evm EcRootInput/flag 1 ⇒ flag 0@${last}`);
    expect(failures([{ column: 'evm aux byte 8', row: last, value: 2n }])).to.include(`gate evm EcRootInput/flag 0 boolean@${last}`);
    // a byte past the input (its flag off): padding must be 0
    expect(failures([{ column: 'evm aux byte 13', row: last, value: 1n }])).to.include(`gate evm EcRootInput/off: byte 1 = 0@${last}`);
    // ecAdd's tx charged 6000 as ecMul: a = 7 on the head
    expect(failures([{ column: 'evm aux byte 9', row: head, value: 7n }])).to.include(`lookup evm tx lookup 0@${head}`);
  });

  it('gas: the head\'s is BeginTxPrecompile\'s, short of G only where it is, nothing kept on failure', () => {
    const head = rowsOf(1).begin + 2;
    expect(failures([{ column: 'evm gas', row: head, value: (x) => x + 1n }])).to.include(`gate evm PrecompileRootEc/gas carried@${head}`);
    const short = rowsOf(4).begin + 2;
    expect(w.steps[short]!.spec.name).to.equal('EcFailure');
    // ecMul's shortfall claimed for ecAdd's 150 (a = 6): not the tx's callee
    expect(failures([{ column: 'evm aux byte 9', row: short, value: 6n }])).to.include(`gate evm EcFailure/a tx's, short of gas: a = its callee@${short}`);
    expect(failures([{ column: 'evm gas', row: short, value: (x) => x - 1n }])).to.include(`gate evm EcFailure/a tx's, short of gas: gas carried@${short}`);
    expect(failures([{ column: 'evm gas', row: short + 1, value: 1n }])).to.include(`gate evm EcFailure/all gas consumed: gas' = 0@${short}`);
    // a tx with the gas claimed short (EcFailure instead of its head)
    const ok = rowsOf(1).begin + 2;
    expect(failures(evmStateCells('EcFailure', ok))).to.include(`gate evm EcFailure/short of gas: aux bytes 16 … 23 = G − gas − 1@${ok}`);
  });

  it('the real verifier rejects an invalid input passed off as a success, a calldata byte changed, ecMul\'s shortfall claimed for ecAdd', async () => {
    const result = rowsOf(2).begin + 35;
    expect(await expectVerifierRejects(circuitOf(w), K, evmInstances(w), [{ column: 'evm slot 0 lo', row: result, value: 1n }])).to.include(`lookup evm ecAdd@${result}`);
    const first = rowsOf(0).begin + 3;
    expect(await expectVerifierRejects(circuitOf(w), K, evmInstances(w), [{ column: 'evm aux byte 12', row: first, value: 1n }, { column: 'evm inv', row: first, value: 1n << 24n }]))
      .to.include(`lookup evm tx lookup 0@${first}`);
    const short = rowsOf(4).begin + 2;
    expect(await expectVerifierRejects(circuitOf(w), K, evmInstances(w), [{ column: 'evm aux byte 9', row: short, value: 6n }]))
      .to.include(`gate evm EcFailure/a tx's, short of gas: a = its callee@${short}`);
  });

  it('with the real ecAdd chip as the table (ecAdd txs only): MockProver passes; a tx to the pairing is still refused', async () => {
    const pairing = await runPrograms([{ to: at(8) }]);
    expect(unsupportedOps(pairing.txs[0]!)).to.deep.equal(['a tx to precompile 0x0000000000000000000000000000000000000008 (ECPAIRING): not supported yet']);
    const b = await runPrograms([{ to: at(6), data: ADD }, { to: at(6), data: concat(1n, 2n, 1n, 3n) }]);
    expect(b.txs.map((t) => t.status)).to.deep.equal([1, 0]);
    const r = evmCase(b);
    expect(honestFailures(circuitOf(r, 'chips'), K, evmInstances(r))).to.deep.equal([]);
  });
});
