/**
 * The BN254 extension tower over any FqOps (field-ops.ts), the same one @noble/curves and EIP-197 use:
 *
 *   Fq2  = Fq[u]/(u² + 1)        Fq6 = Fq2[v]/(v³ − ξ), ξ = 9 + u        Fq12 = Fq6[w]/(w² − v)
 *
 * Elements are tuples of Fq values (lowest power first), so a value is just its coefficients; every
 * operation is a short sequence of base-field operations, hence sound whenever the base field is.
 * Formulas are chosen for the chips' costs — an add or sub is a 14-row block (NonNativeAddChip), a
 * product 20 rows, a·b ± c·d 26 rows (NonNativeDotChip): an Fq2 product or square is two dot blocks
 * (a₀b₀ − a₁b₁, a₀b₁ + a₁b₀), against 4 products and 2 adds schoolbook; Fq12 uses Karatsuba over Fq6
 * (an Fq6 product costs 9 Fq2 products, an Fq6 add 3 Fq2 adds).
 *
 * Frobenius: with w⁶ = ξ, an Fq12 element is Σ_k c_k·w^k (k = 2i + j for the v^i·w^j coefficient,
 * c_k ∈ Fq2), and (c·w^k)^(p^n) = c^(p^n)·ξ^(k(p^n − 1)/6)·w^k; c^(p^n) is c (n even) or conj(c) (n odd).
 */
import { FQ_MODULUS } from '../../field/constants.js';
import { GadgetError } from '../../gadgets/common.js';
import type { FqOps } from './field-ops.js';

export type Fq2<T> = readonly [T, T];
export type Fq6<T> = readonly [Fq2<T>, Fq2<T>, Fq2<T>];
export type Fq12<T> = readonly [Fq6<T>, Fq6<T>];

const P = FQ_MODULUS;
export const XI: Fq2<bigint> = [9n, 1n];

// BigInt Fq2 helpers for constants and witnesses (values, not circuit operations)
const m = (a: bigint) => ((a % P) + P) % P;
export function fq2Mul(a: Fq2<bigint>, b: Fq2<bigint>): Fq2<bigint> {
  return [m(a[0] * b[0] - a[1] * b[1]), m(a[0] * b[1] + a[1] * b[0])];
}
export function fq2Inv(a: Fq2<bigint>): Fq2<bigint> {
  const n = m(a[0] * a[0] + a[1] * a[1]);
  if (n === 0n) throw new GadgetError('tower', 'inverse of 0 in Fq2');
  let t = 1n, b = n, e = P - 2n;
  for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) t = (t * b) % P;
  return [m(a[0] * t), m(-a[1] * t)];
}
export function fq2Pow(a: Fq2<bigint>, e: bigint): Fq2<bigint> {
  let r: Fq2<bigint> = [1n, 0n];
  for (let b = a; e > 0n; e >>= 1n, b = fq2Mul(b, b)) if (e & 1n) r = fq2Mul(r, b);
  return r;
}

/** FROBENIUS[n][k] = ξ^(k(p^n − 1)/6) for n = 1..3, k = 0..5. */
export const FROBENIUS: readonly (readonly Fq2<bigint>[])[] = [1, 2, 3].map((n) =>
  [0, 1, 2, 3, 4, 5].map((k) => fq2Pow(XI, (BigInt(k) * (P ** BigInt(n) - 1n)) / 6n)));

/** (i, j) of the v^i·w^j coefficient for w-power k. */
const VW = (k: number): [number, number] => [k >> 1, k & 1];

export class Tower<T, B> {
  constructor(readonly F: FqOps<T, B>) {}

