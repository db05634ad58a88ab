import { expect } from 'chai';
import { FULL_SLOTS, KeccakCapacityError, KeccakCircuit, keccakLayout, type Place } from '../../../circuits/keccak/index.js';
import { MockProver, failureSummary, synthesize } from '../../../circuits/plonk/index.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { RATE_BYTES, RC, RHO, ROUNDS } from '../../../circuits/keccak/sparse.js';
import { expectedTable, readKeccakTable } from './helpers.js';

const text = (s: string) => new TextEncoder().encode(s);

/** MockProver-checks the circuit over `inputs` (`units` steps per row) and compares its keccak table with @noble/hashes. */
function checkHashes(inputs: Uint8Array[], units = 1, k = 12): void {
  const a = synthesize(KeccakCircuit.of(inputs, undefined, units), k, [], true);
  expect(failureSummary(MockProver.fromAssignment(a).verify())).to.deep.equal([]);
  expect(readKeccakTable(a)).to.deep.equal(expectedTable(inputs));
}

describe('keccak circuit: keccak256 known answers vs @noble/hashes', function () {
  this.timeout(120_000);

  it('round constants and ρ offsets match the spec (first, last, a few lanes)', () => {
    expect([RC[0], RC[1], RC[23]]).to.deep.equal([1n, 0x8082n, 0x8000000080008008n]);
    expect([RHO[1], RHO[2], RHO[5], RHO[24]]).to.deep.equal([1, 62, 36, 14]);
  });

  it('"" and "abc" in one circuit: ids 1, 2, digest rows, input rows', () => checkHashes([text(''), text('abc')]));

  const rng = new Rng(7);
  for (const n of [135, 136, 137]) {
    it(`${n} bytes (rate boundary: ${n < 136 ? 'one block, 0x81 pad byte' : n === 136 ? 'full block + padding-only block' : 'two blocks'})`, () => checkHashes([rng.bytes(n)]));
  }

  it('four steps per row: "", 137 bytes and "abc" (multi-hash, multi-block)', () => checkHashes([text(''), rng.bytes(137), text('abc')], 4));

  it('refuses more permutations than its capacity, with the count', () => {
    expect(() => KeccakCircuit.of([new Uint8Array(136)], 1)).to.throw(KeccakCapacityError, 'need 2 keccak permutations');
  });

  it('unused capacity hashes the empty input under the next ids', () => {
    const c = KeccakCircuit.of([text('abc')], 2);
    expect(c.blocks.map((b) => [b.id, b.dataBytes, b.last])).to.deep.equal([[1, 3, true], [2, 0, true]]);
  });
});

describe('keccak circuit: layout of a permutation over units', () => {
  for (const units of [1, 2, 3, 4, 8]) {
    it(`${units} steps per row: every step placed once, θ-sums on unit 0, the digest alone on the last row's unit 0`, () => {
      const L = keccakLayout(units);
      const places: Place[] = [];
      const thetaSums: Place[] = [];
      for (let l = 0; l < 25; l++) places.push(L.absorb(l));
      for (let r = 0; r < ROUNDS; r++) {
        for (let x = 0; x < 5; x++) thetaSums.push(L.thetaSum(r, x));
        for (let l = 0; l < 25; l++) places.push(L.theta(r, l), L.chi(r, l));
        places.push(L.iota(r));
      }
      for (let i = 0; i < 4; i++) places.push(L.squeeze(i));
      const all = [...places, ...thetaSums, L.digest].map((p) => `${p.row}/${p.unit}`);
      expect(new Set(all).size).to.equal(all.length);
      expect(thetaSums.every((p) => p.unit === 0)).to.equal(true);
      expect(L.digest).to.deep.equal({ row: L.rows - 1, unit: 0 });
      expect(L.rows).to.equal(Math.max(RATE_BYTES + 1, Math.ceil(all.length / units)));
    });
  }
  it('unit 0 has the θ-sum\'s 17 slots', () => expect(FULL_SLOTS).to.equal(17));
  it('refuses a unit count that is not a positive integer', () => expect(() => keccakLayout(0)).to.throw(RangeError, 'positive integer'));
});

describe('keccak circuit: 1 KiB input, 8 permutations at k = 13 (~3 s under load)', function () {
  this.timeout(120_000);
  it('a seeded 1 KiB input, 2 steps per row', () => checkHashes([new Rng(1024).bytes(1024)], 2, 13));
});
