import { expect } from 'chai';
import { batchEvmWitness, batchStateRws, batchWitness } from '../../../circuits/witness/batch.js';
import { DEVNET_BATCH_CAPACITY } from '../../../node/prover/batch-circuit.js';
import { PARAMS, withStateRoots } from '../super/fixture.js';
import { programAddress, runPrograms } from './run.js';

// The batch witness makes the EVM witness once: the caller that made it for the SMT binding's RW rows (the node's
// prover, node/prover/batch-circuit.ts) passes it on, and the witness is the one batchWitness makes on its own.
describe('batch witness: the EVM witness made once', () => {
  it('reuses the EVM witness its caller made for the state RW rows, and is the witness it would make itself', async () => {
    // a transfer: Account RW rows the SMT binding applies (nonces, balances)
    const { block, state } = await withStateRoots(await runPrograms([{ to: programAddress(5), value: 12_345n }]));
    const evm = batchEvmWitness([block])!;
    expect(batchStateRws([block], evm)).to.equal(evm.rws);
    expect(batchStateRws([block])).to.deep.equal(evm.rws);
    const given = batchWitness([block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, state, evm);
    expect(given.evm, 'not made again').to.equal(evm);
    expect(given).to.deep.equal(batchWitness([block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, state));
  });

  it('has no EVM witness for blocks without txs', () => {
    expect(batchEvmWitness([])).to.equal(undefined);
    expect(batchStateRws([])).to.deep.equal([]);
  });
});
