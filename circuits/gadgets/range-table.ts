/**
 * A fixed range table: one fixed column holding 0, 1, …, 2^bits − 1 (row v holds v, so the
 * all-zero tuple every selector-gated lookup needs is row 0).
 *
 * Sizes and k: the table needs 2^bits rows, so 2^bits ≤ 2^k − 1 usable rows. The byte table (8
 * bits, 256 rows) fits k ≥ 9 and is the one to share across circuits; a 16-bit table (65,536 rows)
 * needs k ≥ 17 — below that, check 16 bits as two bytes with RangeCheckChip (two lookups into the
 * byte table instead of one into the big table). Lookups into the same table column share one
 * multiplicity column in the logUp argument, so one table per width is enough for a whole circuit.
 */
import type { Column, ConstraintSystem, Expr, Layouter, Lookup } from '../plonk/index.js';
import { GadgetError, minK } from './common.js';

export class RangeTable {
  private constructor(readonly name: string, readonly bits: number, readonly column: Column) {}

  /** Declares the table column (load it once with `load`). */
  static configure(cs: ConstraintSystem, name: string, bits: number): RangeTable {
    if (!Number.isInteger(bits) || bits < 1 || bits > 24) throw new GadgetError('RangeTable', `bits must be an integer in [1, 24], got ${bits}`);
    return new RangeTable(name, bits, cs.fixedColumn(name));
  }

  /** 2^bits. */
  get size(): number { return 1 << this.bits; }

  /** The smallest k whose usable rows hold the table. */
  get minK(): number { return minK(this.size); }

  /** input ∈ [0, 2^bits): declares a lookup; gate the input with a selector (input = q·x). */
  lookup(cs: ConstraintSystem, name: string, input: Expr): Lookup {
    return cs.lookup(name, [[input, this.column.cur()]]);
  }

  /** Fills the table (one region over its column only). */
  load(layouter: Layouter): void {
    layouter.assignRegion(`${this.name} table`, (region) => {
      for (let v = 0; v < this.size; v++) region.assignFixed(this.name, this.column, v, BigInt(v));
    });
  }
}
