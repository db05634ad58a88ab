/**
 * The MODEXP circuit (precompile 0x05; EIP-198 semantics, EIP-2565 gas; base, exponent, modulus ≤ 32 bytes): one
 * region of step rows (witness.ts: a right-to-left square-and-multiply chain per call, calls back to back), each step
 * one MULMOD of the word arithmetic table (evm/arith-table.ts, proven there by ModArithChip), as EXP does with MUL
 * rows — nothing is re-proven here. A square also looks up DIV and MOD of E by 2 (one DIV/MOD slot), which makes
 * E' = E div 2 a canonical word and the square's bit E mod 2.
 *
 *   every step:   (MULMOD, k ? R : B, B, M, P) in the arithmetic table; k, last boolean; k = 1 ⇒ bit = 0;
 *                 last ⇒ k = 1 and E = 1; exp = 0 ⇔ z (IsZero over exp lo + exp hi, z ⇒ both halves 0)
 *   a square:     (DIV, E, 2, 0, E(+1)) and (MOD, E, 2, 0, bit) in the arithmetic table
 *   a call's first step (start = 1: region row 0, or after a last step):
 *                 R = 1, E = exp + z, B = z ? 1 : base, squares = 0, bit = 0
 *   a later step: M, base, exp and the three lengths as above; after a multiply: k = 0, bit = 1, the same E and B,
 *                 R = P(−1); after a square: bit = 0, B = P(−1), R = R(−1), squares + 1
 *   a last step:  the call's table row — (1, baseLength, modLength, complexity) in the complexity table,
 *                 (1, complexity, squares, gas) in the gas table, expLength and 32 − expLength bytes
 *
 * So every odd E is multiplied in once (a square of an odd E must follow its multiply: bit = 1 = E mod 2), every
 * even E is squared, and a call ends exactly at E = 1 with P = base^exp mod m; the region's last step must be last.
 * The squares then number bitlen(exp) − 1: EIP-2565's iteration count for exponents ≤ 32 bytes.
 * The table does not tie an operand to its length (base < 256^baseLength, …) nor cut the result to modLength
 * bytes: the CALL wiring reads and writes exactly those bytes, so it proves that side.
 */
import { constant, type AssignedCell, type Column, type ConstraintSystem, type Expr, type Layouter, type Region, type Selector } from '../plonk/index.js';
import { IsZeroChip } from '../gadgets/is-zero.js';
import { RangeTable } from '../gadgets/range-table.js';
import { splitWord } from '../gadgets/word.js';
import { ArithTable, OPCODE, type ArithCapacity } from '../evm/arith-table.js';
import type { WordExpr } from '../evm/step.js';
import { MAX_LENGTH, modexpArithOps, modexpGas, multComplexity, type ModexpStep, type ModexpWitness } from './witness.js';

const WORDS = ['e', 'b', 'r', 'p', 'mod', 'base', 'exp'] as const;
type WordName = (typeof WORDS)[number];
const LENGTHS = ['base length', 'exp length', 'mod length'] as const;
/** Chain lengths the gas table covers: squares = bitlen − 1 < 256. */
const MAX_SQUARES = 255;
const COMPLEXITIES = [0n, 1n, 4n, 9n, 16n];

/** The MODEXP table's columns: on a call's last step, flag = 1 and the call's operands, result and gas. */
export interface ModexpTableColumns {
  /** 1 on a call's last step, else 0. */
  readonly flag: Column;
  readonly baseLength: Column; readonly expLength: Column; readonly modLength: Column;
  readonly base: { lo: Column; hi: Column }; readonly exp: { lo: Column; hi: Column };
  readonly mod: { lo: Column; hi: Column }; readonly result: { lo: Column; hi: Column };
  readonly gas: Column;
}

/** What a MODEXP call states (expressions of the consumer's cells). */
export interface ModexpLookup {
  baseLength: Expr; expLength: Expr; modLength: Expr;
  base: WordExpr; exp: WordExpr; mod: WordExpr; result: WordExpr; gas: Expr;
}

/** Pairs for `cs.lookup`: "MODEXP of these operands returns `result` for `gas`", where `q` = 1. */
export function modexpLookup(t: ModexpTableColumns, q: Expr, x: ModexpLookup): Array<[Expr, Expr]> {
  const w = (v: WordExpr): WordExpr => ({ lo: q.mul(v.lo), hi: q.mul(v.hi) });
  return modexpLookupPairs(t, q, {
    baseLength: q.mul(x.baseLength), expLength: q.mul(x.expLength), modLength: q.mul(x.modLength),
    base: w(x.base), exp: w(x.exp), mod: w(x.mod), result: w(x.result), gas: q.mul(x.gas),
  });
}

