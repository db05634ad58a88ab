/**
 * Prover benchmark (issue 4): our PLONKish prover on the synthetic circuit against snarkjs PLONK on
 * an r1cs of the same domain size, in one process. Prints
 *
 *   name  ours  peer  ratio        (ratio = ours / peer; below 1 means we are faster)
 *
 * then our prover's breakdown per size, and the two targets: ours / snarkjs prove time ≤ 0.7, and
 * prove time / (time in the MSMs + NTTs the prover does) ≤ 1.5.
 *
 * Usage: npm run bench:prover -- [--quick] [--k <list>] [--reps <n>] [--no-peer] [--cache <dir>]
 *   sizes k = 10, 14, 16, 18 (--quick: 10, 12); --k 10,14 picks them.
 *
 * Ours: `SyntheticCircuit(k)` (circuits/plonk/examples/synthetic.ts: 10 advice columns, a degree-4
 * gate, a byte lookup, a permutation over 4 advice columns and the instance column) on all 2^k − 1
 * usable rows; keygen and prove under an INSECURE dev SRS (devSrs), which does not change the work.
 *
 * Peer: snarkjs 0.7 PLONK (GPL-3.0 devDependency, benchmarks and tests only) over an r1cs this
 * script writes itself (no circom here): a chain x_{i+1} = x_i·x_i + 7 of m = 2^k − 1
 * multiplications with x_m public. snarkjs turns each into one PLONK row and adds one row per
 * public input, so its domain is exactly 2^k, the same as ours. The witness is a .wtns file written
 * here too. snarkjs proving is timed from the files (`plonk.prove(zkey, wtns)`), as its CLI does.
 *
 * The powers of tau: snarkjs' own ceremony (`powersOfTau.newAccumulator` + `contribute` +
 * `preparePhase2`) took 26 s at power 10 and 165 s at power 12 on a 2-core machine, and had not
 * finished power 14 after 15 minutes (preparePhase2 computes Lagrange bases in G1 and G2 for every
 * power, ~6× per 2 powers), i.e. hours at 2^16–2^18. So by default this script writes a dev .ptau from a known τ (like our devSrs: INSECURE,
 * for benchmarks only) holding exactly what `plonk.setup` reads — the header, [τ^i]G1 for
 * i < 2^k + 6, [1]G2 and [τ]G2, and the G1 Lagrange bases [L_i(τ)]G1 for every power ≤ k — computed
 * with fixed-base multiplications in our kernel, cached under --cache. A wrong point anywhere makes
 * snarkjs' own `plonk.verify` fail, which the script checks. `--ceremony` uses snarkjs' ceremony
 * instead (only sensible for k ≤ 12). How the ptau was made does not change snarkjs' proving work.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import * as snarkjs from 'snarkjs';
import { initKernel } from '../../circuits/wasm/kernel.js';
import { kernelPool } from '../../circuits/wasm/pool.js';
import { FQ_MODULUS, FR_MODULUS } from '../../circuits/field/index.js';
import { G1, G1_GENERATOR, G2_GENERATOR, type NobleG2 } from '../../circuits/curve/index.js';
import { devSrs, devTau, fixedBaseMulTable, fixedBaseTable, freeSrs, type Srs } from '../../circuits/pcs/index.js';
import { keygen, prove, Stopwatch, verify } from '../../circuits/plonk/index.js';
import { SyntheticCircuit } from '../../circuits/plonk/examples/synthetic.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const P = FR_MODULUS;

// ------------------------------------------------------------------ binary file helpers

/** Little-endian bytes of a non-negative integer < 2^(8·len). */
function le(x: bigint, len = 32): Buffer {
  return Buffer.from(x.toString(16).padStart(len * 2, '0'), 'hex').reverse();
}
const u32 = (x: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(x); return b; };
const u64 = (x: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(x)); return b; };

