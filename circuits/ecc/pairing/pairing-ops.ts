/**
 * The optimal-ate pairing product over any FqOps: Miller loop with line evaluations, then the final
 * exponentiation f^((p¹² − 1)/r), and the EIP-197 check Π e(P_i, Q_i) = 1.
 *
 * Why a final exponentiation and not a residue witness (prove f·w = c^λ with witnessed c, w): such a
 * witness exists only when the product is 1, so it cannot prove the output 0 (f^h ≠ 1, e.g. a contract
 * rejecting a bad proof), which ecPairing must also prove. Computing f^h proves both outputs.
 *
 * Miller loop (6x + 2 in signed digits, shared squarings over all pairs):
 *   f ← f²·Π l_{T,T}(P);  T ← 2T;  on a digit ±1: f ← f·Π l_{T,±Q}(P);  T ← T ± Q
 *   then f ← f·l_{T,ψ(Q)}(P)·l_{T+ψ(Q),−ψ²(Q)}(P)
 * Vertical lines are dropped: their values lie in a proper subfield and die in the final
 * exponentiation, as does any Fq-multiple of a line (so the lines need no normalisation).
 * Exceptional steps: the loop only meets T = [j]Q with 0 < j ≤ 6x + 2 < r (and [j]Q ≠ ±Q for the adds,
 * as 2 ≤ j and j ≢ ±1 mod r), then T = [6x+2]Q against ψ(Q) = [p]Q and −ψ²(Q) = [−p²]Q; 6x + 2 ∓ p and
 * 6x + 2 + p ± p² are non-zero mod r (checked in the tests), so every slope's denominator is non-zero
 * for Q ∈ G2 \ {O} — which is all the circuit ever feeds in (other pairs are replaced by generators).
 *
 * Final exponentiation: easy part f^((p⁶ − 1)(p² + 1)) with a witnessed inverse (f·f⁻¹ = 1 constrained;
 * f ≠ 0 as a product of non-zero lines), then on the cyclotomic subgroup, where conj is the inverse and
 * squaring has Granger–Scott's cheaper formula (Tower.fq12CyclotomicSquare), the hard part
 * (p⁴ − p² + 1)/r = λ₀ + λ₁p + λ₂p² + λ₃p³ with
 *   λ₃ = 1, λ₂ = 6x² + 1, λ₁ = −36x³ − 18x² − 12x + 1, λ₀ = −36x³ − 30x² − 18x − 2
 * (an identity in x; the tests check it), from a = f^x, b = f^(x²), c = f^(x³).
 */
import { BN_X, CurveOps, G1_GENERATOR, G2_GENERATOR, naf, wnaf, type G1, type G2, type Line } from './g2.js';
import { fq12Inverse } from './noble.js';
import type { Fq12 } from './tower.js';

/** 6x + 2, the optimal-ate loop scalar. */
export const ATE_LOOP = 6n * BN_X + 2n;
export const ATE_DIGITS: readonly number[] = naf(ATE_LOOP);
/** x in width-4 digits: 13 multiplications by f, f³, f⁵, f⁷ (or their conjugates) instead of 23 by f^±1. */
const X_DIGITS: readonly number[] = wnaf(BN_X, 4);
export const ONE12: Fq12<bigint> = [[[1n, 0n], [0n, 0n], [0n, 0n]], [[0n, 0n], [0n, 0n], [0n, 0n]]];

/** A pair fed to the loop: P as (y, −x), Q, and whether its lines count (else they are 1). */
export interface LoopPair<T, B> { yP: T; negXP: T; q: G2<T>; keep: B }

/** One EIP-197 pair as words: G1 (x, y) and G2 (x_im, x_re, y_im, y_re), the input order. */
export interface PairWords { x: bigint; y: bigint; xIm: bigint; xRe: bigint; yIm: bigint; yRe: bigint }

/** How a pair's words become field elements: the circuit records each word's halves for the table. */
export type WordReader<T, B> = (w: bigint) => { element: T; overflow: B };

