/**
 * Precompile circuit benchmark (issue 14): the shape of SHA-256 (0x02) per 64-byte block and of MODEXP (0x05) per
 * call — rows of the chip's regions, committed columns of the standalone circuit, cells = rows × committed columns —
 * and the keygen/prove/verify time of one small case each at the smallest k that fits it (tables included).
 *
 * MODEXP's cost is in the word arithmetic table it looks up (evm/arith-table.ts): one MULMOD slot per chain step and
 * one DIV/MOD slot per square, next to one chain row per step; steps = bitlen(exp) + popcount(exp) − 1.
 *
 * Peer figures are not measured here. PSE zkevm-circuits' SHA-256 circuit (a fork of halo2_gadgets' table16)
 * states 2,114 rows per 512-bit block in zkevm-circuits/src/sha256_circuit/README.md, beside a 2^16-row spread table.
 *
 * Usage: npm run bench:precompiles -- [--prove <names>]   (sha256, modexp, or "none"; default both; INSECURE dev SRS)
 */
import { Command } from 'commander';
import { minK } from '../../circuits/gadgets/common.js';
import { ModexpCircuit, modexpWitness, type ModexpCall } from '../../circuits/modexp/index.js';
import { Protocol, synthesize, type Assignment, type Circuit } from '../../circuits/plonk/index.js';
import { BLOCK_ROWS, Sha256Circuit } from '../../circuits/sha256/index.js';
import { timeProof } from './prove-time.js';

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function line(name: string, ours: string, peer = '-', ratio = '-'): void {
  console.log(`${name.padEnd(66)} ${ours.padStart(12)} ${peer.padStart(10)} ${ratio.padStart(7)}`);
}

/** Committed columns (advice + logUp helpers + permutation) and the rows of every region, from a layout without witness. */
function shape(circuit: Circuit<unknown>) {
  const a: Assignment = synthesize(circuit, 18, [], false);
  const p = new Protocol(a.cs, 18);
  const rows = (name: string) => a.regions.filter((r) => r.name === name).reduce((n, r) => n + r.rows, 0);
  const used = Math.max(...a.regions.map((r) => r.start + r.rows));
  return { rows, used, committed: a.cs.advice.length + p.phase1.length + p.phase2.length, advice: a.cs.advice.length, degree: p.degree };
}

async function main(): Promise<void> {
  const opt = new Command()
    .name('bench:precompiles')
    .description('Rows, cells and prove time of the SHA-256 (0x02) and MODEXP (0x05) circuits.')
    .option('--prove <names>', 'comma-separated subset of sha256, modexp to prove ("none": shapes only)', 'sha256,modexp')
    .parse()
    .opts<{ prove: string }>();
  const toProve = new Set(opt.prove.split(','));
  console.log(`${'name'.padEnd(66)} ${'ours'.padStart(12)} ${'peer'.padStart(10)} ${'ratio'.padStart(7)}`);

  const abc = Sha256Circuit.of([new TextEncoder().encode('abc')]) as Circuit<unknown>;
  const sha = shape(abc);
  // rows only: table16 is narrow and tall, this circuit wide and short (no ratio: the cells are what compare)
  line('SHA-256: rows per 64-byte block (peer: PSE table16 fork)', `${BLOCK_ROWS}`, '2114');
  line(`  committed columns (advice + logUp + perm.; gate degree ${sha.degree})`, `${sha.committed}`);
  line('  committed cells per block (rows × committed columns)', `${BLOCK_ROWS * sha.committed}`);
  const kib = Sha256Circuit.of([new Uint8Array(1024)]);
  line('  a 1 KiB input: blocks / rows / smallest k', `${kib.blocks.length} / ${kib.rows} / ${minK(kib.rows)}`);

  const calls: Array<[string, ModexpCall]> = [
    ['3^5 mod 7', { base: 3n, exp: 5n, mod: 7n }],
    ['exp 0x10001 (RSA), 256-bit base and modulus', { base: (1n << 255n) + 12345n, exp: 0x10001n, mod: (1n << 256n) - 189n }],
    ['exp 2^256 − 2^32 − 978 (EIP-198\'s Fermat example)', { base: 3n, exp: (1n << 256n) - (1n << 32n) - 978n, mod: (1n << 256n) - (1n << 32n) - 977n }],
  ];
  for (const [name, call] of calls) {
    const w = modexpWitness(call);
    const c = ModexpCircuit.of([call]) as Circuit<unknown>;
    const s = shape(c);
    const squares = w.steps.filter((x) => !x.multiply).length;
    line(`MODEXP ${name}: steps (squares)`, `${w.steps.length} (${squares})`);
    line('  rows: chain + arithmetic table (MULMOD 48, DIV/MOD 16 per slot)', `${s.rows('modexp chain') + s.rows('modexp arith')}`);
    line(`  smallest k (gas tables 1,281 rows alongside) / committed columns`, `${minK(s.used)} / ${s.committed}`);
  }

  const cases: Array<[string, Circuit<unknown>, number]> = [];
  if (toProve.has('sha256')) cases.push(['SHA-256 "abc" (1 block)', abc, minK(Math.max(sha.used, 256))]);
  if (toProve.has('modexp')) {
    const c = ModexpCircuit.of([calls[0][1]]) as Circuit<unknown>;
    cases.push(['MODEXP 3^5 mod 7 (4 steps)', c, minK(shape(c).used)]);
  }
  for (const [name, circuit, k] of cases) {
    const t = await timeProof(circuit, k, name);
    line(`${name}, k = ${k}: keygen / prove / verify`, `${sec(t.keygen)} / ${sec(t.prove)} / ${sec(t.verify)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
