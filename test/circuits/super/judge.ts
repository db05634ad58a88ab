import { synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { LocalVerifier } from '../../../scripts/soundness/engine.js';
import { WitnessEditor } from '../../../scripts/soundness/types.js';
import { corrupt, type Edit } from '../gadgets/helpers.js';
import type { SuperCircuitWithoutEcrecoverTestOnly } from './fixture.js';

/**
 * The honest circuit synthesized twice (a working copy for edits) and the soundness tool's LocalVerifier, which
 * judges a corruption by re-checking what reads the changed cells with the MockProver's semantics (as super.test.ts).
 */
export class Judge {
  readonly honest: Assignment;
  private readonly work: Assignment;
  private readonly local: LocalVerifier;
  constructor(circuit: SuperCircuitWithoutEcrecoverTestOnly, readonly k: number) {
    this.honest = synthesize(circuit, k, circuit.instances(), true);
    this.work = synthesize(circuit, k, circuit.instances(), true);
    this.local = new LocalVerifier(this.honest);
  }
  regionStart(name: string, nth = 0): number { return this.honest.regions.filter((r) => r.name === name)[nth]!.start; }
  value(column: string, row: number): bigint { return new WitnessEditor(this.honest).get(column, row); }
  /** The failing items after `edits` on the working copy, which is then restored. */
  itemsAfter(edits: readonly Edit[]): string[] {
    const changed = this.local.changedCells(corrupt(this.work, edits));
    const { items } = this.local.verify(this.work, changed);
    for (const c of changed) this.work[c.kind][c.index]![c.row] = this.honest[c.kind][c.index]![c.row]!;
    return items;
  }
}
