/**
 * Keccak circuit benchmark (issue 7): the shape of one Keccak-f[1600] permutation in our keccak256
 * circuit (rows, committed columns and cells, lookups) for several steps-per-row settings, next to
 * PSE's packed-multi keccak circuit (zkevm-circuits keccak_packed_multi), then the prove time.
 *
 * Usage: npm run bench:keccak -- [--units <n>] [--k <k>] [--perms <n>] [--quick]
 *   --units: steps per row of the proved circuit (default 4); --k: domain (default 12, the smallest
 *   the normalize table fits); --perms: permutations to prove (default: as many as fit; --quick: 2).
 *   Keys under an INSECURE dev SRS (devSrs).
 *
 * Committed columns are everything the prover commits per row: advice, and the argument columns our
 * protocol adds (logUp: one helper h per lookup, m and φ per table; one permutation z per equality
 * column, since degree 3 gives chunks of one column). Fixed columns are in the verifying key.
 *
 * PSE's figures are not measured by running PSE's Rust code: `pseShape` replays the cell placement
 * of its `KeccakCircuitConfig::new` (CMFixedHeightStrategy: each cell goes to the least-filled of the
 * rows_per_round rows, `start_region` aligns all rows to a new column; lookups without selectors, one
 * per column of looked-up cells) for a given KECCAK_ROWS and KECCAK_DEGREE (part sizes), read from
 * zkevm-circuits at its last commit. Its committed columns are given two ways: in halo2 as PSE runs
 * it (advice + 3 per lookup: permuted input, permuted table, product), and ported to our logUp
 * accounting (advice + 1 per lookup + 2 per table); both include the keccak table's 5 advice columns.
 * PSE uses rotations, not copies, so it has no permutation columns.
 */
import { Command, InvalidArgumentError } from 'commander';
import { KeccakCircuit, keccakLayout } from '../../circuits/keccak/index.js';
import { NormalizeTable } from '../../circuits/keccak/normalize-table.js';
import { Protocol, synthesize } from '../../circuits/plonk/index.js';
import { timeProof } from './prove-time.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const UNIT_SETTINGS = [1, 2, 3, 4, 8];

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${v}"`);
  return n;
}

function line(name: string, ours: string, peer = '-', ratio = '-'): void {
  console.log(`${name.padEnd(66)} ${ours.padStart(12)} ${peer.padStart(10)} ${ratio.padStart(7)}`);
}

interface Shape { rows: number; advice: number; args: number; committed: number; cells: number; lookups: number; fixed: number; degree: number }

/** Shape of one permutation with `units` steps per row, read from a one-block layout at k = 12. */
function ourShape(units: number): Shape {
  const a = synthesize(KeccakCircuit.of([new Uint8Array(0)], undefined, units), 12, [], false);
  const cs = a.cs;
  const rows = keccakLayout(units).rows;
  let lookups = 0;
  for (const t of cs.fixed.filter((c) => / tag \d+$/.test(c.name))) for (let r = 0; r < rows; r++) if (a.fixed[t.index][r] !== 0n) lookups++;
  lookups += 136; // the byte section's lookups (selector-tagged)
  const p = new Protocol(cs, 12);
  const args = p.phase1.length + p.phase2.length;
  const committed = cs.advice.length + args;
  return { rows, advice: cs.advice.length, args, committed, cells: committed * rows, lookups, fixed: cs.fixed.length, degree: p.degree };
}

/**
 * PSE packed-multi: advice columns and lookup arguments of one round's region, replayed from its
 * configure() for `rowsPerRound` (KECCAK_ROWS) and part sizes fitting 2^`degree` rows (KECCAK_DEGREE).
 */
