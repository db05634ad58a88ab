/**
 * Tx family (circuits/tx): three txs (legacy without calldata, 2930 with 56 bytes of calldata, the L1 deposit) over
 * the fixture tables of circuits/tx/examples.ts (keccak and signature tables constrained by nothing), k = 10.
 *
 * Negatives: single-cell edits (CELL_EDITS), attacks on the table's values, and forged encodings — a tx re-signed
 * or re-encoded (v + 2^128, another chain's id, a stream that is a suffix of its hash input, type-byte and length
 * lies, non-canonical zero) built as a witness (withSignedStream: the keccak fixture hashes the new bytes, the
 * digest follows) and posed as edits of the honest one (forgedEdits in types.ts), so that only the rule under attack objects.
 * The rest are exceptions with their reasons: implied by other rules (the argument given), or not isolated (a
 * search of single-cell edits found none; the rule that objects with them named).
 */
import { frInv } from '../../../circuits/field/fr-scalar.js';
import { splitWord } from '../../../circuits/gadgets/index.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { SUMMARY_TAGS, txWitness, type DecoderRow } from '../../../circuits/witness/tx.js';
import { columnByName, listItems, liveReaders, synthesizeVariant } from '../engine.js';
import type { Assignment } from '../../../circuits/plonk/index.js';
import { cellEdit, forgedEdits, type AllowRule, type CircuitRun, type ItemException, type NegativeTest, type SoundnessTarget, type WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS, depositTransaction } from '../../../node/l1/bridge.js';
import { RLP } from '@ethereumjs/rlp';
import { createTxFromRLP } from '@ethereumjs/tx';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { TxWithFixtures } from '../../../circuits/tx/examples.js';
import { BASE_FEE, KEY, calldata, common, signedTx, txTrace } from './signed-txs.js';

const CAPACITY = 4;
const params = { capacity: CAPACITY, bridgeAddress: BigInt(BRIDGE_ADDRESS.toString()), chainId: DEV_CHAIN_ID };
const deposit = () => txTrace(createTxFromRLP(depositTransaction({ nonce: 0n, to: '0x00000000000000000000000000000000000000aa', value: 123n } as never, common, BASE_FEE), { common }), 0);
const traces = () => [txTrace(signedTx({ type: 0, nonce: 0n, data: calldata(0) }), 0), txTrace(signedTx({ type: 1, nonce: 300n, data: calldata(56) }), 1), deposit()];
const circuit = () => new TxWithFixtures(traces(), params);

const W = circuit().witness;
const START = CAPACITY * SUMMARY_TAGS.length;
const machineRow = (pick: (r: DecoderRow) => boolean) => START + W.decoder.findIndex(pick);
const fieldRow = (txId: number, tag: TxFieldTag) => (txId - 1) * SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(tag);
const itemEnd = (txId: number, signing: 0 | 1, tag: number) => machineRow((r) => r.txId === BigInt(txId) && r.signing === BigInt(signing) && r.tag === BigInt(tag) && r.end === 1n);
const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });

/**
 * Rewrites the byte of machine row `row` (and its keccak fixture row, and the row's inverse) to `byte`, both
 * non-zero (a calldata byte's running value follows): the stream's hash still matches (the fixture's digest is
 * not recomputed), so what objects is what reads the byte's meaning.
 */
function rewriteByte(w: WitnessEditor, row: number, byte: bigint): void {
  const r = W.decoder[row - START];
  const input = Number(r.keccakId) - 1;
  const fixtureRow = W.keccakInputs.slice(0, input).reduce((n, b) => n + b.length + 1, 0) + Number(r.idx);
  w.set('keccak fixture byte', fixtureRow, byte);
  w.set('tx rlp byte', row, byte);
  w.set('tx rlp inv', row, frInv(byte));
  // a payload byte also moves its item's running value (kept for every item, read only for numbers)
  if (r.pay === 0n) return;
  for (let j = row, f = 1n; ; j++, f *= 256n) {
    w.set('tx rlp accLo', j, w.get('tx rlp accLo', j) + (byte - r.byte) * f);
    if (W.decoder[j - START].end === 1n) break;
  }
}

/**
 * Single-cell corruptions ("column@row + 1" or "column@row = v"), each refused by one item alone. The tool picked
 * them from every v + 1 / 0 / 2 edit of the chip's cells on the field rows of a real and a padding block and on
 * machine rows of every kind (first rows, headers, length bytes, number/address/calldata payloads, item and
 * stream ends, padding). Rows: field blocks from 0 (block 4 is padding), the machine from START = 84.
 */
