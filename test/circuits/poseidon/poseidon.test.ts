import { expect } from 'chai';
import * as lite from 'poseidon-lite';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import {
  poseidon, poseidonParams, PoseidonArityError, PoseidonInputError, PoseidonParameterError, POSEIDON_MAX_INPUTS,
} from '../../../circuits/poseidon/index.js';
import { Rng } from '../field/rng.js';

const LITE: ((inputs: bigint[]) => bigint)[] = [
  lite.poseidon1, lite.poseidon2, lite.poseidon3, lite.poseidon4, lite.poseidon5, lite.poseidon6, lite.poseidon7,
  lite.poseidon8, lite.poseidon9, lite.poseidon10, lite.poseidon11, lite.poseidon12, lite.poseidon13, lite.poseidon14,
  lite.poseidon15, lite.poseidon16,
];

describe('poseidon (circomlib-compatible, BN254 Fr)', () => {
  it('known answers', () => {
    // circomlib / circomlibjs test vectors
    expect(poseidon([1n, 2n])).to.equal(7853200120776062878684798364095072458815029376092732009249414926327459813530n);
    expect(poseidon([1n])).to.equal(18586133768512220936620570745912940619677854269274689475585506675881198879027n);
    expect(poseidon([1n, 2n, 3n, 4n])).to.equal(18821383157269793795438455681495246036402687001665670618754263018637548127333n);
    expect(poseidon([1n, 2n, 0n, 0n, 0n])).to.equal(1018317224307729531995786483840663576608797660851238720571059489595066344487n);
  });

  it('first round constant and MDS entry of t = 3 are those of circomlib', () => {
    const p = poseidonParams(3);
    expect(p.roundsPartial).to.equal(57);
    expect(p.roundConstants).to.have.length((8 + 57) * 3);
    expect(p.roundConstants[0]).to.equal(0x0ee9a592ba9a9518d05986d656f40c2114c4993c11bb29938d21d47304cd8e6en);
    expect(p.mds[0][0]).to.equal(0x109b7f411ba0e4c9b2b70caf5c36a7b194be7c11ad24378bfedb68592ba8118bn);
  });

  it('equals poseidon-lite on random inputs for every width t = 2..17', () => {
    const rng = new Rng(0x5e1d);
    for (let n = 1; n <= POSEIDON_MAX_INPUTS; n++) {
      const cases = n <= 4 ? 60 : 6;
      for (let c = 0; c < cases; c++) {
        const inputs = Array.from({ length: n }, () => (rng.int(4) === 0 ? BigInt(rng.int(3)) : rng.below(FR_MODULUS)));
        expect(poseidon(inputs), `n=${n} inputs=${inputs}`).to.equal(LITE[n - 1](inputs));
      }
    }
  });

  it('accepts r − 1 and rejects inputs ≥ r or negative', () => {
    expect(poseidon([FR_MODULUS - 1n])).to.equal(lite.poseidon1([FR_MODULUS - 1n]));
    expect(() => poseidon([1n, FR_MODULUS])).to.throw(PoseidonInputError, /input 1/);
    expect(() => poseidon([1n << 255n])).to.throw(PoseidonInputError);
    expect(() => poseidon([-1n])).to.throw(PoseidonInputError);
  });

  it('rejects unsupported arities and widths', () => {
    expect(() => poseidon([])).to.throw(PoseidonArityError);
    expect(() => poseidon(new Array<bigint>(17).fill(0n))).to.throw(PoseidonArityError);
    expect(() => poseidonParams(1)).to.throw(PoseidonParameterError);
    expect(() => poseidonParams(18)).to.throw(PoseidonParameterError);
  });

  it('is reentrant across widths (scratch state is per width and reset per call)', () => {
    const a = poseidon([3n, 4n]);
    poseidon([5n]);
    poseidon([6n, 7n, 8n]);
    expect(poseidon([3n, 4n])).to.equal(a);
  });
});
