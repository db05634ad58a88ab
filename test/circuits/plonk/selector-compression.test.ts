/**
 * Selector compression (circuits/plonk/selector-compression.ts): selectors never enabled on the same row share a fixed
 * column, each read back through its Lagrange polynomial, while every constraint stays within the proof's degree.
 */
import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { keygen, MockProver, prove, synthesize, verify, type Circuit, type Column, type ConstraintSystem, type Layouter, type Selector } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { compressSelectors } from '../../../circuits/plonk/selector-compression.js';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { summary } from '../gadgets/helpers.js';

const K = 5;
/** Row of each gate's instance: four rows apart, so no two selectors meet unless `overlap`. */
const RELATIONS = { add: (a: bigint, b: bigint) => a + b, mul: (a: bigint, b: bigint) => a * b, sub: (a: bigint, b: bigint) => a - b, square: (a: bigint) => a * a } as const;
type Name = keyof typeof RELATIONS;
const NAMES = Object.keys(RELATIONS) as Name[];

interface Config { readonly a: Column; readonly b: Column; readonly c: Column; readonly q: Record<Name, Selector> }

/** c = a + b, a·b, a − b or a² on rows enabled by four selectors; `overlap`: add and sub both enabled on row 0 (with a·0 = …). */
class FourGates implements Circuit<Config> {
  constructor(readonly minimumDegree?: number, readonly overlap = false) {}
  configure(cs: ConstraintSystem): Config {
    if (this.minimumDegree !== undefined) cs.setMinimumDegree(this.minimumDegree);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => cs.adviceColumn(n)) as [Column, Column, Column];
    const q = Object.fromEntries(NAMES.map((n) => [n, cs.selector(n)])) as Record<Name, Selector>;
    const [x, y, z] = [a.cur(), b.cur(), c.cur()];
    cs.createGate('add', [['c = a + b', q.add.expr().mul(x.add(y).sub(z))]]);
    cs.createGate('mul', [['c = a·b', q.mul.expr().mul(x.mul(y).sub(z))]]);
    cs.createGate('sub', [['c = a − b', q.sub.expr().mul(x.sub(y).sub(z))]]);
    cs.createGate('square', [['c = a²', q.square.expr().mul(x.mul(x).sub(z))]]);
    return { a, b, c, q };
  }
  synthesize(cfg: Config, layouter: Layouter): void {
    layouter.assignRegion('gates', (region) => {
      NAMES.forEach((name, k) => {
        for (let i = 0; i < 3; i++) {
          const row = 4 * k + i;
          // the overlap row: b = 0, so a + 0 = a − 0
          const [a, b] = [BigInt(7 + row), this.overlap && row === 0 ? 0n : BigInt(3 + 2 * row)];
          region.assignAdvice('a', cfg.a, row, a);
          region.assignAdvice('b', cfg.b, row, b);
          region.assignAdvice('c', cfg.c, row, ((RELATIONS[name](a, b) % FR_MODULUS) + FR_MODULUS) % FR_MODULUS);
          region.enableSelector(cfg.q[name], row);
          if (this.overlap && row === 0) region.enableSelector(cfg.q.sub, row);
        }
      });
    });
  }
}

describe('plonk: selector compression (exclusive selectors share a fixed column)', function () {
  this.timeout(120_000);
  before(() => initKernel());

  it('at degree 3 the two linear gates\' selectors share a column (degree 1 + 2); the quadratic ones stay alone', () => {
    const plain = synthesize(new FourGates(), K, [], true);
    const c = compressSelectors(plain);
    expect([plain.cs.fixed.length, c.cs.fixed.length]).to.deep.equal([4, 3]);
    expect(c.cs.fixed.map((f) => f.name)).to.deep.equal(['selector:mul', 'selector:square', 'selectors add | sub']);
    expect(c.cs.selectors.map((s) => s.name)).to.deep.equal(['mul', 'square']);
    // add's rows hold 1, sub's 2
    expect(c.fixed[2]!.slice(0, 12)).to.deep.equal([1n, 1n, 1n, 0n, 0n, 0n, 0n, 0n, 2n, 2n, 2n, 0n]);
    expect(Math.max(...c.cs.gates.flatMap((g) => g.constraints.map((x) => x.expr.degree())))).to.equal(3);
  });

  it('at degree 5 three selectors share a column (the quadratic ones and add: 2 + 3 ≤ 5), sub stays alone', () => {
    const c = compressSelectors(synthesize(new FourGates(5), K, [], true));
    expect(c.cs.fixed.map((f) => f.name)).to.deep.equal(['selector:sub', 'selectors mul | square | add']);
    expect(Math.max(...c.cs.gates.flatMap((g) => g.constraints.map((x) => x.expr.degree())))).to.equal(5);
  });

  it('selectors enabled on a common row are not grouped', () => {
    const c = compressSelectors(synthesize(new FourGates(undefined, true), K, [], true));
    expect(c.cs.fixed).to.have.length(4);
  });

  it('the compressed key proves and verifies; a witness breaking one gate is refused by the verifier as by MockProver', async () => {
    const srs = devSrs(K);
    const circuit = new FourGates(5);
    const pk = await keygen(srs, circuit, K);
    expect(pk.vk.cs.fixed).to.have.length(2);
    expect(verify(pk.vk, [], await prove(pk, srs, circuit, []))).to.deep.equal({ ok: true });
    for (const row of [1, 5, 9, 13]) {
      const bad = synthesize(circuit, K, [], true);
      bad.advice[2]![row] = bad.advice[2]![row]! + 1n;
      const gate = NAMES[row >> 2]!;
      expect(summary(MockProver.fromAssignment(bad).verify())).to.deep.equal([`gate ${gate}/${pk.vk.cs.gates.find((g) => g.name === gate)!.constraints[0]!.name}@${row}`]);
      expect(verify(pk.vk, [], await proveAssignment(pk, srs, bad)).ok, `gate ${gate}`).to.equal(false);
    }
  });
});
