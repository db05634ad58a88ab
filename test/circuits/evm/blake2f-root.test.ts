/**
 * A tx whose callee is BLAKE2F (0x09, EIP-152) (gadgets/blake2f-root.ts): its gas (the rounds) and success (213 bytes,
 * the gas, the final-block flag 0 or 1) as @ethereumjs/vm computes them; mutations named by MockProver and refused by
 * the real verifier.
 */
import { expect } from 'chai';
import { Address } from '@ethereumjs/util';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState, txRowsAfterFunds } from './harness.js';

const K = 11;
const STEPS = 256;
const BLAKE2F_AT = new Address(Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? 9 : 0)));
/** EIP-152's input: rounds (4 bytes, big-endian), h (64), m (128), t (16), f (1); h, m, t a seeded pattern. */
const input = (rounds: number, f: number, length = 213) => Uint8Array.from({ length }, (_, i) => (i < 4 ? (rounds >> (8 * (3 - i))) & 0xff : i === 212 ? f : (i * 37 + 11) & 0xff));
const calldataGas = (data: Uint8Array) => BigInt(data.reduce((n, b) => n + (b === 0 ? 4 : 16), 0));

describe('evm circuit: a tx to BLAKE2F (differential against @ethereumjs/vm)', function () {
  this.timeout(600_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (i: number) => txRowsAfterFunds(w, i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
  const OK = input(12, 1);
  const SHORT = input(5000, 0);

  before(async () => {
    block = await runPrograms([
      { to: BLAKE2F_AT, data: OK, value: 5n }, // 12 rounds, the last block
      { to: BLAKE2F_AT, data: input(0, 0) }, // no rounds: 0 gas
      { to: BLAKE2F_AT, data: input(12, 2), value: 3n }, // f = 2: fails, the value returned
      { to: BLAKE2F_AT, data: input(12, 1, 212) }, // 212 bytes: fails
      { to: BLAKE2F_AT }, // no input: fails
      { to: BLAKE2F_AT, data: SHORT, gasLimit: 21_000n + calldataGas(SHORT) + 4_999n }, // one gas short of 5000 rounds
    ]);
    w = evmCase(block);
  });

  it('charges the rounds, or all the gas on a wrong length, flag or gas, as @ethereumjs; MockProver passes over the state circuit', () => {
    expect(block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []], [1, []], [0, []], [0, []], [0, []], [0, []]]);
    expect(block.txs.map((t) => t.gasUsed - 21_000n - calldataGas(t.data))).to.deep.equal([12n, 0n, ...block.txs.slice(2).map((t) => t.gasLimit - 21_000n - calldataGas(t.data))]);
    const rows = ['BeginTxPrecompile', 'PrecompileRootBlake2f', 'Blake2fRootEnd'];
    expect(block.txs.map((_, i) => rowsOf(i).names)).to.deep.equal([rows, rows, ...Array(4).fill([...rows, 'Blake2fRootFailure'])]);
    // the precompile's balance: 5 kept; the failed tx's 3 credited, then undone by its reversion write
    const credits = w.rws.filter((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.Balance && r.isWrite && r.address === 9n).map((r) => [r.valuePrev, r.value]);
    expect(credits.slice(0, 4)).to.deep.equal([[0n, 5n], [5n, 5n], [5n, 8n], [8n, 5n]]);
    expect(honestFailures(evmWithState(w, 512, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: the length claimed other, a rounds byte, the flag claimed bad, the gas claimed short, the failure keeping gas', () => {
    const head = rowsOf(0).begin + 2;
    expect(failures([{ column: 'evm c0', row: head, value: 0n }])).to.include(`gate evm PrecompileRootBlake2f/c0 = (L = 213): out = 1 − value·inverse@${head}`);
    // rounds 12 → 13 (byte 3, the end row's aux byte 1): the calldata says 12
    expect(failures([{ column: 'evm aux byte 1', row: head + 1, value: 13n }, { column: 'evm aux byte 8', row: head + 1, value: (x) => x - 1n }, { column: 'evm gas', row: head + 2, value: (x) => x - 1n }]))
      .to.include(`lookup evm tx lookup 1@${head + 1}`);
    expect(failures([{ column: 'evm aux byte 3', row: head + 1, value: 0n }])).to.include(`gate evm Blake2fRootEnd/not f ok ⇒ f·(f − 1)·inv = 1@${head + 1}`);
    expect(failures([{ column: 'evm aux byte 4', row: head + 1, value: 0n }])).to.include(`gate evm Blake2fRootEnd/aux bytes 8 … 15 = enough ? gas − r : r − gas − 1@${head + 1}`);
    const failure = rowsOf(2).begin + 4;
    expect(w.steps[failure]!.spec.name).to.equal('Blake2fRootFailure');
    expect(failures([{ column: 'evm gas', row: failure + 1, value: 1n }])).to.include(`gate evm Blake2fRootFailure/all gas consumed: gas' = 0@${failure}`);
    // the bad flag's tx passed off as a success (f ok claimed)
    expect(failures([{ column: 'evm aux byte 3', row: failure - 1, value: 1n }])).to.include(`gate evm Blake2fRootEnd/f ok ⇒ f is 0 or 1@${failure - 1}`);
  });

  it('the real verifier rejects the rounds claimed other than the calldata\'s', async () => {
    const head = rowsOf(0).begin + 2;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm aux byte 1', row: head + 1, value: 13n }]))
      .to.include(`lookup evm tx lookup 1@${head + 1}`);
  });
});
