/**
 * Backend benchmarks against peers, in one process: prints an aligned table of
 *
 *   name  ours  peer  ratio        (ratio = ours / peer; below 1 means we are faster)
 *
 * Usage: npm run bench:backend -- [--quick] [--only <section>] [--reps <n>]
 *
 * Peers are for comparison only: ffjavascript (GPL-3.0, a devDependency, never imported by the
 * product), @noble/curves (BigInt), and plain BigInt arithmetic.
 *
 * Sections (--only <name>):
 *   fr-mul  Fr multiplication, ns/op: kernel vector loop and per-call against ffjavascript's frm_mul,
 *           @noble/curves and BigInt (n = 2^16; --quick 2^12).
 *   msm     G1 MSM, ms: msm() on the kernel worker pool against ffjavascript G1.multiExpAffine on its
 *           workers, same points and scalars, results checked equal (2^12, 2^16, 2^18; --quick 2^12, 2^14).
 *   ntt     Fr NTT and iNTT, ms: nttParallel/inttParallel against ffjavascript Fr.fft/Fr.ifft (all
 *           threads), and sync ntt against ffjavascript's frm_fft export (1 thread); outputs checked
 *           (see nttSection) (2^16, 2^18, 2^20; --quick 2^12, 2^14).
 *
 * Each section is a {name, run} entry of `sections`; run() measures and returns rows. A section
 * gets the shared context (sizes scale with --quick, the timing helpers, the ffjavascript bn128
 * instance, which is built once and terminated at the end).
 */
import { availableParallelism, cpus } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { bn254_Fr } from '@noble/curves/bn254.js';
import { initKernel, kernel } from '../../circuits/wasm/kernel.js';
import { Fr, FQ_MODULUS, FR_MODULUS } from '../../circuits/field/index.js';
import { G1, G1_GENERATOR, msm, type G1Affine } from '../../circuits/curve/index.js';
import { EvaluationDomain } from '../../circuits/poly/index.js';
import { kernelPool } from '../../circuits/wasm/pool.js';
import { modPow } from '../../circuits/field/modular.js';

// ---------------------------------------------------------------- measurement

export interface Timing {
  /** Median of the repetitions. */
  value: number;
  unit: 'ns/op' | 'ms';
}

export interface Row {
  name: string;
  ours: Timing;
  peer: Timing;
  /** A target of the issue: ratio ours / peer at most this (reported under the table). */
  maxRatio?: number;
}

export interface MeasureOptions {
  /**
   * Untimed runs before the timed ones, at least `warmup` of them and at least `warmupMs` long:
   * V8 first runs wasm on its baseline compiler (Liftoff) and swaps in optimized code only after
   * a function has run for a while and a background compile finished, so a count alone is not
   * enough on a busy machine.
   */
  warmup: number;
  warmupMs: number;
  reps: number;
}

export interface BenchContext {
  quick: boolean;
  opts: MeasureOptions;
  /** Median wall time of `run` in ms; `opts` overrides the defaults (e.g. { warmup: 1, warmupMs: 0 } for runs of seconds). */
  timeMs(run: () => void, opts?: Partial<MeasureOptions>): number;
  /** Median wall time of an async `run` in ms (worker-parallel code). */
  timeMsAsync(run: () => Promise<void>, opts?: Partial<MeasureOptions>): Promise<number>;
  /** Median time per operation in ns of `run`, which performs `ops` operations. */
  nsPerOp(run: () => void, ops: number, opts?: Partial<MeasureOptions>): number;
  /**
   * Median ns per operation of several candidates, timed round-robin (one run of each per
   * repetition) so that load from elsewhere on the machine hits ours and the peers alike.
   */
  nsPerOpInterleaved<K extends string>(candidates: Record<K, { run: () => void; ops: number }>, opts?: Partial<MeasureOptions>): Record<K, number>;
  /**
   * Median wall time in ms of several (possibly asynchronous) candidates, timed round-robin like
   * nsPerOpInterleaved: for the worker-parallel kernels (MSM, NTT) against ffjavascript's workers.
   */
  timeMsInterleaved<K extends string>(candidates: Record<K, () => void | Promise<void>>, opts?: Partial<MeasureOptions>): Promise<Record<K, number>>;
  /** The ffjavascript bn128 curve (built on first use, with its worker threads). */
  ffjs(): Promise<FfjsCurve>;
  /** Progress line on stderr (the table goes to stdout). */
  log(msg: string): void;
}

