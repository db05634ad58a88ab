/**
 * One proving job, wherever it runs (a worker thread of the embedded pool, a `prover` process on a Redis queue):
 * load the circuit, make its keys once per process, check they are the keys the node expects (the job's vkHash),
 * rebuild the witness from the job input and prove, reporting each prover phase as it starts.
 */
import type { Hex } from "viem";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserializeProvingKey, keygen, prove, serializeProvingKey, Stopwatch, type ProvingKey, type VerifyingKey } from "../../circuits/plonk/index.js";
import { devSrs, type Srs } from "../../circuits/pcs/index.js";
import { initKernel } from "../../circuits/wasm/kernel.js";
import { UnprovableBatchError, type JobProgress } from "../batcher/prover.js";
import { CircuitRefusalError, loadCircuit, type CircuitRef, type ProverCircuit } from "./circuit.js";

export interface ProofJob {
  batchIndex: number;
  circuit: CircuitRef;
  /** Digest of the verifying key the node checks the proof with; a worker whose key differs refuses the job. */
  vkHash: Hex;
  /** ProverCircuit.input of the batch. */
  input: unknown;
  attempt: number;
  /** Prover steps of an earlier proof of this circuit (its length is fixed by its shape): the progress total. */
  expectedSteps?: number;
}

export interface ProofOutput {
  proof: Uint8Array;
  /** Prover steps this proof took (the next job's `expectedSteps`). */
  steps: number;
}

export class KeyMismatchError extends Error {
  constructor(
    readonly circuit: string,
    readonly expected: Hex,
    readonly actual: Hex,
  ) {
    super(`prover circuit "${circuit}": this worker's verifying key ${actual} is not the node's ${expected} (another circuit version or SRS?)`);
    this.name = "KeyMismatchError";
  }
}

export const vkHash = (vk: VerifyingKey): Hex => `0x${vk.digest.toString(16).padStart(64, "0")}`;

interface Keys {
  srs: Srs;
  pk: ProvingKey;
}

const keys = new Map<string, Promise<Keys>>();

/**
 * Where the node leaves the proving keys it made, for the worker threads of its pool (same machine): keygen of
 * the batch circuit takes minutes, reading its key a few seconds. Named by circuit and vk hash, so a worker only
 * ever reads the key of the vk its job names (and checks it); prover processes elsewhere make their own.
 */
export const KEY_DIR = process.env.ZKEVM_KEY_DIR ?? join(tmpdir(), "zkevm-ts-keys");
const keyFile = (circuit: ProverCircuit, hash: Hex): string => join(KEY_DIR, `${circuit.id.replace(/[^\w.-]+/g, "_")}-${hash.slice(2, 18)}.pk`);

/** Writes the key where `keysFor(circuit, vkHash)` in a worker of this machine finds it (write, then rename). */
export async function shareKeys(circuit: ProverCircuit, pk: ProvingKey): Promise<void> {
  const file = keyFile(circuit, vkHash(pk.vk));
  await mkdir(KEY_DIR, { recursive: true });
  await writeFile(`${file}.${process.pid}.tmp`, serializeProvingKey(pk));
  await rename(`${file}.${process.pid}.tmp`, file);
}

async function sharedKey(circuit: ProverCircuit, expected: Hex): Promise<ProvingKey | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(keyFile(circuit, expected));
  } catch {
    return undefined; // none shared (a prover on another machine): make it
  }
  let pk: ProvingKey;
  try {
    pk = await deserializeProvingKey(bytes);
  } catch {
    return undefined; // a corrupt or foreign file: make the key instead
  }
  return vkHash(pk.vk) === expected ? pk : undefined;
}

/**
 * The circuit's proving key over the INSECURE dev SRS (circuits/pcs devSrs) — a ceremony SRS (importPtau) is
 * needed before anything holds value. With `expected` (a worker's job names the node's vk hash) a key the node
 * shared is read instead of made.
 */
export function keysFor(circuit: ProverCircuit, expected?: Hex): Promise<Keys> {
  let made = keys.get(circuit.id);
  if (made === undefined) {
    made = (async () => {
      await initKernel();
      const srs = devSrs(circuit.k);
      const shared = expected === undefined ? undefined : await sharedKey(circuit, expected);
      return { srs, pk: shared ?? (await keygen(srs, circuit.shape(), circuit.k)) };
    })();
    keys.set(circuit.id, made);
  }
  return made;
}

/** Counts the prover's timed steps and reports the phase each one starts. */
class ProgressStopwatch extends Stopwatch {
  steps = 0;

  constructor(
    private readonly expected: number | undefined,
    private readonly report: (phase: string, fraction: number | null) => void,
  ) {
    super();
  }

  override async time<T>(phase: string, work: () => Promise<T> | T): Promise<T> {
    this.report(phase, this.expected === undefined ? null : Math.min(0.99, this.steps / this.expected));
    try {
      return await super.time(phase, work);
    } finally {
      this.steps++;
    }
  }
}

export async function runJob(job: ProofJob, onProgress: (progress: JobProgress) => void): Promise<ProofOutput> {
  const report = (phase: string, fraction: number | null) => onProgress({ phase, fraction, attempt: job.attempt });
  const circuit = loadCircuit(job.circuit);
  report("keygen", job.expectedSteps === undefined ? null : 0);
  const { srs, pk } = await keysFor(circuit, job.vkHash);
  if (vkHash(pk.vk) !== job.vkHash) throw new KeyMismatchError(circuit.id, job.vkHash, vkHash(pk.vk));
  let made;
  try {
    made = circuit.circuit(job.input);
  } catch (error) {
    throw error instanceof CircuitRefusalError ? new UnprovableBatchError(job.batchIndex, error.reason) : error;
  }
  const sw = new ProgressStopwatch(job.expectedSteps, report);
  const proof = await prove(pk, srs, made, circuit.instances(job.input), sw);
  return { proof, steps: sw.steps };
}
