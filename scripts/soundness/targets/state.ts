/**
 * State family (circuits/state): the RW table with the hand-made rows of circuits/state/examples.ts
 * (every tag) and one padding row, the count public. One negative test per item; each models an
 * attack the item alone refuses.
 */
import { ALL_OPS, OPS, type OpName } from '../../../circuits/state/examples.js';
import { DIFF_BYTES, KEY_FIELDS, RW_COUNTER_BYTES, RW_TABLE_FIELDS, StateCircuit, TAG_FLAGS, rwRowCells, tagFlags, RwTag } from '../../../circuits/state/index.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import type { AllowRule, NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';

const K = 9;
const ROWS = stateWitness(ALL_OPS, ALL_OPS.length + 1);
const LAST = ROWS.length - 1;
const at = (op: OpName): number => ROWS.findIndex((r) => r.rwCounter === OPS[op].rwCounter);
const col = (c: string) => `rw ${c}`;
const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });

const CELLS = ROWS.map(rwRowCells);
const RWC = KEY_FIELDS.indexOf('rwCounter');
/** Index of the first key field where row i differs from row i − 1 (KEY_FIELDS.length for padding). */
const firstField = (i: number): number => (ROWS[i].tag === RwTag.Padding ? KEY_FIELDS.length : KEY_FIELDS.findIndex((k) => CELLS[i][k] !== CELLS[i - 1][k]));
const lastOfGroup = (i: number): boolean => i === LAST || firstField(i + 1) !== RWC;
const rows = (p: (i: number) => boolean): number[] => ROWS.flatMap((_, i) => (i > 0 && p(i) ? [i] : []));

/**
 * Cells the state circuit alone leaves free by design — the EVM circuit's lookups bind them (an
 * operation's key, what a write stores, whether it is a write), or the SMT circuit will (issue #10).
 */
const ALLOW: AllowRule[] = [
  PADDING,
  ...(['id', 'address', 'fieldTag', 'storageKeyHi', 'storageKeyLo'] as const).map((f): AllowRule => {
    const x = KEY_FIELDS.indexOf(f);
    return {
      kind: 'cells', column: col(f), rows: rows((i) => firstField(i) < x && (i === LAST || firstField(i + 1) < x)),
      reason: 'a key field no neighbour shares: the order rules compare it with nothing, the EVM circuit\'s lookup names which key the operation touched',
    };
  }),
  ...(['valueLo', 'valueHi'] as const).map((f): AllowRule => ({
    kind: 'cells', column: col(f), rows: rows((i) => ROWS[i].isWrite && lastOfGroup(i)),
    reason: 'what the last write to a key stores is the EVM circuit\'s result (bound by its lookup); no later access reads it',
  })),
  ...(['valuePrevLo', 'valuePrevHi'] as const).map((f): AllowRule => ({
    kind: 'cells', column: col(f), rows: rows((i) => ROWS[i].tag === RwTag.Account && firstField(i) !== RWC && ROWS[i].isWrite),
    reason: 'the initial value of an Account field: the seam to the SMT circuit (issue #10), which will bind it to the previous state root',
  })),
  {
    kind: 'cells', column: col('isWrite'), rows: rows((i) => !ROWS[i].isWrite),
    reason: 'a read relabelled a write of the same value changes no value of the table; the EVM circuit\'s lookup fixes isWrite',
  },
];

