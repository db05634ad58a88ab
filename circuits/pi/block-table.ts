/**
 * The block table: the context of the block each tx of a batch runs in, keyed by tx id, which the EVM circuit
 * looks up (COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE, and EndTx's fee to the coinbase).
 *
 *   rows: (txId, tag, valueLo, valueHi)     one per BlockFieldTag per tx; words as 128-bit halves (the coinbase too)
 *
 * Keyed by tx rather than by block number, so a step needs nothing but its tx id. The public-input circuit is to
 * fill it from the batch's block list and prove each tx's rows equal the context of the block it is in (the batch
 * data must then commit to the blocks' contexts: see the DESIGN proposal in the session notes). Until then the
 * table is a seam: tests lay it out from the block header. Tags start at 1, so table tuples never equal the
 * all-zero tuple of disabled lookups and padding rows.
 */
import type { Column, Expr } from '../plonk/index.js';
import { splitWord } from '../gadgets/word.js';
import type { BlockHeaderTrace } from '../witness/trace.js';

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
