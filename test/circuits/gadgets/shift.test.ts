import { expect } from 'chai';
import { Protocol, synthesize, type Layouter } from '../../../circuits/plonk/index.js';
import { Pow2Table, ShiftChip, TWO_256, mulAddCarries, splitWord, wordValue, type ShiftResult, type WordCells } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { OP, evmOp } from './evm-reference.js';
import {
  TestCircuit, configureWordArithmetic, divModEdits, expectVerifierRejects, failuresAfter, honestFailures, wordEdits, type Edit, type WordArithmetic,
} from './helpers.js';

const K = 9;
const MAX = TWO_256 - 1n;
const rng = new Rng(0x5a1f);
// (shift, value)
const NEG = 1n << 255n;
const CASES: Array<[bigint, bigint]> = [
  [0n, MAX], [1n, NEG], [255n, MAX], [256n, NEG + 12345n], [NEG, 1n], [MAX, rng.bits(255) | NEG], [128n, NEG],
  [64n, rng.bits(255)], [BigInt(rng.u32() % 256), rng.bits(256)], [(1n << 128n) + 3n, MAX], [8n, 0n],
];

interface Config extends WordArithmetic { pow2: Pow2Table; shift: ShiftChip }
interface CaseResult { shl: ShiftResult; shr: ShiftResult; sar: WordCells }

// per case: value at rows 0–1, shift at 2–3 (operands arrive as cells), SHL at 4–15, SHR at 16–29, SAR at 30–45
const SHL = 4;
const SHR = SHL + ShiftChip.SHL_ROWS;
const SAR = SHR + ShiftChip.SHR_ROWS;
const ROWS = SAR + ShiftChip.SAR_ROWS;
/** From a SAR's DIV block to its value word (and sar gate) row. */
const SHR_ROWS_FROM_DIV = ShiftChip.SHR_ROWS - ShiftChip.SHIFT_ROWS;

function circuit(cases = CASES, results: CaseResult[] = []) {
  return new TestCircuit<Config>((cs) => {
    const base = configureWordArithmetic(cs);
    const pow2 = Pow2Table.configure(cs, 'pow2');
    const [inv, small, sEff, sign, out] = ['shift inv', 'small', 's_eff', 'sign', 'out'].map((n) => cs.adviceColumn(n));
    return { ...base, pow2, shift: ShiftChip.configure(cs, 'sh', base.table, pow2, base.word, base.mdm, { inv, small, sEff, sign, out }) };
  }, (cfg, layouter: Layouter) => {
    results.length = 0;
    cfg.table.load(layouter);
    cfg.pow2.load(layouter);
    cases.forEach(([s, x], i) => results.push(layouter.assignRegion(`case ${i}`, (region) => {
      const value = cfg.word.assign(region, 0, x);
      const shift = cfg.word.assign(region, 2, s);
      return { shl: cfg.shift.shl(region, SHL, shift, value), shr: cfg.shift.shr(region, SHR, shift, value), sar: cfg.shift.sar(region, SAR, shift, value).result };
    })));
  });
}

/**
 * SHL of case `i` with a different power `pow` in the MUL block (product and carries recomputed to
 * match): every MUL constraint holds, so only what ties the power to the shift can refuse it.
 */
function shlWithPower(i: number, pow: bigint): Edit[] {
  const row = i * ROWS + SHL + ShiftChip.SHIFT_ROWS;
  const x = CASES[i][1];
  return [...wordEdits(row + 2, pow), ...wordEdits(row + 6, (x * pow) % TWO_256), ...wordEdits(row + 8, mulAddCarries(x, pow, 0n))];
}

/** The EVM's SAR on BigInt: two's complement, sign-filling. */
function sar(s: bigint, x: bigint): bigint {
  const signed = x >= NEG ? x - TWO_256 : x;
  return ((signed >> (s > 255n ? 255n : s)) + TWO_256) % TWO_256;
}

