import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Fr, FR_MODULUS } from '../../../circuits/field/index.js';
import { fromNoble, G1 } from '../../../circuits/curve/index.js';
import { commit, commitValues, devSrs, devTau, freeSrs, type Srs } from '../../../circuits/pcs/index.js';
import { EvaluationDomain, rootOfUnity } from '../../../circuits/poly/index.js';
import { Rng } from '../field/rng.js';

const r = FR_MODULUS;
const mod = (a: bigint) => ((a % r) + r) % r;
const pow = (b: bigint, e: bigint) => { let x = 1n; for (b = mod(b); e > 0n; e >>= 1n, b = mod(b * b)) if (e & 1n) x = mod(x * b); return x; };

describe('pcs: commitments from values (Lagrange basis of the dev SRS)', () => {
  let srs: Srs;
  const rng = new Rng(0x1a9);

  before(async () => {
    await initKernel();
    srs = devSrs(10);
  });
  after(() => freeSrs(srs));

  it('[L_i(τ)]G1 matches noble: L_i(τ) = Π_{j≠i} (τ − ω^j)/(ω^i − ω^j) on a domain of 8', () => {
    const tau = devTau('zkevm-ts');
    const w = rootOfUnity(3);
    const pts = Array.from({ length: 8 }, (_, i) => pow(w, BigInt(i)));
    const basis = srs.lagrange!.get(3);
    for (const i of [0, 1, 5, 7]) {
      let num = 1n, den = 1n;
      pts.forEach((p, j) => { if (j !== i) { num = mod(num * (tau - p)); den = mod(den * (pts[i] - p)); } });
      const expected = fromNoble(bn254.G1.Point.BASE.multiply(mod(num * pow(den, r - 2n))));
      expect(G1.readAffine(G1.affineAt(basis, i)), `L_${i}`).to.deep.equal(expected);
    }
  });

  // each shape takes another path: dense (one MSM over all rows), sparse around 0, sparse around a repeated value
  const shapes: Array<[string, (i: number) => bigint]> = [
    ['dense random values', () => rng.field()],
    ['mostly zero, a few bytes and field elements', (i) => (i % 97 === 3 ? rng.field() : i % 31 === 0 ? BigInt(rng.int(256)) : 0n)],
    ['mostly one repeated value (a lookup h on idle rows)', (i) => (i % 50 === 7 ? rng.field() : 0xabcdefn)],
    ['all zero', () => 0n],
  ];
  for (const [name, value] of shapes) {
    it(`${name}: commitValues is the point commit() gives for the coefficients`, async () => {
      for (const k of [4, 10]) {
        const n = 1 << k;
        const values = Fr.alloc(n);
        const coeffs = Fr.alloc(n);
        try {
          Fr.writeVec(values, Array.from({ length: n }, (_, i) => value(i)));
          Fr.writeVec(coeffs, Fr.readVec(values, n));
          new EvaluationDomain(k).intt(coeffs);
          expect(await commitValues(srs, values, n), `k = ${k}`).to.deep.equal(await commit(srs, coeffs, n));
        } finally {
          Fr.free(values); Fr.free(coeffs);
        }
      }
    });
  }

  it('a wrong value gives another point (the rows skipped as "common" are really bound)', async () => {
    const n = 64;
    const values = Fr.alloc(n);
    try {
      Fr.writeVec(values, Array.from({ length: n }, (_, i) => (i === 9 ? 5n : 3n)));
      const honest = await commitValues(srs, values, n);
      Fr.write(Fr.at(values, 20), 4n);
      expect(await commitValues(srs, values, n)).to.not.deep.equal(honest);
    } finally {
      Fr.free(values);
    }
  });

  it('without a Lagrange basis (an imported ceremony) or beyond the SRS, it declines and the caller commits coefficients', async () => {
    const values = Fr.alloc(1 << 11);
    try {
      expect(await commitValues({ ...srs, lagrange: undefined }, values, 16)).to.equal(undefined);
      expect(await commitValues(srs, values, 1 << 11)).to.equal(undefined);
      expect(await commitValues(srs, values, 12)).to.equal(undefined);
    } finally {
      Fr.free(values);
    }
  });
});
