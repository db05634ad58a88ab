/**
 * IsZeroChip: out = (value == 0) with the inverse-witness trick. The prover supplies
 * inv = value⁻¹ (anything when value = 0; the chip assigns 0) and
 *
 *   gate "<name>":  q·(out − (1 − value·inv)) = 0     out is 1 − value·inv
 *                   q·value·out = 0                     value ≠ 0 ⇒ out = 0
 *
 * If value ≠ 0 the second forces out = 0, and then the first forces inv = value⁻¹; if value = 0 the
 * first forces out = 1. `value` is any expression over the current row (a column, a − b, …), so the
 * chip composes: IsEqualChip is IsZero of a − b. Degree: 2 + deg(value).
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Region } from '../plonk/index.js';
import { frInv } from '../field/fr-scalar.js';
import { mod } from './common.js';

export class IsZeroChip {
  private constructor(readonly name: string, readonly value: Expr, readonly inverse: Column, readonly output: Column) {}

  /**
   * `q` gates the constraints (a selector's expression); `value` is the expression tested; the
   * chip owns the `inverse` and `output` advice columns' cells on the rows it assigns.
   */
  static configure(cs: ConstraintSystem, name: string, q: Expr, value: Expr, inverse: Column, output: Column): IsZeroChip {
    cs.createGate(name, {
      'out = 1 − value·inv': q.mul(output.cur().sub(1).add(value.mul(inverse.cur()))),
      'value·out = 0': q.mul(value).mul(output.cur()),
    });
    return new IsZeroChip(name, value, inverse, output);
  }

  /** The flag as an expression on the current row (degree 1), for other gates. */
  isZero(): Expr { return this.output.cur(); }

  /**
   * Assigns inv and out at `offset` for the value the expression takes there (the caller assigns
   * the value's cells and enables `q`). Returns the output cell (1 if zero, else 0).
   */
  assign(region: Region, offset: number, value: () => bigint): AssignedCell {
    region.assignAdvice(`${this.name} inverse`, this.inverse, offset, () => {
      const v = mod(value());
      return v === 0n ? 0n : frInv(v);
    });
    return region.assignAdvice(`${this.name} output`, this.output, offset, () => (mod(value()) === 0n ? 1n : 0n));
  }
}
