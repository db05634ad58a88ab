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
 *   w = (1 − IsL1Message)·isW·(1 − zLo·zHi)                                  the tx is a withdrawal
 *   caller, value halves, nonce = the tx's; leaf = the digest of the gated "withdraw leaf" preimage (on = w):
 *     0¹² ‖ caller ‖ value hi, lo ‖ nonce hi, lo — the pad and nonce hi copied to 0, the rest to the aligned cells
 *   cnt = cnt↑ + w, root = root↑ + w·leaf   (↑: one block up; 0 above the first block)
 *   on the last block: cnt·(1 − cnt) = 0, and root is the public input's withdrawRoot (the caller's copy)
 *
 * So the batch has at most one withdrawal (MAX_WITHDRAWALS; a batch with more is refused by the witness, never
 * proven) and the root is its leaf, or 0 without one: exactly the contract's tree for ≤ 1 leaf. The devnet batch
 * circuit has one tx slot, so this is no limit there; more slots need the tree's levels (the nodes hash their
 * children sorted as uint256, so each needs a 256-bit comparison) and a compaction of the leaves — not built.
 *
 * Success: the circuit takes every such tx as successful. The withdrawal address has no code (no account can
 * deploy there: a CREATE address is a keccak image, and it is no precompile), so a tx to it runs no code; the
 * only ways such a tx fails — intrinsic gas, nonce, balance for gas plus value — make it invalid, and the EVM
 * circuit proves every tx of the batch valid and executed. Its value reaches the address: locked on L2, paid out
 * on L1 against the leaf.
 *
 * Uniqueness: every leaf field is bound to the tx, none is the prover's choice. The EVM circuit proves the tx's
 * nonce equal to its sender's account nonce and increments that, so no two txs of one sender — in this batch or
 * any other — carry the same nonce: two withdrawals never share (to, nonce), hence never a leaf, and the L1
 * nullifier (claimed leaves) can never block a withdrawal that was not itself paid. (A nonce the prover could
 * pick would let it copy an already-claimed leaf of the same (to, amount) and lock those funds for ever.)
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { IsZeroChip } from '../gadgets/is-zero.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import { constant, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import type { TxChip } from '../tx/chip.js';
import { TxFieldTag } from '../tx/table.js';
import { SUMMARY_TAGS, summaryOffset, type TxWitness } from '../witness/tx.js';
import type { HalvesCells } from './circuit.js';
import { PreimageChip, segmentsOf } from './preimage.js';
import { digestHalves, PublicInputError, type Bytes32 } from './public-input.js';

/** One withdrawal as its leaf encodes it. */
export interface Withdrawal { readonly to: bigint; readonly amount: bigint; readonly nonce: bigint }

/** Withdrawals a batch may have: the chip proves the root of a single leaf (see the header). */
export const MAX_WITHDRAWALS = 1;
export const WITHDRAW_LEAF_BYTES = 96;
const BLOCK = SUMMARY_TAGS.length;
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

/** The batch's withdrawRoot for at most MAX_WITHDRAWALS withdrawals: the leaf, or 0 without one. */
export function withdrawRoot(withdrawals: readonly Withdrawal[]): Bytes32 {
  if (withdrawals.length > MAX_WITHDRAWALS) throw new PublicInputError(`${withdrawals.length} withdrawals: the batch circuit proves at most ${MAX_WITHDRAWALS}`);
  const leaf = withdrawals[0] === undefined ? new Uint8Array(32) : keccak_256(withdrawLeafPreimage(withdrawals[0]));
  return `0x${Buffer.from(leaf).toString('hex')}`;
}

type Aligned = 'caller' | 'valueHi' | 'valueLo' | 'nonce' | 'invW' | 'isW' | 'invLo' | 'zLo' | 'invHi' | 'zHi' | 'w' | 'cnt' | 'leafHi' | 'leafLo' | 'hi' | 'lo';
const ALIGNED: readonly Aligned[] = ['caller', 'valueHi', 'valueLo', 'nonce', 'invW', 'isW', 'invLo', 'zLo', 'invHi', 'zHi', 'w', 'cnt', 'leafHi', 'leafLo', 'hi', 'lo'];

export class WithdrawalsChip {
  private constructor(
    readonly tx: TxChip, readonly cols: Record<Aligned, Column>, readonly q: Record<'first' | 'next' | 'last', Selector>,
    readonly zero: Record<'w' | 'lo' | 'hi', IsZeroChip>, readonly leaf: PreimageChip,
  ) {}

