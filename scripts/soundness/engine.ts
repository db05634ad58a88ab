/**
 * The soundness analyses, on top of the ConstraintSystem and the MockProver:
 *
 *  1. Constraint deletion. Every named gate constraint, lookup, shuffle and copy-constraint set
 *     (copies grouped by their pair of columns) is an item. For each item the circuit is rebuilt
 *     with that item removed and the circuit's negative tests are run against it; a test that the
 *     mutant accepts "kills" it. An item no test kills is unguarded: untested, or redundant.
 *     Shortcut (exact, not a heuristic): MockProver failures are per item, and removing an item
 *     changes no other item's evaluation, so only a test whose failures on the intact circuit all
 *     belong to the item can be accepted without it; the others are not rebuilt unless `exhaustive`.
 *     An edit of the honest witness is verified locally (LocalVerifier: only what reads the edited
 *     cells) and its mutants need no rebuild (layout never reads the constraints); a test with other
 *     inputs is rebuilt, and its mutant's failures derived from the intact ones when the witness is
 *     the same. `exhaustive` rebuilds and runs the MockProver on everything; the tests compare both.
 *  2. Cell corruption fuzz. One advice cell of the honest witness is changed (0, 1, r − 1, v ± 1, a
 *     neighbour's value, a random element) and the MockProver must refuse it. A cell with any
 *     accepted change is free; allow rules of the target (with reasons) may declare it so. Verdicts
 *     come from the LocalVerifier (`confirm` also runs the MockProver and checks they agree).
 *  3. Lints: gate constraints with no fixed-column factor (no selector) bind on every row.
 */
import { FR_MODULUS } from '../../circuits/field/constants.js';
import { RowEvaluator } from '../../circuits/plonk/row-evaluator.js';
import {
  Assignment, ConstraintSystem, Layouter, MockProver, describeFailure,
  type AssignedCell, type Cell, type Column, type Expr, type Value, type VerifyFailure,
} from '../../circuits/plonk/index.js';
import { Rng } from './rng.js';
import { WitnessEditor, type AllowRule, type CircuitRun, type NegativeTest, type SoundnessTarget } from './types.js';

const P = FR_MODULUS;

// ---------------------------------------------------------------------------------------------
// items

export type Item =
  | { readonly kind: 'constraint'; readonly id: string; readonly gate: string; readonly constraint: string }
  | { readonly kind: 'lookup'; readonly id: string; readonly name: string }
  | { readonly kind: 'shuffle'; readonly id: string; readonly name: string }
  | { readonly kind: 'copy'; readonly id: string; readonly columns: readonly [string, string] };

const KIND_ORDER: Record<string, number> = { advice: 0, fixed: 1, instance: 2, virtual: 3 };

function ordered(x: Column, y: Column): [Column, Column] {
  const kx = KIND_ORDER[x.kind], ky = KIND_ORDER[y.kind];
  return kx < ky || (kx === ky && x.index <= y.index) ? [x, y] : [y, x];
}

/** Item ids: `gate G/C`, `lookup L`, `shuffle S`, `copy A~B` (A, B column names: advice, fixed, instance order). */
export const itemId = {
  constraint: (gate: string, constraint: string) => `gate ${gate}/${constraint}`,
  lookup: (name: string) => `lookup ${name}`,
  shuffle: (name: string) => `shuffle ${name}`,
  copy: (x: Column, y: Column) => { const [p, q] = ordered(x, y); return `copy ${p.name}~${q.name}`; },
};

export function columnByName(cs: ConstraintSystem, name: string): Column {
  const c = [...cs.advice, ...cs.fixed, ...cs.instance].find((x) => x.name === name);
  if (!c) throw new Error(`no column named "${name}"`);
  return c;
}

/** The item a MockProver failure belongs to. */
export function failureItem(f: VerifyFailure, cs: ConstraintSystem): string {
  switch (f.kind) {
    case 'gate': return itemId.constraint(f.gate, f.constraint);
    case 'lookup': return itemId.lookup(f.lookup);
    case 'shuffle': return itemId.shuffle(f.shuffle);
    case 'copy': return itemId.copy(columnByName(cs, f.a.column), columnByName(cs, f.b.column));
  }
}

