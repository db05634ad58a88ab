/**
 * The batch's withdrawals, bound to the public input: ZkRollup.sol's withdrawal tree (its header comment)
 *
 *   leaf = keccak256(abi.encode(address to, uint256 amount, uint256 nonce))   (96 bytes)
 *   withdrawRoot = the tree over the leaves padded with 0 to a power of two; one leaf: the leaf; none: 0
 *
 * A withdrawal (node/l1/bridge.ts, node/batcher/batcher.ts) is a successful top-level tx that is no deposit,
 * whose to is WITHDRAW_ADDRESS and whose value is not 0: to = its sender, amount = its value, nonce = the tx's own
 * nonce (its sender's account nonce, < 2^64 by EIP-2681: the lo half). WithdrawalsChip proves it over the tx
 * table's own rows, row-aligned with the tx chip's field rows (checked when assigned), on each tx block's first row:
 *
 *   isW = [CalleeAddress = W], zLo = [Value lo = 0], zHi = [Value hi = 0]   (IsZeroChip, by inverses)
 *   status = the tx's receipt status: (txId, status) in the EVM's txStatusTable (EndTx's persistent; padding: 0)
 *   sent = (1 − IsL1Message)·isW·(1 − zLo·zHi),  w = sent·status              the tx is a withdrawal
 *   caller, value halves, nonce = the tx's; leaf = the digest of the gated "withdraw leaf" preimage (on = w):
 *     0¹² ‖ caller ‖ value hi, lo ‖ nonce hi, lo — the pad and nonce hi copied to 0, the rest to the aligned cells
 *   cnt = cnt↑ + w   (↑: one block up; 0 above the first block)
 *
 * and compacts the leaves into the tree's `slots` leaves (withdraw-tree.ts: the tx slots rounded up to a power of
 * two), on the block's rows k = 0 … slots − 1 (so slots ≤ the block's rows: MAX_WITHDRAWALS):
 *
 *   slot_k boolean, Σ_k slot_k = w, Σ_k k·slot_k = w·(cnt − 1)        the tx's leaf goes to slot cnt − 1 or nowhere
 *   leaf_k = leaf_k↑ + slot_k·leaf   (hi and lo; 0 above the first block)
 *
 * cnt rises by one at each withdrawal, so on the last block leaf_k is the k-th withdrawal's leaf for k < cnt and 0
 * past it (no slot is taken twice or skipped), and cnt ≤ slots. WithdrawTreeChip hashes them into withdrawRoot,
 * the contract's tree of cnt leaves, which the caller copies to the public input.
 *
 * Success: only a tx whose receipt status is 1 withdraws (the node's rule, node/batcher/batcher.ts), as the EVM
 * circuit proves it at EndTx. The withdrawal address has no code on the devnet (no account can deploy there: a
 * CREATE address is a keccak image, and it is no precompile), but a genesis may put some there: a tx to it that
 * reverts keeps its value on the sender and must mint no leaf. A successful one's value reaches the address: locked
 * on L2, paid out on L1 against the leaf.
 *
 * Uniqueness: every leaf field is bound to the tx, none is the prover's choice. The EVM circuit proves the tx's
 * nonce equal to its sender's account nonce and increments that, so no two txs of one sender — in this batch or
 * any other — carry the same nonce: two withdrawals never share (to, nonce), hence never a leaf, and the L1
 * nullifier (claimed leaves) can never block a withdrawal that was not itself paid. (A nonce the prover could
 * pick would let it copy an already-claimed leaf of the same (to, amount) and lock those funds for ever.)
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { IsZeroChip } from '../gadgets/is-zero.js';
import type { RangeTable } from '../gadgets/range-table.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import { constant, sum, type AssignedCell, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import type { TxChip } from '../tx/chip.js';
import { TxFieldTag } from '../tx/table.js';
import { SUMMARY_TAGS, summaryOffset, type TxWitness } from '../witness/tx.js';
import type { HalvesCells } from './circuit.js';
import { PreimageChip, segmentsOf } from './preimage.js';
import { digestHalves, PublicInputError, type Bytes32 } from './public-input.js';
import { slotsFor, withdrawTree, WithdrawTreeChip } from './withdraw-tree.js';

/** One withdrawal as its leaf encodes it. */
export interface Withdrawal { readonly to: bigint; readonly amount: bigint; readonly nonce: bigint }

