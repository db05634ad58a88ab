/**
 * Rows of the dynamic tables the EVM circuit looks up, as field values in table-column order: the RW table
 * (circuits/state/table.ts) and the bytecode table (circuits/bytecode/table.ts). The state and bytecode circuits
 * lay out and prove these tables; EVM tests lay them out as plain advice from the same rows.
 */
import { BYTE_ROW, HEADER_ROW } from '../bytecode/table.js';
import { splitWord } from '../gadgets/word.js';
import type { RwRow, RwTableColumns } from '../state/table.js';

/** One RW row's cells, keyed like RwTableColumns. */
export function rwRowCells(row: RwRow): Record<keyof RwTableColumns, bigint> {
  const [storageKeyLo, storageKeyHi] = splitWord(row.storageKey);
  const [valueLo, valueHi] = splitWord(row.value);
  const [valuePrevLo, valuePrevHi] = splitWord(row.valuePrev);
  const [committedValueLo, committedValueHi] = splitWord(row.committedValue);
  return {
    rwCounter: BigInt(row.rwCounter), isWrite: row.isWrite ? 1n : 0n, tag: BigInt(row.tag), id: BigInt(row.id), address: row.address,
    fieldTag: BigInt(row.fieldTag), storageKeyLo, storageKeyHi, valueLo, valueHi, valuePrevLo, valuePrevHi, committedValueLo, committedValueHi,
  };
}

/** Which bytes of `code` are opcodes (1) and which are PUSH data (0). */
export function codeMask(code: Uint8Array): Uint8Array {
  const mask = new Uint8Array(code.length);
  for (let i = 0; i < code.length; i++) {
    mask[i] = 1;
    const op = code[i]!;
    if (op >= 0x60 && op <= 0x7f) i += op - 0x5f;
  }
  return mask;
}

/** Bytecode table rows of one code: (kind, hashLo, hashHi, indexOrLength, byte, isCode), header first. */
export function bytecodeRows(hash: bigint, code: Uint8Array): bigint[][] {
  const [lo, hi] = splitWord(hash);
  const mask = codeMask(code);
  return [[HEADER_ROW, lo, hi, BigInt(code.length), 0n, 0n], ...Array.from(code, (b, i) => [BYTE_ROW, lo, hi, BigInt(i), BigInt(b), BigInt(mask[i]!)])];
}
