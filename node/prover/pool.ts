/**
 * The embedded proof queue: a pool of worker threads (size from config, default 1), each running one job at a
 * time with circuits/plonk (worker.ts). Jobs wait in FIFO order for a free worker. A worker that dies mid-job
 * (crash, out of memory, terminate) is replaced and its job runs again, up to `maxRuns` runs in all; a job whose
 * circuit refuses the batch (UnprovableBatchError in the worker) fails at once.
 */
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import { UnprovableBatchError, type JobProgress } from "../batcher/prover.js";
import { JobFailedError, ProverClosedError, type ProofQueue, type QueueStats } from "./queue.js";
import type { ProofJob, ProofOutput } from "./runner.js";
import type { WorkerReply } from "./worker.js";

export interface PoolOptions {
  /** Worker threads (each proves one job at a time, with the kernel's own threads under it). */
  size: number;
  /** Runs of one job before it fails (a crash or an error counts as a run). */
  maxRuns: number;
}

export const DEFAULT_POOL_OPTIONS: PoolOptions = { size: 1, maxRuns: 3 };

// Workers run TypeScript: the bootstrap registers tsx's require hook in the thread, then loads the entry (both by
// absolute path: an eval'd worker resolves modules from the working directory, which may be anywhere).
const WORKER_BOOTSTRAP = `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(resolve(__dirname, "worker.ts"))});`;

interface Task {
  job: ProofJob;
  runs: number;
  onProgress: (progress: JobProgress) => void;
  resolve: (output: ProofOutput) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task?: Task;
}

export class WorkerPool implements ProofQueue {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private closed = false;

  constructor(
    private readonly options: PoolOptions,
    private readonly log: Logger,
  ) {
    if (!Number.isSafeInteger(options.size) || options.size < 1) throw new RangeError(`prover pool size must be an integer ≥ 1, got ${options.size}`);
  }

  run(job: ProofJob, onProgress: (progress: JobProgress) => void): Promise<ProofOutput> {
    if (this.closed) return Promise.reject(new ProverClosedError(job.batchIndex));
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, runs: 0, onProgress, resolve, reject });
      this.dispatch();
    });
  }

  /** Jobs running on a worker now (tests kill them). */
  get busyWorkers(): Worker[] {
    return this.slots.filter((s) => s.task !== undefined).map((s) => s.worker);
  }

  async stats(): Promise<QueueStats> {
    const workers = this.slots.map((s) => ({ name: `worker thread ${s.worker.threadId}`, busy: s.task !== undefined }));
    return { kind: "embedded", workers, capacity: this.options.size, waiting: this.waiting.length, running: workers.filter((w) => w.busy).length };
  }

  async close(): Promise<void> {
    this.closed = true;
    const tasks = [...this.waiting.splice(0), ...this.slots.flatMap((s) => (s.task === undefined ? [] : [s.task]))];
    for (const slot of this.slots) slot.task = undefined; // their exit is ours, not a crash
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
    for (const task of tasks) task.reject(new ProverClosedError(task.job.batchIndex));
  }

  private dispatch(): void {
    while (!this.closed && this.waiting.length > 0) {
      let slot = this.slots.find((s) => s.task === undefined);
      if (slot === undefined && this.slots.length < this.options.size) slot = this.spawn();
      if (slot === undefined) return;
      this.start(slot, this.waiting.shift()!);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_BOOTSTRAP, { eval: true }) };
    slot.worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
    slot.worker.on("error", (error) => this.log.warn({ err: error }, "prover worker error"));
    slot.worker.on("exit", (code) => this.onExit(slot, code));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, task: Task): void {
    task.runs++;
    slot.task = task;
    slot.worker.postMessage(task.job);
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    const task = slot.task;
    if (task === undefined) return;
    if (reply.type === "progress") {
      task.onProgress({ phase: reply.phase, fraction: reply.fraction, attempt: task.job.attempt });
      return;
    }
    slot.task = undefined;
    if (reply.type === "done") task.resolve({ proof: reply.proof, steps: reply.steps });
    else if (reply.type === "unprovable") task.reject(new UnprovableBatchError(task.job.batchIndex, reply.reason));
    else this.retry(task, reply.error);
    this.dispatch();
  }

  /** A worker ended: replace it; a job it was running goes back to the head of the line. */
  private onExit(slot: Slot, code: number): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    const task = slot.task;
    slot.task = undefined;
    if (task !== undefined) {
      this.log.warn({ batch: task.job.batchIndex, exitCode: code, run: task.runs }, "prover worker died mid-job; running the job again");
      this.retry(task, `the worker exited with code ${code}`);
    }
    this.dispatch();
  }

  private retry(task: Task, error: string): void {
    if (task.runs >= this.options.maxRuns) task.reject(new JobFailedError(task.job.batchIndex, task.runs, error));
    else this.waiting.unshift(task);
  }
}
