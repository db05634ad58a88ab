/**
 * Fiat–Shamir transcript over Keccak-256, laid out so a Solidity verifier reproduces it with
 * plain `keccak256` over memory:
 *
 *   state: a byte string, initially the 32-byte domain tag keccak256(label)
 *   absorb point P (G1, affine):  state ‖= x ‖ y        (32-byte big-endian each; ∞ = 64 zero bytes)
 *   absorb scalar s (Fr):         state ‖= s            (32-byte big-endian, canonical)
 *   squeeze challenge:            h = keccak256(state); state = h; challenge = h mod r
 *
 * The proof is exactly the absorbed points and scalars the prover writes, in order, so the
 * verifier reads them back with the same calls (readPoint / readScalar absorb what they read).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { decodeG1, encodeG1, type G1Affine } from '../curve/index.js';
import { encode32, FR_MODULUS } from '../field/index.js';

export class TranscriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranscriptError';
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const be = (bytes: Uint8Array) => bytes.reduce((x, b) => (x << 8n) | BigInt(b), 0n);

class KeccakTranscript {
  protected state: Uint8Array;

  constructor(label: string) {
    this.state = keccak_256(new TextEncoder().encode(label));
  }

  protected absorb(bytes: Uint8Array): void {
    this.state = concat(this.state, bytes);
  }

  /** Absorbs a public value the verifier knows too (not part of the proof). */
  commonScalar(s: bigint): void {
    if (s < 0n || s >= FR_MODULUS) throw new TranscriptError(`scalar out of range: ${s}`);
    this.absorb(encode32(s));
  }

  commonPoint(p: G1Affine): void {
    this.absorb(encodeG1(p));
  }

  challenge(): bigint {
    this.state = keccak_256(this.state);
    return be(this.state) % FR_MODULUS;
  }
}

/** The prover's side: absorbs and records proof elements. */
export class TranscriptWriter extends KeccakTranscript {
  private readonly parts: Uint8Array[] = [];

  writePoint(p: G1Affine): void {
    const b = encodeG1(p);
    this.absorb(b);
    this.parts.push(b);
  }

  writeScalar(s: bigint): void {
    this.commonScalar(s);
    this.parts.push(encode32(s));
  }

  proof(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let off = 0;
    for (const p of this.parts) { out.set(p, off); off += p.length; }
    return out;
  }
}

/** The verifier's side: reads proof elements in order, validating each. */
export class TranscriptReader extends KeccakTranscript {
  private offset = 0;

  constructor(label: string, private readonly proof: Uint8Array) {
    super(label);
  }

  private take(n: number, what: string): Uint8Array {
    if (this.offset + n > this.proof.length) {
      throw new TranscriptError(`proof too short: ${what} needs bytes ${this.offset}..${this.offset + n}, proof has ${this.proof.length}`);
    }
    const b = this.proof.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  readPoint(what: string): G1Affine {
    const b = this.take(64, what);
    let p: G1Affine;
    try {
      p = decodeG1(b);
    } catch (e) {
      throw new TranscriptError(`${what}: ${(e as Error).message}`);
    }
    this.absorb(b);
    return p;
  }

  readScalar(what: string): bigint {
    const s = be(this.take(32, what));
    if (s >= FR_MODULUS) throw new TranscriptError(`${what}: scalar 0x${s.toString(16)} is not below r`);
    this.commonScalar(s);
    return s;
  }

  /** Throws unless every proof byte was read. */
  finish(): void {
    if (this.offset !== this.proof.length) {
      throw new TranscriptError(`proof too long: ${this.proof.length - this.offset} trailing bytes after ${this.offset}`);
    }
  }
}
