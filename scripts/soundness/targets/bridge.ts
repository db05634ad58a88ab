/**
 * Bridge chips (circuits/pi/l1-messages.ts, circuits/pi/withdrawals.ts): each beside the tx target's circuit (the
 * tx chip over the keccak and signature fixtures, circuits/tx/examples.ts), its keccak inputs appended to the fixture
 * and its output (l1MessagesHash, withdrawRoot halves) public. The tx circuit's items are the tx target's (exceptions
 * naming it); the chip's own are guarded here.
 *
 * l1-messages: two deposits around a user tx, then a padding block — the first block folds (qFirst, d = 1), the user
 * tx carries h over (d = 0), the second deposit chains on a non-zero h, the padding block carries it to the end.
 * Negatives: the deposit-shape rules by deposits signed with the (public) bridge key in another shape, as forged
 * witnesses (forgedEdits: the tx circuit accepts them, only the chip's rule objects); the aligned copies and the
 * preimage gates by lies in the user tx's preimages, which are off (on = 0: no lookup reads them); the fold's gates by
 * a fold digest the keccak fixture agrees with (the fixture is unconstrained advice, standing in for the keccak circuit).
 *
 * withdrawals: two withdrawals in two tx slots (a tree of two leaves, one hashed node). The rules reading the tx table
 * by the chip told another table (BridgeHarness `view`: its leaves, tree and root follow the lie, forgedEdits); the
 * compaction and count by lies whose tree is rewritten as the chips would lay it out (`rewriteTree`); the node and
 * preimage rules by moves the keccak fixture agrees with; a few one-cell edits from `search.ts withdrawals --columns
 * '^withdraw'`. Exceptions: the slot booleans (implied with two slots), and what this witness cannot isolate (argued).
 */
import { createAccessList2930Tx, createFeeMarket1559Tx, createTxFromRLP } from '@ethereumjs/tx';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { frInv } from '../../../circuits/field/fr-scalar.js';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { DEPOSIT_GAS, L1MessagesChip, l1MessagesHash, l1MessagesKeccakInputs, L1_FOLD_BYTES, L1_MESSAGE_BYTES, type L1Message } from '../../../circuits/pi/l1-messages.js';
import type { HalvesCells } from '../../../circuits/pi/circuit.js';
import { digestHalves, type Bytes32 } from '../../../circuits/pi/public-input.js';
import type { KeccakTableColumns } from '../../../circuits/keccak/table.js';
import type { TxChip } from '../../../circuits/tx/chip.js';
import { TxWithFixtures, type TxFixtureConfig } from '../../../circuits/tx/examples.js';
import { SUMMARY_TAGS, summaryOffset, txWitness, type TxWitness } from '../../../circuits/witness/tx.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS, BRIDGE_KEY, depositTransaction, WITHDRAW_ADDRESS } from '../../../node/l1/bridge.js';
import { withdrawLeafPreimage, withdrawLeaves, withdrawRoot, WithdrawalsChip, type Withdrawal } from '../../../circuits/pi/withdrawals.js';
import { slotsFor, withdrawTree } from '../../../circuits/pi/withdraw-tree.js';
import { RangeTable } from '../../../circuits/gadgets/index.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import type { TxTrace } from '../../../circuits/witness/trace.js';
import { cellEdit, forgedEdits, type CircuitRun, type ItemException, type NegativeTest, type SoundnessTarget, type WitnessEditor } from '../types.js';
import { shiftByte } from './pi-batch.js';
import { PADDING } from './examples.js';
import { BASE_FEE, calldata, common, KEY, signedTx, txTrace } from './signed-txs.js';
import { txCircuitExceptions, type2GasPrice, unreadCells, unreadInverse } from './tx.js';

/** A bridge chip as the batch circuit wires it: configured over the keccak table and the tx chip, assigned after the tx chip. */
interface BridgeChip<C> {
  configure(cs: ConstraintSystem, keccak: KeccakTableColumns, tx: TxChip): C;
  /** `ids`: the keccak ids of the chip's inputs (appended to the tx witness's). */
  assign(chip: C, layouter: Layouter, tx: TxWitness, ids: readonly number[]): HalvesCells;
}

interface BridgeConfig<C> { tx: TxFixtureConfig; chip: C; pub: Column }

/**
 * The tx chip on `txs` over the fixtures holding the tx inputs and then `inputs`, the bridge chip beside it, its
 * output public (pub rows 0, 1: hi, lo). `view`: what the bridge chip is told of the tx table (a lie about one field:
 * the chip's own cells then follow the lie, and only its rules that read the real table can object).
 */
export class BridgeHarness<C> implements Circuit<BridgeConfig<C>> {
  readonly inner: TxWithFixtures;
  readonly ids: number[];
  constructor(
    txs: readonly TxTrace[], params: Parameters<typeof txWitness>[1], inputs: readonly Uint8Array[], readonly chip: BridgeChip<C>,
    readonly view: (w: TxWitness) => TxWitness = (w) => w,
  ) {
    const witness = txWitness(txs, params);
    this.ids = inputs.map((_, i) => witness.keccakInputs.length + i + 1);
    this.inner = new TxWithFixtures(txs, params, { ...witness, keccakInputs: [...witness.keccakInputs, ...inputs] });
  }
  configure(cs: ConstraintSystem): BridgeConfig<C> {
    const tx = this.inner.configure(cs);
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(pub);
    // the chips copy pads to 0 (the batch circuit's constants column is the keccak circuit's)
    cs.enableConstant(cs.fixedColumn('constants'));
    return { tx, chip: this.chip.configure(cs, tx.keccak, tx.chip), pub };
  }
  synthesize({ tx, chip, pub }: BridgeConfig<C>, layouter: Layouter): void {
    this.inner.synthesize(tx, layouter);
    const out = this.chip.assign(chip, layouter, this.view(this.inner.witness), this.ids);
    layouter.constrainInstance(out.hi, pub, 0);
    layouter.constrainInstance(out.lo, pub, 1);
  }
}

