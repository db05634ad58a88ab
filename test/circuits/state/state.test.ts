import { expect } from 'chai';
import { synthesize, MockProver } from '../../../circuits/plonk/index.js';
import { StateChip, StateCircuit, StateCircuitError, RwTag, type RwRow } from '../../../circuits/state/index.js';
import { RangeTable } from '../../../circuits/gadgets/index.js';
import { evmWitness } from '../../../circuits/witness/evm.js';
import { stateWitness, StateWitnessError, PADDING_ROW } from '../../../circuits/witness/state.js';
import { TestCircuit, corrupt, expectVerifierRejects, summary, type Edit } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { ALL_OPS, OPS, type OpName } from '../../../circuits/state/examples.js';

const K = 9;
const CAPACITY = 40;
const rows = stateWitness(ALL_OPS, CAPACITY);
const circuit = new StateCircuit(rows);
/** Row of an operation in the laid-out table (the table region starts at row 0). */
const at = (op: OpName): number => rows.findIndex((r) => r.rwCounter === OPS[op].rwCounter);
const failures = (edits: readonly Edit[], instances = circuit.instances()) =>
  summary(MockProver.fromAssignment(corrupt(synthesize(circuit, K, instances, true), edits)).verify());
const G = (constraint: string, row: number) => `gate rw order/${constraint}@${row}`;
const R = (constraint: string, row: number) => `gate rw row/${constraint}@${row}`;

