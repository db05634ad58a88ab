/** One honest proof of a circuit without instances at size 2^k under the INSECURE dev SRS, timed step by step. */
import { keygen, Stopwatch, synthesize, verify, type Circuit } from '../../circuits/plonk/index.js';
import { proveAssignment } from '../../circuits/plonk/prover.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { initKernel } from '../../circuits/wasm/kernel.js';

export interface ProofTimes { keygen: number; witness: number; prove: number; verify: number; proofBytes: number }

/** Milliseconds of keygen, witness, prove and verify; throws if the proof does not verify. */
export async function timeProof(circuit: Circuit<unknown>, k: number, name: string): Promise<ProofTimes> {
  await initKernel();
  const srs = devSrs(k);
  const sw = new Stopwatch();
  const pk = await sw.time('keygen', () => keygen(srs, circuit, k));
  const assignment = await sw.time('witness', () => synthesize(circuit, k, [], true));
  const proof = await sw.time('prove', () => proveAssignment(pk, srs, assignment));
  const ok = await sw.time('verify', () => verify(pk.vk, [], proof));
  if (!ok.ok) throw new Error(`${name}: the honest proof does not verify: ${JSON.stringify(ok)}`);
  return { keygen: sw.get('keygen'), witness: sw.get('witness'), prove: sw.get('prove'), verify: sw.get('verify'), proofBytes: proof.length };
}
