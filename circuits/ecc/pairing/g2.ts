/**
 * Curve arithmetic for the pairing over any FqOps: G1 (y² = x³ + 3 over Fq) and the D-type twist
 * G2' (y² = x³ + 3/ξ over Fq2) in affine coordinates, with the Miller loop's line functions.
 *
 * Lines: the twist maps into E(Fq12) by (x, y) ↦ (x·w², y·w³), so a G2' slope λ becomes λ·w and the
 * line through T with that slope, at P ∈ G1, is
 *     l(P) = y_P − λ·x_P·w + (λ·x_T − y_T)·w³          (w³ = v·w)
 * i.e. the sparse Fq12 element g₀ = y_P, h₀ = −λ·x_P, h₁ = λ·x_T − y_T (Tower.fq12MulLine).
 *
 * Slopes are witnesses constrained by λ·den = num. That pins λ only where den ≠ 0, which the callers
 * guarantee: every point they step is a non-zero multiple [k]Q of a point Q of G2 (order r) with
 * 0 < k < r, never ±Q for an add and never of order 2 (r is odd). pairing-ops.ts argues it per use.
 *
 * ψ (untwist–Frobenius–twist) is ψ(x, y) = (conj(x)·ξ^((p−1)/3), conj(y)·ξ^((p−1)/2)); on G2 it acts
 * as multiplication by p. G2 membership: for BN curves Q ∈ G2 ⟺ ψ(Q) = [6x²]Q for Q on the twist
 * (El Housni, Guillevic, Piellard, "Co-factor clearing and subgroup membership testing on
 * pairing-friendly curves", Africacrypt 2022, BN case), a 127-bit scalar instead of r's 254 bits;
 * test/circuits/ecc/pairing checks it against points outside G2.
 */
import { FQ_MODULUS } from '../../field/constants.js';
import { GadgetError } from '../../gadgets/common.js';
import { FROBENIUS, XI, fq2Inv, fq2Mul, Tower, type Fq12, type Fq2 } from './tower.js';

export interface G1<T> { x: T; y: T }
export interface G2<T> { x: Fq2<T>; y: Fq2<T> }
/** A line evaluated at P (see the file comment). */
export interface Line<T> { g0: T; h0: Fq2<T>; h1: Fq2<T> }

const P = FQ_MODULUS;
/** BN254's seed x. */
export const BN_X = 4965661367192848881n;
/** Width-w signed digits of n > 0 (odd digits in (−2^(w−1), 2^(w−1)), nonzero ones w apart), most significant first. */
export function wnaf(n: bigint, w: number): number[] {
  const out: number[] = [];
  const m = 1n << BigInt(w);
  for (let k = n; k > 0n; k >>= 1n) {
    if ((k & 1n) === 0n) { out.push(0); continue; }
    let d = k % m;
    if (d >= m / 2n) d -= m;
    out.push(Number(d));
    k -= d;
  }
  return out.reverse();
}

/** Signed binary digits (non-adjacent form: width 2) of n > 0, most significant first. */
export const naf = (n: bigint): number[] => wnaf(n, 2);

/** 6x²: the G2 membership scalar, and its signed digits (39 adds instead of 69 in binary). */
export const PSI_SCALAR = 6n * BN_X * BN_X;
export const PSI_DIGITS: readonly number[] = naf(PSI_SCALAR);
/** b' = 3/ξ, the twist's constant. */
export const TWIST_B: Fq2<bigint> = fq2Mul([3n, 0n], fq2Inv(XI));
export const G1_GENERATOR: G1<bigint> = { x: 1n, y: 2n };
export const G2_GENERATOR: G2<bigint> = {
  x: [10857046999023057135944570762232829481370756359578518086990519993285655852781n, 11559732032986387107991004021392285783925812861821192530917403151452391805634n],
  y: [8495653923123431417604973247489272438418190587263600148770280649306958101930n, 4082367875863433681332203403145435568316851327593401208105741076214120093531n],
};

const m = (a: bigint) => ((a % P) + P) % P;

export class CurveOps<T, B> extends Tower<T, B> {
  g1(c: G1<bigint>): G1<T> { return { x: this.F.constant(c.x), y: this.F.constant(c.y) }; }
  g2(c: G2<bigint>): G2<T> { return { x: this.fq2(c.x), y: this.fq2(c.y) }; }

  /** 1 iff y² = x³ + 3. */
  g1OnCurve(p: G1<T>): B {
    const F = this.F;
    return F.isEqual(F.mul(p.y, p.y), F.add(F.mul(F.mul(p.x, p.x), p.x), F.constant(3n)));
  }

  /** 1 iff y² = x³ + 3/ξ. */
  g2OnCurve(q: G2<T>): B {
    return this.fq2IsEqual(this.fq2Square(q.y), this.fq2Add(this.fq2Mul(this.fq2Square(q.x), q.x), this.fq2(TWIST_B)));
  }

