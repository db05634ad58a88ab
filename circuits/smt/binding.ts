/**
 * SmtBindingChip: binds the RW table (circuits/state) to the Poseidon SMTs of node/state/encoding.ts, so that
 * "old state root → new state root" follows from the batch's Account and Storage accesses (issue #10).
 *
 * Layout. One binding row per SMT operation slot i (SmtUpdateChip region i), copy-constrained to that
 * operation's cells (on, key, del, chk, leafO, otherO, vO, vN, root before/after) — a fixed mapping, so one
 * verifying key serves every batch that fits the capacity. A row is an account op (acct), a storage op (sto)
 * or disabled padding (on = 0, only after the last enabled row). Rows group into segments: zero or more
 * storage ops of one account's storage tree, then that account's op in the account tree:
 *
 *   row kind   statement                                                       tree
 *   storage    slot (txId, address, slot): committed → final word              the account's storage tree
 *   account    address: (nonce, balance, codeHash, storageRoot) before → after  the account tree
 *
 * Chaining (gates over adjacent rows; start = row 0 or the previous row is an account op):
 *   st       the state root before the row's op: st_0 = old root (instance), st' = acct ? rootAfter : st,
 *            the row after the last (row `capacity`) holds the new root (instance); account ops: rootBefore = st.
 *   seg      the segment's storage root before it, constant in a segment; a storage op starts from seg at the
 *            segment start, else from the previous op's rootAfter; the account op has srB = seg and srA = seg
 *            (no storage op) or the previous op's rootAfter. address is constant in a segment.
 *   The chip proves each op against its tree (membership of the old leaf, the new root), so the account's
 *   srB is its storage root in the old leaf, and the storage ops run on that tree.
 *
 * Values (node/state/encoding.ts): key = P(address) (width 2) or P(hi(slot), lo(slot)) (width 3); account leaf =
 * P(nonce, hi(bal), lo(bal), P(hi(ch), lo(ch), storageRoot)) (widths 5 and 4); storage leaf = P(hi(w), lo(w)),
 * absent for w = 0. Existence eb/ea (before/after): absent accounts have the default fields (0, 0,
 * keccak(""), storage root 0); a storage word exists iff it is non-zero (eb = [committed ≠ 0] by an inverse);
 * an account exists after iff its fields are not all the defaults (ea by inverses: an RW-touched account left
 * empty is deleted, as EIP-161 does with touched empty accounts).
 * The op's mode follows: eb·ea update of the own leaf (vO = leaf before, vN = leaf after); ¬eb·ea insert
 * (old terminal not the key's leaf); eb·¬ea delete (vN = leaf before); ¬eb·¬ea check of absence (chk).
 *
 * Binding to the RW table (StateChip: firstAccess(), lastAccess(), accountField(f), isStorage):
 *   forward    a touched account field (t_nonce, t_balance, t_codeHash) or a storage op is a key group of the
 *              RW table: (key, before) is a first-access row's valuePrev (for Storage, that is its committed
 *              value), (key, after) a last-access row's value. An untouched field keeps its value.
 *   storage    HasStorage (EIP-7610's "non-empty storage", read by creations) is no tree field: an account op with
 *              t_hasStorage binds its key group's first and last values to hs = [srB ≠ 0] (an inverse), and such
 *              an op comes before every storage op of the chain (seenSto, a running "a storage op so far"). There
 *              every storage root in the account tree is still the old state's (an account op without storage ops
 *              keeps srA = srB), so hs is whether the account had storage before the batch — which is what it has
 *              where a creation reads it: only code at the address writes its storage, and that needs a nonce or
 *              code there, which the creation proves absent.
 *   coverage   every RW key group of tag Account / Storage has a binding row touching it: its first-access
 *              row's (address[, txId, slot]) is looked up into the rows with that field touched / storage ops.
 * So every Account/Storage change of the RW table is applied (coverage + forward) with exactly its values,
 * and no op changes anything the RW table does not: an untouched field keeps its value, a storage op is an
 * RW group, and an account op touching no field and no storage keeps the account's existence (ea = eb), so it
 * changes nothing — it may name any account, proving only that account's leaf (or absence). Repeated ops are
 * harmless: each is proven against the current tree, so a repeated change (before ≠ after) cannot be applied
 * twice, and of an account's ops in several segments only those touching a field may change it.
 * Per slot, a tx's committed value must be the previous tx's final value: storage ops are in non-decreasing
 * txId order (txId − last storage txId < 2^16, two byte lookups), so a slot's ops run in tx order on its tree.
 *
 * Cost per op (a touched account per segment, a touched slot per tx): SmtUpdateChip's 255 rows, one binding
 * row, and Poseidon table entries beside them — the op's two paths (2·depth width-3 hashes of 66 rows, shared
 * where equal) and leaves, plus 5 (account: key, inner and leaf before/after) or 3 (storage: key, words)
 * hashes, deduplicated across the batch. The table outgrows the ops' 255 rows once paths pass ~2 levels:
 * 10 transfers (12 ops, account tree of 12 leaves) take 3,060 op rows and 5,137 table rows.
 *
 * An account op that touches no field and starts its segment (no storage ops) changes nothing: it keeps an account's
 * existence (an empty leaf too, mustDiffer = 0); any other op leaves no leaf with the default fields.
 *
 * Known limits: an empty account that exists before the batch and is only read (not EIP-161-touched) is
 * deleted by the circuit while the node keeps it — such a batch is unprovable (none exist after genesis, as
 * none can be created since EIP-161); deleting an account with storage (self-destruct) is not expressible
 * (ea = 0 forces storage root 0).
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Layouter, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { adviceColumns, GadgetError, splitWord, type RangeTable } from '../gadgets/index.js';
import { mod } from '../gadgets/common.js';
import { FR_MODULUS } from '../field/constants.js';
import { modInverse } from '../field/modular.js';
import { AccountField, RwTag, type StateChip } from '../state/index.js';
import { KECCAK_EMPTY } from '../bytecode/table.js';
import { poseidon } from '../poseidon/index.js';
import type { HashEntry, PoseidonTable } from './poseidon-table.js';
import type { AssignedSmtOp, SmtUpdateChip } from './update.js';
import type { SmtOpWitness } from './witness.js';

/** An account as the tree holds it (node/state Account, codeHash as a word). */
export interface AccountState { readonly nonce: bigint; readonly balance: bigint; readonly codeHash: bigint; readonly storageRoot: bigint }

