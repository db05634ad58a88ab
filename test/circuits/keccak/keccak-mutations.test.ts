/**
 * Soundness of the keccak circuit: one corrupted witness cell (or a few, for a table-consistent
 * attack) per gate family and per lookup kind; MockProver must name exactly the broken
 * constraints. (keccak-prover.test.ts: the real prover/verifier.)
 */
import { expect } from 'chai';
import { KeccakCircuit, LAYOUT, ROWS_PER_BLOCK } from '../../../circuits/keccak/index.js';
import { pow8, toSparse } from '../../../circuits/keccak/sparse.js';
import { MockProver, synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { corrupt, summary, type Edit } from '../gadgets/helpers.js';

const text = (s: string) => new TextEncoder().encode(s);
const K = 12;

/** Applies the edits, returns MockProver's failure summary, restores the cells. */
function failuresWith(a: Assignment, edits: readonly Edit[]): string[] {
  const saved = edits.map((e) => {
    const col = a.cs.advice.find((c) => c.name === e.column);
    if (!col) throw new Error(`no advice column "${e.column}"`);
    return { col: col.index, row: e.row, value: a.advice[col.index][e.row] };
  });
  corrupt(a, edits);
  const out = summary(MockProver.fromAssignment(a).verify());
  for (const s of saved.reverse()) a.advice[s.col][s.row] = s.value;
  return out;
}

interface Case { name: string; edits: Edit[]; expect: string[] }

const col = (n: string) => `keccak ${n}`;
const D = LAYOUT.digest;

// "abc": bytes 0…2 data, byte 3 = 0x01, bytes 4…134 = 0, byte 135 = 0x80; one block at rows 0…1486
const ONE_BLOCK: Case[] = [
  {
    name: 'one flipped bit in a lane (θ output, round 5, lane 7 → B[1][2]): its recombination and its three χ copies',
    edits: [{ column: col('out'), row: LAYOUT.theta(5, 7), value: (v) => v ^ pow8(10) }],
    expect: [
      `copy keccak out@${LAYOUT.theta(5, 7)}~keccak op0@${LAYOUT.chi(5, 11)}`,
      `copy keccak out@${LAYOUT.theta(5, 7)}~keccak op1@${LAYOUT.chi(5, 10)}`,
      `copy keccak out@${LAYOUT.theta(5, 7)}~keccak op2@${LAYOUT.chi(5, 14)}`,
      `gate keccak normalize/out = Σ part out · weight@${LAYOUT.theta(5, 7)}`,
    ],
  },
  {
    name: 'one sparse digit of a χ part changed (still a table entry): the part no longer sums to the input',
    edits: [{ column: col('part in 3'), row: LAYOUT.chi(5, 7), value: (v) => v + 1n }],
    expect: [`gate keccak normalize/in = Σ part in · weight@${LAYOUT.chi(5, 7)}`],
  },
  {
    name: 'a part mapped wrongly (θ row, slot 0 out + 1): the lookup and the recombination',
    edits: [{ column: col('part out 0'), row: LAYOUT.theta(5, 7), value: (v) => v + 1n }],
    expect: [`gate keccak normalize/out = Σ part out · weight@${LAYOUT.theta(5, 7)}`, `lookup keccak slot 0@${LAYOUT.theta(5, 7)}`],
  },
  {
    name: 'a digit out of the map\'s range (θ-sum part digit 7): the lookup',
    edits: [
      { column: col('part in 2'), row: LAYOUT.thetaSum(4, 1), value: (v) => v + 7n * pow8(1) },
      { column: col('part in 3'), row: LAYOUT.thetaSum(4, 1), value: (v) => v - 1n },
    ],
    // part 2 gains 7·8^5 overall, part 3 (weight 8^12 = 8^4·8^8)… the sum changes too: both are named
    expect: [`gate keccak normalize/in = Σ part in · weight@${LAYOUT.thetaSum(4, 1)}`, `lookup keccak slot 2@${LAYOUT.thetaSum(4, 1)}`, `lookup keccak slot 3@${LAYOUT.thetaSum(4, 1)}`],
  },
  {
    name: 'rot1(C) wrong in a θ-sum row: its gate and its five θ copies',
    edits: [{ column: col('out rot1'), row: LAYOUT.thetaSum(3, 2), value: (v) => v + 1n }],
    expect: [
      ...[0, 1, 2, 3, 4].map((y) => `copy keccak out rot1@${LAYOUT.thetaSum(3, 2)}~keccak op2@${LAYOUT.theta(3, 1 + 5 * y)}`),
      `gate keccak theta sum/out rot1 = rot1(out)@${LAYOUT.thetaSum(3, 2)}`,
    ],
  },
  {
    name: 'θ input without the previous round\'s ι (lane 0, round 1)',
    edits: [{ column: col('in'), row: LAYOUT.theta(1, 0), value: (v) => v - toSparse(0x1n) }],
    expect: [`gate keccak normalize/in = Σ part in · weight@${LAYOUT.theta(1, 0)}`, `gate keccak theta/in = A + C[x-1] + rot1(C[x+1]) + iota@${LAYOUT.theta(1, 0)}`],
  },
  {
    name: 'χ input off by one',
    edits: [{ column: col('op1'), row: LAYOUT.chi(7, 3), value: (v) => v + 1n }],
    expect: [`copy keccak out@${LAYOUT.theta(7, 24)}~keccak op1@${LAYOUT.chi(7, 3)}`, `gate keccak chi/in = 3 - 2a + b - c@${LAYOUT.chi(7, 3)}`],
  },
  {
    name: 'wrong padding byte (0x02 for 0x01 after "abc"): the padding gate and the byte lookup',
    edits: [{ column: col('part out 0'), row: 3, value: 2n }],
    expect: ['gate keccak next byte/padding@3', 'lookup keccak slot 0@3'],
  },
  {
    name: 'SHA3 padding 0x06 (byte and sparse byte consistent): the padding gate and the lane accumulator',
    edits: [{ column: col('part out 0'), row: 3, value: 6n }, { column: col('part in 0'), row: 3, value: toSparse(6n, 8) }],
    expect: ['gate keccak byte/lane accumulator@3', 'gate keccak next byte/padding@3'],
  },
  {
    name: 'final padding bit 0x80 dropped',
    edits: [{ column: col('part out 0'), row: 135, value: 0n }, { column: col('part in 0'), row: 135, value: 0n }],
    expect: ['gate keccak byte/lane accumulator@135', 'gate keccak next byte/padding@135'],
  },
  {
    name: 'wrong length in the digest row',
    edits: [{ column: col('table index/length'), row: D, value: 4n }],
    expect: [`gate keccak digest/table length@${D}`],
  },
  {
    name: 'wrong length count (running length + 1 at the last byte)',
    edits: [{ column: col('length'), row: 135, value: (v) => v + 1n }],
    expect: [`copy keccak length@135~keccak length@${D}`, 'gate keccak next byte/length@135'],
  },
  {
    name: 'wrong output lo',
    edits: [{ column: col('table hash lo'), row: D, value: (v) => v + 1n }],
    expect: [`gate keccak digest/table hash lo@${D}`],
  },
  {
    name: 'wrong output hi',
    edits: [{ column: col('table hash hi'), row: D, value: (v) => v ^ 1n }],
    expect: [`gate keccak digest/table hash hi@${D}`],
  },
  {
    name: 'an input byte changed in the table only',
    edits: [{ column: col('table byte'), row: 1, value: 0x63n }],
    expect: ['gate keccak byte/table byte@1'],
  },
  {
    name: 'an input byte changed on its whole row (table, byte, sparse byte): the lane accumulator',
    edits: [{ column: col('table byte'), row: 1, value: 0x63n }, { column: col('part out 0'), row: 1, value: 0x63n }, { column: col('part in 0'), row: 1, value: toSparse(0x63n, 8) }],
    expect: ['gate keccak byte/lane accumulator@1'],
  },
  {
    name: 'a padding byte listed as input (data flag set, table row filled)',
    edits: [
      { column: col('data'), row: 3, value: 1n }, { column: col('table kind'), row: 3, value: 1n },
      { column: col('table id'), row: 3, value: 1n }, { column: col('table index/length'), row: 3, value: 3n },
      { column: col('table byte'), row: 3, value: 1n },
    ],
    expect: ['gate keccak byte/table index@3', 'gate keccak next byte/length@3', 'gate keccak next byte/padding@4'],
  },
  {
    name: 'a forged digest row (kind 2 on a round row)',
    edits: [{ column: col('table kind'), row: LAYOUT.chi(0, 0), value: 2n }],
    expect: [`gate keccak table kind/kind = data on byte rows, 2·last on digest rows, else 0@${LAYOUT.chi(0, 0)}`],
  },
  {
    name: 'garbage in an unused lookup slot (slot 9 of a byte row)',
    edits: [{ column: col('part out 9'), row: 5, value: 1n }],
    expect: ['lookup keccak slot 9@5'],
  },
];

describe('keccak circuit: mutations are rejected (MockProver names the constraint)', function () {
  this.timeout(300_000);
  let a: Assignment;
  before(() => { a = synthesize(KeccakCircuit.of([text('abc')]), K, [], true); });

  it('the honest witness of "abc" satisfies every constraint', () => {
    expect(summary(MockProver.fromAssignment(a).verify())).to.deep.equal([]);
  });
  for (const c of ONE_BLOCK) it(c.name, () => expect(failuresWith(a, c.edits)).to.deep.equal(c.expect));

  describe('two hashes ("" then "abc"): block chaining', () => {
    let b: Assignment;
    const B1 = ROWS_PER_BLOCK;
    before(() => { b = synthesize(KeccakCircuit.of([text(''), text('abc')]), K, [], true); });

    it('state not reset at a new hash (cont = 1 in an absorb row)', () => {
      expect(failuresWith(b, [{ column: col('op3'), row: B1 + LAYOUT.absorb(4), value: 1n }])).to.deep.equal([
        `copy keccak data@135~keccak op3@${B1 + LAYOUT.absorb(4)}`,
        `gate keccak absorb/in = cont·(A + iota) + block@${B1 + LAYOUT.absorb(4)}`,
      ]);
    });
    it('hash id not incremented at a new hash', () => {
      expect(failuresWith(b, [{ column: col('hash id'), row: B1, value: 1n }])).to.deep.equal([
        `gate keccak byte/table id@${B1}`, `gate keccak first byte/hash id@${B1}`, `gate keccak next byte/same hash id@${B1 + 1}`,
      ]);
    });
  });
});