export interface Section {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function warmUp(run: () => void, o: MeasureOptions): void {
  const t0 = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - t0 < o.warmupMs; i++) run();
}

function timeMs(run: () => void, o: MeasureOptions): number {
  warmUp(run, o);
  const t: number[] = [];
  for (let i = 0; i < o.reps; i++) {
    const t0 = performance.now();
    run();
    t.push(performance.now() - t0);
  }
  return median(t);
}

function interleaved<K extends string>(candidates: Record<K, { run: () => void; ops: number }>, o: MeasureOptions): Record<K, number> {
  const keys = Object.keys(candidates) as K[];
  for (const k of keys) warmUp(candidates[k].run, o);
  const t = new Map<K, number[]>(keys.map((k) => [k, []]));
  for (let i = 0; i < o.reps; i++) {
    for (const k of keys) {
      const t0 = performance.now();
      candidates[k].run();
      t.get(k)!.push(((performance.now() - t0) * 1e6) / candidates[k].ops);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, median(t.get(k)!)])) as Record<K, number>;
}

async function interleavedAsync<K extends string>(candidates: Record<K, () => void | Promise<void>>, o: MeasureOptions): Promise<Record<K, number>> {
  const keys = Object.keys(candidates) as K[];
  for (const k of keys) {
    const t0 = performance.now();
    for (let i = 0; i < o.warmup || performance.now() - t0 < o.warmupMs; i++) await candidates[k]();
  }
  const t = new Map<K, number[]>(keys.map((k) => [k, []]));
  for (let i = 0; i < o.reps; i++) {
    for (const k of keys) {
      const t0 = performance.now();
      await candidates[k]();
      t.get(k)!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, median(t.get(k)!)])) as Record<K, number>;
}

async function timeMsAsync(run: () => Promise<void>, o: MeasureOptions): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - t0 < o.warmupMs; i++) await run();
  const t: number[] = [];
  for (let i = 0; i < o.reps; i++) {
    const t0 = performance.now();
    await run();
    t.push(performance.now() - t0);
  }
  return median(t);
}

// ---------------------------------------------------------------- ffjavascript peer

