/**
 * ScalarMulChip: s·T on a curve of prime order n (curve.ts) for a canonical scalar s ∈ [0, n), as chains of
 * EcChainChip blocks plus NonNativeChip glue in the same columns: `mul` for a point T ≠ O given as cells
 * (4-bit windows over a table of T's odd multiples that the chain builds first), `mulFixed` for the generator
 * G (one fixed table per window, so no doublings).
 *
 * Digits: the chains compute m·T for the odd m ≡ s (mod n) with |m| < n, m = s − e·n with e = [s even].
 * Z = (m + 2^L − 1)/2 ∈ [0, 2^L) with L = 4W + 1 (curve.ts windowCount): bit 0 of Z is b and bits 4i+1 … 4i+4
 * are window i's digit k_i, so m = 2·M' + d with d = 2b − 1 and M' = Σ_i (2k_i − 15)·16^i: odd digits ±1, ±3,
 * …, ±15, each a sign and a table index (EcChainChip's window digits).
 *   mul:      a table T, 2T, 3T = 2T + T, 5T = 3T + 2T, …, 15T (entry rows tagged by the caller); then
 *             acc = d_{W−1}·T, per window i = W−2 … 0 four double blocks and a window add of d_i·T_j;
 *             then one double block and one add of d·T.
 *   mulFixed: acc = d_{W−1}·2·16^{W−1}·G, then a window add per window i = W−2 … 0 from the fixed table of
 *             (2j + 1)·2·16^i·G (tag FIXED_TAG + i, laid in the fixed columns beside the chain), then d·G.
 * Binding: the window digits keep running sums z_hi over windows W−1 … 32 and z_lo over 31 … 0 (each < 2^128,
 * so nothing wraps r), and the "bind" gate proves 4·(2^128·z_hi + z_lo) + 2b + e·n = s + 2^L − 1 over the
 * integers (128-bit halves with a carry c = c0 + 2c1 + 4c2; every term < 2^132), e boolean: m = s − e·n.
 *
 * Why the incomplete formulas are safe (T of order n; for mulFixed every partial sum is 2·16^j times the
 * variable chain's, and 2·16^j is invertible mod n, so the same cases are exceptional): the prefixes
 * M'_j = Σ_{i≥j} d_i·16^(i−j) are odd with |M'_j| < |M'|/16^j + 1 ≤ n/2^(4j+1) + 1. So for j ≥ 1 the doublings
 * of 2^t·M'_j (t < 4) act on nonzero multiples below n in size (acc ≠ O, and y ≠ 0 as there is no 2-torsion),
 * and a window add is exceptional iff 16·M'_j ≡ ±d_{j−1} (mod n), impossible as 16·M'_j ∓ d_{j−1} is odd and
 * below n/2 + 31 < n in size. The final double is of an odd M'; the final add is exceptional iff 2M' ≡ ±d,
 * i.e. m ≡ 0 or m ≡ ±2: s ∈ {0, 2, n − 2}. Both methods therefore run the chain on s' = 1 for those and select
 * O, 2T or −2T instead. The table's blocks add 2T to (2j − 1)·T, exceptional only if 2j − 1 ≡ ±2 (mod n):
 * never for n > 15. As the true chain never meets an exceptional case, each block's λ is unique and the
 * proven acc is m·T.
 */
