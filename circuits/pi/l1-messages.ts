/**
 * The batch's L1 messages (deposits), bound to the public input: ZkRollup.sol's encoding (its header comment)
 *
 *   messageHash    = keccak256(abi.encode(address l1Sender, address to, uint256 value, uint256 nonce))   (128 bytes)
 *   l1MessagesHash = h_N,  h_0 = 0,  h_i = keccak256(h_{i−1} ‖ messageHash_i)   over the batch's deposit txs in order
 *
 * A deposit is an L2 tx of the bridge account (the tx table's IsL1Message = 1): to = the recipient, value = the
 * amount, nonce = the message's queue index. L1MessagesChip proves the fold over the tx table's own rows:
 *
 *   "l1 messages" region, row-aligned with the tx chip's field rows (checked when assigned): on each tx block's
 *   first row, by rotations into that block: d = IsL1Message, to = CalleeAddress, value and nonce halves; f =
 *   the fold step's digest; h = d·f + (1 − d)·h_prev (h_prev = h one block up, 0 on the first block).
 *   per tx slot, two gated fixed-length preimages (preimage.ts), both `on` = d:
 *     "l1 message" (128 bytes): 0¹² ‖ l1Sender ‖ 0¹² ‖ to ‖ value hi, lo ‖ nonce hi, lo — the pads copied to 0,
 *                               the rest to the aligned cells
 *     "l1 fold" (64 bytes):     h_prev hi, lo ‖ messageHash hi, lo — copied from the previous block's h (0 first)
 *                               and the message's digest; its digest is f.
 *   The last block's h is the public input's l1MessagesHash (the caller's copy).
 *
 * Soundness: d is the tx chip's IsL1Message, which is 1 exactly for txs whose sender is the bridge (padding
 * blocks: 0), so every bridge tx is folded (an unfolded one would mint ETH no L1 deposit backs), none other is,
 * and in tx order. A deposit is no creation (its to is the recipient; a creation's callee 0 must not pass for a
 * message to address 0). l1Sender is a free witness: it appears only in messageHash, and the contract accepts a
 * batch only if l1MessagesHash equals its fold over the queued messages' hashes of the consumed range, in queue
 * order (it computed each hash with the depositor as sender). Keccak being collision-resistant, the proven fold
 * then has exactly those messages, senders included, and the consumed count and order; a wrong sender gives
 * another hash the contract refuses. The nonce in each hash is the queue index, so the deposit txs' nonces are
 * the consumed range's indices in order.
 *
 * The message binds only to, value and nonce, and the bridge's signing key is public (node/l1/bridge.ts), so the
 * rest of a deposit tx is pinned to the node's one shape: an EIP-1559 tx with gas limit DEPOSIT_GAS, no tip, no
 * calldata, no access list. Without that a sequencer could deliver a real message with a tip of its choosing
 * (paid from the bridge reserve to the coinbase it names, then withdrawn to L1: ETH no deposit backs), or with
 * calldata (a call with msg.sender = bridge). The fee cap stays free, as it moves nothing: the effective price is
 * min(fee cap, base fee + 0) and the EVM circuit refuses a price below the base fee (EndTx3's fee to the coinbase is
 * a non-negative product), so it is the block's base fee, burned, at most DEPOSIT_GAS of it per deposit; and the
 * base fee is EIP-1559's from the previous block (block-chain.ts), not the sequencer's choice.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import { constant, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import type { TxChip } from '../tx/chip.js';
import { TxFieldTag } from '../tx/table.js';
import { SUMMARY_TAGS, summaryOffset, type TxWitness } from '../witness/tx.js';
import type { HalvesCells } from './circuit.js';
import { PreimageChip, segmentsOf } from './preimage.js';
import { digestHalves, PublicInputError, type Bytes32 } from './public-input.js';

/**
 * The gas limit of every deposit tx (node/l1/bridge.ts signs them): fixed, so that what a deposit may burn of the
 * bridge reserve does not depend on the sequencer, and enough for a recipient contract's receive() that logs.
 */
export const DEPOSIT_GAS = 100_000n;

