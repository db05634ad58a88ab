/**
 * The queue seam between the node and whatever runs proofs: the embedded worker-thread pool (pool.ts, default) or
 * BullMQ on Redis with `prover` processes anywhere (redis-queue.ts). A queue runs a job until some worker returns
 * proof bytes, retrying jobs whose worker died; it never judges a proof: the node verifies every one
 * (service.ts) and submits the job again, as a new attempt, when the bytes do not verify.
 */
import { ProverOutageError, type JobProgress } from "../batcher/prover.js";
import type { ProofJob, ProofOutput } from "./runner.js";

export interface ProofQueue {
  /** Enqueues the job; resolves with the first proof a worker returns, progress events meanwhile. */
  run(job: ProofJob, onProgress: (progress: JobProgress) => void): Promise<ProofOutput>;
  /** Who proves and how many jobs wait (the status page). */
  stats(): Promise<QueueStats>;
  /** Stops taking and running jobs; jobs in flight reject with ProverClosedError. */
  close(): Promise<void>;
}

export interface QueueStats {
  kind: "embedded" | "redis";
  /** Provers able to take jobs now: the pool's started worker threads, or the prover processes Redis lists. */
  workers: { name: string; busy?: boolean }[];
  /** Most jobs run at once: the pool's size; null for Redis (each prover process sets its own concurrency). */
  capacity: number | null;
  waiting: number;
  running: number;
}

export class ProverClosedError extends ProverOutageError {
  constructor(readonly batchIndex: number) {
    super(`batch ${batchIndex}: the prover queue was closed before the job finished (it resumes on the next start)`);
    this.name = "ProverClosedError";
  }
}

/** A job no worker could finish: each run crashed or threw. */
export class JobFailedError extends Error {
  constructor(
    readonly batchIndex: number,
    readonly runs: number,
    readonly lastError: string,
  ) {
    super(`batch ${batchIndex}: proving failed ${runs} time(s); last: ${lastError}`);
    this.name = "JobFailedError";
  }
}