/** The fields of an account that has no leaf. */
export const ABSENT_ACCOUNT: AccountState = { nonce: 0n, balance: 0n, codeHash: KECCAK_EMPTY, storageRoot: 0n };

export type BindingOp =
  | {
    readonly kind: 'account'; readonly address: bigint;
    /** Touched (an RW key group) per field: nonce, balance, codeHash, hasStorage. */
    readonly touched: readonly [boolean, boolean, boolean, boolean];
    /** null: no leaf. */
    readonly before: AccountState | null; readonly after: AccountState | null;
  }
  | { readonly kind: 'storage'; readonly address: bigint; readonly txId: number; readonly slot: bigint; readonly committed: bigint; readonly final: bigint };

/** One binding row: the op and its SMT operation (same index in the chain). */
export interface BindingRow { readonly op: BindingOp; readonly smt: SmtOpWitness }

const lo = (w: bigint) => splitWord(w)[0];
const hi = (w: bigint) => splitWord(w)[1];

/** Tree values of node/state/encoding.ts. */
export const accountKey = (address: bigint): bigint => poseidon([address]);
export const storageKey = (slot: bigint): bigint => poseidon([hi(slot), lo(slot)]);
export const storageLeaf = (word: bigint): bigint => poseidon([hi(word), lo(word)]);
const innerHash = (a: AccountState): bigint => poseidon([hi(a.codeHash), lo(a.codeHash), a.storageRoot]);
export const accountLeaf = (a: AccountState): bigint => poseidon([a.nonce, hi(a.balance), lo(a.balance), innerHash(a)]);

