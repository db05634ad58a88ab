/**
 * Keccak circuit benchmark (issue 7): the shape of one Keccak-f[1600] permutation in our keccak256
 * circuit (rows, columns, cells, lookups), how many permutations fit at k = 16 and 18, and the
 * prove time per permutation, next to PSE's packed-multi keccak circuit (zkevm-circuits): 25 rounds
 * (24 + absorb/squeeze) × rows_per_round, i.e. ≈ 700 rows per permutation at 28 rows per round.
 * PSE's column count at that setting is not measured here, so only rows are compared with a ratio.
 *
 * Usage: npm run bench:keccak -- [--quick] [--k <k>] [--perms <n>]
 *   --quick: prove 2 permutations at k = 12 (the smallest k the normalize table fits);
 *   default: as many permutations as fit at k = 14. Keys under an INSECURE dev SRS (devSrs).
 *
 * Cells count what the prover commits per row: advice columns, one logUp helper column per lookup
 * and the multiplicity column of the one shared table. Fixed columns (tags, weights, selectors) are
 * in the verifying key and listed apart.
 */
import { Command, InvalidArgumentError } from 'commander';
import { KeccakCircuit, ROWS_PER_BLOCK } from '../../circuits/keccak/index.js';
import { NormalizeTable } from '../../circuits/keccak/normalize-table.js';
import { keygen, Stopwatch, synthesize, verify } from '../../circuits/plonk/index.js';
import { proveAssignment } from '../../circuits/plonk/prover.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { initKernel } from '../../circuits/wasm/kernel.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const PSE_ROWS_PER_PERMUTATION = 25 * 28;

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${v}"`);
  return n;
}

function line(name: string, ours: string, peer = '-', ratio = '-'): void {
  console.log(`${name.padEnd(58)} ${ours.padStart(12)} ${peer.padStart(10)} ${ratio.padStart(7)}`);
}

/** Shape of one permutation, read from a one-block layout. */
function shape() {
  const a = synthesize(KeccakCircuit.of([new Uint8Array(0)]), 12, [], false);
  const cs = a.cs;
  const tags = cs.fixed.filter((c) => c.name.startsWith('keccak tag '));
  let lookups = 0;
  for (const t of tags) for (let r = 0; r < ROWS_PER_BLOCK; r++) if (a.fixed[t.index][r] !== 0n) lookups++;
  const helpers = cs.lookups.length;
  const multiplicities = cs.lookupTables().length;
  const committed = cs.advice.length + helpers + multiplicities;
  return { advice: cs.advice.length, helpers, multiplicities, committed, fixed: cs.fixed.length, lookups, equality: cs.equality.length, degree: cs.maxGateDegree() };
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench:keccak')
    .description('Shape and prove time of one Keccak-f permutation in our keccak256 circuit, vs PSE packed-multi rows per permutation.')
    .option('--quick', 'prove 2 permutations at k = 12', false)
    .option('--k <k>', 'domain size log2 for the prove timing (default 14; --quick: 12)', int)
    .option('--perms <n>', 'permutations to prove (default: as many as fit)', int)
    .parse();
  const opt = program.opts<{ quick: boolean; k?: number; perms?: number }>();
  const k = opt.k ?? (opt.quick ? 12 : 14);
  const fit = (kk: number) => Math.floor(((1 << kk) - 1) / ROWS_PER_BLOCK);
  const perms = opt.perms ?? (opt.quick ? 2 : fit(k));
  if (perms > fit(k)) throw new InvalidArgumentError(`${perms} permutations need ${perms * ROWS_PER_BLOCK} rows; k = ${k} has ${(1 << k) - 1}`);

  const s = shape();
  console.log(`${'name'.padEnd(58)} ${'ours'.padStart(12)} ${'peer'.padStart(10)} ${'ratio'.padStart(7)}`);
  line('rows per permutation (vs PSE packed-multi, 28 rows/round)', `${ROWS_PER_BLOCK}`, `${PSE_ROWS_PER_PERMUTATION}`, (ROWS_PER_BLOCK / PSE_ROWS_PER_PERMUTATION).toFixed(2));
  line('committed columns (advice + lookup helpers + multiplicity)', `${s.committed}`);
  line('  advice / lookup helpers / multiplicity', `${s.advice}/${s.helpers}/${s.multiplicities}`);
  line('fixed columns (tags, weights, selectors, table, constants)', `${s.fixed}`);
  line('committed cells per permutation', `${s.committed * ROWS_PER_BLOCK}`);
  line('lookups per permutation (slot uses)', `${s.lookups}`);
  line('normalize table rows (one table, tagged)', `${NormalizeTable.rows().length + 1}`);
  line('max gate degree', `${s.degree}`);
  for (const kk of [16, 18]) line(`max permutations at k = ${kk}`, `${fit(kk)}`, `${Math.floor(((1 << kk) - 1) / PSE_ROWS_PER_PERMUTATION)}`, (fit(kk) / Math.floor(((1 << kk) - 1) / PSE_ROWS_PER_PERMUTATION)).toFixed(2));

  await initKernel();
  log(`proving ${perms} permutation(s) at k = ${k} …`);
  const circuit = KeccakCircuit.of([], perms);
  const srs = devSrs(k);
  const sw = new Stopwatch();
  const pk = await sw.time('keygen', () => keygen(srs, circuit, k));
  const assignment = await sw.time('witness', () => synthesize(circuit, k, [], true));
  const proof = await sw.time('prove', () => proveAssignment(pk, srs, assignment));
  const ok = await sw.time('verify', () => verify(pk.vk, [], proof));
  if (!ok.ok) throw new Error(`the keccak proof did not verify: ${JSON.stringify(ok)}`);
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  line(`keygen at k = ${k}`, sec(sw.get('keygen')));
  line(`witness (${perms} permutations)`, sec(sw.get('witness')));
  line(`prove at k = ${k} (${perms} permutations)`, sec(sw.get('prove')));
  line('prove time per permutation', sec(sw.get('prove') / perms));
  line('verify', sec(sw.get('verify')));
  line('proof size (bytes)', `${proof.length}`);
}

main().catch((e) => {
  log(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
