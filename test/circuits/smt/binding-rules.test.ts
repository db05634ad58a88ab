/**
 * One-cell mutations of the binding's chaining rules (segments, state-root carry, txId order, modes, keys,
 * the copies to the SMT operations): MockProver names each broken constraint (k = 11, < 1 s a case).
 */
import { expect } from 'chai';
import { GadgetError } from '../../../circuits/gadgets/index.js';
import { SmtBindingCircuit, exactBindingCapacity } from '../../../circuits/smt/index.js';
import { AccountField, RwTag, type RwRow } from '../../../circuits/state/index.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import { expectVerifierRejects, failuresAfter, honestFailures, type Edit } from '../gadgets/helpers.js';
import { TreeState } from './state-fixture.js';

const Y = 0xbbn;
const K = 11;
const row = (r: Partial<RwRow> & Pick<RwRow, 'rwCounter' | 'tag' | 'value' | 'valuePrev'>): RwRow =>
  ({ isWrite: true, id: 0, address: 0n, fieldTag: 0, storageKey: 0n, committedValue: 0n, ...r });
/** Y's slots 1 (tx 1) and 2 (tx 2): binding rows sto 1:1, sto 2:2, acct Y, padding; end row 4; RW rows 2, 3. */
const ROWS: RwRow[] = [
  row({ rwCounter: 1, tag: RwTag.Storage, id: 1, address: Y, storageKey: 1n, value: 6n, valuePrev: 5n, committedValue: 5n }),
  row({ rwCounter: 2, tag: RwTag.Storage, id: 2, address: Y, storageKey: 2n, value: 8n, valuePrev: 7n, committedValue: 7n }),
];

describe('smt binding: chaining rules (one-cell mutations)', function () {
  this.timeout(300_000);
  let c: SmtBindingCircuit;
  before(async () => {
    const trees = await TreeState.create([{ address: Y, code: Uint8Array.of(0), storage: [[1n, 5n], [2n, 7n]] }]);
    const w = await smtBindingWitness(ROWS, trees);
    expect(w.rows.map((r) => r.op.kind)).to.deep.equal(['storage', 'storage', 'account']);
    c = new SmtBindingCircuit(stateWitness(ROWS, 4), w, exactBindingCapacity(w, 4));
    expect(honestFailures(c, K, c.instances())).to.deep.equal([]);
  });
  const run = (edits: Edit[]) => failuresAfter(c, K, c.instances(), edits);
  const G = (gate: string, constraint: string, r: number) => `gate smt bind ${gate}/${constraint}@${r}`;

  it('a storage op moved to another account\'s segment (its address changed): address constant in the segment', () => {
    expect(run([{ column: 'smt bind address', row: 1, value: Y + 1n }])).to.deep.equal([
      G('segment', 'address constant in a segment', 1), G('segment', 'address constant in a segment', 2),
      'lookup smt bind RW storage group is bound@3', 'lookup smt bind storage after is an RW last access@1', 'lookup smt bind storage before is an RW first access@1',
    ]);
  });

  it('the state root carried past an account op changed: st\' = root after, and the next account op starts from st', () => {
    expect(run([{ column: 'smt bind st', row: 2, value: (v) => v + 1n }])).to.deep.equal([
      G('row', 'account op: root before = st', 2), G('row', "st' = account op ? root after : st", 1),
    ]);
  });

  it('tx 2\'s storage op claiming tx 0 (before tx 1\'s): the txId order and its carry', () => {
    expect(run([{ column: 'smt bind txId', row: 1, value: 0n }])).to.deep.equal([
      G('segment', "lastTx' = storage op ? txId : lastTx", 1), G('segment', 'storage ops in txId order: txId − lastTx = Σ bytes', 1),
      'lookup smt bind RW storage group is bound@3', 'lookup smt bind storage after is an RW last access@1', 'lookup smt bind storage before is an RW first access@1',
    ]);
  });

  it('the witness side: storage ops out of txId order are refused when laid out', () => {
    const [a, b, ...rest] = c.witness.rows;
    const swapped = new SmtBindingCircuit(c.rws, { ...c.witness, rows: [b, a, ...rest] }, c.capacity);
    expect(() => honestFailures(swapped, K, swapped.instances())).to.throw(GadgetError, /row 1: storage ops must be in txId order .*txId 1 after 2/);
  });

  it('an existing account\'s non-default witness removed (ea = 1 with no inverse): it must differ from the defaults to exist', () => {
    // Y's code hash differs from keccak(""): its low half's difference is the inverted one
    expect(run([{ column: 'smt bind invLoA', row: 2, value: 0n }])).to.deep.equal([G('row', 'an account exists after only if its fields are not the defaults', 2)]);
  });

  it('an account op after storage ops exempted from "no empty leaf" (mustDiffer = 0): its rule', () => {
    expect(run([{ column: 'smt bind mustDiffer', row: 2, value: 0n }])).to.deep.equal([G('segment', 'mustDiffer = ea, unless the op touches nothing and has no storage ops', 2)]);
  });

  it('a storage op starting from another storage root (seg): the segment start and its carry', () => {
    expect(run([{ column: 'smt bind seg', row: 0, value: (v) => v + 1n }])).to.deep.equal([
      G('segment', 'seg constant in a segment', 1), G('segment', 'storage op at the segment start: root before = seg', 0),
    ]);
  });

  it('an existing account claimed absent (eb = 0): the default fields and the op\'s mode', () => {
    expect(run([{ column: 'smt bind eb', row: 2, value: 0n }])).to.deep.equal([
      G('row', 'absent account before: chHiB is the default', 2), G('row', 'absent account before: chLoB is the default', 2), G('row', 'absent account before: srB is the default', 2),
      G('row', "old terminal is the key's leaf iff it exists before and after", 2),
    ]);
  });

  it('the slot and the account key: their Poseidon lookups; the key copied from the SMT operation', () => {
    expect(run([{ column: 'smt bind slotLo', row: 0, value: 3n }])).to.deep.equal([
      'lookup smt bind RW storage group is bound@2', 'lookup smt bind slot key@0', 'lookup smt bind storage after is an RW last access@0', 'lookup smt bind storage before is an RW first access@0',
    ]);
    expect(run([{ column: 'smt bind key', row: 2, value: (v) => v + 1n }])).to.deep.equal(['copy smt bind key@2~smt key acc@764', 'lookup smt bind account key@2']);
  });
});

