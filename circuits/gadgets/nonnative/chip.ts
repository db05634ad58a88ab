/**
 * NonNativeChip: arithmetic modulo a prime p < 2^256 (BN254 Fq, secp256k1 Fp/Fn) inside BN254 Fr.
 * Elements are 3 limbs (88, 88, 80 bits; limbs.ts) on consecutive rows of the LimbRangeChip's value
 * column v. Every operation is a block of rows read by one gate at the block's first row through
 * rotations, so only v and aux need copy constraints. Blocks (rows from the block start):
 *
 *   canonical  x 0..2 (limbs), d 3..5 (limbs), e0 6, e1 7; aux 0 = f          "<name> canonical"
 *              x + d + 1 = p + f·2^256 column by column (e1, f checked boolean; e0 follows), so
 *              f = [x ≥ p] exactly: d ≥ 0 gives x ≤ p − 1 when f = 0, and x + d = p − 1 + 2^256
 *              with d < 2^256 gives x ≥ p when f = 1. "<name> assert canonical" adds f = 0.
 *              "<name> word" (optional) adds aux 1 = lo, aux 2 = hi: x's 128-bit halves from the
 *              limbs and limb 1's bytes (bytes 0..4 of limb 1 end lo, bytes 5..10 start hi).
 *   add/sub/mul r 0..2 + d, e, f as in canonical (r < p asserted), a 8..10, b 11..13 (copied),
 *              q 14..16 (limbs), carries 17..19 (96-bit rows holding c + 2^90)
 *              proves L = q·p + r over the integers, L = a·b, a + b or a − b + p.
 *   select     a 0..2, b 3..5 (copied), r 6..8; aux 0 = cond: r_i = b_i + cond·(a_i − b_i)
 *   equal      a 0..2, b 3..5 (copied); aux 0 = out, inverse 0: IsZero of Σ (a_i − b_i)²
 *   constant   limbs 0..2 fixed through the constants column
 *   word       x 0..2 (limbs, copied); aux 1, 2 = lo, hi (the word gate)
 *
 * The CRT check of an operation (halo2-lib's idea, our own formulation): with L_i, (q·p)_i the
 * limb-product columns (limbs.ts), the gate checks for i = 0, 1, 2
 *     L_i − (q·p)_i − r_i + c_{i−1} = c_i·2^88            (c_{−1} = 0; c_i from a 96-bit row, − 2^90)
 * Each side is < 2^185 in absolute value, far below r, so these hold over the integers, and
 * Σ_i 2^(88·i)·(…) gives L − q·p − r ≡ 0 (mod 2^264) (columns 3 and 4 are multiples of 2^264).
 * The gate also checks L − q·p − r ≡ 0 (mod r) on the limbs recombined in the native field. As
 * r is an odd prime, L − q·p − r ≡ 0 (mod 2^264·r), and 2^264·r > 2^517. Bound: a, b, q, r < 2^256
 * (their limbs are range-checked), so L < 2^512 and |L − q·p − r| < 2^512 + 2^256 < 2^517: the
 * identity holds over the integers, i.e. r ≡ L (mod p), and r < p by the canonical rows.
 * Completeness: q = ⌊L/p⌋ must be < 2^256 and |c_i| < 2^90; both hold when a, b < p, which every
 * chip output is (no lazy reduction: each result is canonical, so equality is limb equality).
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Region, Selector, Value } from '../../plonk/index.js';
import { constant, sum } from '../../plonk/index.js';
import { assignInput, GadgetError, lazy, P as FR, type CellInput } from '../common.js';
import { IsZeroChip } from '../is-zero.js';
import { BIGINT_RING, carryChain, fromLimbs, identityColumns, LIMB_BASE, toLimbs, type Limbs, type NonNativeOp, type Ring } from './limbs.js';
import { BYTE_COLUMNS, LimbRangeChip } from './limb-range.js';
import type { RangeTable } from '../range-table.js';

/**
 * The columns non-native chips work on: `range` owns v and the 12 byte columns; `aux` (advice) holds
 * each block's scalar (flag, condition, halves), `inverse` the equality block's inverse witness and
 * `constants` (fixed) the constant limbs. `values` are the limb columns side by side, `range` first: the
 * non-native chips use `range` alone; EcChainChip lays a block's limbs across all of them (fewer rows).
 */
