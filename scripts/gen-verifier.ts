/**
 * Generates Solidity verifiers, keyed on the INSECURE devSrs (each contract's header says so).
 *
 *   npm run gen:verifier -- --circuit fibonacci     example circuits (circuits/solidity/examples.ts) →
 *   npm run gen:verifier -- --circuit all           contracts/verifier/<Name>Verifier.sol
 *   npm run gen:verifier -- --circuit batch [--k 14] [--txs 1] [--capacity '{"keccakUnits":1}']
 *
 * The batch circuit (circuits/super, ecrecover included) at a capacity: keygen (minutes at k = 14), then the
 * verifier split into stage contracts (EIP-170), each compiled with solcjs. It writes <out>/BatchVerifier.sol and
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
  BATCH_VERIFIER_CAPACITY, batchVerifierFile, compileVerifier, EXAMPLES_SRS_K, exampleVerifierSource, proofLayout, VERIFIER_EXAMPLES, verifierExample,
} from '../circuits/solidity/index.js';
import { freeProvingKey, keygen } from '../circuits/plonk/index.js';
import { SuperCircuit } from '../circuits/super/index.js';
import type { BatchCapacity, BatchParams } from '../circuits/witness/batch.js';
import { DEV_CHAIN_ID } from '../node/execution/genesis.js';
import { BRIDGE_ADDRESS } from '../node/l1/bridge.js';

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
    freeProvingKey(pk);
  }
  freeSrs(srs);
}

async function batch(capacity: BatchCapacity, out: string): Promise<void> {
  const params: BatchParams = { chainId: DEV_CHAIN_ID, bridgeAddress: BigInt(BRIDGE_ADDRESS.toString()) };
  const srs = devSrs(capacity.k);
  let t = performance.now();
  const pk = await keygen(srs, new SuperCircuit(capacity, params), capacity.k);
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
    vkDigest: word(pk.vk.digest), capacity, chainId: params.chainId.toString(), proofBytes: proofLayout(pk.vk).bytes,
    contractName: g.contractName, parts: g.parts, contracts: Object.fromEntries(compiled),
  }, null, 1));
  console.log(`${relative(process.cwd(), sol)} and ${relative(process.cwd(), json)}  vk digest ${word(pk.vk.digest)}  (${g.source.length} chars, ${g.parts.length} stage contracts)`);
  freeProvingKey(pk);
  freeSrs(srs);
}

const int = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`an integer from ${min} to ${max}`);
  return n;
};

const program = new Command()
  .name('gen-verifier')
  .description('Generate Solidity verifiers (development SRS; not for production)')
  .requiredOption('-c, --circuit <name>', `example circuit (${VERIFIER_EXAMPLES.map((e) => e.name).join(', ')}), "all" of them, or "batch"`)
  .option('-o, --out <dir>', 'output folder (default: contracts/verifier; cache/verifier for batch)')
  .option('--k <k>', 'batch: log2 of the rows', int(12, 20))
  .option('--txs <n>', 'batch: transactions per batch', int(1, 1000))
  .option('--capacity <json>', 'batch: BatchCapacity fields (JSON) over the defaults', (v) => JSON.parse(v) as Partial<BatchCapacity>)
  .action(async (opts: { circuit: string; out?: string; k?: number; txs?: number; capacity?: Partial<BatchCapacity> }) => {
    await initKernel();
    if (opts.circuit !== 'batch') return examples(opts.circuit, opts.out ?? 'contracts/verifier');
    const capacity: BatchCapacity = { ...BATCH_VERIFIER_CAPACITY, ...opts.capacity, ...(opts.k ? { k: opts.k } : {}), ...(opts.txs ? { txs: opts.txs } : {}) };
    return batch(capacity, opts.out ?? 'cache/verifier');
  });

program.parseAsync().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
