/**
 * In-place radix-2 NTT over Fr on the kernel: the transform as a list of phases, each a set of
 * independent kernel calls over disjoint ranges. Run synchronously (one range per phase) or on the
 * worker pool (one barrier per phase). See ntt-wat.ts for the algorithm and the cache blocking.
 */
import { ELEMENT_BYTES } from '../field/montgomery-wat.js';
import { kernel } from '../wasm/kernel.js';
import { kernelPool, splitRange, threadCount, type KernelCall } from '../wasm/pool.js';
import { COL_WIDTH } from './ntt-wat.js';
import { COSET_GENERATOR_ADDRESS, COSET_GENERATOR_INV_ADDRESS, domainConstAddresses } from './roots.js';
import { twiddleTable, withTwiddles } from './twiddles.js';

export type TransformKind = 'ntt' | 'intt' | 'cosetNtt' | 'cosetIntt';

/** Below this log-size the parallel variants run synchronously (the pool's overhead dominates). */
export const PARALLEL_MIN_LOG = 12;
/** Below PARALLEL_MIN_LOG the whole vector is one cache-resident row (no column phase). */
const SINGLE_ROW_MAX_LOG = PARALLEL_MIN_LOG - 1;
/** Smallest range a worker gets in the element-wise phases. */
const MIN_ELEMENTWISE_CHUNK = 1024;

const E = ELEMENT_BYTES;

/** One phase: given a number of parts, the independent call lists that make it up. */
type Phase = (parts: number) => KernelCall[][];

function phases(ptr: number, k: number, tw: number, kind: TransformKind): Phase[] {
  const n = 2 ** k;
  const logR = k <= SINGLE_ROW_MAX_LOG ? 0 : k >> 1;
  const logC = k - logR;
  const C = 2 ** logC;
  const R = 2 ** logR;
  const consts = domainConstAddresses(k);
  const out: Phase[] = [];
  const split = (count: number, parts: number, min: number, call: (s: number, c: number) => KernelCall) =>
    splitRange(count, parts, min).map(([s, c]) => [call(s, c)]);

  if (kind === 'cosetNtt') {
    out.push((p) => split(n, p, MIN_ELEMENTWISE_CHUNK, (s, c) => ['poly_powers_scale', ptr + s * E, c, 0, COSET_GENERATOR_ADDRESS, s]));
  }
  if (logR > 0) {
    const w = Math.min(COL_WIDTH, C);
    out.push((p) => split(C / w, p, 1, (s, c) => ['poly_ntt_cols', ptr, tw, logR, logC, s * w, (s + c) * w]));
  }
  out.push((p) => split(R, p, 1, (s, c) => ['poly_ntt_rows', ptr, tw, logR, logC, s, s + c]));
  out.push((p) => split(n, p, MIN_ELEMENTWISE_CHUNK, (s, c) => ['poly_bitrev', ptr, k, s, s + c]));
  if (kind === 'intt' || kind === 'cosetIntt') {
    const scale = kind === 'intt' ? consts.nInv : 0;
    out.push((p) => split(n / 2 + 1, p, MIN_ELEMENTWISE_CHUNK, (s, c) => ['poly_reverse_scale', ptr, n, scale, s, s + c]));
  }
  if (kind === 'cosetIntt') {
    out.push((p) => split(n, p, MIN_ELEMENTWISE_CHUNK, (s, c) => ['poly_powers_scale', ptr + s * E, c, consts.nInv, COSET_GENERATOR_INV_ADDRESS, s]));
  }
  return out;
}

/** Transforms the 2^k elements at ptr in place on the calling thread. */
export function transform(ptr: number, k: number, kind: TransformKind): void {
  const tw = twiddleTable(2 ** Math.max(0, k - 1));
  const ex = kernel().exports;
  for (const phase of phases(ptr, k, tw, kind)) {
    for (const task of phase(1)) for (const [fn, ...args] of task) ex[fn](...args);
  }
}

/** Transforms the 2^k elements at ptr in place on the worker pool (synchronously when small). */
export async function transformParallel(ptr: number, k: number, kind: TransformKind, threads = threadCount()): Promise<void> {
  if (k < PARALLEL_MIN_LOG || threads <= 1) {
    transform(ptr, k, kind);
    return;
  }
  await withTwiddles(2 ** (k - 1), async (tw) => {
    const pool = kernelPool();
    for (const phase of phases(ptr, k, tw, kind)) await pool.runAll(phase(threads));
  });
}

/**
 * Transforms many vectors of 2^k elements, each one whole on one worker (`before` calls first, on the same
 * worker): a batch of columns keeps every thread busy with one message per thread instead of one barrier per
 * phase of each transform, which at 2^14 costs as much as the transform's own parallelism gains.
 */
export async function transformMany(jobs: ReadonlyArray<{ ptr: number; before?: KernelCall[] }>, k: number, kind: TransformKind, threads = threadCount()): Promise<void> {
  await withTwiddles(2 ** Math.max(0, k - 1), async (tw) => {
    const lists = splitRange(jobs.length, threads).map(([s, c]) =>
      jobs.slice(s, s + c).flatMap((j) => [...(j.before ?? []), ...phases(j.ptr, k, tw, kind).flatMap((phase) => phase(1).flat())]));
    if (threads <= 1) {
      const ex = kernel().exports;
      for (const list of lists) for (const [fn, ...args] of list) ex[fn](...args);
    } else {
      await kernelPool().runAll(lists);
    }
  });
}
