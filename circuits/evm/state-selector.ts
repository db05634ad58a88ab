/**
 * The EVM circuit's execution-state selector, two-hot: state id = LO·i + j is selected by a_i·b_j, with a_0 … a_(HI−1)
 * and b_0 … b_(LO−1) each boolean and summing to 1 (LO·HI ≥ the states). About 2·√N advice columns instead of N one-hot
 * ones: every column is a commitment and an evaluation the L1 verifier pays for, and a selector costs one degree more.
 *
 * An id at or past the state count selects no state, so the step's id (`id`, degree 1) is looked up in the fixed
 * opcode table (circuit.ts), which holds only real ones: that lookup is what bars the unused pairs.
 */
import { constant, sum, type Column, type ConstraintSystem, type Expr, type Region } from '../plonk/index.js';

/** One cell of the selector to set: the mutation tests' and the soundness tool's way to claim another state. */
export interface StateCellEdit { readonly column: string; readonly row: number; readonly value: bigint }

export class StateSelector {
  private constructor(readonly hi: readonly Column[], readonly lo: readonly Column[]) {}

  /** The grid's shape for `count` states: LO = ⌈√count⌉ low columns, as few high ones as cover the rest. */
  static shape(count: number): { readonly hi: number; readonly lo: number } {
    const lo = Math.ceil(Math.sqrt(count));
    return { hi: Math.ceil(count / lo), lo };
  }

  static configure(cs: ConstraintSystem, prefix: string, count: number): StateSelector {
    const { hi, lo } = StateSelector.shape(count);
    return new StateSelector(
      Array.from({ length: hi }, (_, i) => cs.adviceColumn(`${prefix} state hi ${i}`)),
      Array.from({ length: lo }, (_, j) => cs.adviceColumn(`${prefix} state lo ${j}`)),
    );
  }

  /** The selector of state `id` on the row `rotation` away: a_i·b_j. */
  is(id: number, rotation = 0): Expr {
    const { i, j } = this.split(id);
    return this.hi[i]!.rot(rotation).mul(this.lo[j]!.rot(rotation));
  }

  /**
   * Σ_id s_id·value_id over the given states (a value absent: 1), grouped by high column: a_i·Σ_j b_j·value. A high
   * column whose whole row of states is in the set with value 1 is a_i alone; one with most of it, a_i·(1 − Σ of the
   * rest's b_j) — equal where Σ b_j = 1, as on every step row.
   */
  sum(terms: ReadonlyArray<readonly [id: number, value?: Expr]>, rotation = 0): Expr {
    const rows = new Map<number, Array<readonly [number, Expr | undefined]>>();
    for (const [id, value] of terms) {
      const { i, j } = this.split(id);
      const row = rows.get(i) ?? [];
      row.push([j, value]);
      rows.set(i, row);
    }
    const parts: Expr[] = [constant(0)];
    for (const [i, row] of [...rows].sort(([x], [y]) => x - y)) {
      const a = this.hi[i]!.rot(rotation);
      const b = (j: number) => this.lo[j]!.rot(rotation);
      const plain = row.every(([, v]) => v === undefined);
      if (plain && row.length === this.lo.length) parts.push(a);
      else if (plain && 2 * row.length > this.lo.length) {
        const chosen = new Set(row.map(([j]) => j));
        parts.push(a.mul(constant(1).sub(sum([constant(0), ...this.lo.flatMap((_, j) => (chosen.has(j) ? [] : [b(j)]))]))));
      } else parts.push(a.mul(sum(row.map(([j, v]) => (v === undefined ? b(j) : b(j).mul(v))))));
    }
    return sum(parts);
  }

  /** The selected state's id, Σ_i a_i·LO·i + Σ_j b_j·j (degree 1). */
  id(rotation = 0): Expr {
    const lo = BigInt(this.lo.length);
    return sum([...this.hi.map((c, i) => c.rot(rotation).mul(lo * BigInt(i))), ...this.lo.map((c, j) => c.rot(rotation).mul(j))]);
  }

  /** The step rows' rules: every cell boolean, one high and one low column set. */
  checks(): Array<[string, Expr]> {
    const one = constant(1);
    const all = [...this.hi, ...this.lo];
    return [
      ...all.map((c): [string, Expr] => [`${c.name} boolean`, c.cur().mul(one.sub(c.cur()))]),
      ['one state hi', sum(this.hi.map((c) => c.cur())).sub(1)],
      ['one state lo', sum(this.lo.map((c) => c.cur())).sub(1)],
    ];
  }

  assign(region: Region, row: number, id: number): void {
    for (const [c, value] of this.values(id)) region.assignAdvice(c.name, c, row, value);
  }

  /** Every selector cell of `row` for state `id`. */
  cells(id: number, row: number): StateCellEdit[] {
    return this.values(id).map(([c, value]) => ({ column: c.name, row, value }));
  }

  private values(id: number): Array<readonly [Column, bigint]> {
    const { i, j } = this.split(id);
    return [...this.hi.map((c, x) => [c, x === i ? 1n : 0n] as const), ...this.lo.map((c, x) => [c, x === j ? 1n : 0n] as const)];
  }

  private split(id: number): { readonly i: number; readonly j: number } {
    const i = Math.floor(id / this.lo.length);
    if (!Number.isInteger(id) || id < 0 || i >= this.hi.length) throw new RangeError(`state id ${id} is outside the selector's ${this.hi.length}×${this.lo.length} grid`);
    return { i, j: id % this.lo.length };
  }
}
