/**
 * The seam between the batcher and proving. A `BatchProver` says whether some circuit covers a batch and, if so,
 * proves it (node/prover: the batch circuit of circuits/super, registered unless the node runs with --no-prove).
 * A node without a circuit runs with `NO_BATCH_CIRCUIT`, which proves nothing: every batch is `unprovable` with a
 * reason naming what is missing, and nothing is ever marked proved or finalized without a real proof.
 */
import type { BatchRecord } from "./batch.js";

export type Provability = { provable: true } | { provable: false; reason: string };

/** Where a proving job stands: the prover phase it is in and, once the job's length is known, how far along. */
export interface JobProgress {
  phase: string;
  /** 0…1; null while the job's total work is unknown (the first proof of a circuit). */
  fraction: number | null;
  /** 1 for the first run of the job; retries after a crash or a rejected proof count up. */
  attempt: number;
}

export interface BatchProver {
  check(batch: BatchRecord): Provability;
  /**
   * The proof bytes the on-chain verifier accepts for the batch's public input [hi, lo]. Several calls may run at
   * once (node/prover runs them on a worker pool or a queue); `onProgress` hears how each advances.
   */
  prove(batch: BatchRecord, onProgress?: (progress: JobProgress) => void): Promise<Uint8Array>;
  /** Stops proving; jobs in flight reject, and a prover that persists its jobs resumes them when started again. */
  close?(): Promise<void>;
}

/**
 * A failure of the proving machinery, not of the batch: the queue unreachable, the prover closed on stop. The
 * proving loop waits and retries such a batch without counting a failed round (ProvingLoop's retry budget).
 */
export class ProverOutageError extends Error {}

export class NoCircuitError extends Error {
  constructor(readonly index: number) {
    super(`batch ${index}: no batch circuit is registered, so no proof can be made`);
    this.name = "NoCircuitError";
  }
}

/**
 * Thrown by `prove` when the batch turns out to be outside the circuit once its witness is made (a capacity it
 * exceeds, an opcode its re-made traces show): the batch is then recorded unprovable with `reason`, not retried.
 */
export class UnprovableBatchError extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`batch ${index} cannot be proven: ${reason}`);
    this.name = "UnprovableBatchError";
  }
}

/** What the EVM circuit alone would still lack for this batch (circuits/evm/coverage.ts), as a sentence. */
const evmGaps = (batch: BatchRecord): string =>
  batch.unsupportedOps === undefined
    ? "its execution traces were not kept across a node restart, so EVM coverage is unknown"
    : batch.unsupportedOps.length === 0
      ? "every step it executes has an EVM-circuit gadget"
      : `the EVM circuit does not cover: ${batch.unsupportedOps.join(", ")}`;

export const NO_BATCH_CIRCUIT: BatchProver = {
  check: (batch) => ({
    provable: false,
    reason:
      `no batch circuit registered (the node runs with --no-prove): nothing proves its ${batch.txCount} transaction(s) ` +
      `in blocks ${batch.firstBlock}–${batch.lastBlock}; ${evmGaps(batch)}`,
  }),
  prove: (batch) => Promise.reject(new NoCircuitError(batch.index)),
};
