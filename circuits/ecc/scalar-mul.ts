/**
 * ScalarMulChip: s·T on a curve of prime order n (curve.ts) for a canonical scalar s ∈ [0, n) and a point
 * T ≠ O on the curve, as a chain of EcChainChip blocks plus NonNativeChip glue in the same columns.
 *
 * Signed digits: the chain computes m·T for the odd m ≡ s (mod n) with |m| < n, i.e. m = s − e·n with
 * e = [s even], written as m = Σ d_i·2^i with d_i = 2b_i − 1 ∈ {±1} and L = bitlen(n) digits:
 *   acc = d_{L−1}·T, then for i = L−2 … 0: acc = 2·acc (double block), acc = acc + d_i·T (add block).
 * Binding: the add blocks keep running sums of the digits b_i (z_hi over digits L−1…128, z_lo over 127…0,
 * each < 2^128 so nothing wraps r) and the "bind" gate proves 2z + e·n = s + 2^L − 1 over the integers
 * (128-bit halves with a carry c = c0 + 2·c1; every term < 2^131), e boolean: so m = s − e·n ∈ (−n, n).
 *
 * Why the incomplete formulas are safe (T has order n): every prefix m_j = Σ_{i≥j} d_i·2^(i−j) is odd, so
 * acc ≠ O, and doubling needs only y ≠ 0 (no 2-torsion). An add is exceptional iff 2·m_j ≡ ±1 (mod n).
 * Before the last step |2·m_j| < |m|/2 + 2 < n − 1 and 2·m_j is even, so never; at the last step
 * 2·m_1 = m − d_0 ≡ ±1 forces m ∈ {2 − n, n − 2}, i.e. s ∈ {2, n − 2}. `mul` therefore runs the chain on
 * s' = 1 when s ∈ {0, 2, n − 2} and selects O, 2T or −2T (one more double block) instead. As the true
 * chain never meets an exceptional case, each block's λ is unique and the proven acc is m·T.
 */
