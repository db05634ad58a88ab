/**
 * The SMT binding's witness (circuits/smt/binding.ts): from a batch's RW rows and the state trees, the chain of
 * binding rows — each an account or storage op with its SMT operation — from the old state root to the new.
 *
 * Plan: first an account op per account whose HasStorage a creation reads (EIP-7610), touching only that, by
 * address — the circuit wants them before any storage op. Then storage ops are the RW Storage key groups
 * (txId, address, slot) in (txId, address, slot) order — the circuit wants them in txId order — and each run of
 * one address closes with that account's op in the account tree (its new storage root). Accounts touched
 * without storage ops follow, by address. An account with storage in several runs gets an op per run; its
 * touched fields change at its last one.
 *
 * The trees are the caller's (node/state over its store, or a test's in-memory tree): `StateTreeAccess`
 * proves keys under a tree's current root and applies the writes in plan order, so each operation's proof
 * is taken just before it, as circuits/smt/witness.ts expects. No I/O of its own.
 */
import { ABSENT_ACCOUNT, accountKey, accountLeaf, storageKey, storageLeaf, type AccountState, type BindingOp, type BindingRow } from '../smt/binding.js';
import type { SmtBindingWitness } from '../smt/binding-circuit.js';
import { smtWitness, type SmtNodeSource, type SmtOperation, type SmtPathProof } from '../smt/witness.js';
import { AccountField, RwTag, type RwRow } from '../state/table.js';

/** The account tree, or the storage tree of an account. */
export type TreeRef = 'accounts' | { readonly storageOf: bigint };

export interface StateTreeAccess {
  /** The state root before the batch. */
  readonly oldRoot: bigint;
  /** An account before the batch (null: no leaf). */
  account(address: bigint): Promise<AccountState | null>;
  /** The proof of `key` under the tree's current root (a storage tree starts at its account's storage root). */
  prove(tree: TreeRef, key: bigint): Promise<SmtPathProof>;
  /** Writes a leaf value (null deletes) into the tree. */
  write(tree: TreeRef, key: bigint, value: bigint | null): Promise<void>;
  /** Tree nodes by hash, including those the writes made. */
  readonly nodeOf: SmtNodeSource;
}

/** The RW rows contradict the state trees or themselves (a trace or tree bug, not a user error). */
export class SmtBindingWitnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmtBindingWitnessError';
  }
}

const hex = (x: bigint) => `0x${x.toString(16)}`;
/** The account fields an account op changes (HasStorage, read-only, has its own op: planBinding). */
const FIELDS = [AccountField.Nonce, AccountField.Balance, AccountField.CodeHash] as const;
const FIELD_NAME = { [AccountField.Nonce]: 'nonce', [AccountField.Balance]: 'balance', [AccountField.CodeHash]: 'codeHash' } as const;

/** A key group of the RW table: its first and last access. */
export interface KeyGroup { readonly first: RwRow; readonly last: RwRow }

/** Key groups of the rows with `tag`, by `key`, first and last access in rwCounter order. */
function groups(rws: readonly RwRow[], tag: RwTag, key: (r: RwRow) => string): Map<string, KeyGroup> {
  const out = new Map<string, KeyGroup>();
  for (const r of [...rws].filter((x) => x.tag === tag).sort((a, b) => a.rwCounter - b.rwCounter)) {
    const k = key(r);
    const g = out.get(k);
    out.set(k, { first: g?.first ?? r, last: r });
  }
  return out;
}

const isAbsent = (a: AccountState) => a.nonce === 0n && a.balance === 0n && a.codeHash === ABSENT_ACCOUNT.codeHash && a.storageRoot === 0n;

/**
 * The op plan of a batch: per segment an account and its storage key groups (in order), then its account op —
 * which touches only HasStorage where `hasStorage` is set.
 */
export interface BindingPlan {
  readonly accountGroups: ReadonlyMap<string, KeyGroup>;
  readonly segments: ReadonlyArray<{ readonly address: bigint; readonly storage: readonly KeyGroup[]; readonly hasStorage?: true }>;
}

/** The plan for the batch's RW rows (any order); pure. */
export function planBinding(rws: readonly RwRow[]): BindingPlan {
  const accountGroups = groups(rws, RwTag.Account, (r) => `${r.address}:${r.fieldTag}`);
  const storageGroups = [...groups(rws, RwTag.Storage, (r) => `${r.id}:${r.address}:${r.storageKey}`).values()]
    .sort((a, b) => a.first.id - b.first.id || cmp(a.first.address, b.first.address) || cmp(a.first.storageKey, b.first.storageKey));
  for (const { first } of storageGroups) {
    if (first.valuePrev !== first.committedValue) throw new SmtBindingWitnessError(`storage ${hex(first.address)}[${hex(first.storageKey)}] in tx ${first.id}: the first access starts at ${hex(first.valuePrev)}, not at the committed value ${hex(first.committedValue)}`);
  }
  // runs of one address, then accounts without storage ops
  const runs: KeyGroup[][] = [];
  for (const g of storageGroups) {
    const run = runs.at(-1);
    if (run !== undefined && run[0].first.address === g.first.address) run.push(g);
    else runs.push([g]);
  }
  const withStorage = new Set(runs.map((run) => run[0].first.address));
  const fieldGroups = [...accountGroups.values()].map((g) => g.first);
  const accounts = new Set(fieldGroups.filter((r) => r.fieldTag !== AccountField.HasStorage).map((r) => r.address));
  const probed = new Set(fieldGroups.filter((r) => r.fieldTag === AccountField.HasStorage).map((r) => r.address));
  return {
    accountGroups,
    segments: [
      ...[...probed].sort(cmp).map((address) => ({ address, storage: [], hasStorage: true as const })),
      ...runs.map((run) => ({ address: run[0].first.address, storage: run })),
      ...[...accounts].filter((a) => !withStorage.has(a)).sort(cmp).map((address) => ({ address, storage: [] })),
    ],
  };
}

