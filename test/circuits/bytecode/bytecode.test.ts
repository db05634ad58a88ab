import { expect } from 'chai';
import { hexToBytes } from '@noble/hashes/utils.js';
import { synthesize, MockProver } from '../../../circuits/plonk/index.js';
import { BytecodeWithKeccakFixture, EXAMPLE_CODES, codeTrace } from '../../../circuits/bytecode/examples.js';
import { BytecodeChip, BytecodeCircuitError } from '../../../circuits/bytecode/chip.js';
import { bytecodeWitness, BytecodeWitnessError, type BytecodeRow } from '../../../circuits/witness/bytecode.js';
import type { BytecodeTrace } from '../../../circuits/witness/trace.js';
import { TestCircuit, corrupt, expectVerifierRejects, summary, type Edit } from '../gadgets/helpers.js';
import { compiledArtifact } from '../../node/artifacts.js';
import { runPrograms } from '../witness/run.js';

const code = codeTrace;
const { truncatedPush: TRUNCATED, dataLikeOpcodes: DATA_LIKE_OPCODES, empty: EMPTY, fullPush32: FULL_PUSH32 } = EXAMPLE_CODES;

const K = 10;
const CAPACITY = 1000;

describe('bytecode circuit (over a keccak table test fixture)', function () {
  this.timeout(180_000);
  let codes: BytecodeTrace[];
  let circuit: BytecodeWithKeccakFixture;
  let rows: BytecodeRow[];
  /** Row (in the table region, which starts at row 0) of byte `index` of `c`, or its header for index −1. */
  const at = (c: BytecodeTrace, index: number): number => {
    const hashLo = BigInt.asUintN(128, BigInt(c.codeHash));
    return rows.findIndex((r) => r.hashLo === hashLo && r.kind === (index < 0 ? 1n : 2n) && (index < 0 || r.indexOrLength === BigInt(index)));
  };
  const failures = (edits: readonly Edit[]) => summary(MockProver.fromAssignment(corrupt(synthesize(circuit, K, [], true), edits)).verify());

  before(async () => {
    const counter = code(hexToBytes((await compiledArtifact('Counter')).bytecode.slice(2)));
    codes = [counter, TRUNCATED, DATA_LIKE_OPCODES, EMPTY, FULL_PUSH32, counter];
    circuit = new BytecodeWithKeccakFixture(codes, CAPACITY);
    rows = bytecodeWitness(codes, CAPACITY);
  });

  it('the witness marks PUSH data, dedupes codes and checks their hashes', () => {
    const marks = (c: BytecodeTrace) => [...c.code].map((_, i) => rows[at(c, i)].isCode);
    expect(marks(TRUNCATED)).to.deep.equal([1n, 0n, 1n, 0n, 0n]);
    expect(marks(DATA_LIKE_OPCODES)).to.deep.equal([1n, 1n, 0n, 0n, 1n]);
    expect(marks(FULL_PUSH32)).to.deep.equal([1n, ...Array.from({ length: 32 }, () => 0n), 1n]);
    expect(rows.filter((r) => r.kind === 1n).length).to.equal(5);
    expect(rows[at(EMPTY, -1)].indexOrLength).to.equal(0n);
    expect(() => bytecodeWitness([{ ...TRUNCATED, codeHash: EMPTY.codeHash }], 10)).to.throw(BytecodeWitnessError, /hashes to/);
    expect(() => bytecodeWitness([FULL_PUSH32], 35)).to.throw(BytecodeWitnessError, /do not fit/);
  });

  it('real compiled code (Counter) and edge cases pass MockProver', () => {
    expect(summary(MockProver.run(K, circuit, []).verify())).to.deep.equal([]);
  });

  it('the codes the node\'s tracer records while deploying Counter (a real @ethereumjs run) pass MockProver', async () => {
    const block = await runPrograms([hexToBytes((await compiledArtifact('Counter')).bytecode.slice(2))]);
    expect(block.bytecodes.length).to.be.greaterThan(0);
    expect(summary(MockProver.run(K, new BytecodeWithKeccakFixture(block.bytecodes, CAPACITY), []).verify())).to.deep.equal([]);
  });

  it('the chip refuses rows that end inside a code', () => {
    const chipOnly = new BytecodeWithKeccakFixture([TRUNCATED], 6);
    expect(() => MockProver.run(K, chipOnly, [])).to.throw(BytecodeWitnessError, /do not fit/);
    const unpadded = new TestCircuit((cs) => new BytecodeWithKeccakFixture([], 0).configure(cs).chip, (chip: BytecodeChip, layouter) => chip.assign(layouter, bytecodeWitness([TRUNCATED], 7).slice(0, 6)));
    expect(() => MockProver.run(K, unpadded, [])).to.throw(BytecodeCircuitError, /end with a non-byte row/);
  });

  describe('mutations: MockProver names exactly the broken constraint', () => {
    it('PUSH data marked as an opcode', () => {
      const r = at(DATA_LIKE_OPCODES, 2);
      expect(failures([{ column: 'bytecode isCode', row: r, value: 1n }])).to.deep.equal([`lookup bytecode push data@${r}`]);
    });

    it('an opcode after PUSH data marked as data', () => {
      const r = at(DATA_LIKE_OPCODES, 4);
      expect(failures([{ column: 'bytecode isCode', row: r, value: 0n }])).to.deep.equal([`lookup bytecode push data@${r}`]);
    });

    it('a wrong index', () => {
      const r = at(TRUNCATED, 2);
      expect(failures([{ column: 'bytecode indexOrLength', row: r, value: 3n }])).to.deep.equal([
        `gate bytecode next/byte: index = previous index + 1 (0 after the header)@${r}`,
        `gate bytecode next/byte: index = previous index + 1 (0 after the header)@${r + 1}`,
        `lookup bytecode keccak input@${r}`,
      ]);
    });

    it('a wrong length (consistent on every row of the code)', () => {
      const h = at(TRUNCATED, -1);
      const edits: Edit[] = [{ column: 'bytecode indexOrLength', row: h, value: 6n }, ...[0, 1, 2, 3, 4, 5].map((i) => ({ column: 'bytecode length', row: h + i, value: 6n }))];
      expect(failures(edits)).to.deep.equal([`gate bytecode next/a code ends at index length − 1@${h + 6}`, `lookup bytecode keccak digest@${h}`]);
    });

    it('a code cut short (last byte turned into padding, length lowered)', () => {
      const h = at(TRUNCATED, -1);
      const last = h + 5;
      const edits: Edit[] = [
        { column: 'bytecode indexOrLength', row: h, value: 4n }, ...[0, 1, 2, 3, 4].map((i) => ({ column: 'bytecode length', row: h + i, value: 4n })),
        ...['kind', 'hashLo', 'hashHi', 'indexOrLength', 'byte', 'isCode', 'isByte', 'keccakId', 'length', 'pushLeft'].map((c) => ({ column: `bytecode ${c}`, row: last, value: 0n })),
      ];
      expect(failures(edits)).to.deep.equal([`lookup bytecode keccak digest@${h}`]);
    });

    it('a wrong hash (on every row of the code)', () => {
      const h = at(FULL_PUSH32, -1);
      const edits: Edit[] = Array.from({ length: 35 }, (_, i) => ({ column: 'bytecode hashLo', row: h + i, value: (v: bigint) => v ^ 1n }));
      expect(failures(edits)).to.deep.equal([`lookup bytecode keccak digest@${h}`]);
    });

    it('a wrong byte', () => {
      const r = at(FULL_PUSH32, 5);
      expect(failures([{ column: 'bytecode byte', row: r, value: 0x42n }])).to.deep.equal([`lookup bytecode keccak input@${r}`]);
    });
  });

  it('real prover: proves and verifies; a wrong hash is rejected', async () => {
    const h = at(FULL_PUSH32, -1);
    const wrongHash: Edit[] = Array.from({ length: 35 }, (_, i) => ({ column: 'bytecode hashLo', row: h + i, value: (v: bigint) => v ^ 1n }));
    expect(await expectVerifierRejects(circuit, K, [], wrongHash)).to.deep.equal([`lookup bytecode keccak digest@${h}`]);
  });
});
