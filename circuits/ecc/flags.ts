/**
 * FlagChip: boolean logic on 0/1 flags in one advice column, a block of 3 rows per operation:
 *
 *   advice f (copy-enabled): a at row 0, b at row 1, out at row 2 (a, b copied in)
 *   gate "<name> and":      out = a·b
 *   gate "<name> and not":  out = a·(1 − b)
 *   gate "<name> one of":   out = a + b, out boolean (a and b may not both be 1)    (degree ≤ 3)
 *
 * Inputs must be flags proven boolean where they were made (IsZero outputs, [x ≥ p], other flag
 * results): then and/and-not outputs are boolean too, and "one of" checks its own.
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { assignInput, GadgetError, type CellInput } from '../gadgets/common.js';

export type FlagOp = 'and' | 'and not' | 'one of';

export class FlagChip {
  static readonly ROWS = 3;

  private constructor(readonly name: string, readonly column: Column, private readonly q: Record<FlagOp, Selector>) {}

  static configure(cs: ConstraintSystem, name: string, column: Column): FlagChip {
    cs.enableEquality(column);
    const [a, b, out] = [column.cur(), column.next(), column.rot(2)];
    const q = { 'and': cs.selector(`${name} and`), 'and not': cs.selector(`${name} and not`), 'one of': cs.selector(`${name} one of`) };
    cs.createGate(`${name} and`, { 'out = a·b': q['and'].expr().mul(out.sub(a.mul(b))) });
    cs.createGate(`${name} and not`, { 'out = a·(1 − b)': q['and not'].expr().mul(out.sub(a.mul(constant(1).sub(b)))) });
    const s = q['one of'].expr();
    cs.createGate(`${name} one of`, {
      'out = a + b': s.mul(out.sub(a).sub(b)),
      'out is boolean': s.mul(out).mul(constant(1).sub(out)),
    });
    return new FlagChip(name, column, q);
  }

  and(region: Region, offset: number, a: CellInput, b: CellInput): AssignedCell { return this.assign(region, offset, 'and', a, b); }
  andNot(region: Region, offset: number, a: CellInput, b: CellInput): AssignedCell { return this.assign(region, offset, 'and not', a, b); }
  oneOf(region: Region, offset: number, a: CellInput, b: CellInput): AssignedCell { return this.assign(region, offset, 'one of', a, b); }

  private assign(region: Region, offset: number, op: FlagOp, a: CellInput, b: CellInput): AssignedCell {
    region.enableSelector(this.q[op], offset);
    const ca = assignInput(region, `${this.name} a`, this.column, offset, a);
    const cb = assignInput(region, `${this.name} b`, this.column, offset + 1, b);
    return region.assignAdvice(`${this.name} ${op}`, this.column, offset + 2, () => {
      const [x, y] = [ca.value, cb.value];
      if ((x !== 0n && x !== 1n) || (y !== 0n && y !== 1n)) throw new GadgetError('FlagChip', `${this.name} ${op}: inputs ${x}, ${y} are not flags`);
      const out = op === 'and' ? x & y : op === 'and not' ? x & (1n - y) : x + y;
      if (out > 1n) throw new GadgetError('FlagChip', `${this.name} one of: both inputs are 1`);
      return out;
    });
  }
}
