import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { initKernel, kernel } from '../../../circuits/wasm/kernel.js';
import { Fr } from '../../../circuits/field/index.js';
import { devSrs, freeSrs, type Srs } from '../../../circuits/pcs/index.js';
import { keygen, prove, verify, type Circuit, type Column, type ConstraintSystem, type Layouter, type Selector } from '../../../circuits/plonk/index.js';
import { setWorkingSetBytes } from '../../../circuits/plonk/host-vec.js';
import { SyntheticCircuit } from '../../../circuits/plonk/examples/synthetic.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';

/** `width` advice columns x_0 … x_{w−1} with x_{i+1} = x_i + 1 on every row, x_0 = row, x_0 and x_{w−1} copy-constrained on rows 0/1. */
class WideCircuit implements Circuit<{ xs: Column[]; q: Selector }> {
  constructor(readonly width: number, readonly rows: number) {}
  configure(cs: ConstraintSystem) {
    const xs = Array.from({ length: this.width }, (_, i) => cs.adviceColumn(`x${i}`));
    const q = cs.selector('q');
    cs.enableEquality(xs[0]);
    cs.enableEquality(xs[this.width - 1]);
    cs.createGate('chain', Object.fromEntries(xs.slice(1).map((x, i) => [`x${i + 1} = x${i} + 1`, q.expr().mul(x.cur().sub(xs[i].cur()).sub(q.expr()))])));
    return { xs, q };
  }
  synthesize(cfg: { xs: Column[]; q: Selector }, layouter: Layouter) {
    layouter.assignRegion('rows', (r) => {
      const cells = [];
      for (let row = 0; row < this.rows; row++) {
        r.enableSelector(cfg.q, row);
        cells.push(cfg.xs.map((x, i) => r.assignAdvice(`x${i}`, x, row, BigInt(row + i))));
      }
      // x_{w−1}[0] = w − 1 and x_0[w − 1] = w − 1
      r.constrainEqual(cells[0][this.width - 1], cells[this.width - 1][0]);
    });
  }
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The prover keeps its polynomials in JS memory and moves into the kernel heap only what a step works on, in groups
 * the working set bounds (host-vec.ts). The proof must not depend on the working set, and the heap's peak must not
 * grow with the number of columns.
 */
describe('plonk prover: polynomials outside the kernel heap (working set)', function () {
  this.timeout(300_000);
  let srs: Srs;
  let before: number;
  beforeEach(() => { before = setWorkingSetBytes(2 ** 30); });
  afterEach(() => { setWorkingSetBytes(before); });
  after(() => { if (srs) freeSrs(srs); });

  // sha256 of the proofs of the prover before polynomials left the heap (commit 0c4e2b8)
  const pinned: Array<[string, Circuit<unknown>, number, string]> = [
    ['synthetic k = 10 (a custom gate, a byte lookup, copies on every row)', new SyntheticCircuit(10) as Circuit<unknown>, 10, '941f0adcf319a56e11eb17bb29f23548d53ac961ace95f6672b4106d4e9b0dfc'],
    ['rotations k = 4 (rotations −1/+1, a shuffle)', new RotationsCircuit(9) as Circuit<unknown>, 4, 'a46eca5957808e9fe9cc92ec5d97acffabafd8323e59901839252535f725f41d'],
  ];
  for (const [name, circuit, k, hash] of pinned) {
    it(`${name}: the same proof bytes as before, with every column resident and with one column at a time`, async () => {
      await initKernel();
      srs ??= devSrs(10);
      const pk = await keygen(srs, circuit, k);
      const instances = (circuit as { instances?: () => bigint[][] }).instances?.() ?? [];
      const whole = await prove(pk, srs, circuit, instances);
      setWorkingSetBytes(Fr.elementBytes); // groups of one column; the quotient in chunks of 256 rows
      const chunked = await prove(pk, srs, circuit, instances);
      expect(sha256(whole)).to.equal(hash);
      expect(sha256(chunked)).to.equal(hash);
      expect(verify(pk.vk, instances, chunked).ok).to.equal(true);
    });
  }

  it('the heap peak stays at the working set when the columns are many (8 vs 64 advice columns at k = 10)', async () => {
    await initKernel();
    srs ??= devSrs(10);
    const k = 10;
    const vector = (1 << k) * Fr.elementBytes;
    const workingSet = 8 * vector;
    const peaks: number[] = [];
    for (const width of [8, 64]) {
      const circuit = new WideCircuit(width, 1000);
      const pk = await keygen(srs, circuit, k);
      setWorkingSetBytes(workingSet);
      if (width === 8) await prove(pk, srs, circuit, []); // the first run caches twiddles for the domains
      const heap = kernel().heap;
      const base = heap.allocatedBytes;
      const watch = heap.watch();
      const proof = await prove(pk, srs, circuit, []);
      peaks.push(watch.stop() - base);
      expect(heap.allocatedBytes, 'the prover frees what it allocated').to.equal(base);
      expect(verify(pk.vk, [], proof).ok).to.equal(true);
      setWorkingSetBytes(2 ** 30);
    }
    // 64 columns: 65 polynomials of two forms plus their coset evaluations, ~195 vectors passing through the heap
    const [narrow, wide] = peaks;
    expect(wide, `peak heap growth ${wide} B with 64 columns, ${narrow} B with 8`).to.be.below(narrow + 2 * vector);
    expect(wide).to.be.below(40 * vector);
  });
});