const BLOCK = SUMMARY_TAGS.length;
/** Withdrawals a batch may have at most: the tree's slots lie on a tx block's rows (see the header). */
export const MAX_WITHDRAWALS = 1 << Math.floor(Math.log2(BLOCK));
export const WITHDRAW_LEAF_BYTES = 96;
/** The leaf preimage's segments: pad, to, amount hi, lo, nonce hi, lo. */
const LEAF_SEGMENTS = segmentsOf([12, 20, 16, 16, 16, 16]);

const be = (x: bigint, bytes: number): Uint8Array => Uint8Array.from(Buffer.from(x.toString(16).padStart(2 * bytes, '0'), 'hex'));

/** abi.encode(address to, uint256 amount, uint256 nonce). */
export function withdrawLeafPreimage(w: Withdrawal): Uint8Array {
  if (w.to < 0n || w.to >> 160n !== 0n || w.amount < 0n || w.amount >> 256n !== 0n || w.nonce < 0n || w.nonce >> 256n !== 0n) {
    throw new PublicInputError(`withdrawal ${w.nonce}: a field does not fit its ABI type`);
  }
  const out = new Uint8Array(WITHDRAW_LEAF_BYTES);
  [w.to, w.amount, w.nonce].forEach((x, i) => out.set(be(x, 32), 32 * i));
  return out;
}

/** The withdrawals' leaves as uint256, in order. */
export const withdrawLeaves = (withdrawals: readonly Withdrawal[]): bigint[] =>
  withdrawals.map((w) => BigInt(`0x${Buffer.from(keccak_256(withdrawLeafPreimage(w))).toString('hex')}`));

/** The batch's withdrawRoot: the contract's tree over the leaves (the leaf for one, 0 for none). */
export function withdrawRoot(withdrawals: readonly Withdrawal[]): Bytes32 {
  if (withdrawals.length > MAX_WITHDRAWALS) throw new PublicInputError(`${withdrawals.length} withdrawals: the batch circuit proves at most ${MAX_WITHDRAWALS}`);
  return `0x${withdrawTree(withdrawLeaves(withdrawals), slotsFor(withdrawals.length)).root.toString(16).padStart(64, '0')}`;
}

/** hi, lo: leaf_k's halves on the block's row k (the compaction's accumulators); slot: slot_k there. */
type Aligned = 'caller' | 'valueHi' | 'valueLo' | 'nonce' | 'invW' | 'isW' | 'invLo' | 'zLo' | 'invHi' | 'zHi' | 'sent' | 'status' | 'w' | 'cnt' | 'leafHi' | 'leafLo' | 'slot' | 'hi' | 'lo';
const ALIGNED: readonly Aligned[] = ['caller', 'valueHi', 'valueLo', 'nonce', 'invW', 'isW', 'invLo', 'zLo', 'invHi', 'zHi', 'sent', 'status', 'w', 'cnt', 'leafHi', 'leafLo', 'slot', 'hi', 'lo'];

/** The EVM circuit's (txId, receipt status) per tx, 0s on its other rows (EvmCircuit.txStatusTable). */
export type TxStatusTable = readonly [txId: Expr, status: Expr];

export class WithdrawalsChip {
  private constructor(
    readonly tx: TxChip, readonly cols: Record<Aligned, Column>, readonly q: Record<'first' | 'next', Selector>,
    readonly zero: Record<'w' | 'lo' | 'hi', IsZeroChip>, readonly leaf: PreimageChip, readonly tree: WithdrawTreeChip,
  ) {}

