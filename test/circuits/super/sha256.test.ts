import { expect } from 'chai';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { BatchCapacityError, batchWitness, type BatchCapacity } from '../../../circuits/witness/batch.js';
import { DEVNET_BATCH_CAPACITY } from '../../../node/prover/batch-circuit.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm } from '../witness/run.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, programBatch, type withStateRoots } from './fixture.js';

const K = 12;
const ROOMY: BatchCapacity = {
  k: 20, txs: 1, evm: { steps: 1 << 12, bitwiseOps: 0 }, rw: 1 << 12, bytecode: 1 << 10, keccakPerms: 64, keccakUnits: 4,
  smt: { ops: 8, keys: 8, branches: 16, leaves: 16, accounts: 16 }, sha256Blocks: 3,
};

/**
 * The batch circuit with the SHA-256 chip (BatchCapacity.sha256Blocks): a SHA-256 call's input and digest rows of the EVM
 * circuit look the chip's table up. TEST ONLY composition for the signature table (fixture rows, as super.test.ts).
 */
describe(`batch circuit: a SHA-256 call proven by the SHA-256 circuit (TEST ONLY signature table, k = ${K})`, function () {
  this.timeout(300_000);
  // SHA-256 of the 70 bytes 0x00 … 0x45 (two blocks), stored
  const input = Uint8Array.from({ length: 70 }, (_, i) => i);
  const words = [0, 1, 2].flatMap((k) => ['PUSH32', BigInt(`0x${bytesToHex(input.slice(32 * k, 32 * k + 32)).padEnd(64, '0')}`), 'PUSH1', 32 * k, 'MSTORE']);
  const code = asm(...words, 'PUSH1', 32, 'PUSH2', 0x200, 'PUSH1', input.length, 'PUSH0', 'PUSH1', 2, 'GAS', 'STATICCALL', 'PUSH0', 'SSTORE', 'PUSH2', 0x200, 'MLOAD', 'PUSH1', 1, 'SSTORE', 'STOP');
  let bound: Awaited<ReturnType<typeof withStateRoots>>;
  let capacity: BatchCapacity;

  before(async () => ({ bound, capacity } = await programBatch(code, ROOMY, K)));

  it('the call is an input of the SHA-256 table; the honest batch passes (full MockProver); a forged digest is caught by the table', () => {
    const expected = bytesToHex(sha256(input));
    expect(bound.block.txs.map((t) => [t.status, unsupportedOps(t), t.precompiles.map((p) => bytesToHex(p.output))])).to.deep.equal([[1, [], [expected]]]);
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [bound.block], bound.state);
    const w = circuit.witness;
    expect([w.usage.sha256Blocks, w.sha256.length]).to.deep.equal([2, 3]);
    expect(honestFailures(circuit, K, circuit.instances())).to.deep.equal([]);
    // the digest row's hash changed in the EVM: its lookup into the chip's table fails
    const digest = w.evm!.steps.findIndex((s) => s.spec.gadget.name === 'Sha256Digest');
    const failures = failuresAfter(circuit, K, circuit.instances(), [{ column: 'evm aux byte 0', row: digest, value: (x) => x ^ 1n }]);
    expect(failures).to.include(`lookup evm sha256 digest@${digest}`);
  });

  it('a batch calling SHA-256 does not fit a capacity without the chip (the devnet\'s), naming the budget', () => {
    expect(DEVNET_BATCH_CAPACITY.sha256Blocks).to.equal(undefined);
    expect(() => batchWitness([bound.block], { ...capacity, sha256Blocks: undefined }, PARAMS, undefined, bound.state)).to.throw(BatchCapacityError, 'the batch needs 2 sha256Blocks, the circuit has 0');
  });
});
