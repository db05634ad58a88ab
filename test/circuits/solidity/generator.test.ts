import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import { keygen, type VerifyingKey } from '../../../circuits/plonk/index.js';
import { EXAMPLES_SRS_K, generateVerifier, generateVerifierFile, proofLayout, VerifierGenerationError, verifierExample } from '../../../circuits/solidity/index.js';

// The generator's own contract (the on-chain behaviour is tested in test/contracts/verifier.test.ts).
describe('solidity verifier generator', function () {
  this.timeout(60_000);
  let srs: Srs;
  let vk: VerifyingKey;

  before(async () => {
    await initKernel();
    srs = devSrs(EXAMPLES_SRS_K);
    const ex = verifierExample('fibonacci');
    vk = (await keygen(srs, ex.circuit, ex.k)).vk;
  });

  it('is deterministic and embeds the digest, sizes and interface', () => {
    const a = generateVerifier(vk, { contractName: 'V', instanceLengths: [3] });
    expect(generateVerifier(vk, { contractName: 'V', instanceLengths: [3] })).to.equal(a);
    expect(a).to.include(`uint256 public constant VK_DIGEST = 0x${vk.digest.toString(16).padStart(64, '0')};`);
    expect(a).to.include(`uint256 public constant PROOF_BYTES = ${proofLayout(vk).bytes};`);
    expect(a).to.include('function verify(bytes calldata proof, uint256[] calldata instances) external view returns (bool)');
    expect(a).to.include('staticcall(gas(), 0x08');
    // the only reverts: a precompile call that failed, which with valid input means out of gas
    const reverts = a.split('\n').filter((l) => l.includes('revert('));
    expect(reverts).to.have.length(4); // ecMul and ecAdd in ecMulAcc, modexp, pairing
    for (const l of reverts) expect(l).to.match(/if iszero\(staticcall\(gas\(\), 0x0[5-8], .*\)\) \{ revert\(0, 0\) \}$/);
  });

  it('rejects wrong instance lengths and bad contract names', () => {
    const gen = (contractName: string, instanceLengths: number[]) => () => generateVerifier(vk, { contractName, instanceLengths });
    expect(gen('V', [])).to.throw(VerifierGenerationError, /1 instance columns/);
    expect(gen('V', [3, 1])).to.throw(VerifierGenerationError, /1 instance columns/);
    expect(gen('V', [16])).to.throw(VerifierGenerationError, /outside 0..15/);
    expect(gen('V', [-1])).to.throw(VerifierGenerationError);
    expect(gen('1V', [3])).to.throw(VerifierGenerationError, /identifier/);
    expect(gen('V; contract X', [3])).to.throw(VerifierGenerationError, /identifier/);
  });

  it('the proof layout matches the proof the prover writes', () => {
    const l = proofLayout(vk);
    expect(l.bytes).to.equal(64 * l.commitments + 32 * l.evaluations + 64 * l.witnesses);
    expect(l.witnesses).to.equal(2); // SHPLONK: W and W' for all opening points
  });

  it('stays one contract within the code budget; over it, splits into stages whose working memory never shrinks', () => {
    const one = generateVerifierFile(vk, { contractName: 'V', instanceLengths: [3] });
    expect(one.parts).to.deep.equal([]);
    expect(one.units.map((u) => u.name)).to.deep.equal(['V']);
    expect(one.source).to.equal(generateVerifier(vk, { contractName: 'V', instanceLengths: [3] }));
    const split = generateVerifierFile(vk, { contractName: 'V', instanceLengths: [3], maxContractBytes: 2000 });
    expect(split.parts.length).to.be.greaterThan(1);
    expect(split.units.map((u) => u.name)).to.deep.equal([...split.parts, 'V']);
    const image = Number(/calldatasize\(\), (0x[0-9a-f]+)\)/.exec(split.units[0]!.source)![1]);
    const lengths = split.units.slice(0, -1).map((u) => Number(/calldatacopy\(0x80, 0, (0x[0-9a-f]+)\)/.exec(u.source)![1]));
    lengths.slice(1).forEach((len, i) => expect(len).to.be.at.least(lengths[i]!));
    // the image ends with the proof, which the stages read from calldata: they copy only what lies before it
    expect(image - lengths.at(-1)!).to.be.at.least(proofLayout(vk).bytes);
    for (const u of split.units.slice(0, -1)) expect(u.source).to.include(`if iszero(eq(calldatasize(), 0x${image.toString(16)})) { revert(0, 0) }`);
    expect(split.units.slice(0, -1).some((u) => u.source.includes('calldataload('))).to.equal(true);
    const main = split.units.at(-1)!.source;
    // each stage is called with the image and its answer checked; the pairing stays in the main contract
    split.parts.forEach((_, i) => expect(main).to.include(`let ok := staticcall(gas(), part, 0x80, 0x${image.toString(16)}, 0x80, 0x${lengths[i]!.toString(16)})`));
    expect(main.match(/eq\(returndatasize\(\), /g)).to.have.length(split.parts.length);
    expect(main).to.include('staticcall(gas(), 0x08');
    for (const u of split.units.slice(0, -1)) expect(u.source).to.not.include('0x08,');
  });

  it('unknown example names are reported with the known ones', () => {
    expect(() => verifierExample('nope')).to.throw(/fibonacci, range-add, rotations/);
  });
});
