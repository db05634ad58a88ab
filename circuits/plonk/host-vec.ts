/**
 * Fr vectors kept in JS memory, outside the kernel's one wasm32 memory (4 GiB at most, shared by the workers): the
 * prover's polynomials live here between the kernel calls that need them, which copy them in (load) and out (spill)
 * in groups sized by the working set. So the heap's peak follows the working set, not the witness's size.
 */
import { Fr, type Ptr } from '../field/index.js';
import { kernel } from '../wasm/kernel.js';
import { allocVec, constantValue, fillVec, freeVec } from './vectors.js';

const E = Fr.elementBytes;

/** Bytes of kernel heap the prover's grouped steps aim at (ZKEVM_WORKING_SET_MIB, default 1024 MiB). */
let workingSet = (() => {
  const mib = Number(process.env.ZKEVM_WORKING_SET_MIB);
  return (Number.isFinite(mib) && mib > 0 ? mib : 1024) * 2 ** 20;
})();

export function workingSetBytes(): number {
  return workingSet;
}

/** Sets the working set (tests, benchmarks); returns the previous one. */
export function setWorkingSetBytes(bytes: number): number {
  const before = workingSet;
  workingSet = bytes;
  return before;
}

/** How many items of `vectors` vectors of n elements each fit the working set at once (at least one). */
export function groupSize(n: number, vectors: number): number {
  return Math.max(1, Math.floor(workingSet / (vectors * n * E)));
}

/** Splits items into consecutive groups of `size`. */
export function groups<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** n field elements in their kernel encoding, in JS memory; a vector of one repeated value keeps one element. */
export class HostVec {
  private constructor(readonly n: number, private readonly bytes: Uint8Array, readonly isConstant: boolean) {}

  /** Copies the heap vector out (it stays allocated); `detectConstant` false skips the scan for one repeated value. */
  static copyOf(ptr: Ptr, n: number, detectConstant = true): HostVec {
    const constant = detectConstant && constantValue(ptr, n) !== undefined;
    return new HostVec(n, kernel().u8().slice(ptr, ptr + (constant ? 1 : n) * E), constant);
  }

  /** Copies the heap vector out and frees it. */
  static spill(ptr: Ptr, n: number, detectConstant = true): HostVec {
    const h = HostVec.copyOf(ptr, n, detectConstant);
    freeVec(ptr);
    return h;
  }

  /** The vector's one value if it holds one value on every row, else undefined. */
  constantValue(): bigint | undefined {
    return this.isConstant ? this.read(0) : undefined;
  }

  /** Bytes this vector holds in JS memory. */
  get byteLength(): number {
    return this.bytes.byteLength;
  }

  /** A new heap vector holding the values; the caller frees it. */
  load(): Ptr {
    const p = allocVec(this.n);
    this.copyRows(0, this.n, p);
    return p;
  }

  /** out[j] = this[(start + j) mod n] for j < count (a chunk of rows with wrap-around). */
  copyRows(start: number, count: number, out: Ptr): void {
    if (count === 0) return;
    if (this.isConstant) {
      kernel().u8().set(this.bytes, out);
      fillVec(out, Fr.read(out), count);
      return;
    }
    const u8 = kernel().u8();
    let s = ((start % this.n) + this.n) % this.n;
    for (let done = 0; done < count;) {
      const take = Math.min(count - done, this.n - s);
      u8.set(this.bytes.subarray(s * E, (s + take) * E), out + done * E);
      done += take;
      s = 0;
    }
  }

  read(i: number): bigint {
    const p = Fr.alloc();
    try {
      this.copyRows(this.isConstant ? 0 : i, 1, p);
      return Fr.read(p);
    } finally {
      Fr.free(p);
    }
  }

  readAll(): bigint[] {
    const p = this.load();
    try {
      return Fr.readVec(p, this.n);
    } finally {
      freeVec(p);
    }
  }
}

/** Loads each vector for the duration of `work`, then frees the copies (also on a throw). */
export async function withLoaded<T>(vs: readonly HostVec[], work: (ptrs: Ptr[]) => Promise<T> | T): Promise<T> {
  const ptrs: Ptr[] = [];
  try {
    for (const v of vs) ptrs.push(v.load());
    return await work(ptrs);
  } finally {
    for (const p of ptrs) freeVec(p);
  }
}

/** Heap copies of host vectors for one step: each loaded on its first use, all freed together. */
export class HeapCopies {
  private readonly ptrs = new Map<HostVec, Ptr>();

  get(v: HostVec): Ptr {
    let p = this.ptrs.get(v);
    if (p === undefined) { p = v.load(); this.ptrs.set(v, p); }
    return p;
  }

  free(): void {
    for (const p of this.ptrs.values()) freeVec(p);
    this.ptrs.clear();
  }
}