export interface NonNativeColumns { range: LimbRangeChip; values: readonly LimbRangeChip[]; aux: Column; inverse: Column; constants: Column }

/** Fresh columns named after `name`, with the byte table the limb rows look up into; `width` limb columns (each with its 12 byte columns). */
export function nonNativeColumns(cs: ConstraintSystem, name: string, byteTable: RangeTable, width = 1): NonNativeColumns {
  const values = Array.from({ length: width }, (_, c) => {
    const at = c === 0 ? name : `${name} v${c}`;
    const value = cs.adviceColumn(c === 0 ? `${name} v` : at);
    const bytes = Array.from({ length: BYTE_COLUMNS }, (_, i) => cs.adviceColumn(`${at} byte ${i}`));
    return LimbRangeChip.configure(cs, `${at} limb`, byteTable, value, bytes);
  });
  return {
    range: values[0],
    values,
    aux: cs.adviceColumn(`${name} aux`),
    inverse: cs.adviceColumn(`${name} inverse`),
    constants: cs.fixedColumn(`${name} constants`),
  };
}

/** A non-native element: 3 limb cells, each range-checked where it was produced. */
export interface Element { readonly limbs: Limbs<AssignedCell> }

/** An integer x < 2^256 read from a word, with f = [x ≥ p] and its 128-bit halves. */
export interface WordElement { element: Element; overflow: AssignedCell; lo: AssignedCell; hi: AssignedCell }

export function elementValue(e: Element): bigint {
  return fromLimbs(e.limbs.map((c) => c.value));
}

/** Carries are stored shifted by 2^90 (see the bound above) so a 96-bit row holds them. */
export const CARRY_SHIFT = 1n << 90n;
/** Row offsets inside a canonical block and an operation block (r is the canonical block's x). */
export const BLOCK = { x: 0, d: 3, e: 6, r: 0, a: 8, b: 11, q: 14, c: 17 } as const;
const TWO_80 = 1n << 80n;

const EXPR_RING: Ring<Expr> = { add: (a, b) => a.add(b), mul: (a, b) => a.mul(b), zero: constant(0) };

const bool = (e: Expr) => e.mul(constant(1).sub(e));
const native = (x: Limbs<Expr>) => sum(x.map((l, i) => l.mul(1n << BigInt(88 * i))));

export class NonNativeChip {
  static readonly CANONICAL_ROWS = 8;
  static readonly OP_ROWS = 20;
  static readonly SELECT_ROWS = 9;
  static readonly EQUAL_ROWS = 6;
  static readonly CONSTANT_ROWS = 3;
  static readonly WORD_ROWS = 3;

  private readonly pLimbs: Limbs<bigint>;

  private constructor(
    readonly name: string,
    readonly p: bigint,
    readonly range: LimbRangeChip,
    readonly aux: Column,
    private readonly isZero: IsZeroChip,
    private readonly q: {
      canonical: Selector; assert: Selector; word: Selector; select: Selector; equal: Selector;
      op: Record<NonNativeOp, Selector>;
    },
  ) {
    this.pLimbs = toLimbs(p);
  }

