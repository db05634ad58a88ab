/**
 * WordArithChip: addition and subtraction of 256-bit words mod 2^256 with carry/borrow out, over
 * the (lo, hi) halves, on the two rows of the result's WordChip decomposition (the result's halves
 * are the word's `value` cells, so they are range-checked where they are computed):
 *
 *   advice a, b (copy-enabled), carry (copy-enabled); c = the WordChip's value column
 *   selectors q_add, q_sub (at the lo row; the hi row is the next one)
 *   gate "<name> add":  a + b = c + carry·2^128                    (lo row; carry = carry into hi)
 *                       a' + b' + carry = c' + carry'·2^128         (hi row; carry' = carry out)
 *                       carry, carry' boolean                                         (degree 3)
 *   gate "<name> sub":  c + b = a + borrow·2^128, c' + b' + borrow = a' + borrow'·2^128, booleans
 *                       (c = a − b mod 2^256; borrow' = 1 iff a < b)
 *
 * With a, b, c < 2^128 the sums stay far below r, so each equation is an integer identity and
 * the boolean carry is unique. Operands must be range-checked words (AssignedWord from WordChip,
 * or the result of an earlier add/sub): they are copied in and copy-constrained. Operands given as values are
 * assigned free: the caller constrains them (SignedLtChip derives them from words by a gate).
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { assignInput, lazy, type CellInput } from './common.js';
import { TWO_128, TWO_256, joinWord, type AssignedWord, type WordCells, type WordChip } from './word.js';

/** An operand: cells (copied in) or values (assigned, constrained by the caller). */
export interface WordOperand { lo: CellInput; hi: CellInput }

export interface WordArithResult {
  a: WordCells;
  b: WordCells;
  /** a + b or a − b, mod 2^256, with its bytes. */
  result: AssignedWord;
  /** Carry out of the add (1 iff a + b ≥ 2^256) or borrow out of the sub (1 iff a < b). */
  carry: AssignedCell;
}

export class WordArithChip {
  private constructor(
    readonly name: string,
    readonly word: WordChip,
    readonly a: Column,
    readonly b: Column,
    readonly carry: Column,
    readonly qAdd: Selector,
    readonly qSub: Selector,
  ) {}

  static configure(cs: ConstraintSystem, name: string, word: WordChip, a: Column, b: Column, carry: Column): WordArithChip {
    const qAdd = cs.selector(`${name} add`);
    const qSub = cs.selector(`${name} sub`);
    for (const col of [a, b, carry]) cs.enableEquality(col);
    const c = word.value;
    const bool = (e: ReturnType<Column['cur']>) => e.mul(constant(1).sub(e));
    const add = qAdd.expr();
    cs.createGate(`${name} add`, {
      'lo: a + b = c + carry·2^128': add.mul(a.cur().add(b.cur()).sub(c.cur()).sub(carry.cur().mul(TWO_128))),
      'hi: a + b + carry = c + carry out·2^128': add.mul(a.next().add(b.next()).add(carry.cur()).sub(c.next()).sub(carry.next().mul(TWO_128))),
      'carry is boolean': add.mul(bool(carry.cur())),
      'carry out is boolean': add.mul(bool(carry.next())),
    });
    const sub = qSub.expr();
    cs.createGate(`${name} sub`, {
      'lo: c + b = a + borrow·2^128': sub.mul(c.cur().add(b.cur()).sub(a.cur()).sub(carry.cur().mul(TWO_128))),
      'hi: c + b + borrow = a + borrow out·2^128': sub.mul(c.next().add(b.next()).add(carry.cur()).sub(a.next()).sub(carry.next().mul(TWO_128))),
      'borrow is boolean': sub.mul(bool(carry.cur())),
      'borrow out is boolean': sub.mul(bool(carry.next())),
    });
    return new WordArithChip(name, word, a, b, carry, qAdd, qSub);
  }

  /** a + b mod 2^256 at rows offset, offset + 1 (this chip's columns and the WordChip's). */
  add(region: Region, offset: number, a: WordOperand, b: WordOperand): WordArithResult {
    return this.assign(region, offset, 'add', a, b);
  }

  /** a − b mod 2^256 at rows offset, offset + 1; carry is the borrow out. */
  sub(region: Region, offset: number, a: WordOperand, b: WordOperand): WordArithResult {
    return this.assign(region, offset, 'sub', a, b);
  }

  private assign(region: Region, offset: number, op: 'add' | 'sub', a: WordOperand, b: WordOperand): WordArithResult {
    region.enableSelector(op === 'add' ? this.qAdd : this.qSub, offset);
    const ca = { lo: assignInput(region, `${this.name} a lo`, this.a, offset, a.lo), hi: assignInput(region, `${this.name} a hi`, this.a, offset + 1, a.hi) };
    const cb = { lo: assignInput(region, `${this.name} b lo`, this.b, offset, b.lo), hi: assignInput(region, `${this.name} b hi`, this.b, offset + 1, b.hi) };
    const [alo, ahi, blo, bhi] = [ca.lo, ca.hi, cb.lo, cb.hi].map(lazy);
    // carry into hi: lo overflow (add) or lo borrow (sub)
    const carryLo = () => (op === 'add' ? (alo() + blo() >= TWO_128 ? 1n : 0n) : (alo() < blo() ? 1n : 0n));
    const x = () => joinWord(alo(), ahi());
    const y = () => joinWord(blo(), bhi());
    const out = () => (op === 'add' ? (x() + y()) % TWO_256 : (x() - y() + TWO_256) % TWO_256);
    const carryOut = () => (op === 'add' ? (x() + y() >= TWO_256 ? 1n : 0n) : (x() < y() ? 1n : 0n));
    region.assignAdvice(`${this.name} carry`, this.carry, offset, carryLo);
    const carry = region.assignAdvice(`${this.name} carry out`, this.carry, offset + 1, carryOut);
    const result = this.word.assign(region, offset, out);
    return { a: ca, b: cb, result, carry };
  }
}