/** The hashes a binding row looks up (besides its SMT operation's). */
export function bindingHashes(op: BindingOp): HashEntry[] {
  if (op.kind === 'storage') {
    return [{ width: 3, inputs: [hi(op.slot), lo(op.slot)] }, ...[op.committed, op.final].map((w): HashEntry => ({ width: 3, inputs: [hi(w), lo(w)] }))];
  }
  const out: HashEntry[] = [{ width: 2, inputs: [op.address] }];
  for (const a of [op.before ?? ABSENT_ACCOUNT, op.after ?? ABSENT_ACCOUNT]) {
    out.push({ width: 4, inputs: [hi(a.codeHash), lo(a.codeHash), a.storageRoot] });
    out.push({ width: 5, inputs: [a.nonce, hi(a.balance), lo(a.balance), innerHash(a)] });
  }
  return out;
}

const COLUMNS = [
  'acct', 'sto', 'address', 'txId', 'slotLo', 'slotHi', 'tNonce', 'tBalance', 'tCodeHash', 'tHasStorage', 'hasStorage', 'invSrB',
  'nonceB', 'nonceA', 'balLoB', 'balHiB', 'balLoA', 'balHiA', 'chLoB', 'chHiB', 'chLoA', 'chHiA',
  'srB', 'srA', 'innerB', 'innerA', 'leafB', 'leafA', 'eb', 'ea', 'invLoB', 'invHiB', 'invLoA', 'invHiA',
  'invNonceA', 'invBalLoA', 'invBalHiA', 'invSrA',
  'untouched', 'mustDiffer', 'seg', 'st', 'lastTx', 'txDiff0', 'txDiff1', 'seenSto',
] as const;
/** Cells copied from the SMT operation. */
const LINKED = ['on', 'key', 'del', 'chk', 'leafO', 'otherO', 'oldValue', 'newValue', 'rootBefore', 'rootAfter'] as const satisfies readonly (keyof AssignedSmtOp)[];
type Col = (typeof COLUMNS)[number] | (typeof LINKED)[number];

export interface SmtBindingDeps {
  readonly state: StateChip;
  /** The byte table (shared with the state circuit). */
  readonly bytes: RangeTable;
  /** Configured with widths 2, 3, 4 and 5. */
  readonly table: PoseidonTable;
  readonly update: SmtUpdateChip;
}

/** The binding's ends: copy them to the public roots (or to the PI circuit's cells). */
export interface AssignedBinding { readonly oldRoot: AssignedCell; readonly newRoot: AssignedCell }

export class SmtBindingChip {
  private constructor(
    readonly name: string,
    readonly cols: Readonly<Record<Col, Column>>,
    readonly q: Selector,
    readonly qFirst: Selector,
    readonly qNext: Selector,
    readonly qEnd: Selector,
  ) {}

  static configure(cs: ConstraintSystem, deps: SmtBindingDeps, name = 'smt bind'): SmtBindingChip {
    const cols = adviceColumns(cs, name, [...COLUMNS, ...LINKED]);
    for (const c of [...LINKED, 'st'] as const) cs.enableEquality(cols[c]);
    const u = deps.update;
    for (const c of [u.cols.on, u.key.cols.acc, u.cols.del, u.cols.chk, u.cols.leafO, u.cols.otherO, u.cols.vO, u.cols.vN]) cs.enableEquality(c);
    const [q, qFirst, qNext, qEnd] = ['op', 'first', 'next', 'end'].map((s) => cs.selector(`${name} ${s}`));
    const chip = new SmtBindingChip(name, cols, q, qFirst, qNext, qEnd);
    chip.constrain(cs, deps);
    return chip;
  }

