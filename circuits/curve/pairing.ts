/**
 * G2 and the pairing, delegated to @noble/curves (verifier side: a few pairings per proof, where
 * speed does not matter). G2 points use the EIP-197 encoding of Ethereum's 0x08 precompile:
 * 128 bytes x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (imaginary part first), infinity = 128 zero bytes.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { encode32, FQ_MODULUS } from '../field/index.js';
import { InvalidPointError } from './errors.js';
import { isInfinity, toNoble, type G1Affine } from './g1.js';

/** A @noble/curves bn254 G2 point. */
export type NobleG2 = InstanceType<typeof bn254.G2.Point>;

export const G2_ENCODED_BYTES = 128;
export const G2_GENERATOR: NobleG2 = bn254.G2.Point.BASE;

function be(bytes: Uint8Array): bigint {
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  return x;
}

/** Decodes an EIP-197 G2 point; rejects coordinates ≥ q, points off the twist and outside the subgroup. */
export function decodeG2(bytes: Uint8Array): NobleG2 {
  if (bytes.length !== G2_ENCODED_BYTES) {
    throw new InvalidPointError('G2', 'length', `expected ${G2_ENCODED_BYTES} bytes, got ${bytes.length}`);
  }
  const [x1, x0, y1, y0] = [0, 1, 2, 3].map((i) => be(bytes.subarray(32 * i, 32 * i + 32)));
  for (const [name, v] of [['x.c1', x1], ['x.c0', x0], ['y.c1', y1], ['y.c0', y0]] as const) {
    if (v >= FQ_MODULUS) throw new InvalidPointError('G2', 'non-canonical', `${name} = 0x${v.toString(16)} ≥ q`);
  }
  if (x0 === 0n && x1 === 0n && y0 === 0n && y1 === 0n) return bn254.G2.Point.ZERO;
  const P = bn254.G2.Point.fromAffine({ x: bn254.fields.Fp2.create({ c0: x0, c1: x1 }), y: bn254.fields.Fp2.create({ c0: y0, c1: y1 }) });
  try {
    P.assertValidity();
  } catch (e) {
    throw new InvalidPointError('G2', 'not-on-curve', `not a point of the G2 subgroup (${(e as Error).message})`);
  }
  return P;
}

export function encodeG2(P: NobleG2): Uint8Array {
  const out = new Uint8Array(G2_ENCODED_BYTES);
  if (P.is0()) return out;
  const { x, y } = P.toAffine();
  [x.c1, x.c0, y.c1, y.c0].forEach((v, i) => out.set(encode32(v), 32 * i));
  return out;
}

/** Π e(Pᵢ, Qᵢ) = 1 (the 0x08 precompile's check); pairs with a point at infinity contribute 1. */
export function pairingCheck(pairs: ReadonlyArray<readonly [G1Affine, NobleG2]>): boolean {
  const live = pairs.filter(([p, q]) => !isInfinity(p) && !q.is0()).map(([p, q]) => ({ g1: toNoble(p), g2: q }));
  const { Fp12 } = bn254.fields;
  return Fp12.eql(bn254.pairingBatch(live), Fp12.ONE);
}
