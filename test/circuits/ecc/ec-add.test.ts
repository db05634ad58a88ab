import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { FQ_MODULUS } from '../../../circuits/field/constants.js';
import { fromNoble, type G1Affine } from '../../../circuits/curve/g1.js';
import { EcAddCircuit, EC_ADD_TABLE_FIELDS, type EcAddCall } from '../../../circuits/ecc/index.js';
import { NonNativeChip, elementValue } from '../../../circuits/gadgets/index.js';
import { synthesize } from '../../../circuits/plonk/index.js';
import { Rng } from '../field/rng.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { withCaller } from './caller.js';
import { ecAddReference, ecAddRow } from '../../../circuits/ecc/reference.js';

const K = 10;
const P = FQ_MODULUS;
const rng = new Rng(0xec06);
const G = bn254.G1.Point.BASE;
const randomPoint = (): G1Affine => fromNoble(G.multiply(rng.below(bn254.fields.Fr.ORDER - 1n) + 1n));
const neg = (a: G1Affine): G1Affine => ({ x: a.x, y: a.y === 0n ? 0n : P - a.y });
const call = (a: G1Affine, b: G1Affine): EcAddCall => ({ x1: a.x, y1: a.y, x2: b.x, y2: b.y });
const O: G1Affine = { x: 0n, y: 0n };

/** EIP-196 ecAdd by @noble/curves (ecc/reference.ts, which the EVM witness builder checks @ethereumjs against). */
const expectedRow = ecAddRow;

const A = randomPoint();
const B = randomPoint();
const CASES: Array<[string, EcAddCall]> = [
  ['random P + Q', call(A, B)],
  ['doubling P + P', call(A, A)],
  ['P + (−P) = O', call(A, neg(A))],
  ['O + P = P', call(O, B)],
  ['P + O = P', call(B, O)],
  ['O + O = O', call(O, O)],
  ['G + G (generator (1, 2))', call({ x: 1n, y: 2n }, { x: 1n, y: 2n })],
  ['invalid: x1 ≥ p (x + p, same residue)', { ...call(A, B), x1: A.x + P }],
  ['invalid: y2 = 2^256 − 1', { ...call(A, B), y2: (1n << 256n) - 1n }],
  ['invalid: (1, 3) not on the curve', call({ x: 1n, y: 3n }, B)],
  ['invalid: (0, 1) is neither on the curve nor infinity', call(A, { x: 0n, y: 1n })],
];

