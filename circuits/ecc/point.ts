/**
 * Shared plumbing of the EC call chips: RegionOps hands out consecutive blocks of the non-native
 * columns and of the flag column inside one region (so a call is one region), and `loadPoint` reads an
 * input point from two 256-bit words with the precompile validity rules.
 */
import { modInverse } from '../field/modular.js';
import { NonNativeChip, elementValue, type Element, type WordElement } from '../gadgets/nonnative/index.js';
import type { AssignedCell, Region, Value } from '../plonk/index.js';
import type { CellInput } from '../gadgets/common.js';
import { FlagChip } from './flags.js';

/** Block-by-block access to the non-native chips (any modulus over the same columns) and the flags in one region. */
export class RegionOps {
  private nnNext = 0;
  private flNext = 0;

  constructor(readonly region: Region, readonly flags: FlagChip) {}

  /** Reserves `rows` rows of the non-native columns; returns their first offset. */
  take(rows: number): number {
    const at = this.nnNext;
    this.nnNext += rows;
    return at;
  }

  /** Rows of the non-native columns used so far. */
  get rows(): number { return this.nnNext; }

  add(c: NonNativeChip, a: Element, b: Element): Element { return c.add(this.region, this.take(NonNativeChip.OP_ROWS), a, b); }
  sub(c: NonNativeChip, a: Element, b: Element): Element { return c.sub(this.region, this.take(NonNativeChip.OP_ROWS), a, b); }
  mul(c: NonNativeChip, a: Element, b: Element): Element { return c.mul(this.region, this.take(NonNativeChip.OP_ROWS), a, b); }
  select(c: NonNativeChip, cond: CellInput, a: Element, b: Element): Element { return c.select(this.region, this.take(NonNativeChip.SELECT_ROWS), cond, a, b); }
  equal(c: NonNativeChip, a: Element, b: Element): AssignedCell { return c.isEqual(this.region, this.take(NonNativeChip.EQUAL_ROWS), a, b); }
  isZero(c: NonNativeChip, a: Element): AssignedCell { return c.isZeroElement(this.region, this.take(NonNativeChip.EQUAL_ROWS), a); }
  constant(c: NonNativeChip, v: bigint): Element { return c.constant(this.region, this.take(NonNativeChip.CONSTANT_ROWS), v); }
  fromWord(c: NonNativeChip, w: Value): WordElement { return c.fromWord(this.region, this.take(NonNativeChip.CANONICAL_ROWS), w); }
  toWord(c: NonNativeChip, e: Element): { lo: AssignedCell; hi: AssignedCell } { return c.toWord(this.region, this.take(NonNativeChip.WORD_ROWS), e); }
  load(c: NonNativeChip, v: Value): Element { return c.load(this.region, this.take(NonNativeChip.CANONICAL_ROWS), v); }

  and(a: CellInput, b: CellInput): AssignedCell { return this.flags.and(this.region, this.flag(), a, b); }
  andNot(a: CellInput, b: CellInput): AssignedCell { return this.flags.andNot(this.region, this.flag(), a, b); }
  oneOf(a: CellInput, b: CellInput): AssignedCell { return this.flags.oneOf(this.region, this.flag(), a, b); }

  private flag(): number {
    const at = this.flNext;
    this.flNext += FlagChip.ROWS;
    return at;
  }
}

/** An input point: coordinates (0 where the word was ≥ p), x², the infinity and validity flags, the input words (x lo, x hi, y lo, y hi). */
export interface LoadedPoint { x: Element; y: Element; xx: Element; infinity: AssignedCell; valid: AssignedCell; words: AssignedCell[] }

/**
 * valid = x < p ∧ y < p ∧ (y² = x³ + b ∨ (x, y) = (0, 0)); infinity = (x, y) = (0, 0). An invalid
 * coordinate is replaced by 0 before any arithmetic (it is only flagged), so honest synthesis never
 * needs an operand ≥ p. `zero` and `b` are the chip's constants.
 */
