/**
 * TEST CIRCUITS ONLY: never registered by the node's default config or the devnet. They let the prover service be
 * exercised with real proofs before the batch circuit exists (issue #10): circuits/plonk's Fibonacci example whose
 * seeds are the batch's public input [hi, lo], so each proof is bound to one batch's public input and nothing else.
 */
import { isMainThread } from "node:worker_threads";
import { FibonacciCircuit } from "../../../circuits/plonk/examples/fibonacci.js";
import type { BatchRecord } from "../../../node/batcher/batch.js";
import { CircuitRefusalError, type CircuitRef, type ProverCircuit } from "../../../node/prover/circuit.js";

export interface PiInput {
  hi: string;
  lo: string;
}

const STEPS = 20;
const K = 5;

const seeds = (input: PiInput): [bigint, bigint] => [BigInt(input.hi), BigInt(input.lo)];

const fibonacciOf = (id: string, instances: (input: PiInput) => bigint[][], steps = STEPS, k = K): ProverCircuit<PiInput> => ({
  id,
  k,
  check: (batch) => (batch.index > 0 ? { provable: true } : { provable: false, reason: "the genesis batch is never proven" }),
  input: (batch: BatchRecord) => {
    const pi = BigInt(batch.publicInputHash);
    return { hi: `0x${(pi >> 128n).toString(16)}`, lo: `0x${(pi & ((1n << 128n) - 1n)).toString(16)}` };
  },
  circuit: (input) => new FibonacciCircuit(steps, seeds(input)),
  shape: () => new FibonacciCircuit(steps),
  instances,
});

/** The honest test circuit: instances [hi, lo, f(STEPS + 1)]. */
export const testFibonacci = fibonacciOf("test/fibonacci-pi", (input) => new FibonacciCircuit(STEPS, seeds(input)).instances());

/** The honest circuit at k = 11 (2000 steps): for bench:provers, where proving must outweigh the node's verify. */
export const heavyFibonacci = fibonacciOf("test/fibonacci-pi-k11", (input) => new FibonacciCircuit(2000, seeds(input)).instances(), 2000, 11);

let lied = false;
/**
 * A worker that lies once: the first proof a worker thread makes is a valid proof for another public input (hi + 1),
 * the next ones are honest. The node, deriving the instances itself, must reject the first.
 */
export const lyingFibonacci = fibonacciOf("test/fibonacci-pi-lying", (input) => {
  const [hi, lo] = seeds(input);
  const lie = !isMainThread && !lied;
  if (lie) lied = true;
  return new FibonacciCircuit(STEPS, [lie ? hi + 1n : hi, lo]).instances();
});

/** A circuit that refuses every job input once its witness is made (as the batch circuit refuses an overflowing one). */
export const refusingFibonacci: ProverCircuit<PiInput> = {
  ...testFibonacci,
  id: "test/fibonacci-pi-refusing",
  circuit: () => {
    throw new CircuitRefusalError("the test circuit refuses every batch");
  },
};

let refused = false;
/**
 * A worker that refuses once: the first job a worker thread runs is refused although the circuit takes it (a prover
 * gone wrong); the node, making the witness itself, must not believe it.
 */
export const falselyRefusingFibonacci: ProverCircuit<PiInput> = {
  ...testFibonacci,
  id: "test/fibonacci-pi-falsely-refusing",
  circuit: (input) => {
    if (!isMainThread && !refused) {
      refused = true;
      throw new CircuitRefusalError("a prover's false refusal");
    }
    return testFibonacci.circuit(input);
  },
};

const CIRCUITS = { testFibonacci, lyingFibonacci, heavyFibonacci, refusingFibonacci, falselyRefusingFibonacci };

export const ref = (name: keyof typeof CIRCUITS): CircuitRef => ({
  id: CIRCUITS[name].id,
  module: "test/node/prover/test-circuits.ts",
  name,
});