  private constrain(cs: ConstraintSystem, { state, bytes, table }: SmtBindingDeps): void {
    const { name } = this;
    const c = (k: Col) => this.cols[k].cur();
    const p = (k: Col) => this.cols[k].prev();
    const one = constant(1);
    const q = this.q.expr();
    const [acct, sto, on, eb, ea] = [c('acct'), c('sto'), c('on'), c('eb'), c('ea')];
    const bool = (k: Col): [string, Expr] => [`${k} is boolean`, c(k).mul(one.sub(c(k)))];
    const [emptyLo, emptyHi] = splitWord(KECCAK_EMPTY);
    const defaults = (s: 'B' | 'A', flag: Expr): Array<[string, Expr]> => [
      [`nonce${s}`, c(`nonce${s}`)], [`balLo${s}`, c(`balLo${s}`)], [`balHi${s}`, c(`balHi${s}`)],
      [`chLo${s}`, c(`chLo${s}`).sub(emptyLo)], [`chHi${s}`, c(`chHi${s}`).sub(emptyHi)], [`sr${s}`, c(`sr${s}`)],
    ].map(([n, e]): [string, Expr] => [`absent account ${s === 'B' ? 'before' : 'after'}: ${n} is the default`, acct.mul(one.sub(flag)).mul(e as Expr)]);
    const nonZero = (s: 'B' | 'A', flag: Expr): Array<[string, Expr]> => {
      const when = s === 'B' ? 'before' : 'after';
      return [
        [`storage ${when}: no word ⇒ lo = 0`, sto.mul(one.sub(flag)).mul(c(`chLo${s}`))],
        [`storage ${when}: no word ⇒ hi = 0`, sto.mul(one.sub(flag)).mul(c(`chHi${s}`))],
        [`storage ${when}: a word is non-zero`, sto.mul(flag).mul(one.sub(c(`chLo${s}`).mul(c(`invLo${s}`))).sub(c(`chHi${s}`).mul(c(`invHi${s}`))))],
      ];
    };
    // account rows: invLoA/invHiA invert the codeHash halves' difference from keccak("")
    const nonDefault = one.sub(c('nonceA').mul(c('invNonceA'))).sub(c('balLoA').mul(c('invBalLoA'))).sub(c('balHiA').mul(c('invBalHiA')))
      .sub(c('chLoA').sub(emptyLo).mul(c('invLoA'))).sub(c('chHiA').sub(emptyHi).mul(c('invHiA'))).sub(c('srA').mul(c('invSrA')));
    const touchedC = c('tCodeHash').add(sto);
    cs.createGate(`${name} row`, ([
      bool('acct'), bool('sto'), bool('tNonce'), bool('tBalance'), bool('tCodeHash'), bool('tHasStorage'), bool('eb'), bool('ea'),
      ['acct + sto = on', acct.add(sto).sub(on)],
      ['tNonce ⇒ account op', c('tNonce').mul(one.sub(acct))],
      ['tBalance ⇒ account op', c('tBalance').mul(one.sub(acct))],
      ['tCodeHash ⇒ account op', c('tCodeHash').mul(one.sub(acct))],
      ['tHasStorage ⇒ account op', c('tHasStorage').mul(one.sub(acct))],
      ['hasStorage = srB·invSrB', c('hasStorage').sub(c('srB').mul(c('invSrB')))],
      ['srB ≠ 0 ⇒ hasStorage', c('srB').mul(one.sub(c('hasStorage')))],
      ['tHasStorage ⇒ no storage op so far', c('tHasStorage').mul(c('seenSto'))],
      ['untouched = no field touched', c('untouched').sub(one.sub(c('tNonce')).mul(one.sub(c('tBalance'))).mul(one.sub(c('tCodeHash'))))],
      ['untouched nonce is kept', one.sub(c('tNonce')).mul(c('nonceA').sub(c('nonceB')))],
      ['untouched balanceLo is kept', one.sub(c('tBalance')).mul(c('balLoA').sub(c('balLoB')))],
      ['untouched balanceHi is kept', one.sub(c('tBalance')).mul(c('balHiA').sub(c('balHiB')))],
      ['untouched codeHashLo is kept', one.sub(touchedC).mul(c('chLoA').sub(c('chLoB')))],
      ['untouched codeHashHi is kept', one.sub(touchedC).mul(c('chHiA').sub(c('chHiB')))],
      ['account op: txId = 0', acct.mul(c('txId'))],
      ['account op: slotLo = 0', acct.mul(c('slotLo'))],
      ['account op: slotHi = 0', acct.mul(c('slotHi'))],
      ...defaults('B', eb), ...defaults('A', ea), ...nonZero('B', eb), ...nonZero('A', ea),
      ['an account exists after only if its fields are not the defaults', acct.mul(c('mustDiffer')).mul(nonDefault)],
      ['delete iff the key exists only before', on.mul(c('del').sub(eb.mul(one.sub(ea))))],
      ['check iff the key exists neither before nor after', on.mul(c('chk').sub(one.sub(eb).mul(one.sub(ea))))],
      ["old terminal is the key's leaf iff it exists before and after", on.mul(c('leafO').sub(c('otherO')).sub(eb.mul(ea)))],
      ['update: old leaf value = value before', on.mul(eb).mul(ea).mul(c('oldValue').sub(c('leafB')))],
      ['new leaf value = value after', on.mul(ea).mul(c('newValue').sub(c('leafA')))],
      ['delete: the restored leaf value = value before', on.mul(eb).mul(one.sub(ea)).mul(c('newValue').sub(c('leafB')))],
      ['account op: storage root before = seg', acct.mul(c('srB').sub(c('seg')))],
      ['account op: root before = st', acct.mul(c('rootBefore').sub(c('st')))],
      ["st' = account op ? root after : st", this.cols.st.next().sub(c('st')).sub(acct.mul(c('rootAfter').sub(c('st'))))],
      ['padding only after the last op', one.sub(on).mul(this.cols.on.next())],
      ["a storage op's segment ends with an account op", sto.mul(one.sub(this.cols.on.next()))],
    ] as Array<[string, Expr]>).map(([n, e]): [string, Expr] => [n, q.mul(e)]));

    // segment start: row 0, or the previous row is an account op
    const first = this.qFirst.expr();
    const next = this.qNext.expr();
    const start = first.add(next.mul(p('acct')));
    const cont = next.mul(one.sub(p('acct')));
    cs.createGate(`${name} segment`, {
      'address constant in a segment': cont.mul(on).mul(c('address').sub(p('address'))),
      'seg constant in a segment': cont.mul(on).mul(c('seg').sub(p('seg'))),
      'storage op at the segment start: root before = seg': start.mul(sto).mul(c('rootBefore').sub(c('seg'))),
      "storage op: root before = previous op's root after": cont.mul(sto).mul(c('rootBefore').sub(p('rootAfter'))),
      'account op at the segment start: storage root after = seg': start.mul(acct).mul(c('srA').sub(c('seg'))),
      'an account op touching nothing, without storage ops, keeps existence': start.mul(acct).mul(c('untouched')).mul(ea.sub(eb)),
      // such an op changes nothing, so it may keep an empty leaf (a genesis account); any other must not leave one
      'mustDiffer = ea, unless the op touches nothing and has no storage ops': c('mustDiffer').sub(ea.mul(one.sub(start.mul(c('untouched'))))),
      "account op after storage ops: storage root after = their root after": cont.mul(acct).mul(c('srA').sub(p('rootAfter'))),
      'first row: lastTx = its txId': first.mul(c('lastTx').sub(sto.mul(c('txId')))),
      'first row: seenSto = sto': first.mul(c('seenSto').sub(sto)),
      "seenSto' = seenSto or storage op": next.mul(c('seenSto').sub(p('seenSto')).sub(sto.mul(one.sub(p('seenSto'))))),
      "lastTx' = storage op ? txId : lastTx": next.mul(c('lastTx').sub(p('lastTx')).sub(sto.mul(c('txId').sub(p('lastTx'))))),
      'storage ops in txId order: txId − lastTx = Σ bytes': next.mul(sto.mul(c('txId').sub(p('lastTx'))).sub(c('txDiff0')).sub(c('txDiff1').mul(256))),
    });
    cs.createGate(`${name} end`, { 'no op after the capacity': this.qEnd.expr().mul(c('on')) });
    bytes.lookup(cs, `${name} txId step byte 0`, q.mul(c('txDiff0')));
    bytes.lookup(cs, `${name} txId step byte 1`, q.mul(c('txDiff1')));

    // hashes
    const hash = (label: string, gate: Expr, width: number, inputs: readonly Expr[], out: Expr) =>
      cs.lookup(`${name} ${label}`, table.lookup(gate.mul(width), inputs.map((x) => gate.mul(x)), gate.mul(out)));
    const qa = q.mul(acct);
    const qs = q.mul(sto);
    hash('account key', qa, 2, [c('address')], c('key'));
    hash('slot key', qs, 3, [c('slotHi'), c('slotLo')], c('key'));
    for (const s of ['B', 'A'] as const) {
      hash(`inner hash ${s}`, qa, 4, [c(`chHi${s}`), c(`chLo${s}`), c(`sr${s}`)], c(`inner${s}`));
      hash(`account leaf ${s}`, qa, 5, [c(`nonce${s}`), c(`balHi${s}`), c(`balLo${s}`), c(`inner${s}`)], c(`leaf${s}`));
      hash(`storage leaf ${s}`, qs, 3, [c(`chHi${s}`), c(`chLo${s}`)], c(`leaf${s}`));
    }

    // forward: touched fields and storage ops are RW key groups with these initial and final values
    const rw = state.table;
    const fa = state.firstAccess();
    const la = state.lastAccess();
    const groupKey = (g: Expr): Expr[] => [rw.tag, rw.id, rw.address, rw.fieldTag, rw.storageKeyLo, rw.storageKeyHi].map((x) => g.mul(x.cur()));
    const firstSide = [fa, ...groupKey(fa), fa.mul(rw.valuePrevLo.cur()), fa.mul(rw.valuePrevHi.cur())];
    const lastSide = [la, ...groupKey(la), la.mul(rw.valueLo.cur()), la.mul(rw.valueHi.cur())];
    const zero = constant(0);
    const accesses: Array<[string, Expr, Expr[], [Expr, Expr], [Expr, Expr]]> = [
      ['nonce', c('tNonce'), [constant(RwTag.Account), zero, c('address'), constant(AccountField.Nonce), zero, zero], [c('nonceB'), zero], [c('nonceA'), zero]],
      ['balance', c('tBalance'), [constant(RwTag.Account), zero, c('address'), constant(AccountField.Balance), zero, zero], [c('balLoB'), c('balHiB')], [c('balLoA'), c('balHiA')]],
      ['codeHash', c('tCodeHash'), [constant(RwTag.Account), zero, c('address'), constant(AccountField.CodeHash), zero, zero], [c('chLoB'), c('chHiB')], [c('chLoA'), c('chHiA')]],
      ['hasStorage', c('tHasStorage'), [constant(RwTag.Account), zero, c('address'), constant(AccountField.HasStorage), zero, zero], [c('hasStorage'), zero], [c('hasStorage'), zero]],
      ['storage', sto, [constant(RwTag.Storage), c('txId'), c('address'), zero, c('slotLo'), c('slotHi')], [c('chLoB'), c('chHiB')], [c('chLoA'), c('chHiA')]],
    ];
    for (const [label, t, key, before, after] of accesses) {
      const g = q.mul(t);
      const side = (values: [Expr, Expr]) => [g, ...key.map((x) => g.mul(x)), ...values.map((x) => g.mul(x))];
      cs.lookup(`${name} ${label} before is an RW first access`, side(before).map((e, i): [Expr, Expr] => [e, firstSide[i]]));
      cs.lookup(`${name} ${label} after is an RW last access`, side(after).map((e, i): [Expr, Expr] => [e, lastSide[i]]));
    }

    // coverage: every Account / Storage key group of the RW table is touched by a binding row
    const accountFields: Array<[string, AccountField, Col]> = [
      ['nonce', AccountField.Nonce, 'tNonce'], ['balance', AccountField.Balance, 'tBalance'], ['codeHash', AccountField.CodeHash, 'tCodeHash'], ['hasStorage', AccountField.HasStorage, 'tHasStorage'],
    ];
    for (const [label, field, t] of accountFields) {
      const g = fa.mul(state.accountField(field));
      const h = q.mul(c(t));
      // id and slot too: an Account group keyed otherwise (not the EVM's) would not be the one the forward lookups bind
      cs.lookup(`${name} RW ${label} group is bound`, [
        [g, h], [g.mul(rw.address.cur()), h.mul(c('address'))], ...[rw.id, rw.storageKeyLo, rw.storageKeyHi].map((x): [Expr, Expr] => [g.mul(x.cur()), zero]),
      ]);
    }
    const gs = fa.mul(state.flags.isStorage.cur());
    cs.lookup(`${name} RW storage group is bound`, [
      [gs, qs], [gs.mul(rw.fieldTag.cur()), zero],
      ...[[rw.id, 'txId'], [rw.address, 'address'], [rw.storageKeyLo, 'slotLo'], [rw.storageKeyHi, 'slotHi']].map(([x, k]): [Expr, Expr] => [gs.mul((x as Column).cur()), qs.mul(c(k as Col))]),
    ]);
  }

