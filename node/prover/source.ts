/**
 * The node's `BatchSource`: a batch's blocks re-executed from its store, its pre-state from its state trees, and
 * the L1 senders of the messages it consumes (its deposit txs do not hold them: the batch circuit needs them for
 * the messages' hashes) from the L1 message records the L1 client stored (node/l1/service.ts).
 */
import type { Executor } from "../execution/executor.js";
import { BatchStore } from "../store/batch-store.js";
import type { WorldState } from "../execution/world-state.js";
import { StoreCorruptError, type ChainStore } from "../store/chain-store.js";
import type { BatchSource } from "./circuit.js";

export const chainBatchSource = (store: ChainStore, executor: Executor, state: WorldState): Required<BatchSource> => ({
  async traces(first, last) {
    const traces = [];
    for (let n = BigInt(first); n <= BigInt(last); n++) {
      const [block, parent] = await Promise.all([store.blockByNumber(n), store.blockByNumber(n - 1n)]);
      if (block === undefined || parent === undefined) throw new StoreCorruptError("a batch's block or its parent is missing", { block: Number(n) });
      traces.push(await executor.traceBlock(block, parent));
    }
    return traces;
  },
  stateAfter: (number) => state.witnessAt(BigInt(number)),
  async l1Senders(start, count) {
    const messages = new BatchStore(store.kv); // the batcher's records live in the same key-value store
    return Promise.all(Array.from({ length: count }, async (_, i) => {
      const m = await messages.l1Message(BigInt(start + i));
      if (m === undefined) throw new StoreCorruptError("a batch consumes an L1 message the store never saw", { nonce: start + i });
      return m.sender;
    }));
  },
});