function pseShape(rowsPerRound: number, degree: number): { rows: number; advice: number; lookups: number } {
  const R = rowsPerRound;
  const unusable = [53, 67, 63, 59, 45, 79, 77, 75, 73, 71, 69, 67, 65, 63, 61, 59, 57, 71, 89, 107, 107, 107, 107, 107][R - 9];
  const bits = (range: number) => { let n = 1; while (range ** (n + 1) + unusable <= 2 ** degree) n++; return n; };
  const rho = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]];
  const width = new Array<number>(R).fill(0);
  let lookups = 0;
  const startRegion = () => { const w = Math.max(...width); width.fill(w); return w; };
  const query = () => { const r = width.indexOf(Math.min(...width)); width[r]++; return r; };
  const queryAt = (r: number) => { width[r]++; return r; };
  const sizesOf = (p: number, n: number) => [...new Array<number>(Math.floor(n / p)).fill(p), ...(n % p ? [n % p] : [])];
  const sizes = (p: number) => sizesOf(p, 64);
  // a word's parts (bit lists) as PSE's WordParts: target sizes, cut again where bit 0 lands after rotating by `rot`
  const wordParts = (p: number, rot: number, uniform: boolean): number[][] => {
    const bitOrder = Array.from({ length: 64 }, (_, i) => (i - rot + 64) % 64);
    const targets = uniform ? sizes(p) : [...sizesOf(p, rot), ...sizesOf(p, 64 - rot)];
    const parts: number[][] = [];
    let idx = 0;
    let rotIdx = 0;
    for (const size of targets) {
      for (let n = 0; n < size;) {
        const part: number[] = [];
        while (n < size && !(part.length > 0 && bitOrder[idx] === 0)) {
          if (bitOrder[idx] === 0) rotIdx = parts.length;
          part.push(bitOrder[idx++]);
          n++;
        }
        parts.push(part);
      }
    }
    return [...parts.slice(rotIdx), ...parts.slice(0, rotIdx)];
  };
  const split = (rot: number, p: number) => wordParts(p, rot, false).map(query);
  const transform = (cells: number[]) => { for (const r of cells) { queryAt(r); if (r === 0) lookups++; } };
  for (let i = 0; i < 25 + 3; i++) query(); // state, absorb from/data/result
  startRegion(); const fat = split(0, bits(3)); startRegion(); transform(fat);
  startRegion(); const packed = split(0, 8); startRegion(); transform(packed);
  startRegion(); for (let i = 0; i < packed.length; i++) query(); // is_padding
  startRegion(); const cParts = [0, 1, 2, 3, 4].map(() => split(1, bits(6))); startRegion(); cParts.forEach(transform);
  startRegion();
  const p = bits(5);
  const partsPerWord = sizes(p).length;
  let columns = 0;
  for (let phase = 0; phase < 3; phase++) {
    startRegion();
    let row = 0;
    columns = 0;
    for (let j = 0; j < 5; j++) {
      for (let w = 0; w < partsPerWord; w++) {
        for (let i = 0; i < 5; i++) { queryAt(row); if (phase === 1 && row === 0) lookups++; }
        if (row === 0) columns++;
        row = (row + 1) % R;
      }
    }
  }
  const piStart = startRegion();
  // rho/pi (split_uniform): a part straddling the rotation point is two extra cells, range-checked per column
  for (const r of rho.flat()) {
    const parts = wordParts(p, r, true);
    const shift = Math.ceil(r / p);
    const rotated = [...parts.slice(parts.length - shift), ...parts.slice(0, parts.length - shift)];
    const targets = sizes(p);
    for (let i = 0, t = 0; i < rotated.length; i++, t++) if (rotated[i].length !== targets[t]) { i++; query(); query(); }
  }
  lookups += startRegion() - piStart + 5 * columns; // pi range checks, chi lookups
  startRegion(); const iota = split(0, bits(3)); startRegion(); transform(iota);
  startRegion(); query();
  startRegion(); const sq = split(0, 8); startRegion(); transform(sq);
  return { rows: 25 * R, advice: Math.max(...width) + 5, lookups };
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench:keccak')
    .description('Shape and prove time of one Keccak-f permutation in our keccak256 circuit, vs PSE packed-multi.')
    .option('--units <n>', 'steps per row of the proved circuit (default 4)', int)
    .option('--k <k>', 'domain size log2 for the prove timing (default 12)', int)
    .option('--perms <n>', 'permutations to prove (default: as many as fit)', int)
    .option('--quick', 'prove 2 permutations', false)
    .parse();
  const opt = program.opts<{ units?: number; k?: number; perms?: number; quick: boolean }>();
  const units = opt.units ?? 4;
  const k = opt.k ?? 12;
  const rowsPer = keccakLayout(units).rows;
  const fit = Math.floor(((1 << k) - 1) / rowsPer);
  const perms = opt.perms ?? (opt.quick ? 2 : fit);
  if (perms > fit) throw new InvalidArgumentError(`${perms} permutations need ${perms * rowsPer} rows; k = ${k} has ${(1 << k) - 1}`);

  console.log(`${'name'.padEnd(66)} ${'ours'.padStart(12)} ${'peer'.padStart(10)} ${'ratio'.padStart(7)}`);
  const shapes = new Map(UNIT_SETTINGS.map((u) => [u, ourShape(u)]));
  for (const [u, s] of shapes) {
    line(`ours, ${u} step${u > 1 ? 's' : ''}/row: rows per permutation`, `${s.rows}`);
    line(`  committed columns (advice + logUp h/m/φ + permutation z)`, `${s.committed} (${s.advice}+${s.args})`);
    line(`  committed cells per permutation`, `${s.cells}`);
    line(`  fixed columns`, `${s.fixed}`);
  }
  const s1 = shapes.get(1)!;
  line('lookups per permutation (slot uses; any units)', `${s1.lookups}`);
  line('normalize table rows (one table, tagged)', `${NormalizeTable.rows().length + 1}`);
  line('max gate degree (quotient degree of the protocol)', `${s1.degree}`);

  const pse = (R: number, deg: number) => {
    const p = pseShape(R, deg);
    return { ...p, halo2: (p.advice + 3 * p.lookups) * p.rows, logup: (p.advice + p.lookups + 2 * 5) * p.rows };
  };
  for (const [R, deg] of [[28, 12], [12, 12], [28, 18], [12, 18]]) {
    const p = pse(R, deg);
    line(`PSE, ${R} rows/round, KECCAK_DEGREE ${deg}: rows per permutation`, '-', `${p.rows}`);
    line(`  advice columns / lookup arguments`, '-', `${p.advice}/${p.lookups}`);
    line(`  committed cells per permutation, halo2 (adv + 3·lookups)`, '-', `${p.halo2}`);
    line(`  committed cells per permutation, logUp port (adv + lookups + 10)`, '-', `${p.logup}`);
  }
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const p28 = pse(28, 12);
  const p12 = pse(12, 12);
  for (const u of [2, 4, 8]) {
    const s = shapes.get(u)!;
    line(`${u} steps/row vs PSE 28 rows/round: rows per permutation`, `${s.rows}`, `${p28.rows}`, ratio(s.rows, p28.rows));
    line(`${u} steps/row vs PSE 28 rows/round: cells (PSE in halo2)`, `${s.cells}`, `${p28.halo2}`, ratio(s.cells, p28.halo2));
    line(`${u} steps/row vs PSE 28 rows/round: cells (PSE ported to logUp)`, `${s.cells}`, `${p28.logup}`, ratio(s.cells, p28.logup));
  }
  const s4 = shapes.get(4)!;
  line('4 steps/row vs PSE 12 rows/round: rows per permutation', `${s4.rows}`, `${p12.rows}`, ratio(s4.rows, p12.rows));
  line('4 steps/row vs PSE 12 rows/round: cells (PSE in halo2)', `${s4.cells}`, `${p12.halo2}`, ratio(s4.cells, p12.halo2));
  line('4 steps/row vs PSE 12 rows/round: cells (PSE ported to logUp)', `${s4.cells}`, `${p12.logup}`, ratio(s4.cells, p12.logup));
  for (const kk of [16, 18]) {
    const ours = Math.floor(((1 << kk) - 1) / s4.rows);
    const peer = Math.floor(((1 << kk) - 1) / p28.rows);
    line(`max permutations at k = ${kk} (4 steps/row vs PSE 28 rows/round)`, `${ours}`, `${peer}`, ratio(ours, peer));
  }

  log(`proving ${perms} permutation(s) at k = ${k}, ${units} steps per row …`);
  const t = await timeProof(KeccakCircuit.of([], perms, units), k, 'keccak');
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  line(`keygen at k = ${k} (${units} steps/row)`, sec(t.keygen));
  line(`witness (${perms} permutations)`, sec(t.witness));
  line(`prove at k = ${k} (${perms} permutations)`, sec(t.prove));
  line('prove time per permutation', sec(t.prove / perms));
  line('verify', sec(t.verify));
  line('proof size (bytes)', `${t.proofBytes}`);
}

main().catch((e) => {
  log(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
