/**
 * Entry of an embedded-pool worker thread (pool.ts): runs one job per message, posting progress and then the
 * proof (its buffer transferred, not copied), the circuit's refusal of the batch (UnprovableBatchError: no run
 * changes it) or the error.
 */
import { parentPort } from "node:worker_threads";
import { UnprovableBatchError } from "../batcher/prover.js";
import { runJob, type ProofJob } from "./runner.js";

export type WorkerReply =
  | { type: "progress"; phase: string; fraction: number | null }
  | { type: "done"; proof: Uint8Array; steps: number }
  | { type: "unprovable"; reason: string }
  | { type: "failed"; error: string };

const port = parentPort;
if (port === null) throw new Error("node/prover/worker.ts runs as a worker thread of the prover pool");
port.on("message", (job: ProofJob) => {
  const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
  runJob(job, ({ phase, fraction }) => post({ type: "progress", phase, fraction })).then(
    ({ proof, steps }) => {
      const own = proof.slice(); // a buffer of its own (the proof may view a larger or shared one) to transfer
      post({ type: "done", proof: own, steps }, [own.buffer]);
    },
    (error: unknown) =>
      post(error instanceof UnprovableBatchError ? { type: "unprovable", reason: error.reason } : { type: "failed", error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});
