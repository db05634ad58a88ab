/**
 * Keccak-f[1600] constants and the sparse lane representation the circuit computes in.
 *
 * A 64-bit lane is stored as the field element Σ bit_i · 8^i ("sparse", one base-8 digit per bit,
 * < 8^64 = 2^192 < r). Sums of up to seven sparse lanes never carry between digits, so θ's XORs
 * become additions whose digits are later reduced mod 2 by a table lookup, and χ becomes the linear
 * digit map 3 − 2a + b − c ∈ [0, 4] followed by a lookup (see `chi`).
 */

export const BASE = 8n;
export const LANE_BITS = 64;
export const ROUNDS = 24;
/** keccak256's rate: 17 lanes of 8 bytes absorbed per permutation. */
export const RATE_BYTES = 136;
export const RATE_LANES = 17;

/** 8^i. */
export function pow8(i: number): bigint {
  return 1n << BigInt(3 * i);
}

/** Digit i of a sparse value. */
export function digit(v: bigint, i: number): number {
  return Number((v >> BigInt(3 * i)) & 7n);
}

/** Σ bit_i 8^i of a value of `bits` bits. */
export function toSparse(x: bigint, bits = LANE_BITS): bigint {
  let s = 0n;
  for (let i = 0; i < bits; i++) if ((x >> BigInt(i)) & 1n) s |= pow8(i);
  return s;
}

/** Digits [from, from + len) of v as a value (the part's own sparse value). */
export function sparseSlice(v: bigint, from: number, len: number): bigint {
  return (v >> BigInt(3 * from)) & (pow8(len) - 1n);
}

/** Applies f to each of the `len` digits of v. */
export function mapDigits(v: bigint, len: number, f: (d: number) => number): bigint {
  let out = 0n;
  for (let i = 0; i < len; i++) out |= BigInt(f(digit(v, i))) << BigInt(3 * i);
  return out;
}

/** The sparse lane with every digit 1 (χ's offset 3·ONES). */
export const ONES = (pow8(LANE_BITS) - 1n) / 7n;

/** Rotation of a sparse lane by r bits (towards the high digits), as keccak's ROT. */
export function rotSparse(v: bigint, r: number): bigint {
  const n = BigInt(3 * LANE_BITS);
  const s = BigInt(3 * r);
  return ((v << s) | (v >> (n - s))) & (pow8(LANE_BITS) - 1n);
}

/** χ per bit from the digit 3 − 2a + b − c: a XOR (NOT b AND c). */
export const CHI_OF_DIGIT = [0, 1, 1, 0, 0] as const;

/** Lane index of (x, y). */
export function lane(x: number, y: number): number {
  return ((x + 5) % 5) + 5 * ((y + 5) % 5);
}

/** ρ offsets per lane index (the spec's (x, y) → (y, 2x + 3y) walk). */
export const RHO: readonly number[] = (() => {
  const r = new Array<number>(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    r[lane(x, y)] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return r;
})();

/** ι round constants (the spec's LFSR rc(t)). */
export const RC: readonly bigint[] = (() => {
  const rcBit = (t: number): bigint => {
    if (t % 255 === 0) return 1n;
    let r = 1; // bit i holds the spec's R[i]
    for (let i = 1; i <= t % 255; i++) {
      r <<= 1;
      if (r & 0x100) r ^= 0x171;
    }
    return BigInt(r & 1);
  };
  const out: bigint[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let c = 0n;
    for (let j = 0; j <= 6; j++) c |= rcBit(j + 7 * round) << BigInt((1 << j) - 1);
    out.push(c);
  }
  return out;
})();

/** keccak256's multi-rate padding (0x01 … 0x80, or 0x81 for a single pad byte) into 136-byte blocks. */
export function padKeccak256(input: Uint8Array): Uint8Array[] {
  const blocks = Math.floor(input.length / RATE_BYTES) + 1;
  const padded = new Uint8Array(blocks * RATE_BYTES);
  padded.set(input);
  padded[input.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  return Array.from({ length: blocks }, (_, b) => padded.subarray(b * RATE_BYTES, (b + 1) * RATE_BYTES));
}
