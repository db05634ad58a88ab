/**
 * Pow2Table: 2^s as a word for the shift amounts s of SHL/SHR/SAR — fixed columns (tag, s, lo, hi):
 *
 *   row 0            (0, 0, 0, 0)                the tuple disabled (selector-gated) lookups produce
 *   rows 1 … 256     (1, s, lo(2^s), hi(2^s))    s = 0 … 255
 *   row 257          (2, 0, 0, 0)                "s ≥ 256": the power is 0
 *
 * 258 rows (k ≥ 9) instead of 256 rows of constraints. The tag keeps a real lookup (tag 1 or 2) from
 * ever matching the zero tuple, so (s = 0, power 0) is not in the table for an enabled row.
 */
import type { Column, ConstraintSystem, Expr, Layouter, Lookup } from '../plonk/index.js';
import { minK } from './common.js';
import { splitWord } from './word.js';

export class Pow2Table {
  private constructor(readonly name: string, readonly tag: Column, readonly s: Column, readonly lo: Column, readonly hi: Column) {}

  static configure(cs: ConstraintSystem, name: string): Pow2Table {
    const [tag, s, lo, hi] = ['tag', 's', 'lo', 'hi'].map((c) => cs.fixedColumn(`${name} ${c}`));
    return new Pow2Table(name, tag, s, lo, hi);
  }

  /** Tag of the rows s → 2^s (s < 256). */
  static readonly SMALL = 1n;
  /** Tag of the row "s ≥ 256 → 0". */
  static readonly LARGE = 2n;

  static readonly SIZE = 258;
  get minK(): number { return minK(Pow2Table.SIZE); }

  /** (tag, s, lo, hi) ∈ table; gate the inputs with a selector. */
  lookup(cs: ConstraintSystem, name: string, tag: Expr, s: Expr, lo: Expr, hi: Expr): Lookup {
    return cs.lookup(name, [[tag, this.tag.cur()], [s, this.s.cur()], [lo, this.lo.cur()], [hi, this.hi.cur()]]);
  }

  load(layouter: Layouter): void {
    layouter.assignRegion(`${this.name} table`, (region) => {
      const row = (r: number, tag: bigint, s: bigint, [lo, hi]: [bigint, bigint]) => {
        region.assignFixed(`${this.name} tag`, this.tag, r, tag);
        region.assignFixed(`${this.name} s`, this.s, r, s);
        region.assignFixed(`${this.name} lo`, this.lo, r, lo);
        region.assignFixed(`${this.name} hi`, this.hi, r, hi);
      };
      row(0, 0n, 0n, [0n, 0n]);
      for (let s = 0; s < 256; s++) row(s + 1, Pow2Table.SMALL, BigInt(s), splitWord(1n << BigInt(s)));
      row(257, Pow2Table.LARGE, 0n, [0n, 0n]);
    });
  }
}