describe('ecc: ecAdd (0x06) over non-native BN254 Fq', function () {
  this.timeout(180_000);

  for (const [name, c] of CASES) {
    it(`${name}: table row matches @noble/curves; MockProver passes`, () => {
      const circuit = new EcAddCircuit([c]);
      expect(honestFailures(circuit, K)).to.deep.equal([]);
      const r = circuit.results[0];
      expect(r.row.map((cell) => cell.value)).to.deep.equal(expectedRow(c));
      const ref = ecAddReference(c);
      expect([r.success.value, elementValue(r.x), elementValue(r.y)]).to.deep.equal([ref.success ? 1n : 0n, ref.x, ref.y]);
    });
  }

  it(`the table has ${EC_ADD_TABLE_FIELDS.length} columns and a call fits k = ${K}`, () => {
    const a = synthesize(new EcAddCircuit([CASES[0][1]]), K, [], false);
    const region = a.regions.find((r) => r.name === 'ecAdd 0')!;
    expect(region.rows).to.be.below((1 << K) - 1);
    expect(a.cs.maxGateDegree()).to.be.at.most(4);
  });

  describe('mutations, named by MockProver', () => {
    const circuit = new EcAddCircuit([CASES[0][1]]);
    synthesize(circuit, K, [], true);
    const r = circuit.results[0];
    const success = r.success.row;

    // flag rows: success is the third row of its and-block; the next flag block (need) copies it as its first input
    it('success flipped to 0 on a valid call fails its and-gate and every copy that reads it', () => {
      const selects = [r.x, r.y].map((e) => `copy flag@${success}~nn aux@${e.limbs[0].row - 6}`);
      expect(failuresAfter(circuit, K, [], [{ column: 'flag', row: success, value: 0n }])).to.deep.equal([
        `copy flag@${success}~ecadd success@0`, `copy flag@${success}~flag@${success + 4}`, ...selects, `gate flag and/out = a·b@${success - 2}`,
      ]);
    });

    it('an output limb + 1 fails the final select and the copy into the output word block', () => {
      const limb = r.x.limbs[0].row;
      expect(failuresAfter(circuit, K, [], [{ column: 'nn v', row: limb, value: (v) => v + 1n }])).to.deep.equal([
        `copy nn v@${limb}~nn v@${r.words[0].row - 1}`, `gate fq select/limb 0: r = b + cond·(a − b)@${limb - 6}`,
      ]);
    });

    it('a wrong output word in the precompile table fails its copy constraint only', () => {
      expect(failuresAfter(circuit, K, [], [{ column: 'ecadd x3 lo', row: 0, value: (v) => v + 1n }]))
        .to.deep.equal([`copy nn aux@${r.words[0].row}~ecadd x3 lo@0`]);
    });

    it('an x1 ≥ p claimed in range (overflow flag 0) fails the canonical top column (the rest are its copies)', () => {
      const bad = new EcAddCircuit([CASES.find(([n]) => n.startsWith('invalid: x1'))![1]]);
      const row = 2 * NonNativeChip.CONSTANT_ROWS; // x1's canonical block follows the constants 0 and 3
      const f = failuresAfter(bad, K, [], [{ column: 'nn aux', row, value: 0n }]);
      expect(f.filter((x) => !x.startsWith(`copy nn aux@${row}~`))).to.deep.equal([`gate fq canonical/column 2: x + d + e1 = p − 1 + f·2^80@${row}`]);
    });
    it('(1, 3) claimed on the curve (equality flag 1, inverse 0) fails "value·out = 0" (the rest are copies of the flag)', () => {
      const bad = new EcAddCircuit([CASES.find(([n]) => n.startsWith('invalid: (1, 3)'))![1]]);
      // P's on-curve equality follows the constants, x1/y1 (canonical, substitute, zero test) and y², x², x³, x³ + 3
      const N = NonNativeChip;
      const row = 2 * N.CONSTANT_ROWS + 2 * (N.CANONICAL_ROWS + N.SELECT_ROWS + N.EQUAL_ROWS) + 4 * N.OP_ROWS;
      const f = failuresAfter(bad, K, [], [{ column: 'nn aux', row, value: 1n }, { column: 'nn inverse', row, value: 0n }]);
      expect(f.filter((x) => !x.startsWith(`copy nn aux@${row}~`))).to.deep.equal([`gate fq equal/value·out = 0@${row}`]);
    });
  });

  describe('the precompile table as a lookup target (how the EVM circuit will use it)', () => {
    const valid = CASES[0][1];
    const invalid = CASES.find(([n]) => n.startsWith('invalid: (1, 3)'))![1];
    const at = (c: EcAddCall, claimed: bigint[]) => honestFailures(withCaller(new EcAddCircuit([c]), claimed), K);

    it('a caller claiming the proven tuple passes; a wrong output word or a claimed success on invalid input fails the lookup', () => {
      expect(at(valid, expectedRow(valid))).to.deep.equal([]);
      const wrongOutput = expectedRow(valid).map((v, i) => (EC_ADD_TABLE_FIELDS[i] === 'y3 hi' ? v + 1n : v));
      expect(at(valid, wrongOutput)).to.deep.equal(['lookup precompile call@0']);
      expect(at(invalid, [1n, ...expectedRow(invalid).slice(1)])).to.deep.equal(['lookup precompile call@0']);
    });

    it('the all-zero tuple (what unused rows hold) is not found: the fixed enabled tag', () => {
      expect(at(valid, EC_ADD_TABLE_FIELDS.map(() => 0n))).to.deep.equal(['lookup precompile call@0']);
    });
  });

  describe(`real prover (k = ${K})`, () => {
    const circuit = new EcAddCircuit([CASES[0][1]]);
    synthesize(circuit, K, [], true);
    const r = circuit.results[0];

    it('an honest ecAdd proves and verifies; a flipped success flag is rejected', async () => {
      const row = r.success.row;
      const f = await expectVerifierRejects(circuit, K, [], [{ column: 'flag', row, value: 0n }]);
      expect(f).to.include(`gate flag and/out = a·b@${row - 2}`);
    });

    it('an output limb + 1 is rejected (the same key)', async () => {
      const limb = r.x.limbs[0].row;
      expect(await expectVerifierRejects(circuit, K, [], [{ column: 'nn v', row: limb, value: (v) => v + 1n }])).to.deep.equal([
        `copy nn v@${limb}~nn v@${r.words[0].row - 1}`, `gate fq select/limb 0: r = b + cond·(a − b)@${limb - 6}`,
      ]);
    });
  });
});
