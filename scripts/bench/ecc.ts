/**
 * EC precompile benchmark (issue 11): the shape of one ecAdd (BN254), one ecMul (BN254) and one ecrecover
 * (secp256k1) in our circuits — rows of the call's region, committed columns of the circuit, committed
 * cells = rows × committed columns — and the keygen/prove/verify time of one call each at the smallest k
 * that fits it. ecPairing (0x08): rows of one call by pairingRows (BigFq's count, equal to the circuit's rows
 * block by block, see test/circuits/ecc/pairing) and the circuit's committed columns at k = 20; proven only on
 * request (--prove ecPairing: 2 pairs at k = 20; before the prover's polynomials moved to JS memory (cf87842) it ran
 * out of its 4 GiB wasm32 kernel heap after keygen, see RESULTS.md; it prints the proof's size, the heap's peak per
 * prover phase, and checks that a proof with one flipped bit is rejected). --pairing-memory
 * proves the pairing circuit's columns with no call at small k, each in a fresh process, and extrapolates the
 * prover's peak RSS to k = 20 (rough: V8's heap growth is not linear at small k).
 *
 * Usage: npm run bench:ecc -- [--quick] [--prove <names>] [--pairing-memory <ks>]
 *   --quick: prove only ecAdd (the k = 14 ecMul and ecrecover proves take minutes each);
 *   --prove: a comma-separated subset of ecAdd, ecMul, ecrecover, ecPairing to prove (default: the first three;
 *   "none" for shapes only);
 *   --pairing-memory: increasing k values (e.g. 13,14,15) to measure the pairing columns' prove at.
 *   Keys under an INSECURE dev SRS (devSrs). The ecrecover circuit's keccak table is the labelled test
 *   fixture (rows from @noble/hashes, unconstrained): the keccak permutation's own cost is bench:keccak's.
 *
 * Peer figures are not measured here. halo2-lib (axiom-crypto/halo2-lib): ECDSA verify sized by
 * halo2-ecc/configs/secp256k1/bench_ecdsa.config (k = 19 with 1 advice + 1 lookup-advice column, … k = 14 with
 * 36 + 6) and the BN254 pairing (Miller loop + final exponentiation of one pair, no input checks) by its
 * README's table (k = 20: 3 + 1 columns, 23.7 s on an M2 Max; k = 14: 211 + 27); (advice + lookup advice)·2^k
 * bounds the cells they use. PSE zkevm-circuits' ecc circuit (halo2-ecc) counts its advice cells per call in
 * zkevm-circuits/src/ecc_circuit/util.rs: ecAdd 6,851, ecMul 405,476, ecPairing 6,627,442 (one op of 4 pairs,
 * shorter inputs padded to 4); its sig circuit 456,786 per ECDSA signature (sig_circuit/utils.rs).
 */
import { execFileSync } from 'node:child_process';
import { Command } from 'commander';
import { bn254 } from '@noble/curves/bn254.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToBigInt } from '@ethereumjs/util';
import { CHAIN, EcAddCircuit, EcMulCircuit } from '../../circuits/ecc/index.js';
import { BigFq, EcPairingCircuit, G1_GENERATOR, G2_GENERATOR, PairingOps, pairingRows } from '../../circuits/ecc/pairing/index.js';
import { minK } from '../../circuits/gadgets/common.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../circuits/keccak/fixture.js';
import { ConstraintSystem, keygen, Protocol, Stopwatch, synthesize, verify, type Circuit } from '../../circuits/plonk/index.js';
import { proveAssignment } from '../../circuits/plonk/prover.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { SIG_CHAIN_WIDTH, SigCircuit, publicKeyBytes, type SigCall } from '../../circuits/sig/index.js';
import { initKernel, kernel } from '../../circuits/wasm/kernel.js';
import { workingSetBytes } from '../../circuits/plonk/host-vec.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

function line(name: string, ours: string, peer = '-', ratio = '-'): void {
  console.log(`${name.padEnd(62)} ${ours.padStart(12)} ${peer.padStart(10)} ${ratio.padStart(7)}`);
}

/** `regions`: the call's regions (ecrecover's lie side by side in two sets of columns). */
interface Case { name: string; circuit: Circuit<unknown>; regions: readonly string[] }

/**
 * Advice columns of the precompile, signature and keccak tables: filled on one row per call, and shared with the
 * EVM and other circuits in the batch circuit; peers' per-call cell counts leave their tables out, so the
 * comparisons below count only the other ("work") columns.
 */
const TABLE_COLUMN_PREFIXES = ['ecadd ', 'ecmul ', 'ecpairing ', 'sig table ', 'keccak fixture '];
const workColumns = (cs: ConstraintSystem) => cs.advice.filter((c) => !TABLE_COLUMN_PREFIXES.some((p) => c.name.startsWith(p))).length;