  /** Gates for modulus p over shared columns (several moduli may share one NonNativeColumns). */
  static configure(cs: ConstraintSystem, name: string, p: bigint, { range, aux, inverse, constants }: NonNativeColumns): NonNativeChip {
    if (p < 3n || p >> 256n !== 0n || p % 2n === 0n) throw new GadgetError('NonNativeChip', `modulus must be an odd prime below 2^256, got ${p}`);
    cs.enableEquality(aux);
    cs.enableConstant(constants);
    const v = (rot: number) => range.value.rot(rot);
    const limbsAt = (at: number): Limbs<Expr> => [v(at), v(at + 1), v(at + 2)];
    const q = {
      canonical: cs.selector(`${name} canonical`), assert: cs.selector(`${name} assert canonical`),
      word: cs.selector(`${name} word`), select: cs.selector(`${name} select`), equal: cs.selector(`${name} equal`),
      op: { add: cs.selector(`${name} add`), sub: cs.selector(`${name} sub`), mul: cs.selector(`${name} mul`) },
    };

    const pm1 = toLimbs(p - 1n);
    const [x, d] = [limbsAt(BLOCK.x), limbsAt(BLOCK.d)];
    const [e0, e1, f] = [v(BLOCK.e), v(BLOCK.e + 1), aux.cur()];
    const sc = q.canonical.expr();
    cs.createGate(`${name} canonical`, {
      'column 0: x + d = p − 1 + e0·2^88': sc.mul(x[0].add(d[0]).sub(pm1[0]).sub(e0.mul(LIMB_BASE))),
      'column 1: x + d + e0 = p − 1 + e1·2^88': sc.mul(x[1].add(d[1]).add(e0).sub(pm1[1]).sub(e1.mul(LIMB_BASE))),
      'column 2: x + d + e1 = p − 1 + f·2^80': sc.mul(x[2].add(d[2]).add(e1).sub(pm1[2]).sub(f.mul(TWO_80))),
      // e0 needs no check: with e1 boolean, column 1 makes e0 an integer below 2^89, so column 0
      // holds over the integers and forces e0 ∈ {0, 1}. Without e1's check both carries could
      // absorb a multiple of r (the soundness target's "d + r" forgery).
      'e1 is boolean': sc.mul(bool(e1)),
      'f is boolean': sc.mul(bool(f)),
    });
    cs.createGate(`${name} assert canonical`, { 'x < p (f = 0)': q.assert.expr().mul(f) });

    const b1 = (i: number) => range.bytes[i].rot(1);
    const sw = q.word.expr();
    cs.createGate(`${name} word`, {
      'lo = limb 0 + limb 1 bytes 0..4': sw.mul(aux.rot(1).sub(v(0)).sub(sum([0, 1, 2, 3, 4].map((i) => b1(i).mul(1n << BigInt(88 + 8 * i)))))),
      'hi = limb 1 bytes 5..10 + limb 2·2^48': sw.mul(aux.rot(2).sub(v(2).mul(1n << 48n)).sub(sum([5, 6, 7, 8, 9, 10].map((i) => b1(i).mul(1n << BigInt(8 * (i - 5))))))),
    });

    const [a, b, qq, r] = [limbsAt(BLOCK.a), limbsAt(BLOCK.b), limbsAt(BLOCK.q), limbsAt(BLOCK.r)];
    const c = [0, 1, 2].map((i) => v(BLOCK.c + i).sub(CARRY_SHIFT));
    const pE = toLimbs(p).map((l) => constant(l)) as unknown as Limbs<Expr>;
    const pNative = p % FR;
    for (const op of ['add', 'sub', 'mul'] as const) {
      const s = q.op[op].expr();
      const cols = identityColumns(op, a, b, qq, r, pE, EXPR_RING, (e) => e.neg());
      const [A, B] = [native(a), native(b)];
      const lhs = op === 'mul' ? A.mul(B) : op === 'add' ? A.add(B) : A.sub(B).add(pNative);
      cs.createGate(`${name} ${op}`, {
        'column 0': s.mul(cols[0].sub(c[0].mul(LIMB_BASE))),
        'column 1': s.mul(cols[1].add(c[0]).sub(c[1].mul(LIMB_BASE))),
        'column 2': s.mul(cols[2].add(c[1]).sub(c[2].mul(LIMB_BASE))),
        'native: L = q·p + r (mod r)': s.mul(lhs.sub(native(qq).mul(pNative)).sub(native(r))),
      });
    }

    const ss = q.select.expr();
    const cond = aux.cur();
    cs.createGate(`${name} select`, {
      'cond is boolean': ss.mul(bool(cond)),
      ...Object.fromEntries([0, 1, 2].map((i) => [`limb ${i}: r = b + cond·(a − b)`, ss.mul(v(6 + i).sub(v(3 + i)).sub(cond.mul(v(i).sub(v(3 + i)))))])),
    });

    // Σ (a_i − b_i)² < 3·2^176 < r vanishes in Fr iff every limb difference is 0
    const diff = sum([0, 1, 2].map((i) => v(i).sub(v(3 + i)).square()));
    const isZero = IsZeroChip.configure(cs, `${name} equal`, q.equal.expr(), diff, inverse, aux);
    return new NonNativeChip(name, p, range, aux, isZero, q);
  }

