/**
 * The ecAdd precompile table (0x06) the EVM circuit looks up into: one row per call, 13 advice
 * columns, every word as its (lo, hi) 128-bit halves like the EVM circuit's words:
 *
 *   success | x1 lo, x1 hi | y1 lo, y1 hi | x2 lo, x2 hi | y2 lo, y2 hi | x3 lo, x3 hi | y3 lo, y3 hi
 *
 * (x1, y1, x2, y2) are the four 32-byte input words as given (any 256-bit values), (x3, y3) the
 * output words, and success 1 iff both inputs are valid (coordinates < p and on y² = x³ + 3, or
 * (0, 0)); a failed call has output (0, 0). Each cell is copied from the EcAddChip rows that prove
 * it, so a lookup of a (success, inputs, outputs) tuple proves the precompile's semantics on it.
 * The EVM circuit looks up the whole 13-tuple at once (one lookup per call, selector-gated). Unused
 * rows are all zero, which no real call produces: input (0, 0, 0, 0) succeeds with success = 1.
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Lookup, Region } from '../plonk/index.js';
import { assignInput, GadgetError } from '../gadgets/common.js';

export const EC_ADD_TABLE_FIELDS = ['success', 'x1 lo', 'x1 hi', 'y1 lo', 'y1 hi', 'x2 lo', 'x2 hi', 'y2 lo', 'y2 hi', 'x3 lo', 'x3 hi', 'y3 lo', 'y3 hi'] as const;

export class EcAddTable {
  private constructor(readonly columns: readonly Column[]) {}

  static configure(cs: ConstraintSystem, name: string): EcAddTable {
    const columns = EC_ADD_TABLE_FIELDS.map((f) => cs.adviceColumn(`${name} ${f}`));
    columns.forEach((c) => cs.enableEquality(c));
    return new EcAddTable(columns);
  }

  /**
   * Declares a lookup of a caller's 13-tuple (EC_ADD_TABLE_FIELDS order) into the table. Gate the
   * inputs with the caller's selector: off its rows they are zeros, which every unused table row holds.
   */
  lookup(cs: ConstraintSystem, name: string, inputs: readonly Expr[]): Lookup {
    if (inputs.length !== this.columns.length) throw new GadgetError('EcAddTable', `a lookup takes ${this.columns.length} inputs, got ${inputs.length}`);
    return cs.lookup(name, inputs.map((e, i) => [e, this.columns[i].cur()]));
  }

  /** Copies one call's cells (in EC_ADD_TABLE_FIELDS order) into row `offset`. */
  assignRow(region: Region, offset: number, cells: readonly AssignedCell[]): AssignedCell[] {
    if (cells.length !== this.columns.length) throw new GadgetError('EcAddTable', `a row has ${this.columns.length} cells, got ${cells.length}`);
    return cells.map((cell, i) => assignInput(region, `ecadd ${EC_ADD_TABLE_FIELDS[i]}`, this.columns[i], offset, cell));
  }
}
