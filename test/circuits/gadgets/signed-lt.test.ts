import { expect } from 'chai';
import { SignedLtChip, TWO_256, type SignedLtResult } from '../../../circuits/gadgets/index.js';
import type { Layouter } from '../../../circuits/plonk/index.js';
import { Rng } from '../field/rng.js';
import { TestCircuit, configureWordArithmetic, expectVerifierRejects, failuresAfter, honestFailures, type WordArithmetic } from './helpers.js';

const K = 9;
const rng = new Rng(0x51d7);
const NEG = 1n << 255n;
// (a, b): signs equal and different, equal operands, the extremes
const CASES: Array<[bigint, bigint]> = [
  [0n, 1n], [1n, 0n], [TWO_256 - 1n, 0n], [0n, TWO_256 - 1n], [NEG, NEG - 1n], [NEG - 1n, NEG], [5n, 5n], [rng.bits(256), rng.bits(256)], [NEG | 7n, NEG | 9n],
];
const signed = (x: bigint) => (x >= NEG ? x - TWO_256 : x);

interface Config extends WordArithmetic { slt: SignedLtChip }

function circuit(results: SignedLtResult[] = []) {
  return new TestCircuit<Config>((cs) => {
    const base = configureWordArithmetic(cs);
    return { ...base, slt: SignedLtChip.configure(cs, 'slt', base.table, base.word, base.arith, cs.adviceColumn('sign')) };
  }, (cfg, layouter: Layouter) => {
    results.length = 0;
    cfg.table.load(layouter);
    CASES.forEach(([a, b], i) => results.push(layouter.assignRegion(`case ${i}`, (region) => cfg.slt.lt(region, 0, a, b))));
  });
}

describe('gadgets: SignedLtChip (SLT on two\'s-complement words)', function () {
  this.timeout(120_000);

  it('matches signed BigInt comparison on edge and random operands; MockProver passes', () => {
    const results: SignedLtResult[] = [];
    expect(honestFailures(circuit(results), K)).to.deep.equal([]);
    expect(results.map((r) => r.lt.value)).to.deep.equal(CASES.map(([a, b]) => (signed(a) < signed(b) ? 1n : 0n)));
  });

  it('a wrong sign bit fails the sign lookup and the flip gate; a flipped operand half fails the flip gate', () => {
    // case 2 (a = −1, b = 0) sits at rows 12–17: a's sign on row 12
    expect(failuresAfter(circuit(), K, [], [{ column: 'sign', row: 12, value: 0n }])).to.deep.equal(["gate slt/a' hi = a hi with its top bit flipped@12", 'lookup slt sign a@12']);
    expect(failuresAfter(circuit(), K, [], [{ column: 'a', row: 17, value: (v) => v ^ (1n << 127n) }])).to.deep.equal(['gate arith sub/hi: c + b + borrow = a + borrow out·2^128@16', "gate slt/a' hi = a hi with its top bit flipped@12"]);
  });

  it('real prover: proves and verifies; a flipped result (the borrow) is rejected', async () => {
    const failures = await expectVerifierRejects(circuit(), K, [], [{ column: 'carry', row: 17, value: (v) => 1n - v }]);
    expect(failures).to.deep.equal(['gate arith sub/hi: c + b + borrow = a + borrow out·2^128@16']);
  });
});
