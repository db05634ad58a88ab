/**
 * The RW table: every read and write the EVM circuit makes (stack, memory, storage, account fields, call
 * context, logs, …) as one row, in the shape zkevm-circuits uses. The EVM circuit looks its accesses up
 * in execution order (by `rwCounter`); the state circuit lays the same rows sorted by
 * (tag, id, address, fieldTag, storageKey, rwCounter) and proves them consistent: a read returns the last
 * write to its key, and the first access to a key reads its committed value.
 *
 * Words are (lo, hi) 128-bit halves, as everywhere in the circuits (see gadgets/word.ts).
 */
import type { Column, Expr } from '../plonk/index.js';

/** What a row is about. Numbering is part of the circuits' shape (vk): append only. */
export enum RwTag {
  /** Filler rows of the table (all other cells zero). */
  Padding = 0,
  /** id = call id, address = stack pointer (0 … 1023). */
  Stack = 1,
  /** id = call id, address = byte offset; value = the byte. */
  Memory = 2,
  /**
   * id = tx id, address = contract, storageKey = slot; committedValue = the slot at the start of the tx.
   * The tx id is part of the key so that a key group (and its committed value) is one tx's accesses.
   */
  Storage = 3,
  /** EIP-1153: id = tx id, address = contract, storageKey = slot. */
  TransientStorage = 4,
  /** address = account, fieldTag = AccountField. */
  Account = 5,
  /** id = call id, fieldTag = CallContextField. */
  CallContext = 6,
  /** id = tx id, address = log index, fieldTag = LogField, storageKey = topic/byte index. */
  TxLog = 7,
  /** id = tx id, fieldTag = ReceiptField. */
  TxReceipt = 8,
  /** EIP-2929 warm addresses: id = tx id, address = account; value = 1 once warm. */
  TxAccessListAccount = 9,
  /** EIP-2929 warm slots: id = tx id, address = contract, storageKey = slot; value = 1 once warm. */
  TxAccessListStorage = 10,
  /** id = tx id; value = the refund counter. */
  TxRefund = 11,
  /** EIP-6780: id = tx id, address = account; value = 1 once a CREATE or CREATE2 of the tx made it. */
  TxCreated = 12,
}

/**
 * HasStorage is read-only: 1 iff the account's storage holds a non-zero word (EIP-7610's "non-empty storage"). The
 * SMT binding proves it from the account's storage root before the batch; no EVM write changes it, and within a
 * batch it stays right where it is read (creations): only code running at the address writes its storage.
 */
export enum AccountField { Nonce = 1, Balance = 2, CodeHash = 3, HasStorage = 4 }

export enum CallContextField {
  RwCounterEndOfReversion = 1, CallerId = 2, TxId = 3, Depth = 4, CallerAddress = 5, CalleeAddress = 6,
  CallDataOffset = 7, CallDataLength = 8, ReturnDataOffset = 9, ReturnDataLength = 10, Value = 11,
  IsSuccess = 12, IsPersistent = 13, IsStatic = 14, LastCalleeId = 15, LastCalleeReturnDataOffset = 16,
  LastCalleeReturnDataLength = 17, IsRoot = 18, IsCreate = 19, CodeHash = 20, ProgramCounter = 21,
  StackPointer = 22, GasLeft = 23, MemorySize = 24, ReversibleWriteCounter = 25,
}

export enum LogField { Address = 1, Topic = 2, Data = 3 }
export enum ReceiptField { PostStateOrStatus = 1, CumulativeGasUsed = 2, LogLength = 3 }

/** One RW operation (witness side). Numbers that may exceed 2^53 are bigint; words are whole 256-bit values. */
export interface RwRow {
  /** 1-based global order of the operation in the block (0 only on padding rows). */
  rwCounter: number;
  isWrite: boolean;
  tag: RwTag;
  /** Call id (Stack, Memory, CallContext) or tx id (Tx* tags, Storage, TransientStorage); 0 when unused. */
  id: number;
  /** Account address, stack pointer, memory offset or log index, as a field element; 0 when unused. */
  address: bigint;
  fieldTag: number;
  /** 256-bit storage slot (or topic index), 0 when unused. */
  storageKey: bigint;
  value: bigint;
  /** Value before this operation (for reads equal to `value`). */
  valuePrev: bigint;
  /** Storage: the slot's value at the start of the transaction; 0 for other tags. */
  committedValue: bigint;
}

/** The table's columns (advice), owned by the state circuit and shared with the EVM circuit. */
export interface RwTableColumns {
  readonly rwCounter: Column;
  readonly isWrite: Column;
  readonly tag: Column;
  readonly id: Column;
  readonly address: Column;
  readonly fieldTag: Column;
  readonly storageKeyLo: Column;
  readonly storageKeyHi: Column;
  readonly valueLo: Column;
  readonly valueHi: Column;
  readonly valuePrevLo: Column;
  readonly valuePrevHi: Column;
  readonly committedValueLo: Column;
  readonly committedValueHi: Column;
}

/** One looked-up row as expressions, in column order (the lookup input of the EVM circuit). */
export type RwLookupRow = { readonly [K in keyof RwTableColumns]: Expr };

export const RW_TABLE_FIELDS: readonly (keyof RwTableColumns)[] = [
  'rwCounter', 'isWrite', 'tag', 'id', 'address', 'fieldTag', 'storageKeyLo', 'storageKeyHi',
  'valueLo', 'valueHi', 'valuePrevLo', 'valuePrevHi', 'committedValueLo', 'committedValueHi',
];

/**
 * Pairs for `cs.lookup`: the input row gated by `q` (so disabled rows look up the all-zero tuple, which
 * the table's padding rows hold) against the table's current row.
 */
export function rwLookupPairs(table: RwTableColumns, q: Expr, row: RwLookupRow): Array<[Expr, Expr]> {
  return RW_TABLE_FIELDS.map((f) => [q.mul(row[f]), table[f].cur()]);
}
