/**
 * The gadget library: reusable chips for the circuits (EVM, state, tx, keccak, …).
 *
 * Pattern (see common.ts): `XChip.configure(cs, name, table?, columns…)` declares gates/lookups and
 * returns the chip (its own config); `chip.assign…(region, offset, …)` fills its rows and returns
 * AssignedCells. Inputs are values or cells from elsewhere (copied + copy-constrained). Witnesses
 * are thunks, so keygen lays circuits out without evaluating them. Every chip keeps gate degree ≤ 3
 * (the degree lookups need anyway), so using a chip never raises a circuit's quotient degree.
 *
 *   RangeTable        fixed 0..2^bits−1 (byte: k ≥ 9; 16-bit: k ≥ 17)
 *   RangeCheckChip    value ∈ [0, 2^(n·bits)) as n table chunks (16 bits = 2 bytes at k ≥ 9)
 *   IsZeroChip        out = (value == 0), inverse witness; value any expression
 *   IsEqualChip       IsZero of a − b
 *   LtChip            a < b over n bytes (diff bytes + lt·256^n)
 *   ComparatorChip    (lt, eq) on one row; gt as an expression
 *   BitwiseTable      (a, b, a AND b) for w-bit chunks — AND only: XOR/OR/NOT are linear in it
 *   BitwiseChip       AND/OR/XOR/NOT on chunks, one lookup per op
 *   WordChip          256-bit word as (lo, hi) on 2 rows × 16 byte cells, byte lookups
 *   WordArithChip     add/sub mod 2^256 with carry/borrow out; the result is range-checked bytes
 *   SelectChip        cond ? a : b (cells or words)
 *   PoseidonChip      circomlib Poseidon, width t = 2..17, one row per round (66 rows at t = 3)
 *   MulAddWordsChip   a·b + c = d + overflow·2^256 over 64-bit limbs of byte cells (10 rows, WordChip columns);
 *                     wide: the whole 512-bit a·b + c = h·2^256 + d (14 rows)
 *   MulDivModChip     EVM MUL (10 rows), DIV and MOD (12 rows; x / 0 = x mod 0 = 0)
 *   ModArithChip      EVM ADDMOD (30 rows), MULMOD (42 rows): reduce a mod n, then a 512-bit identity
 *   Pow2Table         fixed (tag, s, 2^s lo, hi) for s < 256, plus "s ≥ 256 → 0" (258 rows, k ≥ 9)
 *   ShiftChip         EVM SHL (12 rows), SHR (14 rows), SAR (16 rows) as MUL/DIV by a looked-up 2^s
 *   NonNativeChip     arithmetic mod p < 2^256 (BN254 Fq, secp256k1) as 88/88/80-bit limbs: add/sub/mul
 *                     (20 rows, CRT check, canonical result), select (9), is-equal/zero (6), word halves (nonnative/)
 *
 * Not yet: exp.
 */
export { adviceColumns, assignInput, lazy, GadgetError, minK, type CellInput } from './common.js';
export { RangeTable } from './range-table.js';
export { RangeCheckChip, type RangeChecked } from './range-check.js';
export { IsZeroChip } from './is-zero.js';
export { IsEqualChip, type IsEqualResult } from './is-equal.js';
export { LtChip, type LtResult } from './less-than.js';
export { ComparatorChip, type ComparatorColumns, type CompareResult } from './comparator.js';
export { BitwiseTable } from './bitwise-table.js';
export { BitwiseChip, type BitwiseOp, type BitwiseResult } from './bitwise.js';
export { WordChip, splitWord, joinWord, wordValue, TWO_128, TWO_256, type AssignedWord, type WordCells } from './word.js';
export { WordArithChip, type WordArithResult, type WordOperand } from './word-arith.js';
export { SelectChip, type SelectResult } from './select.js';
export { PoseidonChip, type PoseidonColumns } from './poseidon.js';
export { MulAddWordsChip, mulAddCarries, assignWordInput, readWordInput, type MulAddResult, type MulAddWideResult, type MulAddFlags, type WordInput } from './mul-add.js';
export { MulDivModChip, type MulResult, type DivModResult } from './mul-div-mod.js';
export { ModArithChip, type ModArithResult } from './mod-arith.js';
export { Pow2Table } from './pow2-table.js';
export { ShiftChip, type ShiftColumns, type ShiftResult } from './shift.js';
export { SignedLtChip, type SignedLtResult } from './signed-lt.js';
export * from './nonnative/index.js';
