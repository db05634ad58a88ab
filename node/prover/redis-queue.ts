/**
 * The Redis proof queue (issue #15): BullMQ on Redis, for provers on other machines. The node side (`RedisQueue`,
 * a ProofQueue) adds jobs and hears their progress and results through BullMQ's queue events; `prover` processes
 * (`startRedisProver`, cli.ts) pull jobs and prove them on their own worker-thread pool, so their main thread
 * stays free to renew BullMQ's job locks. A prover that dies (even SIGKILL) stops renewing: once its lock expires
 * the job is found stalled and handed to another prover. Results are still only bytes: the node verifies them.
 * Redis itself may restart, and come back empty: the node checks its waiting jobs there and adds lost ones again.
 */
import { connect } from "node:net";
import { hostname } from "node:os";
import { Queue, QueueEvents, Worker, type ConnectionOptions } from "bullmq";
import type { Logger } from "pino";
import { bytesToHex, hexToBytes, isHex, type Hex } from "viem";
import { ProverOutageError, UnprovableBatchError, type JobProgress } from "../batcher/prover.js";
import { WorkerPool } from "./pool.js";
import { JobFailedError, ProverClosedError, type ProofQueue, type QueueStats } from "./queue.js";
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

/** A job's result in Redis: the proof, or the circuit's refusal of the batch (a completed job: BullMQ retries no refusal). */
type WireResult = { proof: Hex; steps: number } | { unprovable: string };

export interface RedisQueueOptions {
  url: string;
  name: string;
  /** Runs of a job before it fails: a prover's error counts (a prover's death is a stall, retried apart). */
  maxRuns: number;
  /**
   * Milliseconds between checks of the waiting jobs in Redis: a job Redis lost (restarted without persistence) is
   * added again, a result whose event was missed (the node's connection was down) is taken from the job.
   */
  checkMs: number;
  /** How long `open` waits for Redis to answer before it fails. */
  connectMs: number;
  log: Logger;
}

export const DEFAULT_REDIS_QUEUE = { checkMs: 2_000, connectMs: 10_000 } as const;

export class QueueUnreachableError extends ProverOutageError {
  constructor(
    readonly url: string,
    readonly ms: number,
  ) {
    super(`the Redis proof queue at ${url} did not answer within ${ms} ms (is redis-server running?)`);
    this.name = "QueueUnreachableError";
  }
}

interface Waiting {
  id: string;
  job: ProofJob;
  onProgress: (p: JobProgress) => void;
  resolve: (output: ProofOutput) => void;
  reject: (e: Error) => void;
}

type Outcome = { result: WireResult } | { error: string };

/** Resolves once a TCP connection to host:port opens, rejects on refusal or after `ms`. */
const reachable = (host: string, port: number, ms: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const done = (error?: Error) => (socket.destroy(), error === undefined ? resolve() : reject(error));
    socket.setTimeout(ms, () => done(new Error("timed out")));
    socket.once("error", done);
    socket.once("connect", () => done());
  });

/** BullMQ names a prover's connection `<prefix>:<queue>:w:<worker name>` (its `rawname`; `name` is the queue's). */
const proverName = (client: string | undefined): string => {
  const at = client?.indexOf(":w:") ?? -1;
  return at < 0 ? "unnamed prover" : client!.slice(at + 3);
};

