/**
 * The batch circuit's public-input side: the public-input chip in the batch layout (BATCH_PI_WORD_FIELDS, with
 * blockContextHash) and the block table it binds — the block-context preimage's digest is copy-constrained to
 * the public input's blockContextHash and every ChainId row of the table to its chainId. So the instances pin
 * the context of every tx's block, and the block table's record count is the batch's tx count.
 */
import type { KeccakTableColumns } from '../keccak/table.js';
import type { AssignedCell, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { BlockTableChip, type BlockContext } from './block-table.js';
import { PublicInputChip, type AssignedPublicInput } from './circuit.js';
import { BATCH_PI_WORD_FIELDS, type BatchCircuitPublicInput } from './public-input.js';

export interface BatchPiIds { readonly pi: number; readonly blockContext: number }

export class BatchPublicInputChip {
  private constructor(readonly pi: PublicInputChip, readonly block: BlockTableChip) {}

  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, instance: Column): BatchPublicInputChip {
    return new BatchPublicInputChip(PublicInputChip.configure(cs, keccak, instance, BATCH_PI_WORD_FIELDS), BlockTableChip.configure(cs, keccak));
  }

  /** Lays out both under keccak ids `ids`, `txSlots` block-table slots; returns the public input's cells and the tx count. */
  assign(layouter: Layouter, pi: BatchCircuitPublicInput, blocks: readonly BlockContext[], txSlots: number, ids: BatchPiIds): { pi: AssignedPublicInput; txCount: AssignedCell } {
    const cells = this.pi.assign(layouter, pi, ids.pi);
    const block = this.block.assign(layouter, txSlots, blocks, cells.chainId, ids.blockContext);
    const bound = cells.words.blockContextHash!;
    layouter.assignRegion('block context hash = public input field', (r) => {
      r.constrainEqual(block.hi, bound.hi);
      r.constrainEqual(block.lo, bound.lo);
    });
    return { pi: cells, txCount: block.count };
  }
}