export class PairingOps<T, B> extends CurveOps<T, B> {
  /** The Miller loop over `digits` (most significant first, leading 1; ATE_DIGITS for the real pairing). */
  millerLoop(pairs: readonly LoopPair<T, B>[], digits: readonly number[] = ATE_DIGITS): Fq12<T> {
    let f: Fq12<T> | undefined;
    const mul = (l: Line<T>, keep: B) => {
      const sel = this.lineSelect(keep, l);
      f = this.mulLine(f ?? this.fq12(ONE12), sel);
    };
    const ts = pairs.map((p) => p.q);
    for (const d of digits.slice(1)) {
      if (f) f = this.fq12Square(f);
      pairs.forEach((p, i) => {
        const { point, slope } = this.g2Double(ts[i]);
        mul(this.line(slope, ts[i], p.yP, p.negXP), p.keep);
        ts[i] = point;
      });
      if (d === 0) continue;
      pairs.forEach((p, i) => {
        const { point, slope } = this.g2Add(ts[i], d === 1 ? p.q : this.g2Neg(p.q));
        mul(this.line(slope, ts[i], p.yP, p.negXP), p.keep);
        ts[i] = point;
      });
    }
    pairs.forEach((p, i) => {
      const a = this.g2Add(ts[i], this.psi(p.q));
      mul(this.line(a.slope, ts[i], p.yP, p.negXP), p.keep);
      const b = this.g2Add(a.point, this.negPsi2(p.q));
      mul(this.line(b.slope, a.point, p.yP, p.negXP), p.keep);
    });
    return f ?? this.fq12(ONE12);
  }

  /** f^x on the cyclotomic subgroup, by X_DIGITS (a negative digit multiplies by conj = the inverse). */
  private expX(f: Fq12<T>): Fq12<T> {
    const f2 = this.fq12CyclotomicSquare(f);
    const odd: Fq12<T>[] = [f];                                   // odd[i] = f^(2i+1)
    const top = Math.max(...X_DIGITS.map(Math.abs));
    while (2 * odd.length - 1 < top) odd.push(this.fq12Mul(odd[odd.length - 1], f2));
    const conj = new Map<number, Fq12<T>>();
    const power = (d: number) => {
      const e = odd[(Math.abs(d) - 1) / 2];
      if (d > 0) return e;
      if (!conj.has(d)) conj.set(d, this.fq12Conj(e));
      return conj.get(d)!;
    };
    let r = power(X_DIGITS[0]);
    for (const d of X_DIGITS.slice(1)) {
      r = this.fq12CyclotomicSquare(r);
      if (d !== 0) r = this.fq12Mul(r, power(d));
    }
    return r;
  }

  /** f^((p¹² − 1)/r) (see the file comment). */
  finalExponentiation(f: Fq12<T>): Fq12<T> {
    const inv = this.fq12Witness(() => fq12Inverse(this.fq12Value(f)));
    this.fq12AssertEqual(this.fq12Mul(f, inv), this.fq12(ONE12));
    const f1 = this.fq12Mul(this.fq12Conj(f), inv);
    const g = this.fq12Mul(this.fq12Frobenius(f1, 2), f1);

    const sq = (x: Fq12<T>) => this.fq12CyclotomicSquare(x);
    const mul = (...xs: Fq12<T>[]) => xs.slice(1).reduce((acc, x) => this.fq12Mul(acc, x), xs[0]);
    const a = this.expX(g);
    const b = this.expX(a);
    const c = this.expX(b);
    const c36 = sq(sq(mul(sq(sq(sq(c))), c)));            // c^36 = ((c^8·c)^2)^2
    const b6 = sq(mul(sq(b), b));
    const b12 = sq(b6);
    const b18 = mul(b12, b6);
    const a6 = sq(mul(sq(a), a));
    const a12 = sq(a6);
    const l0 = this.fq12Conj(mul(c36, b18, b12, a12, a6, sq(g)));   // g^λ₀: c^36·b^30·a^18·g^2 inverted
    const l1 = mul(this.fq12Conj(mul(c36, b18, a12)), g);           // g^λ₁
    const l2 = mul(b6, g);                                          // g^λ₂
    return mul(l0, this.fq12Frobenius(l1, 1), this.fq12Frobenius(l2, 2), this.fq12Frobenius(g, 3));
  }