/** The same pairs from inputs the consumer has gated itself (each 0 where `flag` is 0). */
export function modexpLookupPairs(t: ModexpTableColumns, flag: Expr, x: ModexpLookup): Array<[Expr, Expr]> {
  const word = (w: WordExpr, c: { lo: Column; hi: Column }): Array<[Expr, Expr]> => [[w.lo, c.lo.cur()], [w.hi, c.hi.cur()]];
  return [
    [flag, t.flag.cur()], [x.baseLength, t.baseLength.cur()], [x.expLength, t.expLength.cur()], [x.modLength, t.modLength.cur()],
    ...word(x.base, t.base), ...word(x.exp, t.exp), ...word(x.mod, t.mod), ...word(x.result, t.result), [x.gas, t.gas.cur()],
  ];
}

type Half = { lo: Column; hi: Column };

export class ModexpChip {
  private constructor(
    readonly table: ModexpTableColumns,
    readonly arith: ArithTable,
    readonly byte: RangeTable,
    private readonly words: Record<WordName, Half>,
    private readonly cols: { k: Column; bit: Column; last: Column; start: Column; z: Column; zInv: Column; squares: Column; complexity: Column; gas: Column; lengths: readonly Column[] },
    private readonly fixed: { tag: Column; x: Column; y: Column; out: Column; gasTag: Column; gasC: Column; gasS: Column; gasOut: Column },
    private readonly q: { step: Selector; first: Selector; next: Selector },
    private readonly expIsZero: IsZeroChip,
  ) {}

  /** Declares the chain, its two fixed gas tables and (unless given) its own arithmetic table and byte table. */
  static configure(cs: ConstraintSystem, shared?: { arith: ArithTable; byte: RangeTable }): ModexpChip {
    const byte = shared?.byte ?? RangeTable.configure(cs, 'modexp byte', 8);
    const arith = shared?.arith ?? ArithTable.configure(cs, 'modexp arith', byte);
    const adv = (n: string) => cs.adviceColumn(`modexp ${n}`);
    const fix = (n: string) => cs.fixedColumn(`modexp ${n}`);
    const words = Object.fromEntries(WORDS.map((w) => [w, { lo: adv(`${w} lo`), hi: adv(`${w} hi`) }])) as Record<WordName, Half>;
    const cols = {
      k: adv('multiply'), bit: adv('bit'), last: adv('last'), start: adv('start'), z: adv('exp is zero'), zInv: adv('exp inverse'),
      squares: adv('squares'), complexity: adv('complexity'), gas: adv('gas'), lengths: LENGTHS.map(adv),
    };
    const fixed = {
      tag: fix('complexity tag'), x: fix('complexity base length'), y: fix('complexity mod length'), out: fix('complexity value'),
      gasTag: fix('gas tag'), gasC: fix('gas complexity'), gasS: fix('gas squares'), gasOut: fix('gas value'),
    };
    cs.enableEquality(cols.last);
    cs.enableConstant(fix('constants'));
    const q = { step: cs.selector('modexp step'), first: cs.selector('modexp first step'), next: cs.selector('modexp next step') };
    const table: ModexpTableColumns = {
      flag: cols.last, baseLength: cols.lengths[0], expLength: cols.lengths[1], modLength: cols.lengths[2],
      base: words.base, exp: words.exp, mod: words.mod, result: words.p, gas: cols.gas,
    };
    const expIsZero = IsZeroChip.configure(cs, 'modexp exp is zero', q.step.expr(), words.exp.lo.cur().add(words.exp.hi.cur()), cols.zInv, cols.z);
    const chip = new ModexpChip(table, arith, byte, words, cols, fixed, q, expIsZero);
    chip.declare(cs);
    return chip;
  }

