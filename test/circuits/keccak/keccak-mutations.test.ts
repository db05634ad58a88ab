/**
 * Soundness of the keccak circuit: one corrupted witness cell (or a few, for a table-consistent
 * attack) per gate family and per lookup kind; MockProver must name exactly the broken
 * constraints. (keccak-prover.test.ts: the real prover/verifier.)
 *
 * Two steps per row (units 0 and 1), so placement across units and copies between them are
 * exercised. The corruptions sit on distinct rows and touch distinct constraints, so they are
 * applied together and checked by one MockProver run: each case's failures must be reported, and
 * nothing else may be (the last test).
 */
import { expect } from 'chai';
import { KeccakCircuit, keccakLayout, unitColumn, type Place } from '../../../circuits/keccak/index.js';
import { lane, pow8, toSparse } from '../../../circuits/keccak/sparse.js';
import { MockProver, synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { corrupt, summary, type Edit } from '../gadgets/helpers.js';

const text = (s: string) => new TextEncoder().encode(s);
const K = 12;
const UNITS = 2;
const L = keccakLayout(UNITS);
const D = L.digest.row;

/** The cell `name` of the unit at `p` (row offset + `base`, for a later block). */
const cell = (p: Place, name: string, base = 0) => ({ column: unitColumn(p.unit, name), row: base + p.row });
const at = (p: Place, name: string, base = 0) => { const c = cell(p, name, base); return `${c.column}@${c.row}`; };
const gate = (p: Place, family: string, constraint: string, base = 0) => `gate ${unitColumn(p.unit, family)}/${constraint}@${base + p.row}`;
const slot = (p: Place, j: number) => `lookup ${unitColumn(p.unit, `slot ${j}`)}@${p.row}`;
const edit = (p: Place, name: string, value: Edit['value']): Edit => ({ ...cell(p, name), value });
const byteCol = (n: string) => `keccak ${n}`;
const NORM_IN = 'in = Σ part in · weight';
const NORM_OUT = 'out = Σ part out · weight';

/** Where θ's output for lane l goes: B[y][2x + 3y]. */
const thetaTarget = (l: number) => lane(Math.floor(l / 5), 2 * (l % 5) + 3 * Math.floor(l / 5));
const thetaOf = (b: number) => Array.from({ length: 25 }, (_, l) => l).find((l) => thetaTarget(l) === b)!;

interface Case { name: string; edits: Edit[]; expect: string[] }

/** "abc": bytes 0…2 data, byte 3 = 0x01, bytes 4…134 = 0, byte 135 = 0x80; one block. */
const ONE_BLOCK: Case[] = [
  (() => {
    const th = L.theta(5, 7);
    const b = thetaTarget(7); // B[1][2] = lane 11: op0 of χ 11, op1 of χ 10, op2 of χ 14
    return {
      name: 'one flipped bit in a lane (θ output, round 5, lane 7): its recombination and its three χ copies',
      edits: [edit(th, 'out', (v) => v ^ pow8(10))],
      expect: [
        `copy ${at(th, 'out')}~${at(L.chi(5, b), 'op0')}`,
        `copy ${at(th, 'out')}~${at(L.chi(5, lane(0, 2)), 'op1')}`,
        `copy ${at(th, 'out')}~${at(L.chi(5, lane(4, 2)), 'op2')}`,
        gate(th, 'normalize', NORM_OUT),
      ],
    };
  })(),
  {
    name: 'one sparse digit of a χ part changed (still a table entry): the part no longer sums to the input',
    edits: [edit(L.chi(6, 7), 'part in 3', (v) => v + 1n)],
    expect: [gate(L.chi(6, 7), 'normalize', NORM_IN)],
  },
  {
    name: 'a part mapped wrongly (θ step, slot 0 out + 1): the lookup and the recombination',
    edits: [edit(L.theta(7, 7), 'part out 0', (v) => v + 1n)],
    expect: [gate(L.theta(7, 7), 'normalize', NORM_OUT), slot(L.theta(7, 7), 0)],
  },
  {
    name: 'a digit out of the map\'s range (θ-sum part digit 7): the lookups',
    edits: [
      edit(L.thetaSum(4, 1), 'part in 2', (v) => v + 7n * pow8(1)),
      edit(L.thetaSum(4, 1), 'part in 3', (v) => v - 1n),
    ],
    expect: [gate(L.thetaSum(4, 1), 'normalize', NORM_IN), slot(L.thetaSum(4, 1), 2), slot(L.thetaSum(4, 1), 3)],
  },
  {
    name: 'rot1(C) wrong in a θ-sum step: its gate and its five θ copies',
    edits: [edit(L.thetaSum(3, 2), 'out rot1', (v) => v + 1n)],
    expect: [
      ...[0, 1, 2, 3, 4].map((y) => `copy ${at(L.thetaSum(3, 2), 'out rot1')}~${at(L.theta(3, 1 + 5 * y), 'op2')}`),
      gate(L.thetaSum(3, 2), 'theta sum', 'out rot1 = rot1(out)'),
    ],
  },
  {
    name: 'θ input not A + C[x−1] + rot1(C[x+1]) (lane 0, round 8)',
    edits: [edit(L.theta(8, 0), 'in', (v) => v - 1n)],
    expect: [gate(L.theta(8, 0), 'normalize', NORM_IN), gate(L.theta(8, 0), 'theta', 'in = A + C[x-1] + rot1(C[x+1])')],
  },
  (() => {
    const p = L.chi(9, 3);
    const src = L.theta(9, thetaOf(lane(4, 0)));
    return {
      name: 'χ operand off by one',
      edits: [edit(p, 'op1', (v) => v + 1n)],
      expect: [`copy ${at(src, 'out')}~${at(p, 'op1')}`, gate(p, 'chi', 'in = 3 - 2a + b - c')],
    };
  })(),
  {
    name: 'ι input without the round constant (round 10)',
    edits: [edit(L.iota(10), 'in', (v) => v - 1n)],
    expect: [gate(L.iota(10), 'iota', 'in = A + RC'), gate(L.iota(10), 'normalize', NORM_IN)],
  },
  {
    name: 'absorb input not cont·A + block (lane 3)',
    edits: [edit(L.absorb(3), 'in', (v) => v + 1n)],
    expect: [gate(L.absorb(3), 'absorb', 'in = cont·A + block'), gate(L.absorb(3), 'normalize', NORM_IN)],
  },
  {
    name: 'squeeze input not the lane (lane 2)',
    edits: [edit(L.squeeze(2), 'in', (v) => v + 1n)],
    expect: [gate(L.squeeze(2), 'normalize', NORM_IN), gate(L.squeeze(2), 'squeeze', 'in = lane')],
  },
  {
    name: 'wrong padding byte (0x02 for a zero, sparse byte unchanged): the padding gate and the byte lookup',
    edits: [{ column: byteCol('byte'), row: 20, value: 2n }],
    expect: ['gate keccak next byte/padding@20', 'lookup keccak byte@20'],
  },
  {
    name: 'SHA3 padding 0x06 on byte 7 (byte and sparse byte consistent): the padding gate and the lane accumulator',
    edits: [{ column: byteCol('byte'), row: 7, value: 6n }, { column: byteCol('sparse byte'), row: 7, value: toSparse(6n, 8) }],
    expect: ['gate keccak byte/lane accumulator@7', 'gate keccak next byte/padding@7'],
  },
  {
    name: 'final padding bit 0x80 dropped',
    edits: [{ column: byteCol('byte'), row: 135, value: 0n }, { column: byteCol('sparse byte'), row: 135, value: 0n }],
    expect: ['gate keccak byte/lane accumulator@135', 'gate keccak next byte/padding@135'],
  },
  {
    name: 'wrong length in the digest row',
    edits: [{ column: byteCol('table index/length'), row: D, value: 4n }],
    expect: [`gate keccak digest/table length@${D}`],
  },
  {
    name: 'wrong length count (running length + 1 at the last byte)',
    edits: [{ column: byteCol('length'), row: 135, value: (v) => v + 1n }],
    expect: [`copy keccak length@135~keccak length@${D}`, 'gate keccak next byte/length@135'],
  },
  {
    name: 'wrong output lo',
    edits: [{ column: byteCol('table hash lo'), row: D, value: (v) => v + 1n }],
    expect: [`gate keccak digest/table hash lo@${D}`],
  },
  {
    name: 'wrong output hi (the squeezed half it copies)',
    edits: [edit(L.digest, 'op0', (v) => v + 1n)],
    expect: [`copy ${at(L.squeeze(0), 'out')}~${at(L.digest, 'op0')}`, `gate keccak digest/table hash hi@${D}`],
  },
  {
    name: 'an input byte changed in the table only',
    edits: [{ column: byteCol('table byte'), row: 1, value: 0x63n }],
    expect: ['gate keccak byte/table byte@1'],
  },
  {
    name: 'an input byte changed on its whole row (table, byte, sparse byte): the lane accumulator',
    edits: [
      { column: byteCol('table byte'), row: 2, value: 0x64n }, { column: byteCol('byte'), row: 2, value: 0x64n },
      { column: byteCol('sparse byte'), row: 2, value: toSparse(0x64n, 8) },
    ],
    expect: ['gate keccak byte/lane accumulator@2'],
  },
  {
    name: 'a padding byte listed as input (data flag set, table row filled)',
    edits: [
      { column: byteCol('data'), row: 3, value: 1n }, { column: byteCol('table kind'), row: 3, value: 1n },
      { column: byteCol('table id'), row: 3, value: 1n }, { column: byteCol('table index/length'), row: 3, value: 3n },
      { column: byteCol('table byte'), row: 3, value: 1n },
    ],
    expect: ['gate keccak byte/table index@3', 'gate keccak next byte/length@3', 'gate keccak next byte/padding@4'],
  },
  {
    name: 'a forged digest row (kind 2 on a row past the bytes)',
    edits: [{ column: byteCol('table kind'), row: 200, value: 2n }],
    expect: ['gate keccak table kind/kind = data on byte rows, 2·last on digest rows, else 0@200'],
  },
  {
    name: 'garbage in an unused lookup slot (slot 9 of unit 0 on the digest row)',
    edits: [edit(L.digest, 'part out 9', 1n)],
    expect: [slot(L.digest, 9)],
  },
  {
    name: 'garbage in the byte lookup past the bytes',
    edits: [{ column: byteCol('sparse byte'), row: 300, value: 1n }],
    expect: ['lookup keccak byte@300'],
  },
  {
    name: 'the first hash id is not 1',
    edits: [{ column: byteCol('hash id'), row: 0, value: 2n }],
    expect: ['gate keccak byte/table id@0', 'gate keccak first block/hash id@0', 'gate keccak next byte/same hash id@1'],
  },
];

describe(`keccak circuit: mutations are rejected (MockProver names the constraint; ${UNITS} steps per row)`, function () {
  this.timeout(300_000);
  let a: Assignment;
  let failures: string[];
  before(() => {
    a = synthesize(KeccakCircuit.of([text('abc')], undefined, UNITS), K, [], true);
    expect(summary(MockProver.fromAssignment(a).verify()), 'the honest witness of "abc"').to.deep.equal([]);
    failures = summary(MockProver.fromAssignment(corrupt(a, ONE_BLOCK.flatMap((c) => c.edits))).verify());
  });

  it('the cases touch distinct cells', () => {
    const cells = ONE_BLOCK.flatMap((c) => c.edits.map((e) => `${e.column}@${e.row}`));
    expect(new Set(cells).size).to.equal(cells.length);
  });
  for (const c of ONE_BLOCK) it(c.name, () => expect(failures).to.include.members(c.expect));
  it('nothing else fails', () => expect(failures).to.have.members([...new Set(ONE_BLOCK.flatMap((c) => c.expect))]));

  describe('two hashes ("" then "abc"): block chaining', () => {
    const B1 = L.rows;
    let b: Assignment;
    let chained: string[];
    // each on its own block-1 rows: the absorb of lane 4 and the byte rows' ids
    const resetCase: Case = {
      name: 'state not reset at a new hash (cont = 1 in an absorb step)',
      edits: [{ ...cell(L.absorb(4), 'op2', B1), value: 1n }],
      expect: [`copy keccak data@135~${at(L.absorb(4), 'op2', B1)}`, gate(L.absorb(4), 'absorb', 'in = cont·A + block', B1)],
    };
    const idCase: Case = {
      name: 'hash id not incremented at a new hash (the first byte reads the previous digest row)',
      edits: [{ column: byteCol('hash id'), row: B1, value: 1n }],
      expect: [`gate keccak byte/table id@${B1}`, `gate keccak first byte/hash id@${B1}`, `gate keccak next byte/same hash id@${B1 + 1}`],
    };
    before(() => {
      b = synthesize(KeccakCircuit.of([text(''), text('abc')], undefined, UNITS), K, [], true);
      chained = summary(MockProver.fromAssignment(corrupt(b, [...resetCase.edits, ...idCase.edits])).verify());
    });
    for (const c of [resetCase, idCase]) it(c.name, () => expect(chained).to.include.members(c.expect));
    it('nothing else fails', () => expect(chained).to.have.members([...resetCase.expect, ...idCase.expect]));
  });
});
