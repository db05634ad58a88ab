/**
 * NonNativeDotChip: r = a·b + c·d or r = a·b − c·d (mod p) in one block, for canonical a, b, c, d < p —
 * an Fq2 product or square coefficient in one block instead of three NonNativeChip operations (pairing
 * towers). It shares the NonNativeChip's columns and its canonical block; rows from the block start:
 *
 *   r 0..2 + d, e, f   a NonNativeChip `load` block (r range-checked, r < p asserted)
 *   a 8..10, b 11..13, c 14..16, d 17..19   copied operands
 *   q 20..22 (limbs), carries 23..25 (96-bit rows holding c_i + 2^94)
 *
 * Identity, for sign σ = ±1: L = a·b + σ·c·d + K with K = 0 (σ = +1) or K = p² (σ = −1, so L ≥ 0);
 * the gate checks L = q·p + r over the integers as NonNativeChip does (chip.ts): columns 0..2 of
 * L − q·p − r with carries give ≡ 0 (mod 2^264) (K enters as its limbs mod 2^264), and the recombined
 * limbs give ≡ 0 (mod r). Bounds: a, b, c, d < 2^256 and q < 2^256 (range-checked limbs), so
 * 0 ≤ L < 2^513 and |L − q·p − r| < 2^514 < 2^264·r: the identity holds over the integers and
 * r ≡ a·b + σ·c·d (mod p). Completeness: canonical operands give q = ⌊L/p⌋ < 2p < 2^256; each column is
 * below 2^179 in absolute value, so |c_i| < 2^92, inside the shifted 96-bit row.
 */
import type { AssignedCell, ConstraintSystem, Expr, Region, Selector } from '../../plonk/index.js';
import { constant, sum } from '../../plonk/index.js';
import { assignInput, GadgetError, P as FR } from '../common.js';
import type { NonNativeChip, Element } from './chip.js';
import { BIGINT_RING, carryChain, fromLimbs, LIMB_BASE, lowProductColumns, toLimbs, type Limbs, type Ring } from './limbs.js';

export type DotSign = 1 | -1;
/** Carries of a dot block are stored shifted by 2^94 (see the bound above). */
export const DOT_CARRY_SHIFT = 1n << 94n;
/** Row offsets inside a dot block. */
export const DOT = { r: 0, a: 8, b: 11, c: 14, d: 17, q: 20, carry: 23, rows: 26 } as const;

const EXPR_RING: Ring<Expr> = { add: (a, b) => a.add(b), mul: (a, b) => a.mul(b), zero: constant(0) };
const TWO_264 = 1n << 264n;

/** Columns 0..2 of L − q·p − r (either ring: gates and witnesses share the formula). */
export function dotColumns<T>(sign: DotSign, v: Record<'a' | 'b' | 'c' | 'd' | 'q' | 'r' | 'p' | 'k', Limbs<T>>, ring: Ring<T>, neg: (x: T) => T): Limbs<T> {
  const ab = lowProductColumns(v.a, v.b, ring);
  const cd = lowProductColumns(v.c, v.d, ring);
  const qp = lowProductColumns(v.q, v.p, ring);
  const col = (i: number) => {
    const l = sign === 1 ? ring.add(ab[i], cd[i]) : ring.add(ring.add(ab[i], neg(cd[i])), v.k[i]);
    return ring.add(l, neg(ring.add(qp[i], v.r[i])));
  };
  return [col(0), col(1), col(2)];
}

export class NonNativeDotChip {
  static readonly ROWS = DOT.rows;

  private readonly pLimbs: Limbs<bigint>;
  private readonly kLimbs: Limbs<bigint>;

  private constructor(readonly name: string, readonly fq: NonNativeChip, private readonly q: Record<'plus' | 'minus', Selector>) {
    this.pLimbs = toLimbs(fq.p);
    this.kLimbs = kColumns(fq.p * fq.p);
  }

