import { expect } from 'chai';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { BatchCapacityError, batchWitness, type BatchCapacity } from '../../../circuits/witness/batch.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm } from '../witness/run.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, programBatch, type withStateRoots } from './fixture.js';

const K = 12;
const ROOMY: BatchCapacity = {
  k: 20, txs: 2, evm: { steps: 1 << 12, bitwiseOps: 0 }, rw: 1 << 12, bytecode: 1 << 10, keccakPerms: 64, keccakUnits: 4,
  smt: { ops: 8, keys: 8, branches: 16, leaves: 16, accounts: 16 },
};

/**
 * The batch's signature table holds a row per tx and one per ecrecover call (v ∈ {27, 28}) that the EVM circuit looks
 * up: the witness adds the calls' recoveries (and their keys' keccak inputs) after the senders', and the tx slots bound
 * both. TEST ONLY composition (the table as fixture rows, as super.test.ts): the seam from the EVM to the table.
 */
describe(`batch circuit: an ecrecover call's recovery in the signature table (TEST ONLY configuration, k = ${K})`, function () {
  this.timeout(300_000);
  const hash = keccak_256(new TextEncoder().encode('batch message'));
  const priv = keccak_256(new TextEncoder().encode('batch key'));
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(hash, priv, { prehash: false, format: 'recovered' }), 'recovered');
  const words = [BigInt(`0x${bytesToHex(hash)}`), 27n + BigInt(sig.recovery!), sig.r, sig.s];
  const code = asm(...words.flatMap((w, i) => ['PUSH32', w, 'PUSH1', 32 * i, 'MSTORE']),
    'PUSH1', 32, 'PUSH1', 128, 'PUSH1', 128, 'PUSH0', 'PUSH1', 1, 'GAS', 'STATICCALL', 'POP', 'PUSH1', 128, 'MLOAD', 'PUSH0', 'SSTORE', 'STOP');
  let bound: Awaited<ReturnType<typeof withStateRoots>>;
  let capacity: BatchCapacity;

  before(async () => ({ bound, capacity } = await programBatch(code, ROOMY, K)));

  it('the recovery follows the sender in the table; the key is hashed; the honest batch passes (full MockProver)', () => {
    expect(bound.block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [bound.block], bound.state);
    const w = circuit.witness;
    expect(w.usage.sigs).to.equal(2);
    expect(w.sigCalls[1]).to.deep.include({ msgHash: words[0], recId: words[1]! - 27n, r: sig.r, s: sig.s });
    // its key is a keccak input (the sig circuit hashes it): ids after the sender's
    expect(w.sigCalls[1]!.keccakId).to.equal(w.sigCalls[0]!.keccakId + 1);
    expect(honestFailures(circuit, K, circuit.instances())).to.deep.equal([]);
    // the table's row for the call (row 1, after the tx's) with another address: the EVM's lookup fails
    expect(failuresAfter(circuit, K, circuit.instances(), [{ column: 'sig fixture address', row: 1, value: (x) => x ^ 1n }]).some((f) => f.startsWith('lookup evm signature'))).to.equal(true);
  });

  it('the tx slots bound the table: a batch whose txs and recoveries exceed them is refused, naming the budget', () => {
    expect(() => batchWitness([bound.block], { ...capacity, txs: 1 }, PARAMS, undefined, bound.state)).to.throw(BatchCapacityError, 'the batch needs 2 sigs, the circuit has 1');
  });
});
