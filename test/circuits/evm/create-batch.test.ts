import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { BatchCapacity } from '../../../circuits/witness/batch.js';
import { honestFailures } from '../gadgets/helpers.js';
import { SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from '../super/fixture.js';
import { asm, runPrograms } from '../witness/run.js';
import { deploy, initCodeFor } from '../witness/deploy.js';

const CAPACITY: BatchCapacity = {
  k: 12, txs: 1, evm: { steps: 64, bitwiseOps: 0 }, rw: 96, bytecode: 56, keccakPerms: 12, keccakUnits: 8,
  smt: { ops: 5, keys: 5, branches: 28, leaves: 10, accounts: 10 },
};

describe('batch circuit: a contract-creation tx (TEST ONLY configuration without ecrecover)', function () {
  this.timeout(3_600_000);
  const runtime = asm('PUSH1', 42, 'PUSH1', 0, 'SSTORE', 'STOP');
  let bound: Awaited<ReturnType<typeof withStateRoots>>;
  const init = new Uint8Array([...asm('PUSH1', 5, 'PUSH1', 1, 'SSTORE'), ...initCodeFor(runtime)]);

  before(async () => {
    // the constructor sets the new contract's slot 1 to 5, then returns the runtime
    bound = await withStateRoots(await runPrograms([deploy(init, 7n)]));
  });

  it('the SMT binding inserts the new account with nonce 1, the value, the deployed code\'s hash and its storage', () => {
    const created = BigInt(bound.block.txs[0]!.contractAddress!);
    const ops = bound.state.rows.filter((r) => r.op.address === created);
    // first the proof of its storage before the batch (none: EIP-7610's HasStorage, read by CreateBalance)
    expect(ops.map((r) => r.op.kind)).to.deep.equal(['account', 'storage', 'account']);
    const [probe, store, account] = ops.map((r) => r.op);
    expect(probe!.kind === 'account' && [probe!.touched, probe!.before, probe!.after]).to.deep.equal([[false, false, false, true], null, null]);
    expect(store!.kind === 'storage' && [store!.slot, store!.committed, store!.final]).to.deep.equal([1n, 0n, 5n]);
    expect(account!.kind === 'account' && account!.before).to.equal(null);
    expect(account!.kind === 'account' && account!.after).to.deep.include({ nonce: 1n, balance: 7n, codeHash: BigInt(`0x${bytesToHex(keccak_256(runtime))}`) });
  });

  it('the deploy passes every sub-circuit and seam: init and deployed code in the bytecode circuit, the RLP and codes in the keccak table, the new leaf and its storage in the SMT (k = 12)', () => {
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(CAPACITY, [bound.block], bound.state);
    expect(circuit.witness.evm!.codes.map((c) => c.code.length)).to.deep.equal([init.length, runtime.length]);
    expect(honestFailures(circuit, CAPACITY.k, circuit.instances())).to.deep.equal([]);
  });
});
