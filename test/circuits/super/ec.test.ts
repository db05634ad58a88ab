import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { BatchCapacityError, batchWitness, type BatchCapacity } from '../../../circuits/witness/batch.js';
import { DEVNET_BATCH_CAPACITY } from '../../../node/prover/batch-circuit.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm } from '../witness/run.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, programBatch, type withStateRoots } from './fixture.js';

const K = 12;
const ROOMY: BatchCapacity = {
  k: 20, txs: 1, evm: { steps: 1 << 11, bitwiseOps: 0 }, rw: 1 << 11, bytecode: 1 << 9, keccakPerms: 64, keccakUnits: 4,
  smt: { ops: 8, keys: 8, branches: 16, leaves: 16, accounts: 16 }, ec: { adds: 2, muls: 0 },
};

/**
 * The batch circuit with the EC precompiles' chips (BatchCapacity.ec): an ecAdd call's result row of the EVM circuit looks
 * the ecAdd chip's table up. TEST ONLY composition for the signature table (fixture rows, as super.test.ts). ecMul's chip
 * takes ~10,200 rows a call (k ≥ 14): its calls are proven with the chips in test/circuits/evm/ec-call.test.ts (SLOW).
 */
describe(`batch circuit: an ecAdd call proven by the ecAdd chip (TEST ONLY signature table, k = ${K})`, function () {
  this.timeout(300_000);
  const twoG = bn254.G1.Point.BASE.double().toAffine();
  const threeG = bn254.G1.Point.BASE.multiply(3n).toAffine();
  // G + 2G, its x stored
  const code = asm(...[1n, 2n, twoG.x, twoG.y].flatMap((w, i) => ['PUSH32', w, 'PUSH1', 32 * i, 'MSTORE']),
    'PUSH1', 64, 'PUSH2', 0x200, 'PUSH1', 128, 'PUSH0', 'PUSH1', 6, 'GAS', 'STATICCALL', 'PUSH0', 'SSTORE', 'PUSH2', 0x200, 'MLOAD', 'PUSH1', 1, 'SSTORE', 'STOP');
  let bound: Awaited<ReturnType<typeof withStateRoots>>;
  let capacity: BatchCapacity;

  before(async () => ({ bound, capacity } = await programBatch(code, ROOMY, K)));

  it('the call is a row of the ecAdd table (the second padded); the honest batch passes (full MockProver); a forged x is caught by the table', () => {
    expect(bound.block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    expect(bound.block.txs[0]!.storage.filter((a) => a.isWrite).map((a) => a.value)).to.deep.equal([1n, threeG.x]);
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [bound.block], bound.state);
    const w = circuit.witness;
    expect([w.usage.ecAdds, w.usage.ecMuls, w.ecAdds.length, w.ecMuls.length]).to.deep.equal([1, 0, 2, 0]);
    expect(honestFailures(circuit, K, circuit.instances())).to.deep.equal([]);
    const result = w.evm!.steps.findIndex((s) => s.spec.gadget.name === 'EcResult');
    const failures = failuresAfter(circuit, K, circuit.instances(), [{ column: 'evm aux byte 0', row: result, value: (x) => x ^ 1n }, { column: 'evm aux byte 0', row: result + 1, value: (x) => x ^ 1n }]);
    expect(failures).to.include(`lookup evm ecAdd@${result}`);
  });

  it('a batch calling ecAdd does not fit a capacity without the chips, naming the budget', () => {
    expect(() => batchWitness([bound.block], { ...capacity, ec: undefined }, PARAMS, undefined, bound.state)).to.throw(BatchCapacityError, 'the batch needs 1 ecAdds, the circuit has 0');
  });

  it('the devnet capacity has the chips: the call fits its 8 ecAdd rows (padded); two ecMul calls overflow its one, naming the budget', async () => {
    expect(DEVNET_BATCH_CAPACITY.ec).to.deep.equal({ adds: 8, muls: 1 });
    const w = batchWitness([bound.block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, bound.state);
    expect([w.usage.ecAdds, w.usage.ecMuls, w.ecAdds.length, w.ecMuls.length]).to.deep.equal([1, 0, 8, 1]);
    // 3·G twice
    const mul = ['PUSH1', 64, 'PUSH2', 0x200, 'PUSH1', 96, 'PUSH0', 'PUSH1', 7, 'GAS', 'STATICCALL', 'POP'] as const;
    const twice = asm(...[1n, 2n, 3n].flatMap((w, i) => ['PUSH32', w, 'PUSH1', 32 * i, 'MSTORE']), ...mul, ...mul, 'STOP');
    const muls = await programBatch(twice, { ...ROOMY, ec: { adds: 0, muls: 2 } }, K);
    expect(() => batchWitness([muls.bound.block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, muls.bound.state)).to.throw(BatchCapacityError, 'the batch needs 2 ecMuls, the circuit has 1');
  });
});
