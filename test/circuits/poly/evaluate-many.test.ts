import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Fr, FR_MODULUS } from '../../../circuits/field/index.js';
import { evaluateMany } from '../../../circuits/poly/index.js';
import { Rng } from '../field/rng.js';

const horner = (cs: bigint[], x: bigint) => cs.reduceRight((acc, c) => (acc * x + c) % FR_MODULUS, 0n);

describe('poly: evaluateMany (Horner loops over the workers)', () => {
  before(async () => { await initKernel(); });

  for (const threads of [1, 2, 3]) {
    it(`equals BigInt Horner for every (polynomial, point) pair, points shared or not (${threads} thread(s))`, async () => {
      const rng = new Rng(threads);
      const n = 40;
      const coeffs = Array.from({ length: 7 }, () => Array.from({ length: n }, () => rng.field()));
      const ptrs = coeffs.map((cs) => { const p = Fr.alloc(n); Fr.writeVec(p, cs); return p; });
      try {
        const z = [rng.field(), 0n, 1n];
        const items = coeffs.flatMap((_, i) => [[ptrs[i], z[i % 3]] as const, [ptrs[i], z[(i + 1) % 3]] as const]);
        const got = await evaluateMany(items, n, threads);
        expect(got).to.deep.equal(items.map(([p, x]) => horner(coeffs[ptrs.indexOf(p)], x)));
        expect(await evaluateMany([], n, threads)).to.deep.equal([]);
      } finally {
        for (const p of ptrs) Fr.free(p);
      }
    });
  }
});
