/**
 * Writes contracts/verifier/<Name>Verifier.sol for an example circuit (circuits/solidity/examples.ts),
 * keyed on the INSECURE devSrs (the contract's header says so).
 *
 *   npm run gen:verifier -- --circuit fibonacci
 *   npm run gen:verifier -- --circuit all
 */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { initKernel } from '../circuits/wasm/kernel.js';
import { devSrs, freeSrs } from '../circuits/pcs/index.js';
import { EXAMPLES_SRS_K, exampleVerifierSource, VERIFIER_EXAMPLES, verifierExample } from '../circuits/solidity/index.js';
import { freeProvingKey } from '../circuits/plonk/index.js';

const program = new Command()
  .name('gen-verifier')
  .description('Generate the Solidity verifier of an example circuit (development SRS; not for production)')
  .requiredOption('-c, --circuit <name>', `example circuit: ${VERIFIER_EXAMPLES.map((e) => e.name).join(', ')}, or "all"`)
  .option('-o, --out <dir>', 'output folder', 'contracts/verifier')
  .action(async (opts: { circuit: string; out: string }) => {
    const examples = opts.circuit === 'all' ? VERIFIER_EXAMPLES : [verifierExample(opts.circuit)];
    await initKernel();
    const srs = devSrs(EXAMPLES_SRS_K);
    const dir = resolve(opts.out);
    mkdirSync(dir, { recursive: true });
    for (const ex of examples) {
      const { pk, source } = await exampleVerifierSource(ex, srs);
      const file = join(dir, `${ex.contractName}.sol`);
      writeFileSync(file, source);
      console.log(`${relative(process.cwd(), file)}  vk digest 0x${pk.vk.digest.toString(16).padStart(64, '0')}  (${source.length} chars)`);
      freeProvingKey(pk);
    }
    freeSrs(srs);
  });

program.parseAsync().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