/** Every item of a synthesized circuit, in the order gates, lookups, shuffles, copy sets. */
export function listItems(a: Assignment): Item[] {
  const cs = a.cs;
  const items: Item[] = [];
  for (const g of cs.gates) for (const c of g.constraints) items.push({ kind: 'constraint', id: itemId.constraint(g.name, c.name), gate: g.name, constraint: c.name });
  for (const l of cs.lookups) items.push({ kind: 'lookup', id: itemId.lookup(l.name), name: l.name });
  for (const s of cs.shuffles) items.push({ kind: 'shuffle', id: itemId.shuffle(s.name), name: s.name });
  const seen = new Set<string>();
  for (const [x, y] of a.copies) {
    const id = itemId.copy(x.column, y.column);
    if (seen.has(id)) continue;
    seen.add(id);
    const [p, q] = ordered(x.column, y.column);
    items.push({ kind: 'copy', id, columns: [p.name, q.name] });
  }
  return items;
}

export class MissingItemError extends Error {
  constructor(item: Item) {
    super(`the circuit has no ${item.id} to remove`);
    this.name = 'MissingItemError';
  }
}

function removeFromConstraintSystem(cs: ConstraintSystem, item: Item): void {
  switch (item.kind) {
    case 'constraint': {
      const i = cs.gates.findIndex((g) => g.name === item.gate);
      const gate = cs.gates[i];
      const rest = gate ? gate.constraints.filter((c) => c.name !== item.constraint) : [];
      if (!gate || rest.length === gate.constraints.length) throw new MissingItemError(item);
      if (rest.length === 0) cs.gates.splice(i, 1);
      else cs.gates[i] = { name: gate.name, constraints: rest };
      return;
    }
    case 'lookup': case 'shuffle': {
      const list: Array<{ name: string }> = item.kind === 'lookup' ? cs.lookups : cs.shuffles;
      const i = list.findIndex((x) => x.name === item.name);
      if (i < 0) throw new MissingItemError(item);
      list.splice(i, 1);
      return;
    }
    case 'copy': return; // copies are recorded during synthesis, removed from the assignment after it
  }
}

/** An Assignment that remembers which advice cells regions assigned (the padding policy needs it). */
export class RecordingAssignment extends Assignment {
  readonly assigned = new Set<number>();
  override set(column: Column, row: number, value: Value): AssignedCell {
    const cell = super.set(column, row, value);
    if (column.kind === 'advice') this.assigned.add(column.index * this.n + row);
    return cell;
  }
}

/**
 * `synthesize` (configure, lay out, place constants) with the witness, optionally without one
 * item: a gate constraint, lookup or shuffle is taken out of the constraint system before layout, a
 * copy set out of the finished assignment. Layout never depends on the constraints, so the mutant's
 * cells are the intact circuit's cells.
 */
export function synthesizeVariant(run: CircuitRun, without?: Item): Assignment {
  const cs = new ConstraintSystem();
  const config = run.circuit.configure(cs);
  if (without) removeFromConstraintSystem(cs, without);
  const assignment = new RecordingAssignment(cs, run.k, run.instances, true);
  const layouter = new Layouter(assignment);
  run.circuit.synthesize(config, layouter);
  layouter.finish();
  if (without?.kind === 'copy') {
    const before = assignment.copies.length;
    const keep = assignment.copies.filter(([x, y]) => itemId.copy(x.column, y.column) !== without.id);
    if (keep.length === before) throw new MissingItemError(without);
    assignment.copies.splice(0, before, ...keep);
  }
  return assignment;
}

/** A negative test's witness, for the circuit (or a mutant without `without`). */
function buildNegative(target: SoundnessTarget, test: NegativeTest, without?: Item): Assignment {
  if ('inputs' in test) return synthesizeVariant(test.inputs(), without);
  const assignment = synthesizeVariant(target.honest(), without);
  test.mutate(new WitnessEditor(assignment));
  return assignment;
}

/** The MockProver's failures on a negative test's witness, for the circuit (or a mutant without `without`). */
export function runNegative(target: SoundnessTarget, test: NegativeTest, without?: Item): { assignment: Assignment; failures: VerifyFailure[] } {
  const assignment = buildNegative(target, test, without);
  return { assignment, failures: MockProver.fromAssignment(assignment).verify() };
}

const sameColumns = (x: readonly bigint[][], y: readonly bigint[][]) =>
  x.length === y.length && x.every((col, c) => col.length === y[c].length && col.every((v, r) => v === y[c][r]));
