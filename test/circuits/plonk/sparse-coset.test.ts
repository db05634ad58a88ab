import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Fr, FR_MODULUS } from '../../../circuits/field/index.js';
import { EvaluationDomain } from '../../../circuits/poly/index.js';
import { sparseColumn, sparseCosetEvaluations } from '../../../circuits/plonk/sparse-coset.js';
import { Rng } from '../field/rng.js';

const pow = (b: bigint, e: bigint) => { let x = 1n; for (; e > 0n; e >>= 1n, b = (b * b) % FR_MODULUS) if (e & 1n) x = (x * b) % FR_MODULUS; return x; };

describe('plonk: coset evaluations of sparse columns without an NTT', () => {
  before(async () => { await initKernel(); });

  it('sparseColumn finds the common value (0 or the last row\'s) and the differing rows, up to a maximum', () => {
    const n = 32;
    const v = Fr.alloc(n);
    try {
      Fr.writeVec(v, Array.from({ length: n }, (_, i) => (i === 3 ? 9n : i === 17 ? FR_MODULUS - 1n : 0n)));
      expect(sparseColumn(v, n, 2)).to.deep.equal({ common: 0n, rows: [[3, 9n], [17, FR_MODULUS - 1n]] });
      expect(sparseColumn(v, n, 1)).to.equal(undefined);
      Fr.writeVec(v, Array.from({ length: n }, (_, i) => (i === 0 ? 2n : 7n)));
      expect(sparseColumn(v, n, 2)).to.deep.equal({ common: 7n, rows: [[0, FR_MODULUS - 5n]] });
    } finally {
      Fr.free(v);
    }
  });

  for (const threads of [1, 2]) {
    it(`equals the coset NTT of the coefficients on every coset part (${threads} thread(s))`, async () => {
      const k = 10;
      const d = new EvaluationDomain(k);
      const ext = new EvaluationDomain(k + 2);
      const n = d.n;
      const rng = new Rng(threads);
      const cols = [
        Array.from({ length: n }, (_, i) => (i % 300 === 5 ? rng.field() : 0n)),
        Array.from({ length: n }, (_, i) => (i === 0 || i === n - 2 ? rng.field() : 12345n)),
        Array.from({ length: n }, (_, i) => (i === n - 1 ? 1n : 0n)), // l_last
      ];
      const x = Fr.alloc(n);
      Fr.writeVec(x, Array.from({ length: n }, (_, i) => pow(d.omega, BigInt(i))));
      const ptrs = cols.map((c) => { const p = Fr.alloc(n); Fr.writeVec(p, c); return p; });
      const outs = cols.map(() => Fr.alloc(n));
      try {
        const sparse = ptrs.map((p) => sparseColumn(p, n, 4)!);
        expect(sparse.every((s) => s !== undefined)).to.equal(true);
        for (let j = 0; j < 4; j++) {
          const h = (ext.cosetGenerator * ext.element(j)) % FR_MODULUS;
          await sparseCosetEvaluations(sparse, outs, n, h, x, threads);
          cols.forEach((c, i) => {
            // reference: coefficients (iNTT), times h^i, NTT
            const e = Fr.alloc(n);
            Fr.writeVec(e, c);
            d.intt(e);
            Fr.writeVec(e, Fr.readVec(e, n).map((a, t) => (a * pow(h, BigInt(t))) % FR_MODULUS));
            d.ntt(e);
            expect(Fr.readVec(outs[i], n), `column ${i}, part ${j}`).to.deep.equal(Fr.readVec(e, n));
            Fr.free(e);
          });
        }
      } finally {
        for (const p of [x, ...ptrs, ...outs]) Fr.free(p);
      }
    });
  }
});
