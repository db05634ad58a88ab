/**
 * A prime field of the kernel (Fr or Fq of BN254). Elements live in the kernel's shared memory as
 * Montgomery limbs (see montgomery-wat.ts); a "pointer" is their byte address. Arithmetic runs in
 * wasm; BigInt appears only at the edges (constants, conversion, tests).
 */
import { kernel, type KernelFn } from '../wasm/kernel.js';
import { mod, modPow } from './modular.js';
import { ELEMENT_BYTES, LIMB_BITS, LIMBS, MONTGOMERY_R } from './montgomery-wat.js';

export type Ptr = number;

/** An encoding that does not denote a field element (value ≥ p, or wrong length). */
export class NonCanonicalFieldElementError extends Error {
  constructor(readonly field: string, readonly detail: string) {
    super(`${field}: non-canonical field element: ${detail}`);
    this.name = 'NonCanonicalFieldElementError';
  }
}

interface FieldOps {
  add: KernelFn; sub: KernelFn; neg: KernelFn; double: KernelFn; mul: KernelFn; sqr: KernelFn;
  copy: KernelFn; zero: KernelFn; one: KernelFn; isZero: KernelFn; eq: KernelFn; inv: KernelFn;
  pow: KernelFn; vecAdd: KernelFn; vecSub: KernelFn; vecMul: KernelFn; vecScale: KernelFn; batchInv: KernelFn;
}

export class PrimeField {
  /** Bytes per element in kernel memory. */
  readonly elementBytes = ELEMENT_BYTES;
  /** Bytes per element in the external big-endian encoding. */
  readonly encodedBytes = 32;
  private readonly rInv: bigint;
  private kernelOps?: FieldOps;

  constructor(readonly name: 'fr' | 'fq', readonly modulus: bigint) {
    this.rInv = modPow(MONTGOMERY_R % modulus, modulus - 2n, modulus);
  }

  /** The kernel's functions for this field, bound once into a fixed-shape object (monomorphic calls). */
  private get ops(): FieldOps {
    if (!this.kernelOps) {
      const ex = kernel().exports;
      const get = (op: string): KernelFn => {
        const f = ex[`${this.name}_${op}`];
        if (!f) throw new Error(`kernel has no export ${this.name}_${op}`);
        return f;
      };
      this.kernelOps = {
        add: get('add'), sub: get('sub'), neg: get('neg'), double: get('double'), mul: get('mul'), sqr: get('sqr'),
        copy: get('copy'), zero: get('zero'), one: get('one'), isZero: get('is_zero'), eq: get('eq'), inv: get('inv'),
        pow: get('pow'), vecAdd: get('vec_add'), vecSub: get('vec_sub'), vecMul: get('vec_mul'), vecScale: get('vec_scale'),
        batchInv: get('batch_inv'),
      };
    }
    return this.kernelOps;
  }

  // --- memory ---
  /** Allocates n elements (uninitialized). Release with free(). */
  alloc(n = 1): Ptr { return kernel().heap.alloc(n * ELEMENT_BYTES); }
  free(ptr: Ptr): void { kernel().heap.release(ptr); }
  /** Address of element i of a vector starting at ptr. */
  at(ptr: Ptr, i: number): Ptr { return ptr + i * ELEMENT_BYTES; }

  // --- scalar arithmetic (outputs may alias inputs) ---
  add(a: Ptr, b: Ptr, out: Ptr): void { this.ops.add(a, b, out); }
  sub(a: Ptr, b: Ptr, out: Ptr): void { this.ops.sub(a, b, out); }
  neg(a: Ptr, out: Ptr): void { this.ops.neg(a, out); }
  double(a: Ptr, out: Ptr): void { this.ops.double(a, out); }
  mul(a: Ptr, b: Ptr, out: Ptr): void { this.ops.mul(a, b, out); }
  sqr(a: Ptr, out: Ptr): void { this.ops.sqr(a, out); }
  copy(a: Ptr, out: Ptr): void { this.ops.copy(a, out); }
  zero(out: Ptr): void { this.ops.zero(out); }
  one(out: Ptr): void { this.ops.one(out); }
  isZero(a: Ptr): boolean { return this.ops.isZero(a) !== 0; }
  eq(a: Ptr, b: Ptr): boolean { return this.ops.eq(a, b) !== 0; }
  /** out = a^-1; throws on zero (use batchInvert for vectors that may contain zeros). */
  inv(a: Ptr, out: Ptr): void {
    if (this.isZero(a)) throw new RangeError(`${this.name}: inverse of zero`);
    this.ops.inv(a, out);
  }
  /** out = a^e for any non-negative exponent. */
  pow(a: Ptr, e: bigint, out: Ptr): void {
    if (e < 0n) throw new RangeError('negative exponent');
    const words = Math.max(1, Math.ceil(e.toString(2).length / 32));
    const k = kernel();
    const ep = k.heap.alloc(words * 4);
    const u32 = k.u32();
    for (let i = 0; i < words; i++, e >>= 32n) u32[ep / 4 + i] = Number(e & 0xffffffffn);
    this.ops.pow(a, ep, words, out);
    k.heap.release(ep);
  }
  /** out = √a if a is a square (returns true), else leaves out unchanged and returns false. */
  sqrt(a: Ptr, out: Ptr): boolean {
    const x = this.read(a);
    const r = sqrtMod(x, this.modulus);
    if (r === undefined) return false;
    this.write(out, r);
    return true;
  }

