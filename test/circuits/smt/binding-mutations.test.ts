import { expect } from 'chai';
import { minK } from '../../../circuits/gadgets/index.js';
import {
  SmtBindingCircuit, accountKey, accountLeaf, bindingRows, exactBindingCapacity, smtWitness, type SmtBindingCapacity, type SmtBindingWitness,
} from '../../../circuits/smt/index.js';
import { AccountField, RwTag, type RwRow } from '../../../circuits/state/index.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import { synthesize } from '../../../circuits/plonk/index.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { TreeState, type PreAccount } from './state-fixture.js';

const [X, Y, Z, Q] = [0xaan, 0xbbn, 0xccn, 0xeen];
const PRE: PreAccount[] = [
  { address: X, nonce: 1n, balance: 100n },
  { address: Y, balance: 50n, code: Uint8Array.of(0x00), storage: [[1n, 5n], [2n, 7n]] },
];

/** A smaller batch for the mutations (k = 11): X's nonce and balance, Y's slot 1. */
function smallRows(extra: readonly RwRow[] = []): RwRow[] {
  const rows: RwRow[] = [
    { rwCounter: 1, isWrite: true, tag: RwTag.Account, id: 0, address: X, fieldTag: AccountField.Nonce, storageKey: 0n, value: 2n, valuePrev: 1n, committedValue: 0n },
    { rwCounter: 2, isWrite: true, tag: RwTag.Account, id: 0, address: X, fieldTag: AccountField.Balance, storageKey: 0n, value: 90n, valuePrev: 100n, committedValue: 0n },
    { rwCounter: 3, isWrite: true, tag: RwTag.Storage, id: 1, address: Y, fieldTag: 0, storageKey: 1n, value: 6n, valuePrev: 5n, committedValue: 5n },
  ];
  return [...rows, ...extra.map((r, i) => ({ ...r, rwCounter: rows.length + 1 + i }))];
}

const xNonce = () => smallRows().filter((r) => r.fieldTag === AccountField.Nonce);
const accountsOnly = (rows: RwRow[]) => rows.filter((r) => r.tag === RwTag.Account);
const EXTRA: RwRow = { rwCounter: 0, isWrite: true, tag: RwTag.Account, id: 0, address: Z, fieldTag: AccountField.Balance, storageKey: 0n, value: 1000n, valuePrev: 0n, committedValue: 0n };