/** Rows the call's regions span, committed columns and the smallest k that fits, from a layout without witness. */
function shape(c: Case) {
  const probe = synthesize(c.circuit, 16, [], false);
  const mine = probe.regions.filter((r) => c.regions.includes(r.name));
  const rows = Math.max(...mine.map((r) => r.start + r.rows)) - Math.min(...mine.map((r) => r.start));
  const k = minK(rows);
  const p = new Protocol(probe.cs, k);
  const committed = probe.cs.advice.length + p.phase1.length + p.phase2.length;
  return { rows, k, committed, advice: probe.cs.advice.length, work: workColumns(probe.cs), lookups: probe.cs.lookups.length, degree: p.degree };
}

async function proveOne(c: Case, k: number) {
  await initKernel();
  const srs = devSrs(k);
  const sw = new Stopwatch();
  const pk = await sw.time('keygen', () => keygen(srs, c.circuit, k));
  const assignment = await sw.time('witness', () => synthesize(c.circuit, k, [], true));
  const phases = new Stopwatch();
  const proof = await sw.time('prove', () => proveAssignment(pk, srs, assignment, phases));
  const ok = await sw.time('verify', () => verify(pk.vk, [], proof));
  if (!ok.ok) throw new Error(`${c.name}: the honest proof does not verify`);
  // one flipped bit in the last commitment (SHPLONK's W') must make the verifier reject
  const mutated = proof.slice();
  mutated[proof.length - 1] ^= 1;
  if (verify(pk.vk, [], mutated).ok) throw new Error(`${c.name}: a proof with one flipped bit verifies`);
  return {
    keygen: sw.get('keygen'), witness: sw.get('witness'), prove: sw.get('prove'), verify: sw.get('verify'), proofBytes: proof.length,
    phases, heapBytes: kernel().heap.memoryBytes,
  };
}

/**
 * Prove time and peak RSS of the pairing circuit's columns (no call) at k, each k in a fresh process: a
 * process keeps the pages of its earlier runs, which would hide how memory grows with k.
 */