const CAPACITY = 4;
const BLOCK = SUMMARY_TAGS.length;
const params = { capacity: CAPACITY, bridgeAddress: BigInt(BRIDGE_ADDRESS.toString()), chainId: DEV_CHAIN_ID };
const halves = (word: Bytes32): bigint[] => digestHalves(Buffer.from(word.slice(2), 'hex'));
const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });

// ---- l1-messages

const SENDERS = [0x1111n, 0x2222n];
const MESSAGES: readonly L1Message[] = [
  { sender: SENDERS[0]!, to: 0xaan, value: 123n, nonce: 0n },
  { sender: SENDERS[1]!, to: 0xbbn, value: (1n << 130n) + 5n, nonce: 1n },
];
const address = (x: bigint): `0x${string}` => `0x${x.toString(16).padStart(40, '0')}`;
type DepositShape = Partial<{ type: 1; gasLimit: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; data: Uint8Array; create: true }>;
/** Deposit `m` as the node signs it (depositTransaction), or — `shape` given — signed by the bridge with those fields changed. */
function depositTrace(m: L1Message, index: number, shape?: DepositShape): TxTrace {
  if (shape === undefined) return txTrace(createTxFromRLP(depositTransaction({ nonce: m.nonce, to: address(m.to), value: m.value } as never, common, BASE_FEE), { common }), index);
  const { type, create, maxFeePerGas = 10n ** 9n, maxPriorityFeePerGas = 0n, ...fields } = shape;
  const base = { nonce: m.nonce, to: create ? undefined : address(m.to), value: m.value, gasLimit: DEPOSIT_GAS, chainId: DEV_CHAIN_ID, ...fields };
  const tx = type === 1
    ? createAccessList2930Tx({ ...base, gasPrice: 0n }, { common })
    : createFeeMarket1559Tx({ ...base, maxFeePerGas, maxPriorityFeePerGas }, { common });
  return txTrace(tx.sign(BRIDGE_KEY), index);
}

const l1Chip: BridgeChip<L1MessagesChip> = {
  configure: (cs, keccak, tx) => L1MessagesChip.configure(cs, keccak, tx),
  assign: (chip, layouter, tx, ids) => chip.assign(layouter, tx, SENDERS, ids),
};
/** Deposit 1, a user tx, deposit 2 (`second`: its shape; `messages`: what the fold hashes), a padding block. */
function l1Run(second?: DepositShape, messages: readonly L1Message[] = MESSAGES): CircuitRun {
  const txs = [depositTrace(MESSAGES[0]!, 0), txTrace(signedTx({ type: 0, nonce: 0n, data: calldata(0) }), 1), depositTrace(MESSAGES[1]!, 2, second)];
  return { circuit: new BridgeHarness(txs, params, l1MessagesKeccakInputs(messages), l1Chip), k: 10, instances: [halves(l1MessagesHash(messages))] };
}
/** Keccak fixture row of the first byte of the bridge chip's input `k` (0-based: the chip's ids in order); its digest row follows its bytes. */
function chipInputRow(run: CircuitRun, k: number): number {
  const inputs = (run.circuit as BridgeHarness<unknown>).inner.witness.keccakInputs;
  const own = inputs.length - (run.circuit as BridgeHarness<unknown>).ids.length;
  return inputs.slice(0, own + k).reduce((n, b) => n + b.length + 1, 0);
}
const L1_IDS = (() => {
  const run = l1Run();
  /** Keccak fixture rows of deposit j's message and fold step (their first byte; the digest row after the last). */
  return { message: (j: number) => chipInputRow(run, 2 * j), fold: (j: number) => chipInputRow(run, 2 * j + 1) };
})();
/** Rows of block b's message and fold preimages (first byte; the digest hi row at + length, lo after it), and its l1 messages row. */
const msg = (b: number) => (L1_MESSAGE_BYTES + 2) * b;
const fold = (b: number) => (L1_FOLD_BYTES + 2) * b;
const l1Row = (b: number) => b * BLOCK;
/** Message preimage segments: [first, last] byte. */
const SEG = { pad1: [0, 11], sender: [12, 31], pad2: [32, 43], to: [44, 63], valueHi: [64, 79], valueLo: [80, 95], nonceHi: [96, 111], nonceLo: [112, 127] } as const;
/** Last byte of segment `s` of block b's message preimage raised (sums and value follow), with `copies` of the value. */
const raiseSegment = (w: WitnessEditor, b: number, s: keyof typeof SEG, copies: ReadonlyArray<readonly [string, number]> = []) =>
  shiftByte(w, 'l1 message', msg(b) + SEG[s][1], 1n, msg(b) + SEG[s][1], copies);
/** Bytes first … last (one segment) of chip `chip`'s byte and acc columns rewritten to hold `value`, and its value cell (`withValue`). */
function setSegment(w: WitnessEditor, chip: string, first: number, last: number, value: bigint, withValue = true): void {
  for (let i = first; i <= last; i++) {
    w.set(`${chip} byte`, i, (value >> BigInt(8 * (last - i))) & 0xffn);
    w.set(`${chip} acc`, i, value >> BigInt(8 * (last - i)));
  }
  if (withValue) w.set(`${chip} value`, last, value);
}
/** Block b's fold digest half (0 hi, 1 lo) and its aligned copy raised, the keccak fixture's digest of deposit j's step agreeing. */
function raiseFold(w: WitnessEditor, b: number, j: number, half: 0 | 1): void {
  w.add('l1 fold value', fold(b) + L1_FOLD_BYTES + half, 1n);
  w.add(half === 0 ? 'l1 foldHi' : 'l1 foldLo', l1Row(b), 1n);
  w.add(half === 0 ? 'keccak fixture hashHi' : 'keccak fixture hashLo', L1_IDS.fold(j) + L1_FOLD_BYTES, 1n);
}
const ALIGNED_FIELDS = [['to', 'to = CalleeAddress', 'l1 to'], ['valueHi', 'value hi', 'l1 valueHi'], ['valueLo', 'value lo', 'l1 valueLo'], ['nonceHi', 'nonce hi', 'l1 nonceHi'], ['nonceLo', 'nonce lo', 'l1 nonceLo']] as const;

