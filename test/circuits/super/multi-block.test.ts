import { expect } from 'chai';
import { parseGwei } from 'viem';
import { MockProver, failureSummary } from '../../../circuits/plonk/index.js';
import { unpackBlockSummary } from '../../../circuits/pi/public-input.js';
import { batchStateRws, batchWitness, type BatchCapacity } from '../../../circuits/witness/batch.js';
import { smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import { chainBatchSource } from '../../../node/prover/source.js';
import { devAccount, rpc, startNode } from '../../node/helpers.js';
import { until } from '../../node/prover/helpers.js';
import { TEST_BATCH_CAPACITY } from '../../contracts/verifier-deploy.js';
import { failuresAfter } from '../gadgets/helpers.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly } from './fixture.js';

// A batch of several blocks with txs, as the node's batcher seals them when proving (a tx per block): the EVM witness
// runs the blocks' txs as one sequence (tx ids and the rw counter go on), each tx in its own block's context, and
// the block chain links the blocks. Two transfers in two blocks of a real node, at the TEST ONLY configuration
// (signatures from a fixture table) with room for the SMT binding of two blocks.
const CAPACITY: BatchCapacity = {
  ...TEST_BATCH_CAPACITY, k: 13, evm: { ...TEST_BATCH_CAPACITY.evm, steps: 64 }, rw: 96,
  smt: { ops: 8, keys: 8, branches: 64, leaves: 16, accounts: 16 },
};

describe('batch circuit: a batch of two blocks from a real node (TEST ONLY configuration, k = 13)', function () {
  this.timeout(120_000);

  it('two transfers in two blocks: one EVM sequence, each tx in its block\'s context; MockProver passes', async () => {
    const node = await startNode({ maxBlockTxs: 1, batcher: { maxBlocks: 2, maxAgeMs: 0, maxTxs: 1_000 } });
    try {
      for (const account of [3, 5]) {
        const head = Number((await rpc(node.url, 'eth_blockNumber')).result);
        const raw = await devAccount(account).signTransaction({ type: 'eip1559', chainId: 31338, nonce: 0, to: devAccount(4).address, value: 12_345n, gas: 21_000n, maxFeePerGas: parseGwei('3'), maxPriorityFeePerGas: 1n });
        await rpc(node.url, 'eth_sendRawTransaction', [raw]);
        await until('its block', async () => Number((await rpc(node.url, 'eth_blockNumber')).result) > head);
      }
      await until('batch 1 sealed', async () => (await node.batcher.batches.count()) > 1);
      const batch = (await node.batcher.batches.get(1))!;
      expect([batch.firstBlock, batch.lastBlock, batch.txCount]).to.deep.equal([1, 2, 2]);
      const source = chainBatchSource(node.store, node.executor, node.state);
      const blocks = await source.traces(batch.firstBlock, batch.lastBlock);
      expect(blocks[0].header.number + 1n).to.equal(blocks[1].header.number);
      const state = await smtBindingWitness(batchStateRws(blocks), await source.stateAfter(batch.firstBlock - 1));
      const commitments = { withdrawRoot: batch.withdrawRoot, txDataHash: batch.txDataHash, l1MessagesHash: batch.l1MessagesHash, parentBlock: unpackBlockSummary(batch.parentBlockSummary) };
      const witness = batchWitness(blocks, CAPACITY, PARAMS, commitments, state);
      expect(witness.evm!.txCount).to.equal(2);
      expect(witness.contexts.map((c) => c.header.number)).to.deep.equal(blocks.map((b) => b.header.number));
      const circuit = new SuperCircuitWithoutEcrecoverTestOnly(CAPACITY, blocks.flatMap((b) => b.txs), witness);
      const prover = MockProver.run(CAPACITY.k, circuit, circuit.instances());
      expect(failureSummary(prover.verify())).to.deep.equal([]);
      // the second tx's slot in the block chain claims the first block's number (both txs in one block): refused
      const slot2 = prover.assignment.regions.find((r) => r.name === 'block chain')!.start + 2;
      const failed = failuresAfter(circuit, CAPACITY.k, circuit.instances(), [{ column: 'block chain number', row: slot2, value: blocks[0].header.number }]);
      // its record (the block context's number, copied from the public-input region) and the same-block rules object
      expect(failed).to.include(`gate block chain/number = real ? its record's : the previous row's@2`);
      expect(failed).to.include('gate block chain/same block: timestamp@2');
      expect(failed.filter((f) => f.startsWith('copy ')).map((f) => f.replace(/@\d+~/, '~'))).to.deep.equal(['copy pi value~block chain number@2']);
    } finally {
      await node.stop();
    }
  });
});
