import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Fr } from '../../../circuits/field/index.js';
import { EvaluationDomain } from '../../../circuits/poly/index.js';
import { polysFromValues } from '../../../circuits/plonk/keygen.js';
import { HostVec, setWorkingSetBytes } from '../../../circuits/plonk/host-vec.js';
import { Rng } from '../field/rng.js';

describe('plonk: polysFromValues (batched values → coefficients)', () => {
  before(async () => { await initKernel(); });

  for (const [label, workingSet] of [['one group', 2 ** 30], ['one column per group (a working set of one vector)', 1]] as const) {
    it(`equals one inverse NTT per column, a constant column included (its coefficients c, 0, …, 0 without a transform): ${label}`, async () => {
      const d = new EvaluationDomain(10);
      const rng = new Rng(10);
      const columns = [Array.from({ length: d.n }, () => rng.field()), new Array<bigint>(d.n).fill(0n), new Array<bigint>(d.n).fill(5n),
        [...new Array<bigint>(d.n - 1).fill(5n), 6n]];
      const before = setWorkingSetBytes(workingSet);
      try {
        const polys = await polysFromValues(columns.map((xs) => { const p = Fr.alloc(d.n); Fr.writeVec(p, xs); return HostVec.spill(p, d.n); }), d);
        polys.forEach((p, i) => {
          const expected = Fr.alloc(d.n);
          Fr.writeVec(expected, columns[i]);
          d.intt(expected);
          expect(p.coeffs.readAll(), `column ${i}`).to.deep.equal(Fr.readVec(expected, d.n));
          expect(p.values.readAll()).to.deep.equal(columns[i]);
          Fr.free(expected);
        });
        expect(polys[2].coeffs.readAll().slice(0, 3)).to.deep.equal([5n, 0n, 0n]);
        // constant columns keep one element in JS memory
        expect([polys[1].values.byteLength, polys[2].values.byteLength, polys[3].values.byteLength]).to.deep.equal([Fr.elementBytes, Fr.elementBytes, d.n * Fr.elementBytes]);
      } finally {
        setWorkingSetBytes(before);
      }
    });
  }
});