const CELL_EDITS: readonly string[] = [
  'tx txId@3 + 1', 'tx tag@3 + 1', 'tx index@3 + 1', 'tx field recId@0 + 1', 'tx field inv@0 + 1',
  'tx valueLo@63 + 1', 'tx valueHi@63 + 1', 'tx field recId@66 + 1', 'tx valueHi@3 + 1', 'tx valueHi@13 + 1',
  'tx valueLo@14 + 1', 'tx valueHi@14 + 1', 'tx valueHi@16 + 1', 'tx field inv@82 + 1', 'tx valueLo@15 + 1',
  'tx valueHi@15 + 1', 'tx valueLo@20 + 1', 'tx valueHi@20 + 1', 'tx rlp single@85 + 1', 'tx rlp isList@243 + 1', 'tx rlp tag@84 + 1',
  'tx rlp accLo@84 + 1', 'tx rlp accHi@84 + 1', 'tx rlp cnt@84 + 1', 'tx rlp gas@84 + 1', 'tx rlp accLo@85 + 1',
  'tx rlp accHi@85 + 1', 'tx rlp cnt@85 + 1', 'tx rlp gas@85 + 1', 'tx rlp inv@84 + 1', 'tx rlp txId@671 + 1',
  'tx rlp keccakId@671 + 1', 'tx rlp signing@671 + 1', 'tx rlp txType@671 + 1', 'tx rlp idx@671 + 1',
  'tx rlp tag@671 + 1', 'tx rlp sc@671 + 1', 'tx rlp dt@671 + 1', 'tx rlp cn@671 + 1', 'tx rlp to@671 + 1',
  'tx rlp isS@671 + 1', 'tx rlp rem@671 + 1', 'tx rlp listRem@671 + 1', 'tx rlp accLo@671 + 1',
  'tx rlp accHi@671 + 1', 'tx rlp cnt@671 + 1', 'tx rlp gas@671 + 1', 'tx rlp sc@84 + 1', 'tx rlp dt@84 + 1',
  'tx rlp cn@85 + 1', 'tx rlp to@84 + 1', 'tx rlp isS@84 + 1', 'tx rlp rem@84 + 1', 'tx rlp listRem@243 + 1',
  'tx rlp accLo@243 + 1', 'tx rlp accHi@243 + 1', 'tx rlp cnt@243 + 1', 'tx rlp gas@243 + 1',
  'tx rlp plen@85 + 1', 'tx rlp constByte@84 + 1', 'tx rlp lenLeft@97 + 1', 'tx rlp isHi@84 + 1',
  'tx rlp top@84 + 1', 'tx rlp inv@97 + 1', 'tx rlp hashLo@84 + 1', 'tx rlp hashHi@84 + 1',
  'tx rlp dbyte@436 + 1', 'tx txId@84 + 1', 'tx tag@84 + 1', 'tx index@84 + 1', 'tx valueLo@84 + 1',
  'tx valueHi@84 + 1', 'tx rlp txId@85 + 1', 'tx rlp keccakId@243 + 1', 'tx rlp signing@85 + 1',
  'tx rlp txType@85 + 1', 'tx rlp idx@126 = 2', 'tx rlp rem@97 + 1', 'tx rlp cnt@97 + 1', 'tx rlp gas@97 + 1',
  'tx rlp accLo@97 + 1', 'tx rlp accHi@97 + 1', 'tx rlp tag@97 + 1', 'tx rlp sc@88 = 0', 'tx rlp dt@292 = 0',
  'tx rlp cn@97 + 1', 'tx rlp to@88 + 1', 'tx rlp isS@97 + 1', 'tx rlp listRem@86 + 1', 'tx rlp end@84 + 1',
  'tx rlp sc@86 = 0', 'tx rlp top@97 + 1', 'tx valueLo@5 + 1', 'tx valueLo@8 + 1', 'tx valueHi@12 + 1',
];

/**
 * Tx 2 (type 1) re-encoded with v + 2^128: the same signature (v's low half still gives the recId, so the sender
 * recovers), another signed encoding and tx hash — a second valid hash of one signed tx.
 */
function sigVPlus2To128(): CircuitRun {
  const txs = traces();
  const honest = txs[1]!;
  const items = RLP.decode(honest.raw.subarray(1)) as Uint8Array[];
  const v = honest.v + (1n << 128n);
  items[8] = Uint8Array.from(Buffer.from(v.toString(16).padStart(34, '0'), 'hex'));
  const raw = Uint8Array.from([honest.raw[0]!, ...RLP.encode(items)]);
  txs[1] = { ...honest, raw, v, hash: `0x${bytesToHex(keccak_256(raw))}` };
  const w = txWitness(txs, params);
  w.summary.find((r) => r.txId === 2n && r.tag === BigInt(TxFieldTag.CallerAddress))!.recId = honest.v;
  return { circuit: new TxWithFixtures(txs, params, w), k: 10, instances: [] };
}

/**
 * A 2930 tx signed by its sender for chain DEV + 2^128, in the dev chain's circuit: the chain id's low half is the
 * rollup's, only the high half differs — a replay from another chain. @ethereumjs's Common keeps chain ids below
 * 2^53, so the payload is encoded and signed here (@noble/curves).
 */
function chainIdPlus2To128(): CircuitRun {
  const chainId = DEV_CHAIN_ID + (1n << 128n);
  const txs = traces();
  const honest = txs[1]!;
  const items = RLP.decode(honest.raw.subarray(1)) as Uint8Array[];
  items[0] = hexToBytes(chainId.toString(16).padStart(34, '0'));
  const payload = Uint8Array.from([1, ...RLP.encode(items.slice(0, 8))]);
  const signingHash = keccak_256(payload);
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(signingHash, KEY, { prehash: false, format: 'recovered' }), 'recovered');
  const v = BigInt(sig.recovery!);
  const raw = Uint8Array.from([1, ...RLP.encode([...items.slice(0, 8), bigIntBytes(v), bigIntBytes(sig.r), bigIntBytes(sig.s)])]);
  txs[1] = { ...honest, raw, v, r: sig.r, s: sig.s, hash: `0x${bytesToHex(keccak_256(raw))}`, signingHash: `0x${bytesToHex(signingHash)}` };
  // the witness builder refuses a tx of another chain in a batch of the dev chain's: tx 2 is built alone and put in its place
  const alone = txWitness([txs[1]], { ...params, chainId, firstKeccakId: 3 });
  const w = structuredClone(W);
  const at = w.decoder.findIndex((r) => r.txId === 2n);
  w.decoder.splice(at, w.decoder.filter((r) => r.txId === 2n).length, ...alone.decoder.map((r) => ({ ...r, txId: 2n })));
  w.keccakInputs.splice(2, 2, ...alone.keccakInputs);
  w.summary.splice(fieldRow(2, TxFieldTag.Nonce), SUMMARY_TAGS.length, ...alone.summary.slice(0, SUMMARY_TAGS.length).map((r) => ({ ...r, txId: 2n })));
  return { circuit: new TxWithFixtures(txs, params, w), k: 10, instances: [] };
}

/** Minimal big-endian bytes (RLP's number encoding). */
const bigIntBytes = (x: bigint) => (x === 0n ? new Uint8Array() : hexToBytes(x.toString(16).padStart(Math.ceil(x.toString(16).length / 2) * 2, '0')));

/**
 * The honest witness with tx `txId`'s signed encoding rewritten by `edit` (its machine rows — which it may change,
 * add or drop — and its keccak input), the digest recomputed on the stream's last row and in the table's TxHash
 * row: the keccak fixture hashes the new input, so only the rule that reads what changed objects.
 */
