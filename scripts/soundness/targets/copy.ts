/**
 * Copy family (circuits/copy).
 * Hand-made events cover every rule: each source and destination type, a source that ends inside the copy (tx
 * calldata, caller memory, precompile output), a code source, memory that becomes code, and an empty copy, over the fixture
 * tables of circuits/copy/examples.ts. Layout (copy region from row 0):
 *   0 padding · 1 calldata→memory, bytes 2…7 (2…5 in bound) · 8 code→memory, 9…11 (slack 1) · 12 memory→keccak,
 *   13…15 · 16 memory→log, 17…18 · 19 memory→code, 20…21 · 22 memory→memory, 23…25 (23 in bound) · 26 empty copy ·
 *   27 memory→precompile input, 28…30 · 31 precompile output→memory, 32…34 (32, 33 in bound) · 35 … 510 padding.
 *   The RW fixture holds the operation with rw counter c on row c; the precompile fixture call 9's input on rows 1…3.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BYTECODE_TABLE_FIELDS } from '../../../circuits/bytecode/table.js';
import { COPY_TABLE_FIELDS, CopyDataType } from '../../../circuits/copy/table.js';
import { PRECOMPILE_IO_FIELDS } from '../../../circuits/copy/precompile-io-table.js';
import { RW_TABLE_FIELDS } from '../../../circuits/state/table.js';
import { TX_TABLE_FIELDS } from '../../../circuits/tx/table.js';
import { copyRwRows, rwIncrease, type CopyEvent, type CopyWitness } from '../../../circuits/witness/copy.js';
import type { BytecodeTrace } from '../../../circuits/witness/trace.js';
import type { NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';
import { CopyWithFixtures } from '../../../circuits/copy/examples.js';

const code = (bytes: number[]): BytecodeTrace => ({ codeHash: `0x${bytesToHex(keccak_256(Uint8Array.from(bytes)))}`, code: Uint8Array.from(bytes) });
const CODE = code([0x60, 0x01, 0x5f, 0x00]);
const DEPLOYED = code([0x60, 0x2a]);
const CALLDATA = Uint8Array.from([1, 2, 3, 4, 5, 6]);
const hashHalves = (c: BytecodeTrace) => [BigInt.asUintN(128, BigInt(c.codeHash)), BigInt(c.codeHash) >> 128n];

type Draft = Omit<CopyEvent, 'rwCounter' | 'isCode' | 'dstPrev'> & Partial<Pick<CopyEvent, 'isCode' | 'dstPrev'>>;
const bytes = (...b: number[]) => Uint8Array.from(b);
const DRAFTS: Draft[] = [
  { srcType: CopyDataType.TxCalldata, srcId: 1n, srcSubId: 0n, srcAddr: 2n, srcAddrEnd: 6n, dstType: CopyDataType.Memory, dstId: 7n, dstSubId: 0n, dstAddr: 0n, bytes: bytes(3, 4, 5, 6, 0, 0), dstPrev: bytes(0, 9, 0, 0, 0, 0) },
  { srcType: CopyDataType.Bytecode, srcId: hashHalves(CODE)[0], srcSubId: hashHalves(CODE)[1], srcAddr: 0n, srcAddrEnd: 4n, dstType: CopyDataType.Memory, dstId: 7n, dstSubId: 0n, dstAddr: 6n, bytes: bytes(0x60, 1, 0x5f), isCode: bytes(1, 0, 1) },
  { srcType: CopyDataType.Memory, srcId: 7n, srcSubId: 0n, srcAddr: 0n, srcAddrEnd: 3n, dstType: CopyDataType.Keccak, dstId: 1n, dstSubId: 0n, dstAddr: 0n, bytes: bytes(3, 4, 5) },
  { srcType: CopyDataType.Memory, srcId: 7n, srcSubId: 0n, srcAddr: 3n, srcAddrEnd: 5n, dstType: CopyDataType.TxLog, dstId: 1n, dstSubId: 2n, dstAddr: 0n, bytes: bytes(6, 0) },
  { srcType: CopyDataType.Memory, srcId: 7n, srcSubId: 0n, srcAddr: 40n, srcAddrEnd: 42n, dstType: CopyDataType.Bytecode, dstId: hashHalves(DEPLOYED)[0], dstSubId: hashHalves(DEPLOYED)[1], dstAddr: 0n, bytes: bytes(0x60, 0x2a), isCode: bytes(1, 0) },
  { srcType: CopyDataType.Memory, srcId: 8n, srcSubId: 0n, srcAddr: 30n, srcAddrEnd: 31n, dstType: CopyDataType.Memory, dstId: 7n, dstSubId: 0n, dstAddr: 50n, bytes: bytes(0x77, 0, 0), dstPrev: bytes(0, 0x11, 0) },
  { srcType: CopyDataType.Memory, srcId: 7n, srcSubId: 0n, srcAddr: 0n, srcAddrEnd: 0n, dstType: CopyDataType.Memory, dstId: 7n, dstSubId: 0n, dstAddr: 0n, bytes: bytes() },
  { srcType: CopyDataType.Memory, srcId: 7n, srcSubId: 0n, srcAddr: 60n, srcAddrEnd: 63n, dstType: CopyDataType.PrecompileInput, dstId: 9n, dstSubId: 0n, dstAddr: 0n, bytes: bytes(1, 2, 3) },
  { srcType: CopyDataType.PrecompileOutput, srcId: 9n, srcSubId: 0n, srcAddr: 1n, srcAddrEnd: 3n, dstType: CopyDataType.Memory, dstId: 7n, dstSubId: 0n, dstAddr: 70n, bytes: bytes(0xbb, 0xcc, 0) },
];
const PRECOMPILE = { callId: 9n, input: bytes(1, 2, 3), output: bytes(0xaa, 0xbb, 0xcc) };

function witness(): CopyWitness {
  let rwCounter = 1;
  const events = DRAFTS.map((d) => {
    const e: CopyEvent = { isCode: new Uint8Array(d.bytes.length), dstPrev: new Uint8Array(d.bytes.length), ...d, rwCounter };
    rwCounter += rwIncrease(e);
    return e;
  });
  return { events, rws: events.flatMap(copyRwRows), keccakInputs: [DRAFTS[2].bytes], codes: [CODE, DEPLOYED], precompiles: [PRECOMPILE], rwCounterEnd: rwCounter };
}

const FIXTURE_COLUMNS = [
  ...RW_TABLE_FIELDS.map((f) => `rw fixture ${f}`), ...BYTECODE_TABLE_FIELDS.map((f) => `bytecode fixture ${f}`), ...TX_TABLE_FIELDS.map((f) => `tx fixture ${f}`),
  ...['kind', 'id', 'indexOrLength', 'byte', 'hashLo', 'hashHi'].map((f) => `keccak fixture ${f}`), ...PRECOMPILE_IO_FIELDS.map((f) => `precompile fixture ${f}`),
  ...['q', 'qDigest', 'hashLo', 'hashHi', ...COPY_TABLE_FIELDS.filter((f) => f !== 'kind')].map((f) => `evm fixture ${f}`),
];
const col = (c: string) => `copy ${c}`;
const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });
const set = (w: WitnessEditor, row: number, cells: Record<string, bigint>) => { for (const [c, v] of Object.entries(cells)) w.set(col(c), row, v); };
const PAD = 40;
const LAST = (1 << 9) - 2;
/** E7's event row (an empty memory copy), to put where no event may be. */
const EMPTY_EVENT = { isEvent: 1n, kind: 1n, srcMemory: 1n, dstMemory: 1n, srcType: 1n, dstType: 1n, srcId: 7n, dstId: 7n, rwCounter: 23n };
/** [flag, a partner flag of its side, the type they give with flag = −1 and partner = 1]. */
const FLAG_PAIRS: Array<[string, string, bigint]> = [
  ['srcMemory', 'srcBytecode', 1n], ['srcBytecode', 'srcMemory', -1n], ['srcCalldata', 'srcMemory', -2n],
  ['srcPrecompile', 'srcMemory', -6n],
  ['dstMemory', 'dstTxLog', 3n], ['dstTxLog', 'dstMemory', -3n], ['dstKeccak', 'dstMemory', -4n], ['dstBytecode', 'dstMemory', -1n], ['dstPrecompile', 'dstMemory', -5n],
];
const PADDING_ZERO = ['srcId', 'srcSubId', 'srcAddr', 'srcAddrEnd', 'dstId', 'dstSubId', 'dstAddr', 'length', 'rwCounter', 'rwIncrease', 'inLeft', 'reads'];