/** The parts of ffjavascript's bn128 object the benchmarks touch (the package ships no types). */
export interface FfjsCurve {
  tm: {
    instance: { exports: Record<string, (...args: number[]) => number> };
    memory: { buffer: ArrayBuffer; grow(pages: number): number };
    u8: Uint8Array;
    u32: Uint32Array;
    alloc(bytes: number): number;
  };
  Fr: {
    n8: number;
    /** w[k]: ffjavascript's primitive 2^k-th root of unity (Montgomery form). */
    w: Uint8Array[];
    toObject(a: Uint8Array): bigint;
    /** Forward / inverse FFT over its workers; input and output n×32 bytes in Montgomery form, natural order. */
    fft(buf: Uint8Array): Promise<Uint8Array>;
    ifft(buf: Uint8Array): Promise<Uint8Array>;
    [k: string]: unknown;
  };
  G1: {
    /** Σ sᵢ·Pᵢ over its workers: points n×64 bytes affine (Montgomery x, y), scalars n×32 bytes LE standard form; Jacobian result. */
    multiExpAffine(points: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
    toAffine(p: Uint8Array): Uint8Array;
    toObject(p: Uint8Array): bigint[];
    [k: string]: unknown;
  };
  terminate(): Promise<void>;
}

/**
 * Allocates in ffjavascript's wasm memory. Its main-thread bump allocator does not grow the
 * memory, so grow it here first and refresh the thread manager's cached views (callers must
 * re-read views after every allocation too).
 */
export function ffjsAlloc(curve: FfjsCurve, bytes: number): number {
  const tm = curve.tm;
  const top = new Uint32Array(tm.memory.buffer, 0, 1)[0];
  const need = top + bytes + 64 - tm.memory.buffer.byteLength;
  if (need > 0) {
    tm.memory.grow(Math.ceil(need / 65536));
    tm.u8 = new Uint8Array(tm.memory.buffer);
    tm.u32 = new Uint32Array(tm.memory.buffer);
  }
  return tm.alloc(bytes);
}

/** Writes x as a 32-byte little-endian integer (ffjavascript's element layout, standard form). */
export function ffjsWrite32(curve: FfjsCurve, ptr: number, x: bigint): void {
  const u8 = new Uint8Array(curve.tm.memory.buffer);
  for (let i = 0; i < 32; i++, x >>= 8n) u8[ptr + i] = Number(x & 0xffn);
}

export function ffjsRead32(curve: FfjsCurve, ptr: number): bigint {
  const u8 = new Uint8Array(curve.tm.memory.buffer);
  let x = 0n;
  for (let i = 31; i >= 0; i--) x = (x << 8n) | BigInt(u8[ptr + i]);
  return x;
}

// ---------------------------------------------------------------- inputs

/** Deterministic pseudo-random field elements (xorshift; inputs only, not for security). */
export function randomScalars(n: number, modulus: bigint, seed = 1): bigint[] {
  let s = BigInt(seed) | 1n;
  const mask = (1n << 64n) - 1n;
  const next = () => {
    s ^= (s << 13n) & mask; s ^= s >> 7n; s ^= (s << 17n) & mask;
    return s;
  };
  return Array.from({ length: n }, () => ((next() << 192n) | (next() << 128n) | (next() << 64n) | next()) % modulus);
}

// ---------------------------------------------------------------- sections

/** Fr multiplication throughput: the inner operation of NTTs, MSM bucket sums and the prover. */
export const frMulSection: Section = {
  name: 'fr-mul',
  async run(ctx) {
    const n = ctx.quick ? 1 << 12 : 1 << 16;
    const p = FR_MODULUS;
    const xs = randomScalars(n, p, 1);
    const ys = randomScalars(n, p, 2);

    // ours: Montgomery limbs in the kernel's memory, 36 bytes an element
    await initKernel();
    const a = Fr.alloc(n), b = Fr.alloc(n), o = Fr.alloc(n);
    Fr.writeVec(a, xs);
    Fr.writeVec(b, ys);
    const E = Fr.elementBytes;
    const frMul = kernel().exports.fr_mul;

    // ffjavascript: Montgomery form in its own wasm memory, 32 bytes an element
    ctx.log(`fr-mul: n = ${n}; building ffjavascript bn128`);
    const ff = await ctx.ffjs();
    const ex = ff.tm.instance.exports;
    const n8 = ff.Fr.n8;
    const pa = ffjsAlloc(ff, n * n8), pb = ffjsAlloc(ff, n * n8), pr = ffjsAlloc(ff, n * n8);
    for (let i = 0; i < n; i++) {
      ffjsWrite32(ff, pa + i * n8, xs[i]);
      ffjsWrite32(ff, pb + i * n8, ys[i]);
      ex.frm_toMontgomery(pa + i * n8, pa + i * n8);
      ex.frm_toMontgomery(pb + i * n8, pb + i * n8);
    }
    const ffMul = ex.frm_mul;

    const nobleOut: bigint[] = new Array(n);
    const bigOut: bigint[] = new Array(n);
    ctx.log('fr-mul: measuring (round-robin)');
    const t = ctx.nsPerOpInterleaved({
      // the kernel's vector loop: one JS→wasm call for n products
      oursVec: { ops: n, run: () => Fr.vecMul(a, b, o, n) },
      // one JS→wasm call per product, as the peer is called: raw export, and through the Fr API
      oursExport: { ops: n, run: () => { for (let i = 0, off = 0; i < n; i++, off += E) frMul(a + off, b + off, o + off); } },
      oursApi: { ops: n, run: () => { for (let i = 0, off = 0; i < n; i++, off += E) Fr.mul(a + off, b + off, o + off); } },
      ffjs: { ops: n, run: () => { for (let i = 0, off = 0; i < n; i++, off += n8) ffMul(pa + off, pb + off, pr + off); } },
      noble: { ops: n, run: () => { for (let i = 0; i < n; i++) nobleOut[i] = bn254_Fr.mul(xs[i], ys[i]); } },
      bigint: { ops: n, run: () => { for (let i = 0; i < n; i++) bigOut[i] = (xs[i] * ys[i]) % p; } },
    });

    // every candidate computed the same products
    const want = xs.map((x, i) => (x * ys[i]) % p);
    const check = (who: string, got: (i: number) => bigint) => {
      for (const i of [0, 1, n >> 1, n - 1]) {
        if (got(i) !== want[i]) throw new Error(`fr-mul: ${who} computed a wrong product at ${i}: ${got(i)} ≠ ${want[i]}`);
      }
    };
    check('ours', (i) => Fr.read(Fr.at(o, i)));
    check('ffjavascript', (i) => {
      ex.frm_fromMontgomery(pr + i * n8, pr + i * n8);
      return ffjsRead32(ff, pr + i * n8);
    });
    check('@noble/curves', (i) => nobleOut[i]);
    check('BigInt', (i) => bigOut[i]);
    for (const x of [a, b, o]) Fr.free(x);

    const ns = (value: number): Timing => ({ value, unit: 'ns/op' });
    return [
      { name: `fr mul, vector (n=2^${Math.log2(n)}) vs ffjavascript frm_mul per call`, ours: ns(t.oursVec), peer: ns(t.ffjs) },
      { name: 'fr mul, per call (kernel export) vs ffjavascript frm_mul per call', ours: ns(t.oursExport), peer: ns(t.ffjs) },
      { name: 'fr mul, per call (Fr.mul API) vs ffjavascript frm_mul per call', ours: ns(t.oursApi), peer: ns(t.ffjs) },
      { name: 'fr mul, vector vs @noble/curves bn254_Fr.mul', ours: ns(t.oursVec), peer: ns(t.noble) },
      { name: 'fr mul, vector vs BigInt (a*b)%p', ours: ns(t.oursVec), peer: ns(t.bigint) },
      { name: 'fr mul, per call (Fr.mul API) vs BigInt (a*b)%p', ours: ns(t.oursApi), peer: ns(t.bigint) },
    ];
  },
};

// ---------------------------------------------------------------- helpers for the MSM and NTT sections

const U64 = (1n << 64n) - 1n;
const ms = (value: number): Timing => ({ value, unit: 'ms' });

/** Writes x < 2^256 as 32 bytes little-endian (ffjavascript's element layout). */
function putLE256(view: DataView, offset: number, x: bigint): void {
  for (let i = 0; i < 4; i++, x >>= 64n) view.setBigUint64(offset + 8 * i, x & U64, true);
}

function getLE256(view: DataView, offset: number): bigint {
  let x = 0n;
  for (let i = 3; i >= 0; i--) x = (x << 64n) | view.getBigUint64(offset + 8 * i, true);
  return x;
}

/** ffjavascript's Montgomery radix for both BN254 fields (n8 = 32 bytes). */
const FFJS_R = 1n << 256n;
const toFfjsMont = (x: bigint, p: bigint) => (x * FFJS_R) % p;
const ffjsRInv = new Map<bigint, bigint>();
const fromFfjsMont = (x: bigint, p: bigint) => {
  let inv = ffjsRInv.get(p);
  if (inv === undefined) ffjsRInv.set(p, (inv = modPow(FFJS_R % p, p - 2n, p)));
  return (x * inv) % p;
};

/** Deterministic sample of indices in [0, n): the ends, the middle and `count` pseudo-random ones. */
function sampleIndices(n: number, count: number, seed: number): number[] {
  const out = new Set([0, 1, n >> 1, n - 1]);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out.add(s % n);
  }
  return [...out];
}

