/**
 * The block table: the context of the block each tx of a batch runs in, keyed by tx id, which the EVM circuit
 * looks up (COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE, and EndTx's fee to the coinbase).
 *
 *   rows: (txId, tag, valueLo, valueHi)     one per BlockFieldTag per tx; words as 128-bit halves (the coinbase too)
 *
 * Keyed by tx rather than by block number, so a step needs nothing but its tx id. Tags start at 1, so table
 * tuples never equal the all-zero tuple of disabled lookups and padding rows.
 *
 * BlockTableChip fills it and binds it to the public input: the batch commits to its txs' block contexts as
 *
 *   blockContextHash = keccak256(record(tx 1) ‖ record(tx 2) ‖ … ‖ record(tx N))      (N = the batch's txs)
 *   record = coinbase (20) ‖ u64 timestamp ‖ u64 number ‖ prevRandao (32) ‖ u64 gasLimit ‖ baseFee (32)
 *
 * (108 bytes, big-endian: the fields in tag order, chainId left out — it is the public input's own field). One
 * record per tx rather than per block keeps the binding a plain byte layout (each record's segments are its tx's
 * rows) at one keccak permutation per 1.26 txs; it commits the tx ranges of the blocks too (which block each tx
 * is in). A variable-length PreimageChip (preimage.ts) named "block context" lays out `capacity` record slots,
 * the first N hashed; its count cell (N) is the number of txs, for the super circuit's tx-count seam.
 *
 * Table rows: slot s (tx id s + 1) has one row per tag at row 7s + tag − 1, with txId and tag fixed (so each
 * (txId, tag) has exactly one row) and the values copy-constrained to the record's segments (ChainId: to the
 * public input's chainId); the halves a u64 field does not have are 0 by a gate on a fixed flag. Slots past N
 * hold zero records (only txs 1 … N exist for the EVM circuit, whose tx count is N). Row 7·capacity is all zero.
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { splitWord } from '../gadgets/word.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import type { BlockHeaderTrace } from '../witness/trace.js';
import { PreimageChip, segmentsOf } from './preimage.js';
import { digestHalves, PublicInputError } from './public-input.js';

/** Numbering is part of the circuits' shape (vk): append only. */
export enum BlockFieldTag { Coinbase = 1, Timestamp = 2, Number = 3, PrevRandao = 4, GasLimit = 5, BaseFee = 6, ChainId = 7 }

export interface BlockTableColumns {
  readonly txId: Column;
  readonly tag: Column;
  readonly valueLo: Column;
  readonly valueHi: Column;
}

export type BlockLookupRow = { readonly [K in keyof BlockTableColumns]: Expr };

export const BLOCK_TABLE_FIELDS = ['txId', 'tag', 'valueLo', 'valueHi'] as const satisfies ReadonlyArray<keyof BlockTableColumns>;

/** Pairs for `cs.lookup`: the input row gated by `q` against the table's current row. */
export function blockLookupPairs(table: BlockTableColumns, q: Expr, row: BlockLookupRow): Array<[Expr, Expr]> {
  return BLOCK_TABLE_FIELDS.map((f) => [q.mul(row[f]), table[f].cur()]);
}

/** A field of a block header as a word. */
export function blockField(header: BlockHeaderTrace, tag: BlockFieldTag): bigint {
  switch (tag) {
    case BlockFieldTag.Coinbase: return BigInt(header.coinbase);
    case BlockFieldTag.Timestamp: return header.timestamp;
    case BlockFieldTag.Number: return header.number;
    case BlockFieldTag.PrevRandao: return BigInt(header.prevRandao);
    case BlockFieldTag.GasLimit: return header.gasLimit;
    case BlockFieldTag.BaseFee: return header.baseFeePerGas;
    case BlockFieldTag.ChainId: return header.chainId;
  }
}

