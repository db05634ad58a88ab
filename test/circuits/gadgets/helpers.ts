/** Shared scaffolding for the gadget tests: a circuit from two closures, failure summaries, cell corruption. */
import {
  MockProver, failureSummary, synthesize, type Assignment, type Circuit, type ConstraintSystem, type Layouter,
} from '../../../circuits/plonk/index.js';
import { FR_MODULUS } from '../../../circuits/field/constants.js';

export class TestCircuit<C> implements Circuit<C> {
  constructor(private readonly conf: (cs: ConstraintSystem) => C, private readonly synth: (config: C, layouter: Layouter) => void) {}
  configure(cs: ConstraintSystem): C { return this.conf(cs); }
  synthesize(config: C, layouter: Layouter): void { this.synth(config, layouter); }
}

export const summary = failureSummary;

export interface Edit { column: string; row: number; value: bigint | ((old: bigint) => bigint) }

/** Applies edits to advice cells (by column name), values mod r. */
export function corrupt(a: Assignment, edits: readonly Edit[]): Assignment {
  for (const e of edits) {
    const col = a.cs.advice.find((c) => c.name === e.column);
    if (!col) throw new Error(`no advice column "${e.column}" (have: ${a.cs.advice.map((c) => c.name).join(', ')})`);
    const old = a.advice[col.index][e.row];
    const v = typeof e.value === 'bigint' ? e.value : e.value(old);
    a.advice[col.index][e.row] = ((v % FR_MODULUS) + FR_MODULUS) % FR_MODULUS;
  }
  return a;
}

/** Synthesizes with the witness, applies the edits, and summarizes what MockProver reports. */
export function failuresAfter<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[], edits: readonly Edit[]): string[] {
  const a = corrupt(synthesize(circuit, k, instances, true), edits);
  return summary(MockProver.fromAssignment(a).verify());
}

/** MockProver failures of the honest witness (expected: none). */
export function honestFailures<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[] = []): string[] {
  return summary(MockProver.run(k, circuit, instances).verify());
}
