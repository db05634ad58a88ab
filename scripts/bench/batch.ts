/**
 * bench:batch — the batch circuit (circuits/super, ecrecover included: a real batch proof's shape) for blocks of
 * ETH transfers executed by an in-process node (issue #10).
 *
 * Prints per batch size: the smallest k the batch fits, the columns, lookups, argument columns and degree, the
 * rows each sub-circuit's regions reach (the tx circuit's RLP machine always spans every usable row: its used rows
 * are printed beside), committed cells, and the witness time. The state roots are bound (the SMT binding): its
 * witness comes from the node's own state trees before the block (node/state StateTreeWitness, as the node's
 * prover reads them; batchWitness checks the binding's roots against the block's). With --prove: keygen, prove and verify times and the process's peak RSS (proving is opt-in: at k ≥ 15
 * with ~800 committed columns it takes far longer than the rest).
 *
 *   npm run bench:batch [-- --txs 1,10] [--prove]
 */
import { resourceUsage } from 'node:process';
import { Command, InvalidArgumentError } from 'commander';
import { mnemonicToAccount } from 'viem/accounts';
import { AssignmentError, keygen, Protocol, prove, Stopwatch, synthesize, verify } from '../../circuits/plonk/index.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { SuperCircuit } from '../../circuits/super/index.js';
import { initKernel } from '../../circuits/wasm/kernel.js';
import { exactBindingCapacity, type SmtBindingWitness } from '../../circuits/smt/binding-circuit.js';
import { batchStateRws, batchWitness, BatchCapacityError, type BatchCapacity, type BatchParams } from '../../circuits/witness/batch.js';
import { smtBindingWitness } from '../../circuits/witness/smt-binding.js';
import type { BlockTrace } from '../../circuits/witness/trace.js';
import { defaultConfig } from '../../node/config.js';
import { devGenesis } from '../../node/execution/genesis.js';
import { createLogger } from '../../node/log.js';
import { L2Node } from '../../node/node.js';
import { batchParams, chainCircuitArgs } from '../../node/prover/batch-circuit.js';

const MNEMONIC = 'test test test test test test test test test test test junk';

/**
 * One block of `count` signed EIP-1559 transfers from one dev account, as the node's sequencer traced it, and the
 * SMT binding's witness over the node's own state trees before it (what the node's prover builds).
 */
async function nodeBlock(count: number): Promise<{ block: BlockTrace; state: SmtBindingWitness }> {
  const node = await L2Node.start({ ...defaultConfig(devGenesis()), port: 0, blockTime: 2 }, createLogger('silent'));
  try {
    const sealed = new Promise<BlockTrace>((resolve) => node.sequencer.onBlock((b, trace) => { if (b.transactions.length === count) resolve(trace); }));
    const from = mnemonicToAccount(MNEMONIC, { addressIndex: 0 });
    const chainId = Number(node.config.genesis.chainId);
    for (let nonce = 0; nonce < count; nonce++) {
      const to = mnemonicToAccount(MNEMONIC, { addressIndex: 1 + nonce }).address;
      const raw = await from.signTransaction({ type: 'eip1559', chainId, nonce, to, value: 7n + BigInt(nonce), gas: 21_000n, maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1n });
      await node.sendRawTransaction(Buffer.from(raw.slice(2), 'hex'));
    }
    const block = await sealed;
    return { block, state: await smtBindingWitness(batchStateRws([block]), await node.state.witnessAt(block.header.number - 1n)) };
  } finally {
    await node.stop();
  }
}

/**
 * The smallest capacity the block fits: the smallest k from 12 up (the keccak normalize table alone needs 2^12
 * rows), and at that k the fewest keccak units (each unit adds columns; fewer units take more rows per permutation).
 */
