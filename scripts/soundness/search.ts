/**
 * Edit search: finds negative tests that isolate items (exactly one item refuses them), for targets whose witness
 * is too large to write negatives for by hand (evm). Candidates are edits of the honest witness, judged by the
 * LocalVerifier (exact, see engine.ts); the first candidate refused by one item alone is kept for that item.
 *
 * Repair: a one-cell lie often breaks a second rule too (a carry and the sum it feeds, a gas cell and the next
 * row's transition). Where every other failure is a gate constraint on one row that is linear in some cell it
 * reads, that cell is solved so the constraint holds again — a lie spread over cells so that only the rule under
 * attack can tell. Such negatives print as "A@r + 1; B@s = v" (types.ts cellEdit). A lookup into a table the target
 * lets a lie rewrite (the evm fixture tables) is repaired by a row past the table's end holding the lie's tuple
 * ("T@r = [v, …]").
 *
 * `npx tsx scripts/soundness/search.ts` re-searches the evm target's edits into targets/evm-edits.ts (after a change
 * of its program or of the circuit's layout: its negatives are numbered by the rows of one block): the previous
 * lists' edits that still isolate an item are kept, the open items searched (`--seeds-only`: only the first step;
 * `--only <regex>`: the items matching it; `--no-slots`: no new slot edits; `--budget N`: failing edits tried per
 * item, default 200);
 * `npx tsx scripts/soundness/search.ts <target> [--columns <regex>]` prints what isolates the items another target's negatives leave
 * open (edits of the matching columns only: a chip beside a fixture circuit).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FR_MODULUS } from '../../circuits/field/constants.js';
import type { Assignment, Expr } from '../../circuits/plonk/index.js';
import { columnByName, evalAt, itemId, listItems, LocalVerifier, readsOf, synthesizeVariant, tupleAt, type CellRef } from './engine.js';
import { cellEdit, WitnessEditor, type NegativeTest, type SoundnessTarget } from './types.js';

const P = FR_MODULUS;

/** A WitnessEditor that remembers the cells it changed. */
class RecordingEditor extends WitnessEditor {
  readonly changed: CellRef[] = [];
  override set(column: string, row: number, value: bigint): void {
    const c = columnByName(this.assignment.cs, column);
    if (c.kind === 'fixed') throw new Error(`"${column}" is fixed`);
    this.changed.push({ kind: c.kind as 'advice' | 'instance', index: c.index, row });
    super.set(column, row, value);
  }
}

