import { expect } from 'chai';
import { ConstraintSystem, constant, type Column, type Expr, type Selector } from '../../../circuits/plonk/index.js';
import { StateSelector } from '../../../circuits/evm/state-selector.js';
import { GADGETS, PADDING_STATE } from '../../../circuits/evm/index.js';
import { expectVerifierRejects, failuresAfter, honestFailures, TestCircuit } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmTestCircuit, evmInstances } from './harness.js';

/**
 * The two-hot execution-state selector on its own: 11 states on a 3 × 4 grid (id 11 unused), one state per row, and
 * gates that hold each form `sum` takes — a whole high row (ids 4 … 7), most of one (8, 9, 10: a_2·(1 − b_3)), a few
 * (1), and per-state values — to fixed columns that say what they must be.
 */
const COUNT = 11;
const SET = [1, 4, 5, 6, 7, 8, 9, 10];
const VALUED = [0, 3, 6, 9];
const value = (id: number) => BigInt(7 * id + 5);

interface Config { q: Selector; states: StateSelector; inSet: Column; valued: Column; id: Column }

const circuit = new TestCircuit<Config>((cs) => {
  const q = cs.selector('states');
  const states = StateSelector.configure(cs, 'toy', COUNT);
  const [inSet, valued, id] = ['in set', 'valued', 'id'].map((n) => cs.fixedColumn(n));
  cs.createGate('states', [
    ...states.checks(),
    ['set', states.sum(SET.map((i) => [i] as const)).sub(inSet.cur())],
    ['values', states.sum(VALUED.map((i) => [i, constant(value(i))] as const)).sub(valued.cur())],
    ['id', states.id().sub(id.cur())],
  ].map(([n, e]): [string, Expr] => [n as string, q.expr().mul(e as Expr)]));
  return { q, states, inSet: inSet!, valued: valued!, id: id! };
}, (cfg, layouter) => {
  layouter.assignRegion('states', (region) => {
    for (let i = 0; i < COUNT; i++) {
      region.enableSelector(cfg.q, i);
      cfg.states.assign(region, i, i);
      region.assignFixed('in set', cfg.inSet, i, SET.includes(i) ? 1n : 0n);
      region.assignFixed('valued', cfg.valued, i, VALUED.includes(i) ? value(i) : 0n);
      region.assignFixed('id', cfg.id, i, BigInt(i));
    }
  });
});
const K = 5;

describe('evm circuit: the two-hot execution-state selector (state-selector.ts)', function () {
  this.timeout(600_000);

  it('covers the EVM\'s states with about 2·√N columns: 15 × 15 for 212 states, not 212', () => {
    expect(GADGETS.length + 1).to.equal(212);
    expect(StateSelector.shape(GADGETS.length + 1)).to.deep.equal({ hi: 15, lo: 15 });
    expect(StateSelector.shape(COUNT)).to.deep.equal({ hi: 3, lo: 4 });
  });

  it('every state on its row: each form of a set sum (a whole high row, most of one, a few, valued) and the id hold', () => {
    expect(honestFailures(circuit, K)).to.deep.equal([]);
  });

  it('an id past the grid is refused with its reason', () => {
    expect(() => StateSelector.configure(new ConstraintSystem(), 'x', COUNT).cells(12, 0)).to.throw(RangeError, 'state id 12 is outside the selector\'s 3×4 grid');
  });

  it('two high cells set (two states at once): "one state hi" fails, and the set sums see both', () => {
    const f = failuresAfter(circuit, K, [], [{ column: 'toy state hi 1', row: 1, value: 1n }]);
    expect(f).to.include('gate states/one state hi@1');
    expect(f).to.include('gate states/id@1');
  });

  it('a low cell moved (another state claimed): the set, the values and the id say so; a non-boolean pair summing to 1 fails "boolean"', () => {
    // row 9 (hi 2, lo 1) claimed as 11, the unused id (hi 2, lo 3): the complement form sees the change
    expect(failuresAfter(circuit, K, [], [{ column: 'toy state lo 1', row: 9, value: 0n }, { column: 'toy state lo 3', row: 9, value: 1n }]))
      .to.deep.equal(['gate states/id@9', 'gate states/set@9', 'gate states/values@9']);
    expect(failuresAfter(circuit, K, [], [{ column: 'toy state hi 1', row: 4, value: 2n }, { column: 'toy state hi 0', row: 4, value: -1n }]))
      .to.include.members(['gate states/toy state hi 0 boolean@4', 'gate states/toy state hi 1 boolean@4']);
  });

  it('the real verifier rejects two states at once', async () => {
    expect(await expectVerifierRejects(circuit, K, [], [{ column: 'toy state lo 1', row: 4, value: 1n }])).to.include('gate states/one state lo@4');
  });

  it('in the EVM circuit, an unused pair of the grid (id ≥ the state count) on a padding row fails the opcode table lookup', async () => {
    const witness = evmCase(await runPrograms([asm('PUSH1', 1n, 'POP', 'STOP')]));
    const row = witness.steps.length;
    const { hi, lo } = StateSelector.shape(GADGETS.length + 1);
    expect((hi - 1) * lo + lo - 1).to.be.at.least(GADGETS.length + 1);
    expect(PADDING_STATE).to.equal(0);
    const f = failuresAfter(evmTestCircuit(32, witness), 10, evmInstances(witness), [
      { column: 'evm state hi 0', row, value: 0n }, { column: `evm state hi ${hi - 1}`, row, value: 1n },
      { column: 'evm state lo 0', row, value: 0n }, { column: `evm state lo ${lo - 1}`, row, value: 1n },
    ]);
    expect(f).to.include(`lookup evm opcode table@${row}`);
  });
});