export const BLOCK_FIELD_TAGS = Object.values(BlockFieldTag).filter((t): t is BlockFieldTag => typeof t === 'number');

/** The table's rows for txs 1 … txCount, all in the block with `header`. */
export function blockTableRows(header: BlockHeaderTrace, txCount: number): Array<Record<keyof BlockTableColumns, bigint>> {
  return Array.from({ length: txCount }, (_, i) => BLOCK_FIELD_TAGS.map((tag) => {
    const [valueLo, valueHi] = splitWord(blockField(header, tag));
    return { txId: BigInt(i + 1), tag: BigInt(tag), valueLo, valueHi };
  })).flat();
}

/** The record's segments: (tag, half, bytes), in order. */
const RECORD: ReadonlyArray<readonly [BlockFieldTag, 'hi' | 'lo', number]> = [
  [BlockFieldTag.Coinbase, 'hi', 4], [BlockFieldTag.Coinbase, 'lo', 16], [BlockFieldTag.Timestamp, 'lo', 8], [BlockFieldTag.Number, 'lo', 8],
  [BlockFieldTag.PrevRandao, 'hi', 16], [BlockFieldTag.PrevRandao, 'lo', 16], [BlockFieldTag.GasLimit, 'lo', 8],
  [BlockFieldTag.BaseFee, 'hi', 16], [BlockFieldTag.BaseFee, 'lo', 16],
];
export const BLOCK_CONTEXT_RECORD_BYTES = RECORD.reduce((n, [, , b]) => n + b, 0);
/** Tags whose value has no high half (u64 fields and the chain id). */
const NARROW = new Set([BlockFieldTag.Timestamp, BlockFieldTag.Number, BlockFieldTag.GasLimit, BlockFieldTag.ChainId]);

/** A slot's record cells by (tag, half): what block-chain.ts copies. */
export type RecordCells = (tag: BlockFieldTag, half: 'lo' | 'hi') => AssignedCell;

/** A block of the batch as the block table needs it: its header and how many of the batch's txs it holds. */
export interface BlockContext { readonly header: BlockHeaderTrace; readonly txCount: number }

/** One tx's 108-byte record of its block's context. */
export function blockContextRecord(header: BlockHeaderTrace): Uint8Array {
  const out = new Uint8Array(BLOCK_CONTEXT_RECORD_BYTES);
  let at = 0;
  for (const [tag, half, bytes] of RECORD) {
    const [lo, hi] = splitWord(blockField(header, tag));
    const v = half === 'hi' ? hi : lo;
    if (v >> BigInt(8 * bytes) !== 0n || (NARROW.has(tag) && hi !== 0n)) {
      throw new PublicInputError(`block ${header.number}: ${BlockFieldTag[tag]} = ${blockField(header, tag)} does not fit its ${NARROW.has(tag) ? 8 : bytes}-byte field`);
    }
    for (let i = 0; i < bytes; i++) out[at + i] = Number((v >> BigInt(8 * (bytes - 1 - i))) & 0xffn);
    at += bytes;
  }
  return out;
}

/** The block-context preimage: one record per tx, tx order. */
export function blockContextPreimage(blocks: readonly BlockContext[]): Uint8Array {
  const records = blocks.flatMap((b) => Array.from({ length: b.txCount }, () => blockContextRecord(b.header)));
  const out = new Uint8Array(records.length * BLOCK_CONTEXT_RECORD_BYTES);
  records.forEach((r, i) => out.set(r, i * BLOCK_CONTEXT_RECORD_BYTES));
  return out;
}

export const blockContextHash = (blocks: readonly BlockContext[]): `0x${string}` =>
  `0x${Buffer.from(keccak_256(blockContextPreimage(blocks))).toString('hex')}`;

