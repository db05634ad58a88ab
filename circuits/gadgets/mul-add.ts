/**
 * MulAddWordsChip: a·b + c = d + overflow·2^256 for 256-bit words, the identity behind MUL
 * (c = 0), DIV and MOD (quotient·divisor + remainder = dividend, no overflow) and the shifts.
 *
 * It lays five words on the WordChip's rows (value + 16 byte columns), so every operand arrives with
 * its bytes and the 64-bit limbs are sums of 8 byte cells — no column of its own:
 *
 *   rows 0–1 a, 2–3 b, 4–5 c, 6–7 d, 8–9 carry (lo = carry_lo, hi = carry_hi);  selectors at row 0
 *   a_i = Σ_{j<8} byte_{8i+j}·256^j (limb i of a: lo row for i = 0, 1; hi row for i = 2, 3), b_i likewise
 *   gate "<name> mul add"   (q_mul_add):
 *     lo:  a0·b0 + (a0·b1 + a1·b0)·2^64 + c_lo = d_lo + carry_lo·2^128
 *     hi:  a0·b2 + a1·b1 + a2·b0 + (a0·b3 + a1·b2 + a2·b1 + a3·b0)·2^64 + c_hi + carry_lo = d_hi + carry_hi·2^128
 *     carry_lo, carry_hi < 2^72: their bytes 9..15 sum to 0                                   (degree 3)
 *   gate "<name> no overflow" (q_no_overflow):  carry_hi + a1·b3 + a2·b2 + a3·b1 + a2·b3 + a3·b2 + a3·b3 = 0
 *   gate "<name> c = 0"       (q_c_zero):       c_lo + c_hi = 0
 *   wide (14 rows: rows 10–11 h, the high word of the 512-bit a·b + c; 12–13 (carry2, 0)), gate "<name> wide" (q_wide):
 *     carry_hi + a1·b3 + a2·b2 + a3·b1 + (a2·b3 + a3·b2)·2^64 = h_lo + carry2·2^128
 *     a3·b3 + carry2 = h_hi,  carry2 < 2^72,  the carry2 word's hi half = 0
 *   so a·b + c = h·2^256 + d exactly (ADDMOD/MULMOD need the whole product); the left sides are
 *   < 2^72 + 3·2^128 + 2^193 and < 2^128 + 2^72, again far below r.
 *
 * No equation wraps mod r (≈ 2^253.6), so each is an integer identity: limbs < 2^64, halves < 2^128
 * (bytes), so the lo left side is < 2^128 + 2^193 + 2^128 < 2^194 and the hi one < 2^195, while the
 * right sides are < 2^128 + 2^72·2^128 = 2^200 by the carry bound; the honest carries are < 2^67.
 * Summing the two halves, a·b + c = d + 2^256·(carry_hi + a1b3 + a2b2 + a3b1 + 2^64(a2b3 + a3b2) +
 * 2^128·a3b3): the overflow is zero iff every (non-negative, < 2^131 in sum) term is, which is what
 * "no overflow" checks. The sums c_lo + c_hi and the carry bytes are non-negative and small, so "= 0"
 * means each is 0.
 */
import type { Column, ConstraintSystem, Expr, Region, Selector, Value } from '../plonk/index.js';
import { sum } from '../plonk/index.js';
import { lazy, type CellInput } from './common.js';
import { TWO_128, TWO_256, joinWord, splitWord, type AssignedWord, type WordChip } from './word.js';

/** A word operand: halves (cells from elsewhere are copied and copy-constrained, values assigned) or the word's witness value. */
export type WordInput = { readonly lo: CellInput; readonly hi: CellInput } | Value;

export interface MulAddResult { a: AssignedWord; b: AssignedWord; c: AssignedWord; d: AssignedWord; carry: AssignedWord }
export interface MulAddWideResult extends MulAddResult { h: AssignedWord; carry2: AssignedWord }

/** Which extra constraints a row block carries besides the identity. */
export interface MulAddFlags {
  /** overflow = 0, i.e. a·b + c = d exactly (DIV/MOD). */
  noOverflow?: boolean;
  /** c = 0 (MUL, SHL). */
  cZero?: boolean;
}