const sameCell = (x: Cell, y: Cell) => x.row === y.row && x.column.kind === y.column.kind && x.column.index === y.column.index;

/** Same cells (advice, fixed, instance) and the same copies: what the MockProver reads besides the constraint system. */
export function sameWitness(x: Assignment, y: Assignment): boolean {
  return x.n === y.n && sameColumns(x.advice, y.advice) && sameColumns(x.fixed, y.fixed) && sameColumns(x.instance, y.instance) &&
    x.copies.length === y.copies.length && x.copies.every(([p, q], i) => sameCell(p, y.copies[i][0]) && sameCell(q, y.copies[i][1]));
}

// ---------------------------------------------------------------------------------------------
// local verification

/** An advice or instance cell by position. */
export interface CellRef { readonly kind: 'advice' | 'instance'; readonly index: number; readonly row: number }

const columnKey = (kind: string, index: number) => `${kind}:${index}`;

/** Per column read by some expressions: the rotations they read it at. */
export function readsOf(exprs: readonly Expr[]): Map<string, number[]> {
  const out = new Map<string, Set<number>>();
  for (const e of exprs) for (const q of e.queries()) {
    if (q.column.kind === 'fixed') continue;
    const k = columnKey(q.column.kind, q.column.index);
    let set = out.get(k);
    if (!set) out.set(k, set = new Set());
    set.add(q.rotation);
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

export function evalAt(a: Assignment, e: Expr, row: number): bigint {
  const value = (c: Column, rot: number) => {
    const r = (((row + rot) % a.n) + a.n) % a.n;
    return (c.kind === 'advice' ? a.advice : c.kind === 'fixed' ? a.fixed : a.instance)[c.index][r];
  };
  const v = e.evaluate<bigint>({ constant: (x) => x, query: value, neg: (x) => -x, sum: (x, y) => x + y, product: (x, y) => (x * y) % P });
  return ((v % P) + P) % P;
}

export const tupleAt = (a: Assignment, es: readonly Expr[], row: number) => es.map((e) => evalAt(a, e, row)).join(',');

/**
 * The gate constraints, lookup inputs and copies that depend on advice cell (column, row) of `a`: those whose value
 * at some row changes when the cell does (tried with two other values). A cell read only under a zero selector —
 * scratch of a state that does not use it — has none; an allow rule can check that instead of trusting a name.
 */
export function liveReaders(a: Assignment, column: string, row: number): string[] {
  const col = columnByName(a.cs, column);
  const cells = a.advice[col.index];
  const key = columnKey(col.kind, col.index);
  const honest = cells[row];
  const changes = (read: (r: number) => string, rotations: readonly number[]) => rotations.some((rot) => {
    const at = row - rot;
    const before = read(at);
    return [honest + 1n, honest + 0x1234567n].some((v) => {
      cells[row] = v % P;
      const after = read(at);
      cells[row] = honest;
      return after !== before;
    });
  });
  const out: string[] = [];
  for (const g of a.cs.gates) for (const c of g.constraints) {
    const rots = readsOf([c.expr]).get(key);
    if (rots && changes((r) => String(evalAt(a, c.expr, r)), rots)) out.push(itemId.constraint(g.name, c.name));
  }
  for (const l of a.cs.lookups) {
    const rots = readsOf(l.inputs).get(key);
    if (rots && changes((r) => tupleAt(a, l.inputs, r), rots)) out.push(itemId.lookup(l.name));
  }
  if (a.copies.some(([x, y]) => [x, y].some((c) => c.column.kind === col.kind && c.column.index === col.index && c.row === row))) out.push('copy');
  return out;
}

/**
 * The MockProver's verdict — the failing items and the number of failures — on an assignment that differs
 * from the honest one (which satisfies every check) in a few advice or instance cells, from what reads those
 * cells: gate constraints at the rows whose rotations reach them, lookup inputs there (against the honest
 * table with the tuples of its rows that read a changed cell replaced; inputs that matched a replaced
 * tuple are re-checked too), every row of a shuffle that reads them, the copies they are in. A check reading no changed cell evaluates as on the honest witness, so
 * nothing else can fail. Same semantics as the MockProver (gates on every row, lookups and shuffles on the
 * usable rows, values mod r); `--exhaustive` and `--confirm` run the MockProver instead and the tests
 * compare the two.
 */
export class LocalVerifier {
  private readonly gates: Array<{ item: string; expr: Expr; reads: Map<string, number[]> }>;
  private readonly lookups: Array<{
    item: string; inputs: readonly Expr[]; table: readonly Expr[]; inputReads: Map<string, number[]>; tableReads: Map<string, number[]>;
    /** Honest table tuples with their counts, and honest input tuples with their rows. */
    table0: Map<string, number>; inputs0: Map<string, number[]>; rows0: string[];
  }>;
  private readonly shuffles: Array<{ item: string; inputs: readonly Expr[]; shuffle: readonly Expr[]; reads: Map<string, number[]> }>;
  private readonly copies = new Map<string, number[]>();

  constructor(private readonly honest: Assignment) {
    const a = honest;
    const cs = a.cs;
    this.gates = cs.gates.flatMap((g) => g.constraints.map((c) => ({ item: itemId.constraint(g.name, c.name), expr: c.expr, reads: readsOf([c.expr]) })));
    // every usable row of every lookup: compiled tuples (as the MockProver's), joined to tupleAt's keys
    const rowEvaluator = new RowEvaluator(a);
    this.lookups = cs.lookups.map((l) => {
      const table0 = new Map<string, number>();
      const inputs0 = new Map<string, number[]>();
      const rows0: string[] = [];
      const tableReads = readsOf(l.table);
      const [tableAt, inputAt] = [rowEvaluator.tupleFn(l.table), rowEvaluator.tupleFn(l.inputs)];
      for (let row = 0; row < a.usableRows; row++) {
        const t = tableAt(row).join(',');
        table0.set(t, (table0.get(t) ?? 0) + 1);
        if (tableReads.size === 0) continue; // a fixed table never changes: no index of inputs needed
        rows0.push(t);
        const i = inputAt(row).join(',');
        const rows = inputs0.get(i);
        if (rows) rows.push(row); else inputs0.set(i, [row]);
      }
      return { item: itemId.lookup(l.name), inputs: l.inputs, table: l.table, inputReads: readsOf(l.inputs), tableReads, table0, inputs0, rows0 };
    });
    this.shuffles = cs.shuffles.map((x) => ({ item: itemId.shuffle(x.name), inputs: x.inputs, shuffle: x.shuffle, reads: readsOf([...x.inputs, ...x.shuffle]) }));
    a.copies.forEach(([x, y], i) => {
      for (const c of [x, y]) {
        const k = `${columnKey(c.column.kind, c.column.index)}:${c.row}`;
        const list = this.copies.get(k);
        if (list) list.push(i); else this.copies.set(k, [i]);
      }
    });
  }

  /** The advice and instance cells where `a` differs from the honest assignment (same circuit and size). */
  changedCells(a: Assignment): CellRef[] {
    const out: CellRef[] = [];
    for (const kind of ['advice', 'instance'] as const) {
      a[kind].forEach((col, index) => col.forEach((v, row) => { if (v !== this.honest[kind][index][row]) out.push({ kind, index, row }); }));
    }
    return out;
  }

  /** Rows (mod n) whose expressions, reading `reads`, see one of the changed cells. */
  private rowsReading(reads: Map<string, number[]>, changed: readonly CellRef[]): number[] {
    const n = this.honest.n;
    const rows = new Set<number>();
    for (const c of changed) for (const rot of reads.get(columnKey(c.kind, c.index)) ?? []) rows.add((((c.row - rot) % n) + n) % n);
    return [...rows].sort((x, y) => x - y);
  }

  /** Failing items (in the MockProver's order: gates, lookups, shuffles, copies) and the failure count of `a`, whose changed cells are `changed`. */
  verify(a: Assignment, changed: readonly CellRef[]): { items: string[]; failures: number } {
    const usable = a.usableRows;
    const items: string[] = [];
    let failures = 0;
    const fail = (item: string, count: number) => { if (count > 0) { failures += count; if (!items.includes(item)) items.push(item); } };
    for (const g of this.gates) fail(g.item, this.rowsReading(g.reads, changed).filter((row) => evalAt(a, g.expr, row) !== 0n).length);
    for (const l of this.lookups) {
      // table rows whose tuple reads a changed cell: their honest tuples leave the table, their new ones join it
      const delta = new Map<string, number>();
      const rows = new Set(this.rowsReading(l.inputReads, changed).filter((row) => row < usable));
      for (const row of this.rowsReading(l.tableReads, changed).filter((r) => r < usable)) {
        const [before, after] = [l.rows0[row], tupleAt(a, l.table, row)];
        delta.set(before, (delta.get(before) ?? 0) - 1);
        delta.set(after, (delta.get(after) ?? 0) + 1);
      }
      const has = (t: string) => (l.table0.get(t) ?? 0) + (delta.get(t) ?? 0) > 0;
      // inputs that matched a tuple the table no longer holds (one still held elsewhere keeps them matched)
      for (const [t, d] of delta) if (d < 0 && !has(t)) for (const r of l.inputs0.get(t) ?? []) rows.add(r);
      fail(l.item, [...rows].filter((row) => !has(tupleAt(a, l.inputs, row))).length);
    }
    for (const x of this.shuffles) {
      if (!this.rowsReading(x.reads, changed).some((row) => row < usable)) continue;
      const count = new Map<string, number>();
      for (let row = 0; row < usable; row++) { const k = tupleAt(a, x.shuffle, row); count.set(k, (count.get(k) ?? 0) + 1); }
      let unmatched = 0;
      for (let row = 0; row < usable; row++) {
        const k = tupleAt(a, x.inputs, row);
        const c = count.get(k) ?? 0;
        if (c === 0) unmatched++; else count.set(k, c - 1);
      }
      fail(x.item, unmatched);
    }
    const touched = new Set<number>();
    for (const c of changed) for (const i of this.copies.get(`${columnKey(c.kind, c.index)}:${c.row}`) ?? []) touched.add(i);
    const value = (c: Cell) => (c.column.kind === 'advice' ? a.advice : c.column.kind === 'fixed' ? a.fixed : a.instance)[c.column.index][c.row];
    for (const i of [...touched].sort((x, y) => x - y)) {
      const [x, y] = this.honest.copies[i];
      if (value(x) !== value(y)) fail(itemId.copy(x.column, y.column), 1);
    }
    return { items, failures };
  }
}

/** A copy of an assignment's cells, copies and regions (same circuit), for a negative test to edit. */
function cloneAssignment(a: Assignment): Assignment {
  const c = new Assignment(a.cs, a.k, a.publicInputs, true);
  for (const kind of ['advice', 'fixed', 'instance'] as const) a[kind].forEach((col, i) => col.forEach((v, row) => { c[kind][i][row] = v; }));
  c.copies.push(...a.copies);
  c.regions.push(...a.regions);
  return c;
}

// ---------------------------------------------------------------------------------------------
// constraint deletion

export interface ItemResult {
  readonly item: Item;
  /** The negative tests the mutant without this item accepts. Empty: unguarded. */
  readonly killers: string[];
  /** The target's documented reason, when it lets this item stay unguarded. */
  readonly exception?: string;
}

export interface NegativeResult {
  readonly name: string;
  /** The items whose failures the intact circuit reports for this test. */
  readonly refusedBy: string[];
  readonly failures: number;
  /** The items this test alone guards (the mutant without one of them accepts it). */
  readonly kills: string[];
  /** Why the test is broken: accepted by the intact circuit, or it threw. */
  readonly error?: string;
}

export function deletionAnalysis(target: SoundnessTarget, items: readonly Item[], exhaustive = false): { items: ItemResult[]; negatives: NegativeResult[] } {
  // edits of the honest witness are checked locally (exact, see LocalVerifier); --exhaustive runs the MockProver on everything
  const honest = exhaustive ? undefined : synthesizeVariant(target.honest());
  const local = honest && new LocalVerifier(honest);
  const negatives = target.negatives.map((test) => {
    try {
      let refusedBy: string[], failures: number;
      let intact: { assignment: Assignment; failures: VerifyFailure[] } | undefined;
      if (local && honest && 'mutate' in test) {
        const a = cloneAssignment(honest);
        test.mutate(new WitnessEditor(a));
        ({ items: refusedBy, failures } = local.verify(a, local.changedCells(a)));
      } else {
        const run = runNegative(target, test);
        refusedBy = [...new Set(run.failures.map((f) => failureItem(f, run.assignment.cs)))];
        failures = run.failures.length;
        // kept only where a mutant can accept it (one refusing item), to compare that mutant's witness with
        if (refusedBy.length === 1) intact = run;
      }
      const error = failures === 0 ? 'accepted by the intact circuit: an under-constraint, or a test that changes nothing' : undefined;
      return { test, intact, result: { name: test.name, refusedBy, failures, kills: [] as string[], error } };
    } catch (e) {
      return { test, intact: undefined, result: { name: test.name, refusedBy: [], failures: 0, kills: [] as string[], error: `threw: ${(e as Error).message}` } };
    }
  });
  /**
   * Whether the mutant without `item` accepts the test. By default: an edit of the honest witness (the
   * mutant's cells are the intact circuit's, as layout never reads the constraints) is accepted exactly
   * when the item was its only refusal; a test with other inputs is rebuilt, and its failures derived from
   * the intact ones when the rebuilt witness is the same.
   */
  const mutantAccepts = (test: NegativeTest, item: Item, result: NegativeResult, intact?: { assignment: Assignment; failures: VerifyFailure[] }): boolean => {
    if (!exhaustive && 'mutate' in test) return result.refusedBy.length === 1 && result.refusedBy[0] === item.id;
    const mutant = buildNegative(target, test, item);
    if (!exhaustive && intact && sameWitness(mutant, intact.assignment)) {
      return intact.failures.every((f) => failureItem(f, intact.assignment.cs) === item.id);
    }
    return MockProver.fromAssignment(mutant).verify().length === 0;
  };
  const exceptions = new Map((target.exceptions ?? []).map((x) => [x.item, x.reason]));
  const results = items.map((item) => {
    const killers: string[] = [];
    for (const { test, intact, result } of negatives) {
      if (result.error) continue;
      if (!exhaustive && !(result.refusedBy.length === 1 && result.refusedBy[0] === item.id)) continue;
      if (mutantAccepts(test, item, result, intact)) {
        killers.push(test.name);
        result.kills.push(item.id);
      }
    }
    return { item, killers, exception: exceptions.get(item.id) };
  });
  return { items: results, negatives: negatives.map((n) => n.result) };
}

// ---------------------------------------------------------------------------------------------
// cell corruption fuzz

export const STRATEGIES = ['0', '1', 'r-1', 'v+1', 'v-1', 'neighbour', 'random'] as const;
export type Strategy = typeof STRATEGIES[number];

export interface CellStat {
  readonly column: string;
  readonly row: number;
  /** Assigned by a region, or in a copy constraint. */
  readonly witness: boolean;
  tried: number;
  accepted: number;
  /** The strategies with an accepted change, and one accepted value. */
  readonly acceptedBy: Set<Strategy>;
  example?: bigint;
  allowedBy?: AllowRule;
}

export interface FuzzResult {
  readonly corruptions: number;
  /** Full MockProver runs (`confirm` only: the local verdicts are exact; repeats reuse verdicts). */
  readonly verified: number;
  readonly caught: number;
  readonly cells: number;
  readonly witnessCells: number;
  /** Cells touched at least once. */
  readonly touched: number;
  /** Free cells no allow rule covers: under-constraints. */
  readonly free: CellStat[];
  /** Free cells an allow rule covers, with the rule. */
  readonly allowed: CellStat[];
}

export interface FuzzOptions {
  readonly corruptions: number;
  readonly seed: number;
  /** Run the MockProver on every distinct change and check the local verdict against it (slow). */
  readonly confirm?: boolean;
}

function allowRuleFor(rules: readonly AllowRule[], column: string, row: number, inRegion: boolean, inCopy: boolean): AllowRule | undefined {
  return rules.find((r) => {
    if (r.kind === 'unassigned') return !inRegion && !inCopy && (!r.columns || r.columns.includes(column));
    if (r.column !== column) return false;
    return typeof r.rows === 'function' ? r.rows(row) : r.rows.includes(row);
  });
}

function hashName(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * Changes one advice cell at a time in the honest assignment and asks the MockProver. First a
 * seeded sample of (witness cell, strategy) pairs — all of them when the budget allows — then random
 * cells (three in four among witness cells) with random strategies.
 */
export function fuzz(target: SoundnessTarget, honest: Assignment, opts: FuzzOptions): FuzzResult {
  const a = honest;
  const cs = a.cs;
  const rng = new Rng((opts.seed ^ hashName(target.name)) >>> 0);
  const nCols = cs.advice.length;
  // assigned cells (region rectangles when the assignment did not record them)
  const inRegion = cs.advice.map(() => new Array<boolean>(a.n).fill(false));
  const inCopy = cs.advice.map(() => new Array<boolean>(a.n).fill(false));
  if (a instanceof RecordingAssignment) {
    for (const k of a.assigned) inRegion[Math.floor(k / a.n)][k % a.n] = true;
  } else {
    for (const r of a.regions) for (const c of r.columns) {
      if (c.kind !== 'advice') continue;
      for (let row = r.start; row < r.start + r.rows; row++) inRegion[c.index][row] = true;
    }
  }
  const markCopy = (c: Cell) => { if (c.column.kind === 'advice') inCopy[c.column.index][c.row] = true; };
  for (const [x, y] of a.copies) { markCopy(x); markCopy(y); }

  const stats = new Map<number, CellStat>();
  const key = (col: number, row: number) => col * a.n + row;
  const stat = (col: number, row: number): CellStat => {
    let s = stats.get(key(col, row));
    if (!s) {
      const name = cs.advice[col].name;
      const witness = inRegion[col][row] || inCopy[col][row];
      s = { column: name, row, witness, tried: 0, accepted: 0, acceptedBy: new Set() };
      stats.set(key(col, row), s);
    }
    return s;
  };

  const witnessCells: Array<[number, number]> = [];
  for (let col = 0; col < nCols; col++) for (let row = 0; row < a.n; row++) if (inRegion[col][row] || inCopy[col][row]) witnessCells.push([col, row]);

  const neighbour = (col: number, row: number): bigint => {
    const options: Array<[number, number]> = [];
    if (row > 0) options.push([col, row - 1]);
    if (row < a.n - 1) options.push([col, row + 1]);
    for (let c = 0; c < nCols; c++) if (c !== col) options.push([c, row]);
    rng.shuffle(options);
    const v = a.advice[col][row];
    for (const [c, r] of options) if (a.advice[c][r] !== v) return a.advice[c][r];
    return v;
  };
  const valueFor = (s: Strategy, col: number, row: number): bigint => {
    const v = a.advice[col][row];
    switch (s) {
      case '0': return 0n;
      case '1': return 1n;
      case 'r-1': return P - 1n;
      case 'v+1': return (v + 1n) % P;
      case 'v-1': return (v + P - 1n) % P;
      case 'neighbour': return neighbour(col, row);
      case 'random': return rng.field();
    }
  };

  const prover = MockProver.fromAssignment(a);
  const local = new LocalVerifier(a);
  const verdicts = new Map<string, boolean>();
  let verified = 0, caught = 0, done = 0;
  const corrupt = (col: number, row: number, first: Strategy) => {
    const original = a.advice[col][row];
    let s = first, value = valueFor(s, col, row);
    for (let i = STRATEGIES.indexOf(first) + 1; value === original; i++) {
      s = STRATEGIES[i % STRATEGIES.length];
      value = valueFor(s, col, row);
    }
    const k = `${col}:${row}:${value}`;
    let refused = verdicts.get(k);
    if (refused === undefined) {
      a.advice[col][row] = value;
      try {
        refused = local.verify(a, [{ kind: 'advice', index: col, row }]).failures > 0;
        if (opts.confirm) {
          verified++;
          if ((prover.verify().length > 0) !== refused) {
            throw new Error(`soundness tool bug: the local check ${refused ? 'refuses' : 'accepts'}, the MockProver ${refused ? 'accepts' : 'refuses'} ${cs.advice[col].name} row ${row} = ${value}`);
          }
        }
      } finally { a.advice[col][row] = original; }
      verdicts.set(k, refused);
    }
    done++;
    const st = stat(col, row);
    st.tried++;
    if (refused) caught++;
    else {
      st.accepted++;
      st.acceptedBy.add(s);
      st.example ??= value;
    }
  };

  const systematic: Array<[number, number, Strategy]> = [];
  for (const [col, row] of witnessCells) for (const s of STRATEGIES) systematic.push([col, row, s]);
  rng.shuffle(systematic);
  for (const [col, row, s] of systematic.slice(0, opts.corruptions)) corrupt(col, row, s);
  while (done < opts.corruptions && nCols > 0) {
    const [col, row] = witnessCells.length > 0 && rng.int(4) !== 0 ? rng.pick(witnessCells) : [rng.int(nCols), rng.int(a.n)];
    corrupt(col, row, rng.pick(STRATEGIES));
  }

  const rules = target.allow ?? [];
  const free: CellStat[] = [], allowed: CellStat[] = [];
  const all = [...stats.entries()].sort((x, y) => x[0] - y[0]).map(([, s]) => s);
  for (const s of all) {
    if (s.accepted === 0) continue;
    const col = cs.advice.find((c) => c.name === s.column)!.index;
    s.allowedBy = allowRuleFor(rules, s.column, s.row, inRegion[col][s.row], inCopy[col][s.row]);
    (s.allowedBy ? allowed : free).push(s);
  }
  return { corruptions: done, verified, caught, cells: nCols * a.n, witnessCells: witnessCells.length, touched: stats.size, free, allowed };
}

// ---------------------------------------------------------------------------------------------
// lints

export interface Lint { readonly item: string; readonly message: string; readonly exception?: string }

export function lints(target: SoundnessTarget, cs: ConstraintSystem): Lint[] {
  const exceptions = new Map((target.exceptions ?? []).map((x) => [x.item, x.reason]));
  const out: Lint[] = [];
  for (const g of cs.gates) for (const c of g.constraints) {
    if (c.expr.queries().some((q) => q.column.kind === 'fixed')) continue;
    const item = itemId.constraint(g.name, c.name);
    out.push({ item, message: 'no selector (no fixed-column factor): it binds on every row, padding and the reserved last row included', exception: exceptions.get(item) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// one target

export interface TargetReport {
  readonly name: string;
  readonly family: string;
  readonly description?: string;
  readonly k: number;
  readonly rows: number;
  readonly advice: string[];
  /** The honest witness's failures (describeFailure text); non-empty means nothing else ran. */
  readonly honestFailures: string[];
  readonly items: ItemResult[];
  readonly negatives: NegativeResult[];
  readonly lints: Lint[];
  readonly fuzz?: FuzzResult;
  /** Everything that makes the run fail, one line each. */
  readonly problems: string[];
  readonly ms: number;
}

export interface AnalyzeOptions extends FuzzOptions { readonly exhaustive?: boolean }

export function analyze(target: SoundnessTarget, opts: AnalyzeOptions): TargetReport {
  const t0 = performance.now();
  const run = target.honest();
  const honest = synthesizeVariant(run);
  const cs = honest.cs;
  const base = { name: target.name, family: target.family, description: target.description, k: run.k, rows: honest.n, advice: cs.advice.map((c) => c.name) };
  const honestFailures = MockProver.fromAssignment(honest).verify();
  if (honestFailures.length > 0) {
    const shown = honestFailures.slice(0, 10).map(describeFailure);
    if (honestFailures.length > 10) shown.push(`… and ${honestFailures.length - 10} more`);
    const lintList = lints(target, cs);
    const problems = [`the honest witness is refused (${honestFailures.length} failures): ${shown[0]}`];
    for (const l of lintList) if (!l.exception) problems.push(`lint: ${l.item}: ${l.message}`);
    return { ...base, honestFailures: shown, items: [], negatives: [], lints: lintList, problems, ms: performance.now() - t0 };
  }
  const items = listItems(honest);
  const deletion = deletionAnalysis(target, items, opts.exhaustive);
  const lintList = lints(target, cs);
  const fz = fuzz(target, honest, opts);

  const problems: string[] = [];
  for (const n of deletion.negatives) if (n.error) problems.push(`negative test "${n.name}" is broken: ${n.error}`);
  for (const r of deletion.items) if (r.killers.length === 0 && !r.exception) problems.push(`unguarded: ${r.item.id}`);
  for (const l of lintList) if (!l.exception) problems.push(`lint: ${l.item}: ${l.message}`);
  for (const c of fz.free) problems.push(`free cell: ${c.column} row ${c.row} (accepted ${c.accepted}/${c.tried}: ${[...c.acceptedBy].join(', ')})`);
  const known = new Set([...items.map((i) => i.id)]);
  for (const x of target.exceptions ?? []) if (!known.has(x.item)) problems.push(`exception for "${x.item}", which the circuit does not have`);
  return { ...base, honestFailures: [], items: deletion.items, negatives: deletion.negatives, lints: lintList, fuzz: fz, problems, ms: performance.now() - t0 };
}

/** guarded / total items of some reports. */
export function score(reports: readonly TargetReport[]): { guarded: number; total: number } {
  let guarded = 0, total = 0;
  for (const r of reports) for (const i of r.items) { total++; if (i.killers.length > 0) guarded++; }
  return { guarded, total };
}
