/** The 64-byte G1 / 128-byte G2 encodings of the Ethereum precompiles, and the pairing check. */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { FQ_MODULUS, encode32 } from '../../../circuits/field/index.js';
import {
  G1, G1_GENERATOR, G1_INFINITY, G2_GENERATOR, InvalidPointError, decodeG1, decodeG2, encodeG1, encodeG2,
  fromNoble, pairingCheck, readG1Bytes, writeG1Bytes,
} from '../../../circuits/curve/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Rng, randomPoint } from './helpers.js';

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};

function expectInvalid(f: () => unknown, reason: string): void {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(InvalidPointError);
    expect((e as InvalidPointError).reason).to.equal(reason);
    return;
  }
  expect.fail('expected InvalidPointError');
}

describe('curve/encoding: precompile byte formats', () => {
  const rng = new Rng(42);
  before(async () => { await initKernel(); });

  it('G1 round trip (random, generator, infinity = 64 zero bytes), also through kernel memory', () => {
    const ptr = G1.allocAffine();
    const points = [G1_GENERATOR, G1_INFINITY, ...Array.from({ length: 8 }, () => fromNoble(randomPoint(rng)))];
    for (const p of points) {
      const bytes = encodeG1(p);
      expect(bytes.length).to.equal(64);
      expect(decodeG1(bytes)).to.deep.equal(p);
      writeG1Bytes(ptr, bytes);
      expect(readG1Bytes(ptr)).to.deep.equal(bytes);
    }
    expect(encodeG1(G1_INFINITY).every((b) => b === 0)).to.equal(true);
    expect(encodeG1(G1_GENERATOR)[31]).to.equal(1);
    expect(encodeG1(G1_GENERATOR)[63]).to.equal(2);
    G1.free(ptr);
  });

  it('G1 decode rejects points off the curve, coordinates ≥ q and wrong lengths', () => {
    const p = fromNoble(randomPoint(rng));
    expectInvalid(() => decodeG1(encodeG1({ x: p.x, y: (p.y + 1n) % FQ_MODULUS })), 'not-on-curve');
    expectInvalid(() => decodeG1(encodeG1({ x: 1n, y: 3n })), 'not-on-curve');
    expectInvalid(() => decodeG1(encodeG1({ x: 0n, y: 1n })), 'not-on-curve');
    // the same point with y + q (≡ y, still < 2^256) and x + q
    expectInvalid(() => decodeG1(concat(encode32(p.x), encode32(p.y + FQ_MODULUS))), 'non-canonical');
    expectInvalid(() => decodeG1(concat(encode32(p.x + FQ_MODULUS), encode32(p.y))), 'non-canonical');
    expectInvalid(() => decodeG1(concat(encode32(FQ_MODULUS), encode32(0n))), 'non-canonical');
    expectInvalid(() => decodeG1(new Uint8Array(63)), 'length');
    expectInvalid(() => decodeG1(new Uint8Array(65)), 'length');
    expect(() => decodeG1(encodeG1({ x: 1n, y: 3n }))).to.throw(/G1: invalid point \(not-on-curve\)/);
  });

  it('G2 round trip and rejection; pairingCheck e(aG, bH)·e(-abG, H) = 1', () => {
    const a = rng.scalar() || 1n, b = rng.scalar() || 1n;
    const Q = G2_GENERATOR.multiply(b);
    const bytes = encodeG2(Q);
    expect(decodeG2(bytes).equals(Q)).to.equal(true);
    expect(decodeG2(new Uint8Array(128)).is0()).to.equal(true);
    const bad = bytes.slice(); bad[127] ^= 1;
    expectInvalid(() => decodeG2(bad), 'not-on-curve');
    const big = bytes.slice(); big.set(encode32(FQ_MODULUS), 0);
    expectInvalid(() => decodeG2(big), 'non-canonical');
    expectInvalid(() => decodeG2(bytes.subarray(1)), 'length');

    const G = bn254.G1.Point.BASE;
    const P1 = fromNoble(G.multiply(a)), P2 = fromNoble(G.multiply((a * b) % bn254.fields.Fr.ORDER).negate());
    expect(pairingCheck([[P1, Q], [P2, G2_GENERATOR]])).to.equal(true);
    expect(pairingCheck([[P1, Q], [P1, G2_GENERATOR]])).to.equal(false);
    expect(pairingCheck([])).to.equal(true);
    expect(pairingCheck([[G1_INFINITY, Q], [P1, bn254.G2.Point.ZERO]])).to.equal(true);
  });
});