const pow = (b: bigint, e: bigint): bigint => {
  let r = 1n;
  for (b %= P; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
};

export interface SearchResult {
  /** Item → the spec of the first candidate only it refuses. */
  readonly found: Map<string, string>;
  readonly tried: number;
}

export class EditSearch {
  readonly honest: Assignment;
  private readonly work: Assignment;
  private readonly local: LocalVerifier;
  private readonly gates: Array<{ item: string; expr: Expr; reads: Map<string, number[]> }>;

  /**
   * `freeTables`: the advice columns of tables the target lets a lie rewrite (the evm target's fixture tables, proven
   * by other circuits): a lookup whose table is such columns only is repaired by writing the lie's tuple into a row
   * past the table's rows, from the last usable row down (tableRepair: a table that grows does not reach them).
   */
  constructor(readonly target: SoundnessTarget, freeTables?: RegExp) {
    this.honest = synthesizeVariant(target.honest());
    this.work = synthesizeVariant(target.honest());
    this.local = new LocalVerifier(this.honest);
    this.gates = this.honest.cs.gates.flatMap((g) => g.constraints.map((c) => ({ item: itemId.constraint(g.name, c.name), expr: c.expr, reads: readsOf([c.expr]) })));
    for (const g of this.gates) for (const [key, rots] of g.reads) {
      const list = this.readers.get(key);
      if (list) list.push({ g, rots }); else this.readers.set(key, [{ g, rots }]);
    }
    if (freeTables) this.freeLookups = this.configureFreeTables(freeTables);
  }

  /** The lookups into free tables (see the constructor): their table columns, the first row past the table's rows (end). */
  private readonly freeLookups = new Map<string, {
    inputs: readonly Expr[]; reads: Map<string, number[]>; columns: number[]; table: Set<string>; free: { end: number }; prefix: string | undefined;
  }>();

  private configureFreeTables(freeTables: RegExp): typeof this.freeLookups {
    const out: typeof this.freeLookups = new Map();
    const a = this.honest;
    const cursors = new Map<string, { end: number }>();
    for (const l of a.cs.lookups) {
      const columns = l.table.map((e) => (e.node.kind === 'query' && e.node.column.kind === 'advice' && e.node.rotation === 0 && freeTables.test(e.node.column.name) ? e.node.column.index : -1));
      if (columns.includes(-1)) continue;
      const key = [...columns].sort((x, y) => x - y).join(',');
      let free = cursors.get(key);
      if (!free) {
        // past every region that assigns one of these columns
        const end = Math.max(0, ...a.regions.filter((r) => r.columns.some((c) => c.kind === 'advice' && columns.includes(c.index))).map((r) => r.start + r.rows));
        cursors.set(key, free = { end });
      }
      const table = new Set<string>();
      for (let row = 0; row < a.usableRows; row++) table.add(tupleAt(a, l.table, row));
      // the row's compact spec (types.ts cellEdit) when the table is every column of one name prefix, in order
      const names = columns.map((i) => a.cs.advice[i]!.name);
      const prefix = names[0]!.slice(0, names[0]!.lastIndexOf(' '));
      const all = a.cs.advice.filter((c) => c.name.startsWith(`${prefix} `)).map((c) => c.index);
      const compact = all.length === columns.length && all.every((i, k) => columns[k] === i);
      out.set(itemId.lookup(l.name), { inputs: l.inputs, reads: readsOf(l.inputs), columns, table, free, prefix: compact ? prefix : undefined });
    }
    return out;
  }

  /**
   * The failing rows of the free-table lookups among `items` after `changed` get their input tuples written into rows
   * past their tables (each its own, from the last usable row down): the table then agrees with the lie. Returns the
   * cells written (already in the work copy; the caller restores them) and their spec; undefined when a table has no
   * row left.
   */
  private tableRepair(changed: readonly CellRef[], items: readonly string[]): { cells: CellRef[]; spec: string } | undefined {
    const n = this.work.n;
    const cells: CellRef[] = [];
    const parts: string[] = [];
    const cursors = new Map<{ end: number }, number>();
    for (const item of items) {
      const l = this.freeLookups.get(item)!;
      const rows = new Set<number>();
      for (const c of changed) for (const rot of l.reads.get(`${c.kind}:${c.index}`) ?? []) rows.add((((c.row - rot) % n) + n) % n);
      for (const row of [...rows].sort((x, y) => x - y)) {
        if (row >= this.work.usableRows || l.table.has(tupleAt(this.work, l.inputs, row))) continue;
        const at = cursors.get(l.free) ?? this.work.usableRows - 1;
        if (at < l.free.end) { this.restore(cells); return undefined; }
        cursors.set(l.free, at - 1);
        const values = l.inputs.map((e, k) => {
          const v = evalAt(this.work, e, row);
          const index = l.columns[k]!;
          this.work.advice[index]![at] = v;
          cells.push({ kind: 'advice', index, row: at });
          return v;
        });
        parts.push(l.prefix === undefined
          ? l.columns.map((index, k) => `${this.honest.cs.advice[index]!.name}@${at} = ${values[k]}`).join('; ')
          : `${l.prefix}@${at} = [${values.join(',')}]`);
      }
    }
    return { cells, spec: parts.join('; ') };
  }

  /** Gate constraints by the column key they read, with the rotations. */
  private readonly readers = new Map<string, Array<{ g: { item: string; expr: Expr }; rots: number[] }>>();

  /** The other gate constraints (not `item`) that fail after a change of one cell; stops past `limit`. */
  private otherGates(cell: CellRef, item: string, limit: number): string[] {
    const n = this.work.n;
    const out: string[] = [];
    for (const { g, rots } of this.readers.get(`${cell.kind}:${cell.index}`) ?? []) {
      if (g.item === item || out.includes(g.item)) continue;
      if (rots.some((rot) => evalAt(this.work, g.expr, (((cell.row - rot) % n) + n) % n) !== 0n)) {
        out.push(g.item);
        if (out.length > limit) return out;
      }
    }
    return out;
  }

  get items(): string[] {
    return listItems(this.honest).map((i) => i.id);
  }

  private restore(cells: readonly CellRef[]): void {
    for (const c of cells) this.work[c.kind][c.index]![c.row] = this.honest[c.kind][c.index]![c.row]!;
  }

  /** The items refusing `test` (an edit of the honest witness). */
  refusedBy(test: NegativeTest): string[] {
    if (!('mutate' in test)) throw new Error(`${test.name}: the search only takes edits of the honest witness`);
    const w = new RecordingEditor(this.work);
    try {
      test.mutate(w);
      return this.local.verify(this.work, w.changed).items;
    } finally {
      this.restore(w.changed);
    }
  }

  /**
   * A lie written as a test (cells of several rows, e.g. a tx-wide change), settled for each open item among those
   * refusing it (tableRepair, one solved cell): item → the spec of its cells and repairs (cellEdit).
   */
  settleLie(test: NegativeTest, open: (item: string) => boolean): Map<string, string> {
    if (!('mutate' in test)) throw new Error(`${test.name}: the search only takes edits of the honest witness`);
    const found = new Map<string, string>();
    const w = new RecordingEditor(this.work);
    try {
      test.mutate(w);
      const cells = [...new Map(w.changed.map((c) => [`${c.kind}:${c.index}:${c.row}`, c])).values()];
      const spec = cells.map((c) => `${(c.kind === 'advice' ? this.honest.cs.advice : this.honest.cs.instance)[c.index]!.name}@${c.row} = ${this.work[c.kind][c.index]![c.row]}`).join('; ');
      for (const item of this.local.verify(this.work, cells).items.filter(open)) {
        const fixed = this.settle(cells, item, true);
        if (fixed !== undefined) found.set(item, fixed === '' ? spec : `${spec}; ${fixed}`);
      }
    } finally {
      this.restore(w.changed);
    }
    return found;
  }

  /**
   * For each item not in `skip`, the first candidate (spec → test) refused by it alone; with `repair`, a candidate
   * refused by an open item and gate constraints on one row each is repaired (see the header) before it is dropped.
   */
  isolate(candidates: Iterable<readonly [string, NegativeTest]>, skip: ReadonlySet<string>, repair = false): SearchResult {
    const found = new Map<string, string>();
    let tried = 0;
    const open = (item: string) => !skip.has(item) && !found.has(item);
    for (const [spec, test] of candidates) {
      tried++;
      if (!('mutate' in test)) continue;
      const w = new RecordingEditor(this.work);
      try {
        test.mutate(w);
        const { items } = this.local.verify(this.work, w.changed);
        if (items.length === 1 && open(items[0]!)) found.set(items[0]!, spec);
        else if (repair && items.length > 1 && items.length <= 3 && items.some(open)) {
          const fixed = this.repair(w.changed, items.filter(open));
          if (fixed) found.set(fixed.item, `${spec}; ${fixed.spec}`);
        }
      } finally {
        this.restore(w.changed);
      }
    }
    return { found, tried };
  }

  /** What reads advice columns and when an item fails on a row: gate constraints and lookups (against the honest table). */
  private probe(item: string): { reads: Map<string, number[]>; fails: (row: number) => boolean } | undefined {
    const g = this.gates.find((x) => x.item === item);
    if (g) return { reads: g.reads, fails: (row) => evalAt(this.work, g.expr, row) !== 0n };
    const l = this.honest.cs.lookups.find((x) => itemId.lookup(x.name) === item);
    if (!l) return undefined;
    const table = new Set<string>();
    for (let row = 0; row < this.honest.usableRows; row++) table.add(tupleAt(this.honest, l.table, row));
    return { reads: readsOf(l.inputs), fails: (row) => !table.has(tupleAt(this.work, l.inputs, row)) };
  }

  /**
   * Targeted: for one gate constraint or lookup, edits (`values`) of the advice cells it reads on `rows`, kept when it
   * fails there; the first refused by it alone (the LocalVerifier's full check), or — with `repair` — refused by it
   * and one gate constraint that a solved cell then satisfies. Gives up after `budget` edits that fail the item or
   * 20·budget edits in all (counts, not a time: the result does not depend on the machine).
   */
  isolateItem(item: string, rows: Iterable<number>, repair: boolean, budget = 2000): string | undefined {
    const p = this.probe(item);
    if (!p) return undefined;
    let left = budget;
    let tries = 20 * budget;
    const n = this.work.n;
    const names = this.honest.cs.advice.map((c) => c.name);
    for (const row of rows) {
      for (const [key, rots] of p.reads) {
        const [kind, index] = key.split(':');
        if (kind !== 'advice') continue;
        const col = this.work.advice[Number(index)]!;
        for (const rot of rots) {
          const r = (((row + rot) % n) + n) % n;
          const v = col[r]!;
          for (const [label, x] of [['+ 1', (v + 1n) % P], ['= 0', 0n], ['= 2', 2n]] as const) {
            if (x === v) continue;
            if (tries-- === 0) return undefined;
            col[r] = x;
            try {
              if (!p.fails(row)) continue;
              if (left-- === 0) return undefined;
              const cell: CellRef = { kind: 'advice', index: Number(index), row: r };
              // gates first (cheap): more than the repairable one other is hopeless
              if (this.otherGates(cell, item, repair ? 1 : 0).length > (repair ? 1 : 0)) continue;
              const items = this.local.verify(this.work, [cell]).items;
              const spec = `${names[Number(index)]}@${r} ${label}`;
              if (items.length === 1 && items[0] === item) return spec;
              if (!items.includes(item) || (!repair && !items.some((i) => this.freeLookups.has(i)))) continue;
              const fixed = this.settle([cell], item, repair);
              if (fixed !== undefined) return `${spec}; ${fixed}`;
            } finally {
              col[r] = v;
            }
          }
        }
      }
    }
    return undefined;
  }

  /** Rows where gate constraint `g` fails after `changed`. */
  private failingRows(g: { expr: Expr; reads: Map<string, number[]> }, changed: readonly CellRef[]): number[] {
    const n = this.work.n;
    const rows = new Set<number>();
    for (const c of changed) for (const rot of g.reads.get(`${c.kind}:${c.index}`) ?? []) rows.add((((c.row - rot) % n) + n) % n);
    return [...rows].filter((row) => evalAt(this.work, g.expr, row) !== 0n);
  }

  /**
   * One more advice cell, solved so that the one other failing gate constraint holds, leaving one of `wanted` as the
   * only refusal, with the free tables agreeing (tableRepair); undefined when there is none. The work copy is left
   * with the edits of `changed` only.
   */
  private repair(changed: readonly CellRef[], wanted: readonly string[]): { item: string; spec: string } | undefined {
    if (wanted.length !== 1) return undefined;
    const spec = this.settle(changed, wanted[0]!, true);
    return spec === undefined ? undefined : { item: wanted[0]!, spec };
  }

  /**
   * The cells to add to `changed` so that `item` alone refuses it: the free tables' rows (tableRepair) and, with
   * `solve`, one cell solved for the one other failing gate constraint; their spec, or undefined. Leaves the work copy
   * with the edits of `changed` only.
   */
  private settle(changed: readonly CellRef[], item: string, solve: boolean): string | undefined {
    const { items } = this.local.verify(this.work, changed);
    if (!items.includes(item)) return undefined;
    const others = items.filter((i) => i !== item && !this.freeLookups.has(i));
    if (others.length === 0) return items.length === 1 ? '' : this.withTables(changed, item);
    if (!solve || others.length !== 1) return undefined;
    const g = this.gates.find((x) => x.item === others[0]);
    if (!g) return undefined;
    const rows = this.failingRows(g, changed);
    if (rows.length !== 1) return undefined;
    const row = rows[0]!;
    const n = this.work.n;
    for (const q of g.expr.queries()) {
      if (q.column.kind !== 'advice') continue;
      const r = (((row + q.rotation) % n) + n) % n;
      if (changed.some((c) => c.kind === 'advice' && c.index === q.column.index && c.row === r)) continue;
      const col = this.work.advice[q.column.index]!;
      const v = col[r]!;
      const e0 = evalAt(this.work, g.expr, row);
      col[r] = (v + 1n) % P;
      const e1 = evalAt(this.work, g.expr, row);
      const slope = (e1 - e0 + P) % P;
      if (slope === 0n) { col[r] = v; continue; }
      // linear in the cell (checked below): e(v + t) = e0 + slope·t = 0
      const x = (v + (P - e0) * pow(slope, P - 2n)) % P;
      col[r] = x;
      const cell: CellRef = { kind: 'advice', index: q.column.index, row: r };
      try {
        const after = this.local.verify(this.work, [...changed, cell]).items;
        const solved = `${q.column.name}@${r} = ${x}`;
        if (after.length === 1 && after[0] === item) return solved;
        if (after.includes(item) && after.every((i) => i === item || this.freeLookups.has(i))) {
          const tables = this.withTables([...changed, cell], item);
          if (tables !== undefined) return `${solved}; ${tables}`;
        }
      } finally {
        col[r] = v;
      }
    }
    return undefined;
  }

  /** The free tables' rows that leave `item` the only refusal of `changed` (tableRepair), as a spec; undefined if none do. */
  private withTables(changed: readonly CellRef[], item: string): string | undefined {
    const free = this.local.verify(this.work, changed).items.filter((i) => i !== item && this.freeLookups.has(i));
    const tables = this.tableRepair(changed, free);
    if (!tables || tables.cells.length === 0) return undefined;
    try {
      const after = this.local.verify(this.work, [...changed, ...tables.cells]).items;
      return after.length === 1 && after[0] === item ? tables.spec : undefined;
    } finally {
      this.restore(tables.cells);
    }
  }
}

/** The evm target's edit lists, searched: targeted cells, slot edits with the RW table agreeing, repaired cells. */
async function searchEvm(seedsOnly: boolean, only?: RegExp, budget = 200, slots = true): Promise<void> {
  const { evm, evmCandidates, evmItemRows, FIXTURE_TABLES, HAND_NEGATIVES, SEARCH_LIES, slotEdit } = await import('./targets/evm.js');
  const previous = await import('./targets/evm-edits.js');
  await evm.prepare!();
  const search = new EditSearch(evm, FIXTURE_TABLES);
  const t0 = performance.now();
  const skip = new Set<string>();
  for (const t of HAND_NEGATIVES) { const items = search.refusedBy(t); if (items.length === 1) skip.add(items[0]!); }
  const order = search.items;
  const open = () => order.filter((i) => !skip.has(i));
  // the previous lists first: an edit that still isolates an open item is kept (rows of the first txs do not move)
  const targeted = new Map<string, string>();
  const slot = { found: new Map<string, string>() };
  const seeds: Array<[string, NegativeTest, Map<string, string>]> = [
    ...[...previous.CELL_EDITS, ...previous.REPAIRED_EDITS].map((spec): [string, NegativeTest, Map<string, string>] => [spec, cellEdit(spec), targeted]),
    ...previous.SLOT_EDITS.map((spec): [string, NegativeTest, Map<string, string>] => [spec, slotEdit(spec), slot.found]),
  ];
  for (const [spec, test, into] of seeds) {
    let items: string[];
    try { items = search.refusedBy(test); } catch { continue; } // its step no longer makes that access
    if (items.length === 1 && !skip.has(items[0]!)) { into.set(items[0]!, spec); skip.add(items[0]!); }
  }
  console.error(`  kept ${targeted.size + slot.found.size} of ${seeds.length} previous edits (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  // lies over many cells (evm.ts SEARCH_LIES), settled for the open items they break
  for (const lie of seedsOnly ? [] : SEARCH_LIES) {
    for (const [item, spec] of search.settleLie(lie, (i) => !skip.has(i) && (only === undefined || only.test(i)))) { targeted.set(item, spec); skip.add(item); }
  }
  const items = seedsOnly ? [] : open().filter((item) => only === undefined || only.test(item));
  items.forEach((item, i) => {
    const spec = search.isolateItem(item, evmItemRows(search.honest, item), true, budget);
    if (spec !== undefined) { targeted.set(item, spec); skip.add(item); }
    if (i % 100 === 99) console.error(`  ${i + 1}/${items.length} items tried, ${targeted.size} isolated (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  });
  if (!seedsOnly && slots) for (const [item, spec] of search.isolate(evmCandidates(search.honest).slots(), skip).found) { slot.found.set(item, spec); skip.add(item); }
  console.error(`  slot: ${slot.found.size} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const single = new Map([...targeted].filter(([, spec]) => !spec.includes('; ')));
  const repaired = new Map([...targeted].filter(([, spec]) => spec.includes('; ')));
  const sorted = (m: Map<string, string>) => [...m].sort((x, y) => order.indexOf(x[0]) - order.indexOf(y[0])).map(([, spec]) => spec);
  const list = (name: string, what: string, specs: string[]) =>
    `/** ${what} */\nexport const ${name}: readonly string[] = [\n${specs.map((s) => `  ${JSON.stringify(s)},`).join('\n')}\n];\n`;
  const text = [
    '/**',
    ' * GENERATED by `npx tsx scripts/soundness/search.ts` (do not edit): the evm target\'s searched negatives, each refused by',
    ' * one item alone on the honest block of targets/evm.ts — its rows are that block\'s. Re-run after a change of the program',
    ' * or of the circuit\'s layout.',
    ' */',
    list('CELL_EDITS', 'One-cell edits (v + 1, 0 or 2 on a cell the item reads, on the rows where it binds: evm.ts evmItemRows).', sorted(single)),
    list('SLOT_EDITS', 'Slot edits with the RW table agreeing (targets/evm.ts slotEdit).', sorted(slot.found)),
    list('REPAIRED_EDITS', 'One-cell edits with a second cell solved so that the other rule they broke holds (search.ts repair).', sorted(repaired)),
  ].join('\n');
  const path = join(__dirname, 'targets', 'evm-edits.ts');
  writeFileSync(path, text);
  console.error(`evm: ${single.size} cell, ${slot.found.size} slot, ${repaired.size} repaired edits; ${open().length} items open (${((performance.now() - t0) / 1000).toFixed(0)} s) → ${path}`);
}

/** v + 1, 0 and 2 on every assigned advice cell of the honest assignment (regions' rectangles), of the columns `columns` matches. */
export function* cellCandidates(honest: Assignment, columns?: RegExp): Iterable<[string, NegativeTest]> {
  for (const r of honest.regions) for (const c of r.columns) {
    if (c.kind !== 'advice') continue;
    const name = honest.cs.advice[c.index]!.name;
    if (columns !== undefined && !columns.test(name)) continue;
    for (let row = r.start; row < r.start + r.rows; row++) for (const v of ['+ 1', '= 0', '= 2']) {
      const spec = `${name}@${row} ${v}`;
      yield [spec, cellEdit(spec)];
    }
  }
}

/**
 * Prints, for a registered target, the one-cell and repaired edits that isolate the items its negatives leave
 * unguarded; `columns`: only edits of the columns it matches (a chip beside a large fixture circuit).
 */
async function searchTarget(name: string, columns?: RegExp): Promise<void> {
  const { findTargets } = await import('./registry.js');
  const [target] = findTargets([name]);
  await target!.prepare?.();
  const search = new EditSearch(target!);
  const skip = new Set<string>();
  for (const t of target!.negatives) if ('mutate' in t) { const items = search.refusedBy(t); if (items.length === 1) skip.add(items[0]!); }
  const single = search.isolate(cellCandidates(search.honest, columns), skip);
  const repaired = search.isolate(cellCandidates(search.honest, columns), new Set([...skip, ...single.found.keys()]), true);
  for (const [item, spec] of [...single.found, ...repaired.found]) console.log(`${item}\t${spec}`);
  for (const item of search.items) if (!skip.has(item) && !single.found.has(item) && !repaired.found.has(item)) console.log(`${item}\t(none)`);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const name = args.find((a, i) => !a.startsWith('--') && !['--only', '--columns', '--budget'].includes(args[i - 1]!)) ?? 'evm';
  const option = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? new RegExp(args[i + 1]!) : undefined; };
  (name === 'evm' ? searchEvm(args.includes('--seeds-only'), option('--only'), args.includes('--budget') ? Number(args[args.indexOf('--budget') + 1]) : undefined, !args.includes('--no-slots')) : searchTarget(name, option('--columns'))).catch((e) => { console.error(e); process.exitCode = 1; });
}
