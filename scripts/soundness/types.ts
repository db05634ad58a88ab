/**
 * What the soundness tool knows about a circuit: how to build it with an honest witness, the
 * negative (mutation) tests that must be refused, and the documented exceptions — cells that may be
 * changed freely (padding) and items that may stay unguarded — each with a reason.
 *
 * Registering a circuit: write a `SoundnessTarget` (see targets/examples.ts) next to the others in
 * `scripts/soundness/targets/`, add it to `registry.ts`, and give it negative tests until
 * `npm run soundness -- --circuit <name>` reports 100% and no free cells.
 */
import { synthesize, type Assignment, type Circuit } from '../../circuits/plonk/index.js';
import { frMod } from '../../circuits/field/fr-scalar.js';

/** A circuit, its size and its public inputs: everything MockProver.run takes. */
export interface CircuitRun {
  readonly circuit: Circuit<any>;
  readonly k: number;
  readonly instances: readonly (readonly bigint[])[];
}

/**
 * A negative test: a witness the circuit must refuse. Either a corruption of the honest assignment
 * (advice and/or instance cells, through a WitnessEditor) or different inputs whose honest synthesis
 * must fail (e.g. a sum that leaves the byte range). Each should model one attack and be refused
 * by as few constraints as possible: a test refused by two items proves neither of them necessary.
 */
export type NegativeTest =
  | { readonly name: string; readonly mutate: (w: WitnessEditor) => void }
  | { readonly name: string; readonly inputs: () => CircuitRun };

/**
 * A negative from its spec: one cell "column@row + 1" or "column@row = v", a table row "table@row = [v, …]" (every
 * column named "table …", in order), or several joined by "; " (a lie spread over cells that no single cell can tell,
 * e.g. a value and the cell a linear rule solves for it, or a row a table gains to agree with it) — the forms the
 * targets' edit searches print.
 */
export function cellEdit(spec: string): NegativeTest {
  const edits = spec.split('; ').map((part) => {
    const m = /^(.+)@(\d+) (?:\+ 1|= (\d+)|= \[([\d,]+)\])$/.exec(part);
    if (!m) throw new Error(`bad cell edit "${part}" in "${spec}"`);
    return { column: m[1]!, row: Number(m[2]), value: m[3] === undefined ? undefined : BigInt(m[3]), tuple: m[4]?.split(',').map(BigInt) };
  });
  return {
    name: spec,
    mutate: (w) => {
      for (const e of edits) {
        if (e.tuple === undefined) { w.set(e.column, e.row, e.value ?? w.get(e.column, e.row) + 1n); continue; }
        // "table@row = [v, …]": the columns named "table …", in their order
        const columns = w.assignment.cs.advice.filter((c) => c.name.startsWith(`${e.column} `));
        if (columns.length !== e.tuple.length) throw new WitnessEditError(`"${e.column}@${e.row}": ${e.tuple.length} values for the ${columns.length} columns of "${e.column}"`);
        columns.forEach((c, k) => w.set(c.name, e.row, e.tuple![k]!));
      }
    },
  };
}

/**
 * A forged witness posed as edits of the honest one: its advice and instance cells that differ (after `then`, edits
 * of the forgery) are written over the honest assignment — the layout, every fixed column, must be the same — so the
 * tool checks it locally instead of rebuilding every mutant for it.
 */
export function forgedEdits(name: string, run: () => CircuitRun, then?: (w: WitnessEditor) => void): NegativeTest {
  let forged: Assignment | undefined;
  return {
    name,
    mutate: (w) => {
      if (!forged) {
        const { circuit, k, instances } = run();
        forged = synthesize(circuit, k, instances, true);
        then?.(new WitnessEditor(forged));
      }
      const a = w.assignment;
      if (a.fixed.some((col, i) => col.some((v, row) => v !== forged!.fixed[i]![row]))) throw new WitnessEditError(`"${name}": the forged witness has another layout (fixed columns differ)`);
      for (const kind of ['advice', 'instance'] as const) forged[kind].forEach((col, i) => col.forEach((v, row) => { if (v !== a[kind][i]![row]) a[kind][i]![row] = v; }));
    },
  };
}

/**
 * Cells whose change the MockProver may accept. Policy: nothing is free implicitly; a circuit
 * declares each rule with a reason, and the report lists what every rule covered.
 *  - `unassigned`: cells no region assigned and no copy constraint names — padding rows, the
 *    reserved last row, cells a region's rows skip. Nothing in the synthesis gave them a value, so a
 *    change nobody notices changes nothing the statement depends on. An assigned cell is never
 *    covered by it: an assigned cell whose change goes unnoticed is an under-constraint.
 *  - `cells`: named cells of one column (a row list or a predicate), for witness cells that are free by
 *    design (e.g. an IsZero inverse when the value is zero).
 */
export type AllowRule =
  | { readonly kind: 'unassigned'; readonly reason: string; readonly columns?: readonly string[] }
  | { readonly kind: 'cells'; readonly reason: string; readonly column: string; readonly rows: readonly number[] | ((row: number) => boolean) };

/** An item (see Item ids) that may stay unguarded or lint-flagged, with why. */
export interface ItemException { readonly item: string; readonly reason: string }

export interface SoundnessTarget {
  /** Unique; what `--circuit` selects. */
  readonly name: string;
  /** The circuit family (examples, gadgets, evm, state, …); the fast CI mode runs every family. */
  readonly family: string;
  readonly description?: string;
  /** The circuit with a valid witness (must satisfy the MockProver). */
  honest(): CircuitRun;
  readonly negatives: readonly NegativeTest[];
  readonly allow?: readonly AllowRule[];
  readonly exceptions?: readonly ItemException[];
  /** Builds what `honest()` needs when that is asynchronous (a witness from a VM run); awaited before the analysis. */
  prepare?(): Promise<void>;
}

const mod = frMod;

export class WitnessEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WitnessEditError';
  }
}

/** Reads and changes advice and instance cells of an assignment by column name (values taken mod r). */
export class WitnessEditor {
  constructor(readonly assignment: Assignment) {}

  private table(column: string): bigint[] {
    const cs = this.assignment.cs;
    const a = cs.advice.find((c) => c.name === column);
    if (a) return this.assignment.advice[a.index];
    const i = cs.instance.find((c) => c.name === column);
    if (i) return this.assignment.instance[i.index];
    if (cs.fixed.some((c) => c.name === column)) throw new WitnessEditError(`"${column}" is a fixed column: it is part of the verifying key, a prover cannot change it`);
    throw new WitnessEditError(`no advice or instance column "${column}" (advice: ${cs.advice.map((c) => c.name).join(', ')}; instance: ${cs.instance.map((c) => c.name).join(', ')})`);
  }

  private at(column: string, row: number): { t: bigint[]; row: number } {
    const t = this.table(column);
    if (!Number.isInteger(row) || row < 0 || row >= t.length) throw new WitnessEditError(`row ${row} of "${column}" is outside 0..${t.length - 1}`);
    return { t, row };
  }

  get(column: string, row: number): bigint {
    const { t } = this.at(column, row);
    return t[row];
  }

  set(column: string, row: number, value: bigint): void {
    const { t } = this.at(column, row);
    t[row] = mod(value);
  }

  add(column: string, row: number, delta: bigint): void {
    this.set(column, row, this.get(column, row) + delta);
  }
}
