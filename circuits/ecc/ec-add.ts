/**
 * EcAddChip: the ecAdd precompile (0x06, EIP-196) over BN254 G1 in affine coordinates, with the
 * coordinates as non-native Fq elements (gadgets/nonnative). One call is one region: the Fq blocks
 * stack in the non-native columns and the flag logic runs alongside in the flag column.
 *
 * Semantics proven, for input words (x1, y1, x2, y2) < 2^256:
 *   valid(P) = x < p ∧ y < p ∧ (y² = x³ + 3 ∨ (x, y) = (0, 0));  success = valid(P) ∧ valid(Q)
 *   output  = (0, 0) unless success; else Q if P = O; P if Q = O; O if P = −Q; else P + Q
 * (doubling included). An invalid coordinate is replaced by 0 before any arithmetic (it is only
 * flagged), so honest synthesis never needs an operand ≥ p; the output ignores it via success.
 *
 * The slope: den = eqx ? 2·y1 : x2 − x1, num = eqx ? 3·x1² : y2 − y1, and λ (a witness < p) must
 * satisfy λ·den = num when `need` = success ∧ P ≠ O ∧ Q ≠ O ∧ P ≠ −Q. Then den ≠ 0 (x1 ≠ x2, or
 * doubling with y1 ≠ 0: BN254 G1 has odd prime order, so no point has y = 0), so λ is unique.
 * Otherwise λ is unconstrained but every output path that reads it is selected away.
 */
import { FQ_MODULUS } from '../field/constants.js';
import { modInverse } from '../field/modular.js';
import { NonNativeChip, elementValue, type Element } from '../gadgets/nonnative/index.js';
import type { AssignedCell, Layouter, Region } from '../plonk/index.js';
import type { FlagChip } from './flags.js';
import type { EcAddTable } from './precompile-table.js';

/** The four 256-bit input words of a call (x1, y1, x2, y2). */
export interface EcAddCall { x1: bigint; y1: bigint; x2: bigint; y2: bigint }

/** A call's proven cells: the success flag, the output coordinates, their words (x lo, x hi, y lo, y hi) and the table row. */
export interface EcAddResult { success: AssignedCell; x: Element; y: Element; words: AssignedCell[]; row: AssignedCell[] }

/** Hands out consecutive row offsets of one column group within a region. */
class Cursor {
  private next = 0;
  take(rows: number): number {
    const at = this.next;
    this.next += rows;
    return at;
  }
}

interface LoadedPoint { x: Element; y: Element; xx: Element; infinity: AssignedCell; valid: AssignedCell; words: AssignedCell[] }

export class EcAddChip {
  private constructor(readonly fq: NonNativeChip, readonly flags: FlagChip, readonly table: EcAddTable) {}

  /** `fq` must be a NonNativeChip for BN254's base field. */
  static configure(fq: NonNativeChip, flags: FlagChip, table: EcAddTable): EcAddChip {
    if (fq.p !== FQ_MODULUS) throw new RangeError(`EcAddChip needs the BN254 Fq chip, got modulus ${fq.p}`);
    return new EcAddChip(fq, flags, table);
  }

  /** Proves one call (one region) and writes its table row (a second region, in the table's columns). */
  assign(layouter: Layouter, call: EcAddCall, index: number): EcAddResult {
    const out = layouter.assignRegion(`ecAdd ${index}`, (region) => this.call(region, call));
    const row = layouter.assignRegion(`ecAdd table ${index}`, (region) => this.table.assignRow(region, 0, out.cells));
    return { success: out.success, x: out.x, y: out.y, words: out.cells.slice(-4), row };
  }

  private call(region: Region, call: EcAddCall) {
    const { fq, flags } = this;
    const nn = new Cursor();
    const fl = new Cursor();
    const op = (f: 'add' | 'sub' | 'mul', a: Element, b: Element) => fq[f](region, nn.take(NonNativeChip.OP_ROWS), a, b);
    const select = (cond: AssignedCell, a: Element, b: Element) => fq.select(region, nn.take(NonNativeChip.SELECT_ROWS), cond, a, b);
    const equal = (a: Element, b: Element) => fq.isEqual(region, nn.take(NonNativeChip.EQUAL_ROWS), a, b);
    const flag = (f: 'and' | 'andNot' | 'oneOf', a: AssignedCell, b: AssignedCell) => flags[f](region, fl.take(3), a, b);

    const zero = fq.constant(region, nn.take(NonNativeChip.CONSTANT_ROWS), 0n);
    const three = fq.constant(region, nn.take(NonNativeChip.CONSTANT_ROWS), 3n);

    const load = (xw: bigint, yw: bigint): LoadedPoint => {
      const [wx, wy] = [xw, yw].map((w) => fq.fromWord(region, nn.take(NonNativeChip.CANONICAL_ROWS), w));
      const [x, y] = [wx, wy].map((w) => select(w.overflow, zero, w.element));
      const zx = fq.isZeroElement(region, nn.take(NonNativeChip.EQUAL_ROWS), x);
      const zy = fq.isZeroElement(region, nn.take(NonNativeChip.EQUAL_ROWS), y);
      const infinity = flag('and', zx, zy);
      const xx = op('mul', x, x);
      const onCurve = equal(op('mul', y, y), op('add', op('mul', xx, x), three));
      // (0, 0) is never on the curve (0 ≠ 3), so "on curve or infinity" is one-of
      const shape = flag('oneOf', onCurve, infinity);
      const valid = flag('andNot', flag('andNot', shape, wx.overflow), wy.overflow);
      return { x, y, xx, infinity, valid, words: [wx.lo, wx.hi, wy.lo, wy.hi] };
    };
    const P = load(call.x1, call.y1);
    const Q = load(call.x2, call.y2);

    const success = flag('and', P.valid, Q.valid);
    const eqx = equal(P.x, Q.x);
    const opposite = flag('andNot', eqx, equal(P.y, Q.y));
    const need = flag('andNot', flag('andNot', flag('andNot', success, P.infinity), Q.infinity), opposite);

    const den = select(eqx, op('add', P.y, P.y), op('sub', Q.x, P.x));
    const num = select(eqx, op('add', op('add', P.xx, P.xx), P.xx), op('sub', Q.y, P.y));
    const lambda = fq.load(region, nn.take(NonNativeChip.CANONICAL_ROWS), () => {
      const d = elementValue(den);
      return d === 0n ? 0n : (elementValue(num) * modInverse(d, FQ_MODULUS)) % FQ_MODULUS;
    });
    // need ? λ·den : num, equal to num: λ·den = num whenever need = 1
    const checked = select(need, op('mul', lambda, den), num);
    checked.limbs.forEach((l, i) => region.constrainEqual(l, num.limbs[i]));

    const x3 = op('sub', op('sub', op('mul', lambda, lambda), P.x), Q.x);
    const y3 = op('sub', op('mul', lambda, op('sub', P.x, x3)), P.y);
    const pick = (sumC: Element, pC: Element, qC: Element) =>
      select(success, select(P.infinity, qC, select(Q.infinity, pC, select(opposite, zero, sumC))), zero);
    const x = pick(x3, P.x, Q.x);
    const y = pick(y3, P.y, Q.y);
    const wx = fq.toWord(region, nn.take(NonNativeChip.WORD_ROWS), x);
    const wy = fq.toWord(region, nn.take(NonNativeChip.WORD_ROWS), y);
    return { success, x, y, cells: [success, ...P.words, ...Q.words, wx.lo, wx.hi, wy.lo, wy.hi] };
  }
}
