import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit, pairsProgram } from './harness.js';

const K = 10;
const CAPACITY = 400;
const b = (x: boolean) => (x ? 1n : 0n);

describe('evm circuit: LT, GT, EQ, ISZERO (differential against @ethereumjs/evm)', function () {
  this.timeout(120_000);
  let w: EvmWitness;
  const rowOf = (name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
  before(async () => {
    const isZero = asm(...EDGE_WORDS.flatMap((v) => ['PUSH32', v, 'ISZERO', 'POP']), 'STOP');
    w = evmCase(await runPrograms([pairsProgram(['LT', 'GT', 'EQ']), isZero]));
  });

  it('every edge pair and ISZERO of every edge word: results as ethereumjs computed them; MockProver passes', () => {
    const expected: Record<string, (x: bigint, y: bigint) => bigint> = { LT: (x, y) => b(x < y), GT: (x, y) => b(x > y), EQ: (x, y) => b(x === y) };
    const binary = w.steps.filter((s) => s.spec.name in expected);
    expect(binary).to.have.length(3 * EDGE_WORDS.length ** 2);
    for (const s of binary) expect(s.rws[2]!.value).to.equal(expected[s.spec.name]!(s.rws[0]!.value, s.rws[1]!.value));
    const unary = w.steps.filter((s) => s.spec.name === 'ISZERO');
    expect(unary.map((s) => s.rws[1]!.value)).to.deep.equal(EDGE_WORDS.map((v) => b(v === 0n)));
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a flipped LT result fails the borrow equation of its gate and the RW lookup', () => {
    const r = rowOf('LT', 7);
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: (v) => 1n - v }])).to.deep.equal([`gate evm LT/result lo = borrow@${r}`, `lookup evm rw slot 2@${r}`]);
  });

  it('a flipped GT borrow fails the hi equation and the result', () => {
    const r = rowOf('GT', 7);
    expect(failures([{ column: 'evm c1', row: r, value: (v) => 1n - v }]))
      .to.deep.equal([`gate evm GT/hi: x + y + c0 = z + c1·2^128@${r}`, `gate evm GT/result lo = borrow@${r}`]);
  });

  it('a flipped EQ or ISZERO result fails the IsZero gate and the RW lookup', () => {
    const eq = rowOf('EQ', 6); // (1, 1): equal
    expect(failures([{ column: 'evm slot 2 lo', row: eq, value: 0n }])).to.deep.equal([`gate evm EQ is zero/out = 1 − value·inv@${eq}`, `lookup evm rw slot 2@${eq}`]);
    const iz = rowOf('ISZERO', 1); // ISZERO(1) = 0
    expect(failures([{ column: 'evm slot 1 lo', row: iz, value: 1n }]))
      .to.deep.equal([`gate evm ISZERO is zero/out = 1 − value·inv@${iz}`, `gate evm ISZERO is zero/value·out = 0@${iz}`, `lookup evm rw slot 1@${iz}`]);
  });
});
