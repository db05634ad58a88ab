/**
 * IsEqualChip: eq = (a == b) as IsZero of a − b, one row:
 *
 *   advice a, b (copy-enabled), inv, eq; selector q
 *   gate "<name>":  q·(eq − (1 − (a − b)·inv)) = 0,  q·(a − b)·eq = 0          (degree 3)
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { assignInput, lazy, type CellInput } from './common.js';
import { IsZeroChip } from './is-zero.js';

export interface IsEqualResult { a: AssignedCell; b: AssignedCell; eq: AssignedCell }

export class IsEqualChip {
  private constructor(readonly name: string, readonly a: Column, readonly b: Column, readonly isZero: IsZeroChip, readonly q: Selector) {}

  static configure(cs: ConstraintSystem, name: string, a: Column, b: Column, inverse: Column, eq: Column): IsEqualChip {
    const q = cs.selector(name);
    for (const c of [a, b, eq]) cs.enableEquality(c);
    const isZero = IsZeroChip.configure(cs, name, q.expr(), a.cur().sub(b.cur()), inverse, eq);
    return new IsEqualChip(name, a, b, isZero, q);
  }

  /** eq on the current row, as an expression for other gates. */
  isEqual() { return this.isZero.isZero(); }

  assign(region: Region, offset: number, a: CellInput, b: CellInput): IsEqualResult {
    region.enableSelector(this.q, offset);
    const ca = assignInput(region, `${this.name} a`, this.a, offset, a);
    const cb = assignInput(region, `${this.name} b`, this.b, offset, b);
    const [ra, rb] = [lazy(ca), lazy(cb)];
    return { a: ca, b: cb, eq: this.isZero.assign(region, offset, () => ra() - rb()) };
  }
}
