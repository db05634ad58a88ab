import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { initKernel } from '../../circuits/wasm/kernel.js';
import { devSrs, type Srs } from '../../circuits/pcs/index.js';
import { keygen, prove, verify, type ProvingKey } from '../../circuits/plonk/index.js';
import { FR_MODULUS } from '../../circuits/field/index.js';
import { DEV_SRS_HEADER, EIP170_CODE_BYTES, generateVerifierFile, proofLayout, type GeneratedVerifier } from '../../circuits/solidity/index.js';
import { Rng } from '../circuits/field/rng.js';
import { runPrograms } from '../circuits/witness/run.js';
import { SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from '../circuits/super/fixture.js';
import { deployGenerated, TEST_BATCH_CAPACITY, type DeployedVerifier } from './verifier-deploy.js';

const CAPACITY = TEST_BATCH_CAPACITY;
const K = CAPACITY.k;
const PAYEE = createAddressFromString('0x00000000000000000000000000000000000beef1');
const slow = process.env.SLOW ? it : it.skip;

/**
 * The generated verifier of the batch circuit's TEST ONLY configuration (test/circuits/super/fixture.ts: every
 * sub-circuit and seam but ecrecover, k = 12; ~630 advice and ~460 fixed columns, ~260 lookups): split into stage
 * contracts (EIP-170), compiled with solcjs, deployed on the Hardhat network (which enforces EIP-170). Keygen and
 * compiling take ~1 min; the real proof runs only with SLOW=1 (prove ≈ 50 s, then ~15 s of on-chain and TS checks:
 * past the CI budget). Measured 2026-12-02: 16 stage contracts, proof 129,760 B, verify 13.4M gas (under EIP-7825's 2^24).
 */
describe(`Solidity verifier of the batch circuit (TEST ONLY configuration without ecrecover, k = ${K})`, function () {
  this.timeout(1_800_000);
  let circuit: SuperCircuitWithoutEcrecoverTestOnly;
  let srs: Srs;
  let pk: ProvingKey;
  let g: GeneratedVerifier;
  let onChain: DeployedVerifier;

  before(async () => {
    await initKernel();
    const bound = await withStateRoots(await runPrograms([{ to: PAYEE, value: 10n ** 18n }, { to: PAYEE, value: 3n }]));
    circuit = SuperCircuitWithoutEcrecoverTestOnly.of(CAPACITY, [bound.block], bound.state);
    srs = devSrs(K);
    pk = await keygen(srs, circuit, K);
    g = generateVerifierFile(pk.vk, { contractName: 'BatchTestVerifier', instanceLengths: [2], header: DEV_SRS_HEADER });
    onChain = await deployGenerated(g);
  });

  it('is split into stage contracts within EIP-170 and declares the proof layout of the prover', () => {
    expect(g.parts.length).to.be.greaterThan(5);
    for (const [name, c] of onChain.compiled) expect(c.codeBytes, name).to.be.at.most(EIP170_CODE_BYTES);
    const layout = proofLayout(pk.vk);
    expect(layout.bytes).to.equal(64 * layout.commitments + 32 * layout.evaluations + 64 * layout.witnesses);
    expect(g.source).to.include(`uint256 public constant PROOF_BYTES = ${layout.bytes};`);
    expect(g.source).to.include('uint256 public constant INSTANCE_COUNT = 2;');
    expect(g.source).to.include(`// proof ${layout.bytes} bytes;`);
  });

  it('proofs of the right length that are not proofs fail without reverting: all zero, random bytes; wrong lengths too', async () => {
    const bytes = proofLayout(pk.vk).bytes;
    const instances = circuit.instances().flat();
    expect(await onChain.verify(new Uint8Array(bytes), instances)).to.equal(false);
    const rng = new Rng(0xba7c);
    const random = Uint8Array.from({ length: bytes }, () => rng.int(256));
    expect(await onChain.verify(random, instances)).to.equal(false);
    expect(await onChain.verify(new Uint8Array(bytes - 32), instances)).to.equal(false);
    expect(await onChain.verify(new Uint8Array(bytes), [instances[0]!])).to.equal(false);
  });

  slow('a real proof of a node block verifies on-chain and in TS; wrong instances and flipped bytes fail in both', async () => {
    const instances = circuit.instances();
    const t0 = Date.now();
    const proof = await prove(pk, srs, circuit, instances);
    console.log(`      prove ${((Date.now() - t0) / 1000).toFixed(1)} s, proof ${proof.length} B, ${g.parts.length} stage contracts`);
    expect(proof.length).to.equal(proofLayout(pk.vk).bytes);
    const both = async (p: Uint8Array, inst: bigint[][]) => {
      const ts = verify(pk.vk, inst, p).ok;
      const sol = await onChain.verify(p, inst.flat());
      expect(sol, `Solidity ${sol} vs TS ${ts}`).to.equal(ts);
      return sol;
    };
    expect(await both(proof, instances)).to.equal(true);
    console.log(`      gas of verify (whole tx): ${await onChain.gas(proof, instances.flat())}`);
    const [hi, lo] = instances[0]!;
    expect(await both(proof, [[hi!, (lo! + 1n) % FR_MODULUS]])).to.equal(false);
    expect(await both(proof, [[(hi! + 1n) % FR_MODULUS, lo!]])).to.equal(false);
    expect(await both(proof, [[lo!, hi!]])).to.equal(false);
    // a byte in each region: advice commitment, quotient piece commitment, evaluations, opening witness
    const layout = proofLayout(pk.vk);
    const rng = new Rng(0xf11b);
    const at = [rng.int(64 * 10), 64 * layout.commitments - 1 - rng.int(64),
      64 * layout.commitments + rng.int(32 * layout.evaluations), proof.length - 1 - rng.int(64 * layout.witnesses)];
    for (const i of at) {
      const p = proof.slice();
      p[i] ^= 1 << rng.int(8);
      expect(await both(p, instances), `byte ${i}`).to.equal(false);
    }
  });
});
