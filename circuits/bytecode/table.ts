/**
 * The bytecode table the EVM circuit reads its opcodes and push data from. Each code is keyed by its
 * keccak256 code hash (lo, hi halves); the bytecode circuit proves the hash via the keccak table and marks
 * which bytes are opcodes (isCode = 1) and which are PUSH data (isCode = 0).
 *
 *   header rows: (HEADER_ROW, hashLo, hashHi, length, 0,    0)
 *   byte rows:   (BYTE_ROW,   hashLo, hashHi, index,  byte, isCode)    index = 0 … length − 1
 *
 * Kinds are non-zero so table tuples never collide with the all-zero tuple of disabled lookups and padding.
 */
import { constant, type Column, type Expr } from '../plonk/index.js';

/** keccak256 of the empty code: the code hash of every account without code. */
export const KECCAK_EMPTY = 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n;

export const HEADER_ROW = 1n;
export const BYTE_ROW = 2n;

export interface BytecodeTableColumns {
  readonly kind: Column;
  readonly hashLo: Column;
  readonly hashHi: Column;
  /** Byte index on byte rows, code length on header rows. */
  readonly indexOrLength: Column;
  readonly byte: Column;
  readonly isCode: Column;
}

/** The table's fields in column order. */
export const BYTECODE_TABLE_FIELDS = ['kind', 'hashLo', 'hashHi', 'indexOrLength', 'byte', 'isCode'] as const satisfies ReadonlyArray<keyof BytecodeTableColumns>;

/** Pairs for `cs.lookup`: "byte `index` of the code with hash (hashLo, hashHi) is `byte`, an opcode iff isCode". */
export function bytecodeByteLookup(t: BytecodeTableColumns, q: Expr, hashLo: Expr, hashHi: Expr, index: Expr, byte: Expr, isCode: Expr): Array<[Expr, Expr]> {
  return [
    [q.mul(BYTE_ROW), t.kind.cur()], [q.mul(hashLo), t.hashLo.cur()], [q.mul(hashHi), t.hashHi.cur()],
    [q.mul(index), t.indexOrLength.cur()], [q.mul(byte), t.byte.cur()], [q.mul(isCode), t.isCode.cur()],
  ];
}

/** Pairs for `cs.lookup`: "the code with hash (hashLo, hashHi) is `length` bytes long". */
export function bytecodeLengthLookup(t: BytecodeTableColumns, q: Expr, hashLo: Expr, hashHi: Expr, length: Expr): Array<[Expr, Expr]> {
  return [
    [q.mul(HEADER_ROW), t.kind.cur()], [q.mul(hashLo), t.hashLo.cur()], [q.mul(hashHi), t.hashHi.cur()],
    [q.mul(length), t.indexOrLength.cur()], [constant(0n), t.byte.cur()], [constant(0n), t.isCode.cur()],
  ];
}