  /**
   * Columns "withdraw <field>", gates "withdrawals" and its IsZero gates, the lookup "withdrawals tx status" into
   * `status`, the gated preimage "withdraw leaf", the tree (WithdrawTreeChip over `byteTable`) on the tx chip's
   * capacity rounded up to a power of two.
   */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, byteTable: RangeTable, tx: TxChip, withdrawAddress: bigint, status: TxStatusTable): WithdrawalsChip {
    const slots = slotsFor(tx.params.capacity);
    if (slots > MAX_WITHDRAWALS) throw new PublicInputError(`${tx.params.capacity} tx slots: the withdrawal tree takes at most ${MAX_WITHDRAWALS} leaves (one per row of a tx block)`);
    const cols = Object.fromEntries(ALIGNED.map((f) => [f, cs.adviceColumn(`withdraw ${f}`)])) as Record<Aligned, Column>;
    for (const c of [cols.caller, cols.valueHi, cols.valueLo, cols.nonce, cols.w, cols.cnt, cols.leafHi, cols.leafLo, cols.hi, cols.lo]) cs.enableEquality(c);
    const sel = { first: cs.selector('withdrawals first'), next: cs.selector('withdrawals next') };
    const [first, next] = [sel.first.expr(), sel.next.expr()];
    const q = first.add(next);
    const at = (half: 'valueLo' | 'valueHi', tag: TxFieldTag) => tx.table[half].rot(summaryOffset(tag));
    const zero = {
      w: IsZeroChip.configure(cs, 'withdrawals to W', q, at('valueLo', TxFieldTag.CalleeAddress).sub(withdrawAddress), cols.invW, cols.isW),
      lo: IsZeroChip.configure(cs, 'withdrawals value lo', q, at('valueLo', TxFieldTag.Value), cols.invLo, cols.zLo),
      hi: IsZeroChip.configure(cs, 'withdrawals value hi', q, at('valueHi', TxFieldTag.Value), cols.invHi, cols.zHi),
    };
    const one = constant(1n);
    const w = cols.w.cur();
    const rules: Record<string, Expr> = {
      'sent = (1 − IsL1Message)·isW·(1 − zLo·zHi)': q.mul(cols.sent.cur().sub(one.sub(at('valueLo', TxFieldTag.IsL1Message)).mul(cols.isW.cur()).mul(one.sub(cols.zLo.cur().mul(cols.zHi.cur()))))),
      'w = sent·status': q.mul(w.sub(cols.sent.cur().mul(cols.status.cur()))),
      'caller = CallerAddress': q.mul(cols.caller.cur().sub(at('valueLo', TxFieldTag.CallerAddress))),
      'value hi': q.mul(cols.valueHi.cur().sub(at('valueHi', TxFieldTag.Value))),
      'value lo': q.mul(cols.valueLo.cur().sub(at('valueLo', TxFieldTag.Value))),
      'nonce = Nonce': q.mul(cols.nonce.cur().sub(at('valueLo', TxFieldTag.Nonce))),
      'cnt = w (first block)': first.mul(cols.cnt.cur().sub(w)),
      'cnt = cnt one block up + w': next.mul(cols.cnt.cur().sub(cols.cnt.rot(-BLOCK)).sub(w)),
    };
    const ks = Array.from({ length: slots }, (_, k) => k);
    const slot = (k: number) => cols.slot.rot(k);
    for (const k of ks) rules[`slot ${k} is boolean`] = q.mul(slot(k)).mul(one.sub(slot(k)));
    rules['Σ slot = w'] = q.mul(sum(ks.map(slot)).sub(w));
    rules['Σ k·slot_k = w·(cnt − 1)'] = q.mul(sum(ks.map((k) => slot(k).mul(BigInt(k)))).sub(w.mul(cols.cnt.cur().sub(one))));
    for (const [h, leaf] of [['hi', 'leafHi'], ['lo', 'leafLo']] as const) {
      for (const k of ks) {
        const add = slot(k).mul(cols[leaf].cur());
        rules[`leaf ${k} ${h} = slot·leaf (first block)`] = first.mul(cols[h].rot(k).sub(add));
        rules[`leaf ${k} ${h} = leaf one block up + slot·leaf`] = next.mul(cols[h].rot(k).sub(cols[h].rot(k - BLOCK)).sub(add));
      }
    }
    cs.createGate('withdrawals', rules);
    // the tx table's txId on a block's first row: its tx number, 0 on padding (whose status is then 0)
    cs.lookup('withdrawals tx status', [[q.mul(tx.table.txId.cur()), status[0]], [q.mul(cols.status.cur()), status[1]]]);
    const leaf = PreimageChip.configure(cs, 'withdraw leaf', keccak, { fixed: WITHDRAW_LEAF_BYTES, gated: true });
    return new WithdrawalsChip(tx, cols, sel, zero, leaf, WithdrawTreeChip.configure(cs, keccak, byteTable, slots));
  }

  /**
   * After the tx chip's assign (`tx`: its witness): `ids` are the withdrawals' keccak ids, in order, `nodeIds` the
   * tree's hashed nodes' (withdrawTree's inputs); `statuses` the txs' receipt statuses (1 or 0), in order. Returns the
   * tree's root: withdrawRoot.
   */
  assign(layouter: Layouter, tx: TxWitness, withdrawAddress: bigint, ids: readonly number[], nodeIds: readonly number[], statuses: readonly bigint[]): HalvesCells {
    const blocks = tx.summary.length / BLOCK;
    const field = (b: number, tag: TxFieldTag) => tx.summary[b * BLOCK + summaryOffset(tag)]!;
    const slots = Array.from({ length: blocks }, (_, b) => {
      const [vLo, vHi] = [field(b, TxFieldTag.Value).valueLo, field(b, TxFieldTag.Value).valueHi];
      const isW = field(b, TxFieldTag.CalleeAddress).valueLo === withdrawAddress;
      const sent = field(b, TxFieldTag.IsL1Message).valueLo === 0n && isW && (vLo !== 0n || vHi !== 0n);
      const status = statuses[b] ?? 0n;
      return { caller: field(b, TxFieldTag.CallerAddress).valueLo, vLo, vHi, nonce: field(b, TxFieldTag.Nonce).valueLo, sent, status, w: sent && status === 1n };
    });
    const count = slots.filter((s) => s.w).length;
    if (count > this.tree.slots || ids.length !== count) {
      throw new PublicInputError(`${count} withdrawal txs (at most ${this.tree.slots}), ${ids.length} keccak ids given`);
    }
    let j = 0;
    const leaves = slots.map((s) => {
      const pre = withdrawLeafPreimage({ to: s.caller, amount: (s.vHi << 128n) | s.vLo, nonce: s.nonce });
      const leaf = s.w ? digestHalves(keccak_256(pre)) : [0n, 0n] as [bigint, bigint];
      const region = this.leaf.assign(layouter, 'withdraw leaf', pre, LEAF_SEGMENTS, WITHDRAW_LEAF_BYTES, leaf, s.w ? ids[j]! : 0, s.w ? 1n : 0n);
      if (s.w) j++;
      return { region, leaf };
    });

    const compacted = layouter.assignRegion('withdrawals', (r) => {
      let cnt = 0n;
      const acc: Array<[bigint, bigint]> = Array.from({ length: this.tree.slots }, () => [0n, 0n]);
      let out: { leaves: HalvesCells[]; count: AssignedCell } | undefined;
      slots.forEach((s, b) => {
        const row = b * BLOCK;
        const { region, leaf } = leaves[b]!;
        r.enableSelector(b === 0 ? this.q.first : this.q.next, row);
        const cell = (c: Aligned, v: bigint, at = row) => r.assignAdvice(`withdraw ${c}`, this.cols[c], at, v);
        this.zero.w.assign(r, row, () => field(b, TxFieldTag.CalleeAddress).valueLo - withdrawAddress);
        this.zero.lo.assign(r, row, () => s.vLo);
        this.zero.hi.assign(r, row, () => s.vHi);
        cell('sent', s.sent ? 1n : 0n);
        cell('status', s.status);
        const w = cell('w', s.w ? 1n : 0n);
        r.constrainEqual(region.on!, w);
        const [pad, to, vHi, vLo, nHi, nLo] = region.segments;
        r.constrainConstant(pad!, 0n);
        r.constrainEqual(to!, cell('caller', s.caller));
        r.constrainEqual(vHi!, cell('valueHi', s.vHi));
        r.constrainEqual(vLo!, cell('valueLo', s.vLo));
        r.constrainConstant(nHi!, 0n);
        r.constrainEqual(nLo!, cell('nonce', s.nonce));
        r.constrainEqual(region.hi, cell('leafHi', leaf[0]));
        r.constrainEqual(region.lo, cell('leafLo', leaf[1]));
        if (s.w) {
          acc[Number(cnt)] = leaf;
          cnt++;
        }
        const count = cell('cnt', cnt);
        const leafCells = acc.map(([hi, lo], k) => {
          cell('slot', s.w && BigInt(k) === cnt - 1n ? 1n : 0n, row + k);
          return { hi: cell('hi', hi, row + k), lo: cell('lo', lo, row + k) };
        });
        out = { leaves: leafCells, count };
      });
      return out!;
    });
    const start = (name: string) => layouter.assignment.regions.find((g) => g.name === name)?.start;
    if (start(`${this.tx.name} table`) !== start('withdrawals')) {
      throw new PublicInputError(`the withdrawals region starts at row ${start('withdrawals')}, the tx chip's field rows at ${start(`${this.tx.name} table`)}: they must align`);
    }
    return this.tree.assign(layouter, compacted.leaves, compacted.count, nodeIds);
  }
}