export const l1Messages: SoundnessTarget = {
  name: 'l1-messages',
  family: 'pi',
  description: 'circuits/pi/l1-messages.ts: the fold of the deposit txs\' L1 messages over the tx table\'s rows = l1MessagesHash (beside the tx target\'s circuit)',
  honest: () => l1Run(),
  negatives: [
    test('deposit 2 left out of the fold: d = 0 and its preimages off, h carried over from the user tx, the public hash the first message\'s', (w) => {
      w.set('l1 d', l1Row(2), 0n);
      for (let i = 0; i < L1_MESSAGE_BYTES + 1; i++) w.set('l1 message on', msg(2) + i, 0n);
      for (let i = 0; i < L1_FOLD_BYTES + 1; i++) w.set('l1 fold on', fold(2) + i, 0n);
      (['l1 hi', 'l1 lo'] as const).forEach((h, half) => {
        const carried = w.get(h, l1Row(1));
        for (const b of [2, 3]) w.set(h, l1Row(b), carried);
        setSegment(w, 'l1 fold', fold(3) + 16 * half, fold(3) + 16 * half + 15, carried);
        w.set('pub', half, carried);
      });
    }),
    forgedEdits('a deposit that creates a contract (to = 0, the message to 0)', () => l1Run({ create: true }, [MESSAGES[0]!, { ...MESSAGES[1]!, to: 0n }])),
    forgedEdits('a deposit of type 1 (gas price 0: no tip)', () => l1Run({ type: 1 })),
    forgedEdits('a deposit with gas limit 200000', () => l1Run({ gasLimit: 200_000n })),
    forgedEdits('a deposit with a tip of 2^128 wei (hi half)', () => l1Run({ maxPriorityFeePerGas: 1n << 128n, maxFeePerGas: 1n << 129n })),
    forgedEdits('a deposit with a tip of 1 wei', () => l1Run({ maxPriorityFeePerGas: 1n })),
    forgedEdits('a deposit with one byte of calldata', () => l1Run({ data: Uint8Array.of(1) })),
    // the user tx's (block 1) preimages are off: no lookup reads them, so a lie there meets only the rule under attack
    ...ALIGNED_FIELDS.flatMap(([s, rule, column]) => [
      test(`the user tx's message ${s} and its aligned cell raised (not the tx's: ${rule})`, (w) => raiseSegment(w, 1, s, [[column, l1Row(1)]])),
      test(`the user tx's message ${s} raised, its aligned cell kept (the copy)`, (w) => raiseSegment(w, 1, s)),
    ]),
    test('a message sender segment other than its bytes', (w) => w.add('l1 message value', msg(1) + SEG.sender[1], 1n)),
    test('a message running sum off by one (the sender segment\'s value follows)', (w) => { w.add('l1 message acc', msg(1) + SEG.sender[1], 1n); w.add('l1 message value', msg(1) + SEG.sender[1], 1n); }),
    test('a message keccak id that changes in an off slot', (w) => w.add('l1 message keccak id', msg(1) + 5, 1n)),
    test('a message on flag that drops on one byte row of deposit 1', (w) => w.set('l1 message on', msg(0) + 5, 0n)),
    test('a message pad byte that is not 0 (the user tx\'s second pad)', (w) => raiseSegment(w, 1, 'pad2')),
    test('deposit 1\'s message off (on = 0 on all its rows), d still 1', (w) => { for (let i = 0; i < L1_MESSAGE_BYTES + 1; i++) w.set('l1 message on', msg(0) + i, 0n); }),
    test('the keccak table\'s byte 50 of deposit 1\'s message differs from the chip\'s', (w) => w.add('keccak fixture byte', L1_IDS.message(0) + 50, 1n)),
    test('the keccak table\'s digest of deposit 1\'s message is not the chip\'s', (w) => w.add('keccak fixture hashLo', L1_IDS.message(0) + L1_MESSAGE_BYTES, 1n)),
    test('the user tx\'s message digest hi other than its fold step\'s segment', (w) => w.add('l1 message value', msg(1) + L1_MESSAGE_BYTES, 1n)),
    // the user tx's message digest hi is copied into its (off) fold step's third segment only
    test('a fold running sum off by one (the user tx\'s message-hash hi segment; its value and the message digest follow)', (w) => {
      for (const [c, r] of [['l1 fold acc', fold(1) + 47], ['l1 fold value', fold(1) + 47], ['l1 message value', msg(1) + L1_MESSAGE_BYTES]] as const) w.add(c, r, 1n);
    }),
    test('a fold segment value other than its bytes (the user tx\'s message-hash hi; the message digest follows)', (w) => {
      for (const [c, r] of [['l1 fold value', fold(1) + 47], ['l1 message value', msg(1) + L1_MESSAGE_BYTES]] as const) w.add(c, r, 1n);
    }),
    test('a fold keccak id that changes in an off slot', (w) => w.add('l1 fold keccak id', fold(1) + 5, 1n)),
    test('a fold on flag that drops on one byte row of deposit 1', (w) => w.set('l1 fold on', fold(0) + 5, 0n)),
    test('deposit 1\'s fold step off (on = 0 on all its rows), d still 1', (w) => { for (let i = 0; i < L1_FOLD_BYTES + 1; i++) w.set('l1 fold on', fold(0) + i, 0n); }),
    test('the keccak table\'s byte 40 of deposit 1\'s fold step differs from the chip\'s', (w) => w.add('keccak fixture byte', L1_IDS.fold(0) + 40, 1n)),
    test('the keccak table\'s digest of deposit 1\'s fold step is not the chip\'s', (w) => w.add('keccak fixture hashLo', L1_IDS.fold(0) + L1_FOLD_BYTES, 1n)),
    test('the first fold step starts from h = 1, not 0 (the keccak table\'s bytes agree)', (w) => { shiftByte(w, 'l1 fold', fold(0) + 15, 1n, fold(0) + 15, []); w.add('keccak fixture byte', L1_IDS.fold(0) + 15, 1n); }),
    test('the padding block\'s fold step starts from another h (its previous-h hi raised)', (w) => shiftByte(w, 'l1 fold', fold(3) + 15, 1n, fold(3) + 15, [])),
    test('the padding block\'s fold step starts from another h (its previous-h lo raised)', (w) => shiftByte(w, 'l1 fold', fold(3) + 31, 1n, fold(3) + 31, [])),
    test('the user tx\'s fold digest hi other than its aligned cell (unused: d = 0)', (w) => w.add('l1 foldHi', l1Row(1), 1n)),
    test('the user tx\'s fold digest lo other than its aligned cell (unused: d = 0)', (w) => w.add('l1 foldLo', l1Row(1), 1n)),
    ...([0, 1] as const).flatMap((half) => [
      test(`h ${half === 0 ? 'hi' : 'lo'} of the first block other than its fold digest (the keccak table's digest agrees)`, (w) => raiseFold(w, 0, 0, half)),
      test(`h ${half === 0 ? 'hi' : 'lo'} of deposit 2 other than its fold digest (the keccak table's digest agrees)`, (w) => raiseFold(w, 2, 1, half)),
    ]),
    test('a public l1MessagesHash hi other than the fold\'s', (w) => w.add('pub', 0, 1n)),
    test('a public l1MessagesHash lo other than the fold\'s', (w) => w.add('pub', 1, 1n)),
  ],
  allow: [PADDING, unreadInverse(() => l1Run()), ...type2GasPrice(() => l1Run())],
  get exceptions(): ItemException[] {
    return [...txCircuitExceptions(), {
      item: 'gate l1 messages/a deposit has no access list',
      reason: 'implied by the tx circuit\'s "AccessListGasCost = 0" rules (lo, hi), which bind every tx (access lists are not supported yet, the witness refuses them); '
        + 'kept so that the deposit shape stays pinned when they are',
    }];
  },
};

