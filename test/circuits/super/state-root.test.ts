import { expect } from 'chai';
import { RangeTable } from '../../../circuits/gadgets/index.js';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { StateRootChip } from '../../../circuits/super/state-root.js';
import { failuresAfter, honestFailures, TestCircuit, type Edit } from '../gadgets/helpers.js';

const K = 9;
const TWO_128 = 1n << 128n;
const [R_HI, R_LO] = [FR_MODULUS >> 128n, FR_MODULUS & (TWO_128 - 1n)];

/** The chip binding the word (hi, lo) to the field element `root`; the three inputs as copied cells of one column. */
const circuit = (hi: bigint, lo: bigint, root: bigint) => new TestCircuit(
  (cs) => {
    const bytes = RangeTable.configure(cs, 'byte', 8);
    const input = cs.adviceColumn('input');
    cs.enableEquality(input);
    return { bytes, input, chip: StateRootChip.configure(cs, bytes) };
  },
  ({ bytes, input, chip }, layouter) => {
    bytes.load(layouter);
    const [h, l, r] = layouter.assignRegion('inputs', (region) => [hi, lo, root].map((v, i) => region.assignAdvice('input', input, i, () => v)));
    chip.assign(layouter, { hi: h!, lo: l! }, r!);
  },
);
const word = (w: bigint) => circuit(w >> 128n, w & (TWO_128 - 1n), w);

describe('state root word = SMT root (StateRootChip)', () => {
  it('canonical words pass: 0, r − 1 (no borrow, both differences 0), one with a borrow (lo ≥ r_lo)', () => {
    for (const w of [0n, FR_MODULUS - 1n, (1n << 128n) + TWO_128 - 1n]) expect(honestFailures(word(w), K), `word ${w}`).to.deep.equal([]);
  });

  it('a word that names the same field element but is not canonical (root + r) is refused: its high difference does not fit 128 bits', () => {
    // the honest word 5, rewritten as 5 + r: hi = r_hi, lo = r_lo + 5, the borrow and the low difference consistent with it
    const dLo = TWO_128 - 6n;
    const edits: Edit[] = [
      { column: 'input', row: 0, value: R_HI }, { column: 'input', row: 1, value: R_LO + 5n },
      { column: 'state root hi', row: 0, value: R_HI }, { column: 'state root lo', row: 0, value: R_LO + 5n }, { column: 'state root b', row: 0, value: 1n },
      { column: 'state root d', row: 0, value: dLo }, { column: 'state root d', row: 1, value: -1n },
      ...Array.from({ length: 16 }, (_, i): Edit => ({ column: `state root chunk ${i}`, row: 0, value: (dLo >> BigInt(8 * i)) & 0xffn })),
    ];
    expect(failuresAfter(word(5n), K, [], edits)).to.deep.equal(['gate state root range decomposition/value = Σ chunk·2^(bits·i)@1']);
  });

  it('a borrow other than the subtraction\'s is refused: flipped, both differences break; not a bit, the boolean gate', () => {
    expect(failuresAfter(word(5n), K, [], [{ column: 'state root b', row: 0, value: 1n }])).to.deep.equal([
      'gate state root/dHi = r_hi − hi − borrow@0', 'gate state root/dLo = r_lo − 1 − lo + borrow·2^128@0',
    ]);
    expect(failuresAfter(word(5n), K, [], [{ column: 'state root b', row: 0, value: 2n }])).to.include('gate state root/borrow is boolean@0');
  });

  it('a root other than the word is refused by the composition gate', () => {
    expect(failuresAfter(word(5n), K, [], [{ column: 'input', row: 2, value: 6n }, { column: 'state root root', row: 0, value: 6n }])).to.deep.equal(['gate state root/root = hi·2^128 + lo@0']);
  });
});
