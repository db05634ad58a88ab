/** Shared scaffolding of the prover-service tests: batch records, a silent logger, the test circuits' keys. */
import { keccak256, numberToHex, type Hex } from "viem";
import type { BatchRecord } from "../../../node/batcher/batch.js";
import { createLogger } from "../../../node/log.js";
import { loadCircuit, type CircuitRef } from "../../../node/prover/circuit.js";
import { keysFor, vkHash, type ProofJob } from "../../../node/prover/runner.js";

export const silent = createLogger("silent");

const ZERO: Hex = `0x${"00".repeat(32)}`;

/** A committed batch whose public input hash is a hash of its index (distinct per batch). */
export const committedBatch = (index: number): BatchRecord => ({
  index,
  status: "committed",
  firstBlock: index,
  lastBlock: index,
  txCount: 1,
  parentBatchHash: ZERO,
  blockContextHash: ZERO,
  parentBlockSummary: ZERO,
  lastBlockSummary: ZERO,
  batchHash: keccak256(numberToHex(index, { size: 32 })),
  prevStateRoot: ZERO,
  newStateRoot: ZERO,
  withdrawRoot: ZERO,
  txDataHash: ZERO,
  l1MessageStart: 0,
  numL1Messages: 0,
  l1MessagesHash: ZERO,
  publicInputHash: keccak256(numberToHex(1000 + index, { size: 32 })),
  withdrawals: [],
  commitTx: ZERO,
  sealedAt: 0,
});

/** The job the service would enqueue for `batch` with circuit `ref` (keys made here, as the node makes them). */
export async function jobFor(ref: CircuitRef, batch: BatchRecord, attempt = 1): Promise<ProofJob> {
  const circuit = loadCircuit(ref);
  const { pk } = await keysFor(circuit);
  return { batchIndex: batch.index, circuit: ref, vkHash: vkHash(pk.vk), input: circuit.input(batch), attempt };
}

/** Polls until `check` holds; fails after `ms`. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