/** One deposit as the message hash encodes it. */
export interface L1Message { readonly sender: bigint; readonly to: bigint; readonly value: bigint; readonly nonce: bigint }

const BLOCK = SUMMARY_TAGS.length;
export const L1_MESSAGE_BYTES = 128;
export const L1_FOLD_BYTES = 64;
/** The message preimage's segments: pad, sender, pad, to, value hi, lo, nonce hi, lo. */
const MESSAGE_SEGMENTS = segmentsOf([12, 20, 12, 20, 16, 16, 16, 16]);
const FOLD_SEGMENTS = segmentsOf([16, 16, 16, 16]);
const ZERO32 = new Uint8Array(32);

const be = (x: bigint, bytes: number): Uint8Array => Uint8Array.from(Buffer.from(x.toString(16).padStart(2 * bytes, '0'), 'hex'));

/** abi.encode(address sender, address to, uint256 value, uint256 nonce). */
export function l1MessagePreimage(m: L1Message): Uint8Array {
  if (m.sender >> 160n !== 0n || m.to >> 160n !== 0n || m.value >> 256n !== 0n || m.nonce >> 256n !== 0n || [m.sender, m.to, m.value, m.nonce].some((x) => x < 0n)) {
    throw new PublicInputError(`L1 message ${m.nonce}: a field does not fit its ABI type`);
  }
  const out = new Uint8Array(L1_MESSAGE_BYTES);
  [m.sender, m.to, m.value, m.nonce].forEach((x, i) => out.set(be(x, 32), 32 * i));
  return out;
}

const hex = (b: Uint8Array): Bytes32 => `0x${Buffer.from(b).toString('hex')}`;

/** Per message, in order: its fold step [h_{i−1} ‖ messageHash_i], its messageHash and h_i. */
function fold(messages: readonly L1Message[]): { steps: Uint8Array[]; hashes: Uint8Array[]; digests: Uint8Array[] } {
  let h = ZERO32;
  const steps: Uint8Array[] = [];
  const hashes: Uint8Array[] = [];
  const digests: Uint8Array[] = [];
  for (const m of messages) {
    const mh = keccak_256(l1MessagePreimage(m));
    const step = new Uint8Array(L1_FOLD_BYTES);
    step.set(h);
    step.set(mh, 32);
    h = keccak_256(step);
    steps.push(step);
    hashes.push(mh);
    digests.push(h);
  }
  return { steps, hashes, digests };
}

/** The batch's l1MessagesHash over its deposits in order (0 without any). */
export const l1MessagesHash = (messages: readonly L1Message[]): Bytes32 => hex(fold(messages).digests.at(-1) ?? ZERO32);

/** The keccak inputs of `messages`, in the order the chip's keccak ids take them: per deposit its message, then its fold step. */
export const l1MessagesKeccakInputs = (messages: readonly L1Message[]): Uint8Array[] => {
  const { steps } = fold(messages);
  return messages.flatMap((m, i) => [l1MessagePreimage(m), steps[i]!]);
};

type Aligned = 'd' | 'to' | 'valueHi' | 'valueLo' | 'nonceHi' | 'nonceLo' | 'foldHi' | 'foldLo' | 'hi' | 'lo';
const ALIGNED: readonly Aligned[] = ['d', 'to', 'valueHi', 'valueLo', 'nonceHi', 'nonceLo', 'foldHi', 'foldLo', 'hi', 'lo'];

export class L1MessagesChip {
  private constructor(
    readonly tx: TxChip, readonly cols: Record<Aligned, Column>, readonly qFirst: Selector, readonly qNext: Selector,
    readonly message: PreimageChip, readonly step: PreimageChip,
  ) {}

