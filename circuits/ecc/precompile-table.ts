/**
 * EC precompile tables the EVM circuit looks up into: one row per call, every word as its (lo, hi) 128-bit
 * halves like the EVM circuit's words. Each cell is copied from the chip rows that prove it, so a lookup
 * of a (success, inputs, outputs) tuple proves the precompile's semantics on it. The EVM circuit looks up
 * the whole tuple at once (one lookup per call, selector-gated). A fixed column `enabled` is 1 exactly on the
 * rows a call fills and every lookup asks for enabled = 1: advice cells of other rows are not constrained (a
 * prover can write anything there), so without the fixed tag a row no call proves could answer a lookup.
 *
 *   ecAdd (0x06), 13 columns: success | x1 | y1 | x2 | y2 | x3 | y3
 *     (x1, y1, x2, y2) the input words as given (any 256-bit values), (x3, y3) the output words; success 1
 *     iff both inputs are valid (coordinates < p and on y² = x³ + 3, or (0, 0)); a failed call outputs (0, 0).
 *   ecMul (0x07), 11 columns: success | x | y | s | x3 | y3
 *     (x, y) the input point's words, s the scalar word (any 256-bit value), (x3, y3) = s·(x, y);
 *     success 1 iff the point is valid (the scalar always is); a failed call outputs (0, 0).
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Lookup, Region } from '../plonk/index.js';
import { assignInput, GadgetError } from '../gadgets/common.js';

export const EC_ADD_TABLE_FIELDS = ['success', 'x1 lo', 'x1 hi', 'y1 lo', 'y1 hi', 'x2 lo', 'x2 hi', 'y2 lo', 'y2 hi', 'x3 lo', 'x3 hi', 'y3 lo', 'y3 hi'] as const;
export const EC_MUL_TABLE_FIELDS = ['success', 'x lo', 'x hi', 'y lo', 'y hi', 's lo', 's hi', 'x3 lo', 'x3 hi', 'y3 lo', 'y3 hi'] as const;

/** A precompile table: one copy-enabled advice column per field, named "<name> <field>", and the fixed `enabled` tag. */
export class PrecompileTable {
  protected constructor(readonly name: string, readonly fields: readonly string[], readonly columns: readonly Column[], readonly enabled: Column) {}

  protected static columnsFor(cs: ConstraintSystem, name: string, fields: readonly string[]): [Column[], Column] {
    const columns = fields.map((f) => cs.adviceColumn(`${name} ${f}`));
    columns.forEach((c) => cs.enableEquality(c));
    return [columns, cs.fixedColumn(`${name} enabled`)];
  }

  /**
   * Declares a lookup of a caller's tuple (fields order) into the table where `q` = 1. Gate the inputs with `q`:
   * off its rows they are zeros (with enabled = 0), which every unused table row holds.
   */
  lookup(cs: ConstraintSystem, name: string, q: Expr, inputs: readonly Expr[]): Lookup {
    if (inputs.length !== this.columns.length) throw new GadgetError('PrecompileTable', `${this.name}: a lookup takes ${this.columns.length} inputs, got ${inputs.length}`);
    return cs.lookup(name, [[q, this.enabled.cur()], ...inputs.map((e, i): [Expr, Expr] => [e, this.columns[i]!.cur()])]);
  }

  /** Copies one call's cells (fields order) into row `offset` and tags it enabled. */
  assignRow(region: Region, offset: number, cells: readonly AssignedCell[]): AssignedCell[] {
    if (cells.length !== this.columns.length) throw new GadgetError('PrecompileTable', `${this.name}: a row has ${this.columns.length} cells, got ${cells.length}`);
    region.assignFixed(`${this.name} enabled`, this.enabled, offset, 1n);
    return cells.map((cell, i) => assignInput(region, `${this.name} ${this.fields[i]}`, this.columns[i]!, offset, cell));
  }
}

export class EcAddTable extends PrecompileTable {
  static configure(cs: ConstraintSystem, name: string): EcAddTable {
    return new EcAddTable(name, EC_ADD_TABLE_FIELDS, ...PrecompileTable.columnsFor(cs, name, EC_ADD_TABLE_FIELDS));
  }
}

export class EcMulTable extends PrecompileTable {
  static configure(cs: ConstraintSystem, name: string): EcMulTable {
    return new EcMulTable(name, EC_MUL_TABLE_FIELDS, ...PrecompileTable.columnsFor(cs, name, EC_MUL_TABLE_FIELDS));
  }
}