export class RedisQueue implements ProofQueue {
  private readonly waiting = new Map<string, Waiting>();
  private readonly timer: NodeJS.Timeout;
  private checking = false;
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
    // 'failed' comes once a job has used all its runs (a run that will be retried emits no 'failed')
    events.on("completed", ({ jobId, returnvalue }) => this.settle(jobId, { result: returnvalue as unknown as WireResult }));
    events.on("failed", ({ jobId, failedReason }) => this.settle(jobId, { error: failedReason }));
    this.timer = setInterval(() => void this.check(), options.checkMs);
    this.timer.unref();
  }

  static async open(options: RedisQueueOptions): Promise<RedisQueue> {
    const connection = redisConnection(options.url) as { host: string; port: number };
    // a TCP probe first: BullMQ clients that never connected retry forever and cannot be closed (close() awaits the
    // connection), so they are made only once something listens
    await reachable(connection.host, connection.port, options.connectMs).catch(() => {
      throw new QueueUnreachableError(options.url, options.connectMs);
    });
    const queue = new Queue<ProofJob, WireResult>(options.name, { connection });
    const events = new QueueEvents(options.name, { connection });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new QueueUnreachableError(options.url, options.connectMs)), options.connectMs)));
    try {
      await Promise.race([Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), timeout]);
    } catch (error) {
      void Promise.allSettled([events.close(), queue.close()]); // not awaited: see above
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return new RedisQueue(queue, events, options);
  }

  run(job: ProofJob, onProgress: (progress: JobProgress) => void): Promise<ProofOutput> {
    if (this.closed) return Promise.reject(new ProverClosedError(job.batchIndex));
    // one BullMQ job per attempt: a rejected proof's next attempt is a new job, a stalled one keeps its id
    const id = `batch-${job.batchIndex}-${job.vkHash.slice(2, 18)}-attempt-${job.attempt}`;
    return new Promise<ProofOutput>((resolve, reject) => {
      const entry: Waiting = { id, job, onProgress, resolve, reject };
      this.waiting.set(id, entry);
      void this.enqueue(entry);
    });
  }

  async stats(): Promise<QueueStats> {
    const [clients, counts] = await Promise.all([this.queue.getWorkers(), this.queue.getJobCounts("waiting", "prioritized", "delayed", "active")]);
    return {
      kind: "redis",
      workers: clients.map((c) => ({ name: proverName(c.rawname) })),
      capacity: null,
      waiting: counts.waiting + counts.prioritized + counts.delayed,
      running: counts.active,
    };
  }

  /** Stops listening; jobs stay in Redis (provers may finish them) and the node's next start runs them again. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const { job, reject } of this.waiting.values()) reject(new ProverClosedError(job.batchIndex));
    this.waiting.clear();
    await this.events.close();
    await this.queue.close();
  }

  /** Adds the job (a no-op when Redis has it already); when Redis is down the next check adds it. */
  private async enqueue(entry: Waiting): Promise<void> {
    try {
      await this.queue.add("prove", entry.job, { jobId: entry.id, attempts: this.options.maxRuns, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 86_400 } });
    } catch (error) {
      this.options.log.warn({ batch: entry.job.batchIndex, job: entry.id, err: (error as Error).message }, "could not add a proving job to Redis; trying again on the next check");
    }
  }

  /** Ends the entry's wait exactly once; a result that is not proof bytes fails the run (a prover gone bad). */
  private settle(id: string, outcome: Outcome): void {
    const entry = this.waiting.get(id);
    if (entry === undefined) return;
    this.waiting.delete(id);
    const fail = (why: string) => entry.reject(new JobFailedError(entry.job.batchIndex, this.options.maxRuns, why));
    if ("error" in outcome) return fail(outcome.error);
    // whatever a prover process stored: checked field by field
    const result = outcome.result as { proof?: unknown; steps?: unknown; unprovable?: unknown } | null | undefined;
    if (typeof result?.unprovable === "string") return entry.reject(new UnprovableBatchError(entry.job.batchIndex, result.unprovable));
    if (typeof result?.proof !== "string" || !isHex(result.proof, { strict: true }) || !Number.isSafeInteger(result.steps)) {
      return fail(`a prover returned no proof bytes: ${JSON.stringify(result)?.slice(0, 120)}`);
    }
    entry.resolve({ proof: hexToBytes(result.proof), steps: result.steps as number });
  }

  /** Reconciles the waiting jobs with what Redis holds: results taken, lost jobs added again. */
  private async check(): Promise<void> {
    if (this.checking || this.waiting.size === 0) return;
    this.checking = true;
    try {
      for (const entry of [...this.waiting.values()]) {
        // the state first: a job read before it completes has no return value yet, even if its state (read after)
        // says completed; one read after its state says so has it (both are written by one script)
        const state = await this.queue.getJobState(entry.id);
        if (state === "unknown") {
          this.options.log.warn({ batch: entry.job.batchIndex, job: entry.id }, "a proving job is gone from Redis (restarted without persistence?); adding it again");
          await this.enqueue(entry);
        } else if (state === "completed" || state === "failed") {
          const bull = await this.queue.getJob(entry.id);
          if (bull === undefined) continue; // removed since: the next check adds it again
          this.settle(entry.id, state === "completed" ? { result: bull.returnvalue } : { error: bull.failedReason });
        }
      }
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message }, "could not check the proving jobs in Redis; trying again");
    } finally {
      this.checking = false;
    }
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
      let out;
      try {
        out = await pool.run(job, (progress) => void bull.updateProgress(progress).catch(() => undefined));
      } catch (error) {
        if (!(error instanceof UnprovableBatchError)) throw error;
        log.warn({ batch: job.batchIndex, job: bull.id, reason: error.reason }, "the circuit refuses the batch");
        return { unprovable: error.reason };
      }
      log.info({ batch: job.batchIndex, attempt: job.attempt, job: bull.id, proofBytes: out.proof.length }, "proof made");
      return { proof: bytesToHex(out.proof), steps: out.steps };
    },
    {
      connection: redisConnection(options.url),
      // listed by the node's status page (Redis CLIENT LIST): where the prover runs
      name: `${hostname()}/${process.pid}`,
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
