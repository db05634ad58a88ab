/**
 * The 64-byte G1 encoding of Ethereum's precompiles (EIP-196): x ‖ y, each 32 bytes big-endian;
 * the point at infinity is 64 zero bytes. Decoding rejects coordinates ≥ q and points off the curve.
 */
import { encode32, Fq, FQ_MODULUS, type Ptr } from '../field/index.js';
import { InvalidPointError } from './errors.js';
import { G1, isOnCurve, type G1Affine } from './g1.js';

export const G1_ENCODED_BYTES = 64;

export function encodeG1(p: G1Affine): Uint8Array {
  const out = new Uint8Array(G1_ENCODED_BYTES);
  out.set(encode32(p.x), 0);
  out.set(encode32(p.y), 32);
  return out;
}

function be(bytes: Uint8Array): bigint {
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  return x;
}

/** Decodes and validates an encoded G1 point; throws InvalidPointError. */
export function decodeG1(bytes: Uint8Array): G1Affine {
  if (bytes.length !== G1_ENCODED_BYTES) {
    throw new InvalidPointError('G1', 'length', `expected ${G1_ENCODED_BYTES} bytes, got ${bytes.length}`);
  }
  const x = be(bytes.subarray(0, 32));
  const y = be(bytes.subarray(32, 64));
  if (x >= FQ_MODULUS) throw new InvalidPointError('G1', 'non-canonical', `x = 0x${x.toString(16)} ≥ q`);
  if (y >= FQ_MODULUS) throw new InvalidPointError('G1', 'non-canonical', `y = 0x${y.toString(16)} ≥ q`);
  const p = { x, y };
  if (!isOnCurve(p)) throw new InvalidPointError('G1', 'not-on-curve', `(0x${x.toString(16)}, 0x${y.toString(16)})`);
  return p;
}

/** Decodes, validates and writes an encoded point as affine at ptr. */
export function writeG1Bytes(ptr: Ptr, bytes: Uint8Array): void {
  G1.writeAffine(ptr, decodeG1(bytes));
}

/** The encoding of the affine point at ptr. */
export function readG1Bytes(ptr: Ptr): Uint8Array {
  return encodeG1({ x: Fq.read(ptr), y: Fq.read(ptr + Fq.elementBytes) });
}