describe('smt binding: mutations (MockProver names the constraint)', function () {
  this.timeout(300_000);
  const K = 11;
  const witnesses = new Map<string, SmtBindingWitness>();
  let capacity: SmtBindingCapacity;
  /** The binding of `witnessRows` laid next to the RW table of `tableRows`, at one capacity for all variants. */
  const build = (name: string, tableRows: readonly RwRow[] = smallRows()) => new SmtBindingCircuit(stateWitness(tableRows, 8), witnesses.get(name)!, capacity);
  let honest: SmtBindingCircuit;
  before(async () => {
    const variants: Record<string, RwRow[]> = { honest: smallRows(), dropped: smallRows().filter((r) => r.fieldTag !== AccountField.Balance), extra: accountsOnly(smallRows([EXTRA])) };
    for (const [name, rows] of Object.entries(variants)) witnesses.set(name, await smtBindingWitness(rows, await TreeState.create(PRE)));
    // an op on Q (an account the RW table does not touch) appended: deleting it, or keeping its leaf
    for (const keep of [false, true]) {
      const trees = await TreeState.create([...PRE, { address: Q, balance: 5n }]);
      const w = await smtBindingWitness(xNonce(), trees);
      const key = accountKey(Q);
      const q = (await trees.account(Q))!;
      const [smt] = smtWitness(w.newRoot, [{ key, value: keep ? accountLeaf(q) : null, proof: await trees.prove('accounts', key) }], trees.nodeOf).ops;
      const op = { kind: 'account', address: Q, touched: [false, false, false, false], before: q, after: keep ? q : null } as const;
      witnesses.set(keep ? 'untouched kept' : 'untouched deleted', { oldRoot: w.oldRoot, newRoot: smt.rootAfter, rows: [...w.rows, { op, smt }] });
    }
    const caps = [...witnesses.values()].map((w) => exactBindingCapacity(w, 4));
    capacity = Object.fromEntries(Object.keys(caps[0]).map((f) => [f, Math.max(...caps.map((c) => c[f as keyof SmtBindingCapacity]))])) as unknown as SmtBindingCapacity;
    expect(minK(Math.max(bindingRows(capacity), 256))).to.equal(K);
    honest = build('honest');
  });
  const rowOf = (c: SmtBindingCircuit, pred: (r: SmtBindingWitness['rows'][number]) => boolean) => c.witness.rows.findIndex(pred);

  it('the honest small batch passes, padded with a disabled operation', () => {
    expect(honest.witness.rows).to.have.length(3);
    expect(honestFailures(honest, K, honest.instances())).to.deep.equal([]);
  });

  it('one layout per capacity: batches with different ops (and RW tables) fix the same fixed columns and copies (the verifying key\'s inputs)', () => {
    const layout = (c: SmtBindingCircuit) => {
      const a = synthesize(c, K, c.instances(), false);
      return { fixed: a.fixed, copies: a.copies.map(([x, y]) => `${x.column.kind}${x.column.index}@${x.row}=${y.column.kind}${y.column.index}@${y.row}`) };
    };
    const honestLayout = layout(honest);
    expect(layout(build('dropped'))).to.deep.equal(honestLayout);
    expect(layout(build('extra', accountsOnly(smallRows())))).to.deep.equal(honestLayout);
  });

  it('a wrong new root: the copy of the last state root to the public input', () => {
    const [count, [oldRoot, newRoot]] = honest.instances();
    expect(failuresAfter(honest, K, [count, [oldRoot, newRoot + 1n]], [])).to.deep.equal(['copy smt bind st@4~state roots (public)@1']);
  });

  it('a dropped account change (the binding leaves X\'s balance as it was): the RW balance group is not bound', () => {
    const c = build('dropped');
    const rwRow = c.rws.findIndex((r) => r.fieldTag === AccountField.Balance);
    expect(failuresAfter(c, K, c.instances(), [])).to.deep.equal([`lookup smt bind RW balance group is bound@${rwRow}`]);
  });

  it('an extra op (a balance change of an account the RW table does not touch): not an RW group', () => {
    const c = build('extra', accountsOnly(smallRows()));
    const r = rowOf(c, (x) => x.op.address === Z);
    expect(failuresAfter(c, K, c.instances(), [])).to.deep.equal([
      `lookup smt bind balance after is an RW last access@${r}`, `lookup smt bind balance before is an RW first access@${r}`,
    ]);
  });

  it('a changed storage value (the final word): not the RW group\'s last value, not the leaf hashed', () => {
    const r = rowOf(honest, (x) => x.op.kind === 'storage');
    expect(failuresAfter(honest, K, honest.instances(), [{ column: 'smt bind chLoA', row: r, value: 9n }])).to.deep.equal([
      `gate smt bind row/storage after: a word is non-zero@${r}`, `lookup smt bind storage after is an RW last access@${r}`, `lookup smt bind storage leaf A@${r}`,
    ]);
  });

  it('an account op the RW table does not touch: keeping its leaf passes, deleting the account is refused', () => {
    const kept = build('untouched kept', xNonce());
    expect(honestFailures(kept, K, kept.instances())).to.deep.equal([]);
    const c = build('untouched deleted', xNonce());
    expect(failuresAfter(c, K, c.instances(), [])).to.deep.equal([
      'gate smt bind row/untouched balanceLo is kept@1', 'gate smt bind segment/an account op touching nothing, without storage ops, keeps existence@1',
    ]);
  });

  it('an untouched field changed (Y\'s nonce): kept by the gate', () => {
    const r = rowOf(honest, (x) => x.op.address === Y && x.op.kind === 'account');
    expect(failuresAfter(honest, K, honest.instances(), [{ column: 'smt bind nonceA', row: r, value: 1n }])).to.deep.equal([
      `gate smt bind row/untouched nonce is kept@${r}`, `lookup smt bind account leaf A@${r}`,
    ]);
  });
});
