/**
 * The MockProver's first checker, kept as the reference of the differential test (mock-equivalence.test.ts):
 * it walks each expression tree with a visitor on every row and joins tuples into strings. Slow; never
 * used outside that test.
 */
import { frMod as mod } from '../../../circuits/field/fr-scalar.js';
import type { Assignment, Cell, Column, Expr, VerifyFailure } from '../../../circuits/plonk/index.js';

/** Every failure of the assignment, in the order gates, lookups, shuffles, copies. */
export function referenceFailures(a: Assignment): VerifyFailure[] {
  const value = (column: Column, row: number): bigint => {
    const r = ((row % a.n) + a.n) % a.n;
    const table = column.kind === 'advice' ? a.advice : column.kind === 'fixed' ? a.fixed : a.instance;
    return table[column.index][r];
  };
  const evalAt = (e: Expr, row: number): bigint => mod(e.evaluate<bigint>({
    constant: (v) => v,
    query: (c, rot) => value(c, row + rot),
    neg: (x) => -x,
    sum: (x, y) => x + y,
    product: (x, y) => mod(x * y),
  }));
  const out: VerifyFailure[] = [];
  const where = (e: Expr, row: number) => {
    const q = e.queries()[0];
    return q ? a.describe(q.column, ((row + q.rotation) % a.n + a.n) % a.n) : '';
  };
  for (const gate of a.cs.gates) {
    for (const c of gate.constraints) {
      const queries = c.expr.queries();
      for (let row = 0; row < a.n; row++) {
        if (evalAt(c.expr, row) === 0n) continue;
        out.push({
          kind: 'gate', gate: gate.name, constraint: c.name, row, location: where(c.expr, row),
          cells: queries.map((q) => ({ column: q.column.name, rotation: q.rotation, value: value(q.column, row + q.rotation) })),
        });
      }
    }
  }
  const tuple = (es: readonly Expr[], row: number) => es.map((e) => evalAt(e, row));
  for (const l of a.cs.lookups) {
    const table = new Set<string>();
    for (let row = 0; row < a.usableRows; row++) table.add(tuple(l.table, row).join(','));
    for (let row = 0; row < a.usableRows; row++) {
      const input = tuple(l.inputs, row);
      if (!table.has(input.join(','))) out.push({ kind: 'lookup', lookup: l.name, row, location: where(l.inputs[0], row), input });
    }
  }
  for (const s of a.cs.shuffles) {
    const count = new Map<string, number>();
    for (let row = 0; row < a.usableRows; row++) {
      const k = tuple(s.shuffle, row).join(',');
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    const unmatched: Array<{ row: number; input: bigint[] }> = [];
    for (let row = 0; row < a.usableRows; row++) {
      const input = tuple(s.inputs, row);
      const k = input.join(',');
      const c = count.get(k) ?? 0;
      if (c === 0) unmatched.push({ row, input });
      else count.set(k, c - 1);
    }
    for (const u of unmatched) out.push({ kind: 'shuffle', shuffle: s.name, row: u.row, location: where(s.inputs[0], u.row), input: u.input });
  }
  const cellInfo = (c: Cell) => ({ column: c.column.name, row: c.row, value: value(c.column, c.row) });
  for (const [x, y] of a.copies) {
    if (value(x.column, x.row) !== value(y.column, y.row)) out.push({ kind: 'copy', a: cellInfo(x), b: cellInfo(y) });
  }
  return out;
}