describe('gadgets: SHL, SHR and SAR as MUL and DIV by 2^s from a 258-row power table', function () {
  this.timeout(120_000);

  it('edge and random shifts (0, 1, 255, 256, 2^255, 2^256 − 1, …) of positive and negative values match BigInt and @ethereumjs/evm; MockProver passes', async () => {
    const results: CaseResult[] = [];
    const c = circuit(CASES, results);
    expect(honestFailures(c, K)).to.deep.equal([]);
    for (const [i, [s, x]] of CASES.entries()) {
      const got = [wordValue(results[i].shl.result), wordValue(results[i].shr.result), wordValue(results[i].sar)];
      expect(got, `case ${i}`).to.deep.equal([s < 256n ? (x << s) % TWO_256 : 0n, s < 256n ? x >> s : 0n, sar(s, x)]);
      expect(got, `case ${i} vs EVM`).to.deep.equal(await Promise.all([OP.SHL, OP.SHR, OP.SAR].map((op) => evmOp(op, s, x))));
    }
  });

  it('keeps the circuit at degree 3 (gates and lookups), so the quotient stays at 2 pieces', () => {
    expect(new Protocol(synthesize(circuit(CASES.slice(0, 1)), K, [], false).cs, K).degree).to.equal(3);
  });

  it('a wrong power (2^s + 1, product recomputed) fails the power lookup only', () => {
    const [s] = CASES[8];
    expect(failuresAfter(circuit(), K, [], shlWithPower(8, (1n << s) + 1n))).to.deep.equal([`lookup sh pow@${8 * ROWS + SHL}`]);
  });

  it('s = 256 passed off as s = 0 (small = 1, power 1, product = value) fails the IsZero of the high bytes only', () => {
    const row = 3 * ROWS + SHL;
    expect(failuresAfter(circuit(), K, [], [{ column: 'small', row, value: 1n }, { column: 'shift inv', row, value: 0n }, ...shlWithPower(3, 1n)]))
      .to.deep.equal([`gate sh s < 256/value·out = 0@${row}`]);
  });

  it('s_eff ≠ small·byte_0 (power 2^(s+1) to match) fails the shift gate only', () => {
    const row = 8 * ROWS + SHL;
    const [s] = CASES[8];
    expect(failuresAfter(circuit(), K, [], [{ column: 's_eff', row, value: s + 1n }, ...shlWithPower(8, 1n << (s + 1n))]))
      .to.deep.equal([`gate sh shift/s_eff = small·byte_0@${row}`]);
  });

  it('a shift ≥ 256 with a non-zero power (tag 2 requires 0) fails the power lookup', () => {
    expect(failuresAfter(circuit(), K, [], shlWithPower(3, 1n))).to.deep.equal([`lookup sh pow@${3 * ROWS + SHL}`]);
  });

  // case 1: 2^255 (negative) >> 1; SAR rows 76..91: DIV block at 78, value word and the sar gate at 90
  const SAR_DIV = ROWS + SAR + ShiftChip.SHIFT_ROWS;
  const SAR_ROW = ROWS + SAR + ShiftChip.SHR_ROWS;
  const outEdits = (row: number, word: bigint): Edit[] => splitWord(word).map((half, h) => ({ column: 'out', row: row + h, value: half }));

  /** SAR of case 1 as if the value were positive: sign 0, the DIV rows on the value itself, out = the quotient. */
  function positiveSign(base: number): Edit[] {
    const x = CASES[1][1];
    return [{ column: 'sign', row: base + SHR_ROWS_FROM_DIV, value: 0n }, ...divModEdits(base, x, 2n, x / 2n, x % 2n), ...outEdits(base + SHR_ROWS_FROM_DIV, x / 2n)];
  }

  it('SAR: a negative value passed off as positive (sign 0, DIV rows and result redone) fails the sign lookup only', () => {
    expect(failuresAfter(circuit(), K, [], positiveSign(SAR_DIV))).to.deep.equal([`lookup sh sign@${SAR_ROW}`]);
  });

  it('SAR: a dividend other than NOT value (DIV rows redone) fails that half\'s dividend constraint; a wrong result half fails its out constraint', () => {
    const x = TWO_256 - 1n - CASES[1][1] - 1n; // NOT value − 1: only the lo half differs
    expect(failuresAfter(circuit(), K, [], divModEdits(SAR_DIV, x, 2n, x / 2n, x % 2n)))
      .to.deep.equal([`gate sh sar/dividend lo = sign ? NOT x lo : x lo@${SAR_ROW}`]);
    expect(failuresAfter(circuit(), K, [], [{ column: 'out', row: SAR_ROW, value: (v) => v + 1n }])).to.deep.equal([`gate sh sar/out lo = sign ? NOT quotient lo : quotient lo@${SAR_ROW}`]);
    expect(failuresAfter(circuit(), K, [], [{ column: 'out', row: SAR_ROW + 1, value: (v) => v + 1n }])).to.deep.equal([`gate sh sar/out hi = sign ? NOT quotient hi : quotient hi@${SAR_ROW}`]);
  });

  it('SAR: a non-boolean sign fails "sign is boolean"', () => {
    expect(failuresAfter(circuit(), K, [], [{ column: 'sign', row: SAR_ROW, value: 2n }])).to.include(`gate sh sar/sign is boolean@${SAR_ROW}`);
  });

  describe(`real prover (k = ${K})`, () => {
    // one key for both: case 1 (2^255 >> 1) first, case 3 (shift 256) second
    const real = circuit([CASES[1], CASES[3]]);

    it('s = 256 passed off as s = 0 is rejected by the verifier', async () => {
      const edits = [{ column: 'small', row: ROWS + SHL, value: 1n }, { column: 'shift inv', row: ROWS + SHL, value: 0n }, ...shlWithPower(3, 1n).map((e) => ({ ...e, row: e.row - 2 * ROWS }))];
      expect(await expectVerifierRejects(real, K, [], edits)).to.deep.equal([`gate sh s < 256/value·out = 0@${ROWS + SHL}`]);
    });

    it('SAR: a negative value passed off as positive is rejected by the verifier', async () => {
      expect(await expectVerifierRejects(real, K, [], positiveSign(SAR_DIV - ROWS))).to.deep.equal([`lookup sh sign@${SAR_ROW - ROWS}`]);
    });
  });
});