const TWO_64 = 1n << 64n;
const CARRY_BYTES = 9;

/** Assigns a word operand on the WordChip's rows (offset, offset + 1). */
export function assignWordInput(word: WordChip, region: Region, offset: number, input: WordInput): AssignedWord {
  if (typeof input === 'bigint' || typeof input === 'function') return word.assign(region, offset, input);
  return word.assignHalves(region, offset, input.lo, input.hi);
}

/** The value of a word operand (for witness thunks). */
export function readWordInput(input: WordInput): () => bigint {
  if (typeof input === 'bigint') return () => input;
  if (typeof input === 'function') return input;
  const [lo, hi] = [lazy(input.lo), lazy(input.hi)];
  return () => joinWord(lo(), hi());
}

/**
 * The honest carries of a·b + c (a, b, c < 2^256) as the word (carry_lo, carry_hi): what the lo and hi
 * equations carry out of each 128-bit half.
 */
export function mulAddCarries(a: bigint, b: bigint, c: bigint): bigint {
  const limbs = (x: bigint) => [0n, 1n, 2n, 3n].map((i) => (x >> (64n * i)) & (TWO_64 - 1n));
  const [x, y] = [limbs(a), limbs(b)];
  const [clo, chi] = splitWord(c);
  const lo = x[0] * y[0] + (x[0] * y[1] + x[1] * y[0]) * TWO_64 + clo;
  const hi = x[0] * y[2] + x[1] * y[1] + x[2] * y[0] + (x[0] * y[3] + x[1] * y[2] + x[2] * y[1] + x[3] * y[0]) * TWO_64 + chi;
  const carryLo = lo >> 128n;
  return joinWord(carryLo, (hi + carryLo) >> 128n);
}

export class MulAddWordsChip {
  private constructor(
    readonly name: string,
    readonly word: WordChip,
    readonly qMulAdd: Selector,
    readonly qNoOverflow: Selector,
    readonly qCZero: Selector,
    readonly qWide: Selector,
  ) {}

  /** Rows one a·b + c = d block takes. */
  static readonly ROWS = 10;
  /** Rows one a·b + c = h·2^256 + d block takes. */
  static readonly WIDE_ROWS = 14;

  static configure(cs: ConstraintSystem, name: string, word: WordChip): MulAddWordsChip {
    const qMulAdd = cs.selector(`${name} mul add`);
    const qNoOverflow = cs.selector(`${name} no overflow`);
    const qCZero = cs.selector(`${name} c = 0`);
    const v = (row: number) => word.value.rot(row);
    const bytesAt = (row: number, from: number, to: number): Expr[] => word.bytes.slice(from, to).map((c: Column) => c.rot(row));
    /** Limb i (0..3) of the word whose lo row is `row`. */
    const limb = (row: number, i: number) => sum(bytesAt(row + (i >> 1), 8 * (i & 1), 8 * (i & 1) + 8).map((b, j) => b.mul(1n << BigInt(8 * j))));
    const a = [0, 1, 2, 3].map((i) => limb(0, i));
    const b = [0, 1, 2, 3].map((i) => limb(2, i));
    const [clo, chi, dlo, dhi, carryLo, carryHi] = [4, 5, 6, 7, 8, 9].map(v);
    const dot = (pairs: Array<[number, number]>) => sum(pairs.map(([i, j]) => a[i].mul(b[j])));

    const q = qMulAdd.expr();
    const lo = dot([[0, 0]]).add(dot([[0, 1], [1, 0]]).mul(TWO_64)).add(clo).sub(dlo).sub(carryLo.mul(TWO_128));
    const hi = dot([[0, 2], [1, 1], [2, 0]]).add(dot([[0, 3], [1, 2], [2, 1], [3, 0]]).mul(TWO_64)).add(chi).add(carryLo).sub(dhi).sub(carryHi.mul(TWO_128));
    cs.createGate(`${name} mul add`, {
      'lo: a0·b0 + (a0·b1 + a1·b0)·2^64 + c_lo = d_lo + carry_lo·2^128': q.mul(lo),
      'hi: a0·b2 + a1·b1 + a2·b0 + (a0·b3 + a1·b2 + a2·b1 + a3·b0)·2^64 + c_hi + carry_lo = d_hi + carry_hi·2^128': q.mul(hi),
      'carry_lo < 2^72': q.mul(sum(bytesAt(8, CARRY_BYTES, 16))),
      'carry_hi < 2^72': q.mul(sum(bytesAt(9, CARRY_BYTES, 16))),
    });
    cs.createGate(`${name} no overflow`, {
      'carry_hi + a1·b3 + a2·b2 + a3·b1 + a2·b3 + a3·b2 + a3·b3 = 0': qNoOverflow.expr().mul(carryHi.add(dot([[1, 3], [2, 2], [3, 1], [2, 3], [3, 2], [3, 3]]))),
    });
    cs.createGate(`${name} c = 0`, { 'c_lo + c_hi = 0': qCZero.expr().mul(clo.add(chi)) });
    const qWide = cs.selector(`${name} wide`);
    const w = qWide.expr();
    const [hlo, hhi, carry2, carry2Hi] = [10, 11, 12, 13].map(v);
    cs.createGate(`${name} wide`, {
      'carry_hi + a1·b3 + a2·b2 + a3·b1 + (a2·b3 + a3·b2)·2^64 = h_lo + carry2·2^128':
        w.mul(carryHi.add(dot([[1, 3], [2, 2], [3, 1]])).add(dot([[2, 3], [3, 2]]).mul(TWO_64)).sub(hlo).sub(carry2.mul(TWO_128))),
      'a3·b3 + carry2 = h_hi': w.mul(dot([[3, 3]]).add(carry2).sub(hhi)),
      'carry2 < 2^72': w.mul(sum(bytesAt(12, CARRY_BYTES, 16))),
      'carry2 word hi = 0': w.mul(carry2Hi),
    });
    return new MulAddWordsChip(name, word, qMulAdd, qNoOverflow, qCZero, qWide);
  }