  /** A witness x < p as a canonical element (canonical block, f = 0 asserted). */
  load(region: Region, offset: number, x: Value): Element {
    region.enableSelector(this.q.assert, offset);
    const read = lazy(x);
    return {
      limbs: this.canonical(region, offset, () => {
        const v = read();
        if (v < 0n || v >= this.p) throw new GadgetError('NonNativeChip', `${this.name}: ${v} is not in [0, p) (load takes canonical values; fromWord flags others)`);
        return v;
      }).x,
    };
  }

  /**
   * A 256-bit word x (e.g. a precompile input) as limbs, with overflow = [x ≥ p] and its 128-bit
   * halves lo, hi (for the precompile table). Not asserted canonical: the caller decides.
   */
  fromWord(region: Region, offset: number, x: Value): WordElement {
    const { x: limbs, f } = this.canonical(region, offset, lazy(x));
    const { lo, hi } = this.halves(region, offset, limbs);
    return { element: { limbs }, overflow: f, lo, hi };
  }

  /** The 128-bit halves (lo, hi) of an element, for the precompile table. */
  toWord(region: Region, offset: number, x: Element): { lo: AssignedCell; hi: AssignedCell } {
    return this.halves(region, offset, this.range.assignEach(region, offset, x.limbs));
  }

  add(region: Region, offset: number, a: Element, b: Element): Element { return this.op(region, offset, 'add', a, b); }
  sub(region: Region, offset: number, a: Element, b: Element): Element { return this.op(region, offset, 'sub', a, b); }
  mul(region: Region, offset: number, a: Element, b: Element): Element { return this.op(region, offset, 'mul', a, b); }

  /** cond ? a : b, limb by limb (cond boolean). */
  select(region: Region, offset: number, cond: CellInput, a: Element, b: Element): Element {
    region.enableSelector(this.q.select, offset);
    const k = assignInput(region, `${this.name} cond`, this.aux, offset, cond);
    const [ca, cb] = [this.copy(region, offset, a), this.copy(region, offset + 3, b)];
    const limbs = [0, 1, 2].map((i) => region.assignAdvice(`${this.name} select limb ${i}`, this.range.value, offset + 6 + i, () => {
      if (k.value !== 0n && k.value !== 1n) throw new GadgetError('NonNativeChip', `${this.name}: select condition ${k.value} is not boolean`);
      return k.value === 1n ? ca[i].value : cb[i].value;
    }));
    return { limbs: [limbs[0], limbs[1], limbs[2]] };
  }

  /** 1 if a = b (both canonical, so limb equality is equality mod p), else 0. */
  isEqual(region: Region, offset: number, a: Element, b: Element): AssignedCell {
    region.enableSelector(this.q.equal, offset);
    const [ca, cb] = [this.copy(region, offset, a), this.copy(region, offset + 3, b)];
    return this.isZero.assign(region, offset, () => ca.reduce((acc, x, i) => acc + (x.value - cb[i].value) ** 2n, 0n));
  }

  /** 1 if a = 0, else 0 (an equality block against constant limbs). */
  isZeroElement(region: Region, offset: number, a: Element): AssignedCell {
    region.enableSelector(this.q.equal, offset);
    const ca = this.copy(region, offset, a);
    [0, 1, 2].forEach((i) => region.assignAdviceFromConstant(`${this.name} zero limb ${i}`, this.range.value, offset + 3 + i, 0n));
    return this.isZero.assign(region, offset, () => ca.reduce((acc, x) => acc + x.value ** 2n, 0n));
  }

