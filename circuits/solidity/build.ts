/** Builds an example's verifying key on the INSECURE devSrs and its verifier source. */
import { devSrs, type Srs } from '../pcs/index.js';
import { keygen, type ProvingKey, type VerifyingKey } from '../plonk/index.js';
import type { BatchCapacity, BatchParams } from '../witness/batch.js';
import { generateVerifier, generateVerifierFile, type GeneratedVerifier } from './generator.js';
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

/** The batch circuit's verifier (circuits/super) for a key made at `capacity` (split into stage contracts: EIP-170). */
export function batchVerifierFile(vk: VerifyingKey, capacity: BatchCapacity, params: BatchParams): GeneratedVerifier {
  return generateVerifierFile(vk, {
    contractName: 'BatchVerifier',
    instanceLengths: [2],
    header: [...DEV_SRS_HEADER, `batch circuit (circuits/super) at capacity ${JSON.stringify(capacity)}`, `chain id ${params.chainId}, bridge 0x${params.bridgeAddress.toString(16).padStart(40, '0')}`],
  });
}
