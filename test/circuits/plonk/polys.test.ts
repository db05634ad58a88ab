import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Fr } from '../../../circuits/field/index.js';
import { EvaluationDomain } from '../../../circuits/poly/index.js';
import { freePoly, polysFromValues } from '../../../circuits/plonk/keygen.js';
import { Rng } from '../field/rng.js';

describe('plonk: polysFromValues (batched values → coefficients)', () => {
  before(async () => { await initKernel(); });

  it('equals one inverse NTT per column, a constant column included (its coefficients c, 0, …, 0 without a transform)', async () => {
    const d = new EvaluationDomain(10);
    const rng = new Rng(10);
    const columns = [Array.from({ length: d.n }, () => rng.field()), new Array<bigint>(d.n).fill(0n), new Array<bigint>(d.n).fill(5n),
      [...new Array<bigint>(d.n - 1).fill(5n), 6n]];
    const polys = await polysFromValues(columns.map((xs) => { const p = Fr.alloc(d.n); Fr.writeVec(p, xs); return p; }), d);
    try {
      polys.forEach((p, i) => {
        const expected = Fr.alloc(d.n);
        Fr.writeVec(expected, columns[i]);
        d.intt(expected);
        expect(Fr.readVec(p.coeffs, d.n), `column ${i}`).to.deep.equal(Fr.readVec(expected, d.n));
        expect(Fr.readVec(p.values, d.n)).to.deep.equal(columns[i]);
        Fr.free(expected);
      });
      expect(Fr.readVec(polys[2].coeffs, 3)).to.deep.equal([5n, 0n, 0n]);
    } finally {
      for (const p of polys) freePoly(p);
    }
  });
});
