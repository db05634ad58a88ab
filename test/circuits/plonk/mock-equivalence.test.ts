/**
 * Differential test of the MockProver's compiled checker against the first, tree-walking one
 * (mock-reference.ts): the full failure lists — kind, names, rows, locations, cells, input tuples,
 * order — must be equal on honest witnesses and on seeded random corruptions of advice, fixed and
 * instance cells (values reduced, unreduced and negative), over gates, rotations, lookups sharing
 * a table, a shuffle, copies and the EVM circuit.
 */
import { expect } from 'chai';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { MockProver, synthesize, type Assignment, type Circuit } from '../../../circuits/plonk/index.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { RangeAddCircuit } from '../../../circuits/plonk/examples/range-add.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';
import { SyntheticCircuit } from '../../../circuits/plonk/examples/synthetic.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { asm, runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit } from '../evm/harness.js';
import { referenceFailures } from './mock-reference.js';

const P = FR_MODULUS;

/** Changes `cells` random cells, each in a random region at one of its columns (advice mostly, fixed: a selector switched on or off) or in the instance. */
function corruptRandomly(a: Assignment, rng: Rng, cells: number): void {
  for (let i = 0; i < cells; i++) {
    const region = rng.pick(a.regions.filter((r) => r.columns.length > 0));
    const column = rng.pick(region.columns);
    const inInstance = a.instance.length > 0 && rng.int(6) === 0;
    const col = inInstance ? rng.pick(a.instance) : (column.kind === 'advice' ? a.advice : a.fixed)[column.index];
    const row = inInstance ? rng.int(4) : region.start + rng.int(region.rows);
    const v = col[row];
    col[row] = rng.pick([v + 1n, 0n, 1n, rng.field(), v + P, -1n, v - 1n]);
  }
}

/** The kinds of failure the compared lists held, over all cases (the comparison must not be vacuous). */
const kinds = new Set<string>();

/** Both checkers on the assignment; returns the number of failures (equal lists). */
function compare(a: Assignment): number {
  const ours = MockProver.fromAssignment(a).verify();
  expect(ours).to.deep.equal(referenceFailures(a));
  for (const f of ours) kinds.add(f.kind);
  return ours.length;
}

/** The honest witness, then `rounds` witnesses with 1 … `cells` random cells changed; the failure count of each. */
function honestAndCorrupted<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[], seed: number, rounds: number, cells = 4): number[] {
  const rng = new Rng(seed);
  const counts = [compare(synthesize(circuit, k, instances, true))];
  for (let i = 0; i < rounds; i++) {
    const a = synthesize(circuit, k, instances, true);
    corruptRandomly(a, rng, 1 + rng.int(cells));
    counts.push(compare(a));
  }
  return counts;
}

describe('plonk/MockProver: compiled checker = reference checker (full failure lists)', function () {
  this.timeout(300_000);

  it('Fibonacci (gate, copies, instance)', () => {
    const c = new FibonacciCircuit(10);
    const counts = honestAndCorrupted(c, 4, c.instances(), 1, 40);
    expect(counts[0]).to.equal(0);
    expect(counts.filter((n) => n > 0).length).to.be.greaterThan(20);
  });

  it('range-checked addition (three lookups into one table)', () => {
    const pairs: Array<[bigint, bigint]> = [[1n, 2n], [100n, 155n], [0n, 0n], [7n, 9n]];
    const counts = honestAndCorrupted(new RangeAddCircuit(pairs), 9, [], 2, 30);
    expect(counts[0]).to.equal(0);
    expect(counts.filter((n) => n > 0).length).to.be.greaterThan(15);
  });

  it('rotations ±1 and a shuffle', () => {
    const counts = honestAndCorrupted(new RotationsCircuit(8), 4, [], 3, 40);
    expect(counts[0]).to.equal(0);
    expect(counts.filter((n) => n > 0).length).to.be.greaterThan(20);
  });

  it('synthetic degree-4 gate, lookup, permutation over every row', () => {
    const c = new SyntheticCircuit(7, 5);
    const counts = honestAndCorrupted(c, 7, c.witness().instances, 4, 10);
    expect(counts[0]).to.equal(0);
    expect(counts.filter((n) => n > 0).length).to.be.greaterThan(5);
  });

  it('the EVM circuit (multi-column lookups into shared tables, selector-gated opcode gates)', async () => {
    const w = evmCase(await runPrograms([asm('PUSH32', EDGE_WORDS[4]!, 'PUSH1', 5, 'BYTE', 'PUSH1', 3, 'ADD', 'POP', 'STOP')]));
    const circuit = evmTestCircuit(48, w, { bitwiseOps: 0, arith: { mul: 0, divMod: 0, addMod: 0, mulMod: 0, shl: 1 } });
    // the reference takes seconds a run here: one corrupted witness, with several cells changed
    const counts = honestAndCorrupted(circuit, 9, evmInstances(w), 5, 1, 8);
    expect(counts[0]).to.equal(0);
    expect(counts[1]).to.be.greaterThan(2);
  });

  it('the lists compared held every kind of failure: gate, lookup, shuffle, copy', () => {
    expect([...kinds].sort()).to.deep.equal(['copy', 'gate', 'lookup', 'shuffle']);
  });
});