// ---- withdrawals

const W_ADDRESS = BigInt(WITHDRAW_ADDRESS.toString());
/** Two withdrawals (tx slots 2: a tree of two leaves, one node): value 5 with nonce 0, value 2^130 + 1 with nonce 1. */
const WITHDRAWALS = [{ nonce: 0n, value: 5n }, { nonce: 1n, value: (1n << 130n) + 1n }] as const;
const withdrawalTrace = ({ nonce, value }: { nonce: bigint; value: bigint }, index: number) => txTrace(createFeeMarket1559Tx(
  { nonce, to: address(W_ADDRESS), value, gasLimit: 21_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, chainId: DEV_CHAIN_ID }, { common },
).sign(KEY), index);
const withdrawalsOf = (w: TxWitness): Withdrawal[] => {
  const field = (b: number, tag: TxFieldTag) => w.summary[b * BLOCK + summaryOffset(tag)]!;
  return Array.from({ length: w.summary.length / BLOCK }, (_, b) => b).filter((b) =>
    field(b, TxFieldTag.IsL1Message).valueLo === 0n && field(b, TxFieldTag.CalleeAddress).valueLo === W_ADDRESS && (field(b, TxFieldTag.Value).valueLo | field(b, TxFieldTag.Value).valueHi) !== 0n,
  ).map((b) => ({ to: field(b, TxFieldTag.CallerAddress).valueLo, amount: (field(b, TxFieldTag.Value).valueHi << 128n) | field(b, TxFieldTag.Value).valueLo, nonce: field(b, TxFieldTag.Nonce).valueLo }));
};

interface WithdrawalsParts { chip: WithdrawalsChip; bytes: RangeTable; status: { txId: Column; status: Column } }
/**
 * `leaves`: how many of the chip's keccak ids are leaves (the rest are the tree's nodes). The EVM's tx status table
 * is a fixture ("tx status fixture": unconstrained advice, standing in for the EVM circuit's EndTx rows): (i, 1) on
 * row i − 1 for each tx i, every tx successful.
 */
