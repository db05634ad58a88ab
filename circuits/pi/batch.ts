/**
 * The batch circuit's public-input side: the public-input chip in the batch layout (BATCH_PI_WORD_FIELDS, with
 * blockContextHash), the block table and the tx data it binds — the block-context preimage's digest is
 * copy-constrained to the public input's blockContextHash and every ChainId row of the table to its chainId; the
 * tx-data preimage's digest (the tx table's tx hashes in order, tx-data.ts) to its txDataHash, its record count
 * to the block table's. So the instances pin every tx and the context of its block, and the block table's record
 * count is the batch's tx count (the caller ties it to the tx circuit's).
 */
import type { KeccakTableColumns } from '../keccak/table.js';
import type { AssignedCell, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { BlockTableChip, type BlockContext, type RecordCells } from './block-table.js';
import { PublicInputChip, type AssignedPublicInput, type HalvesCells } from './circuit.js';
import { BATCH_PI_WORD_FIELDS, type BatchCircuitPublicInput, type Bytes32 } from './public-input.js';
import { TxDataChip, type TxHashRows } from './tx-data.js';

export interface BatchPiIds { readonly pi: number; readonly blockContext: number; readonly txData: number }

export class BatchPublicInputChip {
  private constructor(readonly pi: PublicInputChip, readonly block: BlockTableChip, readonly txData: TxDataChip) {}

  /** `txs`: the tx table's TxHash rows (tx-data.ts txHashRows). */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, instance: Column, txs: TxHashRows): BatchPublicInputChip {
    return new BatchPublicInputChip(
      PublicInputChip.configure(cs, keccak, instance, BATCH_PI_WORD_FIELDS), BlockTableChip.configure(cs, keccak), TxDataChip.configure(cs, keccak, txs),
    );
  }

  /**
   * Lays out all three under keccak ids `ids`, `txSlots` slots each for the blocks' txs (`txHashes`, in order);
   * returns the public input's cells, the tx count and the block table's record cells (for block-chain.ts).
   */
  assign(layouter: Layouter, pi: BatchCircuitPublicInput, blocks: readonly BlockContext[], txHashes: readonly Bytes32[], txSlots: number, ids: BatchPiIds): { pi: AssignedPublicInput; txCount: AssignedCell; records: RecordCells[] } {
    const cells = this.pi.assign(layouter, pi, ids.pi);
    const block = this.block.assign(layouter, txSlots, blocks, cells.chainId, ids.blockContext);
    const txData = this.txData.assign(layouter, txSlots, txHashes, ids.txData);
    const bind = (digest: HalvesCells, word: HalvesCells) => {
      layouter.assignRegion('digest = public input field', (r) => {
        r.constrainEqual(digest.hi, word.hi);
        r.constrainEqual(digest.lo, word.lo);
      });
    };
    bind(block, cells.words.blockContextHash!);
    bind(txData, cells.words.txDataHash!);
    layouter.assignRegion('tx data count = block table count', (r) => r.constrainEqual(txData.count, block.count));
    return { pi: cells, txCount: block.count, records: block.records };
  }
}
