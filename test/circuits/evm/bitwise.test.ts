import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit, pairsProgram } from './harness.js';

const K = 10;
const STEPS = 400;
const AND_OPS = 80;
const MASK = (1n << 256n) - 1n;

describe('evm circuit: AND, OR, XOR, NOT (differential against @ethereumjs/evm)', function () {
  this.timeout(120_000);
  let w: EvmWitness;
  const rowOf = (name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w, { bitwiseOps: AND_OPS }), K, evmInstances(w), edits);
  before(async () => {
    const not = asm(...EDGE_WORDS.flatMap((v) => ['PUSH32', v, 'NOT', 'POP']), 'STOP');
    w = evmCase(await runPrograms([pairsProgram(['AND', 'OR', 'XOR']), not]));
  });

  it('every edge pair and NOT of every edge word: results as ethereumjs computed them; MockProver passes', () => {
    const expected: Record<string, (x: bigint, y: bigint) => bigint> = { AND: (x, y) => x & y, OR: (x, y) => x | y, XOR: (x, y) => x ^ y };
    const binary = w.steps.filter((s) => s.spec.name in expected);
    expect(binary).to.have.length(3 * EDGE_WORDS.length ** 2);
    for (const s of binary) expect(s.rws[2]!.value).to.equal(expected[s.spec.name]!(s.rws[0]!.value, s.rws[1]!.value));
    expect(w.steps.filter((s) => s.spec.name === 'NOT').map((s) => s.rws[1]!.value)).to.deep.equal(EDGE_WORDS.map((v) => MASK ^ v));
    expect(honestFailures(evmTestCircuit(STEPS, w, { bitwiseOps: AND_OPS }), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a wrong AND result fails its gate and the RW lookup; a wrong NOT result likewise', () => {
    const r = rowOf('AND', 18);
    expect(failures([{ column: 'evm slot 2 hi', row: r, value: (v) => v ^ 1n }])).to.deep.equal([`gate evm AND/result hi@${r}`, `lookup evm rw slot 2@${r}`]);
    const n = rowOf('NOT', 2);
    expect(failures([{ column: 'evm slot 1 lo', row: n, value: (v) => v - 1n }])).to.deep.equal([`gate evm NOT/result lo = 2^128 − 1 − a lo@${n}`, `lookup evm rw slot 1@${n}`]);
  });

  it('an XOR whose aux is not a AND b fails the AND word lookup (result kept consistent with aux)', () => {
    const r = rowOf('XOR', 24); // (random, random)
    const aux0 = w.steps[r]!.rws[0]!.value & w.steps[r]!.rws[1]!.value & 0xffn;
    const flipped = aux0 ^ 1n; // aux byte 0 ± 1: the XOR result lo moves by ∓2
    const delta = flipped - aux0;
    const rw = w.steps[r]!.rwCounter + 1; // the push's row in the test RW table (0-based: rwCounter − 1)
    expect(failures([
      { column: 'evm aux byte 0', row: r, value: flipped }, { column: 'evm slot 2 lo', row: r, value: (v) => v - 2n * delta },
      { column: 'rw table valueLo', row: rw, value: (v) => v - 2n * delta },
    ])).to.deep.equal([`lookup evm and word@${r}`]);
  });

  it('an AND word table row with a wrong chunk result fails the chunk lookup and its accumulator', () => {
    // block 0 (first AND: 0 AND 0) rows 0..7; row 0 is the lo head
    expect(failures([{ column: 'evm and word c chunk 7', row: 0, value: 1n }]))
      .to.deep.equal(['gate evm and word/c head: acc = chunks@0', 'lookup evm and word chunk 7@0']);
  });
});
