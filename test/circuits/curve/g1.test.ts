/**
 * BN254 G1 in the kernel (Jacobian/affine formulas, scalar multiplication, batch helpers) against
 * @noble/curves, with the edge cases of complete addition: P + P, P + (-P), infinity on either side.
 */
import { expect } from 'chai';
import { FQ_MODULUS, FR_MODULUS, Fq } from '../../../circuits/field/index.js';
import { G1, G1_GENERATOR, G1_INFINITY, fromNoble, isOnCurve, toNoble, type G1Affine, type NobleG1 } from '../../../circuits/curve/index.js';
import { initKernel, kernel } from '../../../circuits/wasm/kernel.js';
import { BASE, Rng, ZERO, randomPoint } from './helpers.js';

describe('curve/g1: kernel point arithmetic', () => {
  let rng: Rng;
  let a: number, b: number, o: number, aff: number, aff2: number;
  before(async () => {
    await initKernel();
    rng = new Rng(0xc0ffee);
    a = G1.allocJacobian(); b = G1.allocJacobian(); o = G1.allocJacobian();
    aff = G1.allocAffine(); aff2 = G1.allocAffine();
  });
  after(() => { for (const p of [a, b, o, aff, aff2]) G1.free(p); });

  const readJ = (ptr: number) => toNoble(G1.readJacobian(ptr));
  /** Writes P in Jacobian form with a random Z ≠ 1 (exercises the general formulas). */
  function jacRandomZ(ptr: number, P: NobleG1): void {
    if (P.is0()) { G1.writeJacobian(ptr, G1_INFINITY); return; }
    const { x, y } = P.toAffine();
    const z = (rng.scalar() % (FQ_MODULUS - 2n)) + 2n;
    const z2 = (z * z) % FQ_MODULUS;
    Fq.write(ptr, (x * z2) % FQ_MODULUS);
    Fq.write(ptr + 36, (y * z2 % FQ_MODULUS) * z % FQ_MODULUS);
    Fq.write(ptr + 72, z);
  }

  it('add, double, mixed add and negation agree with noble on random points', () => {
    for (let i = 0; i < 24; i++) {
      const P = randomPoint(rng), Q = randomPoint(rng);
      jacRandomZ(a, P); jacRandomZ(b, Q);
      G1.add(a, b, o); expect(readJ(o).equals(P.add(Q))).to.equal(true);
      G1.double(a, o); expect(readJ(o).equals(P.double())).to.equal(true);
      G1.writeAffine(aff, fromNoble(Q));
      G1.addMixed(a, aff, o); expect(readJ(o).equals(P.add(Q))).to.equal(true);
      G1.neg(a, o); expect(readJ(o).equals(P.negate())).to.equal(true);
      G1.negAffine(aff, aff2); expect(toNoble(G1.readAffine(aff2)).equals(Q.negate())).to.equal(true);
      expect(G1.isOnCurveJacobian(o)).to.equal(true);
      // outputs may alias inputs
      G1.add(a, b, a); expect(readJ(a).equals(P.add(Q))).to.equal(true);
      jacRandomZ(a, P);
      G1.addMixed(a, aff, a); expect(readJ(a).equals(P.add(Q))).to.equal(true);
      G1.double(b, b); expect(readJ(b).equals(Q.double())).to.equal(true);
    }
  });

  it('complete addition: P + P, P + (-P), infinity on either side', () => {
    const P = randomPoint(rng);
    const cases: Array<[NobleG1, NobleG1]> = [[P, P], [P, P.negate()], [ZERO, P], [P, ZERO], [ZERO, ZERO]];
    for (const [X, Y] of cases) {
      const want = X.add(Y);
      jacRandomZ(a, X); jacRandomZ(b, Y);
      G1.add(a, b, o); expect(readJ(o).equals(want)).to.equal(true);
      G1.writeAffine(aff, fromNoble(Y));
      G1.addMixed(a, aff, o); expect(readJ(o).equals(want)).to.equal(true);
      G1.double(a, o); expect(readJ(o).equals(X.double())).to.equal(true);
    }
    G1.writeJacobian(a, G1_INFINITY);
    expect(G1.isInfinity(a)).to.equal(true);
    G1.toAffine(a, aff);
    expect(G1.readAffine(aff)).to.deep.equal(G1_INFINITY);
  });

  it('equality is projective', () => {
    const P = randomPoint(rng);
    jacRandomZ(a, P); jacRandomZ(b, P);
    expect(G1.eq(a, b)).to.equal(true);
    jacRandomZ(b, P.negate());
    expect(G1.eq(a, b)).to.equal(false);
    G1.writeJacobian(b, G1_INFINITY);
    expect(G1.eq(a, b)).to.equal(false);
    G1.writeJacobian(a, G1_INFINITY);
    expect(G1.eq(a, b)).to.equal(true);
  });

  it('scalar multiplication agrees with noble (random, 0, 1, r - 1, r, ≥ r, negative)', () => {
    const P = randomPoint(rng);
    const ks = [0n, 1n, 2n, 15n, 16n, 17n, FR_MODULUS - 1n, FR_MODULUS, FR_MODULUS + 5n, (1n << 256n) - 1n, -3n];
    for (let i = 0; i < 8; i++) ks.push(rng.bits(256));
    for (const k of ks) {
      jacRandomZ(a, P);
      G1.mul(a, k, o);
      const km = ((k % FR_MODULUS) + FR_MODULUS) % FR_MODULUS;
      expect(readJ(o).equals(P.multiplyUnsafe(km)), `k = ${k}`).to.equal(true);
    }
    G1.writeJacobian(a, G1_INFINITY);
    G1.mul(a, 12345n, a);
    expect(G1.isInfinity(a)).to.equal(true);
  });

  it('curve membership (kernel and BigInt)', () => {
    const P = fromNoble(randomPoint(rng));
    G1.writeAffine(aff, P);
    expect(G1.isOnCurve(aff)).to.equal(true);
    G1.writeAffine(aff, { x: P.x, y: (P.y + 1n) % FQ_MODULUS });
    expect(G1.isOnCurve(aff)).to.equal(false);
    G1.writeAffine(aff, G1_INFINITY);
    expect(G1.isOnCurve(aff)).to.equal(true);
    expect(isOnCurve(P)).to.equal(true);
    expect(isOnCurve(G1_GENERATOR)).to.equal(true);
    expect(isOnCurve({ x: 1n, y: 3n })).to.equal(false);
    expect(isOnCurve({ x: P.x + FQ_MODULUS, y: P.y })).to.equal(false);
  });

  it('batchToAffine with infinities among the points', () => {
    const n = 9;
    const Ps = Array.from({ length: n }, (_, i) => (i % 4 === 1 ? ZERO : randomPoint(rng)));
    const jacs = G1.allocJacobian(n), affs = G1.allocAffine(n);
    Ps.forEach((P, i) => jacRandomZ(G1.jacobianAt(jacs, i), P));
    G1.batchToAffine(jacs, affs, n);
    G1.readAffineVec(affs, n).forEach((p, i) => expect(toNoble(p).equals(Ps[i])).to.equal(true));
    G1.free(jacs); G1.free(affs);
  });

  it('batchAddPairs: generic, P + P, P + (-P), infinity; in place and out of place', () => {
    const P = randomPoint(rng), Q = randomPoint(rng);
    const pairs: Array<[NobleG1, NobleG1]> = [[P, Q], [P, P], [P, P.negate()], [ZERO, Q], [Q, ZERO], [ZERO, ZERO]];
    for (let i = 0; i < 10; i++) pairs.push([randomPoint(rng), randomPoint(rng)]);
    const n = pairs.length;
    const src = G1.allocAffine(2 * n), dst = G1.allocAffine(n);
    const write = () => pairs.forEach(([X, Y], i) => {
      G1.writeAffine(G1.affineAt(src, 2 * i), fromNoble(X));
      G1.writeAffine(G1.affineAt(src, 2 * i + 1), fromNoble(Y));
    });
    const check = (ptr: number) => G1.readAffineVec(ptr, n).forEach((p: G1Affine, i) =>
      expect(toNoble(p).equals(pairs[i][0].add(pairs[i][1])), `pair ${i}`).to.equal(true));
    write(); G1.batchAddPairs(src, dst, n); check(dst);
    G1.batchAddPairs(src, src, n); check(src);
    G1.free(src); G1.free(dst);
  });

  it('does not leak kernel heap', () => {
    const before = kernel().heap.allocatedBytes;
    G1.mul(a, 5n, o); G1.batchAddPairs(aff, aff, 0); G1.readJacobian(o);
    expect(kernel().heap.allocatedBytes).to.equal(before);
    expect(toNoble(G1_GENERATOR).equals(BASE)).to.equal(true);
  });
});
