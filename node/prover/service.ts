/**
 * The prover service: the node's `BatchProver` when a circuit is registered. `check` asks the registered circuits
 * whether one covers the batch (else the batch is unprovable, with each circuit's reason); `prove` records a job in
 * the node's KV store, runs it on the queue (embedded worker pool or Redis) and verifies the returned proof with
 * the TS verifier against instances the node derives from the batch itself: a proof that does not verify is never
 * accepted, the job runs again as a new attempt. A worker that refuses the batch (its circuit cannot take the
 * witness: UnprovableBatchError) is believed only once the node's own circuit refuses it too; then the batch is
 * unprovable, with no further attempt. Open jobs found at start resume at once, their interrupted attempt run again.
 */
import type { Logger } from "pino";
import type { Hex } from "viem";
import { verify, type VerifyingKey } from "../../circuits/plonk/index.js";
import type { BatchRecord } from "../batcher/batch.js";
import { NO_BATCH_CIRCUIT, ProverOutageError, UnprovableBatchError, type BatchProver, type JobProgress, type Provability } from "../batcher/prover.js";
import type { KvStore } from "../store/kv.js";
import { ProgressBars } from "./bars.js";
import { CircuitRefusalError, loadCircuit, type BatchSource, type CircuitRef, type ProverCircuit } from "./circuit.js";
import { JobStore, type JobRecord } from "./job-store.js";
import { ProverClosedError, type ProofQueue, type QueueStats } from "./queue.js";
import { keysFor, shareKeys, vkHash, type ProofJob } from "./runner.js";

export interface ProverServiceOptions {
  /** The node's store: jobs live next to the batches. */
  kv: KvStore;
  circuits: CircuitRef[];
  queue: ProofQueue;
  /** Attempts per job (a rejected proof or a queue failure ends one) before `prove` rejects. */
  maxAttempts: number;
  log: Logger;
  /** Progress bars on stderr; default: when stderr is a TTY. */
  bars?: boolean;
  /** The node's blocks and state, for circuits whose input needs them (the batch circuit). */
  source?: BatchSource;
}

export class ProvingFailedError extends Error {
  constructor(
    readonly batchIndex: number,
    readonly attempts: number,
    readonly lastError: string,
  ) {
    super(`batch ${batchIndex}: no accepted proof after ${attempts} attempt(s); last: ${lastError}`);
    this.name = "ProvingFailedError";
  }
}

interface Registered {
  ref: CircuitRef;
  circuit: ProverCircuit;
  vk: VerifyingKey;
  vkHash: Hex;
}

interface Running {
  record: JobRecord;
  proof: Promise<Uint8Array>;
  progress?: JobProgress;
  listeners: Set<(progress: JobProgress) => void>;
}

/** Why `circuit` refuses `input` (CircuitRefusalError once its witness is made); undefined when it takes it. */
const refusalOf = (circuit: ProverCircuit, input: unknown): string | undefined => {
  try {
    circuit.circuit(input);
    return undefined;
  } catch (error) {
    if (error instanceof CircuitRefusalError) return error.reason;
    throw error;
  }
};

const sameJob = (a: Pick<JobRecord, "circuit" | "vkHash" | "input">, b: Pick<JobRecord, "circuit" | "vkHash" | "input">): boolean =>
  a.circuit === b.circuit && a.vkHash === b.vkHash && JSON.stringify(a.input) === JSON.stringify(b.input);

export class ProverService implements BatchProver {
  private readonly jobs = new Map<number, Running>();
  /** Prover steps of each circuit's last proof: the progress total of the next. */
  private readonly steps = new Map<string, number>();
  private readonly store: JobStore;
  private readonly bars: ProgressBars | undefined;
  private closed = false;

  private constructor(
    private readonly circuits: Registered[],
    private readonly options: ProverServiceOptions,
  ) {
    this.store = new JobStore(options.kv);
    this.bars = (options.bars ?? process.stderr.isTTY === true) ? new ProgressBars() : undefined;
  }

  /** Loads the circuits, makes their verifying keys here (the node's own, never a worker's) and resumes open jobs. */
  static async start(options: ProverServiceOptions): Promise<ProverService> {
    const circuits: Registered[] = [];
    for (const ref of options.circuits) {
      const circuit = loadCircuit(ref);
      const { pk } = await keysFor(circuit);
      await shareKeys(circuit, pk);
      circuits.push({ ref, circuit, vk: pk.vk, vkHash: vkHash(pk.vk) });
    }
    const service = new ProverService(circuits, options);
    for (const record of await service.store.open()) {
      options.log.info({ batch: record.batchIndex, circuit: record.circuit, attempts: record.attempts }, "resuming an unfinished proving job");
      service.launch(record, true);
    }
    return service;
  }

  check(batch: BatchRecord): Provability {
    // the node's own case until issue #10: no batch circuit, so the reason names what is missing
    if (this.circuits.length === 0) return NO_BATCH_CIRCUIT.check(batch);
    const reasons: string[] = [];
    for (const { circuit } of this.circuits) {
      const verdict = circuit.check(batch);
      if (verdict.provable) return verdict;
      reasons.push(`${circuit.id}: ${verdict.reason}`);
    }
    return { provable: false, reason: reasons.join("; ") };
  }