/**
 * n distinct affine G1 points in kernel memory, built cheaply: 4 streams starting at random
 * multiples Rⱼ of the generator, Pᵢ₊₁ = Pᵢ + B for a random point B (Jacobian additions in the
 * kernel), then one batch conversion to affine. Release with G1.free.
 */
function kernelPoints(n: number, seed: number): number {
  const streams = Math.min(4, n);
  const [step, ...starts] = randomScalars(streams + 1, FR_MODULUS, seed);
  const jac = G1.allocJacobian(n), aff = G1.allocAffine(n);
  const g = G1.allocJacobian(), t = G1.allocJacobian(), b = G1.allocAffine();
  try {
    G1.writeJacobian(g, G1_GENERATOR);
    G1.mul(g, step, t);
    G1.toAffine(t, b);
    const bounds = Array.from({ length: streams + 1 }, (_, j) => Math.floor((j * n) / streams));
    for (let j = 0; j < streams; j++) {
      G1.mul(g, starts[j], G1.jacobianAt(jac, bounds[j]));
      for (let i = bounds[j]; i + 1 < bounds[j + 1]; i++) G1.addMixed(G1.jacobianAt(jac, i), b, G1.jacobianAt(jac, i + 1));
    }
    G1.batchToAffine(jac, aff, n);
    for (const i of sampleIndices(n, 8, seed)) {
      if (!G1.isOnCurve(G1.affineAt(aff, i))) throw new Error(`msm: generated point ${i} is not on the curve`);
    }
    return aff;
  } catch (e) {
    G1.free(aff);
    throw e;
  } finally {
    for (const x of [jac, g, t, b]) G1.free(x);
  }
}