const withdrawChip = (leaves: number): BridgeChip<WithdrawalsParts> => ({
  configure: (cs, keccak, tx) => {
    const bytes = RangeTable.configure(cs, 'byte', 8);
    const status = { txId: cs.adviceColumn('tx status fixture txId'), status: cs.adviceColumn('tx status fixture status') };
    return { bytes, status, chip: WithdrawalsChip.configure(cs, keccak, bytes, tx, W_ADDRESS, [status.txId.cur(), status.status.cur()]) };
  },
  assign: ({ chip, bytes, status }, layouter, tx, ids) => {
    bytes.load(layouter);
    const txs = tx.summary.filter((_, i) => i % BLOCK === 0 && tx.summary[i]!.real === 1n).length;
    layouter.assignRegion('tx status fixture', (r) => {
      for (let i = 0; i < txs; i++) {
        r.assignAdvice('txId', status.txId, i, BigInt(i + 1));
        r.assignAdvice('status', status.status, i, 1n);
      }
    });
    return chip.assign(layouter, tx, W_ADDRESS, ids.slice(0, leaves), ids.slice(leaves), Array<bigint>(txs).fill(1n));
  },
});
/** Withdrawal txs (default: the two) in two tx slots; `view`: what the chip is told of the tx table (its leaves, tree and root follow it). */
function withdrawRun(view: (w: TxWitness) => TxWitness = (w) => w, txs: readonly TxTrace[] = WITHDRAWALS.map(withdrawalTrace)): CircuitRun {
  const p = { ...params, capacity: 2 };
  const told = withdrawalsOf(view(txWitness(txs, p)));
  const tree = withdrawTree(withdrawLeaves(told), slotsFor(2));
  const inputs = [...told.map(withdrawLeafPreimage), ...tree.inputs];
  return { circuit: new BridgeHarness(txs, p, inputs, withdrawChip(told.length), view), k: 10, instances: [halves(withdrawRoot(told))] };
}
/** The chip told field `tag` of tx block `b` is `value` (lo half; `hi` for the high one). */
const told = (b: number, tag: TxFieldTag, value: bigint, half: 'valueLo' | 'valueHi' = 'valueLo') => (w: TxWitness): TxWitness => ({
  ...w, summary: w.summary.map((r, i) => (i === b * BLOCK + summaryOffset(tag) ? { ...r, [half]: value } : r)),
});
const summaryValue = (b: number, tag: TxFieldTag, half: 'valueLo' | 'valueHi' = 'valueLo') =>
  txWitness(WITHDRAWALS.map(withdrawalTrace), { ...params, capacity: 2 }).summary[b * BLOCK + summaryOffset(tag)]![half];

/**
 * Layout (k = 10): "withdrawals" rows 0 … 39 (block b from 20·b; slot k's cells on row 20·b + k); leaf preimage of block
 * b from row 98·b (96 bytes, digest hi, lo); node preimage rows 0 … 65; "withdraw tree value": the node region rows
 * 0 … 9 (a hi, a lo, b hi, b lo, s, x hi, x lo, y hi, y lo, borrow) with the difference bytes on rows 0 … 31 (lo part
 * 0 … 15, hi part 16 … 31), the root region from row 32 (cnt, [cnt = 0 … 2], node (0, 0), node (1, 0), root, on (1, 0)).
 * Honest: leaf 0 < leaf 1 (s = 0: x = leaf 0, y = leaf 1), borrow 1.
 */
const WR = (b: number, k = 0) => BLOCK * b + k;
const LEAF = (b: number) => 98 * b;
const NODE = { aHi: 0, aLo: 1, bHi: 2, bLo: 3, s: 4, xHi: 5, xLo: 6, yHi: 7, yLo: 8, borrow: 9 } as const;
const ROOT = { cnt: 32, is: (c: number) => 33 + c, node0: 36, node1: 38, root: 40, on: 42 } as const;
const W_FIXTURE = (() => {
  const run = withdrawRun();
  return { leaf: (j: number) => chipInputRow(run, j), node: chipInputRow(run, 2) };
})();
const TV = 'withdraw tree value';
const TWO_128 = 1n << 128n;

/**
 * The tree rewritten for compacted leaves `leaves` ([hi, lo] each, the halves below 2^128) and count `cnt`: the node's
 * children, order, differences and preimage (hashed, and in the keccak fixture, iff cnt = 2), the root region and the
 * public root — as the chips would lay them out for those leaves.
 */
