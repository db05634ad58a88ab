import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, pairsProgram } from './harness.js';

const K = 10;
const TWO_256 = 1n << 256n;
/** 0 (division by zero), 3, −1 and −2^255 (so −2^255 / −1, which wraps). */
const WORDS = [0n, 3n, TWO_256 - 1n, 1n << 255n];
const TABLES = { steps: 256, bitwiseOps: 0, arith: { mul: 0, divMod: 2 * WORDS.length ** 2, addMod: 0, mulMod: 0 } };
const signed = (x: bigint) => (x >> 255n === 1n ? x - TWO_256 : x);
const word = (x: bigint) => (x + TWO_256) % TWO_256;
const semantics: Record<string, (a: bigint, b: bigint) => bigint> = {
  // truncated towards zero, as the EVM (and BigInt) divide
  SDIV: (a, b) => (b === 0n ? 0n : word(signed(a) / signed(b))),
  SMOD: (a, b) => (b === 0n ? 0n : word(signed(a) % signed(b))),
};

describe('evm circuit: SDIV, SMOD through DIV/MOD rows of |a|, |b| (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const rowOf = (op: string, a: bigint, b: bigint) => w.steps.findIndex((s) => s.spec.name === op && s.rws[0]!.value === a && s.rws[1]!.value === b);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(TABLES.steps, w, TABLES), K, evmInstances(w), edits);
  before(async () => { w = evmCase(await runPrograms([pairsProgram(['SDIV', 'SMOD'], WORDS)])); });

  it('every pair of 0, 3, −1, −2^255: results as @ethereumjs computed them (−2^255 / −1 wraps); MockProver passes', () => {
    const results = w.steps.filter((s) => s.spec.gadget.name === 'SIGNED_DIV').map((s) => [s.spec.name, ...s.rws.map((r) => r.value)] as const);
    expect(results).to.have.length(2 * WORDS.length ** 2);
    for (const [op, a, b, r] of results) expect(r, `${op} ${a} ${b}`).to.equal(semantics[op]!(a!, b!));
    expect(w.steps[rowOf('SDIV', 1n << 255n, TWO_256 - 1n)]!.rws[2]!.value).to.equal(1n << 255n);
    expect(honestFailures(evmTestCircuit(TABLES.steps, w, TABLES), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a wrong sign bit fails its top-bit rule; a positive result claimed for a negative one fails the negation; a wrapped −0 fails the range check', () => {
    const r = rowOf('SDIV', TWO_256 - 1n, 3n); // −1 / 3 = 0, a negative
    // −1 claimed non-negative: its top bit, |a| = a and the result's sign object
    expect(failures([{ column: 'evm c0', row: r, value: 0n }])).to.deep.equal([`gate evm SIGNED_DIV/continuation's sign@${r}`, `gate evm SIGNED_DIV/sa = top bit of a@${r}`,
      `gate evm SIGNED_DIV/|a|: positive hi@${r}`, `gate evm SIGNED_DIV/|a|: positive lo@${r}`]);
    const m = rowOf('SMOD', TWO_256 - 1n, 3n); // −1 mod 3 = −1: r = 2^256 − 1, q = 1
    const rw = w.steps[m]!.rwCounter + 2 - 1;
    expect(failures([
      { column: 'evm slot 2 lo', row: m, value: 1n }, { column: 'evm slot 2 hi', row: m, value: 0n }, { column: 'rw table valueLo', row: rw, value: 1n }, { column: 'rw table valueHi', row: rw, value: 0n },
      { column: 'evm slot 3 lo', row: m + 1, value: 1n }, { column: 'evm slot 3 prev lo', row: m + 1, value: 1n }, { column: 'evm slot 3 hi', row: m + 1, value: 0n }, { column: 'evm slot 3 prev hi', row: m + 1, value: 0n },
      { column: 'evm aux byte 0', row: m + 2, value: 1n }, ...Array.from({ length: 31 }, (_, j) => ({ column: `evm aux byte ${j + 1}`, row: m + 2, value: 0n })),
    ])).to.deep.equal([`gate evm SignedDivAbs/r: negative hi@${m + 1}`, `gate evm SignedDivAbs/r: negative lo@${m + 1}`]);
    // −1 / 3: q = 0, r = 0; claim r = 2^256 (lo 0, hi 2^128 with the wrap carry): only SignedDivResult's aux bytes cannot hold it
    const rwq = w.steps[r]!.rwCounter + 2 - 1;
    expect(failures([
      { column: 'evm slot 2 hi', row: r, value: 1n << 128n }, { column: 'rw table valueHi', row: rwq, value: 1n << 128n },
      { column: 'evm slot 3 hi', row: r + 1, value: 1n << 128n }, { column: 'evm slot 3 prev hi', row: r + 1, value: 1n << 128n }, { column: 'evm aux byte 3', row: r + 1, value: 1n },
    ])).to.deep.equal([`gate evm SignedDivAbs/continuation's aux = r hi@${r + 1}`]);
  });

  it('real prover: a quotient other than DIV(|a|, |b|) is rejected by the verifier', async () => {
    const small = evmCase(await runPrograms([asm('PUSH1', 3, 'PUSH32', TWO_256 - 7n, 'SDIV', 'POP', 'STOP')]));
    const r = small.steps.findIndex((s) => s.spec.name === 'SDIV');
    expect(small.steps[r]!.rws[2]!.value).to.equal(TWO_256 - 2n);
    const failed = await expectVerifierRejects(evmTestCircuit(48, small, { ...TABLES, arith: { ...TABLES.arith, divMod: 1 } }), 9, evmInstances(small),
      [{ column: 'evm slot 2 lo', row: r + 1, value: (v) => v + 1n }, { column: 'evm slot 2 prev lo', row: r + 1, value: (v) => v + 1n }]);
    expect(failed).to.deep.equal([`gate evm SignedDivAbs/r: negative lo@${r + 1}`, `lookup evm arith@${r + 1}`]);
  });
});
