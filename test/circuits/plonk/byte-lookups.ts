/** A circuit whose lookups share one table, for the grouped logUp inputs (tests of circuits/plonk and its Solidity verifier). */
import type { Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';

export const K = 9;

/** `count` plain advice columns (degree-1 inputs, so at degree 3 two share an h), each looked up in a byte table. */
export class ByteLookups {
  constructor(readonly count: number, readonly rows: readonly (readonly bigint[])[]) {}
  configure(cs: ConstraintSystem): { xs: Column[]; byte: Column } {
    const xs = Array.from({ length: this.count }, (_, i) => cs.adviceColumn(`x${i}`));
    const byte = cs.fixedColumn('byte table');
    xs.forEach((x, i) => cs.lookup(`x${i} byte`, [[x.cur(), byte.cur()]]));
    return { xs, byte };
  }
  synthesize(cfg: { xs: Column[]; byte: Column }, layouter: Layouter): void {
    layouter.assignRegion('byte table', (t) => { for (let v = 0; v < 256; v++) t.assignFixed('byte', cfg.byte, v, BigInt(v)); });
    layouter.assignRegion('values', (r) => this.rows.forEach((row, i) => cfg.xs.forEach((x, j) => r.assignAdvice(`x${j}`, x, i, row[j]))));
  }
}

/** 40 rows of in-table values, different per column. */
export const rowsOf = (count: number) => Array.from({ length: 40 }, (_, i) => Array.from({ length: count }, (__, j) => BigInt((7 * i + 31 * j) % 256)));