function withSignedStream(txId: number, edit: (rows: DecoderRow[], input: Uint8Array) => [DecoderRow[], Uint8Array]): () => CircuitRun {
  return () => {
    const w = structuredClone(W);
    const at = w.decoder.findIndex((r) => r.txId === BigInt(txId) && r.signing === 0n);
    const length = w.decoder.filter((r) => r.txId === BigInt(txId) && r.signing === 0n).length;
    const id = Number(w.decoder[at]!.keccakId);
    const [rows, input] = edit(w.decoder.slice(at, at + length), w.keccakInputs[id - 1]!);
    w.decoder.splice(at, length, ...rows);
    w.keccakInputs[id - 1] = input;
    const [hashLo, hashHi] = splitWord(BigInt(`0x${bytesToHex(keccak_256(input))}`));
    Object.assign(rows[rows.length - 1]!, { hashLo, hashHi });
    Object.assign(w.summary[fieldRow(txId, TxFieldTag.TxHash)]!, { valueLo: hashLo, valueHi: hashHi });
    return { circuit: new TxWithFixtures(circuit().txs, params, w), k: 10, instances: [] };
  };
}

/**
 * The stream with its first length byte of the list header (`list`) or of the calldata item raised by 1: with
 * `recount` the count it starts (listRem or rem) is 1 higher on every row after it, so one byte is still owed where
 * it ends; without, the count no longer follows the byte.
 */
function oneMoreAnnounced(list: boolean, recount = true): (rows: DecoderRow[], input: Uint8Array) => [DecoderRow[], Uint8Array] {
  return (rows, input) => {
    const at = rows.findIndex((r) => r.lenRow === 1n && (list ? r.isList === 1n : r.dt === 1n));
    const byte = rows[at]!.byte + 1n;
    const count = list ? 'listRem' : 'rem';
    const out = rows.map((r, i) => (!recount || i < at || (!list && r.dt !== 1n) ? r : { ...r, [count]: r[count] + 1n }));
    out[at] = { ...out[at]!, byte, inv: frInv(byte) };
    const bytes = Uint8Array.from(input);
    bytes[Number(rows[at]!.idx)] = Number(byte);
    return [out, bytes];
  };
}

/** Stream rows with byte indexes shifted by `by`. */
const shifted = (rows: DecoderRow[], by: bigint) => rows.map((r) => ({ ...r, idx: r.idx + by }));

const row = (rule: string) => `gate tx rlp row/${rule}`;
const next = (rule: string) => `gate tx rlp next/${rule}`;
const because = (reason: string, ...items: string[]): ItemException[] => items.map((item) => ({ item, reason }));
/** Searched (a scratch run of the local verifier): every chip column set to 0, 1, 2, r − 1 or v ± 1 on a row of every kind. */
const NOT_ISOLATED = 'not isolated: no single-cell edit (every column to 0, 1, 2, r − 1, v ± 1 on a row of every kind) is refused by it alone, and no forged encoding was built for it; its lies are also refused by';

/**
 * Items no negative test isolates, each with why. Most are implied by the others (a lie against them breaks another
 * rule too, by the argument given) and stay as explicit, cheap checks; the rest name the rule that always
 * objects with them.
 */
