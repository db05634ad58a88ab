/**
 * Soundness of the MODEXP circuit: one corrupted witness cell per rule; MockProver must name exactly the broken
 * constraints, and (SLOW) the real prover/verifier rejects a wrong result.
 *
 * Witness: 3^5 mod 7 then 2^0 mod 9. Steps (rows): 0 multiply (E = 5, P = 3), 1 square (E = 5, bit 1),
 * 2 square (E = 2, bit 0), 3 multiply (E = 1, last: P = 5, gas 200), 4 the second call (E = 1 from z, last).
 */
import { expect } from 'chai';
import { ModexpCircuit } from '../../../circuits/modexp/index.js';
import { MockProver, synthesize } from '../../../circuits/plonk/index.js';
import { corrupt, expectVerifierRejects, summary, type Edit } from '../gadgets/helpers.js';

const K = 11;
const circuit = () => ModexpCircuit.of([{ base: 3n, exp: 5n, mod: 7n }, { base: 2n, exp: 0n, mod: 9n }]);

const CASES: Array<{ name: string; edits: Edit[]; expect: string[] }> = [
  {
    name: 'a wrong result (the last step\'s P + 1): its MULMOD lookup',
    edits: [{ column: 'modexp p lo', row: 3, value: (v) => v + 1n }],
    expect: ['lookup modexp mulmod@3'],
  },
  {
    name: 'E not halved by a square (E = 3 after 5): the DIV lookups around it and the bit lookup',
    edits: [{ column: 'modexp e lo', row: 2, value: 3n }],
    expect: ['lookup modexp bit@2', 'lookup modexp halve@1', 'lookup modexp halve@2'],
  },
  {
    name: 'a square claims bit 1 after a square (a set bit skipped): the bit rule and the MOD lookup',
    edits: [{ column: 'modexp bit', row: 2, value: 1n }],
    expect: ['gate modexp next step/bit = 1 after a multiply, else 0@2', 'lookup modexp bit@2'],
  },
  {
    name: 'a wrong gas: the gas table lookup',
    edits: [{ column: 'modexp gas', row: 3, value: (v) => v + 1n }],
    expect: ['lookup modexp gas@3'],
  },
  {
    name: 'a square not counted (the iteration count of the gas)',
    edits: [{ column: 'modexp squares', row: 3, value: 1n }],
    expect: ['gate modexp next step/squares counted@3'],
  },
  {
    name: 'a wrong multiplication complexity: the complexity table lookup',
    edits: [{ column: 'modexp complexity', row: 3, value: 9n }],
    expect: ['lookup modexp complexity@3'],
  },
  {
    name: 'an exponent length of 33 (this circuit proves ≤ 32)',
    edits: [{ column: 'modexp exp length', row: 3, value: 33n }],
    expect: ['gate modexp next step/same exp length@3', 'lookup modexp exp length ≤ 32@3'],
  },
  {
    name: 'exp = 0 denied (z = 0 for 2^0): the IsZero and the chain\'s start',
    edits: [{ column: 'modexp exp is zero', row: 4, value: 0n }],
    expect: [
      'gate modexp exp is zero/out = 1 − value·inv@4', 'gate modexp step/first: B lo = z ? 1 : base lo@4', 'gate modexp step/first: E lo = exp lo + z@4',
    ],
  },
  {
    name: 'the chain not started from the base',
    edits: [{ column: 'modexp base lo', row: 0, value: 4n }],
    expect: ['gate modexp next step/same base lo@1', 'gate modexp step/first: B lo = z ? 1 : base lo@0'],
  },
  {
    name: 'R ≠ 1 at a call\'s start',
    edits: [{ column: 'modexp r lo', row: 0, value: 2n }],
    expect: ['gate modexp step/first: R = 1 lo@0', 'lookup modexp mulmod@0'],
  },
  {
    name: 'the modulus changed inside a call',
    edits: [{ column: 'modexp mod lo', row: 2, value: 8n }],
    expect: ['gate modexp next step/same mod lo@2', 'gate modexp next step/same mod lo@3', 'lookup modexp mulmod@2'],
  },
  {
    name: 'a call ended early (last on a square with E = 5)',
    edits: [{ column: 'modexp last', row: 1, value: 1n }],
    expect: [
      'gate modexp next step/starts a call iff the previous step was last@2', 'gate modexp step/the last step has E lo = 1@1',
      'gate modexp step/the last step multiplies@1', 'lookup modexp complexity@1', 'lookup modexp gas@1',
    ],
  },
  {
    name: 'a forged table row (flag 1 past the steps)',
    edits: [{ column: 'modexp last', row: 100, value: 1n }],
    expect: ['gate modexp table flag/last only on step rows@100'],
  },
];

describe('modexp circuit: mutations are rejected (MockProver names the constraint)', function () {
  this.timeout(300_000);
  it('the honest witness passes', () => expect(summary(MockProver.run(K, circuit(), []).verify())).to.deep.equal([]));
  for (const c of CASES) {
    it(c.name, () => expect(summary(MockProver.fromAssignment(corrupt(synthesize(circuit(), K, [], true), c.edits)).verify())).to.have.members(c.expect));
  }
  // keygen + two proofs: 35 s on the shared 2 cores (the arithmetic table's columns), SLOW to keep npm test in budget
  it(`the real prover/verifier (SLOW, k = ${K}): an honest proof verifies, a wrong result is rejected`, async function () {
    if (!process.env.SLOW) this.skip();
    expect(await expectVerifierRejects(circuit(), K, [], CASES[0].edits)).to.deep.equal(CASES[0].expect);
  });
});
