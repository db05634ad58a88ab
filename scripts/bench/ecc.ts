/**
 * EC precompile benchmark (issue 11): the shape of one ecAdd (BN254), one ecMul (BN254) and one ecrecover
 * (secp256k1) in our circuits — rows of the call's region, committed columns of the circuit, committed
 * cells = rows × committed columns — and the keygen/prove/verify time of one call each at the smallest k
 * that fits it. ecPairing (0x08): rows of one call by pairingRows (BigFq's count, equal to the circuit's rows
 * block by block, see test/circuits/ecc/pairing); not proven here (one pair needs k = 20).
 *
 * Usage: npm run bench:ecc -- [--quick] [--prove <names>]
 *   --quick: prove only ecAdd (the k = 14 ecMul and ecrecover proves take minutes each);
 *   --prove: a comma-separated subset of ecAdd, ecMul, ecrecover to prove (default: all).
 *   Keys under an INSECURE dev SRS (devSrs). The ecrecover circuit's keccak table is the labelled test
 *   fixture (rows from @noble/hashes, unconstrained): the keccak permutation's own cost is bench:keccak's.
 *
 * Peer figures are not measured here: halo2-lib's ECDSA verify (secp256k1, 88-bit limbs) is sized by its
 * published bench configs (halo2-ecc/configs/secp256k1/bench_ecdsa.config: k = 19 with 1 advice + 1
 * lookup-advice column, … k = 14 with 36 + 6), i.e. about (advice + lookup advice)·2^k cells; the
 * configs fill their columns, so that is an upper bound on its cells, within one power of two.
 */
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
import { SigCircuit, publicKeyBytes, type SigCall } from '../../circuits/sig/index.js';
import { initKernel } from '../../circuits/wasm/kernel.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function line(name: string, ours: string, peer = '-', ratio = '-'): void {
  console.log(`${name.padEnd(62)} ${ours.padStart(12)} ${peer.padStart(10)} ${ratio.padStart(7)}`);
}

interface Case { name: string; circuit: Circuit<unknown>; region: string }

/** Rows of the call's region, committed columns and the smallest k that fits, from a layout without witness. */
function shape(c: Case) {
  const probe = synthesize(c.circuit, 16, [], false);
  const rows = probe.regions.find((r) => r.name === c.region)!.rows;
  const k = minK(rows);
  const p = new Protocol(probe.cs, k);
  const committed = probe.cs.advice.length + p.phase1.length + p.phase2.length;
  return { rows, k, committed, advice: probe.cs.advice.length, lookups: probe.cs.lookups.length, degree: p.degree };
}

async function proveOne(c: Case, k: number) {
  await initKernel();
  const srs = devSrs(k);
  const sw = new Stopwatch();
  const pk = await sw.time('keygen', () => keygen(srs, c.circuit, k));
  const assignment = await sw.time('witness', () => synthesize(c.circuit, k, [], true));
  const proof = await sw.time('prove', () => proveAssignment(pk, srs, assignment));
  const ok = await sw.time('verify', () => verify(pk.vk, [], proof));
  if (!ok.ok) throw new Error(`${c.name}: the honest proof does not verify`);
  return { keygen: sw.get('keygen'), witness: sw.get('witness'), prove: sw.get('prove'), verify: sw.get('verify') };
}

async function main(): Promise<void> {
  const opt = new Command()
    .name('bench:ecc')
    .description('Rows, cells and prove time of one ecAdd, ecMul (BN254) and ecrecover (secp256k1) call.')
    .option('--quick', 'prove only ecAdd', false)
    .option('--prove <names>', 'comma-separated subset of ecAdd, ecMul, ecrecover to prove')
    .parse()
    .opts<{ quick: boolean; prove?: string }>();
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
    { name: 'ecAdd (BN254, 0x06)', circuit: new EcAddCircuit([{ x1: a.x, y1: a.y, x2: b.x, y2: b.y }]) as Circuit<unknown>, region: 'ecAdd 0' },
    { name: 'ecMul (BN254, 0x07, 64 4-bit windows)', circuit: new EcMulCircuit([{ x: a.x, y: a.y, s: (1n << 256n) - 12345n }]) as Circuit<unknown>, region: 'ecMul 0' },
    { name: 'ecrecover (secp256k1, fixed-base u1·G + windowed u2·R)', circuit: new SigCircuit([sigCall], keccak) as Circuit<unknown>, region: 'sig 0' },
  ];

  console.log(`${'name'.padEnd(62)} ${'ours'.padStart(12)} ${'peer'.padStart(10)} ${'ratio'.padStart(7)}`);
  const shapes = cases.map((c) => ({ c, s: shape(c) }));
  for (const { c, s } of shapes) {
    line(`${c.name}: rows`, `${s.rows}`);
    line(`  smallest k / committed columns (advice + logUp + perm.)`, `${s.k} / ${s.committed}`);
    line(`  committed cells (rows × committed columns)`, `${s.rows * s.committed}`);
    line(`  advice cells (rows × ${s.advice} advice columns)`, `${s.rows * s.advice}`);
  }
  line('one point double or add (EcChainChip block): rows', `${CHAIN.stride}`);
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
  // ecPairing: one call of 1 and 2 pair slots; halo2-lib's BN254 pairing (Miller loop + final exponentiation
  // only, no input checks) by its bench config (halo2-ecc/configs/bn254/bench_pairing.config: k = 14 with
  // 211 advice + 27 lookup-advice columns, … k = 22 with 1 + 1)
  const [pair1, pair2] = [1, 2].map((n) => pairingRows(n).nonNative);
  const pairingCs = new ConstraintSystem();
  new EcPairingCircuit([], 1).configure(pairingCs);
  const pairingAdvice = pair1 * pairingCs.advice.length;
  const core = new BigFq(bn254.fields.Fp.ORDER);
  const pairing = new PairingOps(core);
  pairing.finalExponentiation(pairing.millerLoop([{ yP: G1_GENERATOR.y, negXP: core.p - G1_GENERATOR.x, q: pairing.g2(G2_GENERATOR), keep: 1n }]));
  const coreAdvice = core.rows.nonNative * pairingCs.advice.length;
  const halo2libPairing14 = 238 * (1 << 14);
  line('ecPairing (BN254, 0x08), one pair: rows (k = 20, not proven here)', `${pair1}`);
  line('  each extra pair: rows', `${pair2 - pair1}`);
  line(`  advice cells (rows × ${pairingCs.advice.length} advice columns)`, `${pairingAdvice}`);
  line('  Miller loop + final exponentiation only: rows', `${core.rows.nonNative}`);
  line('ecPairing advice cells vs halo2-lib pairing (k=14, 211+27 cols)', `${pairingAdvice}`, `${halo2libPairing14}`, (pairingAdvice / halo2libPairing14).toFixed(2));
  line('Miller loop + final exp. advice cells vs halo2-lib pairing', `${coreAdvice}`, `${halo2libPairing14}`, (coreAdvice / halo2libPairing14).toFixed(2));

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