const EXCEPTIONS: readonly ItemException[] = [
  ...because('implied: real is constant over a block (the carry rule) and the block\'s sender row looks (real, …) up with real as the signature table\'s `enabled` pair, a fixed 0/1 column, so a real outside {0, 1} finds no row',
    'gate tx field/real is boolean'),
  ...because('implied: a real block b needs the streams of tx b (hashes lookup), stream tx ids count up from 1 by signed tx, and each stream looks its numbers up under its tx id, which a padding block (txId = 0) does not hold: every block before a real one is real',
    'gate tx field block/real blocks come first'),
  // row kinds: typeRow, pfx, lenRow, pay
  ...because('implied on padding rows (active = 0) by the row-kind booleans and "one row kind": a kind flag of 1 makes active 1',
    row('padding: typeRow = 0'), row('padding: pfx = 0'), row('padding: lenRow = 0'), row('padding: pay = 0')),
  ...because(`${NOT_ISOLATED} the row-kind booleans or padding rules and the stream carries (a second kind on a row changes \`active\`, which every carry reads)`,
    row('one row kind')),
  // flags zeroed off their row kinds by an "only on" rule, boolean where they may be non-zero by a 0/1 table or a definition
  ...because('implied on padding rows by "isList only on a prefix or length byte"', row('padding: isList = 0')),
  ...because('implied on padding rows by "single only on a prefix"', row('padding: single = 0')),
  ...because('implied on padding rows by "top only on a number\'s payload"', row('padding: top = 0')),
  ...because('implied on padding rows by "isHi only on a number\'s payload"', row('padding: isHi = 0')),
  ...because('implied on padding rows by "constByte only on a constant item\'s prefix"', row('padding: constByte = 0')),
  ...because('implied on padding rows by "lenLeft only on a header"', row('padding: lenLeft = 0')),
  ...because('implied on padding rows by "plen only on a prefix"', row('padding: plen = 0')),
  ...because('implied on padding rows by "digest only on the last row" (last = 0 there)', row('padding: hashLo = 0'), row('padding: hashHi = 0')),
  ...because('implied on padding rows by "dbyte = calldata byte row" (dt = 0 and pay = single = 0 there)', row('padding: dbyte = 0')),
  ...because('implied on padding rows: "nz = byte · inv" with byte = 0', row('padding: nz = 0')),
  ...because('implied on padding rows: "inv = 0 when byte = 0" with nz = 0', row('padding: inv = 0')),
  ...because('implied on padding rows: "nz = 1 unless byte = 0" makes nz = 1, which "padding: nz = 0" refuses', row('padding: byte = 0')),
  ...because('implied: "a stream starts with its type byte or list header" makes a first row active', row('padding: first = 0')),
  ...because('implied: "last = the next row starts a stream or is padding" gives an inactive row last = 0 (and "the last row is padding" the last machine row)', row('padding: last = 0')),
  ...because('implied: "end = the item ends here" gives a row outside items end = 0 (and "the last row is padding" the last machine row)', row('padding: end = 0')),
  ...because('implied: off its prefix and length rows "isList only on a prefix or length byte" zeroes it; on a prefix row the prefix lookup (a table of 0/1 list flags) or, on a constant item, "no tag outside items" with the item order lookup, pins it; length bytes carry the prefix\'s ("length byte: same header")',
    row('isList is boolean')),
  ...because(`${NOT_ISOLATED} "single only on a prefix" (off prefix rows) or the prefix lookup (0/1 single flags, on the prefixes of non-constant items)`,
    row('single is boolean')),
  ...because('implied: "isHi/top only on a number\'s payload" zeroes it elsewhere and the number split lookup (0/1 columns) pins it on a number\'s payload',
    row('isHi is boolean'), row('top is boolean')),
  ...because('implied: the item order lookup (a ROM of 0/1 item flags) pins it on an item\'s prefix, "item: … as on the previous row" carries it through the item, and "no … outside items" / "padding: … = 0" zero it elsewhere',
    row('sc is boolean'), row('dt is boolean'), row('cn is boolean'), row('to is boolean'), row('isS is boolean')),
  ...because(`${NOT_ISOLATED} "end = the item ends here", which defines it from the next row's 0/1 kind flags on every machine row but the last (there "the last row is padding" reads it)`, row('end is boolean')),
  ...because(`${NOT_ISOLATED} "last = the next row starts a stream or is padding", which defines it from the 0/1 kind flags on every machine row but the last (there "the last row is padding" reads it)`, row('last is boolean')),
  ...because(`${NOT_ISOLATED} the row-kind rules ("one row kind", the padding rules) and the stream carries`, row('typeRow is boolean'), row('pfx is boolean'), row('lenRow is boolean'), row('pay is boolean')),
  // stream and item shape: every lie these refuse moves a boundary that another rule also reads
  ...because(`${NOT_ISOLATED} the stream-boundary rules ("a stream starts at index 0", "last = the next row starts a stream or is padding", the tx id and signing-pair rules)`,
    row('a stream starts with its type byte or list header')),
  ...because(`${NOT_ISOLATED} "length byte: same header" or the prefix lookup (a stream opened by an item prefix leaves the list length unread)`,
    row('the first prefix is the list header')),
  ...because(`${NOT_ISOLATED} "a prefix follows the type byte" or the stream carries (a second type byte inside a stream)`, row('a type byte only first')),
  ...because(`${NOT_ISOLATED} the prefix lookup: the header byte fixes plen, and a list length other than plen leaves bytes owed at the stream's end`,
    row('list header: list length = prefix length')),
  ...because(`${NOT_ISOLATED} the prefix lookup: the header byte fixes plen, and an item length other than plen leaves bytes owed at the item's end`,
    row('item prefix: item length = prefix length')),
  ...because(`${NOT_ISOLATED} "item prefix: item length = prefix length" (a constant item's rem is its plen)`, row('constant item: no length')),
  ...because(`${NOT_ISOLATED} "length bytes: all read" (announced length bytes must follow)`, row('constant item: no length bytes')),
  ...because(`${NOT_ISOLATED} "payload: count up" or the calldata length and is-create lookup (the address's byte count is its IsCreate/CalleeAddress rows')`,
    row('to is empty or 20 bytes')),
  ...because(`${NOT_ISOLATED} "a stream ends with nothing left" or the keccak digest lookup (an unmarked stream end leaves its digest unread)`,
    next('last = the next row starts a stream or is padding')),
  ...because(`${NOT_ISOLATED} the padding rules and "a stream starts on the first row" (a stream after padding rows needs non-zero cells on them or a first row)`,
    next('no stream after padding')),
  ...because(`${NOT_ISOLATED} "stream: signing as on the previous row" or "tx ids count up by signed tx"`, next('the signing payload follows the signed tx')),
  ...because(`${NOT_ISOLATED} "stream: txId as on the previous row" or the type lookup (a stream's tx id names the table row of its type)`, next('tx ids count up by signed tx')),
  ...because(`${NOT_ISOLATED} "a type byte only first", "a type byte only for types 1 and 2" or the stream carries`, next('a prefix follows the type byte')),
  ...because(`${NOT_ISOLATED} "length byte: same header", the list count or the item order and prefix lookups`, next('the list header follows the type byte')),
  ...because(`${NOT_ISOLATED} "no tag outside items", "no cn outside items" or "end = the item ends here"`, next('a list header only at the start')),
  ...because(`${NOT_ISOLATED} the padding rules, "isList only on a prefix or length byte" or "lenLeft only on a header"`, next('a length byte follows a prefix or length byte')),
  ...because(`${NOT_ISOLATED} "the first prefix is the list header" or the prefix lookup (the header's isList)`, next('length byte: same header')),
  ...because(`${NOT_ISOLATED} "length bytes: all read"`, next('length byte: count down')),
  ...because(`${NOT_ISOLATED} the prefix lookup (a header's lenLeft is its byte's)`, next('length bytes: all read')),
  ...because(`${NOT_ISOLATED} "no tag/dt/rem outside items" or the length-byte rules (a payload row needs item cells, which rows outside items may not hold)`, next('payload follows its item')),
  ...because(`${NOT_ISOLATED} "item: sc as on the previous row" or the number split lookup; the witness builder refuses non-canonical numbers`, next('a number has no leading zero')),
  ...because(`${NOT_ISOLATED} "the first tx is tx 1" (both read the first row's first flag)`, 'gate tx rlp first row/a stream starts on the first row (or none does)'),
  ...because(`${NOT_ISOLATED} "a stream starts on the first row" (both read the first row)`, 'gate tx rlp first row/the first tx is tx 1'),
  ...because(`${NOT_ISOLATED} "stream: signing as on the previous row"`, 'gate tx rlp first row/the first stream is a signed tx'),
  ...because('not isolated: the last machine row is padding in every honest witness; a kind flag, end or last set there is also refused by the padding rules, and a stream that reaches it would need the whole tail of the machine active',
    'gate tx rlp last row/the last row is padding'),
  ...because(`${NOT_ISOLATED} the keccak digest lookup (both read a stream's last row)`, 'lookup tx rlp list end'),
  ...because(`${NOT_ISOLATED} "length byte: count down" or the prefix lookup; the witness builder refuses non-canonical lengths`, 'lookup tx rlp canonical length'),
  ...because(`${NOT_ISOLATED} the item-end rules or the field value lookup; the witness builder refuses a byte below 0x80 wrapped as a 1-byte string`, 'lookup tx rlp one-byte string'),
  ...because(`${NOT_ISOLATED} the number split lookup on s's top byte; the witness builder refuses a high s (EIP-2), so test/circuits/tx/tx.test.ts ("a high s") checks the machine names this lookup`, 'lookup tx rlp low s'),
  ...because(`${NOT_ISOLATED} the first-row rules ("a stream starts on the first row", "the first tx is tx 1") and the type lookup, which reads first`, row('first is boolean')),
];

