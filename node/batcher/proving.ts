/**
 * Drives committed batches through proving: committed → proving → proved (proof stored with the record), in
 * batch order, one at a time, with the `BatchProver` seam. A batch found `proving` at start-up was interrupted and
 * goes back to committed; a prover failure is retried on the next wake-up; a prover that finds the batch outside
 * its circuit marks it unprovable. With `NO_BATCH_CIRCUIT` no batch ever reaches `committed` (all are sealed
 * unprovable), so this loop idles. The worker-pool prover of node/prover replaces the in-process call.
 */
import type { Logger } from "pino";
import type { BatchStore } from "../store/batch-store.js";
import { transition } from "./batch.js";
import type { BatchProver } from "./prover.js";

export class ProvingLoop {
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly batches: BatchStore,
    private readonly prover: BatchProver,
    private readonly log: Logger,
  ) {}

  /** Resets interrupted jobs (proving → committed); call once before the first `wake`. */
  async recover(): Promise<void> {
    for (let index = 1, count = await this.batches.count(); index < count; index++) {
      const batch = await this.batches.get(index);
      if (batch?.status === "proving") await this.batches.update(transition(batch, "committed"));
    }
  }

  /** Proves every committed batch not yet proved (serialized with any run in progress). */
  wake(): Promise<void> {
    this.running = this.running.then(() => this.proveAll()).catch((error: unknown) => this.log.error({ err: error }, "proving failed; retried on the next wake-up"));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async proveAll(): Promise<void> {
    for (let index = 1, count = await this.batches.count(); index < count && !this.stopped; index++) {
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
      let proof: Uint8Array;
      try {
        proof = await this.prover.prove(proving);
      } catch (error) {
        await this.batches.update(transition(proving, "committed"));
        throw error;
      }
      await this.batches.update(transition(proving, "proved"), proof);
      this.log.info({ index, proofBytes: proof.length }, "batch proved");
    }
  }
}
