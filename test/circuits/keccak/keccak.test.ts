import { expect } from 'chai';
import { KeccakCapacityError, KeccakCircuit } from '../../../circuits/keccak/index.js';
import { MockProver, failureSummary, synthesize } from '../../../circuits/plonk/index.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { RC, RHO } from '../../../circuits/keccak/sparse.js';
import { expectedTable, readKeccakTable } from './helpers.js';

const text = (s: string) => new TextEncoder().encode(s);

/** MockProver-checks the circuit over `inputs` and compares its keccak table with @noble/hashes. */
function checkHashes(inputs: Uint8Array[], k = 12): void {
  const a = synthesize(KeccakCircuit.of(inputs), k, [], true);
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

  it('refuses more permutations than its capacity, with the count', () => {
    expect(() => KeccakCircuit.of([new Uint8Array(136)], 1)).to.throw(KeccakCapacityError, 'need 2 keccak permutations');
  });

  it('unused capacity hashes the empty input under the next ids', () => {
    const c = KeccakCircuit.of([text('abc')], 2);
    expect(c.blocks.map((b) => [b.id, b.dataBytes, b.last])).to.deep.equal([[1, 3, true], [2, 0, true]]);
  });
});

(process.env.SLOW ? describe : describe.skip)('keccak circuit: 1 KiB input, 8 permutations at k = 14 (slow)', function () {
  this.timeout(600_000);
  it('a seeded 1 KiB input', () => checkHashes([new Rng(1024).bytes(1024)], 14));
});
