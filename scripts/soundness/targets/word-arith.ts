/**
 * Word arithmetic (circuits/gadgets): MulAddWordsChip, MulDivModChip, ModArithChip and ShiftChip over one
 * WordChip and WordArithChip, as the EVM circuit composes them — every operation once in one region, the
 * results of the main cases public. Forgeries rewrite whole blocks (words with their bytes, carries,
 * the r − n rows) so that exactly the rule under attack objects.
 */
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { modInverse } from '../../../circuits/field/modular.js';
import {
  ModArithChip, MulDivModChip, Pow2Table, RangeTable, ShiftChip, TWO_256, WordArithChip, WordChip, mulAddCarries, splitWord,
  type WordCells,
} from '../../../circuits/gadgets/index.js';
import type { AssignedCell, Circuit, Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import type { NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { applyEdits, arithEdits, divModEdits, halfEdits, halvesEdits, mulAddEdits, wordEdits } from '../word-edits.js';
import { PADDING } from './examples.js';

const R = FR_MODULUS;
const TWO_128 = 1n << 128n;

interface Config { byte: RangeTable; pow2: Pow2Table; word: WordChip; mdm: MulDivModChip; ma: ModArithChip; sh: ShiftChip; pub: Column }

/** Row offsets of the operations in the region (see WordArithHarness). */
export const AT = {
  mul: 0, div: 10, div0: 22, divLt: 34, addB: 46, add: 48, mul2: 78, add0B: 120, add0: 122, mulMod0: 152,
  shl: 194, shlBig: 206, shr: 218, sar: 232,
} as const;

/**
 * Operands: x > y for DIV, SMALL < y for "DIV with quotient 0", n ≈ 0.45·2^256 with a, b < n (so r + n, the
 * quotients of the forged wide identities, and the sums below stay words), a negative value for SAR.
 */
const X = 0xd1c2b3a49586776858493a2b1c0d0efffedcba98765432100123456789abcdefn;
const Y = 0x1f2e3d4c5b6a79880123456789abcdefn;
const SMALL = 0x1234567n;
const A = 0x66a5a5a5f0f0f0f01234567812345678deadbeefcafebabe0011223344556677n;
const B = 0x4c5a5a5a0f0f0f0f8765432187654321feedfacebaddcafe8899aabbccddeeffn;
const N = 0x73b9aca00deadbeef1234567890abcdef0fedcba9876543210fedcba98765431n;
const S = 77n;
/** ≥ 256, low byte 44. */
const S_BIG = 300n;
const NEG = (1n << 255n) | 0x0badc0ffee0ddf00dn;

/** Public outputs, in order: MUL product, ADDMOD and MULMOD results, SHL result, SAR result (lo, hi each). */
export function expectedOutputs(): bigint[] {
  const sar = ((NEG - TWO_256) >> S) + TWO_256;
  return [(X * Y) % TWO_256, (A + B) % N, (A * B) % N, (X << S) % TWO_256, sar].flatMap((v) => splitWord(v));
}

export class WordArithHarness implements Circuit<Config> {
  configure(cs: ConstraintSystem): Config {
    const byte = RangeTable.configure(cs, 'byte', 8);
    const word = WordChip.configure(cs, 'word', byte, cs.adviceColumn('word'), Array.from({ length: 16 }, (_, i) => cs.adviceColumn(`byte ${i}`)));
    const [a, b, carry, inv, zero, mod] = ['a', 'b', 'carry', 'inv', 'zero', 'mod'].map((n) => cs.adviceColumn(n));
    const arith = WordArithChip.configure(cs, 'arith', word, a, b, carry);
    const mdm = MulDivModChip.configure(cs, 'mdm', word, arith, inv, zero, mod);
    const pow2 = Pow2Table.configure(cs, 'pow2');
    const [sInv, small, sEff, sign, out] = ['sh inv', 'sh small', 'sh s_eff', 'sh sign', 'sh out'].map((n) => cs.adviceColumn(n));
    const sh = ShiftChip.configure(cs, 'sh', byte, pow2, word, mdm, { inv: sInv, small, sEff, sign, out });
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(pub);
    return { byte, pow2, word, mdm, ma: ModArithChip.configure(cs, 'ma', mdm), sh, pub };
  }

  synthesize({ byte, pow2, word, mdm, ma, sh, pub }: Config, layouter: Layouter): void {
    byte.load(layouter);
    pow2.load(layouter);
    const outs: WordCells[] = layouter.assignRegion('cases', (region) => {
      const product = mdm.mul(region, AT.mul, X, Y).product;
      mdm.divMod(region, AT.div, X, Y);
      mdm.divMod(region, AT.div0, X, 0n);
      mdm.divMod(region, AT.divLt, SMALL, Y);
      const add = ma.addMod(region, AT.add, A, word.assign(region, AT.addB, B), N).result;
      const mul = ma.mulMod(region, AT.mul2, A, B, N).result;
      ma.addMod(region, AT.add0, A, word.assign(region, AT.add0B, B), 0n);
      ma.mulMod(region, AT.mulMod0, A, B, 0n);
      const shl = sh.shl(region, AT.shl, S, X).result;
      sh.shl(region, AT.shlBig, S_BIG, X);
      sh.shr(region, AT.shr, S, X);
      const sar = sh.sar(region, AT.sar, S, NEG).result;
      return [product, add, mul, shl, sar];
    });
    outs.flatMap((o) => [o.lo, o.hi]).forEach((cell: AssignedCell, i) => layouter.constrainInstance(cell, pub, i));
  }
}

// ---------------------------------------------------------------------------------------------
// witness rewriting: whole words and blocks, as the chips would assign them for the given integers

/** Public output indexes (lo; hi is the next). */
const PUB = { product: 0, addMod: 2, mulMod: 4, shl: 6, sar: 8 } as const;
const setHalf = (w: WitnessEditor, row: number, half: bigint) => applyEdits(w, halfEdits(row, half));
const setWord = (w: WitnessEditor, row: number, x: bigint) => applyEdits(w, wordEdits(row, x));
const setPub = (w: WitnessEditor, index: number, x: bigint) => applyEdits(w, halvesEdits('pub', index, x));
const setCol = (w: WitnessEditor, column: string, row: number, x: bigint) => applyEdits(w, halvesEdits(column, row, x));
const mulAdd = (w: WitnessEditor, at: number, a: bigint, b: bigint, c: bigint, d?: bigint) => applyEdits(w, mulAddEdits(at, a, b, c, d));
const arith = (w: WitnessEditor, at: number, op: 'add' | 'sub', a: bigint, b: bigint) => applyEdits(w, arithEdits(at, op, a, b));
const divMod = (w: WitnessEditor, at: number, x: bigint, d: bigint, q: bigint, r: bigint) => applyEdits(w, divModEdits(at, x, d, q, r));

/** A wide block a·b + c = h·2^256 + d: the MulAdd rows, h and carry2. */
function wide(w: WitnessEditor, at: number, a: bigint, b: bigint, c: bigint): void {
  mulAdd(w, at, a, b, c);
  const x = a * b + c;
  setWord(w, at + 10, x >> 256n);
  setWord(w, at + 12, (x >> 384n) - (a >> 192n) * (b >> 192n));
}

// ModArith blocks: the DIV/MOD rows (12), ADDMOD's sum (2) or MULMOD's product (14), q·n + r (14), r − n (2)
const ADD_SUM = 12, ADD_Q = 14, ADD_CHECK = 28, MUL_PRODUCT = 12, MUL_Q = 26, MUL_CHECK = 40;

/** ADDMOD's q·n + r = x (x = h·2^256 + l), r − n and the result (MOD cells and public output) redone for x. */
function addModTail(w: WitnessEditor, x: bigint, n = N): void {
  const [q, r] = [x / n, x % n];
  wide(w, AT.add + ADD_Q, q, n, r);
  arith(w, AT.add + ADD_CHECK, 'sub', r, n);
  setCol(w, 'mod', AT.add + ADD_CHECK, r);
  setPub(w, PUB.addMod, r);
}

/** MULMOD's q·n + r = x, r − n and the public result redone for x. */
function mulModTail(w: WitnessEditor, x: bigint, n = N, q = x / n, r = x % n): void {
  wide(w, AT.mul2 + MUL_Q, q, n, r);
  arith(w, AT.mul2 + MUL_CHECK, 'sub', r, N);
  setPub(w, PUB.mulMod, r);
}

/** ADDMOD's sum rows set to (c_lo, c_hi) with carries (carry, carryOut) — field elements — and the rest redone. */
function forgeSum(w: WitnessEditor, cLo: bigint, cHi: bigint, carry: bigint, carryOut: bigint): void {
  const at = AT.add + ADD_SUM;
  setHalf(w, at, cLo);
  setHalf(w, at + 1, cHi);
  w.set('carry', at, carry);
  w.set('carry', at + 1, carryOut);
  addModTail(w, cLo + (cHi << 128n) + (carryOut << 256n));
}

/** SHL at `base` with power `pow` in its MUL block (product and carries redone), the result public when `pub`. */
function shlWithPower(w: WitnessEditor, base: number, pow: bigint, pub?: number): void {
  mulAdd(w, base + ShiftChip.SHIFT_ROWS, X, pow, 0n);
  if (pub !== undefined) setPub(w, pub, (X * pow) % TWO_256);
}

/** SAR's DIV rows on dividend x (by 2^S), with sign σ and out = σ ? NOT quotient : quotient (public). */
function sarWith(w: WitnessEditor, x: bigint, sign: bigint): void {
  const pow = 1n << S;
  const q = x / pow;
  divMod(w, AT.sar + ShiftChip.SHIFT_ROWS, x, pow, q, x % pow);
  const at = AT.sar + ShiftChip.SHR_ROWS;
  w.set('sh sign', at, sign);
  const out = sign === 1n ? TWO_256 - 1n - q : q;
  setCol(w, 'sh out', at, out);
  setPub(w, PUB.sar, out);
}

/** A row among `rows` whose bytes 0 and 1 are both non-zero (room to move 1 between them). */
function rowWithRoom(w: WitnessEditor, rows: readonly number[]): number {
  const row = rows.find((r) => w.get('byte 0', r) > 0n && w.get('byte 1', r) > 0n);
  if (row === undefined) throw new RangeError(`forgery precondition: no row among ${rows.join(', ')} has non-zero bytes 0 and 1`);
  return row;
}

/** The smallest t with t·2^128 ≥ v (v ≥ 0). */
const ceil128 = (v: bigint) => (v + TWO_128 - 1n) >> 128n;
const inv256 = (i: number) => modInverse(1n << BigInt(8 * i), R);
const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });

const negatives: NegativeTest[] = [
  // WordChip
  test('a word value that is not its bytes (MUL\'s a, read through its bytes only)', (w) => w.add('word', AT.mul, 1n)),
  ...Array.from({ length: 16 }, (_, i) => test(`byte ${i} outside 0..255 with the product half's value kept`, (w) => {
    const row = rowWithRoom(w, [AT.mul + 6, AT.mul + 7]);
    if (i === 0) { w.add('byte 0', row, 256n); w.add('byte 1', row, -1n); } else { w.add(`byte ${i}`, row, inv256(i)); w.add('byte 0', row, -1n); }
  })),

  // WordArithChip add (ADDMOD's a mod n + b; q·n + r and the result redone)
  test('add: sum lo + 1', (w) => { const [lo, hi] = splitWord((A % N + B) % TWO_256); forgeSum(w, lo + 1n, hi, w.get('carry', AT.add + ADD_SUM), 0n); }),
  test('add: sum hi + 1', (w) => { const [lo, hi] = splitWord((A % N + B) % TWO_256); forgeSum(w, lo, hi + 1n, w.get('carry', AT.add + ADD_SUM), 0n); }),
  test('add: carry into hi a non-boolean field element (lo wraps r)', (w) => {
    const [[alo, ahi], [blo, bhi]] = [splitWord(A % N), splitWord(B)];
    const t = (alo + blo + R) >> 128n;
    forgeSum(w, (alo + blo + R) % TWO_128, ahi + bhi + t, t, 0n);
  }),
  test('add: carry out a non-boolean field element (hi wraps r; q·n + r follows the larger sum)', (w) => {
    const [[alo, ahi], [blo, bhi]] = [splitWord(A % N), splitWord(B)];
    const carry = (alo + blo) >> 128n;
    const hi = ahi + bhi + carry + R;
    forgeSum(w, (alo + blo) % TWO_128, hi % TWO_128, carry, hi >> 128n);
  }),

  // WordArithChip sub (DIV by 0: "remainder < divisor" is off, the difference feeds nothing)
  test('sub: difference lo + 1', (w) => setHalf(w, AT.div0 + 10, w.get('word', AT.div0 + 10) + 1n)),
  test('sub: difference hi + 1', (w) => setHalf(w, AT.div0 + 11, w.get('word', AT.div0 + 11) + 1n)),
  test('sub: borrow into hi a non-boolean field element (lo wraps r)', (w) => {
    const [xlo, xhi] = splitWord(X);
    const t = ceil128(R - xlo);
    w.set('carry', AT.div0 + 10, t);
    setHalf(w, AT.div0 + 10, xlo + (t << 128n) - R);
    setHalf(w, AT.div0 + 11, xhi - t);
  }),
  test('sub: borrow out a non-boolean field element (hi wraps r)', (w) => {
    const xhi = splitWord(X)[1];
    const t = ceil128(R - xhi);
    w.set('carry', AT.div0 + 11, t);
    setHalf(w, AT.div0 + 11, xhi + (t << 128n) - R);
  }),

  // MulAddWordsChip
  test('MUL: product lo + 1 (public output follows)', (w) => { setHalf(w, AT.mul + 6, w.get('word', AT.mul + 6) + 1n); w.add('pub', PUB.product, 1n); }),
  test('MUL: product hi + 1 (public output follows)', (w) => { setHalf(w, AT.mul + 7, w.get('word', AT.mul + 7) + 1n); w.add('pub', PUB.product + 1, 1n); }),
  test('MUL: d_lo + carry_lo·2^128 raised by r (same field element), hi absorbing the larger carry', (w) => {
    const [dlo, dhi] = splitWord((X * Y) % TWO_256);
    const [clo, chi] = splitWord(mulAddCarries(X, Y, 0n));
    const lo = dlo + (clo << 128n) + R;
    const hi = dhi + (chi << 128n) + (lo >> 128n) - clo;
    [lo % TWO_128, hi % TWO_128, lo >> 128n, hi >> 128n].forEach((v, i) => setHalf(w, AT.mul + 6 + [0, 1, 2, 3][i], v));
    setPub(w, PUB.product, (lo % TWO_128) + ((hi % TWO_128) << 128n));
  }),
  test('MUL: d_hi + carry_hi·2^128 raised by r', (w) => {
    const dhi = splitWord((X * Y) % TWO_256)[1];
    const chi = splitWord(mulAddCarries(X, Y, 0n))[1];
    const hi = dhi + (chi << 128n) + R;
    setHalf(w, AT.mul + 7, hi % TWO_128);
    setHalf(w, AT.mul + 9, hi >> 128n);
    w.set('pub', PUB.product + 1, hi % TWO_128);
  }),
  test('SHR: quotient + 2^179 (times 2^77 it wraps 2^256: the low 256 bits still match)', (w) => {
    const pow = 1n << S;
    mulAdd(w, AT.shr + ShiftChip.SHIFT_ROWS, (X >> S) + (1n << (256n - S)), pow, X % pow, X);
  }),
  test('MUL with a non-zero addend c = 1 (product and output + 1)', (w) => { mulAdd(w, AT.mul, X, Y, 1n); setPub(w, PUB.product, (X * Y + 1n) % TWO_256); }),
  test('wide: carry2 word hi = 1', (w) => setHalf(w, AT.mul2 + MUL_PRODUCT + 13, 1n)),
  test('wide: h_lo + carry2·2^128 raised by r, h_hi absorbing it (q·n + r follows)', (w) => {
    const x = (A % N) * B;
    const at = AT.mul2 + MUL_PRODUCT;
    const [hlo, hhi] = splitWord(x >> 256n);
    const carry2 = (x >> 384n) - ((A % N) >> 192n) * (B >> 192n);
    const lo = hlo + (carry2 << 128n) + R;
    const h = (lo % TWO_128) + ((hhi + (lo >> 128n) - carry2) << 128n);
    setWord(w, at + 10, h);
    setWord(w, at + 12, lo >> 128n);
    mulModTail(w, (h << 256n) + (x % TWO_256));
  }),
  test('wide: h lo + 1 (q·n + r follows)', (w) => {
    const x = (A % N) * B + (1n << 256n);
    setWord(w, AT.mul2 + MUL_PRODUCT + 10, x >> 256n);
    mulModTail(w, x);
  }),
  test('wide: h hi + 1 (q·n + r follows)', (w) => {
    const x = (A % N) * B + (1n << 384n);
    setWord(w, AT.mul2 + MUL_PRODUCT + 10, x >> 256n);
    mulModTail(w, x);
  }),

  // MulDivModChip
  test('DIV: wrong inverse of a non-zero divisor', (w) => w.add('inv', AT.div, 1n)),
  test('DIV with quotient 0: a non-zero divisor claimed zero (zero = 1, inverse 0, MOD 0)', (w) => {
    w.set('zero', AT.divLt, 1n);
    w.set('inv', AT.divLt, 0n);
    setCol(w, 'mod', AT.divLt, 0n);
  }),
  test('DIV by 0: quotient 1', (w) => setWord(w, AT.div0, 1n)),
  test('DIV: quotient − 1, remainder + divisor (identity, r − d and MOD redone)', (w) => divMod(w, AT.div, X, Y, X / Y - 1n, X % Y + Y)),
  test('DIV: MOD lo + 1', (w) => w.add('mod', AT.div, 1n)),
  test('DIV: MOD hi + 1', (w) => w.add('mod', AT.div + 1, 1n)),

  // ModArithChip
  test('MULMOD: q − 1, r + n (r − n and the result redone)', (w) => { const x = (A % N) * B; mulModTail(w, x, N, x / N - 1n, x % N + N); }),
  test('MULMOD by 0: quotient 1', (w) => setWord(w, AT.mulMod0 + MUL_Q, 1n)),
  test('ADDMOD: q − 1, r + n (r − n and the result redone)', (w) => {
    const x = A % N + B;
    const [q, r] = [x / N - 1n, x % N + N];
    wide(w, AT.add + ADD_Q, q, N, r);
    arith(w, AT.add + ADD_CHECK, 'sub', r, N);
    setCol(w, 'mod', AT.add + ADD_CHECK, r);
    setPub(w, PUB.addMod, r);
  }),
  test('ADDMOD by 0: quotient 1', (w) => setWord(w, AT.add0 + ADD_Q, 1n)),
  test('ADDMOD: h hi = 1 (q·n + r of the larger sum)', (w) => addModTail(w, A % N + B + (1n << 384n))),
  test('ADDMOD: result lo + 1 (public output follows)', (w) => { w.add('mod', AT.add + ADD_CHECK, 1n); w.add('pub', PUB.addMod, 1n); }),
  test('ADDMOD: result hi + 1 (public output follows)', (w) => { w.add('mod', AT.add + ADD_CHECK + 1, 1n); w.add('pub', PUB.addMod + 1, 1n); }),

  // ShiftChip
  test('SHL by 300: wrong inverse of the high bytes', (w) => w.add('sh inv', AT.shlBig, 1n)),
  test('SHL by 300 passed off as 44 (small = 1, inverse 0, power 2^44)', (w) => {
    w.set('sh small', AT.shlBig, 1n);
    w.set('sh inv', AT.shlBig, 0n);
    w.set('sh s_eff', AT.shlBig, S_BIG & 0xffn);
    shlWithPower(w, AT.shlBig, 1n << (S_BIG & 0xffn));
  }),
  test('SHL: s_eff = s + 1 with the power 2^(s+1)', (w) => { w.set('sh s_eff', AT.shl, S + 1n); shlWithPower(w, AT.shl, 1n << (S + 1n), PUB.shl); }),
  test('SHL: a power other than 2^s (product and output follow)', (w) => shlWithPower(w, AT.shl, (1n << S) + 1n, PUB.shl)),
  test('SAR: dividend lo ≠ NOT value lo (DIV rows and output follow)', (w) => sarWith(w, TWO_256 - 1n - NEG - 1n, 1n)),
  test('SAR: dividend hi ≠ NOT value hi (DIV rows and output follow)', (w) => sarWith(w, TWO_256 - 1n - NEG - TWO_128, 1n)),
  test('SAR: out lo + 1 (public output follows)', (w) => { w.add('sh out', AT.sar + ShiftChip.SHR_ROWS, 1n); w.add('pub', PUB.sar, 1n); }),
  test('SAR: out hi + 1 (public output follows)', (w) => { w.add('sh out', AT.sar + ShiftChip.SHR_ROWS + 1, 1n); w.add('pub', PUB.sar + 1, 1n); }),
  test('SAR: a negative value passed off as positive (sign 0, DIV rows and output on the value itself)', (w) => sarWith(w, NEG, 0n)),

  // copies
  test('DIV: r − d reads a remainder lo + 1 (difference follows)', (w) => { w.add('a', AT.div + 10, 1n); setHalf(w, AT.div + 10, w.get('word', AT.div + 10) + 1n); }),
  test('DIV: r − d reads a divisor lo + 1 (difference follows)', (w) => { w.add('b', AT.div + 10, 1n); setHalf(w, AT.div + 10, w.get('word', AT.div + 10) - 1n); }),
  test('ADDMOD: the sum reads a mod n + 1 (sum and q·n + r follow)', (w) => {
    const at = AT.add + ADD_SUM;
    w.add('a', at, 1n);
    setHalf(w, at, w.get('word', at) + 1n);
    addModTail(w, A % N + B + 1n);
  }),
  test('MULMOD: q·n + r with n − 1 in place of n (q, r, r − n and the result redone)', (w) => {
    const x = (A % N) * B;
    mulModTail(w, x, N - 1n);
  }),
  test('ADDMOD: h lo = carry + 1 (q·n + r follows)', (w) => addModTail(w, A % N + B + (1n << 256n))),
  test('MULMOD: the product reads a mod n + 1 (product and q·n + r follow)', (w) => {
    const a = A % N + 1n;
    wide(w, AT.mul2 + MUL_PRODUCT, a, B, 0n);
    mulModTail(w, a * B);
  }),
  test('public MUL product lo + 1', (w) => w.add('pub', PUB.product, 1n)),
  test('public ADDMOD result lo + 1', (w) => w.add('pub', PUB.addMod, 1n)),
  test('public SAR result lo + 1', (w) => w.add('pub', PUB.sar, 1n)),
];