function rewriteTree(w: WitnessEditor, leaves: readonly (readonly [bigint, bigint])[], cnt: number): void {
  const [[aHi, aLo], [bHi, bLo]] = leaves as [[bigint, bigint], [bigint, bigint]];
  const [A, B] = [aHi * TWO_128 + aLo, bHi * TWO_128 + bLo];
  const [x, y] = A > B ? [B, A] : [A, B];
  const [xHi, xLo, yHi, yLo] = [x / TWO_128, x % TWO_128, y / TWO_128, y % TWO_128];
  const borrow = yLo < xLo ? 1n : 0n;
  [aHi, aLo, bHi, bLo, A > B ? 1n : 0n, xHi, xLo, yHi, yLo, borrow].forEach((v, row) => w.set(TV, row, v));
  [yLo - xLo + borrow * TWO_128, yHi - xHi - borrow].forEach((d, part) => setSegment(w, 'withdraw tree', 16 * part, 16 * part + 15, d, false));
  const pre = Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0') + y.toString(16).padStart(64, '0'), 'hex'));
  [xHi, xLo, yHi, yLo].forEach((v, seg) => setSegment(w, 'withdraw node', 16 * seg, 16 * seg + 15, v));
  const [dHi, dLo] = digestHalves(keccak_256(pre));
  const on = cnt === 2 ? 1n : 0n;
  w.set('withdraw node value', 64, dHi);
  w.set('withdraw node value', 65, dLo);
  for (let i = 0; i <= 64; i++) w.set('withdraw node on', i, on);
  if (on === 1n) {
    pre.forEach((byte, i) => w.set('keccak fixture byte', W_FIXTURE.node + i, BigInt(byte)));
    w.set('keccak fixture hashHi', W_FIXTURE.node + 64, dHi);
    w.set('keccak fixture hashLo', W_FIXTURE.node + 64, dLo);
  }
  w.set(TV, ROOT.cnt, BigInt(cnt));
  for (let c = 0; c <= 2; c++) w.set(TV, ROOT.is(c), c === cnt ? 1n : 0n);
  const root = on === 1n ? [dHi, dLo] : [aHi, aLo];
  [aHi, aLo, dHi, dLo, root[0]!, root[1]!, on].forEach((v, i) => w.set(TV, ROOT.node0 + i, v));
  w.set('pub', 0, root[0]!);
  w.set('pub', 1, root[1]!);
}
/** The compacted leaf halves of the honest witness on the last block: [hi, lo] of slots 0, 1. */
const finalLeaves = (w: WitnessEditor) => [0, 1].map((k) => [w.get('withdraw hi', WR(1, k)), w.get('withdraw lo', WR(1, k))] as const);
/** A node-preimage (or leaf-preimage) byte raised with its running sums, the keccak fixture's byte following, the segment value kept. */
function raiseHashedByte(w: WitnessEditor, chip: 'withdraw node' | 'withdraw leaf', i: number, end: number, fixtureRow: number): void {
  w.add(`${chip} byte`, i, 1n);
  for (let j = i; j <= end; j++) w.add(`${chip} acc`, j, 256n ** BigInt(j - i));
  w.add('keccak fixture byte', fixtureRow, 1n);
}
/** Node cell `cell` (x or y, a half) raised with its preimage segment and the fixture; the half's difference follows (its last byte). */
function moveNodeSide(w: WitnessEditor, cell: 'xHi' | 'xLo' | 'yHi' | 'yLo'): void {
  const seg = ['xHi', 'xLo', 'yHi', 'yLo'].indexOf(cell);
  w.add(TV, NODE[cell], 1n);
  shiftByte(w, 'withdraw node', 16 * seg + 15, 1n, 16 * seg + 15, []);
  w.add('keccak fixture byte', W_FIXTURE.node + 16 * seg + 15, 1n);
  const last = cell.endsWith('Hi') ? 31 : 15;
  const d = cell.startsWith('x') ? -1n : 1n;
  w.add('withdraw tree byte', last, d);
  w.add('withdraw tree acc', last, d);
}
const withdrawTxTo = (to: bigint, nonce: bigint, value: bigint, index: number) => txTrace(createFeeMarket1559Tx(
  { nonce, to: address(to), value, gasLimit: 21_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, chainId: DEV_CHAIN_ID }, { common },
).sign(KEY), index);
const NOT_ISOLATED = 'not isolated in this witness';