  /**
   * One EIP-197 pair from its words: validity (coordinates < p; P on the curve or (0, 0); Q on the
   * twist and in G2, or all zero) and the loop pair — generators stand in for a pair that is invalid,
   * inactive or has a point at infinity, and its lines are forced to 1 (keep = 0).
   */
  pair(read: WordReader<T, B>, w: PairWords, active: B): { valid: B; loop: LoopPair<T, B> } {
    const F = this.F;
    const zero = F.constant(0n);
    const words = [w.x, w.y, w.xIm, w.xRe, w.yIm, w.yRe].map(read);
    const [x, y, xIm, xRe, yIm, yRe] = words.map((r) => F.select(r.overflow, zero, r.element));
    const overflow = words.slice(1).reduce((acc, r) => F.oneOf(acc, F.andNot(r.overflow, acc)), words[0].overflow);
    const P: G1<T> = { x, y };
    const Q: G2<T> = { x: [xRe, xIm], y: [yRe, yIm] };
    const infP = F.and(F.isZero(x), F.isZero(y));
    const infQ = F.and(this.fq2IsZero(Q.x), this.fq2IsZero(Q.y));
    // (0, 0) is on neither curve (b ≠ 0), so "on the curve or infinity" is one-of
    const okP = F.oneOf(this.g1OnCurve(P), infP);
    const onTwist = this.g2OnCurve(Q);
    const inG2 = F.and(onTwist, this.g2InSubgroup(this.g2Select(onTwist, Q, this.g2(G2_GENERATOR))));
    const okQ = F.oneOf(inG2, infQ);
    const valid = F.andNot(F.and(okP, okQ), overflow);
    const keep = F.andNot(F.andNot(F.and(active, valid), infP), infQ);
    const p = this.g1Select(keep, P, this.g1(G1_GENERATOR));
    return { valid, loop: { yP: p.y, negXP: F.sub(zero, p.x), q: this.g2Select(keep, Q, this.g2(G2_GENERATOR)), keep } };
  }
}

/** EIP-197 input rules over a fixed number of pair slots (see PairingChip). */
export const PAIR_BYTES = 192;

/**
 * The ecPairing semantics on `slots` pairs: success = length ∈ {0, 192, …, 192·slots} ∧ every pair inside
 * the length is valid; output = success ∧ Π e(P_i, Q_i) = 1 over those pairs (an empty input gives 1).
 * Slots past the length are inactive: their lines are 1 whatever their words hold. `pairs` holds the
 * slots' words (zeros past the input). `length` is read as a word like the coordinates.
 */
export function pairingCheck<T, B>(ops: PairingOps<T, B>, read: WordReader<T, B>, length: bigint, pairs: readonly PairWords[]): { success: B; output: B } {
  const F = ops.F;
  const L = read(length).element;
  const isLength = pairs.map((_, j) => j).concat(pairs.length).map((j) => F.isEqual(L, F.constant(BigInt(PAIR_BYTES * j))));
  // the length word is compared limb by limb, i.e. as an integer (a word ≥ p matches no constant);
  // inactive_i = [length ∈ {0, 192, …, 192·i}] (at most one of the equalities holds)
  const inactive: B[] = [];
  isLength.slice(0, pairs.length).forEach((e, i) => inactive.push(i === 0 ? e : F.oneOf(inactive[i - 1], e)));
  const lengthOk = pairs.length === 0 ? isLength[0] : F.oneOf(inactive[pairs.length - 1], isLength[pairs.length]);
  const one = F.isZero(F.constant(0n));
  let success = lengthOk;
  const loops = pairs.map((w, i) => {
    const active = F.andNot(one, inactive[i]);
    const { valid, loop } = ops.pair(read, w, active);
    success = F.andNot(success, F.andNot(active, valid));
    return loop;
  });
  const product = ops.finalExponentiation(ops.millerLoop(loops));
  return { success, output: F.and(success, ops.fq12IsOne(product)) };
}
