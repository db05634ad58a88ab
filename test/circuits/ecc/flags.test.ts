import { expect } from 'chai';
import { FlagChip } from '../../../circuits/ecc/index.js';
import { GadgetError } from '../../../circuits/gadgets/index.js';
import { MockProver, type AssignedCell, type Layouter } from '../../../circuits/plonk/index.js';
import { TestCircuit, failuresAfter, honestFailures } from '../gadgets/helpers.js';

const K = 6;
type Op = 'and' | 'andNot' | 'oneOf';
const OPS: Array<[Op, bigint, bigint, bigint]> = [
  ['and', 0n, 0n, 0n], ['and', 0n, 1n, 0n], ['and', 1n, 0n, 0n], ['and', 1n, 1n, 1n],
  ['andNot', 0n, 0n, 0n], ['andNot', 0n, 1n, 0n], ['andNot', 1n, 0n, 1n], ['andNot', 1n, 1n, 0n],
  ['oneOf', 0n, 0n, 0n], ['oneOf', 0n, 1n, 1n], ['oneOf', 1n, 0n, 1n],
];

/** One 3-row block per case (a, b, out in the flag column), inputs as plain witnesses. */
function circuit(cases = OPS, outputs: AssignedCell[] = []) {
  return new TestCircuit<FlagChip>((cs) => FlagChip.configure(cs, 'flag', cs.adviceColumn('flag')), (chip, layouter: Layouter) => {
    const cells = layouter.assignRegion('flags', (region) => cases.map(([op, a, b], i) => chip[op](region, 3 * i, a, b)));
    outputs.splice(0, outputs.length, ...cells);
  });
}

describe('ecc: FlagChip (and, and not, one of)', () => {
  it('every input pair gives the truth table\'s output; MockProver passes', () => {
    const outputs: AssignedCell[] = [];
    expect(honestFailures(circuit(OPS, outputs), K)).to.deep.equal([]);
    expect(outputs.map((o) => o.value)).to.deep.equal(OPS.map(([, , , out]) => out));
  });

  it('a flipped output fails exactly its gate', () => {
    const gate: Record<Op, string> = { and: 'flag and/out = a·b', andNot: 'flag and not/out = a·(1 − b)', oneOf: 'flag one of/out = a + b' };
    OPS.forEach(([op], i) => {
      expect(failuresAfter(circuit(), K, [], [{ column: 'flag', row: 3 * i + 2, value: (v) => 1n - v }])).to.deep.equal([`gate ${gate[op]}@${3 * i}`]);
    });
  });

  it('"one of" with both inputs 1 (out = 2) fails only "out is boolean"; synthesis refuses it', () => {
    const last = 3 * (OPS.length - 1);
    expect(failuresAfter(circuit(), K, [], [{ column: 'flag', row: last + 1, value: 1n }, { column: 'flag', row: last + 2, value: 2n }]))
      .to.deep.equal([`gate flag one of/out is boolean@${last}`]);
    expect(() => MockProver.run(K, circuit([['oneOf', 1n, 1n, 2n]]), [])).to.throw(GadgetError, /both inputs are 1/);
  });
});
