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
 * Each section is a {name, run} entry of `sections`; run() measures and returns rows. A section
 * gets the shared context (sizes scale with --quick, the timing helpers, the ffjavascript bn128
 * instance, which is built once and terminated at the end).
 */
import { availableParallelism, cpus } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { bn254_Fr } from '@noble/curves/bn254.js';
import { initKernel, kernel } from '../../circuits/wasm/kernel.js';
import { Fr, FR_MODULUS } from '../../circuits/field/index.js';

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
  Fr: { n8: number; [k: string]: unknown };
  G1: { [k: string]: unknown };
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

/** Every section, in the order they run. */
export const sections: Section[] = [frMulSection];

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
  }

  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`# ${new Date().toISOString().slice(0, 10)}  node ${process.version}  ${cpu}  ${availableParallelism()} threads${opt.quick ? '  (--quick)' : ''}`);
  console.log(`# median of ${base.reps} round-robin runs after ≥ ${base.warmup} warm-up runs and ≥ ${base.warmupMs} ms; ratio = ours / peer (< 1: we are faster)`);
  console.log(formatTable(rows));
  const target = rows.find((r) => r.name.startsWith('fr mul, vector vs BigInt'));
  if (target) {
    const speedup = target.peer.value / target.ours.value;
    console.log(`# target fr mul ≥ 20× faster than BigInt: ${speedup.toFixed(1)}× ${speedup >= 20 ? '(met)' : '(NOT met)'}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exitCode = 1;
  });
}