/** The iden3 binary container (r1cs, wtns, ptau, zkey): magic, version, sections (id, u64 size, bytes). */
function writeBinFile(file: string, magic: string, version: number, sections: Array<[number, Buffer[]]>): void {
  const parts: Buffer[] = [Buffer.from(magic, 'ascii'), u32(version), u32(sections.length)];
  for (const [id, chunks] of sections) {
    parts.push(u32(id), u64(chunks.reduce((s, c) => s + c.length, 0)));
    for (const c of chunks) parts.push(c); // no spread: sections hold up to millions of chunks
  }
  writeFileSync(file, Buffer.concat(parts));
}

// ------------------------------------------------------------------ the peer's circuit: r1cs + wtns

const CHAIN_C = 7n;

/**
 * Writes chain.r1cs (r1csfile format v1: header, constraints, wire→label map) for
 * x_{i+1} = x_i·x_i + 7, i < m, and chain.wtns (format v2) for x_0 = seed value.
 * Wires: 0 = one, 1 = x_m (public output), 2 = x_0 (private input), 2 + i = x_i for 0 < i < m.
 */
function writeChain(dir: string, m: number, x0: bigint): { r1cs: string; wtns: string; output: bigint } {
  const wire = (i: number) => (i === m ? 1 : i + 2);
  const nWires = m + 2;
  const one = le(1n);
  const minusC = le(P - CHAIN_C);
  const cons: Buffer[] = [];
  for (let i = 0; i < m; i++) {
    const term = Buffer.concat([u32(1), u32(wire(i)), one]);
    // A = x_i, B = x_i, C = x_{i+1} − 7 (factors sorted by wire id: the one wire first)
    cons.push(term, term, u32(2), u32(0), minusC, u32(wire(i + 1)), one);
  }
  const header = [u32(32), le(P), u32(nWires), u32(1), u32(0), u32(1), u64(nWires), u32(m)];
  const map: Buffer[] = [];
  for (let i = 0; i < nWires; i++) map.push(u64(i));
  const r1cs = join(dir, `chain-${m}.r1cs`);
  writeBinFile(r1cs, 'r1cs', 1, [[1, header], [2, cons], [3, map]]);

  const xs = new Array<bigint>(m + 1);
  xs[0] = x0;
  for (let i = 0; i < m; i++) xs[i + 1] = (xs[i] * xs[i] + CHAIN_C) % P;
  const values = new Array<bigint>(nWires);
  values[0] = 1n;
  for (let i = 0; i <= m; i++) values[wire(i)] = xs[i];
  const wtns = join(dir, `chain-${m}.wtns`);
  writeBinFile(wtns, 'wtns', 2, [[1, [u32(32), le(P), u32(nWires)]], [2, values.map((v) => le(v))]]);
  return { r1cs, wtns, output: xs[m] };
}

// ------------------------------------------------------------------ dev powers of tau

const R_FQ = (1n << 256n) % FQ_MODULUS;

/** s_i·G for each scalar, as ptau G1 points: x, y in Montgomery form (·2^256 mod q), 32 bytes LE each. */
function g1MulsPtau(table: number, scalars: readonly bigint[]): Buffer[] {
  const out: Buffer[] = [];
  const CHUNK = 1 << 15;
  const aff = G1.allocAffine(CHUNK);
  try {
    for (let start = 0; start < scalars.length; start += CHUNK) {
      const n = Math.min(CHUNK, scalars.length - start);
      fixedBaseMulTable(table, scalars.slice(start, start + n), aff);
      for (const p of G1.readAffineVec(aff, n)) out.push(le((p.x * R_FQ) % FQ_MODULUS), le((p.y * R_FQ) % FQ_MODULUS));
    }
    return out;
  } finally {
    G1.free(aff);
  }
}

function g2Ptau(p: NobleG2): Buffer[] {
  const a = p.toAffine();
  return [a.x.c0, a.x.c1, a.y.c0, a.y.c1].map((c) => le((c * R_FQ) % FQ_MODULUS));
}

function modpow(b: bigint, e: bigint): bigint {
  let r = 1n;
  b %= P;
  for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
}