  // ---- Fq2
  fq2(c: Fq2<bigint>): Fq2<T> { return [this.F.constant(c[0]), this.F.constant(c[1])]; }
  fq2Witness(v: () => Fq2<bigint>): Fq2<T> {
    let memo: Fq2<bigint> | undefined;
    const get = () => (memo ??= v());
    return [this.F.witness(() => get()[0]), this.F.witness(() => get()[1])];
  }
  fq2Value(a: Fq2<T>): Fq2<bigint> { return [this.F.value(a[0]), this.F.value(a[1])]; }
  fq2Add(a: Fq2<T>, b: Fq2<T>): Fq2<T> { return [this.F.add(a[0], b[0]), this.F.add(a[1], b[1])]; }
  fq2Sub(a: Fq2<T>, b: Fq2<T>): Fq2<T> { return [this.F.sub(a[0], b[0]), this.F.sub(a[1], b[1])]; }
  fq2Neg(a: Fq2<T>): Fq2<T> { const z = this.F.constant(0n); return [this.F.sub(z, a[0]), this.F.sub(z, a[1])]; }
  fq2Conj(a: Fq2<T>): Fq2<T> { return [a[0], this.F.sub(this.F.constant(0n), a[1])]; }
  fq2Mul(a: Fq2<T>, b: Fq2<T>): Fq2<T> {
    return [this.F.dot(-1, a[0], b[0], a[1], b[1]), this.F.dot(1, a[0], b[1], a[1], b[0])];
  }
  fq2Square(a: Fq2<T>): Fq2<T> {
    return [this.F.dot(-1, a[0], a[0], a[1], a[1]), this.F.dot(1, a[0], a[1], a[0], a[1])];
  }
  /** a·s for s ∈ Fq. */
  fq2MulFq(a: Fq2<T>, s: T): Fq2<T> { return [this.F.mul(a[0], s), this.F.mul(a[1], s)]; }
  /** a·c for a constant c (an Fq constant when c₁ = 0 costs 2 muls). */
  fq2MulConst(a: Fq2<T>, c: Fq2<bigint>): Fq2<T> {
    return c[1] === 0n ? this.fq2MulFq(a, this.F.constant(c[0])) : this.fq2Mul(a, this.fq2(c));
  }
  /** a·ξ = (9a₀ − a₁) + (a₀ + 9a₁)u, one dot block per coefficient. */
  fq2MulXi(a: Fq2<T>): Fq2<T> {
    const F = this.F;
    const [nine, one] = [F.constant(9n), F.constant(1n)];
    return [F.dot(-1, a[0], nine, a[1], one), F.dot(1, a[0], one, a[1], nine)];
  }
  fq2AssertEqual(a: Fq2<T>, b: Fq2<T>): void { this.F.assertEqual(a[0], b[0]); this.F.assertEqual(a[1], b[1]); }
  fq2IsEqual(a: Fq2<T>, b: Fq2<T>): B { return this.F.and(this.F.isEqual(a[0], b[0]), this.F.isEqual(a[1], b[1])); }
  fq2IsZero(a: Fq2<T>): B { return this.F.and(this.F.isZero(a[0]), this.F.isZero(a[1])); }
  fq2Select(c: B, a: Fq2<T>, b: Fq2<T>): Fq2<T> { return [this.F.select(c, a[0], b[0]), this.F.select(c, a[1], b[1])]; }

