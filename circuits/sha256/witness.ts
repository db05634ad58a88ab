/**
 * The SHA-256 circuit's witness (FIPS 180-4): the inputs padded and cut into 64-byte blocks in
 * witness-list order (hash ids 1, 2, 3, …), and each block's compression trace — the a and e words
 * of every round, the message schedule and the carries the circuit's modular additions drop.
 * Pure: no circuit types.
 */

export const BLOCK_BYTES = 64;
export const ROUNDS = 64;
const LENGTH_BYTES = 8;

/** FIPS 180-4 §5.3.3: the initial hash value H(0). */
export const IV: readonly number[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** FIPS 180-4 §4.2.2: the round constants K. */
export const K: readonly number[] = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const rotr = (x: number, n: number) => ((x >>> n) | (x << (32 - n))) >>> 0;
/** FIPS 180-4 §4.1.2 (4.4–4.7). */
export const bigSigma0 = (x: number) => (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22)) >>> 0;
export const bigSigma1 = (x: number) => (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25)) >>> 0;
export const smallSigma0 = (x: number) => (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) >>> 0;
export const smallSigma1 = (x: number) => (rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10)) >>> 0;
export const ch = (e: number, f: number, g: number) => ((e & f) ^ (~e & g)) >>> 0;
export const maj = (a: number, b: number, c: number) => ((a & b) ^ (a & c) ^ (b & c)) >>> 0;

/**
 * One block's compression. The state words are listed as the circuit's rows hold them:
 * a[i], e[i] for i = 0…3 are the chaining value (a[3] = H0 … a[0] = H3, e[3] = H4 … e[0] = H7),
 * round t writes a[t + 4], e[t + 4] (so a round's b, c, d are a[t + 2], a[t + 1], a[t]), and
 * out[0…7] is the next chaining value H0…H7.
 */
export interface Compression {
  readonly a: readonly number[];
  readonly e: readonly number[];
  /** The message schedule W0…W63. */
  readonly w: readonly number[];
  /** ⌊(T1 + T2) / 2^32⌋, ⌊(d + T1) / 2^32⌋ of each round and ⌊σ-sum / 2^32⌋ of each scheduled word (0 for t < 16). */
  readonly carryA: readonly number[];
  readonly carryE: readonly number[];
  readonly carryW: readonly number[];
  readonly out: readonly number[];
}

/** The compression of one 64-byte block from the chaining value `h` (FIPS 180-4 §6.2.2). */
export function compress(h: readonly number[], block: Uint8Array): Compression {
  const w: number[] = [];
  const carryW: number[] = [];
  for (let t = 0; t < ROUNDS; t++) {
    if (t < 16) {
      w.push(((block[4 * t] << 24) | (block[4 * t + 1] << 16) | (block[4 * t + 2] << 8) | block[4 * t + 3]) >>> 0);
      carryW.push(0);
    } else {
      const s = smallSigma1(w[t - 2]) + w[t - 7] + smallSigma0(w[t - 15]) + w[t - 16];
      w.push(s >>> 0);
      carryW.push(Math.floor(s / 2 ** 32));
    }
  }
  const a = [h[3], h[2], h[1], h[0]];
  const e = [h[7], h[6], h[5], h[4]];
  const carryA: number[] = [];
  const carryE: number[] = [];
  for (let t = 0; t < ROUNDS; t++) {
    const t1 = e[t] + bigSigma1(e[t + 3]) + ch(e[t + 3], e[t + 2], e[t + 1]) + K[t] + w[t];
    const t2 = bigSigma0(a[t + 3]) + maj(a[t + 3], a[t + 2], a[t + 1]);
    a.push((t1 + t2) >>> 0);
    e.push((a[t] + t1) >>> 0);
    carryA.push(Math.floor((t1 + t2) / 2 ** 32));
    carryE.push(Math.floor((a[t] + t1) / 2 ** 32));
  }
  const out = [0, 1, 2, 3].map((i) => (h[i] + a[ROUNDS + 3 - i]) >>> 0).concat([0, 1, 2, 3].map((i) => (h[4 + i] + e[ROUNDS + 3 - i]) >>> 0));
  return { a, e, w, carryA, carryE, carryW, out };
}

/** FIPS 180-4 §5.1.1: data, 0x80, zeros, the bit length as 8 big-endian bytes; a multiple of 64 bytes. */
export function padSha256(input: Uint8Array): Uint8Array {
  const blocks = blocksFor(input.length);
  const padded = new Uint8Array(blocks * BLOCK_BYTES);
  padded.set(input);
  padded[input.length] = 0x80;
  const bits = BigInt(input.length) * 8n;
  for (let i = 0; i < LENGTH_BYTES; i++) padded[padded.length - 1 - i] = Number((bits >> BigInt(8 * i)) & 0xffn);
  return padded;
}

/** Blocks SHA-256 compresses for an input of `length` bytes (the 0x80 and the 8 length bytes must fit). */
export function blocksFor(length: number): number {
  return Math.floor((length + 1 + LENGTH_BYTES + BLOCK_BYTES - 1) / BLOCK_BYTES);
}

export interface Sha256Block {
  /** Hash id (1-based, witness-list order). */
  readonly id: number;
  /** The 64 bytes as compressed: data, then padding. */
  readonly bytes: Uint8Array;
  /** How many of the 64 bytes are input data. */
  readonly dataBytes: number;
  /** Index in the hash's input of the block's first byte. */
  readonly offset: number;
  /** The input's length in bytes (every block of a hash carries it). */
  readonly length: number;
  /** The block is its hash's first (the state starts from IV) / last (its output is the digest). */
  readonly first: boolean;
  readonly last: boolean;
  readonly compression: Compression;
}

export class Sha256CapacityError extends Error {
  constructor(readonly needed: number, readonly capacity: number) {
    super(`the inputs need ${needed} SHA-256 blocks (64 bytes), the circuit has capacity for ${capacity}`);
    this.name = 'Sha256CapacityError';
  }
}

/**
 * The blocks of `inputs`, filled up to `capacity` blocks with hashes of the empty input (true
 * statements under further ids, so unused capacity needs no special rows).
 */
export function sha256Witness(inputs: readonly Uint8Array[], capacity?: number): Sha256Block[] {
  const needed = inputs.reduce((n, x) => n + blocksFor(x.length), 0);
  const cap = capacity ?? needed;
  if (needed > cap) throw new Sha256CapacityError(needed, cap);
  const all = [...inputs, ...Array.from({ length: cap - needed }, () => new Uint8Array(0))];
  return all.flatMap((input, i) => {
    const padded = padSha256(input);
    const n = padded.length / BLOCK_BYTES;
    let h = IV;
    return Array.from({ length: n }, (_, b): Sha256Block => {
      const bytes = padded.slice(b * BLOCK_BYTES, (b + 1) * BLOCK_BYTES);
      const compression = compress(h, bytes);
      h = compression.out;
      return {
        id: i + 1, bytes, dataBytes: Math.min(BLOCK_BYTES, Math.max(0, input.length - b * BLOCK_BYTES)), length: input.length, offset: b * BLOCK_BYTES,
        first: b === 0, last: b === n - 1, compression,
      };
    });
  });
}

/** The digest as the table holds it: (hi, lo) = H0…H3, H4…H7 as big-endian 128-bit halves. */
export function digestHalves(out: readonly number[]): { hi: bigint; lo: bigint } {
  const half = (ws: readonly number[]) => ws.reduce((acc, x) => (acc << 32n) | BigInt(x), 0n);
  return { hi: half(out.slice(0, 4)), lo: half(out.slice(4, 8)) };
}
