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
 */
import { createAccessList2930Tx, createFeeMarket1559Tx, createTxFromRLP } from '@ethereumjs/tx';
import { hexToBytes } from '@ethereumjs/util';
import { keccak256, toBytes } from 'viem';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { DEPOSIT_GAS, L1MessagesChip, l1MessagesHash, l1MessagesKeccakInputs, L1_FOLD_BYTES, L1_MESSAGE_BYTES, type L1Message } from '../../../circuits/pi/l1-messages.js';
import type { HalvesCells } from '../../../circuits/pi/circuit.js';
import { digestHalves, type Bytes32 } from '../../../circuits/pi/public-input.js';
import type { KeccakTableColumns } from '../../../circuits/keccak/table.js';
import type { TxChip } from '../../../circuits/tx/chip.js';
import { TxWithFixtures, type TxFixtureConfig } from '../../../circuits/tx/examples.js';
import { SUMMARY_TAGS, txWitness, type TxWitness } from '../../../circuits/witness/tx.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS, depositTransaction } from '../../../node/l1/bridge.js';
import type { TxTrace } from '../../../circuits/witness/trace.js';
import { forgedEdits, type CircuitRun, type ItemException, type NegativeTest, type SoundnessTarget, type WitnessEditor } from '../types.js';
import { shiftByte } from './pi-batch.js';
import { PADDING } from './examples.js';
import { BASE_FEE, calldata, common, signedTx, txTrace } from './signed-txs.js';
import { txCircuitExceptions, unreadInverse } from './tx.js';

/** A bridge chip as the batch circuit wires it: configured over the keccak table and the tx chip, assigned after the tx chip. */
interface BridgeChip<C> {
  configure(cs: ConstraintSystem, keccak: KeccakTableColumns, tx: TxChip): C;
  /** `ids`: the keccak ids of the chip's inputs (appended to the tx witness's). */
  assign(chip: C, layouter: Layouter, tx: TxWitness, ids: readonly number[]): HalvesCells;
}

interface BridgeConfig<C> { tx: TxFixtureConfig; chip: C; pub: Column }

/** The tx chip on `txs` over the fixtures holding the tx inputs and then `inputs`, the bridge chip beside it, its output public (pub rows 0, 1: hi, lo). */
export class BridgeHarness<C> implements Circuit<BridgeConfig<C>> {
  readonly inner: TxWithFixtures;
  private readonly ids: number[];
  constructor(txs: Parameters<typeof txWitness>[0], params: Parameters<typeof txWitness>[1], inputs: readonly Uint8Array[], readonly chip: BridgeChip<C>) {
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
    const out = this.chip.assign(chip, layouter, this.inner.witness, this.ids);
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

/** The bridge's signing key: public (node/l1/bridge.ts derives it so, unexported), to sign deposits of another shape. */
const BRIDGE_KEY = hexToBytes(keccak256(toBytes('zkevm-ts/dev/l2-bridge')));
const SENDERS = [0x1111n, 0x2222n];
const MESSAGES: readonly L1Message[] = [
  { sender: SENDERS[0]!, to: 0xaan, value: 123n, nonce: 0n },
  { sender: SENDERS[1]!, to: 0xbbn, value: (1n << 130n) + 5n, nonce: 1n },
];
const address = (x: bigint) => `0x${x.toString(16).padStart(40, '0')}`;
type DepositShape = Partial<{ type: 1; gasLimit: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; data: Uint8Array; create: true }>;
/** Deposit `m` as the node signs it (depositTransaction), or — `shape` given — signed by the bridge with those fields changed. */
function depositTrace(m: L1Message, index: number, shape?: DepositShape): TxTrace {
  if (shape === undefined) return txTrace(createTxFromRLP(depositTransaction({ nonce: m.nonce, to: address(m.to), value: m.value } as never, common, BASE_FEE), { common }), index);
  const { type, create, ...fields } = shape;
  const base = { nonce: m.nonce, to: create ? undefined : address(m.to), value: m.value, gasLimit: DEPOSIT_GAS, chainId: DEV_CHAIN_ID };
  const tx = type === 1
    ? createAccessList2930Tx({ ...base, gasPrice: 0n, ...fields }, { common })
    : createFeeMarket1559Tx({ ...base, maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 0n, ...fields }, { common });
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
const L1_IDS = (() => {
  const w = (l1Run().circuit as BridgeHarness<L1MessagesChip>).inner.witness;
  const rows = w.keccakInputs.map((b) => b.length + 1);
  const start = (id: number) => rows.slice(0, id - 1).reduce((a, b) => a + b, 0);
  const first = w.keccakInputs.length - 2 * MESSAGES.length + 1;
  /** Keccak fixture rows of deposit j's message and fold step (their first byte; the digest row after the last). */
  return { message: (j: number) => start(first + 2 * j), fold: (j: number) => start(first + 2 * j + 1) };
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
/** Bytes first … last of a preimage of chip `chip` (one segment) rewritten to hold `value`, its running sums and value following. */
function setSegment(w: WitnessEditor, chip: string, first: number, last: number, value: bigint): void {
  for (let i = first; i <= last; i++) {
    w.set(`${chip} byte`, i, (value >> BigInt(8 * (last - i))) & 0xffn);
    w.set(`${chip} acc`, i, value >> BigInt(8 * (last - i)));
  }
  w.set(`${chip} value`, last, value);
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
  allow: [PADDING, unreadInverse(() => l1Run())],
  get exceptions(): ItemException[] {
    return [...txCircuitExceptions(), {
      item: 'gate l1 messages/a deposit has no access list',
      reason: 'implied by the tx circuit\'s "AccessListGasCost = 0" rules (lo, hi), which bind every tx (access lists are not supported yet, the witness refuses them); '
        + 'kept so that the deposit shape stays pinned when they are',
    }];
  },
};

export const bridgeTargets: readonly SoundnessTarget[] = [l1Messages];