describe('state circuit (RW table)', function () {
  this.timeout(120_000);

  it('the witness builder sorts by (tag, id, address, fieldTag, storageKey, rwCounter) after the padding', () => {
    expect(rows.slice(0, CAPACITY - ALL_OPS.length).every((r) => r === PADDING_ROW)).to.equal(true);
    const keys = rows.slice(CAPACITY - ALL_OPS.length).map((r) => [r.tag, r.id, r.address, r.fieldTag, r.storageKey, r.rwCounter].join('/'));
    expect(keys[0]).to.equal(`${RwTag.Stack}/1/1022/0/0/2`);
    expect(at('sloadNextTx')).to.be.greaterThan(at('sstoreFresh'));
    expect(at('refundRead')).to.equal(CAPACITY - 1);
    expect(() => stateWitness(ALL_OPS, ALL_OPS.length)).to.throw(StateWitnessError, /do not fit/);
    expect(() => stateWitness([OPS.sload, { ...OPS.tload, rwCounter: OPS.sload.rwCounter }], 4)).to.throw(StateWitnessError, /used by two/);
    expect(() => stateWitness([{ ...OPS.sload, rwCounter: 0 }], 4)).to.throw(StateWitnessError, /rwCounter ≥ 1/);
  });

  it('honest rows of every tag pass MockProver; the public count is the number of operations', () => {
    expect(summary(MockProver.run(K, circuit, circuit.instances()).verify())).to.deep.equal([]);
    expect(circuit.instances()).to.deep.equal([[BigInt(ALL_OPS.length)]]);
  });

  it('a wrong public count breaks the copy of the last count cell', () => {
    expect(failures([], [[BigInt(ALL_OPS.length + 1)]])).to.deep.equal([`copy rw count@${CAPACITY - 1}~rw count (public)@0`]);
  });

  it('the chip refuses an unsorted table or one not starting with padding', () => {
    const swapped = [...rows];
    [swapped[at('sload')], swapped[at('sstore')]] = [swapped[at('sstore')], swapped[at('sload')]];
    expect(() => MockProver.run(K, new StateCircuit(swapped), circuit.instances())).to.throw(StateCircuitError, /must be sorted/);
    expect(() => MockProver.run(K, new StateCircuit(rows.slice(CAPACITY - ALL_OPS.length)), circuit.instances())).to.throw(StateCircuitError, /starts with a padding row/);
  });

  describe('mutations: MockProver names exactly the broken constraint', () => {
    it('out of order: a stale read moved before the write it should see (rwCounter decreases within the key)', () => {
      // sload (9), sstore (10), sloadAgain (11) laid out as 9, 11, 10 with a value chain that is consistent
      // in that order (the read at 11 returns the committed value); rwCounter bytes and diffs recomputed
      const [b, c] = [at('sstore'), at('sloadAgain')];
      const [lo, hi] = [BigInt.asUintN(128, OPS.sload.value), OPS.sload.value >> 128n];
      const edits: Edit[] = [
        { column: 'rw rwCounter', row: b, value: 11n }, { column: 'rw rwCounter byte 0', row: b, value: 10n }, { column: 'rw diff byte 0', row: b, value: 1n },
        { column: 'rw isWrite', row: b, value: 0n }, { column: 'rw valueLo', row: b, value: lo }, { column: 'rw valueHi', row: b, value: hi },
        { column: 'rw rwCounter', row: c, value: 10n }, { column: 'rw rwCounter byte 0', row: c, value: 9n }, { column: 'rw isWrite', row: c, value: 1n },
        { column: 'rw valuePrevLo', row: c, value: lo }, { column: 'rw valuePrevHi', row: c, value: hi },
      ];
      expect(failures(edits)).to.deep.equal([G('first differing field − previous − 1 = Σ diff bytes', c)]);
    });

    it('out of order: a key smaller than the previous one (address decreases)', () => {
      // (the account's rows: its balance and its HasStorage)
      const [r, next, last] = [at('balance'), at('balanceDebit'), at('hasStorage')];
      const edits: Edit[] = [r, next, last].map((row) => ({ column: 'rw address', row, value: OPS.nonce.address - 1n }));
      expect(failures(edits)).to.deep.equal([G('first differing field − previous − 1 = Σ diff bytes', r)]);
    });

    it('a key repeated after another key (non-adjacent group): fields before the differing one must be equal', () => {
      // the row after the nonce write claims "same key as before" while its tag changed
      const r = at('callee');
      expect(failures([{ column: 'rw s tag', row: r, value: 0n }, { column: 'rw s rwCounter', row: r, value: 1n }])).to.deep.equal([
        G('address unchanged before the first differing field', r), G('fieldTag unchanged before the first differing field', r),
        G('first differing field − previous − 1 = Σ diff bytes', r), G('id unchanged before the first differing field', r),
        G('same key: valuePrevLo = previous valueLo', r), G('tag unchanged before the first differing field', r),
        `gate rw row/last access = nonPadding·(last row or the next row starts a key group)@${r - 1}`,
      ]);
    });

    it('a read returning a stale value (the committed value instead of the last write)', () => {
      const r = at('sloadAgain');
      expect(failures([{ column: 'rw valueLo', row: r, value: BigInt.asUintN(128, OPS.sload.value) }, { column: 'rw valueHi', row: r, value: OPS.sload.value >> 128n }]))
        .to.deep.equal([R('read: valueHi = valuePrevHi', r), R('read: valueLo = valuePrevLo', r)]);
      const stale = [{ column: 'rw valueHi', row: r, value: OPS.sload.value >> 128n }, { column: 'rw valuePrevHi', row: r, value: OPS.sload.value >> 128n }];
      expect(failures(stale)).to.deep.equal([G('same key: valuePrevHi = previous valueHi', r)]);
    });

    it('a wrong committed value (within the group, and on the first access)', () => {
      expect(failures([{ column: 'rw committedValueLo', row: at('sstore'), value: (v) => v + 1n }]))
        .to.deep.equal([G('same key: committedValueLo unchanged', at('sstore')), G('same key: committedValueLo unchanged', at('sloadAgain'))]);
      // a fresh slot whose first write claims a non-zero committed value and valuePrev
      const r = at('sstoreFresh');
      expect(failures([{ column: 'rw committedValueLo', row: r, value: 1n }]))
        .to.deep.equal([G('first Storage access: valuePrevLo = committedValueLo', r)]);
    });

    it('the first access to a Stack key is a read', () => {
      expect(failures([{ column: 'rw isWrite', row: at('stackPush0'), value: 0n }]))
        .to.deep.equal([G('first Stack access is a write', at('stackPush0'))]);
    });

    it('a Stack address outside 0 … 1023, and stack address bytes off the Stack', () => {
      const r = at('stackPush0');
      const address = rows[r].address;
      // 1024 as (0, 4): both bytes, but above the limit
      expect(failures([{ column: 'rw stack address byte 0', row: r, value: 0n }, { column: 'rw stack address byte 1', row: r, value: 4n }]))
        .to.include.members([`lookup rw stack address < 1024@${r}`]);
      // the decomposition must be the address
      expect(failures([{ column: 'rw stack address byte 0', row: r, value: (address + 1n) & 0xffn }]))
        .to.include(R('Stack: address = Σ stack address bytes', r));
      const s = at('sstoreFresh');
      expect(failures([{ column: 'rw stack address byte 1', row: s, value: 1n }])).to.deep.equal([R('not Stack: stack address byte 1 = 0', s)]);
    });

    it('the first read of a memory byte returns non-zero', () => {
      const r = at('memFirstRead');
      expect(failures([{ column: 'rw valueLo', row: r, value: 7n }, { column: 'rw valuePrevLo', row: r, value: 7n }]))
        .to.deep.equal([G('first access: valuePrevLo = 0', r)]);
    });

    it('a memory value of 256', () => {
      expect(failures([{ column: 'rw valueLo', row: at('memLastWrite'), value: 256n }])).to.deep.equal([`lookup rw memory value is a byte@${at('memLastWrite')}`]);
    });

    it('a Storage row claiming another tag\'s flags', () => {
      expect(failures([{ column: 'rw isStorage', row: at('sstoreFresh'), value: 0n }, { column: 'rw initZero', row: at('sstoreFresh'), value: 0n }]))
        .to.deep.equal([`lookup rw tag properties@${at('sstoreFresh')}`]);
    });

    it('a fake RW tuple on a usable row after the table (where the EVM circuit\'s lookups would find it)', () => {
      const fake: Edit[] = [{ column: 'rw tag', row: CAPACITY + 7, value: BigInt(RwTag.Storage) }, { column: 'rw valueLo', row: CAPACITY + 7, value: 5n }];
      expect(failures(fake)).to.deep.equal([`gate rw unused row/tag = 0@${CAPACITY + 7}`, `gate rw unused row/valueLo = 0@${CAPACITY + 7}`]);
    });

    it('a non-padding rwCounter of 0, and a padding row holding a value', () => {
      const r = at('nonce');
      expect(failures([{ column: 'rw rwCounter', row: r, value: 0n }])).to.deep.equal([R('rwCounter − 1 = Σ bytes (non-padding rwCounter ≥ 1)', r)]);
      expect(failures([{ column: 'rw valueLo', row: 3, value: 1n }])).to.deep.equal([R('read: valueLo = valuePrevLo', 3)]);
    });
  });

  it('real prover: the honest table verifies, a stale read is rejected', async () => {
    const r = at('sloadAgain');
    const stale: Edit[] = [{ column: 'rw valueHi', row: r, value: OPS.sload.value >> 128n }, { column: 'rw valuePrevHi', row: r, value: OPS.sload.value >> 128n }];
    expect(await expectVerifierRejects(circuit, K, circuit.instances(), stale)).to.deep.equal([G('same key: valuePrevHi = previous valueHi', r)]);
  });
});