/** The block table with its proof (see the header): its columns, for the EVM circuit's lookups. */
export class BlockTableChip {
  private constructor(readonly table: BlockTableColumns, readonly narrow: Column, readonly preimage: PreimageChip) {}

  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns): BlockTableChip {
    const table: BlockTableColumns = {
      txId: cs.fixedColumn('block table txId'), tag: cs.fixedColumn('block table tag'),
      valueLo: cs.adviceColumn('block table valueLo'), valueHi: cs.adviceColumn('block table valueHi'),
    };
    cs.enableEquality(table.valueLo);
    cs.enableEquality(table.valueHi);
    const narrow = cs.fixedColumn('block table narrow');
    cs.createGate('block table', { 'valueHi = 0 for a u64 field': narrow.cur().mul(table.valueHi.cur()) });
    return new BlockTableChip(table, narrow, PreimageChip.configure(cs, 'block context', keccak, { recordBytes: BLOCK_CONTEXT_RECORD_BYTES }));
  }

  /**
   * Lays out `capacity` tx slots, the batch's txs first (none without blocks: the keygen layout), the preimage
   * as keccak input `keccakId`; every ChainId row is copy-constrained to `chainId`. Returns the digest halves
   * (for the public input's blockContextHash), the tx count and each slot's record cells.
   */
  assign(layouter: Layouter, capacity: number, blocks: readonly BlockContext[], chainId: AssignedCell, keccakId: number): { hi: AssignedCell; lo: AssignedCell; count: AssignedCell; records: RecordCells[] } {
    const hashed = blockContextPreimage(blocks);
    const R = BLOCK_CONTEXT_RECORD_BYTES;
    if (hashed.length > capacity * R) throw new PublicInputError(`${hashed.length / R} txs do not fit the block table's ${capacity} tx slots`);
    const rows = new Uint8Array(capacity * R);
    rows.set(hashed);
    const segments = segmentsOf(Array.from({ length: capacity }, () => RECORD.map(([, , b]) => b)).flat());
    const out = this.preimage.assign(layouter, 'block context', rows, segments, hashed.length, digestHalves(keccak_256(hashed)), keccakId);
    const records = Array.from({ length: capacity }, (_, s) => new Map<string, AssignedCell>(RECORD.map(([tag, half], j) => [`${tag} ${half}`, out.segments[s * RECORD.length + j]!])));
    layouter.assignRegion('block table', (r) => {
      for (let s = 0; s < capacity; s++) {
        const cells = new Map(records[s]!);
        cells.set(`${BlockFieldTag.ChainId} lo`, chainId);
        BLOCK_FIELD_TAGS.forEach((tag, j) => {
          const row = s * BLOCK_FIELD_TAGS.length + j;
          r.assignFixed('txId', this.table.txId, row, BigInt(s + 1));
          r.assignFixed('tag', this.table.tag, row, BigInt(tag));
          r.assignFixed('narrow', this.narrow, row, NARROW.has(tag) ? 1n : 0n);
          for (const half of ['lo', 'hi'] as const) {
            const source = cells.get(`${tag} ${half}`);
            const column = half === 'lo' ? this.table.valueLo : this.table.valueHi;
            const cell = r.assignAdvice(`value${half}`, column, row, source?.value ?? 0n);
            if (source !== undefined) r.constrainEqual(source, cell);
          }
        });
      }
      const zero = capacity * BLOCK_FIELD_TAGS.length;
      r.assignFixed('txId', this.table.txId, zero, 0n);
      r.assignAdvice('valueLo', this.table.valueLo, zero, 0n);
      r.assignAdvice('valueHi', this.table.valueHi, zero, 0n);
    });
    const cellOf = (cells: ReadonlyMap<string, AssignedCell>): RecordCells => (tag, half) => {
      const cell = cells.get(`${tag} ${half}`);
      if (cell === undefined) throw new PublicInputError(`the block record has no ${BlockFieldTag[tag]} ${half}`);
      return cell;
    };
    return { hi: out.hi, lo: out.lo, count: out.count!, records: records.map(cellOf) };
  }
}