/** SMT operations the batch needs (the binding's capacity in ops): a storage op per Storage key group, an account op per segment. */
export const bindingOpCount = (plan: BindingPlan): number => plan.segments.reduce((n, s) => n + s.storage.length + 1, 0);

/** Binding rows for the batch's RW rows (any order), applying their writes to `trees`. */
export async function smtBindingWitness(rws: readonly RwRow[], trees: StateTreeAccess): Promise<SmtBindingWitness> {
  const { accountGroups, segments: plan } = planBinding(rws);
  const rows: BindingRow[] = [];
  const current = new Map<bigint, AccountState | null>();
  let root = trees.oldRoot;
  const apply = async (tree: TreeRef, treeRoot: bigint, key: bigint, value: bigint | null, check: boolean) => {
    const op: SmtOperation = { key, value, check, proof: await trees.prove(tree, key) };
    const [w] = smtWitness(treeRoot, [op], trees.nodeOf).ops;
    // smtWitness drops the delete of an absent key: here the RW table said the key held a value
    if (w === undefined) throw new SmtBindingWitnessError(`${tree === 'accounts' ? 'the account tree' : `the storage of ${hex(tree.storageOf)}`}: key ${hex(key)} is deleted but the tree does not hold it`);
    if (!check) await trees.write(tree, key, value);
    return w;
  };
  for (const [i, { address, storage, hasStorage }] of plan.entries()) {
    if (!current.has(address)) current.set(address, await trees.account(address));
    const before = current.get(address)!;
    let storageRoot = (before ?? ABSENT_ACCOUNT).storageRoot;
    for (const { first, last } of storage) {
      const [committed, final] = [first.committedValue, last.value];
      const key = storageKey(first.storageKey);
      const smt = await apply({ storageOf: address }, storageRoot, key, final === 0n ? null : storageLeaf(final), committed === 0n && final === 0n);
      // a delete is proven as the insert that restores the key: its value before is the new path's
      const held = smt.del ? smt.newValue : smt.oldTerminal === 'own' ? smt.oldValue : undefined;
      if (held !== (committed === 0n ? undefined : storageLeaf(committed))) {
        throw new SmtBindingWitnessError(`storage ${hex(address)}[${hex(first.storageKey)}] in tx ${first.id}: the RW table's committed value ${hex(committed)} is not the tree's`);
      }
      storageRoot = smt.rootAfter;
      const op: BindingOp = { kind: 'storage', address, txId: first.id, slot: first.storageKey, committed, final };
      rows.push({ op, smt });
    }
    const isLast = hasStorage !== true && plan.slice(i + 1).every((p) => p.address !== address);
    const fields: { -readonly [K in keyof AccountState]: bigint } = { ...(before ?? ABSENT_ACCOUNT), storageRoot };
    const touched = [...FIELDS.map((f) => isLast && accountGroups.has(`${address}:${f}`)), hasStorage === true] as [boolean, boolean, boolean, boolean];
    if (hasStorage === true) {
      // a read-only field: every access is the account's storage before the batch (an op before any storage op)
      const { first, last } = accountGroups.get(`${address}:${AccountField.HasStorage}`)!;
      const has = storageRoot === 0n ? 0n : 1n;
      if (first.valuePrev !== has || last.value !== has) throw new SmtBindingWitnessError(`account ${hex(address)} hasStorage: the RW table reads ${first.valuePrev}, the tree's storage root is ${hex(storageRoot)}`);
    }
    FIELDS.forEach((f, j) => {
      if (!touched[j]) return;
      const { first, last } = accountGroups.get(`${address}:${f}`)!;
      const name = FIELD_NAME[f];
      if (first.valuePrev !== fields[name]) throw new SmtBindingWitnessError(`account ${hex(address)} ${name}: the RW table starts at ${hex(first.valuePrev)}, the tree holds ${hex(fields[name])}`);
      fields[name] = last.value;
    });
    // an account left with the default fields has no leaf (the circuit's rule; EIP-161 for touched accounts); an op
    // touching no field and no storage changes nothing, not even an empty leaf's existence
    const changes = touched.slice(0, FIELDS.length).some((t) => t) || storage.length > 0;
    const after = !changes ? before : isAbsent(fields) ? null : fields;
    const value = after === null ? null : accountLeaf(after);
    const smt = await apply('accounts', root, accountKey(address), value, before === null && after === null);
    root = smt.rootAfter;
    current.set(address, after);
    rows.push({ op: { kind: 'account', address, touched, before, after }, smt });
  }
  return { oldRoot: trees.oldRoot, newRoot: root, rows };
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