  // --- vectors of n contiguous elements ---
  vecAdd(a: Ptr, b: Ptr, out: Ptr, n: number): void { this.ops.vecAdd(a, b, out, n); }
  vecSub(a: Ptr, b: Ptr, out: Ptr, n: number): void { this.ops.vecSub(a, b, out, n); }
  vecMul(a: Ptr, b: Ptr, out: Ptr, n: number): void { this.ops.vecMul(a, b, out, n); }
  vecScale(a: Ptr, s: Ptr, out: Ptr, n: number): void { this.ops.vecScale(a, s, out, n); }
  /** out[i] = a[i]^-1 with one inversion (Montgomery's trick); zeros stay zero. out may alias a. */
  batchInvert(a: Ptr, out: Ptr, n: number): void {
    const tmp = this.alloc(Math.max(1, n));
    this.ops.batchInv(a, out, n, tmp);
    this.free(tmp);
  }

  // --- edges: BigInt and bytes ---
  /** Writes the integer x (reduced mod p) at ptr (any byte address, as the kernel accepts). */
  write(ptr: Ptr, x: bigint): void {
    let m = mod(x, this.modulus) * MONTGOMERY_R % this.modulus;
    if (ptr & 3) {
      const view = new DataView(kernel().memory.buffer);
      for (let i = 0; i < LIMBS; i++, m >>= BigInt(LIMB_BITS)) view.setUint32(ptr + 4 * i, Number(m & 0x1fffffffn), true);
      return;
    }
    const u32 = kernel().u32();
    const base = ptr >>> 2;
    for (let i = 0; i < LIMBS; i++, m >>= BigInt(LIMB_BITS)) u32[base + i] = Number(m & 0x1fffffffn);
  }
  /** The canonical integer in [0, p) stored at ptr (any byte address). */
  read(ptr: Ptr): bigint {
    let m = 0n;
    if (ptr & 3) {
      const view = new DataView(kernel().memory.buffer);
      for (let i = LIMBS - 1; i >= 0; i--) m = (m << BigInt(LIMB_BITS)) | BigInt(view.getUint32(ptr + 4 * i, true));
    } else {
      const u32 = kernel().u32();
      const base = ptr >>> 2;
      for (let i = LIMBS - 1; i >= 0; i--) m = (m << BigInt(LIMB_BITS)) | BigInt(u32[base + i]);
    }
    return (m * this.rInv) % this.modulus;
  }
  /** Allocates one element holding x. */
  from(x: bigint): Ptr {
    const p = this.alloc(1);
    this.write(p, x);
    return p;
  }
  /** Writes a vector of integers at ptr. */
  writeVec(ptr: Ptr, xs: readonly bigint[]): void { xs.forEach((x, i) => this.write(this.at(ptr, i), x)); }
  readVec(ptr: Ptr, n: number): bigint[] { return Array.from({ length: n }, (_, i) => this.read(this.at(ptr, i))); }

  /** Decodes a 32-byte big-endian canonical encoding (as the Ethereum precompiles use). */
  fromBytes(bytes: Uint8Array, out: Ptr): void {
    this.write(out, this.decode(bytes));
  }
  /** The integer of a 32-byte big-endian encoding; rejects lengths ≠ 32 and values ≥ p. */
  decode(bytes: Uint8Array): bigint {
    if (bytes.length !== 32) throw new NonCanonicalFieldElementError(this.name, `expected 32 bytes, got ${bytes.length}`);
    let x = 0n;
    for (const b of bytes) x = (x << 8n) | BigInt(b);
    if (x >= this.modulus) throw new NonCanonicalFieldElementError(this.name, `0x${x.toString(16)} ≥ modulus`);
    return x;
  }
  /** 32-byte big-endian encoding of the element at ptr. */
  toBytes(ptr: Ptr): Uint8Array { return encode32(this.read(ptr)); }
}

/** 32-byte big-endian encoding of an integer in [0, 2^256). */
export function encode32(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
}

/** Square root modulo an odd prime (Tonelli–Shanks); undefined for non-residues. */
export function sqrtMod(a: bigint, p: bigint): bigint | undefined {
  a = mod(a, p);
  if (a === 0n) return 0n;
  if (modPow(a, (p - 1n) / 2n, p) !== 1n) return undefined;
  if (p % 4n === 3n) return modPow(a, (p + 1n) / 4n, p);
  let q = p - 1n, s = 0;
  while ((q & 1n) === 0n) { q >>= 1n; s++; }
  let z = 2n;
  while (modPow(z, (p - 1n) / 2n, p) !== p - 1n) z++;
  let m = s, c = modPow(z, q, p), t = modPow(a, q, p), r = modPow(a, (q + 1n) / 2n, p);
  while (t !== 1n) {
    let i = 0, t2 = t;
    while (t2 !== 1n) { t2 = (t2 * t2) % p; i++; }
    const b = modPow(c, 1n << BigInt(m - i - 1), p);
    m = i; c = (b * b) % p; t = (t * c) % p; r = (r * b) % p;
  }
  return r;
}
