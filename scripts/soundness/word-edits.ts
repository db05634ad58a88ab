/**
 * Witness edits for the word arithmetic chips (WordChip 'word', 'byte 0'…'byte 15'; WordArithChip 'a', 'b',
 * 'carry'; MulDivModChip 'mod'), as the chips would assign them for other integers: the soundness targets and
 * the gadget tests (test/circuits/gadgets/helpers.ts) rewrite whole words and blocks with them, so that one
 * lie reaches exactly the rule under attack.
 */
import { TWO_256, mulAddCarries, splitWord } from '../../circuits/gadgets/index.js';
import type { WitnessEditor } from './types.js';

/** One advice cell to set, by column name; a function maps the old value to the new one. */
export interface Edit { column: string; row: number; value: bigint | ((old: bigint) => bigint) }

/** Applies edits through a WitnessEditor (values mod r). */
export function applyEdits(w: WitnessEditor, edits: readonly Edit[]): void {
  for (const e of edits) w.set(e.column, e.row, typeof e.value === 'bigint' ? e.value : e.value(w.get(e.column, e.row)));
}

/** Edits that set the word on rows (row, row + 1) of a WordChip — values and bytes — to `value`. */
export function wordEdits(row: number, value: bigint): Edit[] {
  return splitWord(value).flatMap((half, h) => [
    { column: 'word', row: row + h, value: half },
    ...Array.from({ length: 16 }, (_, i) => ({ column: `byte ${i}`, row: row + h, value: (half >> BigInt(8 * i)) & 0xffn })),
  ]);
}

/** Edits that set one half (value and bytes) of the WordChip row `row`; `half` < 2^128 (else a RangeError). */
export function halfEdits(row: number, half: bigint): Edit[] {
  if (half < 0n || half >> 128n !== 0n) throw new RangeError(`forgery precondition: row ${row} half ${half} is not 128 bits`);
  return wordEdits(row, half).slice(0, 17);
}

/** Edits that set two consecutive cells of `column` to the halves (lo, hi) of `x`. */
export const halvesEdits = (column: string, row: number, x: bigint): Edit[] => splitWord(x).map((value, h) => ({ column, row: row + h, value }));

/** A MulAddWordsChip block a·b + c = d (+ overflow): the words, d (default (a·b + c) mod 2^256) and the honest carries. */
export const mulAddEdits = (at: number, a: bigint, b: bigint, c: bigint, d = (a * b + c) % TWO_256): Edit[] =>
  [a, b, c, d, mulAddCarries(a, b, c)].flatMap((x, i) => wordEdits(at + 2 * i, x));

/** A WordArithChip block: operands in a, b, the carries (lo, out) and the result word. */
export function arithEdits(at: number, op: 'add' | 'sub', a: bigint, b: bigint): Edit[] {
  const [alo, blo] = [splitWord(a)[0], splitWord(b)[0]];
  const add = op === 'add';
  return [
    ...halvesEdits('a', at, a), ...halvesEdits('b', at, b),
    { column: 'carry', row: at, value: add ? (alo + blo >= 1n << 128n ? 1n : 0n) : (alo < blo ? 1n : 0n) },
    { column: 'carry', row: at + 1, value: add ? (a + b >= TWO_256 ? 1n : 0n) : (a < b ? 1n : 0n) },
    ...wordEdits(at, add ? (a + b) % TWO_256 : (a - b + TWO_256) % TWO_256),
  ];
}

/**
 * A MulDivModChip DIV/MOD block at `at` for dividend = quotient·divisor + remainder (non-zero divisor): the
 * identity, remainder − divisor and the MOD cells.
 */
export const divModEdits = (at: number, dividend: bigint, divisor: bigint, quotient: bigint, remainder: bigint): Edit[] => [
  ...mulAddEdits(at, quotient, divisor, remainder, dividend), ...arithEdits(at + 10, 'sub', remainder, divisor), ...halvesEdits('mod', at, remainder),
];