/** out[i] = 1/xs[i] (Montgomery's trick; no zeros). */
function batchInverse(xs: readonly bigint[]): bigint[] {
  const pre = new Array<bigint>(xs.length);
  let acc = 1n;
  for (let i = 0; i < xs.length; i++) { pre[i] = acc; acc = (acc * xs[i]) % P; }
  let inv = modpow(acc, P - 2n);
  const out = new Array<bigint>(xs.length);
  for (let i = xs.length - 1; i >= 0; i--) { out[i] = (inv * pre[i]) % P; inv = (inv * xs[i]) % P; }
  return out;
}

interface FfCurve {
  Fr: { w: unknown[]; toObject(x: unknown): bigint };
  terminate(): Promise<void>;
}

/**
 * Writes a dev .ptau of the given power from a known τ (INSECURE; see the header comment) with the
 * sections `plonk.setup` reads: 1 header, 2 [τ^i]G1 (i < 2^power + 6), 3 [1]G2, [τ]G2, and
 * 12 [L_i(τ)]G1 for the domains 2^0 … 2^power (ffjavascript's roots of unity, Fr.w[p]).
 */
async function writeDevPtau(file: string, power: number, curve: FfCurve): Promise<void> {
  const tau = devTau('bench:prover dev ptau');
  const nTau = (1 << power) + 6;
  const taus = new Array<bigint>(nTau);
  for (let i = 0, t = 1n; i < nTau; i++, t = (t * tau) % P) taus[i] = t;
  const lagrange: bigint[] = [];
  for (let p = 0; p <= power; p++) {
    const n = 1 << p;
    const omega = curve.Fr.toObject(curve.Fr.w[p]);
    if (modpow(omega, BigInt(n)) !== 1n || (p > 0 && modpow(omega, BigInt(n / 2)) === 1n)) throw new Error(`ffjavascript's Fr.w[${p}] is not a primitive 2^${p}-th root`);
    // L_i(τ) = ω^i·(τ^n − 1) / (n·(τ − ω^i))
    const ws = new Array<bigint>(n);
    for (let i = 0, w = 1n; i < n; i++, w = (w * omega) % P) ws[i] = w;
    const inv = batchInverse(ws.map((w) => (BigInt(n) * ((tau - w + P) % P)) % P));
    const zn = (modpow(tau, BigInt(n)) - 1n + P) % P;
    for (let i = 0; i < n; i++) lagrange.push((((ws[i] * zn) % P) * inv[i]) % P);
  }
  const table = fixedBaseTable(G1_GENERATOR);
  try {
    const header = [u32(32), le(FQ_MODULUS), u32(power), u32(power)];
    writeBinFile(file, 'ptau', 1, [
      [1, header],
      [2, g1MulsPtau(table, taus)],
      [3, [...g2Ptau(G2_GENERATOR), ...g2Ptau(G2_GENERATOR.multiply(tau))]],
      [12, g1MulsPtau(table, lagrange)],
    ]);
  } finally {
    G1.free(table);
  }
}

/** snarkjs' own ceremony: new accumulator, one contribution, phase-2 preparation. */
async function ceremonyPtau(file: string, power: number, curve: FfCurve): Promise<void> {
  const pot = snarkjs.powersOfTau;
  await pot.newAccumulator(curve, power, `${file}.0`);
  await pot.contribute(`${file}.0`, `${file}.1`, 'bench', 'bench:prover fixed entropy');
  await pot.preparePhase2(`${file}.1`, file);
  rmSync(`${file}.0`, { force: true });
  rmSync(`${file}.1`, { force: true });
}

// ------------------------------------------------------------------ measurements

interface OursResult {
  keygen: number;
  prove: number;
  verify: number;
  proofBytes: number;
  phases: Record<(typeof PHASES)[number], number>;
}

interface PeerResult {
  ptau: number;
  ptauCached: boolean;
  setup: number;
  prove: number;
  verify: number;
  proofBytes: number;
}

const PHASES = ['witness', 'ntt', 'msm', 'lookups', 'quotient', 'evaluations', 'openings'] as const;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await work();
  return [r, performance.now() - t0];
}

interface PeerSetup { zkey: string; wtns: string; vk: unknown; output: bigint; ptau: number; ptauCached: boolean; setup: number }

