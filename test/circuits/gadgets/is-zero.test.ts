import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import { keygen, MockProver, prove, verify, synthesize, type AssignedCell, type Column, type Selector } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { IsEqualChip, IsZeroChip } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { TestCircuit, corrupt, expectVerifierRejects, failuresAfter, honestFailures, summary } from './helpers.js';

interface IsZeroConfig { value: Column; q: Selector; pub: Column; chip: IsZeroChip }

/** value_i private, (value_i == 0) public: pub[i]. */
function isZeroCircuit(values: readonly bigint[]) {
  return new TestCircuit<IsZeroConfig>((cs) => {
    const [value, inverse, output] = ['value', 'inverse', 'output'].map((n) => cs.adviceColumn(n));
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(output);
    cs.enableEquality(pub);
    const q = cs.selector('is zero');
    const chip = IsZeroChip.configure(cs, 'is zero', q.expr(), value.cur(), inverse, output);
    return { value, q, pub, chip };
  }, (cfg, layouter) => {
    const outs = layouter.assignRegion('values', (region) => values.map((v, i) => {
      region.enableSelector(cfg.q, i);
      const cell = region.assignAdvice('value', cfg.value, i, v);
      return cfg.chip.assign(region, i, () => cell.value);
    }));
    outs.forEach((o: AssignedCell, i: number) => layouter.constrainInstance(o, cfg.pub, i));
  });
}

const rng = new Rng(0x15e0);
const VALUES = [0n, 1n, FR_MODULUS - 1n, 0n, rng.below(FR_MODULUS), rng.bits(64), 0n, rng.below(FR_MODULUS)];
const FLAGS = VALUES.map((v) => (v === 0n ? 1n : 0n));

describe('gadgets: IsZero / IsEqual', function () {
  this.timeout(60_000);

  describe('IsZeroChip', () => {
    const circuit = isZeroCircuit(VALUES);
    it('honest witness on zeros, small and random field elements passes MockProver', () => {
      expect(honestFailures(circuit, 4, [FLAGS])).to.deep.equal([]);
    });

    it('a wrong inverse breaks "out = 1 − value·inv" only', () => {
      expect(failuresAfter(circuit, 4, [FLAGS], [{ column: 'inverse', row: 4, value: (v) => v + 1n }]))
        .to.deep.equal(['gate is zero/out = 1 − value·inv@4']);
    });

    it('claiming a non-zero value is zero (out = 1, inv = 0) breaks "value·out = 0" and the public flag', () => {
      expect(failuresAfter(circuit, 4, [FLAGS], [{ column: 'output', row: 5, value: 1n }, { column: 'inverse', row: 5, value: 0n }]))
        .to.deep.equal(['copy output@5~pub@5', 'gate is zero/value·out = 0@5']);
    });

    it('claiming zero is non-zero (out = 0) breaks "out = 1 − value·inv"', () => {
      expect(failuresAfter(circuit, 4, [FLAGS], [{ column: 'output', row: 0, value: 0n }]))
        .to.deep.equal(['copy output@0~pub@0', 'gate is zero/out = 1 − value·inv@0']);
    });

    it('the inverse cell is free when the value is zero (documented: the chip assigns 0)', () => {
      expect(failuresAfter(circuit, 4, [FLAGS], [{ column: 'inverse', row: 3, value: 12345n }])).to.deep.equal([]);
    });

    describe('real prover (k = 4)', () => {
      let srs: Srs;
      before(async () => { await initKernel(); srs = devSrs(4); });

      it('honest proof verifies; a corrupted inverse and a wrong public flag are rejected', async () => {
        const pk = await keygen(srs, circuit, 4);
        const proof = await prove(pk, srs, circuit, [FLAGS]);
        expect(verify(pk.vk, [FLAGS], proof)).to.deep.equal({ ok: true });
        expect(verify(pk.vk, [FLAGS.map((f, i) => (i === 2 ? 1n - f : f))], proof).ok).to.equal(false);
        const bad = corrupt(synthesize(circuit, 4, [FLAGS], true), [{ column: 'inverse', row: 4, value: (v) => v + 1n }]);
        expect(summary(MockProver.fromAssignment(bad).verify())).to.have.length(1);
        const r = verify(pk.vk, [FLAGS], await proveAssignment(pk, srs, bad));
        expect(r.ok).to.equal(false);
      });
    });
  });

  describe('IsEqualChip', () => {
    const pairs: Array<[bigint, bigint]> = [];
    for (let i = 0; i < 10; i++) {
      const a = rng.below(FR_MODULUS);
      pairs.push(i % 3 === 0 ? [a, a] : [a, rng.below(FR_MODULUS)]);
    }
    pairs.push([0n, 0n], [0n, FR_MODULUS - 1n]);
    const circuit = new TestCircuit<IsEqualChip>((cs) => {
      const [a, b, inv, eq] = ['a', 'b', 'inv', 'eq'].map((n) => cs.adviceColumn(n));
      return IsEqualChip.configure(cs, 'is equal', a, b, inv, eq);
    }, (chip, layouter) => {
      layouter.assignRegion('pairs', (region) => { pairs.forEach(([a, b], i) => chip.assign(region, i, a, b)); });
    });

    it('matches a === b on random pairs (a third equal) and passes MockProver', () => {
      expect(honestFailures(circuit, 5)).to.deep.equal([]);
      const a = synthesize(circuit, 5, [], true);
      const eqCol = a.cs.advice.find((c) => c.name === 'eq')!;
      expect(pairs.map((_, i) => a.advice[eqCol.index][i])).to.deep.equal(pairs.map(([x, y]) => (x === y ? 1n : 0n)));
    });

    it('a lie (eq = 1 on different values, inv = 0) breaks "value·out = 0"', () => {
      expect(failuresAfter(circuit, 5, [], [{ column: 'eq', row: 1, value: 1n }, { column: 'inv', row: 1, value: 0n }]))
        .to.deep.equal(['gate is equal/value·out = 0@1']);
    });

    it('a lie (eq = 0 on equal values) breaks "out = 1 − value·inv"', () => {
      expect(failuresAfter(circuit, 5, [], [{ column: 'eq', row: 0, value: 0n }]))
        .to.deep.equal(['gate is equal/out = 1 − value·inv@0']);
    });

    it('real prover (k = 5): the lie eq = 1 on different values is rejected by the verifier', async () => {
      expect(await expectVerifierRejects(circuit, 5, [], [{ column: 'eq', row: 1, value: 1n }, { column: 'inv', row: 1, value: 0n }]))
        .to.deep.equal(['gate is equal/value·out = 0@1']);
    });
  });
});