  /** A constant c < p (limbs fixed through the constants column). */
  constant(region: Region, offset: number, c: bigint): Element {
    if (c < 0n || c >= this.p) throw new GadgetError('NonNativeChip', `${this.name}: constant ${c} is not in [0, p)`);
    const l = toLimbs(c);
    const cells = [0, 1, 2].map((i) => region.assignAdviceFromConstant(`${this.name} constant limb ${i}`, this.range.value, offset + i, l[i]));
    return { limbs: [cells[0], cells[1], cells[2]] };
  }

  private copy(region: Region, offset: number, x: Element): AssignedCell[] {
    return x.limbs.map((l, i) => assignInput(region, `${this.name} limb ${i}`, this.range.value, offset + i, l));
  }

  private halves(region: Region, offset: number, limbs: Limbs<AssignedCell>): { lo: AssignedCell; hi: AssignedCell } {
    region.enableSelector(this.q.word, offset);
    const x = () => fromLimbs(limbs.map((l) => l.value));
    const lo = region.assignAdvice(`${this.name} word lo`, this.aux, offset + 1, () => x() & ((1n << 128n) - 1n));
    const hi = region.assignAdvice(`${this.name} word hi`, this.aux, offset + 2, () => x() >> 128n);
    return { lo, hi };
  }

  /** Canonical block at `offset`: x's limbs (range-checked), d, e0, e1 and f = [x ≥ p]. */
  private canonical(region: Region, offset: number, x: () => bigint): { x: Limbs<AssignedCell>; f: AssignedCell } {
    region.enableSelector(this.q.canonical, offset);
    const limbs = this.range.assignLimbs(region, offset, x);
    return { x: limbs, f: this.canonicalWitness(region, offset, limbs) };
  }

  /** d, e0, e1, f of the canonical rows for limbs already assigned at offset 0..2. */
  private canonicalWitness(region: Region, offset: number, limbs: Limbs<AssignedCell>): AssignedCell {
    const x = () => fromLimbs(limbs.map((l) => l.value));
    const f = () => (x() >= this.p ? 1n : 0n);
    const d = this.range.assignLimbs(region, offset + BLOCK.d, () => this.p - 1n - x() + (f() << 256n));
    const pm1 = toLimbs(this.p - 1n);
    const e = () => carryChain([0, 1].map((i) => limbs[i].value + d[i].value - pm1[i]));
    [0, 1].forEach((i) => region.assignAdvice(`${this.name} canonical carry ${i}`, this.range.value, offset + BLOCK.e + i, () => e()[i]));
    return region.assignAdvice(`${this.name} overflow`, this.aux, offset, f);
  }

  private op(region: Region, offset: number, op: NonNativeOp, a: Element, b: Element): Element {
    region.enableSelector(this.q.op[op], offset);
    region.enableSelector(this.q.canonical, offset);
    region.enableSelector(this.q.assert, offset);
    const ca = this.copy(region, offset + BLOCK.a, a);
    const cb = this.copy(region, offset + BLOCK.b, b);
    const [va, vb] = [ca, cb].map((cells) => () => fromLimbs(cells.map((c) => c.value)));
    const lhs = () => {
      const l = op === 'mul' ? va() * vb() : op === 'add' ? va() + vb() : va() - vb() + this.p;
      if (l < 0n || l / this.p >> 256n !== 0n) throw new GadgetError('NonNativeChip', `${this.name} ${op}: operands ${va()}, ${vb()} are not reduced below p`);
      return l;
    };
    const r = this.range.assignLimbs(region, offset + BLOCK.r, () => lhs() % this.p);
    this.canonicalWitness(region, offset, r);
    const qq = this.range.assignLimbs(region, offset + BLOCK.q, () => lhs() / this.p);
    const vals = (cells: readonly AssignedCell[]) => cells.map((c) => c.value) as unknown as Limbs<bigint>;
    const carries = () => carryChain(identityColumns(op, vals(ca), vals(cb), vals(qq), vals(r), this.pLimbs, BIGINT_RING, (x) => -x));
    [0, 1, 2].forEach((i) => this.range.assign(region, offset + BLOCK.c + i, 96, () => carries()[i] + CARRY_SHIFT));
    return { limbs: r };
  }
}