/** The items that read an access list's rows (its own gates and lookups, and its columns' padding and carry rules). */
const AL_COLUMNS = ['al', 'entryHead', 'entryLen', 'keysHead', 'keysLen', 'addrByte', 'keyByte', 'alPre', 'addrEnd', 'keyEnd', 'hLeft', 'entryRem', 'keysRem', 'alCnt', 'alIdx', 'alGas', 'alLo', 'alHi', 'alIsHi'];
const isAccessListItem = (item: string): boolean => (/access list/.test(item) && !item.startsWith('gate tx access list/')) || AL_COLUMNS.some((c) => item === row(`padding: ${c} = 0`))
  || item === row('no al outside items') || item === row('al is boolean') || item === next('item: al as on the previous row');

/**
 * Access lists (EIP-2930) of two real txs: type 2 with [[A, [k1, k2]], [A, []]] (long-form entry and keys headers, the
 * address twice, an empty key list), type 1 with [[B, [2^256 − 1]]]; the same circuit as the tx target, whose
 * witness has only empty lists: each target guards the items the other's witness cannot reach.
 */
const AL_A = '0x00112233445566778899aabbccddeeff00112233';
const AL_B = `0x${'ab'.repeat(20)}` as const;
const alKey = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}` as const;
const alTraces = () => [
  txTrace(signedTx({ type: 2, nonce: 0n, data: calldata(0), accessList: [{ address: AL_A, storageKeys: [alKey(1n), alKey(2n ** 200n + 7n)] }, { address: AL_A, storageKeys: [] }] }), 0),
  txTrace(signedTx({ type: 1, nonce: 1n, data: calldata(0), accessList: [{ address: AL_B, storageKeys: [alKey(2n ** 256n - 1n)] }] }), 1),
];
const AL_PARAMS = { ...params, capacity: 2 };
const alCircuit = () => new TxWithFixtures(alTraces(), AL_PARAMS);
const AL_START = AL_PARAMS.capacity * SUMMARY_TAGS.length;
const AL_W = alCircuit().witness;
const alRow = (pick: (r: DecoderRow) => boolean, nth = 0) => AL_START + AL_W.decoder.flatMap((r, i) => (pick(r) ? [i] : []))[nth]!;
const alField = (txId: number, tag: TxFieldTag) => (txId - 1) * SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(tag);

/** Single-cell edits of the access-list rows, each refused by one item alone (scripts/soundness/search.ts tx-access-list). */
const AL_CELL_EDITS: readonly string[] = [
  'tx rlp hLeft@91 + 1',
  'tx rlp entryRem@91 + 1',
  'tx rlp keysRem@91 + 1',
  'tx rlp alCnt@91 + 1',
  'tx rlp alIdx@91 + 1',
  'tx rlp alGas@91 + 1',
  'tx rlp alLo@91 + 1',
  'tx rlp alHi@91 + 1',
  'tx rlp alIsHi@91 + 1',
  'tx rlp al@92 = 0',
  'tx rlp keysRem@93 + 1',
  'tx rlp alIdx@93 + 1',
  'tx rlp alGas@93 + 1',
  'tx rlp hLeft@95 + 1',
  'tx rlp entryRem@95 + 1',
  'tx rlp alIsHi@95 + 1',
  'tx rlp alCnt@96 + 1',
  'tx rlp alLo@96 + 1',
  'tx rlp alHi@96 + 1',
  'tx rlp keysRem@118 + 1',
  'tx rlp alIsHi@118 = 2',
  'tx rlp alIsHi@119 = 0',
  'tx rlp al@439 + 1',
  'tx rlp al@718 + 1',
  // an item's counters on an entry header and a keys length row (read by no other rule there)
  'tx rlp alCnt@325 = 1',
  'tx rlp alLo@326 = 1',
  'tx rlp alHi@349 = 1',
];
/** As NOT_ISOLATED, for the access-list rows: searched on rows of every access-list kind (scripts/soundness/search.ts's EditSearch). */
const NOT_ISOLATED_AL = 'not isolated: no single-cell edit (the access-list columns, the byte and the table cells to 0, 1, 2 or v + 1, on rows of every access-list kind) is refused by it alone; its lies are also refused by';
/** Access-list items no negative isolates, each with the rules that refuse its lies too (or the rule that implies it). */
const AL_EXCEPTIONS: readonly ItemException[] = [
  ...because(`${NOT_ISOLATED_AL} "item: al as on the previous row", "one access-list kind on its payload rows, none elsewhere"`,
    'gate tx rlp row/al is boolean'),
  ...because('implied on padding rows (pay = 0) by "one access-list kind on its payload rows, none elsewhere" with the kind booleans',
    'gate tx rlp row/padding: entryHead = 0', 'gate tx rlp row/padding: entryLen = 0', 'gate tx rlp row/padding: keysHead = 0', 'gate tx rlp row/padding: keysLen = 0', 'gate tx rlp row/padding: addrByte = 0', 'gate tx rlp row/padding: keyByte = 0'),
  ...because('implied on padding rows by "alPre, ends, alIsHi only on address or key bytes" (no kind flag there)',
    'gate tx rlp row/padding: alPre = 0', 'gate tx rlp row/padding: addrEnd = 0', 'gate tx rlp row/padding: keyEnd = 0', 'gate tx rlp row/padding: alIsHi = 0'),
  ...because('implied on padding rows by "hLeft = 0 off the access list" (no kind flag there)',
    'gate tx rlp row/padding: hLeft = 0'),
  ...because('implied on padding rows by "entryRem = 0 off the access list" (no kind flag there)',
    'gate tx rlp row/padding: entryRem = 0'),
  ...because('implied on padding rows by "keysRem = 0 off the access list" (no kind flag there)',
    'gate tx rlp row/padding: keysRem = 0'),
  ...because('implied on padding rows by "alCnt = 0 off the access list" (no kind flag there)',
    'gate tx rlp row/padding: alCnt = 0'),
  ...because('implied on padding rows by "alIdx = 0 off the access list" (no kind flag there)',
    'gate tx rlp row/padding: alIdx = 0'),
  ...because('implied on padding rows by "alGas = 0 off the access list" (no kind flag there)',
    'gate tx rlp row/padding: alGas = 0'),
  ...because('implied on padding rows by "alLo = 0 off the access list" (no kind flag there)',
    'gate tx rlp row/padding: alLo = 0'),
  ...because('implied on padding rows by "alHi = 0 off the access list" (no kind flag there)',
    'gate tx rlp row/padding: alHi = 0'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "the address follows its entry header", the rlp access list header lookup`,
    'gate tx rlp access list/entryHead is boolean'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "entryRem = 0 off the access list", "length byte: hLeft counts down", "entry length byte: big-endian"`,
    'gate tx rlp access list/entryLen is boolean'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "keys header after an address", "entry payload: entryRem counts down", the rlp access list header lookup`,
    'gate tx rlp access list/keysHead is boolean'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "keys length byte after the keys prefix or length byte", "length byte: hLeft counts down", "keys length byte: big-endian", "entry payload: entryRem counts down"`,
    'gate tx rlp access list/keysLen is boolean'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "entryRem = 0 off the access list", "alCnt = 0 off the access list", "address byte after an address byte", "an address goes on to its 20th byte"`,
    'gate tx rlp access list/addrByte is boolean'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "entryRem = 0 off the access list", "alCnt = 0 off the access list", "key byte after a key byte", "a key goes on to its 32nd byte", "key bytes: keysRem counts down", the rlp access list key split lookup`,
    'gate tx rlp access list/keyByte is boolean'),
  ...because(`${NOT_ISOLATED_AL} "address byte after an address byte", "address or key byte: alCnt counts up", "address or key byte: value lo"`,
    'gate tx rlp access list/alPre is boolean'),
  ...because(`${NOT_ISOLATED_AL} "table: txId", "table: tag", "alPre, ends, alIsHi only on address or key bytes", "addrEnd: an address's 20th byte", "an address goes on to its 20th byte", "the keys list follows its address"`,
    'gate tx rlp access list/addrEnd is boolean'),
  ...because(`${NOT_ISOLATED_AL} "key prefix after the keys header or a key", "alIdx counts the items before", "alGas: 2400 per address, 1900 per key before", the access list item lookup`,
    'gate tx rlp access list/keyEnd is boolean'),
  ...because(`${NOT_ISOLATED_AL} "item: al as on the previous row"`,
    'gate tx rlp access list/one access-list kind on its payload rows, none elsewhere'),
  ...because(`${NOT_ISOLATED_AL} "prefix: alCnt = 0", "address prefix after the entry header"`,
    'gate tx rlp access list/prefix byte: 0x94 (address) or 0xa0 (key)'),
  ...because(`${NOT_ISOLATED_AL} "address or key byte: alCnt counts up"`,
    'gate tx rlp access list/prefix: alCnt = 0', 'gate tx rlp access list/addrEnd: an address\'s 20th byte'),
  ...because(`${NOT_ISOLATED_AL} "address or key byte: value lo"`,
    'gate tx rlp access list/prefix: alLo = 0'),
  ...because(`${NOT_ISOLATED_AL} "address or key byte: value hi"`,
    'gate tx rlp access list/prefix: alHi = 0'),
  ...because(`${NOT_ISOLATED_AL} "address or key byte: alCnt counts up", the rlp access list key split lookup`,
    'gate tx rlp access list/keyEnd: a key\'s 32nd byte'),
  ...because(`${NOT_ISOLATED_AL} "entry payload: entryRem counts down"`,
    'gate tx rlp access list/the list ends with its entry', 'gate tx rlp access list next/an entry starts after the last one ends (entry)'),
  ...because(`${NOT_ISOLATED_AL} the rlp access list header lookup`,
    'gate tx rlp access list/the list ends with its keys', 'gate tx rlp access list next/length byte: hLeft counts down', 'gate tx rlp access list next/entry length byte: big-endian', 'gate tx rlp access list next/keys length byte: big-endian'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "hLeft = 0 off the access list"`,
    'gate tx rlp access list next/entry length byte after the entry prefix or length byte'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "entry payload: entryRem counts down", the rlp access list header lookup`,
    'gate tx rlp access list next/keys header after an address'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "length byte: hLeft counts down", "keys length byte: big-endian", "entry payload: entryRem counts down"`,
    'gate tx rlp access list next/keys length byte after the keys prefix or length byte'),
  ...because(`${NOT_ISOLATED_AL} "prefix byte: 0x94 (address) or 0xa0 (key)", "prefix: alCnt = 0"`,
    'gate tx rlp access list next/address prefix after the entry header', 'gate tx rlp access list next/key prefix after the keys header or a key'),
  ...because(`${NOT_ISOLATED_AL} "address or key byte: alCnt counts up", "address or key byte: value lo"`,
    'gate tx rlp access list next/address byte after an address byte'),
  ...because(`${NOT_ISOLATED_AL} "address or key byte: alCnt counts up", "address or key byte: value lo", the rlp access list key split lookup`,
    'gate tx rlp access list next/key byte after a key byte'),
  ...because(`${NOT_ISOLATED_AL} "key bytes: keysRem counts down"`,
    'gate tx rlp access list next/an entry starts after the last one ends (keys)'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "entryRem = 0 off the access list", "alCnt = 0 off the access list", "address byte after an address byte"`,
    'gate tx rlp access list next/an address goes on to its 20th byte'),
  ...because(`${NOT_ISOLATED_AL} "table: txId", "table: tag", "alPre, ends, alIsHi only on address or key bytes", "keyEnd: a key's 32nd byte"`,
    'gate tx rlp access list next/a key goes on to its 32nd byte'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", "alIdx = 0 off the access list", "alGas = 0 off the access list"`,
    'gate tx rlp access list next/the keys list follows its address'),
  ...because(`${NOT_ISOLATED_AL} "length byte: hLeft counts down"`,
    'gate tx rlp access list next/header length bytes: all read (entry)', 'gate tx rlp access list next/header length bytes: all read (keys)', 'lookup tx rlp access list header'),
  ...because(`${NOT_ISOLATED_AL} "one access-list kind on its payload rows, none elsewhere", the rlp access list header lookup`,
    'gate tx rlp access list next/the address follows its entry header'),
  ...because(`${NOT_ISOLATED_AL} "length byte: hLeft counts down", the rlp access list header lookup`,
    'lookup tx rlp access list canonical length'),
  ...because(`${NOT_ISOLATED_AL} "table: txId"`,
    'lookup tx access list item'),
];

