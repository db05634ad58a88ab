import { expect } from 'chai';
import { minK } from '../../../circuits/gadgets/index.js';
import { SmtBindingCircuit, SmtCapacityError, bindingRows, exactBindingCapacity, type SmtBindingWitness } from '../../../circuits/smt/index.js';
import { AccountField, RwTag, type RwRow } from '../../../circuits/state/index.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { SmtBindingWitnessError, bindingOpCount, planBinding, smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import { honestFailures } from '../gadgets/helpers.js';
import { EMPTY_CODE_HASH } from '../../../node/state/encoding.js';
import { TreeState, addressBytes, type PreAccount } from './state-fixture.js';

const [X, Y, Z, W] = [0xaan, 0xbbn, 0xccn, 0xddn];
const PRE: PreAccount[] = [
  { address: X, nonce: 1n, balance: 100n },
  { address: Y, balance: 50n, code: Uint8Array.of(0x00), storage: [[1n, 5n], [2n, 7n]] },
];

/** RW rows of a two-tx batch, numbered in order. */
function batchRows(): RwRow[] {
  const rows: RwRow[] = [];
  const push = (r: Omit<RwRow, 'rwCounter' | 'id' | 'storageKey' | 'committedValue' | 'fieldTag'> & Partial<RwRow>) =>
    rows.push({ id: 0, fieldTag: 0, storageKey: 0n, committedValue: 0n, ...r, rwCounter: rows.length + 1 });
  const account = (address: bigint, fieldTag: AccountField, before: bigint, after?: bigint) =>
    push({ tag: RwTag.Account, address, fieldTag, isWrite: after !== undefined, valuePrev: before, value: after ?? before });
  const storage = (id: number, address: bigint, storageKey: bigint, committedValue: bigint, before: bigint, after?: bigint) =>
    push({ tag: RwTag.Storage, id, address, storageKey, committedValue, isWrite: after !== undefined, valuePrev: before, value: after ?? before });
  account(X, AccountField.Nonce, 1n, 2n);
  account(X, AccountField.Balance, 100n, 90n);
  account(Y, AccountField.Balance, 50n, 60n);
  account(Y, AccountField.CodeHash, CODE_HASH_Y);
  storage(1, Y, 1n, 5n, 5n);
  storage(1, Y, 1n, 5n, 5n, 6n);
  storage(1, Y, 2n, 7n, 7n, 0n);
  storage(1, Y, 3n, 0n, 0n, 9n);
  account(Z, AccountField.Balance, 0n);
  account(W, AccountField.Balance, 0n, 3n);
  storage(2, Y, 1n, 6n, 6n, 8n);
  storage(2, Y, 4n, 0n, 0n);
  return rows;
}
let CODE_HASH_Y = 0n;

/** The node's own post-state root: StateTree.applyAccounts with each touched account's final fields and slots. */
async function nodeRoot(t: TreeState, rows: readonly RwRow[]): Promise<bigint> {
  const finals = new Map<bigint, { fields: Map<number, bigint>; slots: Map<bigint, bigint> }>();
  for (const r of [...rows].sort((a, b) => a.rwCounter - b.rwCounter)) {
    if (r.tag !== RwTag.Account && r.tag !== RwTag.Storage) continue;
    const f = finals.get(r.address) ?? { fields: new Map(), slots: new Map() };
    finals.set(r.address, f);
    if (r.tag === RwTag.Account) f.fields.set(r.fieldTag, r.value);
    else f.slots.set(r.storageKey, r.value);
  }
  const changes = await Promise.all([...finals].map(async ([address, f]) => {
    const before = await t.state.getAccount(addressBytes(address));
    const nonce = f.fields.get(AccountField.Nonce) ?? before?.nonce ?? 0n;
    const balance = f.fields.get(AccountField.Balance) ?? before?.balance ?? 0n;
    const stays = before !== undefined || nonce !== 0n || balance !== 0n || f.slots.size > 0;
    return stays ? [[addressBytes(address), { fields: { nonce, balance, codeHash: before?.codeHash ?? EMPTY_CODE_HASH }, clearStorage: false, storage: f.slots }] as const] : [];
  }));
  await t.state.applyAccounts(changes.flat());
  return t.state.stateRoot();
}

