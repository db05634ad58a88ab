/**
 * Shared plumbing of the EC call chips: RegionOps hands out consecutive blocks of the non-native
 * columns and of the flag column inside one region (so a call is one region), and `loadPoint` reads an
 * input point from two 256-bit words with the precompile validity rules.
 */
import { NonNativeChip, type Element, type WordElement } from '../gadgets/nonnative/index.js';
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