async function peerSetup(k: number, dir: string, cache: string, ceremony: boolean, curve: FfCurve): Promise<PeerSetup> {
  const m = (1 << k) - 1;
  const { r1cs, wtns, output } = writeChain(dir, m, 3n);
  const ptau = join(cache, `${ceremony ? 'ceremony' : 'dev'}-${k}.ptau`);
  let ptauMs = 0;
  const cached = existsSync(ptau) && statSync(ptau).size > 0;
  if (!cached) {
    log(`  k=${k}: writing ${ceremony ? 'ceremony' : 'dev'} ptau (power ${k}) to ${ptau} …`);
    const part = `${ptau}.part`; // renamed when complete, so an interrupted run leaves no bad cache entry
    [, ptauMs] = await timed(() => (ceremony ? ceremonyPtau(part, k, curve) : writeDevPtau(part, k, curve)));
    renameSync(part, ptau);
  }
  const zkey = join(dir, `chain-${k}.zkey`);
  const [res, setup] = await timed(() => snarkjs.plonk.setup(r1cs, ptau, zkey));
  if (res === -1) throw new Error(`snarkjs plonk.setup failed for k = ${k}`);
  const vk = await snarkjs.zKey.exportVerificationKey(zkey);
  if (vk.power !== k) throw new Error(`snarkjs chose domain 2^${vk.power} for k = ${k}; the r1cs should give 2^${k}`);
  return { zkey, wtns, vk, output, ptau: ptauMs, ptauCached: cached, setup };
}

async function peerProve(s: PeerSetup): Promise<{ prove: number; verify: number; proofBytes: number }> {
  const [{ proof, publicSignals }, proveMs] = await timed(() => snarkjs.plonk.prove(s.zkey, s.wtns) as Promise<{ proof: Record<string, unknown>; publicSignals: string[] }>);
  if (publicSignals.length !== 1 || BigInt(publicSignals[0]) !== s.output) throw new Error('snarkjs: unexpected public signals');
  const [ok, verifyMs] = await timed(() => snarkjs.plonk.verify(s.vk, publicSignals, proof) as Promise<boolean>);
  if (!ok) throw new Error('snarkjs plonk.verify rejected its own proof (is the ptau consistent?)');
  // 9 G1 commitments/openings (64 bytes uncompressed) and 6 evaluations (32 bytes): the calldata size
  const g1 = Object.values(proof).filter((v) => Array.isArray(v)).length;
  const fr = Object.keys(proof).filter((key) => key.startsWith('eval_')).length;
  return { prove: proveMs, verify: verifyMs, proofBytes: g1 * 64 + fr * 32 };
}

async function oursProve(k: number, srs: Srs, pk: Awaited<ReturnType<typeof keygen>>, seed: number): Promise<Omit<OursResult, 'keygen'>> {
  const instances = new SyntheticCircuit(k, seed).instances();
  const circuit = new SyntheticCircuit(k, seed); // a fresh object: the witness is computed inside prove
  const sw = new Stopwatch();
  const [proof, proveMs] = await timed(() => prove(pk, srs, circuit, instances, sw));
  const [res, verifyMs] = await timed(() => verify(pk.vk, instances, proof));
  if (!res.ok) throw new Error(`our proof at k = ${k} was rejected: ${res.reason}`);
  const phases = Object.fromEntries(PHASES.map((p) => [p, sw.get(p)])) as OursResult['phases'];
  return { prove: proveMs, verify: verifyMs, proofBytes: proof.length, phases };
}

// ------------------------------------------------------------------ output

