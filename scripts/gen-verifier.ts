/**
 * Generates Solidity verifiers, keyed on the INSECURE devSrs (each contract's header says so).
 *
 *   npm run gen:verifier -- --circuit fibonacci     example circuits (circuits/solidity/examples.ts) →
 *   npm run gen:verifier -- --circuit all           contracts/verifier/<Name>Verifier.sol
 *   npm run gen:verifier -- --circuit batch [--chain-id 31338]
 *
 * The batch circuit as the node's prover runs it (node/prover/batch-circuit.ts: DEVNET_BATCH_CAPACITY, the chain's
 * id and bridge account are constants of its key): keygen (minutes at k = 14), then the verifier split into stage
 * contracts (EIP-170), each compiled with solcjs. It writes <out>/BatchVerifier.sol and
 * <out>/BatchVerifier.json (vk digest, capacity, the stage order, abi and creation code of every contract, for
 * circuits/solidity deployVerifier). Its default folder is cache/verifier, not contracts/: Hardhat compiles
 * contracts/ as one solcjs input, and solcjs aborts on the ~1.3 MB of source this verifier has.
 */
import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { initKernel } from '../circuits/wasm/kernel.js';
import { devSrs, freeSrs } from '../circuits/pcs/index.js';
import {
  batchVerifierFile, compileVerifier, EXAMPLES_SRS_K, exampleVerifierSource, proofLayout, VERIFIER_EXAMPLES, verifierExample,
} from '../circuits/solidity/index.js';
import { keygen } from '../circuits/plonk/index.js';
import { DEV_CHAIN_ID, DEV_GAS_LIMIT } from '../node/execution/genesis.js';
import { batchCircuit, batchParams, chainCircuitArgs, DEVNET_BATCH_CAPACITY } from '../node/prover/batch-circuit.js';

const word = (v: bigint) => `0x${v.toString(16).padStart(64, '0')}`;

async function examples(circuit: string, out: string): Promise<void> {
  const list = circuit === 'all' ? VERIFIER_EXAMPLES : [verifierExample(circuit)];
  const srs = devSrs(EXAMPLES_SRS_K);
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  for (const ex of list) {
    const { pk, source } = await exampleVerifierSource(ex, srs);
    const file = join(dir, `${ex.contractName}.sol`);
    writeFileSync(file, source);
    console.log(`${relative(process.cwd(), file)}  vk digest ${word(pk.vk.digest)}  (${source.length} chars)`);
  }
  freeSrs(srs);
}

async function batch(chainId: bigint, out: string): Promise<void> {
  const args = chainCircuitArgs(chainId, DEV_GAS_LIMIT);
  const params = batchParams(args);
  const capacity = DEVNET_BATCH_CAPACITY;
  const srs = devSrs(capacity.k);
  let t = performance.now();
  const pk = await keygen(srs, batchCircuit(args).shape(), capacity.k);
  console.log(`keygen at k = ${capacity.k}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const g = batchVerifierFile(pk.vk, capacity, params);
  t = performance.now();
  const compiled = compileVerifier(g);
  console.log(`compiled ${compiled.size} contracts: ${((performance.now() - t) / 1000).toFixed(1)} s; code bytes ${[...compiled.values()].map((c) => c.codeBytes).join(', ')}`);
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  const sol = join(dir, 'BatchVerifier.sol');
  const json = join(dir, 'BatchVerifier.json');
  writeFileSync(sol, g.source);
  writeFileSync(json, JSON.stringify({
    vkDigest: word(pk.vk.digest), capacity, chainId: chainId.toString(), bridge: args.bridge, proofBytes: proofLayout(pk.vk).bytes,
    contractName: g.contractName, parts: g.parts, contracts: Object.fromEntries(compiled),
  }, null, 1));
  console.log(`${relative(process.cwd(), sol)} and ${relative(process.cwd(), json)}  vk digest ${word(pk.vk.digest)}  (${g.source.length} chars, ${g.parts.length} stage contracts)`);
  freeSrs(srs);
}

const program = new Command()
  .name('gen-verifier')
  .description('Generate Solidity verifiers (development SRS; not for production)')
  .requiredOption('-c, --circuit <name>', `example circuit (${VERIFIER_EXAMPLES.map((e) => e.name).join(', ')}), "all" of them, or "batch"`)
  .option('-o, --out <dir>', 'output folder (default: contracts/verifier; cache/verifier for batch)')
  .option('--chain-id <id>', 'batch: the L2 chain id (a constant of the key)', (v) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a decimal chain id');
    return BigInt(v);
  }, DEV_CHAIN_ID)
  .action(async (opts: { circuit: string; out?: string; chainId: bigint }) => {
    await initKernel();
    if (opts.circuit !== 'batch') return examples(opts.circuit, opts.out ?? 'contracts/verifier');
    return batch(opts.chainId, opts.out ?? 'cache/verifier');
  });

program.parseAsync().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