import type { AssignedCell, ConstraintSystem, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { GadgetError } from '../gadgets/common.js';
import { NonNativeChip, elementValue, type Element, type NonNativeColumns } from '../gadgets/nonnative/index.js';
import { CHAIN, EcChainChip, type ChainPoint, type SumMode } from './chain.js';
import { assertCurve, chainDigits, type CurveParams } from './curve.js';
import type { RegionOps } from './point.js';

const TWO_128 = 1n << 128n;
/** aux rows of the bind block. */
const BIND = { zLo: 0, zHi: 1, sLo: 2, sHi: 3, e: 4, c0: 5, c1: 6, top: 7, rows: 8 } as const;

/** A multiple s·T: canonical coordinates (meaningless when infinity = 1) and the infinity flag. */
export interface Multiple { x: Element; y: Element; infinity: AssignedCell }

export class ScalarMulChip {
  readonly digits: number;

  private constructor(readonly curve: CurveParams, readonly fq: NonNativeChip, readonly fn: NonNativeChip, readonly chain: EcChainChip, private readonly bind: Selector) {
    this.digits = chainDigits(curve);
  }

  /** `fq`, `fn`: NonNativeChips for the curve's base field and scalar field over `columns`. */
  static configure(cs: ConstraintSystem, name: string, curve: CurveParams, columns: NonNativeColumns, fq: NonNativeChip, fn: NonNativeChip): ScalarMulChip {
    if (fq.p !== curve.p || fn.p !== curve.n) throw new GadgetError('ScalarMulChip', `${name}: chips for moduli ${fq.p}, ${fn.p} do not match curve ${curve.name}`);
    assertCurve(curve);
    const chain = EcChainChip.configure(cs, `${name} chain`, curve, columns);
    const bind = cs.selector(`${name} bind`);
    const a = (r: number) => columns.aux.rot(r);
    const s = bind.expr();
    const L = chainDigits(curve);
    const K = (1n << BigInt(L)) - 1n;
    const c = a(BIND.c0).add(a(BIND.c1).mul(2));
    const bool = (r: number) => s.mul(a(r)).mul(constant(1).sub(a(r)));
    cs.createGate(`${name} bind`, {
      'e is boolean': bool(BIND.e), 'c0 is boolean': bool(BIND.c0), 'c1 is boolean': bool(BIND.c1),
      'low: 2·z_lo + e·n_lo + 2^129 − s_lo − K_lo = c·2^128': s.mul(a(BIND.zLo).mul(2).add(a(BIND.e).mul(curve.n % TWO_128)).add(constant(2n * TWO_128 - (K % TWO_128)))
        .sub(a(BIND.sLo)).sub(c.mul(TWO_128))),
      'high: 2·z_hi + e·n_hi + c − 2 − s_hi − K_hi = 0': s.mul(a(BIND.zHi).mul(2).add(a(BIND.e).mul(curve.n / TWO_128)).add(c).sub(constant(2n + K / TWO_128)).sub(a(BIND.sHi))),
    });
    return new ScalarMulChip(curve, fq, fn, chain, bind);
  }

  /**
   * s·T for canonical s (fn element) and T on the curve, T ≠ O (canonical fq elements): `infinity` is
   * [s = 0]; the coordinates are s·T otherwise.
   */
  mul(ops: RegionOps, T: { x: Element; y: Element }, s: Element): Multiple {
    const { fq, fn, curve } = this;
    const [zero, one] = [ops.constant(fq, 0n), ops.constant(fn, 1n)];
    const isZero = ops.isZero(fn, s);
    const isTwo = ops.equal(fn, s, ops.constant(fn, 2n));
    const isMinusTwo = ops.equal(fn, s, ops.constant(fn, curve.n - 2n));
    const special = ops.oneOf(ops.oneOf(isZero, isTwo), isMinusTwo);
    const chainScalar = ops.select(fn, special, one, s);
    const R = this.chainMul(ops, T, chainScalar, zero);

    const at = ops.take(CHAIN.rows);
    const D = this.chain.double(ops.region, at, this.chain.copyIn(ops.region, at, T.x, T.y));
    const [dx, dy] = [this.reduce(ops, D.x, zero), this.reduce(ops, D.y, zero)];
    const minusDy = ops.sub(fq, zero, dy);
    const [rx, ry] = [this.reduce(ops, R.x, zero), this.reduce(ops, R.y, zero)];
    const x = ops.select(fq, isTwo, dx, ops.select(fq, isMinusTwo, dx, rx));
    const y = ops.select(fq, isTwo, dy, ops.select(fq, isMinusTwo, minusDy, ry));
    return { x, y, infinity: isZero };
  }

  /** A chain output (limbs < 2^256) as a canonical element: x + 0 through an add block. */
  private reduce(ops: RegionOps, limbs: ChainPoint['x'], zero: Element): Element {
    return ops.add(this.fq, { limbs }, zero);
  }

  /** m·T by the signed-digit chain for canonical s ∉ {0, 2, n − 2} (see the header). */
  private chainMul(ops: RegionOps, T: { x: Element; y: Element }, s: Element, zero: Element): ChainPoint {
    const { fq, fn, chain, curve } = this;
    const region = ops.region;
    const L = this.digits;
    let bitsMemo: bigint[] | undefined;
    /** b_{L−1} … b_0 (MSB first) with Σ b_i·2^i = (m + 2^L − 1)/2. */
    const bits = () => (bitsMemo ??= (() => {
      const v = elementValue(s);
      const m = v % 2n === 1n ? v : v - curve.n;
      const z = (m + (1n << BigInt(L)) - 1n) / 2n;
      return Array.from({ length: L }, (_, i) => (z >> BigInt(L - 1 - i)) & 1n);
    })());
    const bindAt = ops.take(BIND.rows);
    region.enableSelector(this.bind, bindAt);
    const aux = fn.aux;
    const top = region.assignAdvice('bind top digit', aux, bindAt + BIND.top, () => bits()[0]);

    const minusY = ops.sub(fq, zero, T.y);
    const y0 = ops.select(fq, top, T.y, minusY);
    const start = ops.take(CHAIN.rows + (2 * (L - 1) - 1) * CHAIN.stride);
    let acc = chain.copyIn(region, start, T.x, y0);
    let zHi: AssignedCell | undefined;
    let prev: AssignedCell | undefined;
    for (let i = L - 2, at = start; i >= 0; i--) {
      acc = chain.double(region, at, acc);
      at += CHAIN.stride;
      const mode: SumMode = i === 127 ? 'restart' : i === L - 2 ? 'first' : 'chain';
      const zPrev = prev;
      const r = chain.add(region, at, acc, T, () => bits()[L - 1 - i], mode, () => zPrev!.value, top);
      acc = r.point;
      prev = r.z;
      if (i === 128) zHi = r.z;
      at += CHAIN.stride;
    }
    const zLo = prev!;
    const w = ops.toWord(fn, s);
    const put = (row: number, name: string, src: AssignedCell) => region.constrainEqual(src, region.assignAdvice(`bind ${name}`, aux, bindAt + row, () => src.value));
    put(BIND.zLo, 'z lo', zLo);
    if (zHi) put(BIND.zHi, 'z hi', zHi);
    else if (L === 129) put(BIND.zHi, 'z hi', top);
    else region.assignAdviceFromConstant('bind z hi', aux, bindAt + BIND.zHi, 0n);
    put(BIND.sLo, 's lo', w.lo);
    put(BIND.sHi, 's hi', w.hi);
    const e = () => (elementValue(s) % 2n === 0n ? 1n : 0n);
    region.assignAdvice('bind e', aux, bindAt + BIND.e, e);
    const carry = () => {
      const zl = zLo.value;
      const t = 2n * zl + e() * (curve.n % TWO_128) + 2n * TWO_128 - w.lo.value - (((1n << BigInt(L)) - 1n) % TWO_128);
      return t / TWO_128;
    };
    region.assignAdvice('bind c0', aux, bindAt + BIND.c0, () => carry() & 1n);
    region.assignAdvice('bind c1', aux, bindAt + BIND.c1, () => carry() >> 1n);
    return acc;
  }
}
