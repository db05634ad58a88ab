/**
 * MockProver: checks a circuit's assignment directly, cell by cell, and names what fails — the
 * gate and constraint with the row and the cells it read, the lookup or shuffle with the row and
 * its input tuple, the copy constraint with both cells. It is the circuit author's debugger and
 * the reference the real prover's soundness tests are compared with.
 */
import { frMod } from '../field/fr-scalar.js';
import type { Column, Expr } from './expression.js';
import type { ConstraintSystem } from './constraint-system.js';
import { synthesize, type Assignment, type Cell, type Circuit } from './layouter.js';

const mod = frMod;

export interface CellValue { readonly column: string; readonly rotation: number; readonly value: bigint }

export type VerifyFailure =
  | { kind: 'gate'; gate: string; constraint: string; row: number; location: string; cells: CellValue[] }
  | { kind: 'lookup'; lookup: string; row: number; location: string; input: bigint[] }
  | { kind: 'shuffle'; shuffle: string; row: number; location: string; input: bigint[] }
  | { kind: 'copy'; a: { column: string; row: number; value: bigint }; b: { column: string; row: number; value: bigint } };

export function describeFailure(f: VerifyFailure): string {
  const at = (row: number, location: string) => `row ${row}${location ? ` (${location})` : ''}`;
  switch (f.kind) {
    case 'gate':
      return `gate "${f.gate}" constraint "${f.constraint}" is not satisfied at ${at(f.row, f.location)}: ` +
        f.cells.map((c) => `${c.column}${c.rotation ? `@${c.rotation > 0 ? '+' : ''}${c.rotation}` : ''} = ${c.value}`).join(', ');
    case 'lookup':
      return `lookup "${f.lookup}": input (${f.input.join(', ')}) at ${at(f.row, f.location)} is not in the table`;
    case 'shuffle':
      return `shuffle "${f.shuffle}": input (${f.input.join(', ')}) at ${at(f.row, f.location)} has no counterpart among the shuffled rows`;
    case 'copy':
      return `copy constraint broken: ${f.a.column} row ${f.a.row} = ${f.a.value} but ${f.b.column} row ${f.b.row} = ${f.b.value}`;
  }
}

/** Compact, sorted keys of failures ("gate G/C@row", "lookup L@row", "shuffle S@row", "copy A@r~B@s"): lets tests and tools assert exactly which constraints failed. */
export function failureSummary(fs: readonly VerifyFailure[]): string[] {
  return fs.map((f) => {
    switch (f.kind) {
      case 'gate': return `gate ${f.gate}/${f.constraint}@${f.row}`;
      case 'lookup': return `lookup ${f.lookup}@${f.row}`;
      case 'shuffle': return `shuffle ${f.shuffle}@${f.row}`;
      case 'copy': return `copy ${f.a.column}@${f.a.row}~${f.b.column}@${f.b.row}`;
    }
  }).sort();
}

export class UnsatisfiedCircuitError extends Error {
  constructor(readonly failures: readonly VerifyFailure[]) {
    const shown = failures.slice(0, 20).map((f) => `  - ${describeFailure(f)}`);
    if (failures.length > 20) shown.push(`  … and ${failures.length - 20} more`);
    super(`circuit is not satisfied (${failures.length} failure${failures.length === 1 ? '' : 's'}):\n${shown.join('\n')}`);
    this.name = 'UnsatisfiedCircuitError';
  }
}

export class MockProver {
  private constructor(readonly assignment: Assignment) {}

  get cs(): ConstraintSystem { return this.assignment.cs; }

  /** Lays out the circuit with its witness at size 2^k; instances are the public-input columns. */
  static run<C>(k: number, circuit: Circuit<C>, instances: readonly (readonly bigint[])[]): MockProver {
    return new MockProver(synthesize(circuit, k, instances, true));
  }

  /** Checks an existing assignment (e.g. one a test has corrupted on purpose). */
  static fromAssignment(assignment: Assignment): MockProver {
    return new MockProver(assignment);
  }

  private value(column: Column, row: number): bigint {
    const a = this.assignment;
    const r = ((row % a.n) + a.n) % a.n;
    const table = column.kind === 'advice' ? a.advice : column.kind === 'fixed' ? a.fixed : a.instance;
    return table[column.index][r];
  }

  private evalAt(e: Expr, row: number): bigint {
    return mod(e.evaluate<bigint>({
      constant: (v) => v,
      query: (c, rot) => this.value(c, row + rot),
      neg: (x) => -x,
      sum: (x, y) => x + y,
      product: (x, y) => mod(x * y),
    }));
  }

  /** Every failure, in the order gates, lookups, shuffles, copies. */
  verify(): VerifyFailure[] {
    const a = this.assignment;
    const out: VerifyFailure[] = [];
    const where = (e: Expr, row: number) => {
      const q = e.queries()[0];
      return q ? a.describe(q.column, ((row + q.rotation) % a.n + a.n) % a.n) : '';
    };
    for (const gate of this.cs.gates) {
      for (const c of gate.constraints) {
        const queries = c.expr.queries();
        for (let row = 0; row < a.n; row++) {
          if (this.evalAt(c.expr, row) === 0n) continue;
          out.push({
            kind: 'gate', gate: gate.name, constraint: c.name, row, location: where(c.expr, row),
            cells: queries.map((q) => ({ column: q.column.name, rotation: q.rotation, value: this.value(q.column, row + q.rotation) })),
          });
        }
      }
    }
    const tuple = (es: readonly Expr[], row: number) => es.map((e) => this.evalAt(e, row));
    for (const l of this.cs.lookups) {
      const table = new Set<string>();
      for (let row = 0; row < a.usableRows; row++) table.add(tuple(l.table, row).join(','));
      for (let row = 0; row < a.usableRows; row++) {
        const input = tuple(l.inputs, row);
        if (!table.has(input.join(','))) out.push({ kind: 'lookup', lookup: l.name, row, location: where(l.inputs[0], row), input });
      }
    }
    for (const s of this.cs.shuffles) {
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
      // both sides have one tuple per usable row, so matching every input means equal multisets
      for (const u of unmatched) out.push({ kind: 'shuffle', shuffle: s.name, row: u.row, location: where(s.inputs[0], u.row), input: u.input });
    }
    const cellInfo = (c: Cell) => ({ column: c.column.name, row: c.row, value: this.value(c.column, c.row) });
    for (const [x, y] of a.copies) {
      if (this.value(x.column, x.row) !== this.value(y.column, y.row)) out.push({ kind: 'copy', a: cellInfo(x), b: cellInfo(y) });
    }
    return out;
  }

  /** Throws UnsatisfiedCircuitError listing every failure, readably. */
  assertSatisfied(): void {
    const f = this.verify();
    if (f.length > 0) throw new UnsatisfiedCircuitError(f);
  }
}