  async prove(batch: BatchRecord, onProgress?: (progress: JobProgress) => void): Promise<Uint8Array> {
    if (this.closed) throw new ProverClosedError(batch.index);
    const registered = this.circuits.find((c) => c.circuit.check(batch).provable);
    if (registered === undefined) {
      const verdict = this.check(batch);
      throw new ProvingFailedError(batch.index, 0, verdict.provable ? "no circuit covers the batch" : verdict.reason);
    }
    const wanted = { circuit: registered.circuit.id, vkHash: registered.vkHash, input: await registered.circuit.input(batch, this.options.source) };
    let running = this.jobs.get(batch.index);
    if (running === undefined || !sameJob(running.record, wanted)) {
      const stored = await this.store.get(batch.index);
      const proof = stored?.status === "done" && sameJob(stored, wanted) ? await this.store.proof(batch.index) : undefined;
      // a proof accepted before a restart, not yet marked on the batch: checked again, it is the answer
      if (proof !== undefined && verify(registered.vk, registered.circuit.instances(wanted.input), proof).ok) return proof;
      const started = this.jobs.get(batch.index); // by a call that overtook this one while the store answered
      running = started !== undefined && sameJob(started.record, wanted)
        ? started
        : this.launch({ batchIndex: batch.index, ...wanted, attempts: 0, status: "open", updatedAt: Date.now() });
    }
    if (onProgress !== undefined) {
      const listener = onProgress;
      running.listeners.add(listener);
      if (running.progress !== undefined) listener(running.progress);
      void running.proof.finally(() => running.listeners.delete(listener)).catch(() => undefined);
    }
    return running.proof;
  }

  /** The verifying key the node checks proofs of circuit `id` with (the on-chain verifier must be made from it). */
  verifyingKey(id: string): VerifyingKey | undefined {
    return this.circuits.find((c) => c.circuit.id === id)?.vk;
  }

  /** Where the batch's job stands, while one runs. */
  progress(batchIndex: number): JobProgress | undefined {
    return this.jobs.get(batchIndex)?.progress;
  }

  /** The queue's workers and depth, and the circuits registered (ids). */
  async stats(): Promise<QueueStats & { circuits: string[] }> {
    return { ...(await this.options.queue.stats()), circuits: this.circuits.map((c) => c.circuit.id) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.options.queue.close();
    await Promise.allSettled([...this.jobs.values()].map((j) => j.proof));
    this.bars?.stop();
  }

  private launch(record: JobRecord, resumed = false): Running {
    const running: Running = { record, proof: Promise.resolve(new Uint8Array()), listeners: new Set() };
    running.proof = this.drive(running, resumed).finally(() => {
      if (this.jobs.get(record.batchIndex) === running) this.jobs.delete(record.batchIndex);
      this.bars?.finish(record.batchIndex);
    });
    running.proof.catch(() => undefined); // the caller of prove() sees the failure; a resumed job may have none yet
    this.jobs.set(record.batchIndex, running);
    return running;
  }

  private emit(running: Running, progress: JobProgress): void {
    running.progress = progress;
    this.bars?.update(running.record.batchIndex, progress);
    for (const listener of running.listeners) listener(progress);
  }

  /**
   * Runs attempts until a proof verifies or `maxAttempts` are used. A job resumed after a restart runs its
   * interrupted attempt again under the same number (the Redis queue then re-attaches to that attempt's job).
   */
  private async drive(running: Running, resumed: boolean): Promise<Uint8Array> {
    const index = running.record.batchIndex;
    const registered = this.circuits.find((c) => c.circuit.id === running.record.circuit && c.vkHash === running.record.vkHash);
    let record = running.record;
    let lastError = registered === undefined
      ? `no registered circuit "${record.circuit}" with verifying key ${record.vkHash} (circuits changed since the job was made)`
      : `${record.attempts} attempt(s) made, more than maxAttempts (${this.options.maxAttempts})`;
    const first = resumed && record.attempts > 0 ? record.attempts : record.attempts + 1;
    for (let attempt = first; registered !== undefined && attempt <= this.options.maxAttempts; attempt++) {
      record = running.record = { ...record, attempts: attempt, status: "open" };
      await this.store.put(record);
      const job: ProofJob = { batchIndex: index, circuit: registered.ref, vkHash: registered.vkHash, input: record.input, attempt, expectedSteps: this.steps.get(record.circuit) };
      this.emit(running, { phase: "queued", fraction: job.expectedSteps === undefined ? null : 0, attempt });
      let output;
      try {
        output = await this.options.queue.run(job, (progress) => this.emit(running, progress));
      } catch (error) {
        // not the job's fault (closed on stop, queue unreachable): the job stays open, and no attempt is used up
        if (error instanceof ProverOutageError) throw error;
        // a prover's refusal is only its word (a remote one may be wrong): the node makes the witness to confirm it
        const refusal = error instanceof UnprovableBatchError ? refusalOf(registered.circuit, record.input) : undefined;
        if (refusal !== undefined) {
          await this.store.put((running.record = { ...record, status: "failed", error: refusal }));
          throw new UnprovableBatchError(index, refusal); // no attempt changes the witness
        }
        lastError = error instanceof UnprovableBatchError
          ? `a prover refused the batch (${error.reason}), but the node's circuit takes it`
          : error instanceof Error ? error.message : String(error);
        this.options.log.warn({ batch: index, attempt, err: lastError }, "proving attempt failed");
        continue;
      }
      this.emit(running, { phase: "verifying", fraction: 1, attempt });
      const verdict = verify(registered.vk, registered.circuit.instances(record.input), output.proof);
      if (verdict.ok) {
        this.steps.set(record.circuit, output.steps);
        await this.store.put((running.record = { ...record, status: "done", error: undefined }), output.proof);
        this.options.log.info({ batch: index, attempt, proofBytes: output.proof.length }, "proof verified and accepted");
        return output.proof;
      }
      lastError = `a worker's proof does not verify: ${verdict.reason}`;
      this.options.log.warn({ batch: index, attempt, reason: verdict.reason }, "rejected a proof that does not verify; proving again");
    }
    await this.store.put((running.record = { ...record, status: "failed", error: lastError }));
    throw new ProvingFailedError(index, record.attempts, lastError);
  }
}