  /** Gates over `fq`'s columns (its value column and range rows). */
  static configure(cs: ConstraintSystem, name: string, fq: NonNativeChip): NonNativeDotChip {
    const p = fq.p;
    const v = (rot: number) => fq.range.value.rot(rot);
    const at = (o: number): Limbs<Expr> => [v(o), v(o + 1), v(o + 2)];
    const q = { plus: cs.selector(`${name} dot +`), minus: cs.selector(`${name} dot −`) };
    const k = p * p;
    const kCols = kColumns(k);
    const limbsE = (l: readonly bigint[]) => l.map((x) => constant(x)) as unknown as Limbs<Expr>;
    const native = (x: Limbs<Expr>) => sum(x.map((l, i) => l.mul(1n << BigInt(88 * i))));
    const vals = { a: at(DOT.a), b: at(DOT.b), c: at(DOT.c), d: at(DOT.d), q: at(DOT.q), r: at(DOT.r), p: limbsE(toLimbs(p)), k: limbsE(kCols) };
    const carry = [0, 1, 2].map((i) => v(DOT.carry + i).sub(DOT_CARRY_SHIFT));
    for (const [key, sign] of [['plus', 1], ['minus', -1]] as const) {
      const s = q[key].expr();
      const cols = dotColumns(sign, vals, EXPR_RING, (e) => e.neg());
      const [A, B, C, D] = [vals.a, vals.b, vals.c, vals.d].map(native);
      const lhs = sign === 1 ? A.mul(B).add(C.mul(D)) : A.mul(B).sub(C.mul(D)).add(k % FR);
      cs.createGate(`${name} dot ${sign === 1 ? '+' : '−'}`, {
        'column 0': s.mul(cols[0].sub(carry[0].mul(LIMB_BASE))),
        'column 1': s.mul(cols[1].add(carry[0]).sub(carry[1].mul(LIMB_BASE))),
        'column 2': s.mul(cols[2].add(carry[1]).sub(carry[2].mul(LIMB_BASE))),
        'native: L = q·p + r (mod r)': s.mul(lhs.sub(native(vals.q).mul(p % FR)).sub(native(vals.r))),
      });
    }
    return new NonNativeDotChip(name, fq, q);
  }

  /** a·b + sign·c·d mod p as a canonical element (a dot block at `offset`). */
  assign(region: Region, offset: number, sign: DotSign, a: Element, b: Element, c: Element, d: Element): Element {
    region.enableSelector(this.q[sign === 1 ? 'plus' : 'minus'], offset);
    const p = this.fq.p;
    const copy = (x: Element, at: number) => x.limbs.map((l, i) => assignInput(region, `${this.name} dot operand`, this.fq.range.value, offset + at + i, l)) as unknown as Limbs<AssignedCell>;
    const [ca, cb, cc, cd] = [copy(a, DOT.a), copy(b, DOT.b), copy(c, DOT.c), copy(d, DOT.d)];
    const val = (x: Limbs<AssignedCell>) => fromLimbs(x.map((l) => l.value));
    let memo: bigint | undefined;
    const lhs = () => (memo ??= (() => {
      const [va, vb, vc, vd] = [ca, cb, cc, cd].map(val);
      if ([va, vb, vc, vd].some((x) => x >= p)) throw new GadgetError('NonNativeDotChip', `${this.name}: operands must be below p`);
      return va * vb + BigInt(sign) * vc * vd + (sign === 1 ? 0n : p * p);
    })());
    const r = this.fq.load(region, offset, () => lhs() % p);
    const q = this.fq.range.assignLimbs(region, offset + DOT.q, () => lhs() / p);
    const limbVals = (x: Limbs<AssignedCell>) => x.map((l) => l.value) as unknown as Limbs<bigint>;
    const carries = () => carryChain(dotColumns(sign, {
      a: limbVals(ca), b: limbVals(cb), c: limbVals(cc), d: limbVals(cd), q: limbVals(q), r: limbVals(r.limbs), p: this.pLimbs, k: this.kLimbs,
    }, BIGINT_RING, (x) => -x));
    [0, 1, 2].forEach((i) => this.fq.range.assign(region, offset + DOT.carry + i, 96, () => carries()[i] + DOT_CARRY_SHIFT));
    return r;
  }
}

/** K = p² as three columns of weight 2^(88·i) that agree with K mod 2^264 (the top column takes bits 176..263). */
function kColumns(k: bigint): Limbs<bigint> {
  const m = k % TWO_264;
  return [m & (LIMB_BASE - 1n), (m >> 88n) & (LIMB_BASE - 1n), m >> 176n];
}