  // ---- Fq6
  fq6Add(a: Fq6<T>, b: Fq6<T>): Fq6<T> { return [this.fq2Add(a[0], b[0]), this.fq2Add(a[1], b[1]), this.fq2Add(a[2], b[2])]; }
  fq6Sub(a: Fq6<T>, b: Fq6<T>): Fq6<T> { return [this.fq2Sub(a[0], b[0]), this.fq2Sub(a[1], b[1]), this.fq2Sub(a[2], b[2])]; }
  fq6Neg(a: Fq6<T>): Fq6<T> { return [this.fq2Neg(a[0]), this.fq2Neg(a[1]), this.fq2Neg(a[2])]; }
  /** a·v = ξa₂ + a₀v + a₁v². */
  fq6MulV(a: Fq6<T>): Fq6<T> { return [this.fq2MulXi(a[2]), a[0], a[1]]; }
  fq6Mul(a: Fq6<T>, b: Fq6<T>): Fq6<T> {
    const p = (i: number, j: number) => this.fq2Mul(a[i], b[j]);
    const add = (x: Fq2<T>, y: Fq2<T>) => this.fq2Add(x, y);
    return [
      add(p(0, 0), this.fq2MulXi(add(p(1, 2), p(2, 1)))),
      add(add(p(0, 1), p(1, 0)), this.fq2MulXi(p(2, 2))),
      add(add(p(0, 2), p(1, 1)), p(2, 0)),
    ];
  }
  /** a·(b₀ + b₁v) (the sparse factor of a line). */
  fq6MulBy01(a: Fq6<T>, b0: Fq2<T>, b1: Fq2<T>): Fq6<T> {
    const mul = (x: Fq2<T>, y: Fq2<T>) => this.fq2Mul(x, y);
    return [
      this.fq2Add(mul(a[0], b0), this.fq2MulXi(mul(a[2], b1))),
      this.fq2Add(mul(a[0], b1), mul(a[1], b0)),
      this.fq2Add(mul(a[1], b1), mul(a[2], b0)),
    ];
  }
  fq6MulFq(a: Fq6<T>, s: T): Fq6<T> { return [this.fq2MulFq(a[0], s), this.fq2MulFq(a[1], s), this.fq2MulFq(a[2], s)]; }

