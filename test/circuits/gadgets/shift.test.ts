import { expect } from 'chai';
import { Protocol, synthesize, type Layouter } from '../../../circuits/plonk/index.js';
import { Pow2Table, ShiftChip, TWO_256, mulAddCarries, wordValue, type ShiftResult } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { OP, evmBinary } from './evm-reference.js';
import {
  TestCircuit, configureWordArithmetic, expectVerifierRejects, failuresAfter, honestFailures, wordEdits, type Edit, type WordArithmetic,
} from './helpers.js';

const K = 9;
const MAX = TWO_256 - 1n;
const rng = new Rng(0x5a1f);
// (shift, value)
const CASES: Array<[bigint, bigint]> = [
  [0n, MAX], [1n, MAX], [255n, MAX], [256n, MAX], [1n << 255n, 1n], [MAX, MAX], [128n, 1n << 255n], [64n, rng.bits(256)],
  [BigInt(rng.u32() % 256), rng.bits(256)], [BigInt(rng.u32() % 256), rng.bits(256)], [257n, 1n], [(1n << 128n) + 3n, MAX], [8n, 0n],
];

interface Config extends WordArithmetic { pow2: Pow2Table; shift: ShiftChip }
interface CaseResult { shl: ShiftResult; shr: ShiftResult }

// per case: value at rows 0–1, shift at 2–3 (operands arrive as cells), SHL at 4–15, SHR at 16–29
const ROWS = 30;
const SHL = 4;
const SHR = SHL + ShiftChip.SHL_ROWS;

function circuit(cases = CASES, results: CaseResult[] = []) {
  return new TestCircuit<Config>((cs) => {
    const base = configureWordArithmetic(cs);
    const pow2 = Pow2Table.configure(cs, 'pow2');
    const [inv, small, sEff] = ['shift inv', 'small', 's_eff'].map((n) => cs.adviceColumn(n));
    return { ...base, pow2, shift: ShiftChip.configure(cs, 'sh', pow2, base.word, base.mdm, inv, small, sEff) };
  }, (cfg, layouter: Layouter) => {
    results.length = 0;
    cfg.table.load(layouter);
    cfg.pow2.load(layouter);
    cases.forEach(([s, x], i) => results.push(layouter.assignRegion(`case ${i}`, (region) => {
      const value = cfg.word.assign(region, 0, x);
      const shift = cfg.word.assign(region, 2, s);
      return { shl: cfg.shift.shl(region, SHL, shift, value), shr: cfg.shift.shr(region, SHR, shift, value) };
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

describe('gadgets: SHL and SHR as MUL and DIV by 2^s from a 258-row power table', function () {
  this.timeout(120_000);

  it('edge and random shifts (0, 1, 255, 256, 2^255, 2^256 − 1, …) match BigInt and @ethereumjs/evm; MockProver passes', async () => {
    const results: CaseResult[] = [];
    const c = circuit(CASES, results);
    expect(honestFailures(c, K)).to.deep.equal([]);
    for (const [i, [s, x]] of CASES.entries()) {
      const [shl, shr] = [wordValue(results[i].shl.result), wordValue(results[i].shr.result)];
      expect([shl, shr], `case ${i}`).to.deep.equal(s < 256n ? [(x << s) % TWO_256, x >> s] : [0n, 0n]);
      expect([shl, shr], `case ${i} vs EVM`).to.deep.equal(await Promise.all([evmBinary(OP.SHL, s, x), evmBinary(OP.SHR, s, x)]));
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

  it(`real prover (k = ${K}): s = 256 passed off as s = 0 is rejected by the verifier`, async () => {
    const one = circuit(CASES.slice(3, 4));
    const edits = [{ column: 'small', row: SHL, value: 1n }, { column: 'shift inv', row: SHL, value: 0n }, ...shlWithPower(3, 1n).map((e) => ({ ...e, row: e.row - 3 * ROWS }))];
    expect(await expectVerifierRejects(one, K, [], edits)).to.deep.equal([`gate sh s < 256/value·out = 0@${SHL}`]);
  });
});