export const withdrawals: SoundnessTarget = {
  name: 'withdrawals',
  family: 'pi',
  description: 'circuits/pi/withdrawals.ts + withdraw-tree.ts: the withdrawal txs\' leaves compacted and hashed into withdrawRoot over the tx table\'s rows (beside the tx target\'s circuit)',
  honest: () => withdrawRun(),
  negatives: [
    // the chip told another tx table (BridgeHarness view): its cells, leaves, tree and root follow the lie; only the rule reading the real table objects
    forgedEdits('the first withdrawal\'s leaf to another address (the chip told caller + 1)', () => withdrawRun(told(0, TxFieldTag.CallerAddress, summaryValue(0, TxFieldTag.CallerAddress) + 1n))),
    forgedEdits('the second withdrawal\'s leaf with nonce 2 (the chip told so)', () => withdrawRun(told(1, TxFieldTag.Nonce, 2n))),
    forgedEdits('the first withdrawal\'s amount lo + 1 in its leaf (its IsZero inverse the real value\'s)', () => withdrawRun(told(0, TxFieldTag.Value, summaryValue(0, TxFieldTag.Value) + 1n)),
      (w) => w.set('withdraw invLo', WR(0), frInv(summaryValue(0, TxFieldTag.Value)))),
    forgedEdits('the second withdrawal\'s amount hi + 1 in its leaf (its IsZero inverse the real value\'s)', () => withdrawRun(told(1, TxFieldTag.Value, summaryValue(1, TxFieldTag.Value, 'valueHi') + 1n, 'valueHi')),
      (w) => w.set('withdraw invHi', WR(1), frInv(summaryValue(1, TxFieldTag.Value, 'valueHi')))),
    forgedEdits('the second withdrawal left out (w = 0: the chip told it is a deposit)', () => withdrawRun(told(1, TxFieldTag.IsL1Message, 1n))),
    forgedEdits('the second withdrawal left out as sent elsewhere (isW = 0 where the callee is W)', () => withdrawRun(told(1, TxFieldTag.CalleeAddress, 0x1234n))),
    forgedEdits('a tx to another address counted as a withdrawal (isW = 1, its inverse 0)', () => withdrawRun(told(1, TxFieldTag.CalleeAddress, W_ADDRESS), [withdrawalTrace(WITHDRAWALS[0], 0), withdrawTxTo(0x1234n, 1n, WITHDRAWALS[1].value, 1)])),
    // success (the EVM's EndTx status)
    test('the second withdrawal\'s tx failed (the EVM\'s status table says 0), the chip reads 1', (w) => w.set('tx status fixture status', 1, 0n)),
    test('the second withdrawal\'s tx failed and the chip reads so (status 0), w still 1', (w) => {
      w.set('tx status fixture status', 1, 0n);
      w.set('withdraw status', WR(1), 0n);
    }),
    // the compaction
    test('the second withdrawal in both slots (Σ slot = 2 ≠ w): slot 0 holds the sum of both leaves, the tree follows', (w) => {
      const [l0, l1] = finalLeaves(w) as [readonly [bigint, bigint], readonly [bigint, bigint]];
      const sum = [l0[0] + l1[0], l0[1] + l1[1]] as const;
      w.set('withdraw slot', WR(1, 0), 1n);
      w.set('withdraw hi', WR(1, 0), sum[0]);
      w.set('withdraw lo', WR(1, 0), sum[1]);
      rewriteTree(w, [sum, l1], 2);
    }),
    test('the second withdrawal in slot 0 (Σ k·slot = 0 ≠ cnt − 1): slot 0 holds the sum, slot 1 stays 0, the tree follows', (w) => {
      const [l0, l1] = finalLeaves(w) as [readonly [bigint, bigint], readonly [bigint, bigint]];
      const sum = [l0[0] + l1[0], l0[1] + l1[1]] as const;
      w.set('withdraw slot', WR(1, 0), 1n);
      w.set('withdraw slot', WR(1, 1), 0n);
      for (const [c, k, v] of [['withdraw hi', 0, sum[0]], ['withdraw lo', 0, sum[1]], ['withdraw hi', 1, 0n], ['withdraw lo', 1, 0n]] as const) w.set(c, WR(1, k), v);
      rewriteTree(w, [sum, [0n, 0n]], 2);
    }),
    test('two withdrawals counted 1 (cnt not the running sum): the second in slot 0 with the first, the root that one-leaf sum', (w) => {
      const [l0, l1] = finalLeaves(w) as [readonly [bigint, bigint], readonly [bigint, bigint]];
      const sum = [l0[0] + l1[0], l0[1] + l1[1]] as const;
      w.set('withdraw cnt', WR(1), 1n);
      w.set('withdraw slot', WR(1, 0), 1n);
      w.set('withdraw slot', WR(1, 1), 0n);
      for (const [c, k, v] of [['withdraw hi', 0, sum[0]], ['withdraw lo', 0, sum[1]], ['withdraw hi', 1, 0n], ['withdraw lo', 1, 0n]] as const) w.set(c, WR(1, k), v);
      rewriteTree(w, [sum, [0n, 0n]], 1);
    }),
    ...(['hi', 'lo'] as const).flatMap((h, half) => [0, 1].flatMap((k) => [
      test(`leaf ${k} ${h} of the first block + 1 (carried to the last block, the tree follows)`, (w) => {
        w.add(`withdraw ${h}`, WR(0, k), 1n);
        w.add(`withdraw ${h}`, WR(1, k), 1n);
        rewriteTree(w, finalLeaves(w), 2);
      }),
      test(`leaf ${k} ${h} of the last block + 1 (the tree follows)`, (w) => {
        w.add(`withdraw ${h}`, WR(1, k), 1n);
        rewriteTree(w, finalLeaves(w), 2);
      }),
    ])),
    // the leaf preimages (both hashed)
    test('a leaf byte and its sums raised, the segment value kept (the keccak table\'s byte follows)', (w) => raiseHashedByte(w, 'withdraw leaf', 40, 47, W_FIXTURE.leaf(0) + 40)),
    test('the first withdrawal\'s leaf off (on = 0 on its rows), w still 1', (w) => { for (let i = 0; i <= 96; i++) w.set('withdraw leaf on', LEAF(0) + i, 0n); }),
    ...([['caller', 31], ['valueHi', 47], ['valueLo', 63], ['nonce', 95]] as const).map(([cell, end]) => test(`the first leaf's ${cell} segment raised (its bytes, the keccak table's), the aligned cell kept`, (w) => {
      shiftByte(w, 'withdraw leaf', end, 1n, end, []);
      w.add('keccak fixture byte', W_FIXTURE.leaf(0) + end, 1n);
    })),
    test('a leaf pad byte 1 (the keccak table\'s byte follows)', (w) => { shiftByte(w, 'withdraw leaf', 11, 1n, 11, []); w.add('keccak fixture byte', W_FIXTURE.leaf(0) + 11, 1n); }),
    test('the first leaf\'s digest hi other than its aligned cell (the keccak table\'s digest follows)', (w) => { w.add('withdraw leaf value', 96, 1n); w.add('keccak fixture hashHi', W_FIXTURE.leaf(0) + 96, 1n); }),
    test('the first leaf\'s digest lo other than its aligned cell (the keccak table\'s digest follows)', (w) => { w.add('withdraw leaf value', 97, 1n); w.add('keccak fixture hashLo', W_FIXTURE.leaf(0) + 96, 1n); }),
    test('the keccak table\'s byte 50 of the first leaf differs from the chip\'s', (w) => w.add('keccak fixture byte', W_FIXTURE.leaf(0) + 50, 1n)),
    test('the keccak table\'s digest of the first leaf is not the chip\'s', (w) => w.add('keccak fixture hashLo', W_FIXTURE.leaf(0) + 96, 1n)),
    // the node
    ...(['xHi', 'xLo', 'yHi', 'yLo'] as const).map((cell) => test(`the node's ${cell} + 1 (its preimage segment, the keccak table's byte and the difference follow)`, (w) => moveNodeSide(w, cell))),
    test('a node preimage byte and its sums raised, the segment value kept (the keccak table\'s byte follows)', (w) => raiseHashedByte(w, 'withdraw node', 40, 47, W_FIXTURE.node + 40)),
    test('the node\'s bytes from row 20 on and its digest looked up under keccak id 99 (the keccak table relabelled to agree)', (w) => {
      for (let i = 20; i <= 64; i++) w.set('withdraw node keccak id', i, 99n);
      for (let i = 20; i <= 64; i++) w.set('keccak fixture id', W_FIXTURE.node + i, 99n);
    }),
    test('the node\'s x hi segment raised (its bytes, the keccak table\'s), the node cell kept', (w) => { shiftByte(w, 'withdraw node', 15, 1n, 15, []); w.add('keccak fixture byte', W_FIXTURE.node + 15, 1n); }),
    test('the keccak table\'s byte 5 of the node differs from the chip\'s', (w) => w.add('keccak fixture byte', W_FIXTURE.node + 5, 1n)),
    test('the keccak table\'s digest of the node is not the chip\'s', (w) => w.add('keccak fixture hashLo', W_FIXTURE.node + 64, 1n)),
    test('the node off (on = 0 on its rows), the root region\'s on (1, 0) still 1', (w) => { for (let i = 0; i <= 64; i++) w.set('withdraw node on', i, 0n); }),
    test('the node off and on (1, 0) = 0 with two withdrawals (the root still node (1, 0))', (w) => { for (let i = 0; i <= 64; i++) w.set('withdraw node on', i, 0n); w.set(TV, ROOT.on, 0n); }),
    test('a difference byte of 256, the byte before it one less (the same sum)', (w) => {
      const i = [...Array(15).keys()].map((j) => j + 1).find((j) => w.get('withdraw tree byte', j - 1) > 0n)!;
      w.add('withdraw tree byte', i, 256n);
      w.add('withdraw tree byte', i - 1, -1n);
      w.add('withdraw tree acc', i - 1, -1n);
    }),
    // the root
    test('the root region\'s count 1 (not the chip\'s 2): one leaf, the root leaf 0, the node off', (w) => rewriteTree(w, finalLeaves(w), 1)),
    test('[cnt = 0] = 1 too (Σ = 2): the root node (0, 0) + node (1, 0)', (w) => {
      w.set(TV, ROOT.is(0), 1n);
      w.add(TV, ROOT.root, w.get(TV, ROOT.node0));
      w.add(TV, ROOT.root + 1, w.get(TV, ROOT.node0 + 1));
      w.set('pub', 0, w.get(TV, ROOT.root));
      w.set('pub', 1, w.get(TV, ROOT.root + 1));
    }),
    test('[cnt = 1] = 1 for a count of 2 (Σ c·[cnt = c] = 1): the root leaf 0, the node off', (w) => {
      w.set(TV, ROOT.is(1), 1n);
      w.set(TV, ROOT.is(2), 0n);
      for (const half of [0, 1]) { w.set(TV, ROOT.root + half, w.get(TV, ROOT.node0 + half)); w.set('pub', half, w.get(TV, ROOT.node0 + half)); }
      w.set(TV, ROOT.on, 0n);
      for (let i = 0; i <= 64; i++) w.set('withdraw node on', i, 0n);
    }),
    test('a root hi other than the selected node\'s (the public root follows)', (w) => { w.add(TV, ROOT.root, 1n); w.add('pub', 0, 1n); }),
    test('a root lo other than the selected node\'s (the public root follows)', (w) => { w.add(TV, ROOT.root + 1, 1n); w.add('pub', 1, 1n); }),
    test('a public withdrawRoot hi other than the tree\'s', (w) => w.add('pub', 0, 1n)),
    ...[
      'withdraw leaf acc@0 + 1', 'withdraw leaf keccak id@0 + 1', 'withdraw leaf on@1 = 0', 'withdraw invLo@0 + 1', `withdraw invHi@${BLOCK} + 1`, 'withdraw node acc@0 + 1',
      'withdraw node on@1 = 0', 'withdraw tree byte@0 + 1', 'withdraw tree value@36 + 1', 'withdraw tree value@37 + 1', `withdraw zLo@${BLOCK} + 1; withdraw invLo@${BLOCK} = 0`,
      `withdraw zHi@${BLOCK} + 1; withdraw invHi@${BLOCK} = 0`, 'withdraw tree acc@15 + 1; withdraw tree byte@15 = 173', 'withdraw tree acc@31 + 1; withdraw tree byte@31 = 8',
    ].map(cellEdit),
  ],
  allow: [PADDING, ...type2GasPrice(() => withdrawRun()), ...['withdraw invW', 'withdraw invLo', 'withdraw invHi'].map((column) => unreadCells(() => withdrawRun(), column,
    'an IsZero inverse of a zero value (the callee is W; the first amount\'s hi half is 0): out = 1 whatever it is, no rule depends on it'))],
  get exceptions(): ItemException[] {
    return [...txCircuitExceptions(), ...[
      ['gate withdrawals/slot 0 is boolean', 'implied with two slots: Σ slot = w and Σ k·slot_k = w·(cnt − 1) give slot_1 = w·(cnt − 1) and slot_0 = w − slot_1, booleans for a boolean w (a product of IsZero outputs and IsL1Message) and a count that rises by w from w (cnt − 1 ∈ {0, 1} where w = 1, cnt ≤ 2 by the root\'s one-hot); needed from three slots on'],
      ['gate withdrawals/slot 1 is boolean', 'implied with two slots (see slot 0)'],
      ['gate withdrawals/cnt = w (first block)', `${NOT_ISOLATED}: both blocks withdraw, so a first count other than 1 leaves no slot for one of them — "Σ k·slot_k = w·(cnt − 1)" or the root's count objects too (a first block that does not withdraw would isolate it)`],
      ['gate withdraw tree node/s is boolean', `${NOT_ISOLATED}: one s selects both halves, and a non-boolean s moves x and y off the children in both halves at once — values no 16-byte segment or difference decomposition holds`],
      ['gate withdraw tree node/borrow is boolean', `${NOT_ISOLATED}: a non-boolean borrow shifts the low difference by a multiple of 2^128 mod r; only an unsorted pair with a borrow near k·r/2^128 could decompose both halves — not built`],
      ...[0, 1, 2].map((c) => [`gate withdraw tree root/[cnt = ${c}] is boolean`, `${NOT_ISOLATED} (count 2): with Σ [cnt = c] = 1 and Σ c·[cnt = c] = 2 fixed, a non-boolean flag forces a second one (a count of 1 would isolate [cnt = 1]: −1, 1, 1)`] as const),
    ].map(([item, reason]) => ({ item, reason }))];
  },
};

export const bridgeTargets: readonly SoundnessTarget[] = [l1Messages, withdrawals];
