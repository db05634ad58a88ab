import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit, pairsProgram } from './harness.js';

const K = 10;
const CAPACITY = 256;
const TWO_256 = 1n << 256n;

describe('evm circuit: ADD, SUB (differential against @ethereumjs/evm)', function () {
  this.timeout(120_000);
  let w: EvmWitness;
  const rowOf = (name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  before(async () => { w = evmCase(await runPrograms([pairsProgram(['ADD', 'SUB'])])); });

  it('every edge pair (0, 1, 2^255, 2^256 − 1, random): results as ethereumjs computed them; MockProver passes', () => {
    const results = w.steps.filter((s) => s.spec.name === 'ADD' || s.spec.name === 'SUB').map((s) => [s.spec.name, s.rws[0]!.value, s.rws[1]!.value, s.rws[2]!.value]);
    expect(results).to.have.length(2 * EDGE_WORDS.length ** 2);
    for (const [op, a, b, c] of results) expect(c, `${op} ${a} ${b}`).to.equal(op === 'ADD' ? (a! as bigint + (b as bigint)) % TWO_256 : ((a as bigint) - (b as bigint) + TWO_256) % TWO_256);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a wrong ADD result (stack write) fails the ADD gate and the RW lookup of that slot', () => {
    const r = rowOf('ADD', 8);
    expect(failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [{ column: 'evm slot 2 lo', row: r, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm ADD/result lo = aux lo@${r}`, `lookup evm rw slot 2@${r}`]);
  });

  it('a wrong sum (aux byte) fails the carry equation; a wrong carry fails lo and hi equations', () => {
    const r = rowOf('ADD', 18); // 2^256 − 1 + 1: carries out
    expect(failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [{ column: 'evm aux byte 16', row: r, value: 1n }]))
      .to.deep.equal([`gate evm ADD/hi: x + y + c0 = z + c1·2^128@${r}`, `gate evm ADD/result hi = aux hi@${r}`]);
    expect(failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [{ column: 'evm c0', row: r, value: (v) => 1n - v }]))
      .to.deep.equal([`gate evm ADD/hi: x + y + c0 = z + c1·2^128@${r}`, `gate evm ADD/lo: x + y = z + c0·2^128@${r}`]);
  });

  it('a wrong SUB operand (stack read) fails the RW lookup and the SUB equation', () => {
    const r = rowOf('SUB', 3);
    expect(failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [{ column: 'evm slot 0 hi', row: r, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm SUB/hi: x + y + c0 = z + c1·2^128@${r}`, `gate evm step/slot 0 read keeps hi@${r}`, `lookup evm rw slot 0@${r}`]);
  });
});
