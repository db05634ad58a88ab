/**
 * RangeCheckChip: value ∈ [0, 2^(n·bits)) by decomposition into n chunks of `bits` bits (the
 * table's width), little-endian, in one row:
 *
 *   advice value, chunk_0 … chunk_{n−1}; selector q
 *   gate  "<name> decomposition":  q·(value − Σ chunk_i·2^(bits·i)) = 0          (degree 2)
 *   lookups "<name> chunk i":       q·chunk_i ∈ table                            (n lookups, one table)
 *
 * E.g. 16 bits over the byte table is n = 2 (k ≥ 9) instead of one lookup into a 2^16 table (k ≥ 17).
 * n·bits must stay below 253 so the recomposition cannot wrap the field.
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { sum } from '../plonk/index.js';
import { assignInput, GadgetError, lazy, type CellInput } from './common.js';
import type { RangeTable } from './range-table.js';

export interface RangeChecked { value: AssignedCell; chunks: AssignedCell[] }

export class RangeCheckChip {
  private constructor(
    readonly name: string,
    readonly table: RangeTable,
    readonly value: Column,
    readonly chunks: readonly Column[],
    readonly q: Selector,
  ) {}

  /** value is copy-enabled (inputs arrive as copies); one chunk column per chunk. */
  static configure(cs: ConstraintSystem, name: string, table: RangeTable, value: Column, chunks: readonly Column[]): RangeCheckChip {
    if (chunks.length < 1 || chunks.length * table.bits > 252) {
      throw new GadgetError('RangeCheckChip', `${chunks.length} chunks of ${table.bits} bits: need 1 ≤ n and n·bits ≤ 252`);
    }
    const q = cs.selector(name);
    cs.enableEquality(value);
    const s = q.expr();
    const recomposed = sum(chunks.map((c, i) => c.cur().mul(1n << BigInt(table.bits * i))));
    cs.createGate(`${name} decomposition`, { 'value = Σ chunk·2^(bits·i)': s.mul(value.cur().sub(recomposed)) });
    chunks.forEach((c, i) => table.lookup(cs, `${name} chunk ${i}`, s.mul(c.cur())));
    return new RangeCheckChip(name, table, value, chunks, q);
  }

  /** Total bits checked, n·bits. */
  get bits(): number { return this.chunks.length * this.table.bits; }

  /** Assigns one row: the value (copied if a cell) and its chunks. */
  assign(region: Region, offset: number, value: CellInput): RangeChecked {
    region.enableSelector(this.q, offset);
    const v = assignInput(region, `${this.name} value`, this.value, offset, value);
    const mask = (1n << BigInt(this.table.bits)) - 1n;
    const read = lazy(v);
    const chunks = this.chunks.map((col, i) => region.assignAdvice(`${this.name} chunk ${i}`, col, offset, () => {
      const x = read();
      if (x >> BigInt(this.bits) !== 0n) throw new GadgetError('RangeCheckChip', `${this.name}: value ${x} does not fit ${this.bits} bits`);
      return (x >> BigInt(this.table.bits * i)) & mask;
    }));
    return { value: v, chunks };
  }
}
