/**
 * A batch: a contiguous range of L2 blocks committed to L1 as one unit and proven by one batch proof.
 *
 * Status lifecycle (never skipped: a batch is proved and finalized only with a real proof):
 *   pending ──► committed ──► proving ──► proved ──► finalized
 *      │            │            │
 *      └────────────┴────────────┴──► unprovable (reason recorded; still committed to L1 for data availability,
 *                                     never finalized: the owner must revert it on L1 before later batches can)
 * and back:
 *   proving ──► committed                 a failed proving round (counted: provingRounds) or a restart
 *   committed, proving, proved ──► pending   the owner reverted the batch on L1 (revertBatch): committed again
 *   unprovable ──► pending                reverted on L1, and a restarted node's prover covers it (ProvingLoop.recover)
 * Batch 0 is the genesis batch, finalized by the contract's constructor.
 */
import type { Hex } from "viem";
import type { Withdrawal } from "./encoding.js";

export type BatchStatus = "pending" | "committed" | "proving" | "proved" | "finalized" | "unprovable";
export const BATCH_STATUSES: readonly BatchStatus[] = ["pending", "committed", "proving", "proved", "finalized", "unprovable"];

export interface BatchRecord {
  index: number;
  status: BatchStatus;
  /** Why the batch cannot be proven (status `unprovable`). */
  reason?: string;
  /** Inclusive L2 block range. */
  firstBlock: number;
  lastBlock: number;
  txCount: number;
  parentBatchHash: Hex;
  batchHash: Hex;
  prevStateRoot: Hex;
  newStateRoot: Hex;
  withdrawRoot: Hex;
  txDataHash: Hex;
  l1MessageStart: number;
  numL1Messages: number;
  l1MessagesHash: Hex;
  /** keccak of the batch's per-tx block-context records (encoding.ts blockContextHashOf); zero for batch 0. */
  blockContextHash: Hex;
  /** The summary of the block before the batch (the parent batch's lastBlockSummary; circuits/pi/public-input.ts packBlockSummary). */
  parentBlockSummary: Hex;
  /** The summary of the batch's last block, committed on L1 (ZkRollup's lastBlock); batch 0: the genesis block's. */
  lastBlockSummary: Hex;
  /** keccak of the 264-byte public input (BATCH_PI_WORD_FIELDS); the verifier's instances are its halves [hi, lo]. */
  publicInputHash: Hex;
  /** nonce: the withdrawing L2 tx's own (records of older nodes also hold a withdrawalStart: ignored). */
  withdrawals: { to: Hex; amount: string; nonce: string }[];
  /** Failed proving rounds since the batch was last committed (an outage of the prover is not one); absent = 0. */
  provingRounds?: number;
  /** Why the last proving round failed. */
  provingError?: string;
  /** L1 transaction of the owner's revertBatch that last reverted this batch (kept once it is committed again). */
  revertTx?: Hex;
  /** Wall seconds from this node's proving start to the verified proof (status `proved` and later). */
  provingSeconds?: number;
  /** L1 transaction of commitBatch / finalizeBatch, once mined. */
  commitTx?: Hex;
  finalizeTx?: Hex;
  /** Gas those two transactions used on L1, as decimal strings; absent in records of older nodes. */
  commitGas?: string;
  finalizeGas?: string;
  /**
   * What the EVM circuit does not cover among the batch's executed steps (circuits/evm/coverage.ts), deduplicated;
   * absent when some block's trace was not seen (blocks produced before a restart: traces are not stored).
   */
  unsupportedOps?: string[];
  /** Unix milliseconds. */
  sealedAt: number;
}

const NEXT: Record<BatchStatus, readonly BatchStatus[]> = {
  pending: ["committed", "unprovable"],
  // back to pending: reverted on L1 by the owner, committed again
  committed: ["proving", "unprovable", "pending"],
  // back to committed: a prover crash, a restart or a failed round retries the job
  proving: ["proved", "committed", "unprovable", "pending"],
  proved: ["finalized", "pending"],
  finalized: [],
  // only once the owner reverted it on L1 and a prover covers it now (ProvingLoop.recover)
  unprovable: ["pending"],
};

export class BatchTransitionError extends Error {
  constructor(
    readonly index: number,
    readonly from: BatchStatus,
    readonly to: BatchStatus,
  ) {
    super(`batch ${index}: cannot go from ${from} to ${to} (allowed from ${from}: ${NEXT[from].join(", ") || "none"})`);
    this.name = "BatchTransitionError";
  }
}

/** The record with its status moved to `to`; throws BatchTransitionError for a move the lifecycle forbids. */
export const transition = (batch: BatchRecord, to: BatchStatus, patch: Partial<BatchRecord> = {}): BatchRecord => {
  if (!NEXT[batch.status].includes(to)) throw new BatchTransitionError(batch.index, batch.status, to);
  return { ...batch, ...patch, status: to };
};

export const withdrawalsOf = (batch: BatchRecord): Withdrawal[] =>
  batch.withdrawals.map((w) => ({ to: w.to, amount: BigInt(w.amount), nonce: BigInt(w.nonce) }));