export function loadPoint(ops: RegionOps, fq: NonNativeChip, consts: { zero: Element; b: Element }, xw: Value, yw: Value): LoadedPoint {
  const [wx, wy] = [xw, yw].map((w) => ops.fromWord(fq, w));
  const [x, y] = [wx, wy].map((w) => ops.select(fq, w.overflow, consts.zero, w.element));
  const infinity = ops.and(ops.isZero(fq, x), ops.isZero(fq, y));
  const xx = ops.mul(fq, x, x);
  const onCurve = ops.equal(fq, ops.mul(fq, y, y), ops.add(fq, ops.mul(fq, xx, x), consts.b));
  // (0, 0) is never on the curve (b ≠ 0), so "on curve or infinity" is one-of
  const shape = ops.oneOf(onCurve, infinity);
  const valid = ops.andNot(ops.andNot(shape, wx.overflow), wy.overflow);
  return { x, y, xx, infinity, valid, words: [wx.lo, wx.hi, wy.lo, wy.hi] };
}

/**
 * P + Q on y² = x³ + b for canonical points with their x² and infinity flags, when `enabled`; (0, 0)
 * otherwise. Output: Q if P = O; P if Q = O; O (as (0, 0), with `opposite` = 1) if P = −Q; else P + Q,
 * doubling included.
 *
 * The slope: den = eqx ? 2·y1 : x2 − x1, num = eqx ? 3·x1² : y2 − y1, and λ (a witness < p) must
 * satisfy λ·den = num when `need` = enabled ∧ P ≠ O ∧ Q ≠ O ∧ P ≠ −Q. Then den ≠ 0 (x1 ≠ x2, or
 * doubling with y1 ≠ 0: a curve of odd prime order has no point with y = 0), so λ is unique.
 * Otherwise λ is unconstrained but every output path that reads it is selected away.
 */
export function completeAdd(
  ops: RegionOps, fq: NonNativeChip, zero: Element,
  P: Pick<LoadedPoint, 'x' | 'y' | 'xx' | 'infinity'>, Q: Pick<LoadedPoint, 'x' | 'y' | 'xx' | 'infinity'>, enabled: AssignedCell,
): { x: Element; y: Element; opposite: AssignedCell } {
  const eqx = ops.equal(fq, P.x, Q.x);
  const opposite = ops.andNot(eqx, ops.equal(fq, P.y, Q.y));
  const need = ops.andNot(ops.andNot(ops.andNot(enabled, P.infinity), Q.infinity), opposite);

  const den = ops.select(fq, eqx, ops.add(fq, P.y, P.y), ops.sub(fq, Q.x, P.x));
  const num = ops.select(fq, eqx, ops.add(fq, ops.add(fq, P.xx, P.xx), P.xx), ops.sub(fq, Q.y, P.y));
  const lambda = ops.load(fq, () => {
    const d = elementValue(den);
    return d === 0n ? 0n : (elementValue(num) * modInverse(d, fq.p)) % fq.p;
  });
  // need ? λ·den : num, equal to num: λ·den = num whenever need = 1
  const checked = ops.select(fq, need, ops.mul(fq, lambda, den), num);
  checked.limbs.forEach((l, i) => ops.region.constrainEqual(l, num.limbs[i]));

  const x3 = ops.sub(fq, ops.sub(fq, ops.mul(fq, lambda, lambda), P.x), Q.x);
  const y3 = ops.sub(fq, ops.mul(fq, lambda, ops.sub(fq, P.x, x3)), P.y);
  const pick = (sumC: Element, pC: Element, qC: Element) =>
    ops.select(fq, enabled, ops.select(fq, P.infinity, qC, ops.select(fq, Q.infinity, pC, ops.select(fq, opposite, zero, sumC))), zero);
  return { x: pick(x3, P.x, Q.x), y: pick(y3, P.y, Q.y), opposite };
}