describe('state circuit on the RW rows of a real transaction', function () {
  this.timeout(120_000);
  let real: RwRow[];
  before(async () => {
    const w = evmWitness(await runPrograms([asm('PUSH1', 1, 'PUSH1', 2, 'ADD', 'DUP1', 'SWAP1', 'POP', 'PUSH0', 'LT', 'ISZERO', 'POP', 'STOP')]));
    real = stateWitness(w.rws, w.rws.length + 4);
  });

  it('the rows the EVM witness builds from an @ethereumjs trace pass; a read made stale is caught', () => {
    const c = new StateCircuit(real);
    expect(summary(MockProver.run(K, c, c.instances()).verify())).to.deep.equal([]);
    // the first read of a stack slot that a later write overwrites: claim it returned 1 more
    const r = real.findIndex((x, i) => i > 0 && !x.isWrite && x.tag === RwTag.Stack && real[i + 1]?.address === x.address && real[i + 1]?.isWrite);
    expect(r).to.be.greaterThan(0);
    const a = corrupt(synthesize(c, K, c.instances(), true), [{ column: 'rw valueLo', row: r, value: (v) => v + 1n }, { column: 'rw valuePrevLo', row: r, value: (v) => v + 1n }]);
    expect(summary(MockProver.fromAssignment(a).verify())).to.deep.equal([G('same key: valuePrevLo = previous valueLo', r), G('same key: valuePrevLo = previous valueLo', r + 1)]);
  });
});