/** Σ sᵢ·Pᵢ over G1: ours (kernel, worker pool) against ffjavascript's multiExpAffine (its workers). */
export const msmSection: Section = {
  name: 'msm',
  async run(ctx) {
    await initKernel();
    ctx.log('msm: building ffjavascript bn128');
    const ff = await ctx.ffjs();
    const rows: Row[] = [];
    for (const k of ctx.quick ? [12, 14] : [12, 16, 18]) {
      const n = 2 ** k;
      ctx.log(`msm: n = 2^${k}: generating points and scalars (not timed)`);
      const points = kernelPoints(n, 1000 + k);
      const scalars = Fr.alloc(n);
      try {
        const xs = randomScalars(n, FR_MODULUS, 2000 + k);
        Fr.writeVec(scalars, xs);
        // the same points and scalars in ffjavascript's layout: points n×64 bytes (x, y in its
        // Montgomery form x·2^256 mod q, little-endian), scalars n×32 bytes little-endian, standard form
        const ffPoints = new Uint8Array(n * 64), ffScalars = new Uint8Array(n * 32);
        const pv = new DataView(ffPoints.buffer), sv = new DataView(ffScalars.buffer);
        for (let i = 0; i < n; i++) {
          const P = G1.readAffine(G1.affineAt(points, i));
          putLE256(pv, 64 * i, toFfjsMont(P.x, FQ_MODULUS));
          putLE256(pv, 64 * i + 32, toFfjsMont(P.y, FQ_MODULUS));
          putLE256(sv, 32 * i, xs[i]);
        }

        // both compute the same point
        const ours: G1Affine = await msm(points, scalars, n);
        const [x, y] = ff.G1.toObject(ff.G1.toAffine(await ff.G1.multiExpAffine(ffPoints, ffScalars)));
        if (ours.x !== x || ours.y !== y) {
          throw new Error(`msm: n = 2^${k}: ours (${ours.x}, ${ours.y}) ≠ ffjavascript (${x}, ${y})`);
        }

        ctx.log(`msm: n = 2^${k}: measuring (round-robin)`);
        const t = await ctx.timeMsInterleaved({
          ours: async () => { await msm(points, scalars, n); },
          ffjs: async () => { await ff.G1.multiExpAffine(ffPoints, ffScalars); },
        }, { warmup: 1 });
        rows.push({
          name: `msm G1 n=2^${k}, all threads: msm vs ffjavascript G1.multiExpAffine`,
          ours: ms(t.ours), peer: ms(t.ffjs), maxRatio: k >= 16 ? 1 : undefined,
        });
      } finally {
        G1.free(points);
        Fr.free(scalars);
      }
    }
    return rows;
  },
};

