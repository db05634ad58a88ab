import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { BatchCapacityError, batchWitness, type BatchCapacity } from '../../../circuits/witness/batch.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm } from '../witness/run.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, programBatch, type withStateRoots } from './fixture.js';

const K = 12;
const ROOMY: BatchCapacity = {
  k: 20, txs: 1, evm: { steps: 1 << 12, bitwiseOps: 0, arith: { mul: 0, divMod: 64, addMod: 0, mulMod: 64, shl: 8, shr: 8, sar: 0, slt: 0, sgt: 0 } },
  rw: 1 << 12, bytecode: 1 << 10, keccakPerms: 64, keccakUnits: 4, smt: { ops: 8, keys: 8, branches: 16, leaves: 16, accounts: 16 }, modexp: { steps: 64, squares: 64 },
};
const word = (v: bigint) => ['PUSH32', v];

/**
 * The batch circuit with the MODEXP chip on the EVM's arithmetic table (BatchCapacity.modexp): a MODEXP call's row of
 * the EVM circuit looks its chain's table row up; the chain's steps take the shared table's MULMOD and DIV slots.
 * TEST ONLY composition for the signature table (fixture rows, as super.test.ts), the rest as the batch's.
 */
describe(`batch circuit: a MODEXP call proven by the MODEXP chip (TEST ONLY signature table, k = ${K})`, function () {
  this.timeout(300_000);
  // 0x1234 ^ 65537 mod 0xfff1 (2-byte base and modulus, 3-byte exponent), the 2-byte output stored
  const input = ['PUSH1', 2, 'PUSH0', 'MSTORE', 'PUSH1', 3, 'PUSH1', 32, 'MSTORE', 'PUSH1', 2, 'PUSH1', 64, 'MSTORE', ...word(0x1234010001fff1n << 200n), 'PUSH1', 96, 'MSTORE'];
  const code = asm(...input, 'PUSH1', 32, 'PUSH2', 0x200, 'PUSH1', 103, 'PUSH0', 'PUSH1', 5, 'GAS', 'STATICCALL', 'PUSH0', 'SSTORE', 'PUSH2', 0x200, 'MLOAD', 'PUSH1', 1, 'SSTORE', 'STOP');
  let bound: Awaited<ReturnType<typeof withStateRoots>>;
  let capacity: BatchCapacity;

  before(async () => ({ bound, capacity } = await programBatch(code, ROOMY, K)));

  it('the call is a row of the MODEXP table; the honest batch passes (full MockProver); a forged chain result is caught', () => {
    const expected = 0x1234n ** 65537n % 0xfff1n;
    expect(bound.block.txs.map((t) => [t.status, unsupportedOps(t), t.precompiles.map((p) => BigInt(`0x${Buffer.from(p.output).toString('hex')}`))])).to.deep.equal([[1, [], [expected]]]);
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [bound.block], bound.state);
    const w = circuit.witness;
    expect(w.modexp.map((c) => [c.result, c.gas, c.steps.length])).to.deep.equal([[expected, 200n, 18]]);
    expect(w.usage).to.deep.include({ modexpSteps: 18, modexpSquares: 16 });
    expect(honestFailures(circuit, K, circuit.instances())).to.deep.equal([]);
    // the chain's last product (the call's result in the table) changed: the chain's MULMOD and the EVM's lookup both fail
    const failures = failuresAfter(circuit, K, circuit.instances(), [{ column: 'modexp p lo', row: 17, value: (x) => x + 1n }]);
    expect(failures.some((f) => f.startsWith('lookup modexp mulmod'))).to.equal(true);
    expect(failures.some((f) => f.startsWith('lookup evm modexp'))).to.equal(true);
  });

  it('a batch calling MODEXP does not fit a capacity without the chain, naming the budget', () => {
    expect(() => batchWitness([bound.block], { ...capacity, modexp: undefined }, PARAMS, undefined, bound.state)).to.throw(BatchCapacityError, 'the batch needs 18 modexpSteps, the circuit has 0');
  });
});
