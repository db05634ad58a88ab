import { expect } from 'chai';
import { poseidon1, poseidon2, poseidon3, poseidon4 } from 'poseidon-lite';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { poseidon, PoseidonArityError, PoseidonInputError } from '../../../circuits/poseidon/index.js';
import { hashBranch as specBranch, hashLeaf as specLeaf } from '../../../circuits/smt/hash.js';
import { hashBranch, hashLeaf } from '../../../node/state/index.js';
import { initStatePoseidon, statePoseidon } from '../../../node/state/poseidon.js';
import { Rng } from '../../circuits/field/rng.js';

describe('state/poseidon: the state trees\' wasm Poseidon equals the spec (circuits/poseidon, poseidon-lite)', () => {
  before(() => initStatePoseidon());

  it('every width t = 2..17 on random inputs, edge values 0 and r − 1 included', () => {
    const rng = new Rng(0x905);
    for (let n = 1; n <= 16; n++) {
      for (let k = 0; k < 3; k++) {
        const inputs = Array.from({ length: n }, (_, i) => (k === 0 ? (i % 2 === 0 ? 0n : FR_MODULUS - 1n) : rng.below(FR_MODULUS)));
        expect(statePoseidon(inputs), `${n} inputs`).to.equal(poseidon(inputs));
      }
    }
  });

  it('matches poseidon-lite on the arities the state uses, and the SMT node hashes match circuits/smt', () => {
    const rng = new Rng(0x11e);
    for (let k = 0; k < 20; k++) {
      const [a, b, c, d] = [0, 1, 2, 3].map(() => rng.below(FR_MODULUS));
      expect(statePoseidon([a])).to.equal(poseidon1([a]));
      expect(statePoseidon([a, b])).to.equal(poseidon2([a, b]));
      expect(statePoseidon([a, b, c])).to.equal(poseidon3([a, b, c]));
      expect(statePoseidon([a, b, c, d])).to.equal(poseidon4([a, b, c, d]));
      expect(hashBranch(a, b)).to.equal(specBranch(a, b));
      expect(hashLeaf(a, b)).to.equal(specLeaf(a, b));
    }
  });

  it('refuses what the spec refuses, with the same errors', () => {
    for (const bad of [[FR_MODULUS], [1n, -1n], [2n ** 256n, 0n]]) expect(() => statePoseidon(bad)).to.throw(PoseidonInputError);
    for (const arity of [0, 17]) expect(() => statePoseidon(Array.from({ length: arity }, () => 1n))).to.throw(PoseidonArityError);
  });
});