  /**
   * Lays out the binding rows (one per SMT operation, `ops` as the SmtUpdateChip assigned them, padding
   * included) from the old root `oldRoot`; returns the end cells.
   */
  assign(layouter: Layouter, rows: readonly (BindingRow | null)[], ops: readonly AssignedSmtOp[], oldRoot: bigint): AssignedBinding {
    if (rows.length !== ops.length) throw new GadgetError('SmtBindingChip', `${rows.length} binding rows for ${ops.length} SMT operations`);
    return layouter.assignRegion(`${this.name} rows`, (region) => {
      const set = (k: Col, i: number, v: bigint) => region.assignAdvice(k, this.cols[k], i, mod(v));
      let st = oldRoot;
      let seg = 0n;
      let lastTx = 0n;
      let seenSto = 0n;
      let prevAcct = true;
      const stCells: AssignedCell[] = [];
      rows.forEach((row, i) => {
        region.enableSelector(this.q, i);
        region.enableSelector(i === 0 ? this.qFirst : this.qNext, i);
        const op = row?.op;
        const values = rowValues(op);
        const enabled = op !== undefined;
        if (enabled && op.kind === 'storage' && prevAcct) seg = row!.smt.rootBefore;
        if (enabled && op.kind === 'account' && prevAcct) seg = (op.before ?? ABSENT_ACCOUNT).storageRoot;
        const txId = op?.kind === 'storage' ? BigInt(op.txId) : 0n;
        const diff = op?.kind === 'storage' && i > 0 ? txId - lastTx : 0n;
        if (diff < 0n || diff >= 1n << 16n) throw new GadgetError('SmtBindingChip', `row ${i}: storage ops must be in txId order with steps below 2^16 (txId ${txId} after ${lastTx})`);
        if (op?.kind === 'storage') [lastTx, seenSto] = [txId, 1n];
        // the segment gate's start: row 0, or the previous row is an account op
        const start = i === 0 || rows[i - 1]?.op.kind === 'account';
        const mustDiffer = (values.ea ?? 0n) * (start && values.untouched === 1n ? 0n : 1n);
        for (const k of COLUMNS) set(k, i, k === 'mustDiffer' ? mustDiffer : values[k as keyof typeof values] ?? 0n);
        set('seg', i, seg);
        stCells.push(set('st', i, st));
        set('lastTx', i, lastTx);
        set('seenSto', i, seenSto);
        set('txDiff0', i, diff & 0xffn);
        set('txDiff1', i, diff >> 8n);
        for (const k of LINKED) region.constrainEqual(set(k, i, ops[i][k].value), ops[i][k]);
        if (enabled && op.kind === 'account') st = row!.smt.rootAfter;
        prevAcct = !enabled || op.kind === 'account';
      });
      const end = rows.length;
      region.enableSelector(this.qEnd, end);
      set('on', end, 0n);
      const newRoot = set('st', end, st);
      return { oldRoot: stCells[0], newRoot };
    });
  }
}