/** m with g^m = h, for g of order 2^k (bit by bit: Pohlig–Hellman in a 2-group). */
function discreteLog2Group(h: bigint, g: bigint, k: number, p: bigint): number {
  const gInv = modPow(g, p - 2n, p);
  let m = 0;
  for (let j = 0; j < k; j++) {
    const rest = (h * modPow(gInv, BigInt(m), p)) % p;
    if (modPow(rest, 1n << BigInt(k - 1 - j), p) !== 1n) m += 2 ** j;
  }
  if (modPow(g, BigInt(m), p) !== h) throw new Error('ntt: the two roots of unity do not generate the same subgroup');
  return m;
}

/** p(x) by Horner, in BigInt (the reference). */
function hornerRef(coeffs: readonly bigint[], x: bigint, p: bigint): bigint {
  let acc = 0n;
  for (let i = coeffs.length - 1; i >= 0; i--) acc = (acc * x + coeffs[i]) % p;
  return acc;
}

/**
 * Fr NTT / iNTT: ours (kernel, worker pool) against ffjavascript's Fr.fft / Fr.ifft (its workers),
 * and ours single-threaded against ffjavascript's frm_fft export (its wasm, one thread).
 *
 * What is checked before timing, at every size, on the same random coefficients:
 * - ffjavascript's fft takes and returns Montgomery form (x·2^256 mod r), natural order. Its root
 *   ω' = w[k] = 5^((r-1)/2^k) differs from ours ω = 7^((r-1)/2^k), so the outputs are the same
 *   evaluations in another order: with m the discrete log ω = ω'^m (m odd, computed), ours[i] must
 *   equal theirs[m·i mod n] — checked at a sample of indices;
 * - ours against a BigInt Horner reference p(ω^i) at two indices;
 * - ours sync ntt = ours nttParallel, and ffjavascript frm_fft (1 thread) = its Fr.fft (sample);
 * - round trips: ours inttParallel(nttParallel(a)) = a, and ffjavascript ifft(fft(a)) = a (sample).
 */
