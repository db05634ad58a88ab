import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, pairsProgram } from './harness.js';

const K = 10;
const TWO_256 = 1n << 256n;
/** As shifts: 0, 255 (the last in-range), 256 (everything shifted out), huge; as values: a negative one for SAR. */
const WORDS = [0n, 255n, 256n, (1n << 255n) | 12345n];
const toSigned = (x: bigint) => (x >> 255n === 1n ? x - TWO_256 : x);
const semantics: Record<string, (shift: bigint, value: bigint) => bigint> = {
  SHL: (s, v) => (s >= 256n ? 0n : (v << s) % TWO_256),
  SHR: (s, v) => (s >= 256n ? 0n : v >> s),
  SAR: (s, v) => ((toSigned(v) >> (s >= 256n ? 255n : s)) + TWO_256) % TWO_256,
};

describe('evm circuit: SHL, SHR, SAR through the word arithmetic table (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const TABLES = { bitwiseOps: 0, arith: { mul: 0, divMod: 0, addMod: 0, mulMod: 0, shl: 16, shr: 16, sar: 16 } };
  const STEPS = 256;
  const rowOf = (name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  before(async () => { w = evmCase(await runPrograms([pairsProgram(['SHL', 'SHR', 'SAR'], WORDS)])); });

  it('every (shift, value) pair of 0, 255, 256 and a negative word: results as ethereumjs computed them; MockProver passes', () => {
    const results = w.steps.filter((s) => s.spec.gadget.name === 'SHIFT').map((s) => [s.spec.name, ...s.rws.map((r) => r.value)] as const);
    expect(results).to.have.length(3 * WORDS.length ** 2);
    for (const [op, shift, value, r] of results) expect(r, `${op} ${shift} ${value}`).to.equal(semantics[op]!(shift!, value!));
    expect(honestFailures(evmTestCircuit(STEPS, w, TABLES), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a wrong SAR result (stack write) fails the arithmetic lookup and the RW lookup', () => {
    const r = rowOf('SAR', 13); // a negative value shifted
    expect(failuresAfter(evmTestCircuit(STEPS, w, TABLES), K, evmInstances(w), [{ column: 'evm slot 2 hi', row: r, value: (v) => v ^ 1n }]))
      .to.deep.equal([`lookup evm arith@${r}`, `lookup evm rw slot 2@${r}`]);
  });

  it('a SHR claimed for a SHL step (opcode changed) fails the opcode fetch and the arithmetic lookup', () => {
    const r = rowOf('SHL', 5);
    expect(failuresAfter(evmTestCircuit(STEPS, w, TABLES), K, evmInstances(w), [{ column: 'evm opcode', row: r, value: 0x1cn }]))
      .to.deep.equal([`lookup evm arith@${r}`, `lookup evm opcode fetch@${r}`]);
  });
});
