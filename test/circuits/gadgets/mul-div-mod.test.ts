import { expect } from 'chai';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import type { Layouter } from '../../../circuits/plonk/index.js';
import { TWO_256, mulAddCarries, splitWord, wordValue, type DivModResult, type MulResult } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { OP, evmOp } from './evm-reference.js';
import {
  TestCircuit, configureWordArithmetic, divModEdits, expectVerifierRejects, failuresAfter, halfEdits, honestFailures, wordEdits, type Edit, type WordArithmetic,
} from './helpers.js';

const K = 9;
const MAX = TWO_256 - 1n;
const TWO_128 = 1n << 128n;
const rng = new Rng(0x3d1f);
const PAIRS: Array<[bigint, bigint]> = [
  [0n, 0n], [7n, 0n], [0n, 1n], [MAX, MAX], [1n << 255n, 2n], [MAX, 1n], [TWO_128, TWO_128], [MAX, 1n << 255n],
  [MAX, TWO_128], [rng.bits(256), rng.bits(256)], [rng.bits(256), rng.bits(64)], [rng.bits(256), rng.bits(130)], [12345n, 12345n],
];

interface CaseResult { mul: MulResult; divMod: DivModResult }

// per pair: x at rows 0–1, y at 2–3 (operands arrive as cells), x·y at 4–13, x / y and x mod y at 14–25
const ROWS = 26;
const MUL = 4;
const DIV = 14;

function circuit(pairs = PAIRS, results: CaseResult[] = []) {
  return new TestCircuit<WordArithmetic>(configureWordArithmetic, (cfg, layouter: Layouter) => {
    results.length = 0;
    cfg.table.load(layouter);
    pairs.forEach(([x, y], i) => results.push(layouter.assignRegion(`pair ${i}`, (region) => {
      const wx = cfg.word.assign(region, 0, x);
      const wy = cfg.word.assign(region, 2, y);
      return { mul: cfg.mdm.mul(region, MUL, wx, wy), divMod: cfg.mdm.divMod(region, DIV, wx, wy) };
    })));
  });
}

/**
 * The lo-half wrap attack on the MUL block at `row`: d_lo + carry_lo·2^128 raised by r (the same field
 * element, so the lo equation still holds) with the hi half absorbing the bigger carry: a wrong
 * product that only the carry bound refuses.
 */
function loWrapEdits([x, y]: readonly [bigint, bigint], row: number): Edit[] {
  const [dlo, dhi] = splitWord((x * y) % TWO_256);
  const [clo, chi] = splitWord(mulAddCarries(x, y, 0n));
  const lo = dlo + clo * TWO_128 + FR_MODULUS;
  const carryLo = lo >> 128n;
  const hi = dhi + chi * TWO_128 + (carryLo - clo);
  return [...halfEdits(row + 6, lo % TWO_128), ...halfEdits(row + 8, carryLo), ...halfEdits(row + 7, hi % TWO_128), ...halfEdits(row + 9, hi >> 128n)];
}

const gate = (g: string, c: string, row: number) => `gate mdm ${g}/${c}@${row}`;
const LO = 'lo: a0·b0 + (a0·b1 + a1·b0)·2^64 + c_lo = d_lo + carry_lo·2^128';
const HI = 'hi: a0·b2 + a1·b1 + a2·b0 + (a0·b3 + a1·b2 + a2·b1 + a3·b0)·2^64 + c_hi + carry_lo = d_hi + carry_hi·2^128';

