/**
 * The MODEXP table as a consumer (the CALL to 0x05) will use it: a circuit beside the MODEXP chip looks up one call
 * (lengths, operands, result, gas). The true claim passes; a wrong result or gas is refused by the lookup.
 */
import { expect } from 'chai';
import { ModexpChip, modexpLookup, modexpWitness, type ModexpCall } from '../../../circuits/modexp/index.js';
import { splitWord } from '../../../circuits/gadgets/word.js';
import { MockProver, synthesize, type Column, type Selector } from '../../../circuits/plonk/index.js';
import { TestCircuit, summary } from '../gadgets/helpers.js';

const FIELDS = ['base length', 'exp length', 'mod length', 'base lo', 'base hi', 'exp lo', 'exp hi', 'mod lo', 'mod hi', 'result lo', 'result hi', 'gas'] as const;
type Field = (typeof FIELDS)[number];
interface Consumer { chip: ModexpChip; q: Selector; cols: Record<Field, Column> }

function circuit(call: ModexpCall, claim: { result: bigint; gas: bigint }) {
  const w = modexpWitness(call);
  const steps = w.steps.length;
  const squares = w.steps.filter((s) => !s.multiply).length;
  return new TestCircuit<Consumer>((cs) => {
    const chip = ModexpChip.configure(cs);
    const cols = Object.fromEntries(FIELDS.map((f) => [f, cs.adviceColumn(`consumer ${f}`)])) as Record<Field, Column>;
    const q = cs.selector('consumer');
    const word = (f: 'base' | 'exp' | 'mod' | 'result') => ({ lo: cols[`${f} lo`].cur(), hi: cols[`${f} hi`].cur() });
    cs.lookup('consumer modexp', modexpLookup(chip.table, q.expr(), {
      baseLength: cols['base length'].cur(), expLength: cols['exp length'].cur(), modLength: cols['mod length'].cur(),
      base: word('base'), exp: word('exp'), mod: word('mod'), result: word('result'), gas: cols.gas.cur(),
    }));
    return { chip, q, cols };
  }, (c, layouter) => {
    c.chip.assign(layouter, [w], ModexpChip.arithCapacity(steps, squares), true);
    layouter.assignRegion('consumer', (region) => {
      region.enableSelector(c.q, 0);
      const [bl, bh] = splitWord(w.base);
      const [el, eh] = splitWord(w.exp);
      const [ml, mh] = splitWord(w.mod);
      const [rl, rh] = splitWord(claim.result);
      const values: Record<Field, bigint> = {
        'base length': BigInt(w.baseLength), 'exp length': BigInt(w.expLength), 'mod length': BigInt(w.modLength),
        'base lo': bl, 'base hi': bh, 'exp lo': el, 'exp hi': eh, 'mod lo': ml, 'mod hi': mh, 'result lo': rl, 'result hi': rh, gas: claim.gas,
      };
      for (const f of FIELDS) region.assignAdvice(f, c.cols[f], 0, values[f]);
    });
  });
}

describe('modexp table: a consumer looks up a call', function () {
  this.timeout(120_000);
  const call: ModexpCall = { base: (1n << 200n) + 3n, exp: 0x101n, mod: (1n << 255n) - 19n, baseLength: 26, expLength: 2, modLength: 32 };
  const w = modexpWitness(call);
  const failures = (claim: { result: bigint; gas: bigint }) => summary(MockProver.fromAssignment(synthesize(circuit(call, claim), 11, [], true)).verify());

  it('the true claim passes', () => expect(failures({ result: w.result, gas: w.gas })).to.deep.equal([]));
  it('a wrong result is refused', () => expect(failures({ result: w.result + 1n, gas: w.gas })).to.deep.equal(['lookup consumer modexp@0']));
  it('a wrong gas is refused', () => expect(failures({ result: w.result, gas: w.gas + 1n })).to.deep.equal(['lookup consumer modexp@0']));
});
