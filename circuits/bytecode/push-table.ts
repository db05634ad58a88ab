/**
 * The fixed table that marks PUSH data: one lookup per byte row binds (isCode, the opcode, the push
 * data left before and after the byte), so no IsZero gadget and no opcode decoding gate are needed.
 *
 *   (enabled, opcode, isCode, leftBefore, leftAfter)
 *     (0, 0, 0, 0, 0)             disabled lookups
 *     (1, b, 1, 0, pushSize(b))   b = 0 … 255: an opcode (no data left before it); PUSHn leaves n bytes
 *     (1, 0, 0, r, r − 1)         r = 1 … 32: a data byte (the opcode column is 0 for data)
 *
 * 289 rows: fits k ≥ 9 next to the byte table.
 */
import type { Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';

/** PUSH1 … PUSH32 are 0x60 … 0x7f; PUSH0 (0x5f) has no data. */
export const pushSize = (opcode: number): number => (opcode >= 0x60 && opcode <= 0x7f ? opcode - 0x5f : 0);

export class PushTable {
  private constructor(readonly name: string, readonly columns: readonly Column[]) {}

  static configure(cs: ConstraintSystem, name: string): PushTable {
    return new PushTable(name, ['enabled', 'opcode', 'isCode', 'left before', 'left after'].map((c) => cs.fixedColumn(`${name} ${c}`)));
  }

  /** The table side, in the order (enabled, opcode, isCode, leftBefore, leftAfter). */
  table(): Expr[] { return this.columns.map((c) => c.cur()); }

  load(layouter: Layouter): void {
    layouter.assignRegion(`${this.name} table`, (region) => {
      const put = (row: number, values: readonly number[]) => values.forEach((v, j) => region.assignFixed(this.columns[j].name, this.columns[j], row, BigInt(v)));
      for (let b = 0; b < 256; b++) put(1 + b, [1, b, 1, 0, pushSize(b)]);
      for (let r = 1; r <= 32; r++) put(256 + r, [1, 0, 0, r, r - 1]);
    });
  }
}
