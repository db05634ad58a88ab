/**
 * ComparatorChip: (lt, eq) of a, b ∈ [0, 256^n) on one row — LtChip plus IsZero of a − b on the
 * same a, b cells and the same selector; gt = 1 − lt − eq is an expression (`isGreater`).
 *
 *   advice a, b, lt, diff_0…diff_{n−1}, inv, eq; selector q
 *   gates "<name> lt" (see LtChip) and "<name> eq" (see IsZeroChip); n byte lookups
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Region } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { lazy, type CellInput } from './common.js';
import { IsZeroChip } from './is-zero.js';
import { LtChip } from './less-than.js';
import type { RangeTable } from './range-table.js';

export interface ComparatorColumns { a: Column; b: Column; lt: Column; diff: readonly Column[]; inverse: Column; eq: Column }
export interface CompareResult { a: AssignedCell; b: AssignedCell; lt: AssignedCell; eq: AssignedCell }

export class ComparatorChip {
  private constructor(readonly name: string, readonly lt: LtChip, readonly eq: IsZeroChip) {}

  static configure(cs: ConstraintSystem, name: string, byteTable: RangeTable, cols: ComparatorColumns): ComparatorChip {
    const lt = LtChip.configure(cs, `${name} lt`, byteTable, cols.a, cols.b, cols.lt, cols.diff);
    cs.enableEquality(cols.eq);
    const eq = IsZeroChip.configure(cs, `${name} eq`, lt.q.expr(), cols.a.cur().sub(cols.b.cur()), cols.inverse, cols.eq);
    return new ComparatorChip(name, lt, eq);
  }

  isLess(): Expr { return this.lt.isLess(); }
  isEqual(): Expr { return this.eq.isZero(); }
  isGreater(): Expr { return constant(1).sub(this.isLess()).sub(this.isEqual()); }

  assign(region: Region, offset: number, a: CellInput, b: CellInput): CompareResult {
    const r = this.lt.assign(region, offset, a, b);
    const [ra, rb] = [lazy(r.a), lazy(r.b)];
    return { a: r.a, b: r.b, lt: r.lt, eq: this.eq.assign(region, offset, () => ra() - rb()) };
  }
}
