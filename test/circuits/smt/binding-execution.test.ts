/**
 * The SMT binding on batches the node's execution produced (@ethereumjs/vm with the node's tracer, run.ts):
 * ETH transfers through the EVM witness's RW rows, and a storage-writing contract through the trace's own
 * account and storage accesses (the EVM circuit has no SSTORE yet). The new root is compared with the node's
 * state tree (StateTree.applyAccounts of the trace's final values), a path independent of the binding's.
 */
import { expect } from 'chai';
import { Address, createAddressFromPrivateKey, hexToBytes } from '@ethereumjs/util';
import { minK } from '../../../circuits/gadgets/index.js';
import { SmtBindingCircuit, bindingRows, type SmtBindingWitness } from '../../../circuits/smt/index.js';
import { AccountField, RwTag, type RwRow } from '../../../circuits/state/index.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { evmWitness } from '../../../circuits/witness/evm.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import { EMPTY_CODE_HASH } from '../../../node/state/encoding.js';
import { asm, runPrograms } from '../witness/run.js';
import { honestFailures } from '../gadgets/helpers.js';
import { TreeState, addressBytes, type PreAccount } from './state-fixture.js';

const SENDER = BigInt(createAddressFromPrivateKey(new Uint8Array(32).fill(7)).toString());
const FUNDED: PreAccount = { address: SENDER, balance: 10n ** 24n };
const FIELD = { nonce: AccountField.Nonce, balance: AccountField.Balance, codeHash: AccountField.CodeHash } as const;
const wordBytes = (w: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((w >> BigInt(8 * (31 - i))) & 0xffn));

/** The trace's account and storage accesses as RW rows (rw counters as the tracer numbered them). */
function traceStateRows(block: BlockTrace): RwRow[] {
  return block.txs.flatMap((tx, i) => [
    ...tx.accounts.map((a): RwRow => ({
      rwCounter: a.rwc + 1, isWrite: a.isWrite, tag: RwTag.Account, id: 0, address: BigInt(a.address), fieldTag: FIELD[a.field], storageKey: 0n, value: a.value, valuePrev: a.valuePrev, committedValue: 0n,
    })),
    ...tx.storage.map((s): RwRow => ({
      rwCounter: s.rwc + 1, isWrite: s.isWrite, tag: RwTag.Storage, id: i + 1, address: BigInt(s.address), fieldTag: 0, storageKey: s.slot, value: s.value, valuePrev: s.valuePrev, committedValue: s.committed,
    })),
  ]);
}

/** The node's post-state root: its state tree with every touched account's final fields and slots from the trace. */
async function nodeRoot(trees: TreeState, block: BlockTrace): Promise<bigint> {
  const finals = new Map<bigint, { fields: Map<string, bigint>; slots: Map<bigint, bigint> }>();
  for (const tx of block.txs) {
    for (const a of [...tx.accounts].sort((x, y) => x.rwc - y.rwc)) {
      const f = finals.get(BigInt(a.address)) ?? { fields: new Map(), slots: new Map() };
      finals.set(BigInt(a.address), f);
      f.fields.set(a.field, a.value);
    }
    for (const s of tx.storage) finals.get(BigInt(s.address))!.slots.set(s.slot, s.value);
  }
  const changes = [];
  for (const [address, f] of finals) {
    const before = await trees.state.getAccount(addressBytes(address));
    const fields = {
      nonce: f.fields.get('nonce') ?? before?.nonce ?? 0n, balance: f.fields.get('balance') ?? before?.balance ?? 0n,
      codeHash: f.fields.has('codeHash') ? wordBytes(f.fields.get('codeHash')!) : before?.codeHash ?? EMPTY_CODE_HASH,
    };
    if (before === undefined && fields.nonce === 0n && fields.balance === 0n && f.slots.size === 0) continue;
    changes.push([addressBytes(address), { fields, clearStorage: false, storage: f.slots }] as const);
  }
  await trees.state.applyAccounts(changes);
  return trees.state.stateRoot();
}

async function prove(rows: readonly RwRow[], pre: readonly PreAccount[], block: BlockTrace): Promise<{ w: SmtBindingWitness; failures: string[]; k: number }> {
  const trees = await TreeState.create(pre);
  const w = await smtBindingWitness(rows, trees);
  expect(w.newRoot, "the node's post-state root").to.equal(await nodeRoot(trees, block));
  const rws = stateWitness(rows, rows.length + 1);
  const c = new SmtBindingCircuit(rws, w);
  const k = minK(Math.max(bindingRows(c.capacity), rws.length, 256));
  return { w, k, failures: honestFailures(c, k, c.instances()) };
}

describe('smt binding: batches executed by the node', function () {
  this.timeout(300_000);

  it('two ETH transfers (the EVM witness\'s RW rows): sender, two new accounts, the coinbase; MockProver passes at k = 11', async () => {
    const to = (n: number) => new Address(hexToBytes(`0x${n.toString(16).padStart(40, '0')}`));
    const block = await runPrograms([{ to: to(0xa11ce), value: 10n ** 18n }, { to: to(0xb0b), value: 2n }]);
    const rows = evmWitness(block).rws;
    const { w, failures, k } = await prove(rows, [FUNDED], block);
    expect(w.rows.map((r) => `${r.op.kind} ${r.smt.oldTerminal === 'own' ? 'update' : 'insert'}`)).to.deep.equal(['account insert', 'account insert', 'account insert', 'account update']);
    expect(k).to.equal(11);
    expect(failures).to.deep.equal([]);
  });

  it('a storage-writing contract over four txs (the trace\'s accesses): insert, insert, delete, update of its slots; MockProver passes at k = 12', async () => {
    // SSTORE(calldata[0:32], calldata[32:64])
    const code = asm('PUSH1', 0x20, 'CALLDATALOAD', 'PUSH1', 0, 'CALLDATALOAD', 'SSTORE', 'STOP');
    const contract = new Address(hexToBytes('0x00000000000000000000000000000000005707e5'));
    const call = (slot: bigint, value: bigint) => ({ to: contract, data: Uint8Array.from([...wordBytes(slot), ...wordBytes(value)]) });
    const block = await runPrograms([call(1n, 5n), call(2n, 7n), call(1n, 0n), call(2n, 9n)], [{ address: contract, code }]);
    expect(block.txs.map((t) => t.status)).to.deep.equal([1, 1, 1, 1]);
    const rows = traceStateRows(block);
    const pre = [FUNDED, { address: BigInt(contract.toString()), code }];
    const { w, failures, k } = await prove(rows, pre, block);
    const kinds = w.rows.map((r) => r.op.kind === 'storage' ? `tx${r.op.txId} slot ${r.op.slot} ${r.smt.del ? 'del' : r.smt.oldTerminal === 'own' ? 'upd' : 'ins'}` : 'account');
    expect(kinds).to.deep.equal(['tx1 slot 1 ins', 'tx2 slot 2 ins', 'tx3 slot 1 del', 'tx4 slot 2 upd', 'account', 'account', 'account']);
    expect(k).to.equal(12);
    expect(failures).to.deep.equal([]);
  });
});
