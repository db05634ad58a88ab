import { expect } from 'chai';
import { ConstraintSystem, synthesize, type Layouter } from '../../../circuits/plonk/index.js';
import { BitwiseChip, BitwiseTable, type BitwiseOp } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures } from './helpers.js';

const W = 4;
const K = 9;
const rng = new Rng(0xb175);
const OPS: BitwiseOp[] = ['and', 'or', 'xor', 'not'];
const ROWS: Array<{ op: BitwiseOp; a: bigint; b: bigint }> = [];
for (let i = 0; i < 24; i++) ROWS.push({ op: OPS[i % 4], a: rng.bits(W), b: i % 4 === 3 ? 0n : rng.bits(W) });
ROWS.push({ op: 'xor', a: 15n, b: 15n }, { op: 'or', a: 0n, b: 0n }, { op: 'and', a: 15n, b: 15n }, { op: 'not', a: 0n, b: 0n });

const reference = ({ op, a, b }: (typeof ROWS)[number]) => (op === 'and' ? a & b : op === 'or' ? a | b : op === 'xor' ? a ^ b : 15n - a);

function circuit(rows = ROWS) {
  return new TestCircuit<{ table: BitwiseTable; chip: BitwiseChip }>((cs) => {
    const table = BitwiseTable.configure(cs, 'nibble and', W);
    const [a, b, out, and] = ['a', 'b', 'out', 'and'].map((n) => cs.adviceColumn(n));
    return { table, chip: BitwiseChip.configure(cs, 'bitwise', table, a, b, out, and) };
  }, (cfg, layouter: Layouter) => {
    cfg.table.load(layouter);
    layouter.assignRegion('ops', (region) => rows.forEach(({ op, a, b }, i) => cfg.chip.assign(region, i, op, a, b)));
  });
}

describe(`gadgets: bitwise AND/OR/XOR/NOT through one AND table (w = ${W} bits, k = ${K})`, () => {
  it('random and edge operands of every op match BigInt, MockProver passes', () => {
    expect(honestFailures(circuit(), K)).to.deep.equal([]);
    const a = synthesize(circuit(), K, [], true);
    const out = a.cs.advice.find((c) => c.name === 'out')!;
    expect(ROWS.map((_, i) => a.advice[out.index][i])).to.deep.equal(ROWS.map(reference));
  });

  it('a wrong XOR output fails the xor gate only', () => {
    const row = ROWS.findIndex((r) => r.op === 'xor');
    expect(failuresAfter(circuit(), K, [], [{ column: 'out', row, value: (v) => v ^ 1n }])).to.deep.equal([`gate bitwise/xor: out = a + b − 2·and@${row}`]);
  });

  it('a wrong AND cell with a consistent XOR output fails the table lookup only', () => {
    const row = ROWS.findIndex((r) => r.op === 'xor' && (r.a & r.b) !== 15n);
    const { a, b } = ROWS[row];
    const and = ((a & b) + 1n);
    expect(failuresAfter(circuit(), K, [], [{ column: 'and', row, value: and }, { column: 'out', row, value: a + b - 2n * and }]))
      .to.deep.equal([`lookup bitwise and@${row}`]);
  });

  it('real prover: a wrong AND cell with a consistent XOR output is rejected by the verifier', async function () {
    this.timeout(60_000);
    const row = ROWS.findIndex((r) => r.op === 'xor' && (r.a & r.b) !== 15n);
    const { a, b } = ROWS[row];
    const and = ((a & b) + 1n);
    expect(await expectVerifierRejects(circuit(), K, [], [{ column: 'and', row, value: and }, { column: 'out', row, value: a + b - 2n * and }]))
      .to.deep.equal([`lookup bitwise and@${row}`]);
  });

  it('an operand of 2^w (consistent AND and output) fails the table lookup only', () => {
    const row = ROWS.findIndex((r) => r.op === 'or');
    const { b } = ROWS[row];
    const a = 16n;
    expect(failuresAfter(circuit(), K, [], [{ column: 'a', row, value: a }, { column: 'and', row, value: a & b }, { column: 'out', row, value: a + b - (a & b) }]))
      .to.deep.equal([`lookup bitwise and@${row}`]);
  });

  it('NOT: a wrong output fails "not: out = mask − a"; a non-zero b fails "not: b = 0"', () => {
    const row = ROWS.findIndex((r) => r.op === 'not');
    expect(failuresAfter(circuit(), K, [], [{ column: 'out', row, value: (v) => v + 1n }])).to.deep.equal([`gate bitwise/not: out = mask − a@${row}`]);
    const { a } = ROWS[row];
    expect(failuresAfter(circuit(), K, [], [{ column: 'b', row, value: 1n }, { column: 'and', row, value: a & 1n }]))
      .to.deep.equal([`gate bitwise/not: b = 0@${row}`]);
  });

  it('table sizes: the byte AND table has 2^16 rows (k ≥ 17), the nibble one 256 (k ≥ 9)', () => {
    const cs = new ConstraintSystem();
    const byte = BitwiseTable.configure(cs, 'byte and', 8);
    const nibble = BitwiseTable.configure(cs, 'nibble and', 4);
    expect([byte.size, byte.minK, byte.mask, nibble.size, nibble.minK, nibble.mask]).to.deep.equal([65536, 17, 255n, 256, 9, 15n]);
  });
});
