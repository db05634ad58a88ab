/**
 * The tx table: every field of every transaction of a batch as one row, which the EVM circuit (BeginTx,
 * EndTx, ORIGIN, GASPRICE, CALLDATALOAD, …) and the copy circuit (CALLDATACOPY) look up. The tx circuit fills
 * it from the signed transactions and proves each value against the tx's RLP bytes, its keccak hashes and its
 * signature.
 *
 *   field rows:    (txId, tag, 0,     valueLo, valueHi)     one per TxFieldTag except CallData
 *   calldata rows: (txId, CallData, index, byte, 0)         index = 0 … CallDataLength − 1
 *   access list:   (txId, AccessListAddress, i, address, 0) and (txId, AccessListStorageKey, i, keyLo, keyHi),
 *                  i = 0 … AccessListItems − 1 in the list's order (each key after its address)
 *
 * Our prover has no second-phase challenges, so no value is folded into a random linear combination: words
 * are (lo, hi) 128-bit halves, small values sit in valueLo with valueHi = 0, addresses (CallerAddress,
 * CalleeAddress) are one 160-bit field element in valueLo (as in the RW and signature tables), and calldata is
 * one row per byte.
 * `txId` counts the batch's txs from 1; tags start at 1, so table tuples never equal the all-zero tuple of
 * disabled lookups and padding rows.
 */
import type { Column, Expr } from '../plonk/index.js';

/** What a row holds. Numbering is part of the circuits' shape (vk): append only. */
export enum TxFieldTag {
  Nonce = 1,
  GasLimit = 2,
  /** The effective gas price (for EIP-1559: min(maxFee, baseFee + maxPriorityFee)). */
  GasPrice = 3,
  /** The sender recovered from the signature. */
  CallerAddress = 4,
  /** 0 for a contract creation. */
  CalleeAddress = 5,
  IsCreate = 6,
  Value = 7,
  CallDataLength = 8,
  /** Intrinsic gas of the calldata: 4 per zero byte, 16 per non-zero byte. */
  CallDataGasCost = 9,
  /** keccak256 of the signing payload (the message the signature is over). */
  TxSignHash = 10,
  /** keccak256 of the signed encoding (the tx hash). */
  TxHash = 11,
  ChainId = 12,
  /** The EIP-2718 type: 0 legacy, 1 EIP-2930, 2 EIP-1559. */
  Type = 13,
  MaxFeePerGas = 14,
  MaxPriorityFeePerGas = 15,
  AccessListGasCost = 16,
  /**
   * 1 for an L1→L2 deposit: a tx signed by the bridge account (node/l1/bridge.ts) whose nonce is the L1
   * message's queue index; the batch circuit binds it to that message through l1MessagesHash
   * (circuits/pi/l1-messages.ts), and a deposit is never a withdrawal (circuits/pi/withdrawals.ts). 0 otherwise.
   */
  IsL1Message = 17,
  /** index = byte index, value = the byte. */
  CallData = 18,
  /** The signature's v as the tx encodes it (legacy EIP-155: 35 + 2·chainId + recId; typed: yParity). */
  SigV = 19,
  SigR = 20,
  SigS = 21,
  /** EIP-2930: the access list's items, addresses and storage keys together (0 for a legacy tx). */
  AccessListItems = 22,
  /** index = the item's position in the access list (from 0, keys counted with addresses), valueLo = the address. */
  AccessListAddress = 23,
  /** index = the item's position, value = the key (lo, hi); its address is the nearest AccessListAddress before it. */
  AccessListStorageKey = 24,
}

/** The table's columns (advice, filled by the tx circuit; zero on padding rows). */
export interface TxTableColumns {
  readonly txId: Column;
  readonly tag: Column;
  /** Byte index on CallData rows, 0 on field rows. */
  readonly index: Column;
  readonly valueLo: Column;
  readonly valueHi: Column;
}

/** One looked-up row as expressions, in column order. */
export type TxLookupRow = { readonly [K in keyof TxTableColumns]: Expr };

/** The table's fields in column order. */
export const TX_TABLE_FIELDS = ['txId', 'tag', 'index', 'valueLo', 'valueHi'] as const satisfies ReadonlyArray<keyof TxTableColumns>;

/**
 * Pairs for `cs.lookup`: the input row gated by `q` (disabled rows look up the all-zero tuple, which padding
 * rows hold) against the table's current row.
 */
export function txLookupPairs(table: TxTableColumns, q: Expr, row: TxLookupRow): Array<[Expr, Expr]> {
  return TX_TABLE_FIELDS.map((f) => [q.mul(row[f]), table[f].cur()]);
}
