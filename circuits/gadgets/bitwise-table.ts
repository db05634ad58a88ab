/**
 * BitwiseTable: the AND table of w-bit chunks — fixed columns (lhs, rhs, and) holding every pair
 * (a, b) ∈ [0, 2^w)² with a AND b, at row a·2^w + b (row 0 is the zero tuple).
 *
 * Only AND is tabulated: XOR and OR are linear in it, bit by bit and so for whole chunks,
 *     a XOR b = a + b − 2·(a AND b),    a OR b = a + b − (a AND b),    NOT a = (2^w − 1) − a,
 * so one table serves every op, and Keccak's χ (a XOR (NOT b AND c)) is one AND lookup with
 * input (2^w − 1 − b, c) followed by one for the XOR. The lookup also range-checks a and b.
 *
 * Trade-off (w = 8, byte operands, what EVM AND/OR/XOR/NOT and Keccak over bytes need):
 *  - an op-tagged table (op, a, b, a op b) for AND/OR/XOR has 3·2^16 = 196,608 rows: k ≥ 18;
 *  - this AND-only table has 2^16 = 65,536 rows: k ≥ 17, four fixed columns fewer, at the price
 *    of an `and` advice cell on XOR/OR rows (the output is then a linear combination, no extra lookup);
 *  - below k = 17, use w = 4 (256 rows, k ≥ 9): a byte op becomes two nibble lookups plus a
 *    recomposition — twice the lookups, a table 256× smaller. Choose w from the circuit's k.
 */
import type { Column, ConstraintSystem, Expr, Layouter, Lookup } from '../plonk/index.js';
import { GadgetError, minK } from './common.js';

export class BitwiseTable {
  private constructor(readonly name: string, readonly bits: number, readonly lhs: Column, readonly rhs: Column, readonly and: Column) {}

  static configure(cs: ConstraintSystem, name: string, bits = 8): BitwiseTable {
    if (!Number.isInteger(bits) || bits < 1 || bits > 10) throw new GadgetError('BitwiseTable', `chunk bits must be an integer in [1, 10], got ${bits}`);
    return new BitwiseTable(name, bits, cs.fixedColumn(`${name} lhs`), cs.fixedColumn(`${name} rhs`), cs.fixedColumn(`${name} and`));
  }

  /** 2^(2w) rows. */
  get size(): number { return 1 << (2 * this.bits); }
  /** 2^w − 1, the all-ones chunk. */
  get mask(): bigint { return (1n << BigInt(this.bits)) - 1n; }
  get minK(): number { return minK(this.size); }

  /** (a, b, and) ∈ table, i.e. a, b ∈ [0, 2^w) and and = a AND b; gate the inputs with a selector. */
  lookup(cs: ConstraintSystem, name: string, a: Expr, b: Expr, and: Expr): Lookup {
    return cs.lookup(name, [[a, this.lhs.cur()], [b, this.rhs.cur()], [and, this.and.cur()]]);
  }

  load(layouter: Layouter): void {
    const side = 1 << this.bits;
    layouter.assignRegion(`${this.name} table`, (region) => {
      for (let a = 0; a < side; a++) {
        for (let b = 0; b < side; b++) {
          const row = a * side + b;
          region.assignFixed('lhs', this.lhs, row, BigInt(a));
          region.assignFixed('rhs', this.rhs, row, BigInt(b));
          region.assignFixed('and', this.and, row, BigInt(a & b));
        }
      }
    });
  }
}
