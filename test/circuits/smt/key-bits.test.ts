import { expect } from 'chai';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { SMT_MAX_DEPTH, canonicalBits } from '../../../circuits/smt/index.js';
import { KEY_BITS_K, KeyBitsHarness } from '../../../scripts/soundness/targets/smt.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { expectVerifierRejects, failuresAfter, honestFailures, type Edit } from '../gadgets/helpers.js';

const K = KEY_BITS_K;
const BOTTOM = SMT_MAX_DEPTH;
const circuit = (value: bigint, bits?: number[]) => new KeyBitsHarness(value, bits);

/** Every advice cell where `bad` differs from `honest`, as edits (a whole alternative witness as a corruption). */
function editsBetween(honest: Assignment, bad: Assignment): Edit[] {
  return honest.cs.advice.flatMap((col) => bad.advice[col.index].flatMap((v, row) => (v === honest.advice[col.index][row] ? [] : [{ column: col.name, row, value: v }])));
}

describe('smt: KeyBitsChip (canonical 254-bit decomposition, x < r)', function () {
  this.timeout(120_000);
  const rng = new Rng(0xb175);
  const aliasable = 5n; // 5 + r < 2^254: its bits have an alias

  it('decomposes 0, 1, 2^253, r − 1 and a random element; the value is the public input', () => {
    for (const x of [0n, 1n, 1n << 253n, FR_MODULUS - 1n, rng.field()]) {
      expect(honestFailures(circuit(x), K, [[x]]), `x = ${x}`).to.deep.equal([]);
    }
  });

  it('the bits of x + r (same field element) are refused by "value < r", and only by it', () => {
    expect(failuresAfter(circuit(aliasable, canonicalBits(aliasable + FR_MODULUS)), K, [[aliasable]], [])).to.deep.equal(['gate kb top/value < r@0']);
    expect(failuresAfter(circuit(0n, canonicalBits(FR_MODULUS)), K, [[0n]], [])).to.deep.equal(['gate kb top/value < r@0']);
  });

  it('a lie at the bottom of the comparison (lt starts at 1, so any bits pass) is refused by "lt starts at 0"', () => {
    const edits: Edit[] = [];
    for (let d = 0; d <= BOTTOM; d++) edits.push({ column: 'kb eq', row: d, value: 0n }, { column: 'kb lt', row: d, value: 1n });
    expect(failuresAfter(circuit(0n, canonicalBits(FR_MODULUS)), K, [[0n]], edits)).to.deep.equal(['gate kb bottom/lt starts at 0@254']);
  });

  it('a flipped bit breaks the running sum; a wrong lt breaks the comparison; a non-zero start breaks "acc starts at 0"', () => {
    const x = rng.field();
    expect(failuresAfter(circuit(x), K, [[x]], [{ column: 'kb bit', row: 10, value: (v) => 1n - v }]))
      .to.deep.equal(["gate kb bits/acc' = acc + 2^d·bit@10"]);
    expect(failuresAfter(circuit(x), K, [[x]], [{ column: 'kb lt', row: 100, value: (v) => v + 1n }]))
      .to.deep.equal(["gate kb bits/lt = lt' + eq'·(1 − bit)·r@100", "gate kb bits/lt = lt' + eq'·(1 − bit)·r@99"]);
    // bit 0 flipped and acc_0 moved to keep acc_1: only the start is wrong
    const b0 = x & 1n;
    expect(failuresAfter(circuit(x), K, [[x]], [{ column: 'kb bit', row: 0, value: 1n - b0 }, { column: 'kb acc', row: 0, value: b0 - (1n - b0) }]))
      .to.deep.equal(['gate kb top/acc starts at 0@0']);
  });

  it('real prover: the aliased decomposition of 5 is rejected', async () => {
    const honest = synthesize(circuit(aliasable), K, [[aliasable]], true);
    const bad = synthesize(circuit(aliasable, canonicalBits(aliasable + FR_MODULUS)), K, [[aliasable]], true);
    const failures = await expectVerifierRejects(circuit(aliasable), K, [[aliasable]], editsBetween(honest, bad));
    expect(failures).to.deep.equal(['gate kb top/value < r@0']);
  });
});