  private declare(cs: ConstraintSystem): void {
    const { k, bit, last, start, z, squares, complexity, gas, lengths } = this.cols;
    const W = this.words;
    const cur = (w: WordName): WordExpr => ({ lo: W[w].lo.cur(), hi: W[w].hi.cur() });
    const ONE = constant(1n);
    const q = this.q.step.expr();
    const gate = (name: string, s: Expr, rules: Array<[string, Expr]>) => cs.createGate(`modexp ${name}`, rules.map(([n, e]): [string, Expr] => [n, s.mul(e)]));
    const halves = (name: string, f: (h: 'lo' | 'hi') => Expr): Array<[string, Expr]> => (['lo', 'hi'] as const).map((h) => [`${name} ${h}`, f(h)]);

    const kk = k.cur();
    const zz = z.cur();
    const s = start.cur();
    const exp = cur('exp');
    gate('step', q, [
      ['multiply flag is boolean', kk.mul(ONE.sub(kk))],
      ['last is boolean', last.cur().mul(ONE.sub(last.cur()))],
      ['a multiply has bit 0', kk.mul(bit.cur())],
      ['the last step multiplies', last.cur().mul(ONE.sub(kk))],
      ['the last step has E lo = 1', last.cur().mul(W.e.lo.cur().sub(1n))],
      ['the last step has E hi = 0', last.cur().mul(W.e.hi.cur())],
      // with exp lo + exp hi = 0 (the IsZero chip), exp lo = 0 makes both halves 0
      ['z ⇒ exp lo = 0', zz.mul(exp.lo)],
      ...halves('first: R = 1', (h) => s.mul(W.r[h].cur().sub(h === 'lo' ? 1n : 0n))),
      ['first: E lo = exp lo + z', s.mul(W.e.lo.cur().sub(exp.lo).sub(zz))],
      ['first: E hi = exp hi', s.mul(W.e.hi.cur().sub(exp.hi))],
      ['first: B lo = z ? 1 : base lo', s.mul(W.b.lo.cur().sub(ONE.sub(zz).mul(W.base.lo.cur()).add(zz)))],
      ['first: B hi = z ? 0 : base hi', s.mul(W.b.hi.cur().sub(ONE.sub(zz).mul(W.base.hi.cur())))],
      ['first: no squares yet', s.mul(squares.cur())],
      ['first: bit 0', s.mul(bit.cur())],
    ]);
    // no selector: the table flag (last) only on step rows, so no other row can pose as a table row
    cs.createGate('modexp table flag', { 'last only on step rows': last.cur().mul(ONE.sub(q)) });
    gate('first step', this.q.first.expr(), [['starts a call', s.sub(1n)]]);

    const mk = k.prev();
    const cont = ONE.sub(s);
    const same = (c: Column): Expr => cont.mul(c.cur().sub(c.prev()));
    gate('next step', this.q.next.expr(), [
      ['starts a call iff the previous step was last', s.sub(last.prev())],
      ...(['mod', 'base', 'exp'] as const).flatMap((w) => halves(`same ${w}`, (h) => same(W[w][h]))),
      ...LENGTHS.map((n, i): [string, Expr] => [`same ${n}`, same(lengths[i])]),
      ['after a multiply, a square', cont.mul(mk).mul(kk)],
      ['bit = 1 after a multiply, else 0', cont.mul(bit.cur().sub(mk))],
      ...halves('after a multiply, the same E', (h) => cont.mul(mk).mul(W.e[h].cur().sub(W.e[h].prev()))),
      ...halves('B = B(−1) after a multiply, P(−1) after a square', (h) =>
        cont.mul(W.b[h].cur().sub(mk.mul(W.b[h].prev()).add(ONE.sub(mk).mul(W.p[h].prev()))))),
      ...halves('R = P(−1) after a multiply, R(−1) after a square', (h) =>
        cont.mul(W.r[h].cur().sub(mk.mul(W.p[h].prev()).add(ONE.sub(mk).mul(W.r[h].prev()))))),
      ['squares counted', cont.mul(squares.cur().sub(squares.prev()).sub(ONE.sub(mk)))],
    ]);

    const A = this.arith;
    const zero: WordExpr = { lo: constant(0n), hi: constant(0n) };
    const two: WordExpr = { lo: constant(2n), hi: constant(0n) };
    const sel = (w: WordName): WordExpr => ({ lo: kk.mul(W.r.lo.cur()).add(ONE.sub(kk).mul(W[w].lo.cur())), hi: kk.mul(W.r.hi.cur()).add(ONE.sub(kk).mul(W[w].hi.cur())) });
    cs.lookup('modexp mulmod', A.lookupPairs(q, constant(BigInt(OPCODE.MULMOD)), sel('b'), cur('b'), cur('mod'), cur('p')));
    const sq = q.mul(ONE.sub(kk));
    cs.lookup('modexp halve', A.lookupPairs(sq, constant(BigInt(OPCODE.DIV)), cur('e'), two, zero, { lo: W.e.lo.next(), hi: W.e.hi.next() }));
    cs.lookup('modexp bit', A.lookupPairs(sq, constant(BigInt(OPCODE.MOD)), cur('e'), two, zero, { lo: bit.cur(), hi: constant(0n) }));
    const ql = q.mul(last.cur());
    const F = this.fixed;
    cs.lookup('modexp complexity', [[ql, F.tag.cur()], [ql.mul(lengths[0].cur()), F.x.cur()], [ql.mul(lengths[2].cur()), F.y.cur()], [ql.mul(complexity.cur()), F.out.cur()]]);
    cs.lookup('modexp gas', [[ql, F.gasTag.cur()], [ql.mul(complexity.cur()), F.gasC.cur()], [ql.mul(squares.cur()), F.gasS.cur()], [ql.mul(gas.cur()), F.gasOut.cur()]]);
    this.byte.lookup(cs, 'modexp exp length ≥ 0', ql.mul(lengths[1].cur()));
    this.byte.lookup(cs, 'modexp exp length ≤ 32', ql.mul(constant(BigInt(MAX_LENGTH)).sub(lengths[1].cur())));
  }