describe('gadgets: MUL, DIV, MOD on 256-bit words (64-bit limbs from bytes, carries < 2^72)', function () {
  this.timeout(120_000);

  it('edge and random pairs match BigInt and @ethereumjs/evm (MUL, DIV, MOD; x / 0 = x mod 0 = 0); MockProver passes', async () => {
    const results: CaseResult[] = [];
    const c = circuit(PAIRS, results);
    expect(honestFailures(c, K)).to.deep.equal([]);
    for (const [i, [x, y]] of PAIRS.entries()) {
      const { mul, divMod } = results[i];
      const [product, quotient, mod] = [wordValue(mul.product), wordValue(divMod.quotient), wordValue(divMod.mod)];
      expect([product, quotient, mod], `pair ${i}`).to.deep.equal([(x * y) % TWO_256, y === 0n ? 0n : x / y, y === 0n ? 0n : x % y]);
      expect([product, quotient, mod], `pair ${i} vs EVM`).to.deep.equal(await Promise.all([evmOp(OP.MUL, x, y), evmOp(OP.DIV, x, y), evmOp(OP.MOD, x, y)]));
    }
  });

  // pair 3 (MAX·MAX) at rows 78..103: MUL block at 82 (c at 86–87, d at 88–89, carry at 90–91)
  const P3 = 3 * ROWS;

  it('a wrong product half (bytes consistent) fails that half\'s equation', () => {
    const d = PAIRS[3][0] * PAIRS[3][1] % TWO_256;
    const [lo, hi] = splitWord(d);
    expect(failuresAfter(circuit(), K, [], halfEdits(P3 + MUL + 6, lo ^ 1n))).to.deep.equal([gate('mul add', LO, P3 + MUL)]);
    expect(failuresAfter(circuit(), K, [], halfEdits(P3 + MUL + 7, hi ^ 1n))).to.deep.equal([gate('mul add', HI, P3 + MUL)]);
  });

  it('a product shifted by r in the lo half satisfies both equations mod r: only "carry_lo < 2^72" refuses it', () => {
    expect(failuresAfter(circuit(), K, [], loWrapEdits(PAIRS[3], P3 + MUL))).to.deep.equal([gate('mul add', 'carry_lo < 2^72', P3 + MUL)]);
  });

  it('the same in the hi half: only "carry_hi < 2^72" refuses it', () => {
    const [x, y] = PAIRS[3];
    const [, dhi] = splitWord((x * y) % TWO_256);
    const [, chi] = splitWord(mulAddCarries(x, y, 0n));
    const hi = dhi + chi * TWO_128 + FR_MODULUS;
    expect(failuresAfter(circuit(), K, [], [...halfEdits(P3 + MUL + 7, hi % TWO_128), ...halfEdits(P3 + MUL + 9, hi >> 128n)]))
      .to.deep.equal([gate('mul add', 'carry_hi < 2^72', P3 + MUL)]);
  });

  it('MUL with a non-zero addend (product raised to match) fails "c = 0" only', () => {
    // pair 2 (0·1): c = 1, product 1
    const row = 2 * ROWS + MUL;
    expect(failuresAfter(circuit(), K, [], [...halfEdits(row + 4, 1n), ...halfEdits(row + 6, 1n)])).to.deep.equal([gate('c = 0', 'c_lo + c_hi = 0', row)]);
  });

  // pair 8 (MAX / 2^128) at rows 208..233: DIV block at 222 (quotient 222–223, remainder 226–227, carry 230–231, sub at 232–233)
  const P8 = 8 * ROWS + DIV;

  it('a quotient 2^128 too big (q·divisor wraps 2^256, both equations hold) fails "no overflow" only', () => {
    const [x, y] = PAIRS[8];
    expect(failuresAfter(circuit(), K, [], wordEdits(P8, x / y + TWO_128)))
      .to.deep.equal([gate('no overflow', 'carry_hi + a1·b3 + a2·b2 + a3·b1 + a2·b3 + a3·b2 + a3·b3 = 0', P8)]);
  });

  it('quotient − 1 with remainder + divisor (identity, sub rows and mod recomputed) fails "remainder < divisor" only', () => {
    const [x, y] = PAIRS[8];
    const edits = divModEdits(P8, x, y, x / y - 1n, x % y + y);
    expect(failuresAfter(circuit(), K, [], edits)).to.deep.equal([gate('div mod', 'divisor ≠ 0 ⇒ remainder < divisor', P8)]);
  });

  it('division by 0: a non-zero quotient fails "divisor = 0 ⇒ quotient = 0"; calling the divisor non-zero fails IsZero', () => {
    // pair 1 (7 / 0): DIV block at 40
    const row = ROWS + DIV;
    expect(failuresAfter(circuit(), K, [], wordEdits(row, 1n))).to.deep.equal([gate('div mod', 'divisor = 0 ⇒ quotient = 0', row)]);
    expect(failuresAfter(circuit(), K, [], [{ column: 'zero', row, value: 0n }, { column: 'mod', row, value: 7n }]))
      .to.deep.equal([gate('div mod', 'divisor ≠ 0 ⇒ remainder < divisor', row), gate('divisor is zero', 'out = 1 − value·inv', row)]);
  });

  it('a wrong MOD half fails its select', () => {
    expect(failuresAfter(circuit(), K, [], [{ column: 'mod', row: P8, value: (v) => v + 1n }])).to.deep.equal([gate('div mod', 'mod lo = (1 − zero)·remainder lo', P8)]);
    expect(failuresAfter(circuit(), K, [], [{ column: 'mod', row: P8 + 1, value: 1n }])).to.deep.equal([gate('div mod', 'mod hi = (1 − zero)·remainder hi', P8)]);
  });

  it('an operand cell differing from the word it was copied from fails the copy', () => {
    expect(failuresAfter(circuit(), K, [], halfEdits(P3 + MUL, 5n))).to.deep.equal([`copy word@${P3}~word@${P3 + MUL}`, gate('mul add', HI, P3 + MUL), gate('mul add', LO, P3 + MUL)]);
  });

  it(`real prover (k = ${K}): the product shifted by r in the lo half is rejected by the verifier`, async () => {
    expect(await expectVerifierRejects(circuit([PAIRS[3]]), K, [], loWrapEdits(PAIRS[3], MUL))).to.deep.equal([gate('mul add', 'carry_lo < 2^72', MUL)]);
  });
});
