import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs, freeSrs, type Srs } from '../../../circuits/pcs/index.js';
import { keygen, prove, verify, type Circuit } from '../../../circuits/plonk/index.js';
import { SyntheticCircuit } from '../../../circuits/plonk/examples/synthetic.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';

/**
 * Commitments from values (the dev SRS's Lagrange basis: sparse columns, σ as the identity plus its moved cells)
 * must be the very points the coefficient MSMs give: same verifying key, byte-identical proofs.
 */
describe('plonk: keygen and prover commitments from the Lagrange basis', function () {
  this.timeout(120000);
  let srs: Srs;
  before(async () => { await initKernel(); srs = devSrs(6); });
  after(() => freeSrs(srs));

  const cases: Array<[string, Circuit<unknown>, number, bigint[][]]> = [
    ['synthetic (copies on every row, a byte lookup)', new SyntheticCircuit(6, 3) as Circuit<unknown>, 6, new SyntheticCircuit(6, 3).instances()],
    ['rotations (a shuffle, no copies)', new RotationsCircuit(20) as Circuit<unknown>, 6, []],
  ];
  for (const [name, circuit, k, instances] of cases) {
    it(`${name}: the same verifying key and proof with and without the basis`, async () => {
      const withBasis = await keygen(srs, circuit, k);
      const plain = { ...srs, lagrange: undefined };
      const without = await keygen(plain, circuit, k);
      expect(withBasis.vk.fixedCommitments).to.deep.equal(without.vk.fixedCommitments);
      expect(withBasis.vk.digest).to.equal(without.vk.digest);
      const a = await prove(withBasis, srs, circuit, instances);
      const b = await prove(without, plain, circuit, instances);
      expect(Buffer.from(a).equals(Buffer.from(b))).to.equal(true);
      expect(verify(withBasis.vk, instances, a).ok).to.equal(true);
    });
  }
});