  /** Arithmetic-table slots `calls` need: a MULMOD per step, a DIV/MOD per square. */
  static arithCapacity(steps: number, squares: number): ArithCapacity {
    return { mul: 0, divMod: squares, addMod: 0, mulMod: steps };
  }

  /**
   * Fills the fixed gas tables, the byte and arithmetic tables (when the chip owns them: `ownTables`; a shared
   * arithmetic table must hold modexpArithOps of every call) and the chain of `calls`, whose steps fill the region
   * exactly (the caller pads with calls of its own).
   */
  assign(layouter: Layouter, calls: readonly ModexpWitness[], capacity: ArithCapacity, ownTables: boolean): void {
    if (ownTables) {
      this.byte.load(layouter);
      this.arith.load(layouter);
      this.arith.assign(layouter, capacity, calls.flatMap(modexpArithOps));
    }
    this.loadGasTables(layouter);
    layouter.assignRegion('modexp chain', (region) => {
      let row = 0;
      let lastCell: AssignedCell | undefined;
      for (const call of calls) call.steps.forEach((step, i) => { lastCell = this.assignStep(region, row++, call, step, i === 0); });
      if (lastCell) region.constrainConstant(lastCell, 1n);
    });
  }

  private assignStep(region: Region, row: number, call: ModexpWitness, step: ModexpStep, first: boolean): AssignedCell {
    const C = this.cols;
    region.enableSelector(this.q.step, row);
    region.enableSelector(row === 0 ? this.q.first : this.q.next, row);
    const words: Record<WordName, bigint> = { e: step.e, b: step.b, r: step.r, p: step.p, mod: call.mod, base: call.base, exp: call.exp };
    for (const w of WORDS) {
      const [lo, hi] = splitWord(words[w]);
      region.assignAdvice(`${w} lo`, this.words[w].lo, row, lo);
      region.assignAdvice(`${w} hi`, this.words[w].hi, row, hi);
    }
    const [expLo, expHi] = splitWord(call.exp);
    region.assignAdvice('multiply', C.k, row, step.multiply ? 1n : 0n);
    region.assignAdvice('bit', C.bit, row, step.bit);
    region.assignAdvice('start', C.start, row, first ? 1n : 0n);
    this.expIsZero.assign(region, row, () => expLo + expHi);
    region.assignAdvice('squares', C.squares, row, BigInt(step.squares));
    region.assignAdvice('complexity', C.complexity, row, step.last ? call.complexity : 0n);
    region.assignAdvice('gas', C.gas, row, step.last ? call.gas : 0n);
    [call.baseLength, call.expLength, call.modLength].forEach((v, i) => region.assignAdvice(LENGTHS[i], C.lengths[i], row, BigInt(v)));
    return region.assignAdvice('last', C.last, row, step.last ? 1n : 0n);
  }

  private loadGasTables(layouter: Layouter): void {
    const F = this.fixed;
    layouter.assignRegion('modexp complexity table', (region) => {
      // row 0 stays (0, 0, 0, 0): the tuple of disabled lookups
      let row = 1;
      for (let x = 0; x <= MAX_LENGTH; x++) {
        for (let y = 0; y <= MAX_LENGTH; y++, row++) {
          region.assignFixed('complexity tag', F.tag, row, 1n);
          region.assignFixed('complexity base length', F.x, row, BigInt(x));
          region.assignFixed('complexity mod length', F.y, row, BigInt(y));
          region.assignFixed('complexity value', F.out, row, multComplexity(x, y));
        }
      }
    });
    layouter.assignRegion('modexp gas table', (region) => {
      let row = 1;
      for (const c of COMPLEXITIES) {
        for (let s = 0; s <= MAX_SQUARES; s++, row++) {
          region.assignFixed('gas tag', F.gasTag, row, 1n);
          region.assignFixed('gas complexity', F.gasC, row, c);
          region.assignFixed('gas squares', F.gasS, row, BigInt(s));
          region.assignFixed('gas value', F.gasOut, row, modexpGas(c, s));
        }
      }
    });
  }
}