export const nttSection: Section = {
  name: 'ntt',
  async run(ctx) {
    await initKernel();
    ctx.log('ntt: building ffjavascript bn128');
    const ff = await ctx.ffjs();
    const r = FR_MODULUS;
    const logs = ctx.quick ? [12, 14] : [16, 18, 20];
    const ex = ff.tm.instance.exports;
    // ffjavascript's main-thread allocator never frees: one in-place buffer for its 1-thread frm_fft, all sizes
    const ffPtr = ffjsAlloc(ff, 2 ** Math.max(...logs) * 32);
    const rows: Row[] = [];
    for (const k of logs) {
      const n = 2 ** k;
      const dom = new EvaluationDomain(k);
      ctx.log(`ntt: n = 2^${k}: generating coefficients (not timed)`);
      const coeffs = randomScalars(n, r, 3000 + k);
      const a = Fr.alloc(n), b = Fr.alloc(n);
      try {
        Fr.writeVec(a, coeffs);
        Fr.writeVec(b, coeffs);
        const ffIn = new Uint8Array(n * 32);
        const inView = new DataView(ffIn.buffer);
        for (let i = 0; i < n; i++) putLE256(inView, 32 * i, toFfjsMont(coeffs[i], r));

        // --- correctness (see the comment above)
        await dom.nttParallel(a);
        dom.ntt(b);
        const ffOut = await ff.Fr.fft(ffIn);
        const ffBack = await ff.Fr.ifft(ffOut);
        new Uint8Array(ff.tm.memory.buffer).set(ffIn, ffPtr);
        ex.frm_fft(ffPtr, n);
        const outView = new DataView(ffOut.buffer, ffOut.byteOffset, ffOut.byteLength);
        const backView = new DataView(ffBack.buffer, ffBack.byteOffset, ffBack.byteLength);
        const stView = new DataView(ff.tm.memory.buffer, ffPtr, n * 32);
        const theirs = (v: DataView, i: number) => fromFfjsMont(getLE256(v, 32 * i), r);
        const m = discreteLog2Group(dom.omega, ff.Fr.toObject(ff.Fr.w[k]), k, r);
        const fail = (what: string, i: number) => { throw new Error(`ntt: n = 2^${k}: ${what} at index ${i}`); };
        const idx = sampleIndices(n, 64, 4000 + k);
        for (const i of idx) {
          const ours = Fr.read(Fr.at(a, i));
          if (ours !== theirs(outView, (m * i) % n)) fail(`ours ≠ ffjavascript Fr.fft at the matching index ${(m * i) % n} (m = ${m})`, i);
          if (Fr.read(Fr.at(b, i)) !== ours) fail('sync ntt ≠ nttParallel', i);
          if (theirs(stView, i) !== theirs(outView, i)) fail('ffjavascript frm_fft ≠ Fr.fft', i);
          if (theirs(backView, i) !== coeffs[i]) fail('ffjavascript ifft(fft(a)) ≠ a', i);
        }
        for (const i of [1, idx[idx.length - 1]]) {
          if (Fr.read(Fr.at(a, i)) !== hornerRef(coeffs, dom.element(i), r)) fail('ours ≠ BigInt reference p(ω^i)', i);
        }
        await dom.inttParallel(a);
        for (const i of idx) if (Fr.read(Fr.at(a, i)) !== coeffs[i]) fail('ours intt(ntt(a)) ≠ a', i);

        // --- timing: transforms run in place on the same buffers over and over (the values do not
        // change the cost); ffjavascript's fft copies its input and returns a new buffer, as its API does
        ctx.log(`ntt: n = 2^${k}: measuring (round-robin)`);
        const t = await ctx.timeMsInterleaved({
          ntt: () => dom.nttParallel(a),
          ffFft: async () => { await ff.Fr.fft(ffIn); },
          intt: () => dom.inttParallel(a),
          ffIfft: async () => { await ff.Fr.ifft(ffIn); },
          nttSync: () => dom.ntt(b),
          ffFftSync: () => { ex.frm_fft(ffPtr, n); },
        }, { warmup: 1 });
        const target = k >= 16 ? 1 : undefined;
        rows.push(
          { name: `ntt Fr n=2^${k}, all threads: nttParallel vs ffjavascript Fr.fft`, ours: ms(t.ntt), peer: ms(t.ffFft), maxRatio: target },
          { name: `intt Fr n=2^${k}, all threads: inttParallel vs ffjavascript Fr.ifft`, ours: ms(t.intt), peer: ms(t.ffIfft), maxRatio: target },
          { name: `ntt Fr n=2^${k}, 1 thread: ntt (sync) vs ffjavascript frm_fft (1 thread)`, ours: ms(t.nttSync), peer: ms(t.ffFftSync) },
        );
      } finally {
        Fr.free(a);
        Fr.free(b);
      }
    }
    return rows;
  },
};

/** Every section, in the order they run. */
export const sections: Section[] = [frMulSection, msmSection, nttSection];

// ---------------------------------------------------------------- table