  g2Select(c: B, a: G2<T>, b: G2<T>): G2<T> { return { x: this.fq2Select(c, a.x, b.x), y: this.fq2Select(c, a.y, b.y) }; }
  g1Select(c: B, a: G1<T>, b: G1<T>): G1<T> { return { x: this.F.select(c, a.x, b.x), y: this.F.select(c, a.y, b.y) }; }
  g2Neg(q: G2<T>): G2<T> { return { x: q.x, y: this.fq2Neg(q.y) }; }

  /** ψ(Q), and −ψ²(Q) (ψ² needs no conjugation and its constants lie in Fq). */
  psi(q: G2<T>): G2<T> {
    return { x: this.fq2MulConst(this.fq2Conj(q.x), FROBENIUS[0][2]), y: this.fq2MulConst(this.fq2Conj(q.y), FROBENIUS[0][3]) };
  }
  negPsi2(q: G2<T>): G2<T> {
    const ny = FROBENIUS[1][3];
    return { x: this.fq2MulConst(q.x, FROBENIUS[1][2]), y: this.fq2MulConst(q.y, [m(-ny[0]), m(-ny[1])]) };
  }

  /** λ with λ·den = num constrained (den ≠ 0 is the caller's guarantee, see the file comment). */
  private slope(num: Fq2<T>, den: Fq2<T>, what: string): Fq2<T> {
    const l = this.fq2Witness(() => {
      const d = this.fq2Value(den);
      if (d[0] === 0n && d[1] === 0n) throw new GadgetError('CurveOps', `${what}: exceptional case (denominator 0)`);
      return fq2Mul(this.fq2Value(num), fq2Inv(d));
    });
    this.fq2AssertEqual(this.fq2Mul(l, den), num);
    return l;
  }

  /** 2T and the slope. */
  g2Double(t: G2<T>): { point: G2<T>; slope: Fq2<T> } {
    const xx = this.fq2Square(t.x);
    const l = this.slope(this.fq2Add(this.fq2Add(xx, xx), xx), this.fq2Add(t.y, t.y), 'G2 double');
    return { point: this.chord(l, t, t.x), slope: l };
  }

  /** T + Q (T ≠ ±Q) and the slope. */
  g2Add(t: G2<T>, q: G2<T>): { point: G2<T>; slope: Fq2<T> } {
    const l = this.slope(this.fq2Sub(q.y, t.y), this.fq2Sub(q.x, t.x), 'G2 add');
    return { point: this.chord(l, t, q.x), slope: l };
  }

  /** x₃ = λ² − x_T − x₂, y₃ = λ(x_T − x₃) − y_T. */
  private chord(l: Fq2<T>, t: G2<T>, x2: Fq2<T>): G2<T> {
    const x3 = this.fq2Sub(this.fq2Sub(this.fq2Square(l), t.x), x2);
    return { x: x3, y: this.fq2Sub(this.fq2Mul(l, this.fq2Sub(t.x, x3)), t.y) };
  }

  /** The line of slope λ through T at P (P given as y_P and −x_P). */
  line(slope: Fq2<T>, t: G2<T>, yP: T, negXP: T): Line<T> {
    return { g0: yP, h0: this.fq2MulFq(slope, negXP), h1: this.fq2Sub(this.fq2Mul(slope, t.x), t.y) };
  }

  /** keep ? l : 1 (a pair that must not contribute). */
  lineSelect(keep: B, l: Line<T>): Line<T> {
    const F = this.F;
    const [one, zero] = [F.constant(1n), F.constant(0n)];
    return { g0: F.select(keep, l.g0, one), h0: this.fq2Select(keep, l.h0, [zero, zero]), h1: this.fq2Select(keep, l.h1, [zero, zero]) };
  }

  mulLine(f: Fq12<T>, l: Line<T>): Fq12<T> { return this.fq12MulLine(f, l.g0, l.h0, l.h1); }

  /**
   * [k]Q from k's signed digits (most significant first, leading 1) by double-and-add/subtract. For
   * Q ∈ G2 every intermediate [j]Q has 2 ≤ j < 2^128 < r, so no step is exceptional (doubling needs
   * y ≠ 0, adding ±Q needs [j]Q ≠ ±Q). For 6x² it also holds for every point of the twist (of order
   * dividing r·h₂): the tests check that no divisor of h₂ below 2^128 divides a doubled j or an added
   * j or j ± 1, so an off-subgroup Q is still proven invalid rather than left without a witness.
   */
  g2MulDigits(q: G2<T>, digits: readonly number[]): G2<T> {
    const neg = this.g2Neg(q);
    let t = q;
    for (const d of digits.slice(1)) {
      t = this.g2Double(t).point;
      if (d !== 0) t = this.g2Add(t, d === 1 ? q : neg).point;
    }
    return t;
  }

  /** 1 iff ψ(Q) = [6x²]Q, i.e. Q ∈ G2 for Q on the twist (see the file comment). */
  g2InSubgroup(q: G2<T>): B {
    const a = this.psi(q);
    const b = this.g2MulDigits(q, PSI_DIGITS);
    return this.F.and(this.fq2IsEqual(a.x, b.x), this.fq2IsEqual(a.y, b.y));
  }
}
