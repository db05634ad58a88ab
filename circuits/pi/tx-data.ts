/**
 * The batch's tx data, bound to the public input: the batch commits to its txs, in order, as
 *
 *   txDataHash = keccak256(txHash(tx 1) ‖ txHash(tx 2) ‖ … ‖ txHash(tx N))      (N = the batch's txs; 32 bytes each)
 *
 * A tx hash is keccak of the tx's signed bytes, so this commits every signed tx and their order; the block
 * contexts are committed apart (blockContextHash, block-table.ts). A batch without txs has keccak256("").
 *
 * TxDataChip proves it: a variable-length PreimageChip (preimage.ts) named "tx data" lays out `capacity` 32-byte
 * record slots (segments: hash hi, hash lo), the first N hashed; its count cell is N (the caller ties it to the tx
 * count seam) and its digest [hi, lo] goes to the public input's txDataHash word. The records are tied to the
 * tx table by a lookup from the tx table into a table of this chip, (slot id, hi, lo):
 *
 *   rows s = 0 … capacity − 1:  (s + 1 fixed, hi, lo copy-constrained to record s's segments);  row capacity: zeros
 *   input, on every row:        g·(txId, valueHi, valueLo) of the tx table, g = 1 exactly on its TxHash rows (fixed)
 *
 * Soundness: the tx circuit's TxHash row of block b holds txId = b + 1 and the hash of tx b + 1's signed stream
 * when the block is real, and zeros otherwise (real blocks first, N of them, N the tx count). The slot ids are
 * fixed and distinct, so each real tx i finds exactly one row, slot i − 1, whose halves must be its hash: record
 * i − 1 = txHash(tx i) for i = 1 … N. Padding blocks look up the zero row. With the hashed record count = N (the
 * seam), the preimage is exactly txHash(tx 1) ‖ … ‖ txHash(tx N): a dropped, added, altered or reordered tx
 * changes the digest, which the public input pins. Records past N are zero bytes (the preimage's rule) and no tx
 * looks them up. This direction (tx table → records) needs no per-slot "is a tx" flag on the records' side.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import type { AssignedCell, Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import type { TxChip } from '../tx/chip.js';
import { TxFieldTag } from '../tx/table.js';
import { PreimageChip, segmentsOf } from './preimage.js';
import { digestHalves, PublicInputError, wordBytes, type Bytes32 } from './public-input.js';

export const TX_DATA_RECORD_BYTES = 32;

/** The tx data preimage: the tx hashes in order. */
export function txDataPreimage(txHashes: readonly Bytes32[]): Uint8Array {
  const out = new Uint8Array(txHashes.length * TX_DATA_RECORD_BYTES);
  txHashes.forEach((h, i) => out.set(wordBytes(`tx hash ${i + 1}`, h), i * TX_DATA_RECORD_BYTES));
  return out;
}

export const txDataHash = (txHashes: readonly Bytes32[]): Bytes32 => `0x${Buffer.from(keccak_256(txDataPreimage(txHashes))).toString('hex')}`;

/** The tx table's TxHash rows as the chip reads them: where `q` = 1, (txId, hi, lo) is a tx's id and hash; `q` = 0 elsewhere. */
export interface TxHashRows { readonly q: Expr; readonly txId: Expr; readonly hi: Expr; readonly lo: Expr }

/**
 * The tx circuit's TxHash rows: its "hashes" selector is on each block's TxHash and TxSignHash rows, whose fixed
 * tags are 11 and 10, so (tag − TxSignHash) is 1 on the one and 0 on the other.
 */
export function txHashRows(tx: TxChip): TxHashRows {
  const isTxHash = tx.fixed.tag.cur().sub(constant(BigInt(TxFieldTag.TxSignHash)));
  return { q: tx.q.hashes.expr().mul(isTxHash), txId: tx.table.txId.cur(), hi: tx.table.valueHi.cur(), lo: tx.table.valueLo.cur() };
}

export class TxDataChip {
  private constructor(readonly slot: Column, readonly hi: Column, readonly lo: Column, readonly preimage: PreimageChip) {}

  /** Columns "tx data slot" (fixed), "tx data hash hi|lo"; lookup "tx data tx hashes are the records"; the preimage "tx data". */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, txs: TxHashRows): TxDataChip {
    const slot = cs.fixedColumn('tx data slot');
    const hi = cs.adviceColumn('tx data hash hi');
    const lo = cs.adviceColumn('tx data hash lo');
    cs.enableEquality(hi);
    cs.enableEquality(lo);
    cs.lookup('tx data tx hashes are the records', [[txs.q.mul(txs.txId), slot.cur()], [txs.q.mul(txs.hi), hi.cur()], [txs.q.mul(txs.lo), lo.cur()]]);
    return new TxDataChip(slot, hi, lo, PreimageChip.configure(cs, 'tx data', keccak, { recordBytes: TX_DATA_RECORD_BYTES }));
  }

  /** Lays out `capacity` slots, `txHashes` first, the preimage as keccak input `keccakId`; returns the digest halves and the record count. */
  assign(layouter: Layouter, capacity: number, txHashes: readonly Bytes32[], keccakId: number): { hi: AssignedCell; lo: AssignedCell; count: AssignedCell } {
    if (txHashes.length > capacity) throw new PublicInputError(`${txHashes.length} txs do not fit the tx data's ${capacity} slots`);
    const hashed = txDataPreimage(txHashes);
    const rows = new Uint8Array(capacity * TX_DATA_RECORD_BYTES);
    rows.set(hashed);
    const segments = segmentsOf(Array.from({ length: 2 * capacity }, () => TX_DATA_RECORD_BYTES / 2));
    const out = this.preimage.assign(layouter, 'tx data', rows, segments, hashed.length, digestHalves(keccak_256(hashed)), keccakId);
    layouter.assignRegion('tx data table', (r) => {
      for (let s = 0; s <= capacity; s++) {
        r.assignFixed('slot', this.slot, s, s < capacity ? BigInt(s + 1) : 0n);
        for (const [column, j] of [[this.hi, 0], [this.lo, 1]] as const) {
          const source = out.segments[2 * s + j];
          const cell = r.assignAdvice(column.name, column, s, source?.value ?? 0n);
          if (source !== undefined) r.constrainEqual(source, cell);
        }
      }
    });
    return { hi: out.hi, lo: out.lo, count: out.count! };
  }
}