/** Cells of `column` in `run`'s witness on which no rule depends (checked on that witness, not assumed). */
export function unreadCells(run: () => CircuitRun, column: string, reason: string): AllowRule {
  let honest: Assignment | undefined;
  return { kind: 'cells', column, rows: (row) => liveReaders(honest ??= synthesizeVariant(run()), column, row).length === 0, reason };
}
/**
 * The tx field inverse cells where no rule depends on them: a deposit's IsL1Message row, whose caller is the bridge, so
 * (caller − bridge)·inv = 0 whatever inv is (found by the tx-count target's fuzz, row 56). For every target built on the tx chip.
 */
export const unreadInverse = (run: () => CircuitRun): AllowRule => unreadCells(run, 'tx field inv',
  'an IsZero-style inverse of a zero difference (the deposit\'s caller = the bridge): no gate, lookup or copy depends on the cell on this row');
const UNREAD_INVERSE = unreadInverse(() => tx.honest());

/**
 * A type-2 tx's GasPrice cells (EIP-1559's effective price, min(max fee, base fee + tip)): the tx circuit leaves them
 * to the EVM circuit (chip.ts: the price needs the block's base fee; BeginTxGasPrice binds it), so a target of the tx
 * chip without the EVM has them unread where no rule depends on them. For every target built on the tx chip (found
 * by the withdrawals target's deep fuzz, row 23; the tx target's fixture has one at row 44).
 */
