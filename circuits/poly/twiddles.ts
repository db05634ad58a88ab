/**
 * The NTT twiddle table, shared by all domains.
 *
 * T[i] = ω_{2^(l+1)}^{bitrev_l(i)} for any l with i < 2^l — the value does not depend on l, because
 * bitrev_{l+1}(i) = 2·bitrev_l(i) and ω_{2^(l+2)}^2 = ω_{2^(l+1)}. A domain of size n uses the prefix
 * T[0, n/2), so one table (grown on demand to the largest domain used) serves every domain. It is
 * built by doubling: T[h + i] = T[i]·ω_{4h} for i < h (n/2 multiplications in all, in wasm).
 *
 * The table lives on the kernel heap. When it grows, the old block is released as soon as no
 * asynchronous (worker) transform still reads it.
 */
import { ELEMENT_BYTES } from '../field/montgomery-wat.js';
import { kernel } from '../wasm/kernel.js';
import { domainConstAddresses } from './roots.js';

let table: { ptr: number; length: number } | undefined;
let inFlight = 0;
const retired: number[] = [];

/** Address of a table of at least `length` twiddles (a power of two), valid until it grows. */
export function twiddleTable(length: number): number {
  length = Math.max(1, length);
  if (table && table.length >= length) return table.ptr;
  const k = kernel();
  const ptr = k.heap.alloc(length * ELEMENT_BYTES);
  let h = 1;
  if (table) {
    k.u8().copyWithin(ptr, table.ptr, table.ptr + table.length * ELEMENT_BYTES);
    h = table.length;
    retire(table.ptr);
  } else {
    k.exports.fr_one(ptr);
  }
  for (; h < length; h *= 2) {
    k.exports.fr_vec_scale(ptr, domainConstAddresses(Math.log2(h) + 2).omega, ptr + h * ELEMENT_BYTES, h);
  }
  table = { ptr, length };
  return ptr;
}

function retire(ptr: number): void {
  if (inFlight === 0) kernel().heap.release(ptr);
  else retired.push(ptr);
}

/** Runs an asynchronous transform that reads the table, keeping its block alive until it ends. */
export async function withTwiddles<T>(length: number, run: (tw: number) => Promise<T>): Promise<T> {
  const tw = twiddleTable(length);
  inFlight++;
  try {
    return await run(tw);
  } finally {
    if (--inFlight === 0) for (const p of retired.splice(0)) kernel().heap.release(p);
  }
}

/** Releases the table (e.g. before a heap leak check); the next transform rebuilds it. */
export function releaseTwiddles(): void {
  if (!table) return;
  retire(table.ptr);
  table = undefined;
}

/** Number of twiddles currently tabulated (0 before the first transform). */
export function twiddleTableLength(): number {
  return table?.length ?? 0;
}