  /** Columns "withdraw <field>", gates "withdrawals" and its IsZero gates, the gated preimage "withdraw leaf". */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, tx: TxChip, withdrawAddress: bigint): WithdrawalsChip {
    const cols = Object.fromEntries(ALIGNED.map((f) => [f, cs.adviceColumn(`withdraw ${f}`)])) as Record<Aligned, Column>;
    for (const c of [cols.caller, cols.valueHi, cols.valueLo, cols.nonce, cols.w, cols.leafHi, cols.leafLo, cols.hi, cols.lo]) cs.enableEquality(c);
    const sel = { first: cs.selector('withdrawals first'), next: cs.selector('withdrawals next'), last: cs.selector('withdrawals last') };
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
      'w = (1 − IsL1Message)·isW·(1 − zLo·zHi)': q.mul(w.sub(one.sub(at('valueLo', TxFieldTag.IsL1Message)).mul(cols.isW.cur()).mul(one.sub(cols.zLo.cur().mul(cols.zHi.cur()))))),
      'caller = CallerAddress': q.mul(cols.caller.cur().sub(at('valueLo', TxFieldTag.CallerAddress))),
      'value hi': q.mul(cols.valueHi.cur().sub(at('valueHi', TxFieldTag.Value))),
      'value lo': q.mul(cols.valueLo.cur().sub(at('valueLo', TxFieldTag.Value))),
      'nonce = Nonce': q.mul(cols.nonce.cur().sub(at('valueLo', TxFieldTag.Nonce))),
      'cnt = w (first block)': first.mul(cols.cnt.cur().sub(w)),
      'cnt = cnt one block up + w': next.mul(cols.cnt.cur().sub(cols.cnt.rot(-BLOCK)).sub(w)),
      'at most one withdrawal (last block)': sel.last.expr().mul(cols.cnt.cur().mul(one.sub(cols.cnt.cur()))),
    };
    for (const [h, leaf] of [['hi', 'leafHi'], ['lo', 'leafLo']] as const) {
      rules[`root ${h} = w·leaf (first block)`] = first.mul(cols[h].cur().sub(w.mul(cols[leaf].cur())));
      rules[`root ${h} = root one block up + w·leaf`] = next.mul(cols[h].cur().sub(cols[h].rot(-BLOCK)).sub(w.mul(cols[leaf].cur())));
    }
    cs.createGate('withdrawals', rules);
    return new WithdrawalsChip(tx, cols, sel, zero, PreimageChip.configure(cs, 'withdraw leaf', keccak, { fixed: WITHDRAW_LEAF_BYTES, gated: true }));
  }

  /**
   * After the tx chip's assign (`tx`: its witness): `ids` are the withdrawals' keccak ids, in order (at most
   * MAX_WITHDRAWALS). Returns the last block's root: withdrawRoot.
   */
  assign(layouter: Layouter, tx: TxWitness, withdrawAddress: bigint, ids: readonly number[]): HalvesCells {
    const blocks = tx.summary.length / BLOCK;
    const field = (b: number, tag: TxFieldTag) => tx.summary[b * BLOCK + summaryOffset(tag)]!;
    const slots = Array.from({ length: blocks }, (_, b) => {
      const [vLo, vHi] = [field(b, TxFieldTag.Value).valueLo, field(b, TxFieldTag.Value).valueHi];
      const isW = field(b, TxFieldTag.CalleeAddress).valueLo === withdrawAddress;
      const w = field(b, TxFieldTag.IsL1Message).valueLo === 0n && isW && (vLo !== 0n || vHi !== 0n);
      return { caller: field(b, TxFieldTag.CallerAddress).valueLo, vLo, vHi, nonce: field(b, TxFieldTag.Nonce).valueLo, w };
    });
    const count = slots.filter((s) => s.w).length;
    if (count > MAX_WITHDRAWALS || ids.length !== count) {
      throw new PublicInputError(`${count} withdrawal txs (at most ${MAX_WITHDRAWALS}), ${ids.length} keccak ids given`);
    }
    let j = 0;
    const leaves = slots.map((s) => {
      const pre = withdrawLeafPreimage({ to: s.caller, amount: (s.vHi << 128n) | s.vLo, nonce: s.nonce });
      const leaf = s.w ? digestHalves(keccak_256(pre)) : [0n, 0n] as [bigint, bigint];
      const region = this.leaf.assign(layouter, 'withdraw leaf', pre, LEAF_SEGMENTS, WITHDRAW_LEAF_BYTES, leaf, s.w ? ids[j]! : 0, s.w ? 1n : 0n);
      if (s.w) j++;
      return { region, leaf };
    });

    const last = layouter.assignRegion('withdrawals', (r) => {
      let cnt = 0n;
      let root: [bigint, bigint] = [0n, 0n];
      let out: HalvesCells | undefined;
      slots.forEach((s, b) => {
        const row = b * BLOCK;
        const { region, leaf } = leaves[b]!;
        r.enableSelector(b === 0 ? this.q.first : this.q.next, row);
        if (b === blocks - 1) r.enableSelector(this.q.last, row);
        const cell = (c: Aligned, v: bigint) => r.assignAdvice(`withdraw ${c}`, this.cols[c], row, v);
        this.zero.w.assign(r, row, () => field(b, TxFieldTag.CalleeAddress).valueLo - withdrawAddress);
        this.zero.lo.assign(r, row, () => s.vLo);
        this.zero.hi.assign(r, row, () => s.vHi);
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
          cnt++;
          root = [root[0] + leaf[0], root[1] + leaf[1]];
        }
        cell('cnt', cnt);
        out = { hi: cell('hi', root[0]), lo: cell('lo', root[1]) };
      });
      return out!;
    });
    const start = (name: string) => layouter.assignment.regions.find((g) => g.name === name)?.start;
    if (start(`${this.tx.name} table`) !== start('withdrawals')) {
      throw new PublicInputError(`the withdrawals region starts at row ${start('withdrawals')}, the tx chip's field rows at ${start(`${this.tx.name} table`)}: they must align`);
    }
    return last;
  }
}
