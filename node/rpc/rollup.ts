/** The rollup_* JSON-RPC namespace: batches as the batcher and the L1 client record them. */
import { bytesToHex, numberToHex } from "viem";
import { withdrawalsOf, type BatchRecord } from "../batcher/batch.js";
import type { JobProgress } from "../batcher/prover.js";
import { provingProgress } from "../batcher/proving.js";
import { withdrawalLeaf, withdrawalTree } from "../batcher/encoding.js";
import type { BatchStore } from "../store/batch-store.js";
import { RpcCode, RpcError, invalidParams } from "./errors.js";
import type { Method } from "./methods.js";
import { address, arity, quantity } from "./params.js";

/** A batch index: a hex quantity ("0x1") or a non-negative safe integer. */
const batchIndex = (value: unknown, name: string): number => {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw invalidParams(`${name} must be a non-negative integer, got ${value}`);
    return value;
  }
  const n = quantity(value, name);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidParams(`${name} is not a batch index: ${value}`);
  return Number(n);
};

/**
 * The JSON shape of a batch (quantities as hex, as in the eth_ namespace). `progress`: where its proving job
 * stands while the batch is `proving` (phase, fraction 0…1 or null while unknown, attempt), else null.
 * `provingRounds`: proving rounds that failed since the batch was last committed, with the last one's error. `l1`:
 * the commit and finalize transactions (null until mined), the gas each used (commitGas, finalizeGas) and, for a
 * batch the owner reverted on L1, the revertBatch transaction (revertTx; an unprovable one is not committed again).
 */
export const formatBatch = (b: BatchRecord, progress?: JobProgress) => {
  const pi = BigInt(b.publicInputHash); // the verifier's instances are its halves [hi, lo]
  return {
    index: numberToHex(b.index),
    status: b.status,
    ...(b.reason === undefined ? {} : { reason: b.reason }),
    progress: b.status === "proving" ? (progress ?? null) : null,
    provingRounds: { failed: numberToHex(b.provingRounds ?? 0), lastError: b.provingError ?? null },
    /** What the EVM circuit does not cover in this batch; null when unknown (traces lost in a restart). */
    unsupportedOps: b.index === 0 ? [] : (b.unsupportedOps ?? null),
    blocks: { first: numberToHex(b.firstBlock), last: numberToHex(b.lastBlock) },
    txCount: numberToHex(b.txCount),
    roots: { prevStateRoot: b.prevStateRoot, newStateRoot: b.newStateRoot, withdrawRoot: b.withdrawRoot },
    hashes: { batchHash: b.batchHash, parentBatchHash: b.parentBatchHash, txDataHash: b.txDataHash, l1MessagesHash: b.l1MessagesHash, blockContextHash: b.blockContextHash, publicInputHash: b.publicInputHash },
    publicInput: b.index === 0 ? null : [numberToHex(pi >> 128n), numberToHex(pi & ((1n << 128n) - 1n))],
    l1Messages: { start: numberToHex(b.l1MessageStart), count: numberToHex(b.numL1Messages) },
    withdrawals: b.withdrawals.map((w) => ({ to: w.to, amount: numberToHex(BigInt(w.amount)), nonce: numberToHex(BigInt(w.nonce)) })),
    l1: {
      commitTx: b.commitTx ?? null,
      finalizeTx: b.finalizeTx ?? null,
      // present once recorded (absent, as `reason` is, before the transaction is mined or in an older node's record)
      ...(b.commitGas === undefined ? {} : { commitGas: numberToHex(BigInt(b.commitGas)) }),
      ...(b.finalizeGas === undefined ? {} : { finalizeGas: numberToHex(BigInt(b.finalizeGas)) }),
      ...(b.revertTx === undefined ? {} : { revertTx: b.revertTx }),
    },
  };
};

export const rollupMethods = (batches: BatchStore): Record<string, Method> => {
  const batchOrThrow = async (raw: unknown): Promise<BatchRecord> => {
    const index = batchIndex(raw, "batchIndex");
    const batch = await batches.get(index);
    if (batch === undefined) throw new RpcError(RpcCode.SERVER_ERROR, `unknown batch ${index}: ${await batches.count()} batch(es) sealed so far (indices from 0, the genesis batch)`);
    return batch;
  };
  return {
    rollup_batchCount: async (p) => (arity(p, 0, 0, "rollup_batchCount"), numberToHex(await batches.count())),
    rollup_getBatch: async (p) => {
      arity(p, 1, 1, "rollup_getBatch");
      const batch = await batchOrThrow(p[0]);
      return formatBatch(batch, provingProgress(batches, batch.index));
    },
    /** The proof the L1 verifier checks, as hex; null until the batch is proved (never, without a circuit). */
    rollup_getBatchProof: async (p) => {
      arity(p, 1, 1, "rollup_getBatchProof");
      const batch = await batchOrThrow(p[0]);
      const proof = batch.status === "proved" || batch.status === "finalized" ? await batches.proof(batch.index) : undefined;
      return proof === undefined ? null : bytesToHex(proof);
    },
    /**
     * What ZkRollup.claimWithdrawal takes for the withdrawal of batch `batchIndex` whose leaf nonce (the withdrawing
     * L2 tx's nonce) is `nonce` (claimable once finalized). Two senders may withdraw with the same nonce in one
     * batch: then `to` (the withdrawing account, the leaf's recipient) must name which.
     */
    rollup_getWithdrawalProof: async (p) => {
      arity(p, 2, 3, "rollup_getWithdrawalProof");
      const batch = await batchOrThrow(p[0]);
      const nonce = batchIndex(p[1], "withdrawalNonce");
      const to = p[2] === undefined || p[2] === null ? undefined : address(p[2], "to").toString().toLowerCase();
      const withdrawals = withdrawalsOf(batch);
      const matching = withdrawals.flatMap((w, i) => (w.nonce === BigInt(nonce) && (to === undefined || w.to.toLowerCase() === to) ? [i] : []));
      if (matching.length === 0) {
        const held = withdrawals.length === 0 ? "no withdrawals" : `withdrawals of nonce ${withdrawals.map((w) => w.nonce).join(", ")}`;
        throw new RpcError(RpcCode.SERVER_ERROR, `batch ${batch.index} holds ${held}, not one of nonce ${nonce}${to === undefined ? "" : ` to ${to}`}`);
      }
      if (matching.length > 1) {
        throw invalidParams(`batch ${batch.index} holds ${matching.length} withdrawals of nonce ${nonce} (to ${matching.map((i) => withdrawals[i].to).join(", ")}): pass the withdrawing account as the third parameter`);
      }
      const position = matching[0];
      const w = withdrawals[position];
      return {
        batchIndex: numberToHex(batch.index),
        finalized: batch.status === "finalized",
        withdrawal: { to: w.to, amount: numberToHex(w.amount), nonce: numberToHex(w.nonce) },
        proof: withdrawalTree(withdrawals.map(withdrawalLeaf)).proof(position),
        withdrawRoot: batch.withdrawRoot,
      };
    },
  };
};
