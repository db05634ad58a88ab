/**
 * LimbRangeChip: value ∈ [0, 2^w) for w ∈ {80, 88, 96} on one row of 12 byte cells:
 *
 *   advice value (copy-enabled), byte_0 … byte_11; selectors q80, q88, q96 (one per row at most)
 *   gate "<name> range":  s·(value − Σ byte_i·256^i) = 0          with s = q80 + q88 + q96
 *                         (q80 + q88)·byte_11 = 0,  q80·byte_10 = 0                 (degree 2)
 *   lookups "<name> byte i":  s·byte_i ∈ byte table                            (12 lookups)
 *
 * 88 and 80 bits are the limbs of a non-native element (limbs.ts); 96 bits holds the shifted
 * carries of the non-native identities. One chip (one set of 12 lookups) serves every non-native
 * chip configured over the same columns, whatever their moduli.
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../../plonk/index.js';
import { sum } from '../../plonk/index.js';
import { assignInput, GadgetError, lazy, type CellInput } from '../common.js';
import type { RangeTable } from '../range-table.js';
import { LIMB_BITS, toLimbs, type Limbs } from './limbs.js';

export type LimbWidth = 80 | 88 | 96;
export const BYTE_COLUMNS = 12;

export class LimbRangeChip {
  private constructor(
    readonly name: string,
    readonly value: Column,
    readonly bytes: readonly Column[],
    private readonly q: Record<LimbWidth, Selector>,
  ) {}

  static configure(cs: ConstraintSystem, name: string, byteTable: RangeTable, value: Column, bytes: readonly Column[]): LimbRangeChip {
    if (bytes.length !== BYTE_COLUMNS) throw new GadgetError('LimbRangeChip', `needs ${BYTE_COLUMNS} byte columns, got ${bytes.length}`);
    if (byteTable.bits !== 8) throw new GadgetError('LimbRangeChip', `needs the byte table, got a ${byteTable.bits}-bit table`);
    cs.enableEquality(value);
    const q = { 80: cs.selector(`${name} 80`), 88: cs.selector(`${name} 88`), 96: cs.selector(`${name} 96`) };
    const s = q[80].expr().add(q[88].expr()).add(q[96].expr());
    const recomposed = sum(bytes.map((b, i) => b.cur().mul(1n << BigInt(8 * i))));
    cs.createGate(`${name} range`, {
      'value = Σ byte·256^i': s.mul(value.cur().sub(recomposed)),
      'byte 11 = 0 below 96 bits': q[80].expr().add(q[88].expr()).mul(bytes[11].cur()),
      'byte 10 = 0 at 80 bits': q[80].expr().mul(bytes[10].cur()),
    });
    bytes.forEach((b, i) => byteTable.lookup(cs, `${name} byte ${i}`, s.mul(b.cur())));
    return new LimbRangeChip(name, value, bytes, q);
  }

  /** One range-checked row: the value (copied and copy-constrained if a cell) and its bytes. */
  assign(region: Region, offset: number, width: LimbWidth, value: CellInput): AssignedCell {
    region.enableSelector(this.q[width], offset);
    const cell = assignInput(region, `${this.name} value`, this.value, offset, value);
    const read = lazy(cell);
    this.bytes.forEach((col, i) => region.assignAdvice(`${this.name} byte ${i}`, col, offset, () => {
      const v = read();
      if (v < 0n || v >> BigInt(width) !== 0n) throw new GadgetError('LimbRangeChip', `${this.name}: ${v} does not fit ${width} bits`);
      return (v >> BigInt(8 * i)) & 0xffn;
    }));
    return cell;
  }

  /** An integer x ∈ [0, 2^256) as 3 range-checked limb rows (88, 88, 80 bits) from `offset`. */
  assignLimbs(region: Region, offset: number, x: () => bigint): Limbs<AssignedCell> {
    return this.assignEach(region, offset, [0, 1, 2].map((i) => () => toLimbs(x())[i]));
  }

  /** Limb cells from elsewhere, copied onto 3 range-checked rows (88, 88, 80 bits). */
  assignEach(region: Region, offset: number, limbs: readonly CellInput[]): Limbs<AssignedCell> {
    const cells = LIMB_BITS.map((w, i) => this.assign(region, offset + i, w as LimbWidth, limbs[i]));
    return [cells[0], cells[1], cells[2]];
  }
}