describe('smt binding: HasStorage (EIP-7610), bound to the storage root before the batch (one-cell mutations)', function () {
  this.timeout(300_000);
  /** A creation's read of Y's HasStorage (1: Y holds slot 1), then tx 1 writes Y's slot 1: rows acct Y (hasStorage), sto 1:1, acct Y. */
  const RWS: RwRow[] = [
    row({ rwCounter: 1, isWrite: false, tag: RwTag.Account, address: Y, fieldTag: AccountField.HasStorage, value: 1n, valuePrev: 1n }),
    row({ rwCounter: 2, tag: RwTag.Storage, id: 1, address: Y, storageKey: 1n, value: 0n, valuePrev: 5n, committedValue: 5n }),
  ];
  let c: SmtBindingCircuit;
  before(async () => {
    const trees = await TreeState.create([{ address: Y, code: Uint8Array.of(0), storage: [[1n, 5n]] }]);
    const w = await smtBindingWitness(RWS, trees);
    expect(w.rows.map((r) => (r.op.kind === 'account' ? `acct ${r.op.touched.map(Number).join('')}` : 'sto'))).to.deep.equal(['acct 0001', 'sto', 'acct 0000']);
    c = new SmtBindingCircuit(stateWitness(RWS, 4), w, exactBindingCapacity(w, 4));
    expect(honestFailures(c, K, c.instances())).to.deep.equal([]);
  });
  const run = (edits: Edit[]) => failuresAfter(c, K, c.instances(), edits);
  const G = (gate: string, constraint: string, r: number) => `gate smt bind ${gate}/${constraint}@${r}`;

  it('the witness side: a read that disagrees with the tree is refused', async () => {
    const trees = await TreeState.create([{ address: Y, code: Uint8Array.of(0), storage: [[1n, 5n]] }]);
    const lie = RWS.map((r) => (r.fieldTag === AccountField.HasStorage ? { ...r, value: 0n, valuePrev: 0n } : r));
    await smtBindingWitness(lie, trees).then(() => expect.fail('accepted'), (e: Error) => expect(e.message).to.match(/hasStorage: the RW table reads 0, the tree's storage root is 0x/));
  });

  it('the consistent lie — the RW reads and the binding all say "no storage" where the root is not 0 — breaks exactly srB ≠ 0 ⇒ hasStorage; the real verifier rejects', async () => {
    const rwRow = c.rws.findIndex((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.HasStorage);
    const lie: Edit[] = [
      { column: 'rw valueLo', row: rwRow, value: 0n }, { column: 'rw valuePrevLo', row: rwRow, value: 0n },
      { column: 'smt bind hasStorage', row: 0, value: 0n }, { column: 'smt bind invSrB', row: 0, value: 0n },
    ];
    expect(run(lie)).to.deep.equal([G('row', 'srB ≠ 0 ⇒ hasStorage', 0)]);
    expect(await expectVerifierRejects(c, K, c.instances(), lie)).to.deep.equal([G('row', 'srB ≠ 0 ⇒ hasStorage', 0)]);
  });

  it('a creation at an address whose leaf is empty (a genesis account with the default fields): the HasStorage op keeps the leaf', async () => {
    const Z = 0xccn;
    const rws: RwRow[] = [
      row({ rwCounter: 1, isWrite: false, tag: RwTag.Account, address: Z, fieldTag: AccountField.HasStorage, value: 0n, valuePrev: 0n }),
      row({ rwCounter: 2, tag: RwTag.Account, address: Z, fieldTag: AccountField.Nonce, value: 1n, valuePrev: 0n }),
    ];
    const w = await smtBindingWitness(rws, await TreeState.create([{ address: Z }]));
    expect(w.rows.map((r) => r.op.kind === 'account' && [r.op.touched.map(Number).join(''), r.op.before !== null, r.op.after !== null])).to.deep.equal([['0001', true, true], ['1000', true, true]]);
    const circuit = new SmtBindingCircuit(stateWitness(rws, 4), w, exactBindingCapacity(w, 4));
    expect(honestFailures(circuit, K, circuit.instances())).to.deep.equal([]);
  });

  it('"no storage" read where the storage root is not 0: hasStorage = [srB ≠ 0] and the read\'s lookups', async () => {
    expect(run([{ column: 'smt bind hasStorage', row: 0, value: 0n }])).to.deep.equal([
      G('row', 'hasStorage = srB·invSrB', 0), G('row', 'srB ≠ 0 ⇒ hasStorage', 0),
      'lookup smt bind hasStorage after is an RW last access@0', 'lookup smt bind hasStorage before is an RW first access@0',
    ]);
    expect(run([{ column: 'smt bind hasStorage', row: 0, value: 0n }, { column: 'smt bind invSrB', row: 0, value: 0n }])).to.deep.equal([
      G('row', 'srB ≠ 0 ⇒ hasStorage', 0), 'lookup smt bind hasStorage after is an RW last access@0', 'lookup smt bind hasStorage before is an RW first access@0',
    ]);
    expect(run([{ column: 'smt bind invSrB', row: 0, value: 0n }])).to.deep.equal([G('row', 'hasStorage = srB·invSrB', 0)]);
  });

  it('the RW read unbound (tHasStorage = 0) or bound after a storage op (the storage root then may be the batch\'s)', () => {
    expect(run([{ column: 'smt bind tHasStorage', row: 0, value: 0n }])).to.deep.equal(['lookup smt bind RW hasStorage group is bound@3']);
    expect(run([{ column: 'smt bind tHasStorage', row: 2, value: 1n }])).to.deep.equal([G('row', 'tHasStorage ⇒ no storage op so far', 2)]);
    expect(run([{ column: 'smt bind tHasStorage', row: 1, value: 1n }])).to.include.members([G('row', 'tHasStorage ⇒ account op', 1), G('row', 'tHasStorage ⇒ no storage op so far', 1)]);
    expect(run([{ column: 'smt bind tHasStorage', row: 0, value: 2n }])).to.include(G('row', 'tHasStorage is boolean', 0));
  });

  it('the "storage op so far" carry: its start and its step', () => {
    expect(run([{ column: 'smt bind seenSto', row: 0, value: 1n }])).to.deep.equal([G('row', 'tHasStorage ⇒ no storage op so far', 0), G('segment', 'first row: seenSto = sto', 0)]);
    expect(run([{ column: 'smt bind seenSto', row: 1, value: 0n }])).to.deep.equal([G('segment', "seenSto' = seenSto or storage op", 1), G('segment', "seenSto' = seenSto or storage op", 2)]);
  });
});
