import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Fr, FR_MODULUS } from '../../../circuits/field/index.js';
import { fromNoble, G1, G1_GENERATOR } from '../../../circuits/curve/index.js';
import { batchVerify, checkSrsPowers, commit, devSrs, devTau, open, SrsError, verify, type Srs } from '../../../circuits/pcs/index.js';
import { Rng } from '../field/rng.js';

const r = FR_MODULUS;
const mod = (a: bigint) => ((a % r) + r) % r;
const evalPoly = (cs: bigint[], z: bigint) => cs.reduceRight((acc, c) => mod(acc * z + c), 0n);

describe('pcs/kzg', () => {
  let srs: Srs;
  const rng = new Rng(0x4b5a47);
  const rand = () => rng.bits(256) % r;

  before(async () => {
    await initKernel();
    srs = devSrs(8);
  });

  function poly(cs: bigint[]) {
    const p = Fr.alloc(Math.max(1, cs.length));
    Fr.writeVec(p, cs);
    return p;
  }

  it('devSrs holds [τ^i]G1 and [τ]G2 for the published dev τ', () => {
    const tau = devTau('zkevm-ts');
    for (const i of [0, 1, 2, 255]) {
      const expected = fromNoble(bn254.G1.Point.BASE.multiply(mod(tau ** BigInt(i)) || 1n));
      expect(G1.readAffine(G1.affineAt(srs.g1, i)), `power ${i}`).to.deep.equal(i === 0 ? G1_GENERATOR : expected);
    }
    expect(srs.tauG2.equals(bn254.G2.Point.BASE.multiply(tau))).to.equal(true);
    expect(srs.insecure).to.equal(true);
    expect(srs.origin).to.match(/INSECURE/);
  });

  it('checkSrsPowers accepts a consistent SRS and rejects a tampered point', async () => {
    expect(await checkSrsPowers(srs)).to.equal(true);
    const saved = G1.readAffine(G1.affineAt(srs.g1, 7));
    G1.writeAffine(G1.affineAt(srs.g1, 7), G1.readAffine(G1.affineAt(srs.g1, 8)));
    try {
      expect(await checkSrsPowers(srs)).to.equal(false);
    } finally {
      G1.writeAffine(G1.affineAt(srs.g1, 7), saved);
    }
  });

  it('commitment equals Σ p_i·τ^i·G (noble reference)', async () => {
    const cs = Array.from({ length: 37 }, rand);
    const p = poly(cs);
    const C = await commit(srs, p, cs.length);
    const expected = fromNoble(bn254.G1.Point.BASE.multiply(evalPoly(cs, devTau('zkevm-ts'))));
    expect(C).to.deep.equal(expected);
    Fr.free(p);
  });

  it('open/verify round trip, at random points, z = 0 and z = a root', async () => {
    const cs = Array.from({ length: 256 }, rand);
    const p = poly(cs);
    const C = await commit(srs, p, cs.length);
    for (const z of [rand(), rand(), 0n, 1n, r - 1n]) {
      const o = await open(srs, p, cs.length, z);
      expect(o.value).to.equal(evalPoly(cs, z));
      expect(verify(srs, C, o), `z = ${z}`).to.equal(true);
    }
    expect(Fr.readVec(p, cs.length)).to.deep.equal(cs); // open leaves the polynomial unchanged
    Fr.free(p);
    // p(X) = X - 5 vanishes at 5: the opening is v = 0, π = [1]G
    const q = poly([r - 5n, 1n]);
    const o = await open(srs, q, 2, 5n);
    expect(o.value).to.equal(0n);
    expect(o.proof).to.deep.equal(G1_GENERATOR);
    expect(verify(srs, await commit(srs, q, 2), o)).to.equal(true);
    Fr.free(q);
  });

  it('rejects a wrong value, a wrong point, a wrong proof and a wrong commitment', async () => {
    const cs = Array.from({ length: 64 }, rand);
    const p = poly(cs);
    const C = await commit(srs, p, cs.length);
    const z = rand();
    const o = await open(srs, p, cs.length, z);
    expect(verify(srs, C, { ...o, value: mod(o.value + 1n) })).to.equal(false);
    expect(verify(srs, C, { ...o, point: mod(z + 1n) })).to.equal(false);
    expect(verify(srs, C, { ...o, proof: G1_GENERATOR })).to.equal(false);
    expect(verify(srs, G1_GENERATOR, o)).to.equal(false);
    Fr.free(p);
  });

  it('batch verification accepts valid openings and rejects if any one is wrong', async () => {
    const claims = [];
    for (let j = 0; j < 5; j++) {
      const cs = Array.from({ length: 20 + j }, rand);
      const p = poly(cs);
      const commitment = await commit(srs, p, cs.length);
      claims.push({ commitment, ...(await open(srs, p, cs.length, rand())) });
      Fr.free(p);
    }
    expect(batchVerify(srs, claims)).to.equal(true);
    for (let j = 0; j < claims.length; j++) {
      const bad = claims.map((c, i) => (i === j ? { ...c, value: mod(c.value + 1n) } : c));
      expect(batchVerify(srs, bad), `claim ${j}`).to.equal(false);
    }
  });

  it('refuses polynomials larger than the SRS with a clear error', async () => {
    const p = Fr.alloc(srs.n + 1);
    try {
      await commit(srs, p, srs.n + 1);
      expect.fail('commit should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(SrsError);
      expect((e as Error).message).to.match(/257 coefficients.*256 powers/);
    }
    Fr.free(p);
  });
});
