import { expect } from 'chai';
import { Address } from '@ethereumjs/util';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { batchWitness, type BatchCapacity } from '../../../circuits/witness/batch.js';
import { honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from './fixture.js';

const K = 12;
const ROOMY: BatchCapacity = {
  k: 20, txs: 2, evm: { steps: 1 << 12, bitwiseOps: 0 }, rw: 1 << 12, bytecode: 1 << 10, keccakPerms: 64, keccakUnits: 4,
  smt: { ops: 16, keys: 16, branches: 32, leaves: 32, accounts: 32 },
};
const at = (n: number): Address => new Address(Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? n : 0)));

/**
 * Txs whose callee is a precompile (gadgets/precompile-root.ts) in a whole batch: the precompile accounts' balance
 * writes — a credit kept, a credit undone — bound to the state
 * roots by the SMT circuit. TEST ONLY composition (the signature table as fixture rows, as super.test.ts).
 */
describe(`batch circuit: txs to precompiles (TEST ONLY configuration, k = ${K})`, function () {
  this.timeout(300_000);

  it('an identity tx with value, a sha256 tx out of gas with value: the honest batch passes (full MockProver)', async () => {
    const block = await runPrograms([
      { to: at(4), data: Uint8Array.of(1, 2, 3), value: 7n },
      { to: at(2), value: 3n, gasLimit: 21_000n + 59n },
    ]);
    expect(block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []], [0, []]]);
    const bound = await withStateRoots(block, []);
    const used = batchWitness([bound.block], ROOMY, PARAMS, undefined, bound.state).usage;
    const capacity: BatchCapacity = { ...ROOMY, k: K, evm: { steps: used.steps, bitwiseOps: 0 }, rw: used.rw, bytecode: used.bytecode, keccakPerms: used.keccakPerms, smt: used.smt };
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [bound.block], bound.state);
    expect(honestFailures(circuit, K, circuit.instances())).to.deep.equal([]);
  });
});
