/**
 * Bytecode table rows (circuits/bytecode/table.ts) as field values in table-column order, for EVM tests that lay
 * the table out as plain advice (the bytecode circuit lays out and proves the same rows).
 */
import { BYTE_ROW, HEADER_ROW } from '../bytecode/table.js';
import { splitWord } from '../gadgets/word.js';

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
