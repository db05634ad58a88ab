/** Builds an example's verifying key on the INSECURE devSrs and its verifier source. */
import { devSrs, type Srs } from '../pcs/index.js';
import { keygen, type ProvingKey } from '../plonk/index.js';
import { generateVerifier } from './generator.js';
import { EXAMPLES_SRS_K, type VerifierExample } from './examples.js';

export const DEV_SRS_HEADER = [
  'generated for a development SRS; not for production',
  '(INSECURE devSrs: anyone who knows its public seed can forge proofs this contract accepts)',
];

/** Key and Solidity source for an example; `srs` defaults to devSrs(EXAMPLES_SRS_K). */
export async function exampleVerifierSource(ex: VerifierExample, srs: Srs = devSrs(EXAMPLES_SRS_K)): Promise<{ pk: ProvingKey; source: string }> {
  const pk = await keygen(srs, ex.circuit, ex.k);
  const source = generateVerifier(pk.vk, {
    contractName: ex.contractName,
    instanceLengths: ex.instances.map((col) => col.length),
    header: [...DEV_SRS_HEADER, `circuit "${ex.name}" (circuits/solidity/examples.ts), k = ${ex.k}`],
  });
  return { pk, source };
}
