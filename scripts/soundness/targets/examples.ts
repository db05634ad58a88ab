/**
 * The example circuits of circuits/plonk/examples, with the negative tests that guard every one of
 * their items. Each test models one attack and is refused by exactly one item, so deleting that
 * item lets the attack through (see engine.ts on how the score is computed).
 */
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { RangeAddCircuit } from '../../../circuits/plonk/examples/range-add.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';
import type { AllowRule, SoundnessTarget, WitnessEditor } from '../types.js';

const P = FR_MODULUS;

/** The allow rule of circuits whose padding binds nothing: cells no region assigned and no copy names. */
export const PADDING: AllowRule = {
  kind: 'unassigned',
  reason: 'padding: cells no region assigned (rows up to 2^k, the reserved last row) enable no gate and feed no copy; lookup and shuffle inputs there are multiplied by a disabled selector',
};

// ---------------------------------------------------------------------------------------------

const FIB_STEPS = 10;

/** Recomputes the Fibonacci rows from `from` on (keeping row `from`'s a and b) and the public output. */
function fibonacciFrom(w: WitnessEditor, from: number): void {
  for (let row = from; row < FIB_STEPS; row++) {
    if (row > from) {
      w.set('a', row, w.get('b', row - 1));
      w.set('b', row, w.get('c', row - 1));
    }
    w.set('c', row, w.get('a', row) + w.get('b', row));
  }
  w.set('pub', 2, w.get('c', FIB_STEPS - 1));
}

export const fibonacci: SoundnessTarget = {
  name: 'fibonacci',
  family: 'examples',
  description: 'circuits/plonk/examples/fibonacci.ts: one gate, a 3-column permutation chaining rows, instance copies',
  honest: () => { const circuit = new FibonacciCircuit(FIB_STEPS); return { circuit, k: 4, instances: circuit.instances() }; },
  negatives: [
    {
      // a prover claims a wrong result and fills the last row to match it
      name: 'forged output: last c and pub[2] both raised',
      mutate: (w) => { w.add('c', FIB_STEPS - 1, 1n); w.add('pub', 2, 1n); },
    },
    {
      name: 'wrong public output',
      inputs: () => { const circuit = new FibonacciCircuit(FIB_STEPS); const [pub] = circuit.instances(); return { circuit, k: 4, instances: [[pub[0], pub[1], pub[2] + 1n]] }; },
    },
    // the seeds are copied from the instance: a witness for other seeds than the claimed ones
    { name: 'seed f(0) differs from pub[0]', mutate: (w) => { w.add('pub', 0, 1n); } },
    { name: 'seed f(1) differs from pub[1]', mutate: (w) => { w.add('pub', 1, 1n); } },
    {
      // a sequence restarted mid-way from a different a, every gate honest, the output matching it
      name: 'chain broken at a[5] (≠ b[4]), later rows and output recomputed',
      mutate: (w) => { w.add('a', 5, 1n); fibonacciFrom(w, 5); },
    },
    {
      name: 'chain broken at b[5] (≠ c[4]), later rows and output recomputed',
      mutate: (w) => { w.add('b', 5, 1n); fibonacciFrom(w, 5); },
    },
  ],
  allow: [PADDING],
};

// ---------------------------------------------------------------------------------------------

const PAIRS = [[1n, 2n], [100n, 155n], [0n, 0n], [17n, 38n]] as const;

export const rangeAdd: SoundnessTarget = {
  name: 'range-add',
  family: 'examples',
  description: 'circuits/plonk/examples/range-add.ts: one gate, three byte lookups sharing a fixed table',
  honest: () => ({ circuit: new RangeAddCircuit(PAIRS), k: 9, instances: [] }),
  negatives: [
    { name: 'z ≠ x + y (all bytes)', mutate: (w) => { w.set('z', 2, 1n); } },
    { name: 'sum out of the byte range', inputs: () => ({ circuit: new RangeAddCircuit([...PAIRS, [200n, 100n]]), k: 9, instances: [] }) },
    // x + y = z holds in the field with x = −1: only the range check on x stops it
    { name: 'x = r − 1 wraps the field (−1 + 4 = 3)', mutate: (w) => { w.set('x', 0, P - 1n); w.set('y', 0, 4n); w.set('z', 0, 3n); } },
    { name: 'y = r − 1 wraps the field (4 − 1 = 3)', mutate: (w) => { w.set('x', 0, 4n); w.set('y', 0, P - 1n); w.set('z', 0, 3n); } },
  ],
  allow: [PADDING],
};

// ---------------------------------------------------------------------------------------------

const ROT_M = 8;

export const rotations: SoundnessTarget = {
  name: 'rotations',
  family: 'examples',
  description: 'circuits/plonk/examples/rotations.ts: a gate with rotations −1/+1, a shuffle',
  honest: () => ({ circuit: new RotationsCircuit(ROT_M), k: 4, instances: [] }),
  negatives: [
    { name: 'u is not a permutation of w', mutate: (w) => { w.set('u', 0, 5n); } },
    {
      // u follows w (u lists w backwards), so the multisets stay equal: only the gate sees it
      name: 'w[3] off the recurrence, u changed to match',
      mutate: (w) => { w.add('w', 3, 1n); w.add('u', ROT_M - 1 - 3, 1n); },
    },
  ],
  allow: [PADDING],
};

export const exampleTargets: readonly SoundnessTarget[] = [fibonacci, rangeAdd, rotations];