function pairingColumnsProve(k: number): { prove: number; peakRss: number } {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--pairing-memory-at', String(k)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const opt = new Command()
    .name('bench:ecc')
    .description('Rows, cells and prove time of one ecAdd, ecMul (BN254) and ecrecover (secp256k1) call.')
    .option('--quick', 'prove only ecAdd', false)
    .option('--prove <names>', 'comma-separated subset of ecAdd, ecMul, ecrecover, ecPairing to prove (default: the first three; "none": shapes only)')
    .option('--pairing-memory <ks>', 'comma-separated increasing k to prove the pairing circuit\'s columns at (no call), for the prover\'s peak RSS')
    .option('--pairing-memory-at <k>', 'internal: one such prove in this process, printed as JSON')
    .parse()
    .opts<{ quick: boolean; prove?: string; pairingMemory?: string; pairingMemoryAt?: string }>();
  if (opt.pairingMemoryAt) {
    const t = await proveOne({ name: 'ecPairing columns', circuit: new EcPairingCircuit([], 1) as Circuit<unknown>, regions: [] }, Number(opt.pairingMemoryAt));
    console.log(JSON.stringify({ prove: t.prove, peakRss: process.resourceUsage().maxRSS * 1024 }));
    return;
  }
  const toProve = new Set((opt.quick ? 'ecAdd' : opt.prove ?? 'ecAdd,ecMul,ecrecover').split(','));

  const G = bn254.G1.Point.BASE;
  const [a, b] = [G.multiply(12345n).toAffine(), G.multiply(67890n).toAffine()];
  const priv = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  const msg = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(msg, priv, { prehash: false, format: 'recovered' }), 'recovered');
  const Q = secp256k1.Point.fromBytes(secp256k1.getPublicKey(priv, false)).toAffine();
  const sigCall: SigCall = { msgHash: bytesToBigInt(msg), recId: BigInt(sig.recovery!), r: sig.r, s: sig.s, keccakId: 1 };
  const keccak = { configure: configureKeccakFixture, assign: (t: ReturnType<typeof configureKeccakFixture>, l: Parameters<typeof assignKeccakFixture>[1]) => assignKeccakFixture(t, l, [publicKeyBytes(Q.x, Q.y)]) };
  const cases: Case[] = [
    { name: 'ecAdd (BN254, 0x06)', circuit: new EcAddCircuit([{ x1: a.x, y1: a.y, x2: b.x, y2: b.y }]) as Circuit<unknown>, regions: ['ecAdd 0'] },
    { name: 'ecMul (BN254, 0x07, 64 4-bit windows)', circuit: new EcMulCircuit([{ x: a.x, y: a.y, s: (1n << 256n) - 12345n }]) as Circuit<unknown>, regions: ['ecMul 0'] },
    { name: 'ecrecover (secp256k1, fixed-base u1·G + windowed u2·R, 3 wide)', circuit: new SigCircuit([sigCall], keccak) as Circuit<unknown>, regions: ['sig 0', 'sig R 0', 'sig key 0'] },
  ];

  console.log(`${'name'.padEnd(62)} ${'ours'.padStart(12)} ${'peer'.padStart(10)} ${'ratio'.padStart(7)}`);
  const shapes = cases.map((c) => ({ c, s: shape(c) }));
  for (const { c, s } of shapes) {
    line(`${c.name}: rows`, `${s.rows}`);
    line(`  smallest k / committed columns (advice + logUp + perm.)`, `${s.k} / ${s.committed}`);
    line(`  committed cells (rows × committed columns)`, `${s.rows * s.committed}`);
    line(`  advice cells (rows × ${s.advice} advice columns)`, `${s.rows * s.advice}`);
    line(`  work cells (rows × ${s.work} advice columns outside the tables)`, `${s.rows * s.work}`);
  }
  line('one point double or add (EcChainChip block, one / three limb columns): rows', `${CHAIN.stride} / ${CHAIN.stride / SIG_CHAIN_WIDTH}`);
  const ecAddRows = shapes[0].s.rows;
  const naive = 2 * 256 * ecAddRows;
  line('ecMul rows vs 256 × (double + add) as ecAdd-style ops', `${shapes[1].s.rows}`, `${naive}`, (shapes[1].s.rows / naive).toFixed(3));
  // halo2-lib ECDSA verify: k = 19, 1 advice + 1 lookup advice (bench_ecdsa.config, first line); k = 14, 36 + 6
  const halo2lib19 = 2 * (1 << 19);
  const halo2lib14 = 42 * (1 << 14);
  const sigCells = shapes[2].s.rows * shapes[2].s.committed;
  const sigAdvice = shapes[2].s.rows * shapes[2].s.advice;
  line('ecrecover committed cells vs halo2-lib ECDSA (k=19, 1+1 cols)', `${sigCells}`, `${halo2lib19}`, (sigCells / halo2lib19).toFixed(2));
  line('ecrecover advice cells vs halo2-lib ECDSA (k=19, 1+1 cols)', `${sigAdvice}`, `${halo2lib19}`, (sigAdvice / halo2lib19).toFixed(2));
  line('ecrecover advice cells vs halo2-lib ECDSA (k=14, 36+6 cols)', `${sigAdvice}`, `${halo2lib14}`, (sigAdvice / halo2lib14).toFixed(2));
  // ecPairing: one call of 1, 2 and 4 pair slots (PSE's op has 4); halo2-lib's BN254 pairing (Miller loop +
  // final exponentiation only, no input checks) by its README table (k = 14: 211 + 27 columns; k = 20: 3 + 1)
  const [pair1, pair2, pair4] = [1, 2, 4].map((n) => pairingRows(n).nonNative);
  const pairingCs = new ConstraintSystem();
  new EcPairingCircuit([], 1).configure(pairingCs);
  const pairingK = minK(pair1);
  const pairingProtocol = new Protocol(pairingCs, pairingK);
  const pairingCommitted = pairingCs.advice.length + pairingProtocol.phase1.length + pairingProtocol.phase2.length;
  const pairingAdvice = pair1 * pairingCs.advice.length;
  const pairingWork = workColumns(pairingCs);
  const core = new BigFq(bn254.fields.Fp.ORDER);
  const pairing = new PairingOps(core);
  pairing.finalExponentiation(pairing.millerLoop([{ yP: G1_GENERATOR.y, negXP: core.p - G1_GENERATOR.x, q: pairing.g2(G2_GENERATOR), keep: 1n }]));
  const [halo2libPairing14, halo2libPairing20] = [238 * (1 << 14), 4 * (1 << 20)];
  line(`ecPairing (BN254, 0x08), one pair: rows (k = ${pairingK})`, `${pair1}`);
  line('  each extra pair: rows', `${pair2 - pair1}`);
  line(`  committed columns (advice + logUp + perm.) / degree`, `${pairingCommitted} / ${pairingProtocol.degree}`);
  line(`  committed cells (rows × committed columns)`, `${pair1 * pairingCommitted}`);
  line(`  advice cells (rows × ${pairingCs.advice.length} advice columns)`, `${pairingAdvice}`);
  line(`  work cells (rows × ${pairingWork} advice columns outside the table)`, `${pair1 * pairingWork}`);
  line('  Miller loop + final exponentiation only: rows', `${core.rows.nonNative}`);
  const vs = (name: string, ours: number, peer: number) => line(name, `${ours}`, `${peer}`, (ours / peer).toFixed(2));
  vs('ecPairing work cells vs halo2-lib pairing (k=14, 211+27 cols)', pair1 * pairingWork, halo2libPairing14);
  vs('ecPairing work cells vs halo2-lib pairing (k=20, 3+1 cols)', pair1 * pairingWork, halo2libPairing20);
  vs('Miller loop + final exp. work cells vs halo2-lib (k=20, 3+1)', core.rows.nonNative * pairingWork, halo2libPairing20);
  // PSE zkevm-circuits' ecc circuit: advice cells per call (ecc_circuit/util.rs, "actual" counts)
  // and its sig circuit: 456,786 advice cells per ECDSA signature (sig_circuit/utils.rs, the count behind CELLS_PER_SIG)
  const pse = [['ecAdd', 'ecc', 6_851, shapes[0].s], ['ecMul', 'ecc', 405_476, shapes[1].s], ['ecrecover', 'sig', 456_786, shapes[2].s]] as const;
  for (const [name, circuit, cells, s] of pse) vs(`${name} work cells vs PSE ${circuit} circuit (halo2-ecc)`, s.rows * s.work, cells);
  vs('ecPairing, 4 pairs: work cells vs PSE ecc circuit (4 pairs)', pair4 * pairingWork, 6_627_442);
  if (opt.pairingMemory) {
    const ks = opt.pairingMemory.split(',').map(Number);
    const rss: number[] = [];
    for (const k of ks) {
      log(`proving the pairing circuit's columns (no call) at k = ${k} in a child process …`);
      const m = pairingColumnsProve(k);
      rss.push(m.peakRss);
      line(`ecPairing columns, no call, k = ${k}: prove / peak RSS`, `${sec(m.prove)} / ${gib(m.peakRss)}`);
    }
    // RSS ≈ base + c·2^k: the last step's growth b − a is c·2^(k−1), so RSS(K) = b + (b − a)·2·(2^(K−k) − 1)
    const [a, b] = rss.slice(-2);
    const estimate = b + 2 * (b - a) * ((1 << (pairingK - ks[ks.length - 1])) - 1);
    line(`ecPairing prover peak RSS at k = ${pairingK}, extrapolated`, gib(estimate));
  }
  if (toProve.has('ecPairing')) {
    // e(aG, bH)·e(−abG, H) = 1 on one call of 2 slots: still k = 20, and output 1
    const H = bn254.G2.Point.BASE;
    const word = (w: bigint) => Array.from({ length: 32 }, (_, i) => Number((w >> BigInt(8 * (31 - i))) & 0xffn));
    const g1 = (P: typeof G) => { const t = P.toAffine(); return [t.x, t.y]; };
    const g2 = (Q: typeof H) => { const t = Q.toAffine(); return [t.x.c1, t.x.c0, t.y.c1, t.y.c0]; };
    const [s1, s2] = [12345n, 67890n];
    const input = Uint8Array.from([...g1(G.multiply(s1)), ...g2(H.multiply(s2)), ...g1(G.multiply(s1 * s2).negate()), ...g2(H)].flatMap(word));
    const k = minK(pair2);
    log(`proving ecPairing (2 pairs, product 1) at k = ${k} …`);
    const t = await proveOne({ name: 'ecPairing', circuit: new EcPairingCircuit([{ input }], 2) as Circuit<unknown>, regions: [] }, k);
    line(`ecPairing (BN254, 0x08), 2 pairs: keygen at k = ${k}`, sec(t.keygen));
    line(`  witness / prove / verify`, `${sec(t.witness)} / ${sec(t.prove)} / ${sec(t.verify)}`);
    line(`  proof bytes (verified; one flipped bit rejected)`, `${t.proofBytes}`);
    line(`  peak RSS of this process`, gib(process.resourceUsage().maxRSS * 1024));
    line(`  kernel wasm memory at the end (its high-water mark; working set ${gib(workingSetBytes())})`, gib(t.heapBytes));
    for (const [phase, ms] of t.phases.totals) line(`  prove: ${phase} (time / heap peak)`, `${sec(ms)} / ${gib(t.phases.heapPeaks.get(phase) ?? 0)}`);
  } else {
    line(`ecPairing (BN254, 0x08): prove at k = ${pairingK}`, 'skipped');
  }

  for (const { c, s } of shapes) {
    if (!toProve.has(c.name.split(' ')[0])) {
      line(`${c.name}: prove at k = ${s.k}`, 'skipped');
      continue;
    }
    log(`proving ${c.name} at k = ${s.k} …`);
    const t = await proveOne(c, s.k);
    line(`${c.name}: keygen at k = ${s.k}`, sec(t.keygen));
    line(`  witness / prove / verify`, `${sec(t.witness)} / ${sec(t.prove)} / ${sec(t.verify)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
