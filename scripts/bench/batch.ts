/**
 * bench:batch — the batch circuit (circuits/super, ecrecover included: a real batch proof's shape) for blocks of
 * ETH transfers executed by an in-process node (issue #10; scripts/bench/chain.ts).
 *
 * Prints per batch size: the smallest k the batch fits and what bounds it (where the layout at k − 1 runs out of
 * rows, for each keccak unit count tried), the columns, lookups, argument columns and degree, the rows each
 * sub-circuit's regions reach (the tx circuit's RLP machine always spans every usable row: its used rows are
 * printed beside), committed cells, and the witness and layout times. The state roots are bound (the SMT binding):
 * its witness comes from the node's own state trees before the block (node/state StateTreeWitness, as the node's
 * prover reads them). Fitting lays the circuit out without its cells (scripts/bench/shape-layout.ts: the same
 * regions and row checks), so 50 transfers (k = 20) fit in memory. With --prove: keygen, prove and verify times and
 * the process's peak RSS (proving is opt-in: minutes at k = 14, far more above).
 *
 *   npm run bench:batch [-- --txs 1,10,50] [--prove]      (default: 1, 10 and 50 transfers, no proving)
 */
import { resourceUsage } from 'node:process';
import { Command, InvalidArgumentError } from 'commander';
import { AssignmentError, keygen, Protocol, prove, Stopwatch, verify, type Assignment } from '../../circuits/plonk/index.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { SuperCircuit } from '../../circuits/super/index.js';
import { initKernel, kernel } from '../../circuits/wasm/kernel.js';
import { Fr } from '../../circuits/field/index.js';
import { workingSetBytes } from '../../circuits/plonk/host-vec.js';
import { exactBindingCapacity, type SmtBindingWitness } from '../../circuits/smt/binding-circuit.js';
import { batchWitness, BatchCapacityError, type BatchCapacity, type BatchParams } from '../../circuits/witness/batch.js';
import type { BlockTrace } from '../../circuits/witness/trace.js';
import { devGenesis } from '../../node/execution/genesis.js';
import { batchParams, chainCircuitArgs } from '../../node/prover/batch-circuit.js';
import { transferBlock } from './chain.js';
import { shapeLayout } from './shape-layout.js';

const KECCAK_UNITS = [1, 2, 4, 8];

/** Why a layout does not fit: the column and row it runs out at, or the budget it exceeds. */
const shortfall = (e: AssignmentError | BatchCapacityError): string => {
  if (e instanceof BatchCapacityError) return `${e.part} budget (${e.needed} > ${e.capacity})`;
  const at = /row (\d+) of \w+\[\d+\] "([^"]+)"/.exec(e.message);
  return at === null ? e.message : `"${at[2]}" needs row ${at[1]}`;
};

interface Fitted {
  capacity: BatchCapacity;
  circuit: SuperCircuit;
  layout: Assignment;
  /** Why k − 1 did not fit, per keccak unit count. */
  bound: string[];
  witnessS: number;
  layoutS: number;
}

/**
 * The smallest capacity the block fits: the smallest k from 12 up (the keccak normalize table alone needs 2^12
 * rows), and at that k the fewest keccak units (each unit adds columns; fewer units take more rows per permutation).
 * Each try is a witness and a rows-only layout; a try that runs out of rows outside keccak ends that k's tries.
 */
