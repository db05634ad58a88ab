/**
 * Continuation rows that move one 32-byte word 4 bytes per row (memory words, calldata words): 8 rows, the word in
 * the aux word of the first. Row i (from 0) handles the word's big-endian bytes 4i … 4i + 3, which sit in its aux
 * bytes 31 … 28: each next row holds the aux word shifted up by 4 bytes (low 4 bytes 0), its position c0 + 4 and
 * c1 − 1 rows left; the row with c1 = 1 is the last (its next row runs an opcode). The opening opcode row sets
 * c0, c1 = 8 and the aux word; so the 8 rows see exactly the word's 32 bytes in order, none skipped or added.
 */
import { constant, type Expr } from '../../plonk/index.js';
import type { StepExprs } from '../step.js';

export const BYTES_PER_ROW = 4;
export const WORD_ROWS = 32 / BYTES_PER_ROW;
const WORD_MASK = (1n << 256n) - 1n;

/** Aux byte of the word's big-endian byte 4i + j on row i. */
export const rowByte = (j: number): number => 31 - j;

/** Where `more` is 1, the next row's aux word is this row's shifted up by 4 bytes (its low 4 bytes 0). */
export function auxShifted(s: StepExprs, more: Expr): Record<string, Expr> {
  const shifted: Record<string, Expr> = {};
  for (let j = 0; j < 32; j++) shifted[`more: next aux byte ${j}`] = more.mul(s.next.auxByte(j).sub(j < BYTES_PER_ROW ? constant(0) : s.auxByte(j - BYTES_PER_ROW)));
  return shifted;
}

/** The chain rules of continuation state `name` on row `s`. */
export function wordRowsChain(s: StepExprs, name: string): Record<string, Expr> {
  const n = s.next;
  const more = n.state(name);
  return {
    ...auxShifted(s, more),
    "more: c0' = c0 + 4": more.mul(n.c0.sub(s.c0).sub(BYTES_PER_ROW)), "more: c1' = c1 − 1": more.mul(n.c1.sub(s.c1).add(1)),
    'last: c1 = 1': constant(1).sub(more).mul(s.c1.sub(1)),
  };
}

/** What the opening row hands the first continuation row: c1 = 8 rows (its c0 and aux word are the opener's own rules). */
export const wordRowsStart = (s: StepExprs): Record<string, Expr> => ({ "continuation's c1 = 8": s.next.c1.sub(WORD_ROWS) });

/** The aux cells of row i of a word's rows starting at position `first`, and the word's bytes on that row. */
export function wordRow(word: bigint, first: number, i: number): { aux: bigint; c0: bigint; c1: bigint; bytes: bigint[] } {
  const bytes = Array.from({ length: BYTES_PER_ROW }, (_, j) => (word >> BigInt(8 * (31 - BYTES_PER_ROW * i - j))) & 0xffn);
  return { aux: (word << BigInt(32 * i)) & WORD_MASK, c0: BigInt(first + BYTES_PER_ROW * i), c1: BigInt(WORD_ROWS - i), bytes };
}

/**
 * Rows whose slots 0 … 3 are on for a prefix of the c1 bytes left (`more`: the next row is one of them): rest = c1 − Σ on;
 * a row not full leaves none, the last leaves none, the next row reads on at c0 + 4 with c1 = rest. So the rows cover
 * exactly c1 bytes from the first row's c0 (rest only falls: a row that took more than was left never reaches 0 again).
 * `ons`: other flags than the slots' (boolean and monotone as theirs: the caller's rules).
 */
export function prefixRows(s: StepExprs, more: Expr, ons: Expr[] = Array.from({ length: BYTES_PER_ROW }, (_, j) => s.slotOn(j))): { rules: Record<string, Expr>; ons: Expr[] } {
  const n = s.next;
  const rest = s.c1.sub(ons.reduce((a, b) => a.add(b)));
  return {
    ons,
    rules: {
      'a row not full leaves nothing': constant(1).sub(ons[BYTES_PER_ROW - 1]!).mul(rest), 'last: nothing left': constant(1).sub(more).mul(rest),
      [`more: c0' = c0 + ${BYTES_PER_ROW}`]: more.mul(n.c0.sub(s.c0).sub(BYTES_PER_ROW)), "more: c1' = the bytes left": more.mul(n.c1.sub(rest)),
    },
  };
}
