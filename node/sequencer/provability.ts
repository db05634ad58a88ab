/**
 * What the sequencer leaves out of blocks (`--unprovable-txs skip`; the default, include, keeps them): a tx the batch circuit could not
 * prove even alone in a batch — a step, frame or precompile call the EVM circuit does not cover
 * (circuits/evm/coverage.ts), or a budget of the circuit's capacity it overflows by itself (keccak permutations,
 * EVM steps, RW rows, bytecode and RLP rows, word arithmetic, SMT operations: circuits/witness/batch.ts). Such a
 * tx is rolled back out of the block, dropped from the mempool and recorded with the reason, as Scroll and Taiko
 * leave unprovable txs out, instead of making its batch unprovable and halting finalization behind it.
 * L1 deposits are never judged: they are ordered by queue index and each must be delivered (l1MessagesHash).
 *
 * The SMT binding's Poseidon table (its keys, branches, leaves, accounts) depends on the state trees' shape and is
 * judged when the batch is proven: a tx that overflows only that still makes its batch unprovable.
 */
import { batchUsageWithoutTrees, BatchCapacityError, type BatchCapacity, type BatchParams } from "../../circuits/witness/batch.js";
import type { Block } from "@ethereumjs/block";
import type { BlockHeaderTrace, BlockTrace, Hash } from "../../circuits/witness/trace.js";
import { blockHeaderTrace } from "../batcher/encoding.js";
import type { TypedTransaction } from "@ethereumjs/tx";
import type { TxJudge } from "../execution/executor.js";
import { senderOf } from "../execution/sender.js";
import { isBridgeSender } from "../l1/bridge.js";
import { coverageOf, txTraces } from "../execution/trace-builder.js";

/** `skip`: leave out what the batch circuit cannot prove; `include`: keep every valid tx (its batch is then unprovable). */
export type UnprovableTxsPolicy = "skip" | "include";
export const UNPROVABLE_TXS_POLICIES: readonly UnprovableTxsPolicy[] = ["skip", "include"];

/** Whether the sequencer judges `tx`: every tx but an L1 deposit, which must be delivered, in queue order (l1MessagesHash). */
export const judgedTx = (tx: TypedTransaction): boolean => !isBridgeSender(senderOf(tx));

/** The state roots do not change what a batch uses (they are fixed-size words of its public input). */
const NO_ROOT = `0x${"00".repeat(32)}` as Hash;

/** The sequencer's judge for the batch circuit of `capacity`: why it cannot prove a tx alone; undefined when it can. */
export const batchCircuitJudge = (capacity: BatchCapacity, params: BatchParams): TxJudge => {
  // the block context's trace, once per block (its header hash and RLP cost ~0.7 ms)
  const headers = new WeakMap<Block, BlockHeaderTrace>();
  return (context, tx, bytecodes) => {
    const txs = txTraces(context, [tx]);
    const unsupported = coverageOf(txs);
    if (unsupported.length > 0) return `the EVM circuit does not cover: ${unsupported.join(", ")}`;
    let header = headers.get(context);
    if (header === undefined) headers.set(context, (header = blockHeaderTrace(context)));
    const block: BlockTrace = { header, stateRootBefore: NO_ROOT, stateRootAfter: NO_ROOT, txs, bytecodes: [...bytecodes] };
    try {
      batchUsageWithoutTrees([block], capacity, params);
      return undefined;
    } catch (error) {
      if (error instanceof BatchCapacityError) return `alone it exceeds the batch circuit's capacity: ${error.message}`;
      // a witness the circuit's builders refuse is one no batch proof can be made from
      return `its batch witness cannot be made: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
};

