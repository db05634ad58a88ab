/**
 * Drives committed batches through proving: committed → proving → proved (proof stored with the record) with the
 * `BatchProver` seam. Every committed batch's job starts at once, so a prover with several workers (node/prover)
 * proves several batches together; results land in any order (L1 finalizes in batch order anyway). A batch found
 * `proving` at start-up was interrupted and goes back to committed (node/prover resumes its persisted job); a
 * prover failure puts the batch back to committed, retried on the next wake-up; a prover that finds the batch
 * outside its circuit (at `check`, or once its witness is made: UnprovableBatchError) marks it unprovable. With
 * `NO_BATCH_CIRCUIT` no batch ever reaches `committed` (all are sealed unprovable), so this loop idles.
 */
import type { Logger } from "pino";
import type { BatchStore } from "../store/batch-store.js";
import { transition } from "./batch.js";
import { UnprovableBatchError, type BatchProver, type JobProgress } from "./prover.js";

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

export class ProvingLoop {
  lastProof: ProvedInfo | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly progress: Map<number, JobProgress>;

  constructor(
    private readonly batches: BatchStore,
    private readonly prover: BatchProver,
    private readonly log: Logger,
    /** Told of every accepted proof: the batch, the seconds from proving start to the proof, its size (metrics). */
    private readonly onProved?: (index: number, seconds: number, bytes: number) => void,
  ) {
    this.progress = boardOf(batches);
  }

  /** Resets interrupted jobs (proving → committed); call once before the first `wake`. */
  async recover(): Promise<void> {
    for (let index = 1, count = await this.batches.count(); index < count; index++) {
      const batch = await this.batches.get(index);
      if (batch?.status === "proving") await this.batches.update(transition(batch, "committed"));
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
    await this.running;
    await this.prover.close?.();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async startAll(): Promise<void> {
    for (let index = 1, count = await this.batches.count(); index < count && !this.stopped; index++) {
      if (this.inFlight.has(index)) continue;
      const batch = await this.batches.get(index);
      if (batch?.status !== "committed") continue;
      const verdict = this.prover.check(batch);
      if (!verdict.provable) {
        await this.batches.update(transition(batch, "unprovable", { reason: verdict.reason }));
        continue;
      }
      const proving = transition(batch, "proving");
      await this.batches.update(proving);
      this.log.info({ index }, "proving batch");
      const started = performance.now();
      const job = this.prove(index, started, this.prover.prove(proving, (progress) => this.progress.set(index, progress))).finally(() => {
        this.inFlight.delete(index);
        this.progress.delete(index);
      });
      this.inFlight.set(index, job);
    }
  }

  /** Records the outcome of batch `index`'s proof; the record is read again (the L1 client writes to it too). */
  private async prove(index: number, started: number, proof: Promise<Uint8Array>): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await proof;
    } catch (error) {
      if (this.stopped) return; // left `proving`: recover() puts it back on the next start
      const batch = await this.batches.get(index);
      if (error instanceof UnprovableBatchError) {
        if (batch?.status === "proving") await this.batches.update(transition(batch, "unprovable", { reason: error.reason }));
        this.log.warn({ index, reason: error.reason }, "batch is unprovable");
        return;
      }
      if (batch?.status === "proving") await this.batches.update(transition(batch, "committed"));
      this.log.error({ index, err: error }, "proving failed; retried on the next wake-up");
      return;
    }
    const batch = await this.batches.get(index);
    if (batch?.status !== "proving") {
      this.log.warn({ index, status: batch?.status }, "a proof arrived for a batch no longer proving; dropped");
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    await this.batches.update(transition(batch, "proved", { provingSeconds: seconds }), bytes);
    this.lastProof = { index, seconds, bytes: bytes.length, at: Date.now() };
    this.onProved?.(index, seconds, bytes.length);
    this.log.info({ index, proofBytes: bytes.length, seconds }, "batch proved");
  }
}
