import { expect } from 'chai';
import type { Layouter } from '../../../circuits/plonk/index.js';
import { ModArithChip, TWO_256, mulAddCarries, splitWord, wordValue, type ModArithResult } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { OP, evmOp } from './evm-reference.js';
import {
  TestCircuit, configureWordArithmetic, expectVerifierRejects, failuresAfter, halfEdits, honestFailures, wordEdits, type Edit, type WordArithmetic,
} from './helpers.js';

const K = 9;
const MAX = TWO_256 - 1n;
const rng = new Rng(0xadd3);
// (a, b, n)
const CASES: Array<[bigint, bigint, bigint]> = [
  [MAX, MAX, 0n], [MAX, MAX, 1n], [MAX, MAX, 7n], [MAX, 2n, MAX], [rng.bits(256), rng.bits(256), rng.bits(256)], [rng.bits(256), rng.bits(256), rng.bits(64)],
];

interface Config extends WordArithmetic { modArith: ModArithChip }
interface CaseResult { add: ModArithResult; mul: ModArithResult }

// per case: a, b, n at rows 0–5 (operands arrive as cells), ADDMOD at 6–35, MULMOD at 36–77
const ADD = 6;
const MUL = ADD + ModArithChip.ADDMOD_ROWS;
const ROWS = MUL + ModArithChip.MULMOD_ROWS;
// inside a block: the DIV/MOD rows (12), then ADDMOD's sum (2) or MULMOD's product (14), then the q·n + r block
const ADD_Q = 14;
const MUL_PRODUCT = 12;
const MUL_Q = 26;

function circuit(cases = CASES, results: CaseResult[] = []) {
  return new TestCircuit<Config>((cs) => {
    const base = configureWordArithmetic(cs);
    return { ...base, modArith: ModArithChip.configure(cs, 'ma', base.mdm) };
  }, (cfg, layouter: Layouter) => {
    results.length = 0;
    cfg.table.load(layouter);
    cases.forEach(([a, b, n], i) => results.push(layouter.assignRegion(`case ${i}`, (region) => {
      const [wa, wb, wn] = [a, b, n].map((x, j) => cfg.word.assign(region, 2 * j, x));
      return { add: cfg.modArith.addMod(region, ADD, wa, wb, wn), mul: cfg.modArith.mulMod(region, MUL, wa, wb, wn) };
    })));
  });
}

/**
 * The q·n + r block of MULMOD at `row` rewritten to quotient q and remainder r for the same
 * product (carries and the r − n rows redone): only what ties r below n can refuse it.
 */
function mulModQuotientEdits(row: number, n: bigint, q: bigint, r: bigint): Edit[] {
  const x = q * n + r;
  const [rlo, nlo] = [splitWord(r)[0], splitWord(n)[0]];
  const carry2 = (x >> 384n) - (q >> 192n) * (n >> 192n);
  return [
    ...wordEdits(row, q), ...wordEdits(row + 4, r), ...wordEdits(row + 8, mulAddCarries(q, n, r)), ...wordEdits(row + 12, carry2),
    ...wordEdits(row + 14, (r - n + TWO_256) % TWO_256), ...splitWord(r).map((half, h) => ({ column: 'a', row: row + 14 + h, value: half })),
    { column: 'carry', row: row + 14, value: rlo < nlo ? 1n : 0n }, { column: 'carry', row: row + 15, value: r < n ? 1n : 0n },
  ];
}

const gate = (g: string, c: string, row: number) => `gate ${g}/${c}@${row}`;