describe('state circuit: the SMT seam (first and last access of each key group)', function () {
  this.timeout(60_000);
  it('firstAccess() and lastAccess() mark exactly the first and last row of every key group', () => {
    const key = (r: RwRow) => [r.tag, r.id, r.address, r.fieldTag, r.storageKey].join('/');
    const nonPad = (i: number) => rows[i].tag !== RwTag.Padding;
    const expected = rows.map((r, i) => [
      nonPad(i) && (i === 0 || key(rows[i - 1]) !== key(r)) ? 1n : 0n,
      nonPad(i) && (i === rows.length - 1 || key(rows[i + 1]) !== key(r)) ? 1n : 0n,
    ]);
    expect(expected.filter(([f]) => f === 1n).length).to.equal(19);
    const seam = (flip?: number) => new TestCircuit((cs) => {
      const bytes = RangeTable.configure(cs, 'byte', 8);
      const chip = StateChip.configure(cs, bytes);
      const [first, last] = [cs.adviceColumn('expected first'), cs.adviceColumn('expected last')];
      const q = cs.selector('seam');
      cs.createGate('seam', { first: q.expr().mul(first.cur().sub(chip.firstAccess())), last: q.expr().mul(last.cur().sub(chip.lastAccess())) });
      return { bytes, chip, first, last, q };
    }, (cfg, layouter) => {
      cfg.bytes.load(layouter);
      cfg.chip.assign(layouter, rows);
      layouter.assignRegion('expected', (region) => expected.forEach(([f, l], i) => {
        region.enableSelector(cfg.q, i);
        region.assignAdvice('first', cfg.first, i, f);
        region.assignAdvice('last', cfg.last, i, i === flip ? 1n - l : l);
      }));
    });
    expect(summary(MockProver.run(K, seam(), []).verify())).to.deep.equal([]);
    expect(summary(MockProver.run(K, seam(at('sstore')), []).verify())).to.deep.equal([`gate seam/last@${at('sstore')}`]);
  });

  it('the last-access column and the account-field one-hot are constrained (a flipped cell is named)', () => {
    const r = at('sstore');
    expect(failures([{ column: 'rw last access', row: r, value: 1n }])).to.deep.equal([`gate rw row/last access = nonPadding·(last row or the next row starts a key group)@${r}`]);
    const n = at('nonce');
    expect(failures([{ column: 'rw account field Nonce', row: n, value: 0n }, { column: 'rw account field Balance', row: n, value: 1n }]))
      .to.deep.equal([`gate rw row/account fields: fieldTag = Σ field·flag@${n}`]);
    expect(failures([{ column: 'rw account field Nonce', row: n, value: 0n }])).to.deep.equal([
      `gate rw row/account fields: fieldTag = Σ field·flag@${n}`, `gate rw row/account fields: one-hot on Account rows@${n}`,
    ]);
    const u = rows.length + 3;
    expect(failures([{ column: 'rw last access', row: u, value: 1n }])).to.deep.equal([`gate rw unused row/last access = 0@${u}`]);
  });
});