describe('smt binding: RW table ↔ state trees (issue #10)', function () {
  this.timeout(300_000);
  let rows: RwRow[];
  let w: SmtBindingWitness;
  let rws: RwRow[];
  let circuit: SmtBindingCircuit;
  let k: number;
  before(async () => {
    const t = await TreeState.create(PRE);
    CODE_HASH_Y = (await t.account(Y))!.codeHash;
    rows = batchRows();
    w = await smtBindingWitness(rows, t);
    expect(w.newRoot).to.equal(await nodeRoot(t, rows));
    rws = stateWitness(rows, rows.length + 1);
    circuit = new SmtBindingCircuit(rws, w);
    k = minK(Math.max(bindingRows(circuit.capacity), rws.length, 256));
  });

  it('a batch of account changes, a read-only absent account, storage insert/update/delete/absent read over two txs: the node\'s root; MockProver passes', () => {
    expect(w.rows.map((r) => r.op.kind === 'account' ? `acct ${r.op.address.toString(16)}` : `sto ${r.op.txId}:${r.op.slot}`)).to.deep.equal([
      'sto 1:1', 'sto 1:2', 'sto 1:3', 'sto 2:1', 'sto 2:4', 'acct bb', 'acct aa', 'acct cc', 'acct dd',
    ]);
    expect(w.rows.map((r) => r.smt.check ? 'chk' : r.smt.del ? 'del' : r.smt.oldTerminal === 'own' ? 'upd' : 'ins')).to.deep.equal([
      'upd', 'del', 'ins', 'upd', 'chk', 'upd', 'upd', 'chk', 'ins',
    ]);
    expect(bindingOpCount(planBinding(rows)), 'the capacity model').to.equal(w.rows.length);
    expect(k).to.be.at.most(12);
    expect(honestFailures(circuit, k, circuit.instances())).to.deep.equal([]);
  });

  it('an account in two segments (its storage written in txs 1 and 3, another contract\'s in tx 2): two ops, its balance changed at the last; the node\'s root; MockProver passes', async () => {
    const V = 0xeen;
    const t = await TreeState.create([...PRE, { address: V, code: Uint8Array.of(0x01), storage: [[1n, 1n]] }]);
    const sto = (rwCounter: number, id: number, address: bigint, storageKey: bigint, before: bigint, after: bigint): RwRow =>
      ({ rwCounter, isWrite: true, tag: RwTag.Storage, id, address, fieldTag: 0, storageKey, value: after, valuePrev: before, committedValue: before });
    const interleaved: RwRow[] = [
      sto(1, 1, Y, 1n, 5n, 6n), sto(2, 2, V, 1n, 1n, 2n), sto(3, 3, Y, 2n, 7n, 8n),
      { rwCounter: 4, isWrite: true, tag: RwTag.Account, id: 0, address: Y, fieldTag: AccountField.Balance, storageKey: 0n, value: 51n, valuePrev: 50n, committedValue: 0n },
    ];
    const w2 = await smtBindingWitness(interleaved, t);
    expect(w2.rows.map((r) => r.op.kind === 'account' ? `acct ${r.op.address.toString(16)} ${r.op.touched.map(Number).join('')}` : `sto ${r.op.txId}`)).to.deep.equal([
      'sto 1', 'acct bb 0000', 'sto 2', 'acct ee 0000', 'sto 3', 'acct bb 0100',
    ]);
    expect(w2.newRoot).to.equal(await nodeRoot(t, interleaved));
    const table = stateWitness(interleaved, interleaved.length + 1);
    const c = new SmtBindingCircuit(table, w2);
    const k2 = minK(Math.max(bindingRows(c.capacity), table.length, 256));
    expect(k2).to.be.at.most(12);
    expect(honestFailures(c, k2, c.instances())).to.deep.equal([]);
  });

  it('a witness over the capacity is refused by name (operations, then hashes of a width)', () => {
    expect(() => exactBindingCapacity(w, 8)).to.throw(SmtCapacityError, /9 operations \(at least 1\) needed, the circuit has room for 8/);
    const small = { ...circuit.capacity, accounts: 1 };
    expect(() => honestFailures(new SmtBindingCircuit(rws, w, small), k, circuit.instances())).to.throw(SmtCapacityError, /width-5 hashes needed, the circuit has room for 1/);
  });

  it('witness builder: RW values the trees do not hold are refused by name (an account field, a committed storage word)', async () => {
    const stale = rows.map((r) => (r.tag === RwTag.Account && r.address === X && r.fieldTag === AccountField.Balance ? { ...r, valuePrev: 99n } : r));
    await expectRejects(smtBindingWitness(stale, await TreeState.create(PRE)), SmtBindingWitnessError, /account 0xaa balance: the RW table starts at 0x63, the tree holds 0x64/);
    const slot = rows.map((r) => (r.tag === RwTag.Storage && r.id === 1 && r.storageKey === 1n ? { ...r, committedValue: 4n, valuePrev: 4n, value: r.isWrite ? r.value : 4n } : r));
    await expectRejects(smtBindingWitness(slot, await TreeState.create(PRE)), SmtBindingWitnessError, /storage 0xbb\[0x1\] in tx 1: the RW table's committed value 0x4 is not the tree's/);
    const ghost = rows.map((r) => (r.tag === RwTag.Storage && r.id === 2 && r.storageKey === 4n ? { ...r, committedValue: 3n, valuePrev: 3n, value: 0n, isWrite: true } : r));
    await expectRejects(smtBindingWitness(ghost, await TreeState.create(PRE)), SmtBindingWitnessError, /the storage of 0xbb: key 0x[0-9a-f]+ is deleted but the tree does not hold it/);
  });
});

async function expectRejects(p: Promise<unknown>, type: new (...args: never[]) => Error, message: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).to.be.instanceOf(type);
  expect((err as Error).message).to.match(message);
}