  /**
   * a·b + c = d + overflow·2^256 at rows offset … offset + 9. `d` defaults to the witness
   * (a·b + c) mod 2^256; pass it (e.g. the dividend's cells) to prove the identity for a given d.
   */
  assign(region: Region, offset: number, a: WordInput, b: WordInput, c: WordInput, d?: WordInput, flags: MulAddFlags = {}): MulAddResult {
    region.enableSelector(this.qMulAdd, offset);
    if (flags.noOverflow) region.enableSelector(this.qNoOverflow, offset);
    if (flags.cZero) region.enableSelector(this.qCZero, offset);
    const wa = assignWordInput(this.word, region, offset, a);
    const wb = assignWordInput(this.word, region, offset + 2, b);
    const wc = assignWordInput(this.word, region, offset + 4, c);
    const [ra, rb, rc] = [wa, wb, wc].map(readWordInput);
    const wd = assignWordInput(this.word, region, offset + 6, d ?? (() => (ra() * rb() + rc()) % TWO_256));
    const carry = this.word.assign(region, offset + 8, () => mulAddCarries(ra(), rb(), rc()));
    return { a: wa, b: wb, c: wc, d: wd, carry };
  }

  /**
   * a·b + c = h·2^256 + d (all 512 bits) at rows offset … offset + 13. `d` and `h` default to the
   * witness halves of a·b + c; pass them to prove the identity for a given 512-bit value.
   */
  assignWide(region: Region, offset: number, a: WordInput, b: WordInput, c: WordInput, d?: WordInput, h?: WordInput, flags: MulAddFlags = {}): MulAddWideResult {
    const r = this.assign(region, offset, a, b, c, d, flags);
    region.enableSelector(this.qWide, offset);
    const [ra, rb, rc] = [r.a, r.b, r.c].map(readWordInput);
    const wh = assignWordInput(this.word, region, offset + 10, h ?? (() => (ra() * rb() + rc()) >> 256n));
    // from "a3·b3 + carry2 = h_hi"
    const carry2 = this.word.assign(region, offset + 12, () => ((ra() * rb() + rc()) >> 384n) - (ra() >> 192n) * (rb() >> 192n));
    return { ...r, h: wh, carry2 };
  }
}