  // ---- Fq12
  fq12(c: Fq12<bigint>): Fq12<T> { return c.map((x) => x.map((y) => this.fq2(y))) as unknown as Fq12<T>; }
  fq12Witness(v: () => Fq12<bigint>): Fq12<T> {
    let memo: Fq12<bigint> | undefined;
    const get = () => (memo ??= v());
    return [0, 1].map((i) => [0, 1, 2].map((j) => this.fq2Witness(() => get()[i][j]))) as unknown as Fq12<T>;
  }
  fq12Value(a: Fq12<T>): Fq12<bigint> { return a.map((x) => x.map((y) => this.fq2Value(y))) as unknown as Fq12<bigint>; }
  /** Karatsuba: (a₀ + a₁w)(b₀ + b₁w) = a₀b₀ + a₁b₁v + ((a₀ + a₁)(b₀ + b₁) − a₀b₀ − a₁b₁)w. */
  fq12Mul(a: Fq12<T>, b: Fq12<T>): Fq12<T> {
    const t0 = this.fq6Mul(a[0], b[0]);
    const t1 = this.fq6Mul(a[1], b[1]);
    const t2 = this.fq6Mul(this.fq6Add(a[0], a[1]), this.fq6Add(b[0], b[1]));
    return [this.fq6Add(t0, this.fq6MulV(t1)), this.fq6Sub(this.fq6Sub(t2, t0), t1)];
  }
  /** (a₀ + a₁w)² = (a₀ + a₁)(a₀ + a₁v) − t − tv + 2t·w with t = a₀a₁. */
  fq12Square(a: Fq12<T>): Fq12<T> {
    const t = this.fq6Mul(a[0], a[1]);
    const c = this.fq6Mul(this.fq6Add(a[0], a[1]), this.fq6Add(a[0], this.fq6MulV(a[1])));
    return [this.fq6Sub(this.fq6Sub(c, t), this.fq6MulV(t)), this.fq6Add(t, t)];
  }
  /**
   * a² for a in the cyclotomic subgroup (a^(p⁴ − p² + 1) = 1, where a^(p⁶) = a⁻¹), by Granger and Scott's
   * formula: viewing Fq12 as Fq4[w]/(w³ − s), Fq4 = Fq2[s]/(s² − ξ), s = w³, a = A₀ + A₁w + A₂w²,
   *   a² = (3A₀² − 2Ā₀) + (3sA₂² + 2Ā₁)w + (3A₁² − 2Ā₂)w²      (Ā: s ↦ −s)
   * Three Fq4 squarings instead of two Fq6 products. Only valid on that subgroup: callers use it after
   * the final exponentiation's easy part, whose output lies there for any non-zero input.
   */
  fq12CyclotomicSquare(a: Fq12<T>): Fq12<T> {
    const c = [0, 1, 2, 3, 4, 5].map((k) => a[k & 1][k >> 1]);
    const [t0, t1, t2] = [0, 1, 2].map((j) => this.fq4Square(c[j], c[j + 3]));
    const [three, two] = [this.F.constant(3n), this.F.constant(2n)];
    // 3t ± 2x coefficient by coefficient, one dot block each
    const lin = (sign: 1 | -1, t: Fq2<T>, x: Fq2<T>): Fq2<T> => [this.F.dot(sign, t[0], three, x[0], two), this.F.dot(sign, t[1], three, x[1], two)];
    const r = [lin(-1, t0[0], c[0]), lin(1, this.fq2MulXi(t2[1]), c[1]), lin(-1, t1[0], c[2]), lin(1, t0[1], c[3]), lin(-1, t2[0], c[4]), lin(1, t1[1], c[5])];
    return [[r[0], r[2], r[4]], [r[1], r[3], r[5]]];
  }
  /** (x + ys)² = (x² + ξy²) + 2xy·s in Fq4 = Fq2[s]/(s² − ξ). */
  private fq4Square(x: Fq2<T>, y: Fq2<T>): [Fq2<T>, Fq2<T>] {
    const xy = this.fq2Mul(x, y);
    return [this.fq2Add(this.fq2Square(x), this.fq2MulXi(this.fq2Square(y))), this.fq2Add(xy, xy)];
  }
  /** a^(p^6): the inverse on the cyclotomic subgroup. */
  fq12Conj(a: Fq12<T>): Fq12<T> { return [a[0], this.fq6Neg(a[1])]; }
  /** a·(g₀ + (h₀ + h₁v)w) with g₀ ∈ Fq: the product with a line (g0 = y_P, see g2.ts). */
  fq12MulLine(a: Fq12<T>, g0: T, h0: Fq2<T>, h1: Fq2<T>): Fq12<T> {
    const ag = this.fq6MulFq(a[0], g0);
    const bh = this.fq6MulBy01(a[1], h0, h1);
    const ah = this.fq6MulBy01(a[0], h0, h1);
    const bg = this.fq6MulFq(a[1], g0);
    return [this.fq6Add(ag, this.fq6MulV(bh)), this.fq6Add(ah, bg)];
  }
  /** a^(p^n), n = 1..3. */
  fq12Frobenius(a: Fq12<T>, n: 1 | 2 | 3): Fq12<T> {
    const coeff = (k: number) => {
      const [i, j] = VW(k);
      const c = n % 2 === 1 ? this.fq2Conj(a[j][i]) : a[j][i];
      return k === 0 ? c : this.fq2MulConst(c, FROBENIUS[n - 1][k]);
    };
    const cs = [0, 1, 2, 3, 4, 5].map(coeff);
    return [[cs[0], cs[2], cs[4]], [cs[1], cs[3], cs[5]]];
  }
  fq12AssertEqual(a: Fq12<T>, b: Fq12<T>): void { a.forEach((x, i) => x.forEach((y, j) => this.fq2AssertEqual(y, b[i][j]))); }
  /** 1 if a = 1, else 0. */
  fq12IsOne(a: Fq12<T>): B {
    const F = this.F;
    const flags = a.flatMap((x, i) => x.flatMap((y, j) => y.map((c, l) => (i === 0 && j === 0 && l === 0 ? F.isEqual(c, F.constant(1n)) : F.isZero(c)))));
    return flags.slice(1).reduce((acc, f) => F.and(acc, f), flags[0]);
  }
}
