/**
 * Drives committed batches through proving: committed → proving → proved (proof stored with the record) with the
 * `BatchProver` seam. Every committed batch's job starts at once, so a prover with several workers (node/prover)
 * proves several batches together; results land in any order (L1 finalizes in batch order anyway). A batch found
 * `proving` at start-up was interrupted and goes back to committed (node/prover resumes its persisted job); a
 * prover that finds the batch outside its circuit (at `check`, or once its witness is made: UnprovableBatchError)
 * marks it unprovable. With `NO_BATCH_CIRCUIT` no batch ever reaches `committed` (all are sealed unprovable), so
 * this loop idles.
 *
 * A failed proving round (the prover gave up after its own attempts: a proof that never verifies, workers that keep
 * crashing) puts the batch back to committed and counts on its record (`provingRounds`, persisted, so a restart
 * keeps the count); the next round starts after a backoff doubling from `retryMs`, and after `maxRounds` failed
 * rounds the batch is unprovable with the last error as its reason, instead of being proved again forever. An
 * outage of the prover (ProverOutageError: queue unreachable, prover closed) is not the batch's failure: it is
 * retried after the same kind of backoff, without counting.
 */
import type { Logger } from "pino";
import type { BatchStore } from "../store/batch-store.js";
import { transition, type BatchRecord } from "./batch.js";
import { ProverOutageError, UnprovableBatchError, type BatchProver, type JobProgress } from "./prover.js";

/** Progress of the jobs in flight, per batch store (what rollup_getBatch reports for a `proving` batch). */
const boards = new WeakMap<BatchStore, Map<number, JobProgress>>();

const boardOf = (batches: BatchStore): Map<number, JobProgress> => {
  let board = boards.get(batches);
  if (board === undefined) boards.set(batches, (board = new Map()));
  return board;
};

/** Where the proving job of batch `index` stands, while the node proves it. */
export const provingProgress = (batches: BatchStore, index: number): JobProgress | undefined => boards.get(batches)?.get(index);

/** The latest accepted proof (the status page). */
export interface ProvedInfo {
  index: number;
  seconds: number;
  bytes: number;
  /** Unix milliseconds. */
  at: number;
}