function fmtMs(ms: number): string {
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function table(rows: string[][], right: boolean[]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((c, j) => (right[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd()).join('\n');
}

function kList(v: string): number[] {
  const ks = v.split(',').map((s) => Number(s.trim()));
  for (const k of ks) if (!Number.isInteger(k) || k < 4 || k > 22) throw new InvalidArgumentError(`k must be integers in [4, 22], got "${v}"`);
  return ks;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench:prover')
    .description('Our PLONKish prover on a synthetic circuit vs snarkjs PLONK at the same domain size; ratio = ours / peer (< 1: we are faster).')
    .option('--quick', 'k = 10, 12 (smoke run)', false)
    .option('--k <list>', 'comma-separated sizes log2(rows), e.g. 10,14', kList)
    .option('--reps <n>', 'timed proofs per size, median reported (default: 3 for k ≤ 12, else 1)', positiveInt)
    .option('--no-peer', 'skip snarkjs')
    .option('--ceremony', "make the ptau with snarkjs' own ceremony (slow: minutes at power 12) instead of a dev ptau", false)
    .option('--cache <dir>', 'where ptau files are kept between runs', join(tmpdir(), 'zkevm-ts-bench-prover'))
    .parse();
  const opt = program.opts<{ quick: boolean; k?: number[]; reps?: number; peer: boolean; ceremony: boolean; cache: string }>();
  const ks = opt.k ?? (opt.quick ? [10, 12] : [10, 14, 16, 18]);
  const repsFor = (k: number) => opt.reps ?? (k <= 12 ? 3 : 1);
  mkdirSync(opt.cache, { recursive: true });
  const work = join(opt.cache, `run-${process.pid}`);
  mkdirSync(work, { recursive: true });

  await initKernel();
  const curve: FfCurve | undefined = opt.peer ? await (require('ffjavascript') as { buildBn128(): Promise<FfCurve> }).buildBn128() : undefined;
  const maxK = Math.max(...ks);
  log(`dev SRS 2^${maxK} …`);
  const [srs, srsMs] = await timed(() => devSrs(maxK));
  log(`  ${fmtMs(srsMs)}`);

  const ours = new Map<number, OursResult>();
  const peer = new Map<number, PeerResult>();
  const notes: string[] = [];
  try {
    // warm-up (untimed): V8 tiers wasm and JS up during the first runs
    {
      const k = Math.min(...ks, 10);
      log(`warm-up at k=${k} …`);
      const pk = await keygen(srs, new SyntheticCircuit(k), k);
      await oursProve(k, srs, pk, 99);
      if (curve) await peerProve(await peerSetup(k, work, opt.cache, opt.ceremony, curve));
    }
    for (const k of ks) {
      log(`k=${k}: keygen …`);
      const [pk, keygenMs] = await timed(() => keygen(srs, new SyntheticCircuit(k), k));
      let ps: PeerSetup | undefined;
      if (curve) {
        try {
          log(`k=${k}: snarkjs setup …`);
          ps = await peerSetup(k, work, opt.cache, opt.ceremony, curve);
        } catch (e) {
          const msg = `k=${k}: snarkjs skipped: ${e instanceof Error ? e.message : String(e)}`;
          notes.push(msg);
          log(msg);
        }
      }
      const runs: Array<Omit<OursResult, 'keygen'>> = [];
      const peerRuns: Array<{ prove: number; verify: number; proofBytes: number }> = [];
      for (let r = 0; r < repsFor(k); r++) {
        log(`k=${k}: prove ${r + 1}/${repsFor(k)} (ours${ps ? ', snarkjs' : ''}) …`);
        runs.push(await oursProve(k, srs, pk, 1));
        if (ps) peerRuns.push(await peerProve(ps));
      }
      const mid = runs.find((x) => x.prove === median(runs.map((y) => y.prove)))!;
      ours.set(k, { ...mid, keygen: keygenMs, verify: median(runs.map((x) => x.verify)) });
      if (ps) {
        peer.set(k, {
          ptau: ps.ptau, ptauCached: ps.ptauCached, setup: ps.setup,
          prove: median(peerRuns.map((x) => x.prove)), verify: median(peerRuns.map((x) => x.verify)), proofBytes: peerRuns[0].proofBytes,
        });
        for (const f of [ps.zkey, ps.wtns]) rmSync(f, { force: true });
      }
      log(`k=${k}: ours ${fmtMs(ours.get(k)!.prove)}${ps ? `, snarkjs ${fmtMs(peer.get(k)!.prove)}` : ''}`);
    }
  } finally {
    freeSrs(srs);
    rmSync(work, { recursive: true, force: true });
    await curve?.terminate();
    await (globalThis as { curve_bn128?: FfCurve }).curve_bn128?.terminate();
    await kernelPool().close();
  }

  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`# ${new Date().toISOString().slice(0, 10)}  node ${process.version}  ${cpu}  ${availableParallelism()} threads  k = ${ks.join(', ')}${opt.quick ? '  (--quick)' : ''}`);
  console.log(`# ours: SyntheticCircuit(k) (10 advice, degree-4 gate, byte lookup, permutation), 2^k rows; peer: snarkjs ${snarkjsVersion()} PLONK, chain of 2^k − 1 multiplications + 1 public input (domain 2^k)`);
  console.log(`# median of ${ks.map((k) => `${repsFor(k)}`).join('/')} proof(s) per size after a warm-up proof; ratio = ours / peer (< 1: we are faster); dev SRS 2^${maxK} took ${fmtMs(srsMs)}`);
  const rows: string[][] = [['name', 'ours', 'peer', 'ratio']];
  for (const k of ks) {
    const o = ours.get(k)!;
    const p = peer.get(k);
    const r = (a: number, b?: number) => (b === undefined ? '-' : (a / b).toFixed(3));
    rows.push([`prove k=${k} vs snarkjs plonk.prove`, fmtMs(o.prove), p ? fmtMs(p.prove) : 'skipped', r(o.prove, p?.prove)]);
    rows.push([`verify k=${k} vs snarkjs plonk.verify`, fmtMs(o.verify), p ? fmtMs(p.verify) : 'skipped', r(o.verify, p?.verify)]);
    rows.push([`keygen k=${k} vs snarkjs plonk.setup`, fmtMs(o.keygen), p ? fmtMs(p.setup) : 'skipped', r(o.keygen, p?.setup)]);
    rows.push([`proof size k=${k} (bytes)`, `${o.proofBytes}`, p ? `${p.proofBytes}` : 'skipped', r(o.proofBytes, p?.proofBytes)]);
  }
  console.log(table(rows, [false, true, true, true]));
  console.log('');
  console.log(`# our prover, breakdown (ms): other = prove − (${PHASES.join(' + ')}); core = prove / (msm + ntt)`);
  const br: string[][] = [['k', 'keygen', 'prove', ...PHASES, 'other', 'verify', 'proof B', 'core']];
  for (const k of ks) {
    const o = ours.get(k)!;
    const sum = PHASES.reduce((s, ph) => s + o.phases[ph], 0);
    br.push([`${k}`, o.keygen.toFixed(0), o.prove.toFixed(0), ...PHASES.map((ph) => o.phases[ph].toFixed(0)), (o.prove - sum).toFixed(0),
      o.verify.toFixed(1), `${o.proofBytes}`, (o.prove / (o.phases.msm + o.phases.ntt)).toFixed(2)]);
  }
  console.log(table(br, br[0].map(() => true)));
  const ptauLines = [...peer.entries()].filter(([, p]) => !p.ptauCached).map(([k, p]) => `2^${k} ${fmtMs(p.ptau)}`);
  if (ptauLines.length > 0) console.log(`# ${opt.ceremony ? 'ceremony' : 'dev'} ptau generated this run: ${ptauLines.join(', ')} (cached in ${opt.cache})`);
  console.log('');
  for (const k of ks) {
    const o = ours.get(k)!;
    const core = o.prove / (o.phases.msm + o.phases.ntt);
    console.log(`# target prove / (msm + ntt) ≤ 1.5: k=${k}: ${core.toFixed(2)} ${core <= 1.5 ? '(met)' : '(NOT met)'}`);
    const p = peer.get(k);
    if (p) {
      const ratio = o.prove / p.prove;
      console.log(`# target ours / snarkjs prove ≤ 0.7: k=${k}: ${ratio.toFixed(3)} ${ratio <= 0.7 ? '(met)' : '(NOT met)'}`);
    }
  }
  for (const n of notes) console.log(`# note: ${n}`);
}

function snarkjsVersion(): string {
  try {
    const main = require.resolve('snarkjs');
    return (JSON.parse(readFileSync(join(main, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.7';
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exitCode = 1;
  });
}
