/**
 * The Redis proof queue (issue #15): BullMQ on Redis, for provers on other machines. The node side (`RedisQueue`,
 * a ProofQueue) adds jobs and hears their progress and results through BullMQ's queue events; `prover` processes
 * (`startRedisProver`, cli.ts) pull jobs and prove them on their own worker-thread pool, so their main thread
 * stays free to renew BullMQ's job locks. A prover that dies (even SIGKILL) stops renewing: once its lock expires
 * the job is found stalled and handed to another prover. Results are still only bytes: the node verifies them.
 */
import { Queue, QueueEvents, Worker, type ConnectionOptions } from "bullmq";
import type { Logger } from "pino";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import type { JobProgress } from "../batcher/prover.js";
import { WorkerPool } from "./pool.js";
import { JobFailedError, ProverClosedError, type ProofQueue } from "./queue.js";
import type { ProofJob, ProofOutput } from "./runner.js";

export const DEFAULT_QUEUE_NAME = "zkevm-proofs";

export class RedisUrlError extends Error {
  constructor(readonly url: string) {
    super(`not a Redis URL: ${url} (expected redis://[user:password@]host[:port][/db])`);
    this.name = "RedisUrlError";
  }
}

/** BullMQ connection options from a redis:// URL (BullMQ opens and closes its connections itself). */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError(url);
  }
  if (parsed.protocol !== "redis:" || parsed.hostname === "") throw new RedisUrlError(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isSafeInteger(db) || db < 0) throw new RedisUrlError(url);
  return {
    host: parsed.hostname,
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    db,
    ...(parsed.username === "" ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === "" ? {} : { password: decodeURIComponent(parsed.password) }),
  };
}

interface WireResult {
  proof: Hex;
  steps: number;
}

export interface RedisQueueOptions {
  url: string;
  name: string;
  /** Runs of a job before it fails: a prover's error counts (a prover's death is a stall, retried apart). */
  maxRuns: number;
}

export class RedisQueue implements ProofQueue {
  private readonly waiting = new Map<string, { job: ProofJob; onProgress: (p: JobProgress) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(
    private readonly queue: Queue<ProofJob, WireResult>,
    private readonly events: QueueEvents,
    private readonly options: RedisQueueOptions,
  ) {
    events.on("progress", ({ jobId, data }) => {
      const entry = this.waiting.get(jobId);
      if (entry !== undefined && typeof data === "object") entry.onProgress({ ...(data as JobProgress), attempt: entry.job.attempt });
    });
  }

  static async open(options: RedisQueueOptions): Promise<RedisQueue> {
    const connection = redisConnection(options.url);
    const queue = new Queue<ProofJob, WireResult>(options.name, { connection });
    const events = new QueueEvents(options.name, { connection });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new RedisQueue(queue, events, options);
  }

  async run(job: ProofJob, onProgress: (progress: JobProgress) => void): Promise<ProofOutput> {
    if (this.closed) throw new ProverClosedError(job.batchIndex);
    // one BullMQ job per attempt: a rejected proof's next attempt is a new job, a stalled one keeps its id
    const id = `batch-${job.batchIndex}-${job.vkHash.slice(2, 18)}-attempt-${job.attempt}`;
    const added = await this.queue.add("prove", job, { jobId: id, attempts: this.options.maxRuns, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 86_400 } });
    return new Promise<ProofOutput>((resolve, reject) => {
      this.waiting.set(id, { job, onProgress, reject });
      added.waitUntilFinished(this.events).then(
        (result: WireResult) => resolve({ proof: hexToBytes(result.proof), steps: result.steps }),
        (error: unknown) => reject(new JobFailedError(job.batchIndex, this.options.maxRuns, error instanceof Error ? error.message : String(error))),
      ).finally(() => this.waiting.delete(id));
    });
  }

  /** Stops listening; jobs stay in Redis (provers may finish them) and the node's next start runs them again. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { job, reject } of this.waiting.values()) reject(new ProverClosedError(job.batchIndex));
    this.waiting.clear();
    await this.events.close();
    await this.queue.close();
  }
}

export interface RedisProverOptions {
  url: string;
  name: string;
  /** Jobs proven at once, one worker thread each. */
  concurrency: number;
  /**
   * Milliseconds a job stays claimed by this prover without a lock renewal (renewed every half of it): after a
   * prover dies, its jobs go to another prover within about this long.
   */
  lockMs: number;
  log: Logger;
}

/** A prover: pulls jobs from the queue and proves them on a worker-thread pool. */
export async function startRedisProver(options: RedisProverOptions): Promise<{ close(): Promise<void> }> {
  const { log } = options;
  const pool = new WorkerPool({ size: options.concurrency, maxRuns: 1 }, log); // BullMQ retries a failed run
  const worker = new Worker<ProofJob, WireResult>(
    options.name,
    async (bull) => {
      const job = bull.data;
      log.info({ batch: job.batchIndex, attempt: job.attempt, job: bull.id }, "proving");
      const out = await pool.run(job, (progress) => void bull.updateProgress(progress).catch(() => undefined));
      log.info({ batch: job.batchIndex, attempt: job.attempt, job: bull.id, proofBytes: out.proof.length }, "proof made");
      return { proof: bytesToHex(out.proof), steps: out.steps };
    },
    {
      connection: redisConnection(options.url),
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)),
      maxStalledCount: 3,
      // an idle prover polls every second besides waiting for BullMQ's marker, which wakes one waiting prover for
      // a burst of jobs: the others would only see the rest after the 5 s default
      drainDelay: 1,
    },
  );
  worker.on("failed", (bull, error) => log.warn({ job: bull?.id, err: error.message }, "proving run failed"));
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await pool.close();
    },
  };
}
