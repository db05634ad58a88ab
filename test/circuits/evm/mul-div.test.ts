import { expect } from 'chai';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, pairsProgram } from './harness.js';

const K = 10;
const TWO_256 = 1n << 256n;
const MAX = TWO_256 - 1n;
const WORDS = [0n, 1n, MAX, new Rng(0x3d1).bits(256)];
const TRIPLES: ReadonlyArray<readonly [bigint, bigint, bigint]> = [
  [MAX, MAX, new Rng(0x3d2).bits(256)], [new Rng(0x3d3).bits(256), new Rng(0x3d4).bits(256), 0n], [5n, 7n, 1n],
  [1n << 255n, 1n << 255n, 3n], [new Rng(0x3d5).bits(256), MAX, MAX], [MAX, 2n, 1n << 200n],
];
const semantics: Record<string, (a: bigint, b: bigint, n?: bigint) => bigint> = {
  MUL: (a, b) => (a * b) % TWO_256, DIV: (a, b) => (b === 0n ? 0n : a / b), MOD: (a, b) => (b === 0n ? 0n : a % b),
  ADDMOD: (a, b, n) => (n === 0n ? 0n : (a + b) % n!), MULMOD: (a, b, n) => (n === 0n ? 0n : (a * b) % n!),
};

describe('evm circuit: MUL, DIV, MOD, ADDMOD, MULMOD through the word arithmetic table (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let binary: EvmWitness;
  let ternary: EvmWitness;
  const BINARY = { steps: 256, bitwiseOps: 0, arith: { mul: 16, divMod: 32, addMod: 0, mulMod: 0 } };
  const TERNARY = { steps: 128, bitwiseOps: 0, arith: { mul: 0, divMod: 0, addMod: 6, mulMod: 6 } };
  const rowOf = (w: EvmWitness, name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  const results = (w: EvmWitness) => w.steps.filter((s) => s.spec.gadget.arithLookup !== undefined).map((s) => [s.spec.name, ...s.rws.map((r) => r.value)] as const);

  before(async () => {
    binary = evmCase(await runPrograms([pairsProgram(['MUL', 'DIV', 'MOD'], WORDS)]));
    // per triple: push n, b, a once; ADDMOD on copies, then MULMOD on the originals
    const body = TRIPLES.flatMap(([a, b, n]) => ['PUSH32', n, 'PUSH32', b, 'PUSH32', a, 'DUP3', 'DUP3', 'DUP3', 'ADDMOD', 'POP', 'MULMOD', 'POP']);
    ternary = evmCase(await runPrograms([asm(...body, 'STOP')]));
  });

  it('every pair of 0, 1, 2^256 − 1 and a random word, and six ADDMOD/MULMOD triples: results as ethereumjs computed them; MockProver passes', () => {
    const all = [...results(binary), ...results(ternary)];
    expect(all).to.have.length(3 * WORDS.length ** 2 + 2 * TRIPLES.length);
    for (const [op, a, b, ...rest] of all) {
      const expected = rest.length === 2 ? semantics[op]!(a!, b!, rest[0]) : semantics[op]!(a!, b!);
      expect(rest.at(-1), `${op} ${a} ${b} ${rest.length === 2 ? rest[0] : ''}`).to.equal(expected);
    }
    expect(honestFailures(evmTestCircuit(BINARY.steps, binary, BINARY), K, evmInstances(binary))).to.deep.equal([]);
    expect(honestFailures(evmTestCircuit(TERNARY.steps, ternary, TERNARY), K, evmInstances(ternary))).to.deep.equal([]);
  });

  it('a wrong MUL or DIV result (stack write) fails the arithmetic lookup and the RW lookup', () => {
    for (const op of ['MUL', 'DIV']) {
      const r = rowOf(binary, op, 7);
      expect(failuresAfter(evmTestCircuit(BINARY.steps, binary, BINARY), K, evmInstances(binary), [{ column: 'evm slot 2 lo', row: r, value: (v) => v + 1n }]))
        .to.deep.equal([`lookup evm arith@${r}`, `lookup evm rw slot 2@${r}`]);
    }
  });

  it('a MULMOD claimed for ADDMOD operands (opcode changed) fails the opcode fetch and the arithmetic lookup', () => {
    const r = rowOf(ternary, 'ADDMOD', 0);
    expect(failuresAfter(evmTestCircuit(TERNARY.steps, ternary, TERNARY), K, evmInstances(ternary), [{ column: 'evm opcode', row: r, value: 0x09n }]))
      .to.deep.equal([`lookup evm arith@${r}`, `lookup evm opcode fetch@${r}`]);
  });

  it('a table row that is not the chip\'s result fails its copy constraint (and the step no longer finds its tuple)', () => {
    const r = rowOf(binary, 'MUL', 0);
    const f = failuresAfter(evmTestCircuit(BINARY.steps, binary, BINARY), K, evmInstances(binary), [{ column: 'evm arith r lo', row: 0, value: (v) => v + 1n }]);
    expect(f).to.have.length(2);
    expect(f[0]).to.match(/^copy .*evm arith r lo/);
    expect(f[1]).to.equal(`lookup evm arith@${r}`);
  });

  it('a binary table row with a non-zero n fails the table\'s gate (and the MUL step it served no longer finds its tuple)', () => {
    const f = failuresAfter(evmTestCircuit(BINARY.steps, binary, BINARY), K, evmInstances(binary), [{ column: 'evm arith n lo', row: 3, value: 1n }]);
    expect(f).to.deep.equal(['gate evm arith binary/n lo = 0@3', `lookup evm arith@${rowOf(binary, 'MUL', 3)}`]);
  });
});
