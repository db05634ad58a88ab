/**
 * The tx circuit's tx count as a cell, for the super circuit's seam to the EVM circuit (c1) and the block table.
 *
 * The tx chip's field rows are `capacity` blocks of SUMMARY_TAGS rows with a `real` flag, real blocks first
 * (its gates), so its tx count is Σ real over the blocks' first rows. This chip runs that sum in its own column,
 * row-aligned with the tx chip's region (checked when assigned): cnt = real on block 0's first row,
 * cnt = cnt(one block up) + real on every later block's; the last block's cnt is the count.
 */
import type { AssignedCell, Column, ConstraintSystem, Layouter, Selector } from '../plonk/index.js';
import type { TxChip } from '../tx/chip.js';
import { SUMMARY_TAGS, type TxWitness } from '../witness/tx.js';
import { SuperCircuitError } from './errors.js';

const BLOCK = SUMMARY_TAGS.length;

export class TxCountChip {
  private constructor(readonly tx: TxChip, readonly cnt: Column, readonly qFirst: Selector, readonly qNext: Selector) {}

  static configure(cs: ConstraintSystem, tx: TxChip): TxCountChip {
    const cnt = cs.adviceColumn(`${tx.name} count`);
    cs.enableEquality(cnt);
    const qFirst = cs.selector(`${tx.name} count first`);
    const qNext = cs.selector(`${tx.name} count next`);
    const real = tx.field.real.cur();
    cs.createGate(`${tx.name} count`, {
      'cnt = real (first block)': qFirst.expr().mul(cnt.cur().sub(real)),
      'cnt = cnt one block up + real': qNext.expr().mul(cnt.cur().sub(cnt.rot(-BLOCK)).sub(real)),
    });
    return new TxCountChip(tx, cnt, qFirst, qNext);
  }

  /** After the tx chip's assign: the running count beside its field rows; returns the last block's (the tx count). */
  assign(layouter: Layouter, witness: TxWitness): AssignedCell {
    const blocks = witness.summary.length / BLOCK;
    const last = layouter.assignRegion(`${this.tx.name} count`, (r) => {
      let cnt = 0n;
      let cell: AssignedCell | undefined;
      for (let b = 0; b < blocks; b++) {
        cnt += witness.summary[b * BLOCK]!.real;
        r.enableSelector(b === 0 ? this.qFirst : this.qNext, b * BLOCK);
        cell = r.assignAdvice('cnt', this.cnt, b * BLOCK, cnt);
      }
      return cell!;
    });
    const start = (name: string) => layouter.assignment.regions.find((g) => g.name === name)?.start;
    if (start(`${this.tx.name} table`) !== start(`${this.tx.name} count`)) {
      throw new SuperCircuitError(`the tx count region starts at row ${start(`${this.tx.name} count`)}, the tx chip's field rows at ${start(`${this.tx.name} table`)}: they must align`);
    }
    return last;
  }
}
