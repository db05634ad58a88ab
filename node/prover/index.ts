/**
 * node/prover: the prover service and its queues. `openProofQueue` picks the queue a `--queue` flag names: none →
 * the embedded worker-thread pool, redis://… → BullMQ on Redis with `npm run prover` processes.
 */
import type { Logger } from "pino";
import { DEFAULT_POOL_OPTIONS, WorkerPool } from "./pool.js";
import type { ProofQueue } from "./queue.js";
import { DEFAULT_QUEUE_NAME, DEFAULT_REDIS_QUEUE, RedisQueue } from "./redis-queue.js";

export { ProverService, ProvingFailedError, type ProverServiceOptions } from "./service.js";
export { WorkerPool, DEFAULT_POOL_OPTIONS, type PoolOptions } from "./pool.js";
export { RedisQueue, startRedisProver, DEFAULT_QUEUE_NAME, QueueUnreachableError } from "./redis-queue.js";
export { JobFailedError, ProverClosedError, type ProofQueue, type QueueStats } from "./queue.js";
export { CircuitLoadError, CircuitRefusalError, loadCircuit, type CircuitRef, type ProverCircuit } from "./circuit.js";

export interface QueueChoice {
  /** redis://… for the Redis queue; undefined for the embedded pool. */
  queue?: string;
  /** BullMQ queue name (default zkevm-proofs; the provers' --queue-name). */
  queueName?: string;
  /** Worker threads of the embedded pool (default 1). */
  workers?: number;
  /** Runs of one job before it fails (a crash or a prover error counts). */
  maxRuns?: number;
  /** Redis only: see RedisQueueOptions. */
  checkMs?: number;
  connectMs?: number;
}

export async function openProofQueue(choice: QueueChoice, log: Logger): Promise<ProofQueue> {
  const maxRuns = choice.maxRuns ?? DEFAULT_POOL_OPTIONS.maxRuns;
  if (choice.queue === undefined) return new WorkerPool({ size: choice.workers ?? DEFAULT_POOL_OPTIONS.size, maxRuns }, log);
  return RedisQueue.open({
    url: choice.queue,
    name: choice.queueName ?? DEFAULT_QUEUE_NAME,
    maxRuns,
    checkMs: choice.checkMs ?? DEFAULT_REDIS_QUEUE.checkMs,
    connectMs: choice.connectMs ?? DEFAULT_REDIS_QUEUE.connectMs,
    log,
  });
}