export const copy: SoundnessTarget = {
  name: 'copy',
  family: 'copy',
  description: 'circuits/copy: copy events byte by byte between the RW, bytecode, tx and keccak tables (fixtures here)',
  honest: () => ({ circuit: new CopyWithFixtures(witness(), new Map([[1, CALLDATA]]), 36), k: 9, instances: [] }),
  negatives: [
    // shape and flags, on a padding row unless said otherwise
    test('isEvent = 2 (kind and two flags per side to match)', (w) => set(w, PAD, { isEvent: 2n, kind: 2n, srcMemory: 1n, srcBytecode: 1n, srcType: 3n, dstMemory: 1n, dstTxLog: 1n, dstType: 5n })),
    ...FLAG_PAIRS.map(([flag, other, type]) => test(`${flag} = −1 (${other} = 1 keeps the flag sum 0)`, (w) => set(w, PAD, { [flag]: -1n, [other]: 1n, [flag.startsWith('src') ? 'srcType' : 'dstType']: type }))),
    test('kind ≠ EVENT_ROW·isEvent + BYTE_ROW·isByte', (w) => w.set(col('kind'), PAD, 1n)),
    test('srcType without its flag', (w) => w.set(col('srcType'), PAD, 1n)),
    test('dstType without its flag', (w) => w.set(col('dstType'), PAD, 1n)),
    test('a source flag on a padding row', (w) => set(w, PAD, { srcMemory: 1n, srcType: 1n })),
    test('a destination flag on a padding row', (w) => set(w, PAD, { dstMemory: 1n, dstType: 1n })),
    test('inBound on a padding row', (w) => w.set(col('inBound'), PAD, 1n)),
    ...PADDING_ZERO.map((c) => test(`padding row with ${c} ≠ 0`, (w) => w.set(col(c), PAD, 1n))),
    test('value on a padding row', (w) => w.set(col('value'), PAD, 1n)),
    test('slack on a padding row (decomposed)', (w) => set(w, PAD, { slack: 1n, 'slack byte 0': 1n })),
    test('isCode on a padding row', (w) => w.set(col('isCode'), PAD, 1n)),
    test('valuePrev on a padding row', (w) => w.set(col('valuePrev'), PAD, 1n)),
    test('the first row an (empty) event', (w) => set(w, 0, EMPTY_EVENT)),
    test('the last row an (empty) event', (w) => set(w, LAST, EMPTY_EVENT)),
    // the source bound
    test('a non-zero byte past the calldata end (memory write agrees)', (w) => { w.set(col('value'), 6, 7n); w.set('rw fixture valueLo', 5, 7n); }),
    test('slack ≠ srcAddrEnd − srcAddr − inLeft', (w) => set(w, 8, { slack: 2n, 'slack byte 0': 2n })),
    test('an in-bound calldata byte claimed past the end (bytes, counts and slack consistent)', (w) => {
      set(w, 1, { inLeft: 3n, slack: 1n, 'slack byte 0': 1n });
      [3n, 2n, 1n, 0n].forEach((v, i) => w.set(col('inLeft'), 2 + i, v));
      set(w, 5, { inBound: 0n, value: 0n });
      w.set('rw fixture valueLo', 4, 0n);
    }),
    test('an out-of-bound memory byte before an in-bound one (the reads agree)', (w) => {
      set(w, 23, { inBound: 0n, value: 0n });
      set(w, 24, { inBound: 1n, inLeft: 1n });
      w.set('rw fixture valueLo', 20, 0n);
      for (const [c, v] of [['rwCounter', 20n], ['address', 31n], ['valueLo', 0n], ['valuePrevLo', 0n]] as const) w.set(`rw fixture ${c}`, 19, v);
    }),
    test('slack decomposed wrongly', (w) => w.set(col('slack byte 0'), 8, 2n)),
    ...[0, 1, 2].map((i) => test(`slack byte ${i} not a byte (the next byte compensates)`, (w) => { w.add(col(`slack byte ${i}`), 8, -256n); w.add(col(`slack byte ${i + 1}`), 8, 1n); })),
    // counters
    test('reads ≠ inLeft on a memory source (rwIncrease and the EVM agree)', (w) => {
      for (let r = 12; r <= 15; r++) set(w, r, { reads: 2n, rwIncrease: 2n });
      w.set('evm fixture rwIncrease', 2, 2n);
    }),
    test('rwIncrease ≠ reads + length (the EVM agrees)', (w) => {
      for (let r = 16; r <= 18; r++) w.add(col('rwIncrease'), r, -1n);
      w.add('evm fixture rwIncrease', 3, -1n);
    }),
    // byte rows follow their event
    ...(['srcId', 'srcSubId', 'srcAddrEnd', 'rwIncrease', 'srcAddr'] as const).map((c) => test(`an out-of-bound byte with another ${c}`, (w) => w.add(col(c), 7, 1n))),
    test('a byte with another srcType (flags agree)', (w) => set(w, 7, { srcType: 1n, srcMemory: 1n, srcCalldata: 0n })),
    test('a log byte with another dstType (flags and the write agree)', (w) => {
      set(w, 18, { dstType: 1n, dstTxLog: 0n, dstMemory: 1n });
      for (const [c, v] of [['tag', 2n], ['address', 1n], ['fieldTag', 0n], ['storageKeyLo', 0n]] as const) w.set(`rw fixture ${c}`, 16, v);
    }),
    test('a byte written to another call\'s memory (the write agrees)', (w) => { w.add(col('dstId'), 7, 1n); w.add('rw fixture id', 6, 1n); }),
    test('a log byte under another log index (the write agrees)', (w) => { w.add(col('dstSubId'), 18, 1n); w.add('rw fixture address', 16, 1n); }),
    test('a log byte with another read count (the write agrees)', (w) => { w.add(col('reads'), 18, 1n); w.add('rw fixture rwCounter', 16, 1n); }),
    test('a byte written at another address (the write agrees)', (w) => { w.add(col('dstAddr'), 7, 1n); w.add('rw fixture address', 6, 1n); }),
    test('a byte with another rw counter (the write agrees)', (w) => { w.add(col('rwCounter'), 7, 1n); w.add('rw fixture rwCounter', 6, 1n); }),
    test('a byte row with another length left', (w) => w.add(col('length'), 9, 1n)),
    test('a byte row with another in-bound count left', (w) => w.add(col('inLeft'), 2, 1n)),
    test('a copy one byte longer than its byte rows (the EVM agrees)', (w) => {
      for (let r = 19; r <= 21; r++) w.add(col('length'), r, 1n);
      w.add('evm fixture length', 4, 1n);
    }),
    test('an empty copy claiming an in-bound byte (end, counters and the EVM agree)', (w) => {
      set(w, 26, { inLeft: 1n, srcAddrEnd: 1n, reads: 1n, rwIncrease: 1n });
      w.set('evm fixture srcAddrEnd', 6, 1n);
      w.set('evm fixture rwIncrease', 6, 1n);
    }),
    // the bytes
    test('a calldata byte that is not the calldata\'s (the write agrees)', (w) => { w.add(col('value'), 2, 1n); w.add('rw fixture valueLo', 1, 1n); }),
    test('a code byte that is not the code\'s (the write agrees)', (w) => { w.add(col('value'), 10, 1n); w.add('rw fixture valueLo', 8, 1n); }),
    test('a memory byte that is not memory\'s (the keccak input agrees)', (w) => { w.add(col('value'), 13, 1n); w.add('keccak fixture byte', 0, 1n); }),
    test('a keccak input byte that was not copied', (w) => w.add('keccak fixture byte', 1, 1n)),
    test('a log byte that was not copied', (w) => w.add('rw fixture valueLo', 15, 1n)),
    test('a memory byte that was not copied', (w) => w.add('rw fixture valueLo', 20, 1n)),
    test('a deployed code byte that was not in memory (the read agrees)', (w) => {
      w.add(col('value'), 20, 1n);
      w.add('rw fixture valueLo', 17, 1n);
      w.add('rw fixture valuePrevLo', 17, 1n);
    }),
    test('a precompile input byte that was not copied', (w) => w.add('precompile fixture byte', 1, 1n)),
    test('a precompile output byte that is not the output\'s (the memory write agrees)', (w) => { w.add(col('value'), 32, 1n); w.add('rw fixture valueLo', 26, 1n); }),
    test('the EVM looks up a copy that did not happen', (w) => w.add('evm fixture length', 0, 1n)),
    test('the EVM looks up another digest', (w) => w.add('evm fixture hashLo', 2, 1n)),
  ],
  exceptions: [
    { item: 'gate copy row/isByte is boolean', reason: 'not breakable alone: a non-boolean isByte scales the write lookup it gates and needs flag sums no carried type allows' },
    { item: 'gate copy row/inBound is boolean', reason: 'not breakable alone: a non-boolean inBound scales the read lookup it gates (a doubled tuple could hit another tag\'s row, so the rule stays) and shifts the in-bound count past the slack range' },
    { item: 'gate copy row/not both event and byte', reason: 'not breakable alone: such a row needs two flags per side, whose type sums the byte carries refuse' },
    { item: 'gate copy next/a byte row follows its event or a byte row', reason: 'implied: padding rows have type 0 (no flags), a byte row a non-zero type, and byte rows carry the previous row\'s types; kept as the explicit shape rule' },
    { item: 'lookup copy slack chunk 3', reason: 'not breakable alone: the top byte has no byte above it to compensate, so a non-byte top chunk also breaks the decomposition or the slack rule' },
  ],
  allow: [PADDING, ...FIXTURE_COLUMNS.map((column) => ({
    kind: 'cells' as const, column, rows: () => true, reason: 'a fixture column: an unconstrained stand-in table or consumer (test scaffolding, not the circuit)',
  }))],
};

export const copyTargets: readonly SoundnessTarget[] = [copy];