const negatives: NegativeTest[] = [
  test('isWrite = 2 on a read whose value equals valuePrev', (w) => w.set(col('isWrite'), at('memRead'), 2n)),
  ...(['rwCounter', 'isWrite', 'id', 'address', 'fieldTag', 'storageKeyLo', 'storageKeyHi'] as const).map((f) =>
    test(`padding row with ${f} ≠ 0`, (w) => { w.set(col(f), 0, 1n); if (f === 'rwCounter') w.set(col('rwCounter byte 0'), 0, 1n); })),
  ...(['Lo', 'Hi'] as const).map((h) => test(`padding row with value${h} = valuePrev${h} = 1`, (w) => { w.set(col(`value${h}`), 0, 1n); w.set(col(`valuePrev${h}`), 0, 1n); })),
  test('rwCounter differs from its bytes + 1', (w) => w.add(col('rwCounter'), at('nonce'), 1n)),
  test('a read returns another value than valuePrev (lo)', (w) => w.set(col('valueLo'), at('memFirstRead'), 1n)),
  test('a read returns another value than valuePrev (hi)', (w) => w.set(col('valueHi'), at('refundRead'), 1n)),
  ...(['Lo', 'Hi'] as const).map((h) => test(`committedValue${h} on an Account row`, (w) => w.set(col(`committedValue${h}`), at('nonce'), 1n))),
  test('a memory write with valueHi ≠ 0', (w) => w.set(col('valueHi'), at('memLastWrite'), 1n)),
  test('an uncounted operation in the first row', (w) => {
    // row 0 becomes a Stack read (call 0, slot 0) that sorts before row 1's Stack key (call 1)
    const flags = tagFlags(RwTag.Stack);
    w.set(col('tag'), 0, BigInt(RwTag.Stack));
    for (const f of TAG_FLAGS) w.set(col(f), 0, flags[f]);
    w.set(col('s tag'), 0, 1n);
    w.set(col('rwCounter'), 0, 1n);
    w.set(col('s tag'), 1, 0n);
    w.set(col('s id'), 1, 1n);
    w.set(col('diff byte 0'), 1, 0n);
    w.set(col('last access'), 0, 1n); // its key group is that one row
  }),
  test('the count starts at 1', (w) => {
    for (let r = 0; r <= LAST; r++) w.add(col('count'), r, 1n);
    w.add('rw count (public)', 0, 1n);
  }),
  test('a padding row after the operations (the last operation dropped, count lowered)', (w) => {
    for (const c of ['rwCounter', 'isWrite', 'tag', 'id', 'address', 'fieldTag', 'storageKeyLo', 'storageKeyHi',
      'valueLo', 'valueHi', 'valuePrevLo', 'valuePrevHi', ...TAG_FLAGS, ...KEY_FIELDS.map((k) => `s ${k}`)]) w.set(col(c), LAST, 0n);
    for (let j = 0; j < RW_COUNTER_BYTES; j++) w.set(col(`rwCounter byte ${j}`), LAST, 0n);
    for (let j = 0; j < DIFF_BYTES; j++) w.set(col(`diff byte ${j}`), LAST, 0n);
    w.set(col('last access'), LAST, 0n);
    w.set(col('last access'), LAST - 1, 1n); // the row before now ends its key group
    w.add(col('count'), LAST, -1n);
    w.add('rw count (public)', 0, -1n);
  }),
  test('tag changes inside a key group (TransientStorage row relabelled Storage)', (w) => {
    const r = at('tload');
    const flags = tagFlags(RwTag.Storage);
    w.set(col('tag'), r, BigInt(RwTag.Storage));
    for (const f of TAG_FLAGS) w.set(col(f), r, flags[f]);
    w.add(col('diff byte 0'), r + 1, 1n);
  }),
  ...(['id', 'address', 'storageKeyHi', 'storageKeyLo'] as const).map((f) =>
    test(`${f} changes inside a key group`, (w) => w.add(col(f), at('balanceDebit'), 1n))),
  // off Account rows: an Account row's fieldTag is also pinned by its one-hot field flags
  test('fieldTag changes inside a key group', (w) => w.add(col('fieldTag'), at('calleeRead'), 1n)),
  test('a last-access flag on a row whose key group goes on', (w) => w.set(col('last access'), at('sload'), 1n)),
  test('a last-access flag on a usable row after the table', (w) => w.set(col('last access'), (1 << K) - 2, 1n)),
  // flags (Nonce, Balance, CodeHash, HasStorage) with Σ flag = 1 and fieldTag = Σ field·flag on Account rows: boolean
  // flags fix the last, so each lie puts a non-boolean flag on an Account row of the fieldTag it implies (the nonce
  // row is its own key group, so its fieldTag is compared with no neighbour)
  ...([['Nonce', 4n, [-1n, 1n, 1n]], ['CodeHash', 0n, [1n, 1n, -1n]]] as const).map(([f, fieldTag, flags]) =>
    test(`account field ${f} = −1 on an Account row of fieldTag ${fieldTag} (the other two flags 1)`, (w) => {
      w.set(col('fieldTag'), at('nonce'), fieldTag);
      ['Nonce', 'Balance', 'CodeHash'].forEach((g, j) => w.set(col(`account field ${g}`), at('nonce'), flags[j]!));
    })),
  test('account field Balance = −1 on a Balance row (Nonce and CodeHash 1)', (w) => {
    ['Nonce', 'Balance', 'CodeHash'].forEach((g, j) => w.set(col(`account field ${g}`), at('balanceDebit'), [1n, -1n, 1n][j]!));
  }),
  test('a HasStorage row written', (w) => w.set(col('isWrite'), at('hasStorage'), 1n)),
  // (made a read, as HasStorage is read-only: value = valuePrev)
  test('account field HasStorage = −1 on a Nonce row made a read (Balance and CodeHash 1)', (w) => {
    ['Nonce', 'Balance', 'CodeHash', 'HasStorage'].forEach((g, j) => w.set(col(`account field ${g}`), at('nonce'), [0n, 1n, 1n, -1n][j]!));
    w.set(col('isWrite'), at('nonce'), 0n);
    w.set(col('valueLo'), at('nonce'), w.get(col('valuePrevLo'), at('nonce')));
  }),
  test('an Account row of fieldTag 0 with no field flag', (w) => { w.set(col('fieldTag'), at('nonce'), 0n); w.set(col('account field Nonce'), at('nonce'), 0n); }),
  test('a Nonce row flagged Balance', (w) => { w.set(col('account field Nonce'), at('nonce'), 0n); w.set(col('account field Balance'), at('nonce'), 1n); }),
  test('a diff byte that does not match the key step', (w) => w.add(col('diff byte 0'), at('nonce'), 1n)),
  ...(['Lo', 'Hi'] as const).map((h) => test(`a read whose valuePrev${h} is not the previous value`, (w) => {
    w.add(col(`valuePrev${h}`), at('sloadAgain'), 1n);
    w.add(col(`value${h}`), at('sloadAgain'), 1n);
  })),
  ...(['Lo', 'Hi'] as const).map((h) => test(`committedValue${h} changes inside a Storage group`, (w) => w.add(col(`committedValue${h}`), at('sloadAgain'), 1n))),
  ...(['Lo', 'Hi'] as const).map((h) => test(`first Storage write with valuePrev${h} ≠ committedValue${h}`, (w) => w.set(col(`committedValue${h}`), at('sstoreFresh'), 1n))),
  ...(['Lo', 'Hi'] as const).map((h) => test(`first Memory access with valuePrev${h} ≠ 0`, (w) => w.set(col(`valuePrev${h}`), at('memLastWrite'), 1n))),
  test('first Stack access is a read', (w) => w.set(col('isWrite'), at('stackPush0'), 0n)),
  // Stack addresses 0 … 1023 (bytes lo + 256·hi, hi ≤ 3); stackOtherCall starts its call's group (it differs in id),
  // so its address can change without breaking the order: each lie below breaks exactly one rule
  test('a Stack address ≠ its bytes', (w) => w.set(col('stack address byte 0'), at('stackPush0'), 254n)),
  test('a Stack address split with a low "byte" of 511', (w) => { w.set(col('stack address byte 0'), at('stackPush0'), 511n); w.set(col('stack address byte 1'), at('stackPush0'), 2n); }),
  test('a Stack address of −1 (a push past the limit) split as (255, −1)', (w) => {
    w.set(col('address'), at('stackOtherCall'), -1n);
    w.set(col('stack address byte 0'), at('stackOtherCall'), 255n);
    w.set(col('stack address byte 1'), at('stackOtherCall'), -1n);
  }),
  test('a Stack address of 1024', (w) => {
    w.set(col('address'), at('stackOtherCall'), 1024n);
    w.set(col('stack address byte 0'), at('stackOtherCall'), 0n);
    w.set(col('stack address byte 1'), at('stackOtherCall'), 4n);
  }),
  ...[0, 1].map((j) => test(`stack address byte ${j} ≠ 0 on a Storage row`, (w) => w.set(col(`stack address byte ${j}`), at('sstoreFresh'), 1n))),
  test('the count skips a row', (w) => w.add(col('count'), at('nonce'), 1n)),
  test('a Memory row claiming no Memory flag', (w) => w.set(col('isMemory'), at('memLastWrite'), 0n)),
  ...Array.from({ length: DIFF_BYTES }, (_, j) => test(`diff byte ${j} = 256 + b (its field raised by 256^${j + 1})`, (w) => {
    // sloadNextTx first differs from its predecessor in id (tx 1 → 2); the next row differs in tag
    w.add(col('id'), at('sloadNextTx'), 1n << BigInt(8 * (j + 1)));
    w.add(col(`diff byte ${j}`), at('sloadNextTx'), 256n);
  })),
  ...Array.from({ length: RW_COUNTER_BYTES }, (_, j) => test(`rwCounter byte ${j} = 256 + b`, (w) => {
    w.add(col('rwCounter'), at('nonce'), 1n << BigInt(8 * (j + 1)));
    w.add(col(`rwCounter byte ${j}`), at('nonce'), 256n);
  })),
  test('a memory value of 256', (w) => w.set(col('valueLo'), at('memLastWrite'), 256n)),
  test('the public count differs from the table', (w) => w.add('rw count (public)', 0, 1n)),
  ...RW_TABLE_FIELDS.map((f) => test(`a usable row after the table with ${f} ≠ 0`, (w) => w.set(col(f), (1 << K) - 2, 1n))),
];

export const state: SoundnessTarget = {
  name: 'state',
  family: 'state',
  description: 'circuits/state: the RW table (sort order, read = last write, first-access rules, count) on rows of every tag',
  honest: () => { const circuit = new StateCircuit(ROWS); return { circuit, k: K, instances: circuit.instances() }; },
  negatives,
  allow: ALLOW,
};

export const stateTargets: readonly SoundnessTarget[] = [state];