describe('gadgets: ADDMOD and MULMOD (reduce a mod n, then a 512-bit identity)', function () {
  this.timeout(120_000);

  it('edge and random operands (n = 0, 1, small, 2^256 − 1; sums and products past 2^256) match BigInt and @ethereumjs/evm; MockProver passes', async () => {
    const results: CaseResult[] = [];
    expect(honestFailures(circuit(CASES, results), K)).to.deep.equal([]);
    for (const [i, [a, b, n]] of CASES.entries()) {
      const got = [wordValue(results[i].add.result), wordValue(results[i].mul.result)];
      expect(got, `case ${i}`).to.deep.equal(n === 0n ? [0n, 0n] : [(a + b) % n, (a * b) % n]);
      expect(got, `case ${i} vs EVM`).to.deep.equal([await evmOp(OP.ADDMOD, a, b, n), await evmOp(OP.MULMOD, a, b, n)]);
    }
  });

  // case 2: MAX·MAX mod 7 at rows 156..233; MULMOD block at 192
  const C2 = 2 * ROWS + MUL;

  it('MULMOD: q − 1 with r + n (same product, carries and check redone) fails "n ≠ 0 ⇒ r < n" only', () => {
    const [a, b, n] = CASES[2];
    const x = (a % n) * b;
    expect(failuresAfter(circuit(), K, [], mulModQuotientEdits(C2 + MUL_Q, n, x / n - 1n, x % n + n))).to.deep.equal([gate('ma mulmod', 'n ≠ 0 ⇒ r < n', C2)]);
  });

  it('wide block: a wrong carry2 fails both wide equations; a non-zero hi half of its word fails "carry2 word hi = 0"', () => {
    const row = C2 + MUL_PRODUCT;
    const wide = (c: string) => gate('mdm wide', c, row);
    expect(failuresAfter(circuit(), K, [], halfEdits(row + 12, 1n)).sort())
      .to.deep.equal([wide('a3·b3 + carry2 = h_hi'), wide('carry_hi + a1·b3 + a2·b2 + a3·b1 + (a2·b3 + a3·b2)·2^64 = h_lo + carry2·2^128')].sort());
    expect(failuresAfter(circuit(), K, [], halfEdits(row + 13, 1n))).to.deep.equal([wide('carry2 word hi = 0')]);
    expect(failuresAfter(circuit(), K, [], halfEdits(row + 12, 1n << 72n))).to.include(wide('carry2 < 2^72'));
  });

  it('n = 0: a non-zero quotient fails "n = 0 ⇒ q = 0" (MULMOD and ADDMOD)', () => {
    expect(failuresAfter(circuit(), K, [], wordEdits(MUL + MUL_Q, 1n))).to.deep.equal([gate('ma mulmod', 'n = 0 ⇒ q = 0', MUL)]);
    expect(failuresAfter(circuit(), K, [], wordEdits(ADD + ADD_Q, 1n))).to.deep.equal([gate('ma addmod', 'n = 0 ⇒ q = 0', ADD)]);
  });

  it('ADDMOD: a wrong result half fails its select; a non-zero h hi fails "h hi = 0" (and the wide equation)', () => {
    const row = 2 * ROWS + ADD;
    const check = row + ADD_Q + 14;
    expect(failuresAfter(circuit(), K, [], [{ column: 'mod', row: check, value: (v) => v + 1n }])).to.deep.equal([gate('ma addmod', 'result lo = (1 − zero)·r lo', row)]);
    expect(failuresAfter(circuit(), K, [], [{ column: 'mod', row: check + 1, value: 1n }])).to.deep.equal([gate('ma addmod', 'result hi = (1 − zero)·r hi', row)]);
    expect(failuresAfter(circuit(), K, [], halfEdits(row + ADD_Q + 11, 1n)))
      .to.deep.equal([gate('ma addmod', 'h hi = 0', row), gate('mdm wide', 'a3·b3 + carry2 = h_hi', row + ADD_Q)]);
  });

  it(`real prover (k = ${K}): MULMOD's q − 1, r + n is rejected by the verifier`, async () => {
    const [a, b, n] = CASES[2];
    const x = (a % n) * b;
    expect(await expectVerifierRejects(circuit([CASES[2]]), K, [], mulModQuotientEdits(MUL + MUL_Q, n, x / n - 1n, x % n + n)))
      .to.deep.equal([gate('ma mulmod', 'n ≠ 0 ⇒ r < n', MUL)]);
  });
});