export function type2GasPrice(run: () => CircuitRun): AllowRule[] {
  let honest: Assignment | undefined;
  const rows = (column: string) => (row: number): boolean => {
    const a = honest ??= synthesizeVariant(run());
    const [txId, tag, lo] = ['tx txId', 'tx tag', 'tx valueLo'].map((name) => a.advice[columnByName(a.cs, name).index]!);
    if (tag![row] !== BigInt(TxFieldTag.GasPrice)) return false;
    const typeRow = tag!.findIndex((t, r) => t === BigInt(TxFieldTag.Type) && txId![r] === txId![row]);
    return typeRow >= 0 && lo![typeRow] === 2n && liveReaders(a, column, row).length === 0;
  };
  return ['tx valueLo', 'tx valueHi'].map((column): AllowRule => ({
    kind: 'cells', column, rows: rows(column),
    reason: 'a type-2 tx\'s GasPrice: bound by the EVM circuit\'s BeginTxGasPrice (min(max fee, base fee + tip), the base fee from the block table), not by the tx circuit; no rule of this composition depends on it',
  }));
}

export const tx: SoundnessTarget = {
  name: 'tx',
  family: 'tx',
  description: 'circuits/tx: tx table from signed txs through the RLP state machine (keccak and signature tables are fixtures here)',
  honest: () => ({ circuit: circuit(), k: 10, instances: [] }),
  negatives: [
    test('wrong nonce in the table', (w) => w.set('tx valueLo', fieldRow(2, TxFieldTag.Nonce), 2n)),
    test('wrong value hi in the table', (w) => w.set('tx valueHi', fieldRow(1, TxFieldTag.Value), 1n)),
    test('nonce item read as the gas limit', (w) => w.set('tx rlp tag', itemEnd(1, 0, TxFieldTag.Nonce), BigInt(TxFieldTag.GasLimit))),
    test('sender changed', (w) => w.set('tx valueLo', fieldRow(2, TxFieldTag.CallerAddress), 1n)),
    test('deposit not marked', (w) => w.set('tx valueLo', fieldRow(3, TxFieldTag.IsL1Message), 0n)),
    test('legacy fee cap ≠ gas price', (w) => w.set('tx valueLo', fieldRow(1, TxFieldTag.MaxFeePerGas), 1n)),
    test('wrong tx hash', (w) => w.set('tx valueHi', fieldRow(3, TxFieldTag.TxHash), 1n)),
    test('low-s inverse', (w) => w.set('tx field inv', fieldRow(2, TxFieldTag.SigS), 0n)),
    // the fixtures are unconstrained, so an edit there is a lie one lookup alone must catch
    test('a stream byte the keccak table does not hold', (w) => w.set('keccak fixture byte', 5, w.get('keccak fixture byte', 5) ^ 1n)),
    test('a digest the keccak table does not hold', (w) => w.set('keccak fixture hashLo', W.keccakInputs[0].length, 1n)),
    test('a sender the signature table does not recover', (w) => w.set('sig fixture address', 1, 1n)),
    test('signing payload calldata that is not the signed tx\'s', (w) => {
      const row = machineRow((r) => r.txId === 2n && r.signing === 1n && r.dbyte === 1n && r.byte > 1n);
      rewriteByte(w, row, W.decoder[row - START].byte ^ 1n);
    }),
    test('a prefix byte that does not announce its item\'s length', (w) => {
      const row = itemEnd(2, 0, TxFieldTag.Nonce) - 2;
      rewriteByte(w, row, W.decoder[row - START].byte + 1n);
    }),
    test('an EIP-155 constant item (the signing payload\'s empty r) that is not its byte', (w) => {
      rewriteByte(w, machineRow((r) => r.txId === 1n && r.signing === 1n && r.cn === 1n && r.pfx === 1n), 0x81n);
    }),
    test('a user tx marked as an L1 message', (w) => { w.set('tx valueLo', fieldRow(1, TxFieldTag.IsL1Message), 1n); w.set('tx field inv', fieldRow(1, TxFieldTag.IsL1Message), 0n); }),
    forgedEdits('a signature re-encoded with v + 2^128 (same sender, another tx hash)', sigVPlus2To128),
    // no stream looks IsL1Message up: a real block may drop that row from the table only if real can change in a block
    test('a real block whose IsL1Message row is padding', (w) => { for (const c of ['tx field real', 'tx txId', 'tx tag']) w.set(c, fieldRow(1, TxFieldTag.IsL1Message), 0n); }),
    forgedEdits('a tx signed for chain DEV + 2^128 (the same low half)', chainIdPlus2To128),
    forgedEdits('a stream that decodes only a suffix of its hashed bytes (two bytes hashed before it)',
      withSignedStream(2, (rows, input) => [shifted(rows, 2n), Uint8Array.from([0xaa, 0xbb, ...input])])),
    forgedEdits('a type-1 tx whose signed encoding starts with type byte 2 (its hash over that byte)',
      withSignedStream(2, (rows, input) => [[{ ...rows[0]!, byte: 2n, inv: frInv(2n) }, ...rows.slice(1)], Uint8Array.from([2, ...input.subarray(1)])])),
    forgedEdits('a list header announcing one byte more than the stream has', withSignedStream(2, oneMoreAnnounced(true))),
    forgedEdits('calldata announcing one byte more than it has', withSignedStream(2, oneMoreAnnounced(false))),
    forgedEdits('a list length byte raised, the count kept', withSignedStream(2, oneMoreAnnounced(true, false))),
    forgedEdits('a calldata length byte raised, the count kept', withSignedStream(2, oneMoreAnnounced(false, false))),
    forgedEdits('an access list announced non-empty (0xc1) that the stream does not decode', withSignedStream(2, (rows, input) => {
      const at = rows.findIndex((r) => r.pfx === 1n && r.al === 1n);
      const bytes = Uint8Array.from(input);
      bytes[Number(rows[at]!.idx)] = 0xc1;
      return [rows.map((r, i) => (i === at ? { ...r, byte: 0xc1n, nz: 1n, inv: frInv(0xc1n) } : r)), bytes];
    })),
    forgedEdits('a zero nonce encoded as the single byte 0x00 (not 0x80)', withSignedStream(1, (rows, input) => {
      const at = rows.findIndex((r) => r.tag === BigInt(TxFieldTag.Nonce));
      const bytes = Uint8Array.from(input);
      bytes[Number(rows[at]!.idx)] = 0;
      return [rows.map((r, i) => (i === at ? { ...r, byte: 0n, single: 1n, plen: 0n, cnt: 1n, gas: 4n, nz: 0n, inv: 0n } : r)), bytes];
    })),
    test('a non-zero byte with nz = 0 (its inverse 0 too) on a type byte', (w) => { const r = machineRow((x) => x.typeRow === 1n); w.set('tx rlp nz', r, 0n); w.set('tx rlp inv', r, 0n); }),
    forgedEdits('a type-1 tx encoded without its type byte (the list header first)',
      withSignedStream(2, (rows, input) => [shifted([{ ...rows[1]!, first: 1n }, ...rows.slice(2)], -1n), input.subarray(1)])),
    forgedEdits('a legacy tx encoded behind a type byte 0', withSignedStream(1, (rows, input) => [
      [{ ...rows[0]!, idx: 0n, byte: 0n, typeRow: 1n, pfx: 0n, isList: 0n, plen: 0n, lenLeft: 0n, listRem: 0n, nz: 0n, inv: 0n }, ...shifted([{ ...rows[0]!, first: 0n }, ...rows.slice(1)], 1n)],
      Uint8Array.from([0, ...input]),
    ])),
    { name: 'txs of the dev chain in a circuit for another chain', inputs: () => ({ circuit: new TxWithFixtures(circuit().txs, { ...params, chainId: DEV_CHAIN_ID + 1n }, W), k: 10, instances: [] }) },
    ...CELL_EDITS.map(cellEdit),
  ],
  allow: [PADDING, UNREAD_INVERSE, ...type2GasPrice(() => tx.honest())],
  get exceptions() {
    return [...EXCEPTIONS, ...because('an access-list item: this witness has none (empty lists); guarded by the tx-access-list target, the same circuit over txs with access lists',
      ...circuitItems().filter(isAccessListItem))];
  },
};

