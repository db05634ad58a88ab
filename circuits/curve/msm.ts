/**
 * Multi-scalar multiplication Σ sᵢ·Pᵢ over BN254 G1: Pippenger's bucket method with signed c-bit
 * window digits (2^(c-1) buckets a window; a negative digit adds -P, free in affine), buckets summed
 * in batch-affine rounds (one shared inversion per round, ~6 field multiplications per addition) and
 * reduced with running sums. All loops run in the kernel (g1-wat.ts); the work is split over the
 * kernel pool's workers, which share the kernel memory, by windows and, when windows alone do not
 * balance the threads, by point ranges.
 *
 * Inputs: `points` — n affine points (72 bytes each, infinity = (0, 0)); `scalars` — n Fr elements
 * (Montgomery form, as Fr stores them). The result is returned as a G1Affine and, if `out` is given,
 * also written there as an affine point (so it can feed another MSM).
 */
import { bn254 } from '@noble/curves/bn254.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { FR_MODULUS, type Ptr } from '../field/index.js';
import { kernel, type KernelExports } from '../wasm/kernel.js';
import { kernelPool, splitRange, threadCount, type KernelCall } from '../wasm/pool.js';
import { G1_AFFINE_BYTES, G1_JACOBIAN_BYTES, msmWindowWorkspaceBytes } from './g1-wat.js';
import { fromNoble, G1, G1_INFINITY, toNoble, type G1Affine } from './g1.js';

/** Bits of the scalar field: r < 2^254; signed digits need ⌈(254 + 1)/c⌉ windows. */
const SCALAR_BITS = 254;
const MAX_WINDOW_BITS = 22;
/** Points a job handles at most (bounds the per-task workspace to ~180 MB). */
const MAX_CHUNK = 1 << 20;

export interface MsmOptions {
  /** Affine point to receive the result (72 bytes), in addition to the returned value. */
  out?: Ptr;
  /** Window size c in bits (default: chosen from n by a cost model). */
  windowBits?: number;
  /** Number of parallel task lists (default: the pool's thread count). */
  parallelism?: number;
}

export interface MsmPlan {
  /** Window bits. */
  c: number;
  /** Number of windows. */
  windows: number;
  /** Point ranges each window is split into. */
  chunks: Array<[start: number, count: number]>;
  /** Task lists run in parallel. */
  tasks: number;
}

export const windowCount = (c: number) => Math.ceil((SCALAR_BITS + 1) / c);

// Cost model in field-multiplication units, fitted on the kernel (2^16 points, c = 12: ~0.8 µs a
// point and window — batch-affine addition ~6 muls plus sorting and classification — and ~2 µs a
// bucket — one mixed and one Jacobian addition of the running sums).
const COST_POINT = 11;
const COST_BUCKET = 28;
const COST_ROUNDS = 600; // inversions of the addition rounds, per window and chunk
const jobCost = (points: number, c: number) => points * COST_POINT + (1 << (c - 1)) * COST_BUCKET + COST_ROUNDS;

/** The window size minimizing the estimated single-thread work for n points. */
export function msmWindowBits(n: number): number {
  return planMsm(n, 1).c;
}

/**
 * How an MSM of n points is split over `tasks` parallel task lists: the window size c and the number
 * of point ranges minimizing the estimated time of the busiest task list (jobs are window × range).
 */
export function planMsm(n: number, tasks = threadCount(), windowBits?: number): MsmPlan {
  tasks = Math.max(1, Math.floor(tasks));
  let best: MsmPlan | undefined, bestTime = Infinity;
  const minParts = Math.ceil(n / MAX_CHUNK);
  const maxParts = Math.max(minParts, Math.min(64, Math.floor(n / 256)));
  for (let parts = Math.max(1, minParts); parts <= maxParts; parts++) {
    const chunk = Math.ceil(n / parts);
    for (let c = windowBits ?? 2; c <= (windowBits ?? MAX_WINDOW_BITS); c++) {
      const windows = windowCount(c);
      const jobs = windows * parts;
      const time = Math.ceil(jobs / tasks) * jobCost(chunk, c);
      if (time < bestTime * 0.98) { // fewer parts unless clearly better
        bestTime = time;
        best = { c, windows, chunks: splitRange(n, parts), tasks: Math.min(tasks, jobs) };
      }
    }
  }
  return best!;
}

interface Prepared {
  plan: MsmPlan;
  digits: Ptr;
  results: Ptr;
  workspaces: Ptr[];
  digitCalls: KernelCall[][];
  windowCalls: KernelCall[][];
}