function fittedCapacity(block: BlockTrace, state: SmtBindingWitness, params: BatchParams): Fitted {
  const txs = block.txs.length;
  // budgets from a first witness at a generous capacity, then exact (+ the padding rows each needs)
  const smt = exactBindingCapacity(state);
  const probe = batchWitness([block], { k: 20, txs, evm: { steps: 1 << 16, bitwiseOps: 0 }, rw: 1 << 16, bytecode: 1 << 12, keccakPerms: 1 << 12, keccakUnits: 4, smt }, params, undefined, state).usage;
  let failures: string[] = [];
  for (let k = 12; k <= 20; k++) {
    const failed: string[] = [];
    for (const keccakUnits of KECCAK_UNITS) {
      const capacity: BatchCapacity = { k, txs, evm: { steps: probe.steps, bitwiseOps: 0 }, rw: probe.rw, bytecode: probe.bytecode, keccakPerms: probe.keccakPerms, keccakUnits, smt };
      try {
        let t = performance.now();
        const circuit = new SuperCircuit(capacity, params, batchWitness([block], capacity, params, undefined, state));
        const witnessS = (performance.now() - t) / 1000;
        t = performance.now();
        const layout = shapeLayout(circuit, k, circuit.instances());
        return { capacity, circuit, layout, bound: failures, witnessS, layoutS: (performance.now() - t) / 1000 };
      } catch (e) {
        if (!(e instanceof AssignmentError || e instanceof BatchCapacityError)) throw e;
        failed.push(`${keccakUnits} unit(s): ${shortfall(e)}`);
        // more units only shorten keccak's rows: past any other shortfall they cannot help
        if (!/"(selector:)?keccak /.test(e.message)) break;
      }
    }
    failures = failed;
  }
  throw new Error(`${txs} transfers do not fit k ≤ 20: ${failures.join('; ')}`);
}

const line = (name: string, ours: string) => console.log(`${name.padEnd(64)} ${ours.padStart(14)} ${'-'.padStart(8)} ${'-'.padStart(6)}`);

async function run(txs: number, proveIt: boolean): Promise<void> {
  const params: BatchParams = batchParams(chainCircuitArgs(devGenesis().chainId, devGenesis().gasLimit));
  const { block, state } = await transferBlock(txs);
  let t = performance.now();
  const { capacity, circuit, layout, bound, witnessS, layoutS } = fittedCapacity(block, state, params);
  const fitS = (performance.now() - t) / 1000;
  const k = capacity.k;
  const cs = layout.cs;
  const protocol = new Protocol(cs, k);
  const argument = protocol.phase1.length + protocol.phase2.length;
  console.log(`\n${txs} ETH transfer(s), one block executed by the node; usage ${JSON.stringify(circuit.witness.usage)}`);
  line(`batch of ${txs}: smallest k / keccak units`, `${k} / ${capacity.keccakUnits}`);
  for (const why of bound) line(`  k = ${k - 1} does not fit, ${why}`, '');
  line('  columns advice / fixed / instance', `${cs.advice.length} / ${cs.fixed.length} / ${cs.instance.length}`);
  line('  lookups / argument columns / degree', `${cs.lookups.length} / ${argument} / ${protocol.degree}`);
  line('  committed cells (2^k × (advice + argument columns))', `${(1 << k) * (cs.advice.length + argument)}`);
  // what the prover held in its one wasm32 memory before polynomials moved to JS memory (counted, not measured):
  // values and coefficients of every column, the quotient's n-row buffer per column read, the extended-domain sum
  const columns = cs.advice.length + cs.instance.length + argument + cs.fixed.length + cs.equality.length + 3;
  const vector = (1 << k) * Fr.elementBytes;
  line('  all-resident heap (2 forms + 1 coset part per column, + 2^ext)', `${((3 * columns + (1 << protocol.extension)) * vector / 2 ** 30).toFixed(2)} GiB`);
  line('  of it in JS memory now, at most: 2 forms per column', `${(2 * columns * vector / 2 ** 30).toFixed(2)} GiB`);
  // advice columns by the first word of their names (evm, keccak, tx, rw, sig / nn / ec: ecrecover, …)
  const owners = new Map<string, number>();
  for (const c of cs.advice) { const o = c.name.split(' ')[0]!; owners.set(o, (owners.get(o) ?? 0) + 1); }
  line('  advice columns by owner', [...owners].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${n}`).join(', '));
  // rows each sub-circuit's regions reach: region names without their trailing index ("keccak block 7" → "keccak block")
  const reach = new Map<string, number>();
  for (const r of layout.regions) {
    const group = r.name.replace(/ \d+$/, '');
    reach.set(group, Math.max(reach.get(group) ?? 0, r.start + r.rows));
  }
  // (regions of copy constraints only take no rows)
  for (const [group, rows] of [...reach].filter(([, rows]) => rows > 0).sort((a, b) => b[1] - a[1])) {
    const note = group === 'tx table' ? ` (used ${capacity.txs * 20 + circuit.witness.usage.rlpRows})` : '';
    line(`  rows: ${group}${note}`, `${rows}`);
  }
  line('  witness / layout (rows only) at the fitted k', `${witnessS.toFixed(1)} s / ${layoutS.toFixed(1)} s`);
  line('  fitting (every k and unit count tried)', `${fitS.toFixed(1)} s`);
  if (!proveIt) return;
  await initKernel();
  const srs = devSrs(k);
  t = performance.now();
  const pk = await keygen(srs, new SuperCircuit(capacity, params), k);
  line('  keygen', `${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const cpu = process.cpuUsage();
  const sw = new Stopwatch();
  const proof = await prove(pk, srs, circuit, circuit.instances(), sw);
  line('  prove (wall)', `${((performance.now() - t) / 1000).toFixed(1)} s`);
  const used = process.cpuUsage(cpu);
  // the kernel's worker threads count in the process's CPU time
  line('  prove (CPU, all threads)', `${((used.user + used.system) / 1e6).toFixed(1)} s`);
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  for (const [phase, ms] of [...sw.totals].sort((a, b) => b[1] - a[1])) line(`    ${phase} (time / heap peak)`, `${(ms / 1000).toFixed(1)} s / ${gib(sw.heapPeaks.get(phase) ?? 0)}`);
  line(`  kernel wasm memory (high-water; working set ${gib(workingSetBytes())})`, gib(kernel().heap.memoryBytes));
  t = performance.now();
  const ok = verify(pk.vk, circuit.instances(), proof).ok;
  if (!ok) throw new Error('the batch proof did not verify');
  line('  verify / proof bytes', `${((performance.now() - t) / 1000).toFixed(2)} s / ${proof.length}`);
  line('  peak RSS', `${(resourceUsage().maxRSS / 1024 / 1024).toFixed(1)} GiB`);
}

const program = new Command('bench:batch')
  .description('the batch circuit (ecrecover included) for blocks of ETH transfers: smallest k and what bounds it, columns, rows per sub-circuit; --prove for keygen/prove/verify and memory')
  .option('--txs <list>', 'comma-separated batch sizes (transfers in one block)', (v) => v.split(',').map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1 || n > 50) throw new InvalidArgumentError('integers from 1 to 50');
    return n;
  }), [1, 10, 50])
  .option('--prove', 'also run keygen, the prover and the verifier (minutes at k = 14, far more above)', false)
  .action(async (opts: { txs: number[]; prove: boolean }) => {
    console.log(`${'name'.padEnd(64)} ${'ours'.padStart(14)} ${'peer'.padStart(8)} ${'ratio'.padStart(6)}`);
    for (const n of opts.txs) await run(n, opts.prove);
  });
program.parseAsync().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