import type { AssignedCell, ConstraintSystem, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { GadgetError } from '../gadgets/common.js';
import { NonNativeChip, elementValue, toLimbs, type Element, type Limbs, type NonNativeColumns } from '../gadgets/nonnative/index.js';
import { AUX, EcChainChip, WINDOW, type ChainPoint, type WindowDigit } from './chain.js';
import { affineAdd, assertCurve, chainDigits, fixedBaseTable, windowCount, type CurveParams } from './curve.js';
import type { RegionOps } from './point.js';

const TWO_128 = 1n << 128n;
/** aux rows of the bind block. */
const BIND = { zLo: 0, zHi: 1, sLo: 2, sHi: 3, e: 4, c0: 5, c1: 6, c2: 7, b: 8, rows: 9 } as const;
/** The running sums restart at this window (z_lo covers windows 31 … 0). */
const LOW_WINDOWS = 32;
/** Tags of the fixed-base tables are FIXED_TAG + window; `mul`'s tables take tags in [1, FIXED_TAG). */
export const FIXED_TAG = 1n << 32n;

/** A multiple s·T: canonical coordinates (meaningless when infinity = 1) and the infinity flag. */
export interface Multiple { x: Element; y: Element; infinity: AssignedCell }

/** Window digits of a chain scalar (window 0 first) and the final digit b (see the header). */
interface Digits { b: bigint; sign: bigint[]; index: bigint[] }

/** How a chain reads its multiples: window i's table tag and rows, doublings per window, the final add's point. */
interface Base { tag(i: number): bigint; entry(i: number): (j: number) => readonly bigint[]; doubles: number; last: { x: Limbs<AssignedCell>; y: Limbs<AssignedCell> }; onStart?(start: number): void }

export class ScalarMulChip {
  readonly windows: number;

  private constructor(
    readonly curve: CurveParams, readonly fq: NonNativeChip, readonly fn: NonNativeChip, readonly chain: EcChainChip,
    private readonly bind: Selector, readonly fixedBase: boolean,
  ) {
    this.windows = windowCount(curve);
  }

  /** `fq`, `fn`: NonNativeChips for the curve's base field and scalar field over `columns`; `fixedBase` enables mulFixed. */
  static configure(cs: ConstraintSystem, name: string, curve: CurveParams, columns: NonNativeColumns, fq: NonNativeChip, fn: NonNativeChip, { fixedBase = false } = {}): ScalarMulChip {
    if (fq.p !== curve.p || fn.p !== curve.n) throw new GadgetError('ScalarMulChip', `${name}: chips for moduli ${fq.p}, ${fn.p} do not match curve ${curve.name}`);
    assertCurve(curve);
    if (curve.n <= 62n) throw new GadgetError('ScalarMulChip', `${name}: the chain's argument needs n > 62, got ${curve.n}`);
    const chain = EcChainChip.configure(cs, `${name} chain`, curve, columns, { fixedBase });
    const bind = cs.selector(`${name} bind`);
    const a = (r: number) => columns.aux.rot(r);
    const s = bind.expr();
    const K = (1n << BigInt(chainDigits(curve))) - 1n;
    const c = a(BIND.c0).add(a(BIND.c1).mul(2)).add(a(BIND.c2).mul(4));
    const bool = (r: number) => s.mul(a(r)).mul(constant(1).sub(a(r)));
    cs.createGate(`${name} bind`, {
      'e is boolean': bool(BIND.e), 'c0 is boolean': bool(BIND.c0), 'c1 is boolean': bool(BIND.c1), 'c2 is boolean': bool(BIND.c2),
      'low: 4·z_lo + 2b + e·n_lo + 2^129 − s_lo − K_lo = c·2^128': s.mul(a(BIND.zLo).mul(4).add(a(BIND.b).mul(2)).add(a(BIND.e).mul(curve.n % TWO_128))
        .add(constant(2n * TWO_128 - (K % TWO_128))).sub(a(BIND.sLo)).sub(c.mul(TWO_128))),
      'high: 4·z_hi + e·n_hi + c − 2 − s_hi − K_hi = 0': s.mul(a(BIND.zHi).mul(4).add(a(BIND.e).mul(curve.n / TWO_128)).add(c)
        .sub(constant(2n + K / TWO_128)).sub(a(BIND.sHi))),
    });
    return new ScalarMulChip(curve, fq, fn, chain, bind, fixedBase);
  }

  /**
   * s·T for canonical s (fn element) and T on the curve, T ≠ O (canonical fq elements): `infinity` is
   * [s = 0]; the coordinates are s·T otherwise. `tag` ∈ [1, FIXED_TAG) names T's table: unique per circuit.
   */
  mul(ops: RegionOps, T: { x: Element; y: Element }, s: Element, tag: bigint): Multiple {
    if (tag < 1n || tag >= FIXED_TAG) throw new GadgetError('ScalarMulChip', `table tag ${tag} is not in [1, 2^32)`);
    return this.multiple(ops, s, (scalar, zero) => {
      const { entries, twice } = this.table(ops, T, tag);
      const values = (j: number) => [...entries[j].x, ...entries[j].y].map((c) => c.value);
      const point = this.chainMul(ops, scalar, zero, { tag: () => tag, entry: () => values, doubles: WINDOW.bits, last: { x: T.x.limbs, y: T.y.limbs } });
      return { point, twice: { x: this.reduce(ops, twice.x, zero), y: this.reduce(ops, twice.y, zero) } };
    });
  }

  /** s·G for the curve's generator G (needs fixedBase), as `mul`. */
  mulFixed(ops: RegionOps, s: Element): Multiple {
    if (!this.fixedBase) throw new GadgetError('ScalarMulChip', 'mulFixed needs the chip configured with fixedBase');
    const { fq, curve, chain } = this;
    const table = fixedBaseTable(curve);
    const limbs = (P: { x: bigint; y: bigint }) => [...toLimbs(P.x), ...toLimbs(P.y)];
    const tag = (i: number) => FIXED_TAG + BigInt(i);
    if (chain.stride < WINDOW.entries) throw new GadgetError('ScalarMulChip', `mulFixed lays ${WINDOW.entries} table rows per window beside a block of ${chain.stride} rows`);
    return this.multiple(ops, s, (scalar, zero) => {
      const G = { x: ops.constant(fq, curve.gx), y: ops.constant(fq, curve.gy) };
      const point = this.chainMul(ops, scalar, zero, {
        tag, entry: (i) => (j) => limbs(table[i][j]), doubles: 0, last: { x: G.x.limbs, y: G.y.limbs },
        // the table's rows lie beside the chain's (8 per window, at most its stride of 10): no other table row is there
        onStart: (start) => table.forEach((row, i) => row.forEach((P, j) => chain.fixedEntry(ops.region, start + WINDOW.entries * i + j, tag(i), j, limbs(P)))),
      });
      const g2 = affineAdd(curve, { x: curve.gx, y: curve.gy }, { x: curve.gx, y: curve.gy })!;
      return { point, twice: { x: ops.constant(fq, g2.x), y: ops.constant(fq, g2.y) } };
    });
  }

  /** The special scalars around a chain (see the header): `run` proves the chain on s' and gives 2T. */
  private multiple(ops: RegionOps, s: Element, run: (scalar: Element, zero: Element) => { point: ChainPoint; twice: { x: Element; y: Element } }): Multiple {
    const { fq, fn, curve } = this;
    const [zero, one] = [ops.constant(fq, 0n), ops.constant(fn, 1n)];
    const isZero = ops.isZero(fn, s);
    const isTwo = ops.equal(fn, s, ops.constant(fn, 2n));
    const isMinusTwo = ops.equal(fn, s, ops.constant(fn, curve.n - 2n));
    const special = ops.oneOf(ops.oneOf(isZero, isTwo), isMinusTwo);
    const { point, twice } = run(ops.select(fn, special, one, s), zero);
    const minusDy = ops.sub(fq, zero, twice.y);
    const [rx, ry] = [this.reduce(ops, point.x, zero), this.reduce(ops, point.y, zero)];
    const x = ops.select(fq, isTwo, twice.x, ops.select(fq, isMinusTwo, twice.x, rx));
    const y = ops.select(fq, isTwo, twice.y, ops.select(fq, isMinusTwo, minusDy, ry));
    return { x, y, infinity: isZero };
  }

  /** A chain output (limbs < 2^256) as a canonical element: x + 0 through an add block. */
  private reduce(ops: RegionOps, limbs: ChainPoint['x'], zero: Element): Element {
    return ops.add(this.fq, { limbs }, zero);
  }

  /** T's table: entry j = (2j + 1)·T on the input rows of the blocks that follow it; also 2T. */
  private table(ops: RegionOps, T: { x: Element; y: Element }, tag: bigint): { entries: ChainPoint[]; twice: ChainPoint } {
    const { chain } = this;
    const region = ops.region;
    const at = ops.take(chain.rows + (WINDOW.entries - 1) * chain.stride);
    // the double block's aux rows are free: the constant sign of the table's adds
    const one = region.assignAdviceFromConstant(`${chain.name} one`, this.fq.aux, at, 1n);
    const entries = [chain.copyIn(region, at, T.x, T.y)];
    chain.tableEntry(region, at, tag, 0);
    const twice = chain.double(region, at, entries[0]);
    let acc = twice;
    for (let j = 1; j < WINDOW.entries; j++) {
      const o = at + j * chain.stride;
      acc = chain.add(region, o, acc, j === 1 ? entries[0] : twice, one).point;
      chain.tableEntry(region, o + chain.stride, tag, j);
      entries.push(acc);
    }
    return { entries, twice };
  }

  /** m·T by the windowed chain for canonical s ∉ {0, 2, n − 2} (see the header). */
  private chainMul(ops: RegionOps, s: Element, zero: Element, base: Base): ChainPoint {
    const { chain, fq, windows: W } = this;
    const region = ops.region;
    const d = this.digits(s);
    const digit = (i: number, zPrev?: AssignedCell): WindowDigit => ({
      tag: base.tag(i), sign: () => d().sign[i], index: () => d().index[i], entry: base.entry(i), zPrev: i === LOW_WINDOWS - 1 ? undefined : zPrev,
    });
    // the first window alone: its point (x_j, ±y_j) is the chain's input
    const first = chain.digit(region, ops.take(AUX.rows), digit(W - 1));
    const y = { limbs: [first.t[3], first.t[4], first.t[5]] } as const;
    const y0 = ops.select(fq, first.sign, y, ops.sub(fq, zero, y));
    const blocks = (W - 1) * (base.doubles + 1) + (base.doubles > 0 ? 2 : 1);
    const start = ops.take(chain.rows + (blocks - 1) * chain.stride);
    base.onStart?.(start);
    let acc = chain.copyIn(region, start, { limbs: [first.t[0], first.t[1], first.t[2]] }, y0);
    let at = start;
    let z = first.z;
    let zHi = W - 1 === LOW_WINDOWS ? z : undefined;
    const double = () => {
      acc = chain.double(region, at, acc);
      at += chain.stride;
    };
    for (let i = W - 2; i >= 0; i--) {
      for (let t = 0; t < base.doubles; t++) double();
      const r = chain.windowAdd(region, at, acc, digit(i, z));
      [acc, z] = [r.point, r.z];
      if (i === LOW_WINDOWS) zHi = z;
      at += chain.stride;
    }
    if (base.doubles > 0) double();
    const last = chain.add(region, at, acc, base.last, () => d().b);
    this.bindDigits(ops, s, z, zHi, last.sign);
    return last.point;
  }

  private digits(s: Element): () => Digits {
    let memo: Digits | undefined;
    const { n } = this.curve;
    const L = chainDigits(this.curve);
    return () => (memo ??= (() => {
      const v = elementValue(s);
      const m = v % 2n === 1n ? v : v - n;
      const Z = (m + (1n << BigInt(L)) - 1n) / 2n;
      const k = Array.from({ length: this.windows }, (_, i) => (Z >> BigInt(4 * i + 1)) & 15n);
      return { b: Z & 1n, sign: k.map((x) => (x >= 8n ? 1n : 0n)), index: k.map((x) => (x >= 8n ? x - 8n : 7n - x)) };
    })());
  }

  /** The bind block: the digit sums z_lo, z_hi (absent: 0) and the final digit b against s (see the header). */
  private bindDigits(ops: RegionOps, s: Element, zLo: AssignedCell, zHi: AssignedCell | undefined, b: AssignedCell): void {
    const { fn, curve } = this;
    const region = ops.region;
    const aux = fn.aux;
    const at = ops.take(BIND.rows);
    region.enableSelector(this.bind, at);
    const put = (row: number, name: string, src: AssignedCell) => region.constrainEqual(src, region.assignAdvice(`bind ${name}`, aux, at + row, () => src.value));
    const w = ops.toWord(fn, s);
    put(BIND.zLo, 'z lo', zLo);
    if (zHi) put(BIND.zHi, 'z hi', zHi);
    else region.assignAdviceFromConstant('bind z hi', aux, at + BIND.zHi, 0n);
    put(BIND.sLo, 's lo', w.lo);
    put(BIND.sHi, 's hi', w.hi);
    put(BIND.b, 'b', b);
    const e = () => (elementValue(s) % 2n === 0n ? 1n : 0n);
    region.assignAdvice('bind e', aux, at + BIND.e, e);
    const K = (1n << BigInt(chainDigits(curve))) - 1n;
    const carry = () => (4n * zLo.value + 2n * b.value + e() * (curve.n % TWO_128) + 2n * TWO_128 - (K % TWO_128) - w.lo.value) / TWO_128;
    [BIND.c0, BIND.c1, BIND.c2].forEach((row, i) => region.assignAdvice(`bind c${i}`, aux, at + row, () => (carry() >> BigInt(i)) & 1n));
  }
}