  /** Columns "l1 <field>", gate "l1 messages", the gated preimages "l1 message" and "l1 fold". */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, tx: TxChip): L1MessagesChip {
    const cols = Object.fromEntries(ALIGNED.map((f) => [f, cs.adviceColumn(`l1 ${f}`)])) as Record<Aligned, Column>;
    for (const c of Object.values(cols)) cs.enableEquality(c);
    const qFirst = cs.selector('l1 messages first');
    const qNext = cs.selector('l1 messages next');
    const q = qFirst.expr().add(qNext.expr());
    const at = (half: 'valueLo' | 'valueHi', tag: TxFieldTag) => tx.table[half].rot(summaryOffset(tag));
    const d = cols.d.cur();
    const notD = constant(1n).sub(d);
    const rules: Record<string, Expr> = {
      'd = IsL1Message': q.mul(d.sub(at('valueLo', TxFieldTag.IsL1Message))),
      'a deposit is no creation': q.mul(d.mul(at('valueLo', TxFieldTag.IsCreate))),
      'to = CalleeAddress': q.mul(cols.to.cur().sub(at('valueLo', TxFieldTag.CalleeAddress))),
      'value hi': q.mul(cols.valueHi.cur().sub(at('valueHi', TxFieldTag.Value))),
      'value lo': q.mul(cols.valueLo.cur().sub(at('valueLo', TxFieldTag.Value))),
      'nonce hi': q.mul(cols.nonceHi.cur().sub(at('valueHi', TxFieldTag.Nonce))),
      'nonce lo': q.mul(cols.nonceLo.cur().sub(at('valueLo', TxFieldTag.Nonce))),
      // the bridge key is public: every field that could move the reserve elsewhere is the node's fixed shape
      'a deposit is an EIP-1559 tx': q.mul(d.mul(at('valueLo', TxFieldTag.Type).sub(2n))),
      'a deposit has gas limit DEPOSIT_GAS': q.mul(d.mul(at('valueLo', TxFieldTag.GasLimit).sub(DEPOSIT_GAS))),
      'a deposit pays no tip (hi)': q.mul(d.mul(at('valueHi', TxFieldTag.MaxPriorityFeePerGas))),
      'a deposit pays no tip (lo)': q.mul(d.mul(at('valueLo', TxFieldTag.MaxPriorityFeePerGas))),
      'a deposit has no calldata': q.mul(d.mul(at('valueLo', TxFieldTag.CallDataLength))),
      'a deposit has no access list': q.mul(d.mul(at('valueLo', TxFieldTag.AccessListGasCost))),
    };
    for (const [h, f] of [['hi', 'foldHi'], ['lo', 'foldLo']] as const) {
      rules[`h ${h} = d·fold (first block)`] = qFirst.expr().mul(cols[h].cur().sub(d.mul(cols[f].cur())));
      rules[`h ${h} = d·fold + (1 − d)·h one block up`] = qNext.expr().mul(cols[h].cur().sub(d.mul(cols[f].cur())).sub(notD.mul(cols[h].rot(-BLOCK))));
    }
    cs.createGate('l1 messages', rules);
    return new L1MessagesChip(
      tx, cols, qFirst, qNext,
      PreimageChip.configure(cs, 'l1 message', keccak, { fixed: L1_MESSAGE_BYTES, gated: true }),
      PreimageChip.configure(cs, 'l1 fold', keccak, { fixed: L1_FOLD_BYTES, gated: true }),
    );
  }

  /**
   * After the tx chip's assign (`tx`: its witness): `senders` are the L1 senders of the deposit txs in order,
   * `ids` their keccak ids (message, fold step per deposit, as l1MessagesKeccakInputs orders them). Returns h of
   * the last block: l1MessagesHash.
   */
  assign(layouter: Layouter, tx: TxWitness, senders: readonly bigint[], ids: readonly number[]): HalvesCells {
    const blocks = tx.summary.length / BLOCK;
    const field = (b: number, tag: TxFieldTag) => tx.summary[b * BLOCK + summaryOffset(tag)]!;
    const isDeposit = Array.from({ length: blocks }, (_, b) => field(b, TxFieldTag.IsL1Message).valueLo === 1n);
    const deposits = isDeposit.filter(Boolean).length;
    if (senders.length !== deposits || ids.length !== 2 * deposits) {
      throw new PublicInputError(`${deposits} deposit txs, ${senders.length} L1 senders and ${ids.length} keccak ids (2 per deposit) given`);
    }
    const word = (b: number, tag: TxFieldTag) => (field(b, tag).valueHi << 128n) | field(b, tag).valueLo;
    const messages: L1Message[] = [];
    const slots = Array.from({ length: blocks }, (_, b) => {
      const m: L1Message = { sender: isDeposit[b] ? senders[messages.length]! : 0n, to: field(b, TxFieldTag.CalleeAddress).valueLo, value: word(b, TxFieldTag.Value), nonce: word(b, TxFieldTag.Nonce) };
      if (isDeposit[b]) messages.push(m);
      return m;
    });
    const { steps, hashes, digests } = fold(messages);

    // the preimages first: the aligned rows copy their cells
    let k = 0;
    let h: Uint8Array = ZERO32;
    const regions = slots.map((m, b) => {
      const on = isDeposit[b] ? 1n : 0n;
      const j = k;
      if (isDeposit[b]) k++;
      const mh = isDeposit[b] ? hashes[j]! : ZERO32;
      const step = isDeposit[b] ? steps[j]! : Uint8Array.from([...h, ...mh]);
      const f = isDeposit[b] ? digests[j]! : ZERO32;
      const message = this.message.assign(layouter, 'l1 message', l1MessagePreimage(m), MESSAGE_SEGMENTS, L1_MESSAGE_BYTES, digestHalves(mh), isDeposit[b] ? ids[2 * j]! : 0, on);
      const folded = this.step.assign(layouter, 'l1 fold', step, FOLD_SEGMENTS, L1_FOLD_BYTES, digestHalves(f), isDeposit[b] ? ids[2 * j + 1]! : 0, on);
      if (isDeposit[b]) h = f;
      return { message, folded, f: digestHalves(f), h: digestHalves(h) };
    });

    const last = layouter.assignRegion('l1 messages', (r) => {
      let prev: HalvesCells | undefined;
      regions.forEach(({ message, folded, f, h }, b) => {
        const row = b * BLOCK;
        r.enableSelector(b === 0 ? this.qFirst : this.qNext, row);
        const m = slots[b]!;
        const cell = (c: Aligned, v: bigint) => r.assignAdvice(`l1 ${c}`, this.cols[c], row, v);
        const d = cell('d', isDeposit[b] ? 1n : 0n);
        r.constrainEqual(message.on!, d);
        r.constrainEqual(folded.on!, d);
        const [pad1, , pad2, to, vHi, vLo, nHi, nLo] = message.segments;
        r.constrainConstant(pad1!, 0n);
        r.constrainConstant(pad2!, 0n);
        r.constrainEqual(to!, cell('to', m.to));
        r.constrainEqual(vHi!, cell('valueHi', m.value >> 128n));
        r.constrainEqual(vLo!, cell('valueLo', m.value & ((1n << 128n) - 1n)));
        r.constrainEqual(nHi!, cell('nonceHi', m.nonce >> 128n));
        r.constrainEqual(nLo!, cell('nonceLo', m.nonce & ((1n << 128n) - 1n)));
        const [pHi, pLo, mHi, mLo] = folded.segments;
        if (prev === undefined) {
          r.constrainConstant(pHi!, 0n);
          r.constrainConstant(pLo!, 0n);
        } else {
          r.constrainEqual(pHi!, prev.hi);
          r.constrainEqual(pLo!, prev.lo);
        }
        r.constrainEqual(mHi!, message.hi);
        r.constrainEqual(mLo!, message.lo);
        r.constrainEqual(folded.hi, cell('foldHi', f[0]));
        r.constrainEqual(folded.lo, cell('foldLo', f[1]));
        prev = { hi: cell('hi', h[0]), lo: cell('lo', h[1]) };
      });
      return prev!;
    });
    const start = (name: string) => layouter.assignment.regions.find((g) => g.name === name)?.start;
    if (start(`${this.tx.name} table`) !== start('l1 messages')) {
      throw new PublicInputError(`the l1 messages region starts at row ${start('l1 messages')}, the tx chip's field rows at ${start(`${this.tx.name} table`)}: they must align`);
    }
    return last;
  }
}