const inv = (x: bigint) => modInverse(x, FR_MODULUS);

/** The row's cells other than the chain carries (seg, st, lastTx, tx diff bytes) and the linked ones. */
function rowValues(op: BindingOp | undefined): Partial<Record<(typeof COLUMNS)[number], bigint>> {
  if (op === undefined) return { untouched: 1n };
  if (op.kind === 'storage') {
    const [cLo, cHi] = splitWord(op.committed);
    const [fLo, fHi] = splitWord(op.final);
    // one non-zero half gets its inverse: lo·invLo + hi·invHi = 1
    const invs = (l: bigint, h: bigint) => (l !== 0n ? [inv(l), 0n] : h !== 0n ? [0n, inv(h)] : [0n, 0n]);
    const [invLoB, invHiB] = invs(cLo, cHi);
    const [invLoA, invHiA] = invs(fLo, fHi);
    return {
      sto: 1n, untouched: 1n, address: op.address, txId: BigInt(op.txId), slotLo: lo(op.slot), slotHi: hi(op.slot),
      chLoB: cLo, chHiB: cHi, chLoA: fLo, chHiA: fHi, leafB: storageLeaf(op.committed), leafA: storageLeaf(op.final),
      eb: op.committed === 0n ? 0n : 1n, ea: op.final === 0n ? 0n : 1n, invLoB, invHiB, invLoA, invHiA,
    };
  }
  const b = op.before ?? ABSENT_ACCOUNT;
  const a = op.after ?? ABSENT_ACCOUNT;
  const [t0, t1, t2, t3] = op.touched.map((t) => (t ? 1n : 0n));
  // the inverse of one field that differs from the default (Σ field·inverse = 1)
  const diffs: Array<[(typeof COLUMNS)[number], bigint]> = [
    ['invNonceA', a.nonce], ['invBalLoA', lo(a.balance)], ['invBalHiA', hi(a.balance)],
    ['invLoA', lo(a.codeHash) - lo(KECCAK_EMPTY)], ['invHiA', hi(a.codeHash) - hi(KECCAK_EMPTY)], ['invSrA', a.storageRoot],
  ];
  const witness = diffs.find(([, x]) => x !== 0n);
  return {
    acct: 1n, address: op.address, tNonce: t0, tBalance: t1, tCodeHash: t2, tHasStorage: t3, untouched: (1n - t0) * (1n - t1) * (1n - t2),
    hasStorage: b.storageRoot === 0n ? 0n : 1n, invSrB: b.storageRoot === 0n ? 0n : inv(b.storageRoot),
    nonceB: b.nonce, nonceA: a.nonce, balLoB: lo(b.balance), balHiB: hi(b.balance), balLoA: lo(a.balance), balHiA: hi(a.balance),
    chLoB: lo(b.codeHash), chHiB: hi(b.codeHash), chLoA: lo(a.codeHash), chHiA: hi(a.codeHash),
    srB: b.storageRoot, srA: a.storageRoot, innerB: innerHash(b), innerA: innerHash(a), leafB: accountLeaf(b), leafA: accountLeaf(a),
    eb: op.before === null ? 0n : 1n, ea: op.after === null ? 0n : 1n,
    ...(witness === undefined ? {} : { [witness[0]]: inv(witness[1]) }),
  };
}
