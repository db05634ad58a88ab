/**
 * MockProver: checks a circuit's assignment directly, cell by cell, and names what fails — the
 * gate and constraint with the row and the cells it read, the lookup or shuffle with the row and
 * its input tuple, the copy constraint with both cells. It is the circuit author's debugger and
 * the reference the real prover's soundness tests are compared with.
 */
import { FR_MODULUS } from '../field/constants.js';
import type { Expr } from './expression.js';
import type { ConstraintSystem } from './constraint-system.js';
import { synthesize, type Assignment, type Cell, type Circuit } from './layouter.js';
import { RowEvaluator, type TupleCounts } from './row-evaluator.js';

/** A module-local copy: an imported binding is a property read (a getter under CommonJS) on every use in the hot loops. */
const P = FR_MODULUS;

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

  /**
   * Every failure, in the order gates, lookups, shuffles, copies. Reads the assignment as it is now
   * (callers corrupt cells between calls), so nothing of it is cached across calls.
   */
  verify(): VerifyFailure[] {
    const a = this.assignment;
    const ev = new RowEvaluator(a);
    const out: VerifyFailure[] = [];
    const where = (e: Expr, row: number) => {
      const q = e.queries()[0];
      return q ? a.describe(q.column, (row + q.rotation) & ev.mask) : '';
    };
    for (const gate of this.cs.gates) {
      for (const c of gate.constraints) {
        const f = ev.compile(c.expr);
        for (let row = 0; row < a.n; row++) {
          const v = f(row);
          if (v === 0n || v % P === 0n) continue;
          out.push({
            kind: 'gate', gate: gate.name, constraint: c.name, row, location: where(c.expr, row),
            cells: c.expr.queries().map((q) => ({ column: q.column.name, rotation: q.rotation, value: ev.cell(q.column, row + q.rotation) })),
          });
        }
      }
    }
    // a table is hashed once for every lookup into it (lookups with structurally equal tables share it)
    const tables = new Map<string, TupleCounts>();
    for (const l of this.cs.lookups) {
      const key = l.table.map(String).join(' | ');
      let table = tables.get(key);
      if (!table) tables.set(key, table = ev.tuples(l.table));
      const input = ev.tupleFn(l.inputs);
      for (let row = 0; row < a.usableRows; row++) {
        const t = input(row);
        if (table.count(t) === 0) out.push({ kind: 'lookup', lookup: l.name, row, location: where(l.inputs[0], row), input: t });
      }
    }
    for (const s of this.cs.shuffles) {
      const count = ev.tuples(s.shuffle);
      const input = ev.tupleFn(s.inputs);
      // both sides have one tuple per usable row, so matching every input means equal multisets
      for (let row = 0; row < a.usableRows; row++) {
        const t = input(row);
        if (!count.take(t)) out.push({ kind: 'shuffle', shuffle: s.name, row, location: where(s.inputs[0], row), input: t });
      }
    }
    const cellInfo = (c: Cell) => ({ column: c.column.name, row: c.row, value: ev.cell(c.column, c.row) });
    for (const [x, y] of a.copies) {
      if (ev.cell(x.column, x.row) !== ev.cell(y.column, y.row)) out.push({ kind: 'copy', a: cellInfo(x), b: cellInfo(y) });
    }
    return out;
  }

  /** Throws UnsatisfiedCircuitError listing every failure, readably. */
  assertSatisfied(): void {
    const f = this.verify();
    if (f.length > 0) throw new UnsatisfiedCircuitError(f);
  }
}
