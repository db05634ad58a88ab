/** The node's `BatchSource`: a batch's blocks re-executed from its store, its pre-state from its state trees. */
import type { Executor } from "../execution/executor.js";
import type { WorldState } from "../execution/world-state.js";
import { StoreCorruptError, type ChainStore } from "../store/chain-store.js";
import type { BatchSource } from "./circuit.js";

export const chainBatchSource = (store: ChainStore, executor: Executor, state: WorldState): BatchSource => ({
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
});
