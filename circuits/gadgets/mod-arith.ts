/**
 * ModArithChip: the EVM's ADDMOD and MULMOD, (a + b) mod n and (a·b) mod n over the unbounded
 * integers (0 when n = 0), on MulDivModChip's chips. The sum and product exceed 256 bits, so both
 * first reduce a (a_red = a mod n, so the quotient below fits a word) and prove a 512-bit identity
 * with the wide MulAdd block:
 *
 *   MULMOD (42 rows): rows 0–11   a = k·n + a_red          (DIV/MOD block; a_red is its MOD result)
 *                     rows 12–25  a_red·b + 0 = h·2^256 + l (wide block)
 *                     rows 26–39  q·n + r = h·2^256 + l     (wide block; h, l copied from above)
 *                     rows 40–41  r − n with borrow          (WordArithChip sub)
 *     gate "<name> mulmod" (row 0):  n ≠ 0 ⇒ r < n: (1 − zero)·(1 − borrow) = 0;  n = 0 ⇒ q = 0
 *     n = 0 gives a_red = 0, so l = h = 0 and r = 0: the result is r with no select.
 *   ADDMOD (30 rows): rows 0–11   a = k·n + a_red
 *                     rows 12–13  a_red + b = l + carry·2^256 (WordArithChip add)
 *                     rows 14–27  q·n + r = h·2^256 + l with h = (carry, 0)
 *                     rows 28–29  r − n with borrow; the result on the MOD column (mod) at rows 28–29
 *     gate "<name> addmod" (row 0):  n ≠ 0 ⇒ r < n;  n = 0 ⇒ q = 0;  h_hi = 0;  result = (1 − zero)·r
 *     (with n = 0 the identity leaves r = b, hence the select).
 *
 * zero is the DIV/MOD block's divisor-is-zero flag (row 0). q fits a word: a_red < n, so
 * a_red·b / n < b and (a_red + b) / n < 2^256 for n ≥ 2 (= b for n = 1). Every identity is exact
 * (see mul-add.ts), and r < n makes q and r unique.
 */
import type { AssignedCell, ConstraintSystem, Expr, Region, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { MulAddWordsChip, readWordInput, type MulAddWideResult, type WordInput } from './mul-add.js';
import { MulDivModChip, type DivModResult } from './mul-div-mod.js';
import type { WordArithResult } from './word-arith.js';
import { TWO_256, type AssignedWord, type WordCells } from './word.js';

export interface ModArithResult {
  /** (a + b) mod n or (a·b) mod n; 0 when n = 0. */
  result: WordCells;
  reduce: DivModResult;
  quotient: AssignedWord;
  remainder: AssignedWord;
  identity: MulAddWideResult;
  check: WordArithResult;
  nIsZero: AssignedCell;
}

const DIV = MulDivModChip.DIV_MOD_ROWS;
const WIDE = MulAddWordsChip.WIDE_ROWS;

export class ModArithChip {
  private constructor(readonly name: string, readonly mdm: MulDivModChip, readonly qMulMod: Selector, readonly qAddMod: Selector) {}

  static readonly MULMOD_ROWS = DIV + 2 * WIDE + 2;
  static readonly ADDMOD_ROWS = DIV + 2 + WIDE + 2;

  static configure(cs: ConstraintSystem, name: string, mdm: MulDivModChip): ModArithChip {
    const v = (row: number) => mdm.mulAdd.word.value.rot(row);
    const z = mdm.isZero.output.cur();
    const rLessN = (q: Expr, borrowRow: number) => q.mul(constant(1).sub(z)).mul(constant(1).sub(mdm.arith.carry.rot(borrowRow)));
    const qZero = (q: Expr, quotientRow: number) => q.mul(z).mul(v(quotientRow).add(v(quotientRow + 1)));

    const qMulMod = cs.selector(`${name} mulmod`);
    const m = qMulMod.expr();
    const mulQ = DIV + WIDE;
    cs.createGate(`${name} mulmod`, {
      'n ≠ 0 ⇒ r < n': rLessN(m, mulQ + WIDE + 1),
      'n = 0 ⇒ q = 0': qZero(m, mulQ),
    });

    const qAddMod = cs.selector(`${name} addmod`);
    const a = qAddMod.expr();
    const addQ = DIV + 2;
    const check = addQ + WIDE;
    const out = (h: number) => a.mul(mdm.mod.rot(check + h).sub(constant(1).sub(z).mul(v(addQ + 4 + h))));
    cs.createGate(`${name} addmod`, {
      'n ≠ 0 ⇒ r < n': rLessN(a, check + 1),
      'n = 0 ⇒ q = 0': qZero(a, addQ),
      'h hi = 0': a.mul(v(addQ + 11)),
      'result lo = (1 − zero)·r lo': out(0),
      'result hi = (1 − zero)·r hi': out(1),
    });
    return new ModArithChip(name, mdm, qMulMod, qAddMod);
  }

  /** MULMOD: (a·b) mod n at rows offset … offset + 41. */
  mulMod(region: Region, offset: number, a: WordInput, b: WordInput, n: WordInput): ModArithResult {
    region.enableSelector(this.qMulMod, offset);
    const reduce = this.mdm.divMod(region, offset, a, n);
    const product = this.mdm.mulAdd.assignWide(region, offset + DIV, reduce.mod, b, 0n, undefined, undefined, { cZero: true });
    const x = () => readWordInput(product.d)() + readWordInput(product.h)() * TWO_256;
    const r = this.reduceBy(region, offset + DIV + WIDE, reduce, x, product.d, product.h);
    return { ...r, result: r.remainder };
  }

  /**
   * ADDMOD: (a + b) mod n at rows offset … offset + 29. b goes straight into the addition, so it must
   * be a range-checked word (an AssignedWord, or a chip's word result).
   */
  addMod(region: Region, offset: number, a: WordInput, b: WordCells, n: WordInput): ModArithResult {
    region.enableSelector(this.qAddMod, offset);
    const reduce = this.mdm.divMod(region, offset, a, n);
    const sum = this.mdm.arith.add(region, offset + DIV, reduce.mod, b);
    const x = () => readWordInput(sum.result)() + sum.carry.value * TWO_256;
    const r = this.reduceBy(region, offset + DIV + 2, reduce, x, sum.result, { lo: sum.carry, hi: 0n });
    const at = offset + DIV + 2 + WIDE;
    const half = (h: 0 | 1) => region.assignAdvice(`${this.name} addmod ${h ? 'hi' : 'lo'}`, this.mdm.mod, at + h,
      () => (r.nIsZero.value === 1n ? 0n : (h ? r.remainder.hi : r.remainder.lo).value));
    return { ...r, result: { lo: half(0), hi: half(1) } };
  }

  /** q·n + r = x (= h·2^256 + l) and r − n at rows offset … offset + 15. */
  private reduceBy(region: Region, offset: number, reduce: DivModResult, x: () => bigint, l: WordInput, h: WordInput) {
    const n = reduce.mulAdd.b;
    const readN = readWordInput(n);
    const identity = this.mdm.mulAdd.assignWide(region, offset, () => (readN() === 0n ? 0n : x() / readN()), n, () => (readN() === 0n ? x() : x() % readN()), l, h);
    const check = this.mdm.arith.sub(region, offset + WIDE, identity.c, n);
    return { reduce, quotient: identity.a, remainder: identity.c, identity, check, nIsZero: reduce.divisorIsZero };
  }
}
