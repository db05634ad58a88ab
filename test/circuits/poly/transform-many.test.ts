import { expect } from 'chai';
import { initKernel, kernel } from '../../../circuits/wasm/kernel.js';
import { Fr } from '../../../circuits/field/index.js';
import { EvaluationDomain, transformMany, type TransformKind } from '../../../circuits/poly/index.js';
import type { KernelCall } from '../../../circuits/wasm/pool.js';
import { Rng } from '../field/rng.js';

describe('poly: transformMany (whole transforms per worker)', function () {
  this.timeout(30000);
  before(async () => { await initKernel(); });

  for (const [k, threads] of [[5, 1], [12, 2], [13, 3]] as const) {
    it(`equals one transform at a time for every kind, with 'before' calls on the same worker (2^${k}, ${threads} thread(s), 5 vectors)`, async () => {
      const d = new EvaluationDomain(k);
      const rng = new Rng(k);
      const count = 5;
      const a = Array.from({ length: count }, () => Fr.alloc(d.n));
      const b = Array.from({ length: count }, () => Fr.alloc(d.n));
      const scale = Fr.alloc(d.n);
      try {
        Fr.writeVec(scale, Array.from({ length: d.n }, () => rng.field()));
        for (const kind of ['ntt', 'intt', 'cosetNtt', 'cosetIntt'] as TransformKind[]) {
          for (let i = 0; i < count; i++) {
            Fr.writeVec(a[i], Array.from({ length: d.n }, () => rng.field()));
            kernel().u8().copyWithin(b[i], a[i], a[i] + d.n * Fr.elementBytes);
            Fr.vecMul(a[i], scale, a[i], d.n);
            d[kind](a[i]);
          }
          await transformMany(b.map((ptr) => ({ ptr, before: [['fr_vec_mul', ptr, scale, ptr, d.n] as KernelCall] })), k, kind, threads);
          for (let i = 0; i < count; i++) expect(Fr.readVec(b[i], d.n), `${kind} #${i}`).to.deep.equal(Fr.readVec(a[i], d.n));
        }
      } finally {
        for (const p of [...a, ...b, scale]) Fr.free(p);
      }
    });
  }
});