export interface ProvingRetryOptions {
  /** Failed proving rounds after which a batch is unprovable. */
  maxRounds: number;
  /** Pause before the second round (and after a first outage), doubling per failure up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
}

export const DEFAULT_PROVING_RETRY: ProvingRetryOptions = { maxRounds: 5, retryMs: 30_000, maxRetryMs: 600_000 };

export class ProvingLoop {
  lastProof: ProvedInfo | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly progress: Map<number, JobProgress>;
  private readonly retry: ProvingRetryOptions;
  /**
   * When a batch whose round failed (or met an outage) may start again (unix ms), while it is under the same
   * commitment (a batch reverted on L1 and committed again starts afresh).
   */
  private readonly notBefore = new Map<number, { at: number; commitTx: string | undefined }>();
  /** Consecutive prover outages (their backoff grows across batches: it is one prover). */
  private outages = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly batches: BatchStore,
    private readonly prover: BatchProver,
    private readonly log: Logger,
    /** Told of every accepted proof: the batch, the seconds from proving start to the proof, its size (metrics). */
    private readonly onProved?: (index: number, seconds: number, bytes: number) => void,
    retry: Partial<ProvingRetryOptions> = {},
  ) {
    this.progress = boardOf(batches);
    this.retry = { ...DEFAULT_PROVING_RETRY, ...retry };
    if (!Number.isSafeInteger(this.retry.maxRounds) || this.retry.maxRounds < 1) throw new RangeError(`maxRounds must be an integer ≥ 1, got ${this.retry.maxRounds}`);
  }

  /**
   * Resets interrupted jobs (proving → committed), and puts an unprovable batch the owner reverted on L1 back to
   * pending when the prover now covers it (the node restarted with a wider circuit or a fixed prover), so the L1
   * service commits it again and it is proved; call once before the first `wake`.
   */
  async recover(): Promise<void> {
    for (let index = 1, count = await this.batches.count(); index < count; index++) {
      const batch = await this.batches.get(index);
      if (batch?.status === "proving") await this.batches.update(transition(batch, "committed"));
      else if (batch?.status === "unprovable" && batch.revertTx !== undefined && batch.commitTx === undefined && this.prover.check(batch).provable) {
        await this.batches.update(transition(batch, "pending", { reason: undefined, provingRounds: undefined, provingError: undefined }));
        this.log.info({ index, was: batch.reason }, "a batch reverted on L1 as unprovable is covered by this prover now: committed and proved again");
      }
    }
  }

  /** Starts proving every committed batch not yet proving (serialized with any scan in progress). */
  wake(): Promise<void> {
    this.running = this.running.then(() => this.startAll()).catch((error: unknown) => this.log.error({ err: error }, "proving failed; retried on the next wake-up"));
    return this.running;
  }

  /** Resolves once every job started so far has ended (tests; jobs go on in the background otherwise). */
  async settled(): Promise<void> {
    await this.running;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Stops the prover: jobs in flight end, their batches stay `proving` until `recover` on the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.prover.close?.();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async startAll(): Promise<void> {
    for (let index = 1, count = await this.batches.count(); index < count && !this.stopped; index++) {
      if (this.inFlight.has(index)) continue;
      const batch = await this.batches.get(index);
      if (batch?.status !== "committed") continue;
      const wait = this.notBefore.get(index);
      if (wait !== undefined && wait.commitTx === batch.commitTx && wait.at > Date.now()) {
        this.wakeAt(wait.at);
        continue;
      }
      this.notBefore.delete(index);
      const verdict = this.prover.check(batch);
      if (!verdict.provable) {
        await this.batches.update(transition(batch, "unprovable", { reason: verdict.reason }));
        continue;
      }
      const proving = transition(batch, "proving");
      await this.batches.update(proving);
      this.log.info({ index, failedRounds: batch.provingRounds ?? 0 }, "proving batch");
      const started = performance.now();
      const job = this.prove(index, started, this.prover.prove(proving, (progress) => this.progress.set(index, progress)))
        .finally(() => {
          this.inFlight.delete(index);
          this.progress.delete(index);
        })
        .then((stale) => void (stale && this.wake())); // reverted on L1 meanwhile, maybe committed again: a fresh job
      this.inFlight.set(index, job);
    }
  }

  /** Wakes the loop at unix ms `at` (or at an earlier time already planned). */
  private wakeAt(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timerAt = Infinity;
      void this.wake();
    }, at - Date.now());
    this.timer.unref();
  }

  /** The pause before the next try after `failures` consecutive failures (1 = the first). */
  private backoff(failures: number): number {
    return Math.min(this.retry.maxRetryMs, this.retry.retryMs * 2 ** Math.min(failures - 1, 30));
  }

  /**
   * Puts batch `index` back to committed after a failed round or an outage; a failed round counts. True when the
   * batch was no longer proving (reverted on L1 meanwhile: its record was reset), so nothing was recorded.
   */
  private async failed(index: number, error: unknown): Promise<boolean> {
    const batch = await this.batches.get(index);
    if (batch?.status !== "proving") return true;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProverOutageError) {
      const pause = this.backoff(++this.outages);
      await this.batches.update(transition(batch, "committed"));
      this.retryAfter(batch, pause);
      this.log.warn({ index, err: message, retryInMs: pause }, "prover unavailable; batch waits (not counted as a failed round)");
    } else {
      this.outages = 0;
      const rounds = (batch.provingRounds ?? 0) + 1;
      if (rounds >= this.retry.maxRounds) {
        const reason = `no accepted proof in ${rounds} proving round(s); last: ${message}`;
        await this.batches.update(transition(batch, "unprovable", { reason, provingRounds: rounds, provingError: message }));
        this.log.error({ index, rounds, err: message }, "proving failed too often; batch marked unprovable");
        return false;
      }
      const pause = this.backoff(rounds);
      await this.batches.update(transition(batch, "committed", { provingRounds: rounds, provingError: message }));
      this.retryAfter(batch, pause);
      this.log.error({ index, rounds, maxRounds: this.retry.maxRounds, err: message, retryInMs: pause }, "proving round failed; retried after a backoff");
    }
    return false;
  }

  private retryAfter(batch: BatchRecord, ms: number): void {
    const at = Date.now() + ms;
    this.notBefore.set(batch.index, { at, commitTx: batch.commitTx });
    this.wakeAt(at);
  }

  /**
   * Records the outcome of batch `index`'s proof; the record is read again (the L1 client writes to it too). True
   * when the outcome was dropped because the batch is no longer proving.
   */
  private async prove(index: number, started: number, proof: Promise<Uint8Array>): Promise<boolean> {
    let bytes: Uint8Array;
    try {
      bytes = await proof;
    } catch (error) {
      if (this.stopped) return false; // left `proving`: recover() puts it back on the next start
      if (error instanceof UnprovableBatchError) {
        const batch = await this.batches.get(index);
        if (batch?.status !== "proving") return true;
        await this.batches.update(transition(batch, "unprovable", { reason: error.reason }));
        this.log.warn({ index, reason: error.reason }, "batch is unprovable");
        return false;
      }
      return this.failed(index, error);
    }
    const batch = await this.batches.get(index);
    if (batch?.status !== "proving") {
      this.log.warn({ index, status: batch?.status }, "a proof arrived for a batch no longer proving (reverted on L1?); dropped");
      return true;
    }
    const seconds = (performance.now() - started) / 1000;
    this.outages = 0;
    await this.batches.update(transition(batch, "proved", { provingSeconds: seconds }), bytes);
    this.lastProof = { index, seconds, bytes: bytes.length, at: Date.now() };
    this.onProved?.(index, seconds, bytes.length);
    this.log.info({ index, proofBytes: bytes.length, seconds }, "batch proved");
    return false;
  }
}
