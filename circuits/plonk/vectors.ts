/** Fr vectors in kernel memory: the prover's polynomials (values, coefficients, coset evaluations). */
import { Fr, type Ptr } from '../field/index.js';
import { kernel } from '../wasm/kernel.js';

const E = Fr.elementBytes;

export function allocVec(n: number): Ptr {
  return Fr.alloc(Math.max(1, n));
}

export function freeVec(ptr: Ptr): void {
  Fr.free(ptr);
}

/** out[0..n) = src[0..n) (memmove). */
export function copyVec(src: Ptr, out: Ptr, n: number): void {
  kernel().u8().copyWithin(out, src, src + n * E);
}

/** out[0..n) = value. */
export function fillVec(out: Ptr, value: bigint, n: number): void {
  if (n === 0) return;
  Fr.write(out, value);
  const u8 = kernel().u8();
  for (let have = 1; have < n; have *= 2) u8.copyWithin(out + have * E, out, out + Math.min(have, n - have) * E);
}

/** out[i] = src[(i + shift) mod n] (src and out must not overlap). */
export function rotateVec(src: Ptr, out: Ptr, n: number, shift: number): void {
  const s = ((shift % n) + n) % n;
  const u8 = kernel().u8();
  u8.copyWithin(out, src + s * E, src + n * E);
  u8.copyWithin(out + (n - s) * E, src, src + s * E);
}

/** out[offset + stride·i] = src[i] for i < n (interleaves one part of a vector into a longer one). */
export function scatterVec(src: Ptr, out: Ptr, n: number, offset: number, stride: number): void {
  const u8 = kernel().u8();
  for (let i = 0; i < n; i++) u8.copyWithin(out + (offset + stride * i) * E, src + i * E, src + (i + 1) * E);
}

/** A new vector holding the integers xs, zero-padded to n. */
export function vecFrom(xs: readonly bigint[], n: number): Ptr {
  const p = allocVec(n);
  fillVec(p, 0n, n);
  xs.forEach((x, i) => { if (x !== 0n) Fr.write(Fr.at(p, i), x); });
  return p;
}

/** The value of a vector whose n entries are all equal (its polynomial is that constant), else undefined. */
export function constantValue(v: Ptr, n: number): bigint | undefined {
  const W = E >>> 2;
  const u32 = kernel().u32();
  const base = v >>> 2;
  for (let o = base + W; o < base + n * W; o += W) {
    for (let w = 0; w < W; w++) if (u32[o + w] !== u32[base + w]) return undefined;
  }
  return Fr.read(v);
}
