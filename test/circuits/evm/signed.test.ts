import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, pairsProgram } from './harness.js';

const K = 10;
const TWO_256 = 1n << 256n;
/** 0, 1, −1, the most negative and the most positive word. */
const WORDS = [0n, 1n, TWO_256 - 1n, 1n << 255n, (1n << 255n) - 1n];
const signed = (x: bigint) => (x >> 255n === 1n ? x - TWO_256 : x);

describe('evm circuit: SLT, SGT through the word arithmetic table (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const TABLES = { bitwiseOps: 0, arith: { mul: 0, divMod: 0, addMod: 0, mulMod: 0, slt: 25, sgt: 25 } };
  const STEPS = 256;
  const rowOf = (name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w, TABLES), K, evmInstances(w), edits);
  before(async () => { w = evmCase(await runPrograms([pairsProgram(['SLT', 'SGT'], WORDS)])); });

  it('every pair of 0, 1, −1, −2^255 and 2^255 − 1: results as ethereumjs computed them; MockProver passes', () => {
    const results = w.steps.filter((s) => s.spec.gadget.name === 'SIGNED_COMPARE').map((s) => [s.spec.name, ...s.rws.map((r) => r.value)] as const);
    expect(results).to.have.length(2 * WORDS.length ** 2);
    for (const [op, a, b, r] of results) {
      const [x, y] = [signed(a!), signed(b!)];
      expect(r, `${op} ${a} ${b}`).to.equal((op === 'SLT' ? x < y : x > y) ? 1n : 0n);
    }
    expect(honestFailures(evmTestCircuit(STEPS, w, TABLES), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a flipped SLT result fails the arithmetic lookup and the RW lookup', () => {
    const r = rowOf('SLT', 13); // a = −1, b = −2^255: 0 (unsigned, a < b would say 0 too; a = 1, b = −1 below would not)
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: (v) => 1n - v }])).to.deep.equal([`lookup evm arith@${r}`, `lookup evm rw slot 2@${r}`]);
  });

  it('a wrong sign bit in the table\'s chip fails the sign lookup and the flip gate', () => {
    // SLT slot 2 (rows 12–17 of the arithmetic region: a = 0, b = −1): b's sign bit sits on row 13
    expect(failures([{ column: 'evm arith sign', row: 13, value: (v) => 1n - v }]))
      .to.deep.equal(["gate evm arith slt/b' hi = b hi with its top bit flipped@12", 'lookup evm arith slt sign b@12']);
  });

  it('SLT(1, −1) is 0 although 1 < 2^256 − 1 unsigned: a result of 1 fails the table lookup', () => {
    const r = rowOf('SLT', 7); // a = 1, b = −1
    expect(w.steps[r]!.rws[2]!.value).to.equal(0n);
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: 1n }])).to.deep.equal([`lookup evm arith@${r}`, `lookup evm rw slot 2@${r}`]);
  });
});