function fittedCapacity(block: BlockTrace, state: SmtBindingWitness, params: BatchParams): { capacity: BatchCapacity; circuit: SuperCircuit } {
  const txs = block.txs.length;
  // budgets from a first witness at a generous capacity, then exact (+ the padding rows each needs)
  const smt = exactBindingCapacity(state);
  const probe = batchWitness([block], { k: 20, txs, evm: { steps: 1 << 16, bitwiseOps: 0 }, rw: 1 << 16, bytecode: 1 << 12, keccakPerms: 1 << 12, keccakUnits: 4, smt }, params, undefined, state).usage;
  for (let k = 12; k <= 20; k++) {
    for (const keccakUnits of [1, 2, 4, 8]) {
      const capacity: BatchCapacity = { k, txs, evm: { steps: probe.steps, bitwiseOps: 0 }, rw: probe.rw, bytecode: probe.bytecode, keccakPerms: probe.keccakPerms, keccakUnits, smt };
      try {
        const circuit = new SuperCircuit(capacity, params, batchWitness([block], capacity, params, undefined, state));
        synthesize(circuit, k, circuit.instances(), false);
        return { capacity, circuit };
      } catch (e) {
        if (!(e instanceof AssignmentError || e instanceof BatchCapacityError)) throw e;
      }
    }
  }
  throw new Error(`${txs} transfers do not fit k ≤ 20`);
}

const line = (name: string, ours: string) => console.log(`${name.padEnd(64)} ${ours.padStart(14)} ${'-'.padStart(8)} ${'-'.padStart(6)}`);

async function run(txs: number, proveIt: boolean): Promise<void> {
  const params: BatchParams = batchParams(chainCircuitArgs(devGenesis().chainId));
  const { block, state } = await nodeBlock(txs);
  let t = performance.now();
  const { capacity, circuit } = fittedCapacity(block, state, params);
  const k = capacity.k;
  const layout = synthesize(circuit, k, circuit.instances(), true);
  const witnessS = (performance.now() - t) / 1000;
  const cs = layout.cs;
  const protocol = new Protocol(cs, k);
  const argument = protocol.phase1.length + protocol.phase2.length;
  console.log(`\n${txs} ETH transfer(s), one block executed by the node; usage ${JSON.stringify(circuit.witness.usage)}`);
  line(`batch of ${txs}: smallest k / keccak units`, `${k} / ${capacity.keccakUnits}`);
  line('  columns advice / fixed / instance', `${cs.advice.length} / ${cs.fixed.length} / ${cs.instance.length}`);
  line('  lookups / argument columns / degree', `${cs.lookups.length} / ${argument} / ${protocol.degree}`);
  line('  committed cells (2^k × (advice + argument columns))', `${(1 << k) * (cs.advice.length + argument)}`);
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
  for (const [group, rows] of [...reach].sort((a, b) => b[1] - a[1])) {
    const note = group === 'tx table' ? ` (used ${capacity.txs * 20 + circuit.witness.usage.rlpRows})` : '';
    line(`  rows: ${group}${note}`, `${rows}`);
  }
  line('  witness + layout time', `${witnessS.toFixed(1)} s`);
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
  for (const [phase, ms] of [...sw.totals].sort((a, b) => b[1] - a[1])) line(`    ${phase}`, `${(ms / 1000).toFixed(1)} s`);
  t = performance.now();
  const ok = verify(pk.vk, circuit.instances(), proof).ok;
  if (!ok) throw new Error('the batch proof did not verify');
  line('  verify / proof bytes', `${((performance.now() - t) / 1000).toFixed(2)} s / ${proof.length}`);
  line('  peak RSS', `${(resourceUsage().maxRSS / 1024 / 1024).toFixed(1)} GiB`);
}

const program = new Command('bench:batch')
  .description('the batch circuit (ecrecover included) for blocks of ETH transfers: k, columns, rows per sub-circuit; --prove for keygen/prove/verify and memory')
  .option('--txs <list>', 'comma-separated batch sizes (transfers in one block)', (v) => v.split(',').map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1 || n > 50) throw new InvalidArgumentError('integers from 1 to 50');
    return n;
  }), [1, 10])
  .option('--prove', 'also run keygen, the prover and the verifier (slow: k ≥ 15)', false)
  .action(async (opts: { txs: number[]; prove: boolean }) => {
    console.log(`${'name'.padEnd(64)} ${'ours'.padStart(14)} ${'peer'.padStart(8)} ${'ratio'.padStart(6)}`);
    for (const n of opts.txs) await run(n, opts.prove);
  });
program.parseAsync().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
