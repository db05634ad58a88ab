import { expect } from 'chai';
import type { Assignment } from '../../../circuits/plonk/index.js';
import { ModArithChip, Pow2Table, ShiftChip, TWO_256 } from '../../../circuits/gadgets/index.js';
import { fuzz, synthesizeVariant } from '../../../scripts/soundness/engine.js';
import { PADDING } from '../../../scripts/soundness/targets/examples.js';
import type { AllowRule, SoundnessTarget } from '../../../scripts/soundness/types.js';
import { TestCircuit, configureWordArithmetic } from './helpers.js';

const K = 10;
const MAX = TWO_256 - 1n;
// (a, b, n): a divisor 0, a negative value with a huge shift, a power-of-two modulus
const CASES: Array<[bigint, bigint, bigint]> = [[MAX, 3n, 0n], [1n << 255n, MAX, 7n], [12345n, 256n, 1n << 200n]];

/** Every arithmetic chip once per case: MUL, DIV/MOD, SHL, SAR (through SHR), ADDMOD, MULMOD. */
const circuit = new TestCircuit((cs) => {
  const base = configureWordArithmetic(cs);
  const pow2 = Pow2Table.configure(cs, 'pow2');
  const [inv, small, sEff, sign, out] = ['shift inv', 'small', 's_eff', 'sign', 'out'].map((n) => cs.adviceColumn(n));
  const shift = ShiftChip.configure(cs, 'sh', base.table, pow2, base.word, base.mdm, { inv, small, sEff, sign, out });
  return { ...base, pow2, shift, modArith: ModArithChip.configure(cs, 'ma', base.mdm) };
}, (cfg, layouter) => {
  cfg.table.load(layouter);
  cfg.pow2.load(layouter);
  CASES.forEach(([a, b, n], i) => layouter.assignRegion(`case ${i}`, (region) => {
    const [wa, wb, wn] = [a, b, n].map((x, j) => cfg.word.assign(region, 2 * j, x));
    let row = 6;
    const next = (rows: number) => { const at = row; row += rows; return at; };
    cfg.mdm.mul(region, next(10), wa, wb);
    cfg.mdm.divMod(region, next(12), wa, wn);
    cfg.shift.shl(region, next(ShiftChip.SHL_ROWS), wb, wa);
    cfg.shift.sar(region, next(ShiftChip.SAR_ROWS), wb, wa);
    cfg.modArith.addMod(region, next(ModArithChip.ADDMOD_ROWS), wa, wb, wn);
    cfg.modArith.mulMod(region, next(ModArithChip.MULMOD_ROWS), wa, wb, wn);
  }));
});

/** IsZero inverses are free where the tested value is 0 (flag 1): by design, nothing reads them then. */
function inverseOfZero(honest: Assignment, inverse: string, flag: string): AllowRule {
  const col = honest.cs.advice.find((c) => c.name === flag)!;
  return { kind: 'cells', column: inverse, rows: (row) => honest.advice[col.index][row] === 1n, reason: 'IsZero inverse of a zero value' };
}

describe('gadgets: soundness fuzz of the arithmetic chips (MUL … MULMOD, one circuit)', function () {
  this.timeout(120_000);

  it('no witness cell can change unnoticed, but the IsZero inverses of zero values', () => {
    const run = { circuit, k: K, instances: [] };
    const honest = synthesizeVariant(run);
    const target: SoundnessTarget = {
      name: 'arithmetic chips', family: 'gadgets', honest: () => run, negatives: [],
      allow: [PADDING, inverseOfZero(honest, 'inv', 'zero'), inverseOfZero(honest, 'shift inv', 'small')],
    };
    const r = fuzz(target, honest, { corruptions: 15_000, seed: 7 });
    expect(r.free.map((f) => `${f.column}@${f.row}`)).to.deep.equal([]);
    expect(r.allowed.length).to.be.greaterThan(0);
    expect(r.caught).to.be.greaterThan(r.corruptions / 2);
  });
});
