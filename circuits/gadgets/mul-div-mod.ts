/**
 * MulDivModChip: the EVM's MUL, DIV and MOD on 256-bit words, over MulAddWordsChip (the identity),
 * WordArithChip (remainder < divisor as a borrow) and IsZeroChip (divisor = 0), all sharing one WordChip.
 *
 *   MUL  (10 rows): a·b + 0 = product mod 2^256 — one MulAdd block with c = 0.
 *   DIV/MOD (12 rows): rows 0–9  quotient·divisor + remainder = dividend, no overflow (MulAdd block:
 *                                a = quotient, b = divisor, c = remainder, d = dividend)
 *                      rows 10–11 remainder − divisor with borrow out (WordArithChip sub; borrow on row 11)
 *     advice inv, zero (IsZeroChip of divisor_lo + divisor_hi, row 0), mod (copy-enabled; lo row 0, hi row 1)
 *     gate "<name> div mod" (q_div_mod, row 0):
 *       divisor = 0 ⇒ quotient = 0:           zero·(quotient_lo + quotient_hi) = 0
 *       divisor ≠ 0 ⇒ remainder < divisor:    (1 − zero)·(1 − borrow) = 0
 *       mod = (1 − zero)·remainder             (lo on row 0, hi on row 1)                   (degree 3)
 *
 * EVM semantics: DIV and MOD by 0 are 0. With divisor 0 the identity forces remainder = dividend and
 * says nothing of the quotient, hence the quotient = 0 constraint (DIV's result is the quotient word)
 * and the select for MOD. Otherwise quotient and remainder are unique: the identity holds over the
 * integers (see mul-add.ts) and remainder < divisor. Sums of halves are of non-negative values < 2^129,
 * so "= 0" means both halves are 0 and divisor_lo + divisor_hi = 0 iff the divisor is 0.
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { IsZeroChip } from './is-zero.js';
import { MulAddWordsChip, readWordInput, type MulAddResult, type WordInput } from './mul-add.js';
import { WordArithChip, type WordArithResult } from './word-arith.js';
import type { AssignedWord, WordCells, WordChip } from './word.js';

export interface MulResult extends MulAddResult { product: AssignedWord }

export interface DivModResult {
  mulAdd: MulAddResult;
  /** remainder − divisor; its borrow is 1 iff remainder < divisor. */
  check: WordArithResult;
  /** DIV's result: dividend / divisor, 0 when the divisor is 0. */
  quotient: AssignedWord;
  /** dividend mod divisor when the divisor is not 0 (the dividend otherwise). */
  remainder: AssignedWord;
  /** MOD's result: remainder, or 0 when the divisor is 0 (range-checked through the remainder's bytes). */
  mod: WordCells;
  divisorIsZero: AssignedCell;
}

export class MulDivModChip {
  private constructor(
    readonly name: string,
    readonly mulAdd: MulAddWordsChip,
    readonly arith: WordArithChip,
    readonly isZero: IsZeroChip,
    readonly mod: Column,
    readonly qDivMod: Selector,
  ) {}

  static readonly MUL_ROWS = MulAddWordsChip.ROWS;
  static readonly DIV_MOD_ROWS = MulAddWordsChip.ROWS + 2;

  /**
   * `word` is the shared WordChip; `arith` an (a, b, carry) WordArithChip over it; inv, zero, mod
   * are three advice columns of this chip.
   */
  static configure(cs: ConstraintSystem, name: string, word: WordChip, arith: WordArithChip, inv: Column, zero: Column, mod: Column): MulDivModChip {
    const mulAdd = MulAddWordsChip.configure(cs, name, word);
    const qDivMod = cs.selector(`${name} div mod`);
    cs.enableEquality(mod);
    const q = qDivMod.expr();
    const v = (row: number) => word.value.rot(row);
    const isZero = IsZeroChip.configure(cs, `${name} divisor is zero`, q, v(2).add(v(3)), inv, zero);
    const z = zero.cur();
    const nonZero = constant(1).sub(z);
    const borrow = arith.carry.rot(MulAddWordsChip.ROWS + 1);
    cs.createGate(`${name} div mod`, {
      'divisor = 0 ⇒ quotient = 0': q.mul(z).mul(v(0).add(v(1))),
      'divisor ≠ 0 ⇒ remainder < divisor': q.mul(nonZero).mul(constant(1).sub(borrow)),
      'mod lo = (1 − zero)·remainder lo': q.mul(mod.cur().sub(nonZero.mul(v(4)))),
      'mod hi = (1 − zero)·remainder hi': q.mul(mod.next().sub(nonZero.mul(v(5)))),
    });
    return new MulDivModChip(name, mulAdd, arith, isZero, mod, qDivMod);
  }

  /** MUL: a·b mod 2^256 at rows offset … offset + 9. */
  mul(region: Region, offset: number, a: WordInput, b: WordInput): MulResult {
    const r = this.mulAdd.assign(region, offset, a, b, 0n, undefined, { cZero: true });
    return { ...r, product: r.d };
  }

  /** DIV and MOD of dividend by divisor at rows offset … offset + 11. */
  divMod(region: Region, offset: number, dividend: WordInput, divisor: WordInput): DivModResult {
    region.enableSelector(this.qDivMod, offset);
    const [n, d] = [readWordInput(dividend), readWordInput(divisor)];
    const mulAdd = this.mulAdd.assign(region, offset, () => (d() === 0n ? 0n : n() / d()), divisor, () => (d() === 0n ? n() : n() % d()), dividend, { noOverflow: true });
    const { a: quotient, b: div, c: remainder } = mulAdd;
    const divisorIsZero = this.isZero.assign(region, offset, () => div.lo.value + div.hi.value);
    const check = this.arith.sub(region, offset + MulAddWordsChip.ROWS, remainder, div);
    const modHalf = (h: 0 | 1) => region.assignAdvice(`${this.name} mod ${h ? 'hi' : 'lo'}`, this.mod, offset + h,
      () => (divisorIsZero.value === 1n ? 0n : (h ? remainder.hi : remainder.lo).value));
    return { mulAdd, check, quotient, remainder, mod: { lo: modHalf(0), hi: modHalf(1) }, divisorIsZero };
  }
}
