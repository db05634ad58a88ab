import { expect } from 'chai';
import { initKernel } from '../../circuits/wasm/kernel.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { frMod } from '../../circuits/field/fr-scalar.js';
import { keygen, prove, synthesize, verify, type Circuit } from '../../circuits/plonk/index.js';
import { proveAssignment } from '../../circuits/plonk/prover.js';
import { generateVerifierFile } from '../../circuits/solidity/index.js';
import { ByteLookups, K, rowsOf } from '../circuits/plonk/byte-lookups.js';
import { AtDegree } from '../circuits/plonk/at-degree.js';
import { FibonacciCircuit } from '../../circuits/plonk/examples/fibonacci.js';
import { deployGenerated } from './verifier-deploy.js';

// The generated Solidity verifier of a circuit with grouped logUp terms (the running sum takes the first input, two
// inputs share an h column, the table's −m/(β + t) has one): it accepts the honest proof and refuses a cheating h and an input outside the table, as the TS verifier does.

describe('Solidity verifier: grouped logUp inputs (Hardhat network)', function () {
  this.timeout(300_000);

  it('honest proof accepted; a cheating h, an out-of-table input and bit flips refused; TS agrees on each', async () => {
    await initKernel();
    const srs = devSrs(K);
    const circuit = new ByteLookups(3, rowsOf(3));
    const pk = await keygen(srs, circuit, K);
    expect(pk.vk.protocol.sumTerms.map((x) => x.input)).to.deep.equal([0]);
    expect(pk.vk.protocol.lookupGroups.map((g) => g.terms.map((x) => x.input))).to.deep.equal([[1, 2], [undefined]]);
    const v = await deployGenerated(generateVerifierFile(pk.vk, { contractName: 'LookupGroupsVerifier', instanceLengths: [] }));
    const both = async (proof: Uint8Array) => {
      const ts = verify(pk.vk, [], proof).ok;
      expect(await v.verify(proof, []), 'Solidity agrees with TS').to.equal(ts);
      return ts;
    };
    const honest = await prove(pk, srs, circuit, []);
    expect(await both(honest)).to.equal(true);

    const grouped = pk.vk.protocol.lookupGroups[0].h;
    const cheating = await proveAssignment(pk, srs, synthesize(circuit, K, [], true), undefined, (column, values) => {
      if (column !== grouped) return false;
      values[3] = frMod(values[3] + 1n);
      values[4] = frMod(values[4] - 1n);
      return true;
    });
    expect(await both(cheating)).to.equal(false);

    const outside = synthesize(circuit, K, [], true);
    outside.advice[1][7] = 300n;
    expect(await both(await proveAssignment(pk, srs, outside))).to.equal(false);

    for (let i = 0; i < 20; i++) {
      const flipped = honest.slice();
      const bit = (i * 7919 + 13) % (8 * flipped.length);
      flipped[bit >> 3] ^= 1 << (bit & 7);
      expect(await both(flipped), `bit ${bit}`).to.equal(false);
    }
  });

  it('at degree 9 (8 quotient pieces, all lookup terms in the running sum, 7 equality columns per z): honest proofs accepted, a wrong instance and flips refused; TS agrees', async () => {
    await initKernel();
    const cases: Array<[string, Circuit<unknown>, number, bigint[][]]> = [
      ['lookups', new AtDegree(new ByteLookups(3, rowsOf(3)), 9), K, []],
      ['fibonacci', new AtDegree(new FibonacciCircuit(10), 9), 4, new FibonacciCircuit(10).instances()],
    ];
    for (const [name, circuit, k, instances] of cases) {
      const srs = devSrs(k);
      const pk = await keygen(srs, circuit, k);
      expect(pk.vk.protocol.degree).to.equal(9);
      const lengths = instances.map((c) => c.length);
      const v = await deployGenerated(generateVerifierFile(pk.vk, { contractName: `Degree9${name === 'lookups' ? 'Lookups' : 'Fibonacci'}Verifier`, instanceLengths: lengths }));
      const both = async (proof: Uint8Array, inst: readonly (readonly bigint[])[]) => {
        const ts = verify(pk.vk, inst, proof).ok;
        expect(await v.verify(proof, inst.flat()), `${name}: Solidity agrees with TS`).to.equal(ts);
        return ts;
      };
      const honest = await prove(pk, srs, circuit, instances);
      expect(await both(honest, instances), name).to.equal(true);
      if (instances.length > 0) expect(await both(honest, [[instances[0][0] + 1n, ...instances[0].slice(1)]]), name).to.equal(false);
      for (let i = 0; i < 10; i++) {
        const flipped = honest.slice();
        const bit = (i * 7919 + 13) % (8 * flipped.length);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        expect(await both(flipped, instances), `${name}: bit ${bit}`).to.equal(false);
      }
    }
  });
});