export const wordArith: SoundnessTarget = {
  name: 'word-arith',
  family: 'gadgets',
  description: 'circuits/gadgets: MulAddWords, MulDivMod (MUL, DIV, MOD), ModArith (ADDMOD, MULMOD), Shift (SHL, SHR, SAR) over one WordChip',
  honest: () => ({ circuit: new WordArithHarness(), k: 9, instances: [expectedOutputs()] }),
  negatives,
  allow: [
    PADDING,
    {
      kind: 'cells', column: 'inv', rows: [AT.div0, AT.add0, AT.mulMod0],
      reason: 'IsZero inverse of a zero divisor (DIV, ADDMOD, MULMOD by 0): free by design (out = 1 − 0·inv = 1 whatever inv is)',
    },
    {
      kind: 'cells', column: 'sh inv', rows: [AT.shl, AT.shr, AT.sar],
      reason: 'IsZero inverse of a shift\'s high bytes when s < 256 (their sum is 0): free by design, as above',
    },
  ],
  exceptions: [{
    item: 'gate sh sar/sign is boolean',
    reason: 'implied by the sign lookup and the dividend\'s range check: a sign passing the lookup 2·(byte_31 − 128·σ) ∈ 0..255 is σ = k/256 (k = 2·byte_31 − v); the dividend half x + σ·(M − 2x) is then a 128-bit integer only if 256 | k, as M − 2x is odd; so σ ∈ {0, 1}. Kept as a cheap explicit check',
  }],
};

export const wordArithTargets: readonly SoundnessTarget[] = [wordArith];
