/**
 * SelectChip: out = cond ? a : b with cond boolean, one row per selection:
 *
 *   advice cond, a, b, out (all copy-enabled); selector q
 *   gate "<name>":  q·cond·(1 − cond) = 0,  q·(out − b − cond·(a − b)) = 0          (degree 3)
 *
 * `selectWord` selects both halves of a word on two rows with one condition (the second row's cond
 * is a copy of the first).
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { assignInput, GadgetError, lazy, type CellInput } from './common.js';
import type { WordCells } from './word.js';

export interface SelectResult { cond: AssignedCell; a: AssignedCell; b: AssignedCell; out: AssignedCell }

export class SelectChip {
  private constructor(readonly name: string, readonly cond: Column, readonly a: Column, readonly b: Column, readonly out: Column, readonly q: Selector) {}

  static configure(cs: ConstraintSystem, name: string, cond: Column, a: Column, b: Column, out: Column): SelectChip {
    const q = cs.selector(name);
    for (const c of [cond, a, b, out]) cs.enableEquality(c);
    const s = q.expr();
    const k = cond.cur();
    cs.createGate(name, {
      'cond is boolean': s.mul(k).mul(constant(1).sub(k)),
      'out = b + cond·(a − b)': s.mul(out.cur().sub(b.cur()).sub(k.mul(a.cur().sub(b.cur())))),
    });
    return new SelectChip(name, cond, a, b, out, q);
  }

  assign(region: Region, offset: number, cond: CellInput, a: CellInput, b: CellInput): SelectResult {
    region.enableSelector(this.q, offset);
    const cc = assignInput(region, `${this.name} cond`, this.cond, offset, cond);
    const ca = assignInput(region, `${this.name} a`, this.a, offset, a);
    const cb = assignInput(region, `${this.name} b`, this.b, offset, b);
    const [rc, ra, rb] = [cc, ca, cb].map(lazy);
    const out = region.assignAdvice(`${this.name} out`, this.out, offset, () => {
      const c = rc();
      if (c !== 0n && c !== 1n) throw new GadgetError('SelectChip', `${this.name}: condition ${c} is not boolean`);
      return c === 1n ? ra() : rb();
    });
    return { cond: cc, a: ca, b: cb, out };
  }

  /** cond ? a : b on both halves, rows offset (lo) and offset + 1 (hi). */
  selectWord(region: Region, offset: number, cond: CellInput, a: WordCells, b: WordCells): WordCells & { cond: AssignedCell } {
    const lo = this.assign(region, offset, cond, a.lo, b.lo);
    const hi = this.assign(region, offset + 1, lo.cond, a.hi, b.hi);
    return { cond: lo.cond, lo: lo.out, hi: hi.out };
  }
}