function formatTiming(t: Timing): string {
  const v = t.value;
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${t.unit}`;
}

export function formatTable(rows: Row[]): string {
  const cells = [['name', 'ours', 'peer', 'ratio'], ...rows.map((r) => {
    if (r.ours.unit !== r.peer.unit) throw new Error(`${r.name}: ours in ${r.ours.unit}, peer in ${r.peer.unit}`);
    return [r.name, formatTiming(r.ours), formatTiming(r.peer), (r.ours.value / r.peer.value).toFixed(3)];
  })];
  const width = [0, 1, 2, 3].map((c) => Math.max(...cells.map((row) => row[c].length)));
  return cells
    .map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(width[c]) : cell.padStart(width[c]))).join('  '))
    .join('\n');
}

// ---------------------------------------------------------------- main

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench:backend')
    .description('Benchmarks of the BN254 backend against peers (ffjavascript, @noble/curves, BigInt). ratio = ours / peer; < 1 means we are faster.')
    .option('--quick', 'smaller sizes and fewer repetitions (smoke run)', false)
    .option('--only <section>', `run one section: ${sections.map((s) => s.name).join(', ')}`)
    .option('--reps <n>', 'timed repetitions per measurement (median reported)', positiveInt)
    .parse();
  const opt = program.opts<{ quick: boolean; only?: string; reps?: number }>();
  const selected = opt.only === undefined ? sections : sections.filter((s) => s.name === opt.only);
  if (selected.length === 0) {
    program.error(`unknown section "${opt.only}"; sections: ${sections.map((s) => s.name).join(', ')}`);
  }

  const base: MeasureOptions = { warmup: opt.quick ? 1 : 3, warmupMs: opt.quick ? 300 : 1000, reps: opt.reps ?? (opt.quick ? 5 : 11) };
  let curve: Promise<FfjsCurve> | undefined;
  const ctx: BenchContext = {
    quick: opt.quick,
    opts: base,
    timeMs: (run, o) => timeMs(run, { ...base, ...o }),
    timeMsAsync: (run, o) => timeMsAsync(run, { ...base, ...o }),
    nsPerOp: (run, ops, o) => (timeMs(run, { ...base, ...o }) * 1e6) / ops,
    nsPerOpInterleaved: (candidates, o) => interleaved(candidates, { ...base, ...o }),
    timeMsInterleaved: (candidates, o) => interleavedAsync(candidates, { ...base, ...o }),
    ffjs: () => {
      curve ??= (require('ffjavascript') as { buildBn128(): Promise<FfjsCurve> }).buildBn128();
      return curve;
    },
    log: (msg) => process.stderr.write(`${msg}\n`),
  };

  const rows: Row[] = [];
  try {
    for (const s of selected) rows.push(...(await s.run(ctx)));
  } finally {
    if (curve) await (await curve).terminate();
    await kernelPool().close();
  }

  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`# ${new Date().toISOString().slice(0, 10)}  node ${process.version}  ${cpu}  ${availableParallelism()} threads${opt.quick ? '  (--quick)' : ''}`);
  console.log(`# median of ${base.reps} round-robin runs after ≥ ${base.warmupMs} ms of warm-up per candidate (fr-mul ≥ ${base.warmup} runs, msm/ntt ≥ 1 run); ratio = ours / peer (< 1: we are faster)`);
  console.log(formatTable(rows));
  const target = rows.find((r) => r.name.startsWith('fr mul, vector vs BigInt'));
  if (target) {
    const speedup = target.peer.value / target.ours.value;
    console.log(`# target fr mul ≥ 20× faster than BigInt: ${speedup.toFixed(1)}× ${speedup >= 20 ? '(met)' : '(NOT met)'}`);
  }
  for (const r of rows) {
    if (r.maxRatio === undefined) continue;
    const ratio = r.ours.value / r.peer.value;
    console.log(`# target ratio ≤ ${r.maxRatio}: ${r.name}: ${ratio.toFixed(3)} ${ratio <= r.maxRatio ? '(met)' : '(NOT met)'}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exitCode = 1;
  });
}