function prepare(points: Ptr, scalars: Ptr, n: number, tasks: number, windowBits?: number): Prepared {
  if (windowBits !== undefined && (!Number.isInteger(windowBits) || windowBits < 2 || windowBits > MAX_WINDOW_BITS)) {
    throw new RangeError(`msm: window bits must be an integer in [2, ${MAX_WINDOW_BITS}], got ${windowBits}`);
  }
  const plan = planMsm(n, tasks, windowBits);
  const { c, windows, chunks } = plan;
  const heap = kernel().heap;
  const parts = chunks.length;
  const digits = heap.alloc(windows * n * 4);
  const results = heap.alloc(windows * parts * G1_JACOBIAN_BYTES);
  const maxChunk = Math.max(...chunks.map(([, k]) => k));
  const workspaces = Array.from({ length: plan.tasks }, () => heap.alloc(msmWindowWorkspaceBytes(maxChunk, c)));
  const digitCalls = splitRange(n, plan.tasks, 1024).map(([start, count]): KernelCall[] =>
    [['g1_msm_digits', scalars, points, digits, start, count, n, c, windows]]);
  const windowCalls: KernelCall[][] = workspaces.map(() => []);
  let job = 0;
  for (let w = 0; w < windows; w++) {
    chunks.forEach(([start, count], j) => {
      const t = job++ % plan.tasks;
      windowCalls[t].push(['g1_msm_window', points + start * G1_AFFINE_BYTES, digits + (w * n + start) * 4, count, c,
        workspaces[t], results + (w * parts + j) * G1_JACOBIAN_BYTES]);
    });
  }
  return { plan, digits, results, workspaces, digitCalls, windowCalls };
}

function finish(p: Prepared, out: Ptr | undefined): G1Affine {
  const k = kernel();
  const jac = G1.allocJacobian();
  const aff = out ?? G1.allocAffine();
  try {
    k.exports.g1_msm_combine(p.results, p.plan.windows, p.plan.chunks.length, p.plan.c, jac);
    k.exports.g1_jac_to_affine(jac, aff);
    return G1.readAffine(aff);
  } finally {
    G1.free(jac);
    if (out === undefined) G1.free(aff);
    release(p);
  }
}

function release(p: Prepared): void {
  const heap = kernel().heap;
  heap.release(p.digits);
  heap.release(p.results);
  for (const w of p.workspaces) heap.release(w);
}

function trivial(n: number, out: Ptr | undefined): G1Affine | undefined {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`msm: n must be a non-negative integer, got ${n}`);
  if (n > 0) return undefined;
  if (out !== undefined) G1.writeAffine(out, G1_INFINITY);
  return G1_INFINITY;
}

function runLocal(ex: KernelExports, lists: KernelCall[][]): void {
  for (const list of lists) for (const [f, ...args] of list) ex[f](...args);
}

/** Σ scalars[i]·points[i] on the calling thread. */
export function msmSync(points: Ptr, scalars: Ptr, n: number, opts: MsmOptions = {}): G1Affine {
  const t = trivial(n, opts.out);
  if (t) return t;
  const p = prepare(points, scalars, n, 1, opts.windowBits);
  try {
    const ex = kernel().exports;
    runLocal(ex, p.digitCalls);
    runLocal(ex, p.windowCalls);
  } catch (e) {
    release(p);
    throw e;
  }
  return finish(p, opts.out);
}

/** Below this size the worker round trips cost more than they save. */
const PARALLEL_THRESHOLD = 1 << 10;

/** Σ scalars[i]·points[i] on the kernel pool's workers. */
export async function msm(points: Ptr, scalars: Ptr, n: number, opts: MsmOptions = {}): Promise<G1Affine> {
  const t = trivial(n, opts.out);
  if (t) return t;
  const tasks = opts.parallelism ?? threadCount();
  if (opts.parallelism === undefined && (n < PARALLEL_THRESHOLD || tasks <= 1)) return msmSync(points, scalars, n, opts);
  const p = prepare(points, scalars, n, tasks, opts.windowBits);
  try {
    const pool = kernelPool();
    await pool.runAll(p.digitCalls);
    await pool.runAll(p.windowCalls);
  } catch (e) {
    release(p);
    throw e;
  }
  return finish(p, opts.out);
}

/**
 * Σ scalars[i]·points[i] for the few dozen to few hundred points a verifier combines: noble's Pippenger,
 * synchronous and kernel-free (verify() runs where the kernel may not be initialized). Scalars are any
 * integers, reduced mod r.
 */
export function msmAffine(points: readonly G1Affine[], scalars: readonly bigint[]): G1Affine {
  if (points.length !== scalars.length) throw new RangeError(`msmAffine: ${points.length} points but ${scalars.length} scalars`);
  const reduced = scalars.map((s) => ((s % FR_MODULUS) + FR_MODULUS) % FR_MODULUS);
  return fromNoble(pippenger(bn254.G1.Point, points.map(toNoble), reduced));
}
