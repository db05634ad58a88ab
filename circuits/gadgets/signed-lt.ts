/**
 * SignedLtChip: the EVM's SLT — 1 iff a < b as two's-complement 256-bit numbers — as the borrow of a' − b' with
 * x' = x XOR 2^255: flipping the sign bit maps the signed order onto the unsigned one (SGT(a, b) = SLT(b, a)).
 *
 *   rows 0–1  a (WordChip: halves and bytes)       rows 2–3  b
 *   rows 4–5  a' − b' (WordArithChip sub; a', b' in its a, b columns; the borrow out on row 5 is the result)
 *   advice sign: row 0 a's sign bit s_a, row 1 b's s_b
 *   gate "<name>" (q, row 0):  s_a, s_b boolean;  a' lo = a lo;  a' hi = a hi + 2^127 − 2^128·s_a;  same for b
 *   lookups "<name> sign a/b":  q·2·(top byte of the hi half − 128·s) ∈ byte table
 *
 * The lookup pins s to the top bit: 2·(y − 128·s) < 256 holds for y < 256 only with s = 1 iff y ≥ 128 (a wrong
 * s gives a negative value, i.e. a huge field element, or one ≥ 256). Then x' hi < 2^128 is x hi with its top bit
 * flipped, and a', b' are canonical words, so the sub's borrow is exactly a' < b'.
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { assignWordInput, readWordInput, type WordInput } from './mul-add.js';
import type { RangeTable } from './range-table.js';
import type { WordArithChip } from './word-arith.js';
import { TWO_128, splitWord, type AssignedWord, type WordChip } from './word.js';

const TWO_127 = 1n << 127n;

export interface SignedLtResult { a: AssignedWord; b: AssignedWord; lt: AssignedCell }

export class SignedLtChip {
  private constructor(readonly name: string, readonly word: WordChip, readonly arith: WordArithChip, readonly sign: Column, readonly q: Selector) {}

  static readonly ROWS = 6;

  /** `arith` must work over `word`; `sign` is this chip's advice column. */
  static configure(cs: ConstraintSystem, name: string, byte: RangeTable, word: WordChip, arith: WordArithChip, sign: Column): SignedLtChip {
    const q = cs.selector(name);
    const s = q.expr();
    const v = (row: number) => word.value.rot(row);
    const flipped = (half: ReturnType<typeof v>, bit: ReturnType<typeof v>) => half.add(TWO_127).sub(bit.mul(TWO_128));
    const [sa, sb] = [sign.cur(), sign.next()];
    cs.createGate(name, {
      'a sign is boolean': s.mul(sa).mul(constant(1).sub(sa)),
      'b sign is boolean': s.mul(sb).mul(constant(1).sub(sb)),
      "a' lo = a lo": s.mul(arith.a.rot(4).sub(v(0))),
      "a' hi = a hi with its top bit flipped": s.mul(arith.a.rot(5).sub(flipped(v(1), sa))),
      "b' lo = b lo": s.mul(arith.b.rot(4).sub(v(2))),
      "b' hi = b hi with its top bit flipped": s.mul(arith.b.rot(5).sub(flipped(v(3), sb))),
    });
    byte.lookup(cs, `${name} sign a`, s.mul(word.bytes[15]!.rot(1).sub(sa.mul(128)).mul(2)));
    byte.lookup(cs, `${name} sign b`, s.mul(word.bytes[15]!.rot(3).sub(sb.mul(128)).mul(2)));
    return new SignedLtChip(name, word, arith, sign, q);
  }

  /** SLT(a, b) at rows offset … offset + 5. */
  lt(region: Region, offset: number, a: WordInput, b: WordInput): SignedLtResult {
    region.enableSelector(this.q, offset);
    const wa = assignWordInput(this.word, region, offset, a);
    const wb = assignWordInput(this.word, region, offset + 2, b);
    const [ra, rb] = [readWordInput(a), readWordInput(b)];
    const bit = (x: () => bigint) => () => x() >> 255n;
    region.assignAdvice(`${this.name} sign a`, this.sign, offset, bit(ra));
    region.assignAdvice(`${this.name} sign b`, this.sign, offset + 1, bit(rb));
    const flip = (x: () => bigint) => () => x() ^ (1n << 255n);
    const half = (x: () => bigint, h: 0 | 1) => () => splitWord(x())[h];
    const [fa, fb] = [flip(ra), flip(rb)];
    const diff = this.arith.sub(region, offset + 4, { lo: half(fa, 0), hi: half(fa, 1) }, { lo: half(fb, 0), hi: half(fb, 1) });
    return { a: wa, b: wb, lt: diff.carry };
  }
}
