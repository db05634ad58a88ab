import * as chai from 'chai';
import { expect } from 'chai';
import hre from 'hardhat';
import { decodeFunctionResult, encodeErrorResult, encodeFunctionData, toHex, type Abi } from 'viem';
import { initKernel } from '../../circuits/wasm/kernel.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { keygen, prove, verify, type ProvingKey } from '../../circuits/plonk/index.js';
import { FR_MODULUS } from '../../circuits/field/index.js';
import { EIP170_CODE_BYTES, EXAMPLES_SRS_K, generateVerifierFile, verifierExample, type GeneratedVerifier } from '../../circuits/solidity/index.js';
import { Rng } from '../circuits/field/rng.js';
import { deployCompiled, deployGenerated, type DeployedVerifier } from './verifier-deploy.js';

// A verifier split into stage contracts (what the batch circuit's verifier needs, EIP-170), exercised on an
// example circuit with a tiny code budget so that real proofs check the split in seconds: each stage gets the
// memory image and returns it; the main contract checks each stage's answer.
/** The error message of a deployment expected to revert. */
async function deployError(contract: Parameters<typeof deployCompiled>[0], args: readonly unknown[]): Promise<string> {
  try {
    await deployCompiled(contract, args);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('the deployment did not revert');
}

describe('Solidity verifier split into stage contracts (Hardhat network)', function () {
  this.timeout(300_000);
  const ex = verifierExample('fibonacci');
  let pk: ProvingKey;
  let proof: Uint8Array;
  let g: GeneratedVerifier;
  let split: DeployedVerifier;
  let whole: DeployedVerifier;
  const instances = ex.instances.flat();

  before(async () => {
    await initKernel();
    const srs = devSrs(EXAMPLES_SRS_K);
    pk = await keygen(srs, ex.circuit, ex.k);
    proof = await prove(pk, srs, ex.circuit, ex.instances);
    g = generateVerifierFile(pk.vk, { contractName: 'SplitVerifier', instanceLengths: ex.instances.map((c) => c.length), maxContractBytes: 2000 });
    split = await deployGenerated(g);
    whole = await deployGenerated(generateVerifierFile(pk.vk, { contractName: 'WholeVerifier', instanceLengths: ex.instances.map((c) => c.length) }));
  });

  it('is split into several stages, each within its budget and EIP-170, the main contract wired to them', async () => {
    expect(g.parts.length).to.be.greaterThan(2);
    expect(g.units.map((u) => u.name)).to.deep.equal([...g.parts, 'SplitVerifier']);
    for (const name of g.parts) expect(split.compiled.get(name)!.codeBytes, name).to.be.at.most(2000);
    for (const c of split.compiled.values()) expect(c.codeBytes).to.be.at.most(EIP170_CODE_BYTES);
    const client = await hre.viem.getPublicClient();
    const abi = split.compiled.get('SplitVerifier')!.abi as Abi;
    expect(await client.readContract({ address: split.address, abi, functionName: 'PARTS' })).to.equal(BigInt(g.parts.length));
  });

  it('an honest proof verifies, as in TS and in the unsplit verifier', async () => {
    expect(verify(pk.vk, ex.instances, proof).ok).to.equal(true);
    expect(await split.verify(proof, instances)).to.equal(true);
    expect(await whole.verify(proof, instances)).to.equal(true);
  });

  it('60 random single-bit flips fail in both verifiers and in TS', async () => {
    const rng = new Rng(0x5b11);
    for (let t = 0; t < 60; t++) {
      const bit = rng.int(proof.length * 8);
      const p = proof.slice();
      p[bit >> 3] ^= 1 << (bit & 7);
      expect(verify(pk.vk, ex.instances, p).ok, `bit ${bit}: TS`).to.equal(false);
      expect(await split.verify(p, instances), `bit ${bit}: split`).to.equal(false);
      expect(await whole.verify(p, instances), `bit ${bit}: whole`).to.equal(false);
    }
  });

  it('a failing stage makes verify return false (not revert): an unsatisfied identity, a wrong length', async () => {
    // an evaluation changed (still < r): the transcript and the quotient identity (a stage) both see it
    const at = proof.length - 64 * 3 - 32;
    const p = proof.slice();
    p[at + 31] ^= 1;
    expect(await split.verify(p, instances)).to.equal(false);
    expect(await split.verify(proof.slice(0, -32), instances)).to.equal(false);
  });

  it('an honest proof is never refused for lack of gas: each gas limit gives true or a revert, never false', async () => {
    const client = await hre.viem.getPublicClient();
    const abi = split.compiled.get('SplitVerifier')!.abi as Abi;
    const needed = await split.gas(proof, instances);
    const verdicts = new Set<string>();
    for (let gas = 60_000n; gas <= needed + 20_000n; gas += 15_000n) {
      try {
        const { data } = await client.call({ to: split.address, data: encodeFunctionData({ abi, functionName: 'verify', args: [toHex(proof), instances] }), gas });
        const ok = decodeFunctionResult({ abi, functionName: 'verify', data: data! });
        verdicts.add(String(ok));
        expect(ok, `gas ${gas}`).to.equal(true);
      } catch (e) {
        if (e instanceof chai.AssertionError) throw e;
        verdicts.add('revert');
      }
    }
    expect([...verdicts].sort()).to.deep.equal(['revert', 'true']);
  });

  it('the constructor refuses a wrong number of parts or an address without code', async () => {
    const main = split.compiled.get('SplitVerifier')!;
    const parts = await Promise.all(g.parts.map((n) => deployCompiled(split.compiled.get(n)!, [])));
    const error = (index: bigint) => encodeErrorResult({ abi: main.abi as Abi, errorName: 'VerifierPartsInvalid', args: [index] });
    expect(await deployError(main, [parts.slice(1)])).to.include(error(BigInt(parts.length - 1)));
    const noCode = [...parts];
    noCode[1] = '0x000000000000000000000000000000000000dEaD';
    expect(await deployError(main, [noCode])).to.include(error(1n));
  });

  it('parts wired in the wrong order reject the honest proof', async () => {
    const main = split.compiled.get('SplitVerifier')!;
    const parts = await Promise.all(g.parts.map((n) => deployCompiled(split.compiled.get(n)!, [])));
    const swapped = [parts[1], parts[0], ...parts.slice(2)];
    const address = await deployCompiled(main, [swapped]);
    const client = await hre.viem.getPublicClient();
    const ok = await client.readContract({ address, abi: main.abi as Abi, functionName: 'verify', args: [toHex(proof), instances] });
    expect(ok).to.equal(false);
  });

  it('a wrong or non-canonical (v + r) instance is refused by the split verifier too', async () => {
    const wrong = [...instances];
    wrong[2] += 1n;
    expect(verify(pk.vk, [wrong], proof).ok).to.equal(false);
    expect(await split.verify(proof, wrong)).to.equal(false);
    const bad = [...instances];
    bad[0] += FR_MODULUS;
    expect(await split.verify(proof, bad)).to.equal(false);
  });
});
