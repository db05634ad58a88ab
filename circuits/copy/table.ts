/**
 * The copy table: one row per copy of a byte range between two places (CALLDATACOPY, CODECOPY, EXTCODECOPY,
 * RETURNDATACOPY, MCOPY, RETURN/REVERT into the caller's memory, LOG data, KECCAK256 input, CREATE init code and
 * deployed code, precompile input and output). The EVM circuit
 * looks up a copy's event once; the copy circuit proves that the event's bytes were read from the source and
 * written to the destination, one byte per row.
 *
 * Our prover has no second-phase challenges, so the bytes are not folded into a random linear combination:
 * consumers that need the bytes themselves (a keccak digest, a precompile) name them by an id in their own
 * table, and the copy circuit writes the bytes into that table.
 *
 *   event rows: (EVENT_ROW, srcType, srcId, srcSubId, srcAddr, srcAddrEnd, dstType, dstId, dstSubId,
 *                dstAddr, length, rwCounter, rwIncrease)
 *
 * Semantics of one event: for i = 0 … length − 1, byte i is source[srcAddr + i] when srcAddr + i < srcAddrEnd
 * and 0 otherwise (CALLDATACOPY/CODECOPY past the end), and it is written to destination[dstAddr + i].
 * RW counters: the source's in-bound reads (Memory sources only) take rwCounter, rwCounter + 1, … in byte
 * order, then the destination's writes (Memory and TxLog) follow, one per byte; rwIncrease is their total.
 * Reads before writes make MCOPY with overlapping ranges read the bytes as they were before the copy.
 *
 * The looking-up circuit's side of the contract: srcAddr ≤ srcAddrEnd (clamp an offset past the end to the
 * end: the bytes are 0 either way), srcAddrEnd − srcAddr < 2^32, Keccak and Bytecode destinations start at
 * dstAddr = 0 (the copy then holds bytes 0 … length − 1: look the digest or the code length up with this
 * length), and memory offsets of a length-0 copy are 0 (the EVM ignores them, and they may not fit the field).
 *
 * The table's other rows (kind BYTE_ROW or 0) are the copy circuit's byte rows and padding; a lookup that
 * starts with EVENT_ROW can only hit an event.
 */
import type { Column, Expr } from '../plonk/index.js';

export const EVENT_ROW = 1n;
/** The copy circuit's byte rows (not looked up by other circuits). */
export const BYTE_ROW = 2n;

/** Where bytes come from or go to. Numbering is part of the circuits' shape (vk): append only. */
export enum CopyDataType {
  /** Unused rows. */
  Padding = 0,
  /** RW table Memory rows: id = call id, address = byte offset, value = the byte. */
  Memory = 1,
  /**
   * Bytecode table byte rows: id/subId = the code hash's (lo, hi) halves, address = byte index. Source of
   * CODECOPY/EXTCODECOPY; destination of CREATE's init code and of the code a creation deploys.
   */
  Bytecode = 2,
  /** Tx table CallData rows: id = tx id, address = byte index. Source only. */
  TxCalldata = 3,
  /**
   * RW table TxLog Data rows: id = tx id, subId = log index (the RW row's address), address = byte index (its
   * storageKey); valuePrev 0. Destination only.
   */
  TxLog = 4,
  /** Keccak table input rows: id = the hash's id in the keccak table, address = byte index. Destination only. */
  Keccak = 5,
  /** Precompile I/O table input rows (precompile-io-table.ts): id = the precompile call's id, address = byte index. Destination only. */
  PrecompileInput = 6,
  /** Precompile I/O table output rows: id = the precompile call's id, address = byte index. Source only. */
  PrecompileOutput = 7,
}

/** The table's columns (advice, owned by the copy circuit; looked up by the EVM circuit). */
export interface CopyTableColumns {
  /** EVENT_ROW on event rows. */
  readonly kind: Column;
  readonly srcType: Column;
  /** Call id (Memory), code hash lo (Bytecode), tx id (TxCalldata), precompile call id (PrecompileOutput). */
  readonly srcId: Column;
  /** Code hash hi (Bytecode); 0 otherwise. */
  readonly srcSubId: Column;
  /** First source address. */
  readonly srcAddr: Column;
  /** Source bytes at addresses ≥ srcAddrEnd read as 0 (calldata or code length; srcAddr + length for memory). */
  readonly srcAddrEnd: Column;
  readonly dstType: Column;
  /** Call id (Memory), tx id (TxLog), keccak id (Keccak), code hash lo (Bytecode), precompile call id (PrecompileInput). */
  readonly dstId: Column;
  /** Log index (TxLog), code hash hi (Bytecode); 0 otherwise. */
  readonly dstSubId: Column;
  /** First destination address. */
  readonly dstAddr: Column;
  readonly length: Column;
  /** RW counter of the copy's first RW operation (the next free counter when it makes none). */
  readonly rwCounter: Column;
  /** Number of RW operations of the copy. */
  readonly rwIncrease: Column;
}

/** One copy as the EVM circuit looks it up (expressions, without the kind). */
export type CopyEventLookup = { readonly [K in Exclude<keyof CopyTableColumns, 'kind'>]: Expr };

/** The table's fields in column order. */
export const COPY_TABLE_FIELDS = [
  'kind', 'srcType', 'srcId', 'srcSubId', 'srcAddr', 'srcAddrEnd', 'dstType', 'dstId', 'dstSubId', 'dstAddr',
  'length', 'rwCounter', 'rwIncrease',
] as const satisfies ReadonlyArray<keyof CopyTableColumns>;

/**
 * Pairs for `cs.lookup`: "this copy happened", gated by `q` (disabled rows look up the all-zero tuple, which
 * the table's padding rows hold).
 */
export function copyEventLookup(t: CopyTableColumns, q: Expr, event: CopyEventLookup): Array<[Expr, Expr]> {
  return COPY_TABLE_FIELDS.map((f) => [f === 'kind' ? q.mul(EVENT_ROW) : q.mul(event[f]), t[f].cur()]);
}
