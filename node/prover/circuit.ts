/**
 * What the prover service proves with: a `ProverCircuit` turns a batch record into a job input (plain JSON, so it
 * crosses to a worker thread or a Redis queue) and rebuilds the circuit and its public instances from that input.
 * Workers find a circuit through a `CircuitRef` (a module and the name it exports) and load it themselves: circuits
 * are code, not data, so they never travel in a job.
 */
import { resolve } from "node:path";
import type { Circuit } from "../../circuits/plonk/index.js";
import type { BlockTrace } from "../../circuits/witness/trace.js";
import type { StateTreeAccess } from "../../circuits/witness/smt-binding.js";
import type { BatchRecord } from "../batcher/batch.js";
import type { Provability } from "../batcher/prover.js";
import type { Hex } from "viem";
import type { Json } from "./json.js";

/** What the node gives a circuit to make a batch's job input: the batch's blocks and the state before them. */
export interface BatchSource {
  /** The step traces of blocks first…last (inclusive), made again by re-executing them (Executor.traceBlock). */
  traces(firstBlock: number, lastBlock: number): Promise<BlockTrace[]>;
  /** The state trees after block `number` (the batch's pre-state: its first block's parent). */
  stateAfter(number: number): Promise<StateTreeAccess>;
  /**
   * The senders of L1 messages start … start + count − 1, in queue order (a batch's deposit txs do not hold them;
   * the batch circuit hashes them into the messages). Optional: a source without it cannot make a deposit batch's job.
   */
  l1Senders?(start: number, count: number): Promise<Hex[]>;
}

export interface ProverCircuit<I = unknown> {
  /** Stable name; jobs carry it with the verifying key's digest. */
  readonly id: string;
  /** log2 of the circuit's rows. */
  readonly k: number;
  /** Whether the circuit covers the batch; the reason when it does not. */
  check(batch: BatchRecord): Provability;
  /** What a worker needs to rebuild the witness (JSON-serializable), from the batch and what the node holds. */
  input(batch: BatchRecord, source?: BatchSource): I | Promise<I>;
  /** The circuit with its witness; CircuitRefusalError when the input is outside it. */
  circuit(input: I): Circuit<unknown>;
  /** The circuit for keygen: keys depend on its shape only, never on a witness. */
  shape(): Circuit<unknown>;
  /** The public instances the proof is checked against, derived from the input alone. */
  instances(input: I): bigint[][];
}

/**
 * Thrown by `ProverCircuit.circuit` when its input is outside the circuit (a budget the witness exceeds, a public
 * input its blocks do not give): the worker reports the batch unprovable (runner.ts), and no run is tried again.
 */
export class CircuitRefusalError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "CircuitRefusalError";
  }
}

/**
 * A circuit as workers load it: `require(module)[name]`, or `require(module)[name](args)` where the export is a
 * factory (a circuit whose constants, such as the chain id, come from the node's config); its `id` must equal `id`.
 */
export interface CircuitRef {
  id: string;
  /** The module's path from the repository root (a prover on another machine finds it in its own checkout). */
  module: string;
  name: string;
  args?: Json;
}

export class CircuitLoadError extends Error {
  constructor(
    readonly ref: CircuitRef,
    detail: string,
  ) {
    super(`prover circuit "${ref.id}" (${ref.name} from ${ref.module}): ${detail}`);
    this.name = "CircuitLoadError";
  }
}

const ROOT = resolve(__dirname, "../..");

/** Loads the circuit a ref names (node's module cache makes repeated loads free; a factory runs per load). */
export function loadCircuit(ref: CircuitRef): ProverCircuit {
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- circuits are chosen at run time, by path
    exported = (require(resolve(ROOT, ref.module)) as Record<string, unknown>)[ref.name];
  } catch (error) {
    throw new CircuitLoadError(ref, `the module does not load: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof exported === "function") {
    try {
      exported = (exported as (args: Json | undefined) => unknown)(ref.args);
    } catch (error) {
      throw new CircuitLoadError(ref, `its factory refuses the args ${JSON.stringify(ref.args)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const circuit = exported as Partial<ProverCircuit> | undefined;
  if (circuit === undefined || typeof circuit.circuit !== "function" || typeof circuit.shape !== "function" || typeof circuit.instances !== "function") {
    throw new CircuitLoadError(ref, "the module exports no ProverCircuit under that name");
  }
  if (circuit.id !== ref.id) throw new CircuitLoadError(ref, `the export's id is "${String(circuit.id)}"`);
  return circuit as ProverCircuit;
}