export const txAccessList: SoundnessTarget = {
  name: 'tx-access-list',
  family: 'tx',
  description: 'circuits/tx over txs with EIP-2930 access lists: the nested RLP rows, the AccessListAddress/StorageKey table rows, their count and gas',
  honest: () => ({ circuit: alCircuit(), k: 10, instances: [] }),
  negatives: [
    test('an access-list gas one key short', (w) => w.add('tx valueLo', alField(1, TxFieldTag.AccessListGasCost), -1900n)),
    test('an access-list item count one short', (w) => w.add('tx valueLo', alField(2, TxFieldTag.AccessListItems), -1n)),
    test('a storage key of the table that the signing payload does not hold', (w) => w.add('tx valueHi', alRow((r) => r.signing === 0n && r.keyEnd === 1n, 1), 1n)),
    ...AL_CELL_EDITS.map(cellEdit),
  ],
  allow: [PADDING, unreadInverse(() => txAccessList.honest()), ...type2GasPrice(() => txAccessList.honest())],
  get exceptions() {
    return [...because('not an access-list item: guarded (or its exception argued) by the tx target, the same circuit over txs with empty lists',
      ...circuitItems().filter((x) => !isAccessListItem(x))), ...AL_EXCEPTIONS];
  },
};

let alItems: string[] | undefined;
/** The tx circuit's items (the same for both targets' witnesses). */
const circuitItems = (): string[] => (alItems ??= listItems(synthesizeVariant({ circuit: alCircuit(), k: 10, instances: [] })).map((x) => x.id));

let txItems: string[] | undefined;
/** The tx circuit's items as exceptions of a target that puts a chip beside it (tx-count, the bridge chips): the tx target guards them. */
export const txCircuitExceptions = (): ItemException[] => (txItems ??= listItems(synthesizeVariant(tx.honest())).map((x) => x.id)).map((item) => ({
  item, reason: 'an item of the tx circuit: guarded (or its exception argued) by the tx target, the same circuit without this chip',
}));

export const txTargets: readonly SoundnessTarget[] = [tx, txAccessList];
