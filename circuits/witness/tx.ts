/**
 * Tx circuit witness (circuits/tx/chip.ts): from the block's signed transactions, the tx table's field rows
 * (one fixed block of SUMMARY_TAGS rows per tx slot) and the RLP state machine's rows, one per byte of each
 * tx's two encodings — the signed tx (its keccak is TxHash) and the signing payload (its keccak is TxSignHash),
 * tx i hashing them under keccak ids firstKeccakId + 2i and + 2i + 1 (`txKeccakInputs` lists them in that
 * order). Every tx is re-encoded from its decoded items and must give back its raw bytes (canonical RLP), its
 * hash and its signing hash. Pure: no I/O.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FR_MODULUS } from '../field/constants.js';
import { frInv, frMod } from '../field/fr-scalar.js';
import { splitWord } from '../gadgets/index.js';
import { MAX_RLP_LENGTH, itemSequence, type ItemSpec, type TxType } from '../tx/rlp.js';
import { TX_TABLE_FIELDS, TxFieldTag } from '../tx/table.js';
import type { BlockTrace, TxTrace } from './trace.js';

/**
 * 1/b in Fr for each byte value (0 for 0), by 1/i = −⌊p/i⌋ · 1/(p mod i): no exponentiation per RLP row (it was
 * about half of a tx witness's time).
 */
const BYTE_INVERSES: readonly bigint[] = (() => {
  const inv = [0n, 1n];
  for (let i = 2n; i < 256n; i++) inv.push(frMod(-(FR_MODULUS / i) * inv[Number(FR_MODULUS % i)]!));
  return inv;
})();

export class TxWitnessError extends Error {
  constructor(readonly txIndex: number, message: string) {
    super(`tx ${txIndex}: ${message}`);
    this.name = 'TxWitnessError';
  }
}

/**
 * The tx table's field rows of one tx, in this order (CallData rows live with the machine's bytes). Listed, not
 * derived from the enum: a tag appended later gets rows only with the rule that proves its value.
 */
export const SUMMARY_TAGS: readonly TxFieldTag[] = [
  TxFieldTag.Nonce, TxFieldTag.GasLimit, TxFieldTag.GasPrice, TxFieldTag.CallerAddress, TxFieldTag.CalleeAddress, TxFieldTag.IsCreate,
  TxFieldTag.Value, TxFieldTag.CallDataLength, TxFieldTag.CallDataGasCost, TxFieldTag.TxSignHash, TxFieldTag.TxHash, TxFieldTag.ChainId,
  TxFieldTag.Type, TxFieldTag.MaxFeePerGas, TxFieldTag.MaxPriorityFeePerGas, TxFieldTag.AccessListGasCost, TxFieldTag.IsL1Message,
  TxFieldTag.SigV, TxFieldTag.SigR, TxFieldTag.SigS, TxFieldTag.AccessListItems,
];
/** Row of `tag` within a tx's block. */
export const summaryOffset = (tag: TxFieldTag): number => SUMMARY_TAGS.indexOf(tag);

/** (n/2)'s high 128-bit half for secp256k1's order n: a tx's s must have a smaller high half (EIP-2). */
export const LOW_S_HI_BOUND = (1n << 127n) - 1n;

/**
 * A field row: the table cells plus the block's own cells (recId on the caller row; inv on the IsL1Message and SigS
 * rows).
 */
export interface SummaryRow { real: bigint; txId: bigint; tag: bigint; valueLo: bigint; valueHi: bigint; recId: bigint; inv: bigint }

/** The state machine's columns (see circuits/tx/chip.ts for what each means). */
export const DECODER_FIELDS = [
  'txId', 'keccakId', 'signing', 'txType', 'idx', 'byte', 'tag', 'first', 'last', 'typeRow', 'pfx', 'lenRow', 'pay',
  'isList', 'single', 'sc', 'dt', 'cn', 'to', 'isS', 'top', 'constByte', 'lenLeft', 'plen', 'rem', 'listRem', 'accLo', 'accHi',
  'isHi', 'cnt', 'end', 'dbyte', 'nz', 'inv', 'gas', 'hashLo', 'hashHi',
  // the access list item's payload rows (circuits/tx/chip.ts access-list rules)
  'al', 'entryHead', 'entryLen', 'keysHead', 'keysLen', 'addrByte', 'keyByte', 'alPre', 'addrEnd', 'keyEnd', 'hLeft', 'entryRem', 'keysRem',
  'alCnt', 'alIdx', 'alGas', 'alLo', 'alHi', 'alIsHi',
] as const;
export type DecoderRow = Record<(typeof DECODER_FIELDS)[number], bigint>;
export const DECODER_PADDING_ROW: DecoderRow = Object.fromEntries(DECODER_FIELDS.map((f) => [f, 0n])) as DecoderRow;

/** The tx table cells of a machine row: a calldata byte or an access-list item of a signed tx, else zero. */
export function machineTableRow(r: DecoderRow): Record<(typeof TX_TABLE_FIELDS)[number], bigint> {
  if (r.signing === 0n && r.dbyte === 1n) return { txId: r.txId, tag: BigInt(TxFieldTag.CallData), index: r.cnt - 1n, valueLo: r.byte, valueHi: 0n };
  if (r.signing === 0n && r.addrEnd + r.keyEnd === 1n) {
    return { txId: r.txId, tag: BigInt(r.addrEnd === 1n ? TxFieldTag.AccessListAddress : TxFieldTag.AccessListStorageKey), index: r.alIdx, valueLo: r.alLo, valueHi: r.alHi };
  }
  return { txId: 0n, tag: 0n, index: 0n, valueLo: 0n, valueHi: 0n };
}

export interface TxWitness {
  /** `capacity` blocks of SUMMARY_TAGS.length rows; blocks past the txs are all zero. */
  summary: SummaryRow[];
  /** The encodings' rows, tx by tx (signed, then signing payload), without padding. */
  decoder: DecoderRow[];
  /** Keccak inputs in keccak id order: per tx its raw bytes, then its signing payload. */
  keccakInputs: Uint8Array[];
}

export interface TxWitnessOptions {
  /** Tx slots of the circuit. */
  capacity: number;
  /** The L2 bridge account (node/l1/bridge.ts BRIDGE_ADDRESS): its txs are the L1 deposits. */
  bridgeAddress: bigint;
  /** The rollup's chain id: every tx must be signed for it. */
  chainId: bigint;
  firstKeccakId?: number;
}

const bigEndian = (bytes: Uint8Array): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
const hashOf = (bytes: Uint8Array): bigint => BigInt(`0x${bytesToHex(keccak_256(bytes))}`);

/** Minimal big-endian bytes of a number (0 → empty), as RLP encodes integers. */
export function scalarBytes(v: bigint): Uint8Array {
  const out: number[] = [];
  for (let x = v; x > 0n; x >>= 8n) out.unshift(Number(x & 0xffn));
  return Uint8Array.from(out);
}

/** The header bytes of an RLP string (offset 0x80) or list (offset 0xc0) of `length` payload bytes. */
function rlpHeader(length: number, offset: number): number[] {
  if (length <= 55) return [offset + length];
  const lengthBytes = [...scalarBytes(BigInt(length))];
  return [offset + 55 + lengthBytes.length, ...lengthBytes];
}

const encodeItem = (payload: Uint8Array): number[] =>
  (payload.length === 1 && payload[0] < 0x80 ? [payload[0]] : [...rlpHeader(payload.length, 0x80), ...payload]);

/** EIP-2930 intrinsic gas per access-list address and per storage key. */
export const ACCESS_LIST_ADDRESS_GAS = 2400n;
export const ACCESS_LIST_STORAGE_KEY_GAS = 1900n;

/** An access list as its encoding holds it: 20-byte addresses, 32-byte keys. */
export type AccessListBytes = ReadonlyArray<{ address: Uint8Array; keys: readonly Uint8Array[] }>;

const listOf = (payload: readonly number[]): number[] => [...rlpHeader(payload.length, 0xc0), ...payload];

/** The access list's canonical list payload: its entries' encodings. */
function accessListPayload(list: AccessListBytes): Uint8Array {
  return Uint8Array.from(list.flatMap((e) => listOf([...encodeItem(e.address), ...listOf(e.keys.flatMap((k) => encodeItem(k)))])));
}

/** The access-list cells of the payload rows of `list`'s encoding (one per byte of accessListPayload(list)). */
function accessListRows(list: AccessListBytes): Array<Partial<DecoderRow>> {
  const rows: Array<Partial<DecoderRow>> = [];
  let [alIdx, alGas, entryRem, keysRem] = [0n, 0n, 0n, 0n];
  const push = (f: Partial<DecoderRow>) => rows.push({ al: 1n, alIdx, alGas, entryRem, keysRem, ...f });
  /** A list header (entry or keys list): prefix row, then its length bytes; returns the payload length. */
  const header = (length: number, head: 'entryHead' | 'keysHead', len: 'entryLen' | 'keysLen', rem: 'entryRem' | 'keysRem') => {
    const bytes = rlpHeader(length, 0xc0);
    const n = bytes.length - 1;
    let value = n === 0 ? BigInt(length) : 0n;
    const set = (v: bigint) => { if (rem === 'entryRem') entryRem = v; else { keysRem = v; entryRem -= 1n; } };
    set(value);
    push({ [head]: 1n, hLeft: BigInt(n) });
    for (let j = 1; j <= n; j++) {
      value = value * 256n + BigInt(bytes[j]!);
      if (rem === 'entryRem') entryRem = value; else { keysRem = value; entryRem -= 1n; }
      push({ [len]: 1n, hLeft: BigInt(n - j) });
    }
  };
  /** A 0x94 address or 0xa0 key: prefix row, then its bytes (a key's first 16 in the high half). */
  const item = (bytes: Uint8Array, kind: 'addrByte' | 'keyByte') => {
    const key = kind === 'keyByte';
    entryRem -= 1n;
    if (key) keysRem -= 1n;
    push({ [kind]: 1n, alPre: 1n });
    let [lo, hi] = [0n, 0n];
    bytes.forEach((b, j) => {
      entryRem -= 1n;
      if (key) keysRem -= 1n;
      const isHi = key && j < 16;
      if (isHi) hi = hi * 256n + BigInt(b); else lo = lo * 256n + BigInt(b);
      const last = j === bytes.length - 1;
      push({ [kind]: 1n, alCnt: BigInt(j + 1), alLo: lo, alHi: hi, alIsHi: isHi ? 1n : 0n, ...(last ? { [key ? 'keyEnd' : 'addrEnd']: 1n } : {}) });
    });
    alIdx += 1n;
    alGas += key ? ACCESS_LIST_STORAGE_KEY_GAS : ACCESS_LIST_ADDRESS_GAS;
  };
  for (const e of list) {
    const keysPayload = 33 * e.keys.length;
    header(21 + rlpHeader(keysPayload, 0xc0).length + keysPayload, 'entryHead', 'entryLen', 'entryRem');
    item(e.address, 'addrByte');
    header(keysPayload, 'keysHead', 'keysLen', 'keysRem');
    for (const k of e.keys) item(k, 'keyByte');
  }
  return rows;
}

interface RlpItem { isList: boolean; payload: Uint8Array }

/** The items of an RLP list payload (each a string, or a list given as its payload with isList). */
function itemsOf(txIndex: number, bytes: Uint8Array): RlpItem[] {
  const fail = (why: string): never => { throw new TxWitnessError(txIndex, `bad RLP: ${why}`); };
  const items: RlpItem[] = [];
  for (let pos = 0; pos < bytes.length;) {
    const b = bytes[pos]!;
    let [isList, start, end] = [false, pos, pos + 1];
    if (b >= 0x80) {
      isList = b >= 0xc0;
      const short = b - (isList ? 0xc0 : 0x80);
      const n = Math.max(0, short - 55);
      start = pos + 1 + n;
      end = start + (n === 0 ? short : Number(bigEndian(bytes.subarray(pos + 1, start))));
    }
    if (end > bytes.length) fail(`item at byte ${pos} overruns its list`);
    items.push({ isList, payload: bytes.subarray(start, end) });
    pos = end;
  }
  return items;
}

/** The top-level items of a tx's RLP list. */
function decodeList(txIndex: number, bytes: Uint8Array): RlpItem[] {
  const [outer, ...rest] = itemsOf(txIndex, bytes);
  if (outer === undefined || !outer.isList || rest.length > 0) throw new TxWitnessError(txIndex, 'bad RLP: not one list');
  return itemsOf(txIndex, outer.payload);
}

/** An access list's entries, each [20-byte address, [32-byte keys]] (the shapes @ethereumjs accepts). */
function decodeAccessList(txIndex: number, payload: Uint8Array): AccessListBytes {
  const fail = (why: string): never => { throw new TxWitnessError(txIndex, `access list: ${why}`); };
  return itemsOf(txIndex, payload).map((entry) => {
    const [address, keys, ...rest] = entry.isList ? itemsOf(txIndex, entry.payload) : fail('an entry is not a list');
    if (address === undefined || keys === undefined || rest.length > 0 || address.isList || address.payload.length !== 20 || !keys.isList) fail('an entry is not [20-byte address, [keys]]');
    return {
      address: address!.payload,
      keys: itemsOf(txIndex, keys!.payload).map((k) => (k.isList || k.payload.length !== 32 ? fail('a storage key is not 32 bytes') : k.payload)),
    };
  });
}

interface StreamContext { txId: number; keccakId: number; signing: boolean; type: TxType }

/**
 * The canonical encoding of `items` (payloads in `itemSequence` order; const items' payloads are ignored) and
 * its state machine rows.
 */
function encodeStream(ctx: StreamContext, payloads: readonly Uint8Array[], accessList: AccessListBytes): { bytes: Uint8Array; rows: DecoderRow[] } {
  const specs = itemSequence(ctx.type, ctx.signing);
  // the access list re-encoded from its entries (the raw bytes must be that canonical encoding)
  const alRows = accessListRows(accessList);
  const encoded = specs.map((s, i) => (s.kind === 'const' ? [s.constByte!] : s.kind === 'accessList' ? listOf([...accessListPayload(accessList)]) : encodeItem(payloads[i])));
  const listPayload = encoded.reduce((n, e) => n + e.length, 0);
  if (listPayload > MAX_RLP_LENGTH) throw new TxWitnessError(ctx.txId - 1, `an encoding of ${listPayload} bytes is over the ${MAX_RLP_LENGTH} the circuit reads`);
  const listHeader = rlpHeader(listPayload, 0xc0);
  const bytes = Uint8Array.from([...(ctx.type === 0 ? [] : [ctx.type]), ...listHeader, ...encoded.flat()]);

  const rows: DecoderRow[] = [];
  const base = { txId: BigInt(ctx.txId), keccakId: BigInt(ctx.keccakId), signing: ctx.signing ? 1n : 0n, txType: BigInt(ctx.type) };
  const push = (fields: Partial<DecoderRow>): DecoderRow => {
    const byte = bytes[rows.length];
    const row: DecoderRow = {
      ...DECODER_PADDING_ROW, ...base, first: rows.length === 0 ? 1n : 0n, idx: BigInt(rows.length), byte: BigInt(byte),
      nz: byte ? 1n : 0n, inv: BYTE_INVERSES[byte]!, ...fields,
    };
    rows.push(row);
    return row;
  };
  if (ctx.type !== 0) push({ typeRow: 1n });
  const listLenBytes = listHeader.length - 1;
  let listRem = BigInt(listLenBytes === 0 ? listPayload : 0);
  push({ pfx: 1n, isList: 1n, plen: listRem, lenLeft: BigInt(listLenBytes), listRem });
  for (let j = 1; j < listHeader.length; j++) {
    listRem = listRem * 256n + BigInt(listHeader[j]);
    push({ lenRow: 1n, isList: 1n, lenLeft: BigInt(listLenBytes - j), listRem });
  }
  specs.forEach((spec: ItemSpec, i) => {
    const enc = encoded[i];
    const is = (kind: ItemSpec['kind']) => (spec.kind === kind ? 1n : 0n);
    const f = { tag: BigInt(spec.tag), sc: is('scalar'), dt: is('data'), cn: is('const'), to: is('address'), isS: spec.tag === TxFieldTag.SigS ? 1n : 0n, al: is('accessList') };
    const list = spec.kind === 'accessList';
    const single = spec.kind !== 'const' && !list && enc.length === 1 && enc[0] < 0x80;
    const lenBytes = single || spec.kind === 'const' ? 0 : Math.max(0, enc[0] - (list ? 0xf7 : 0xb7));
    const plen = single || spec.kind === 'const' || lenBytes > 0 ? 0n : BigInt(enc[0] - (list ? 0xc0 : 0x80));
    const gasOf = (b: number) => (b === 0 ? 4n : 16n);
    listRem -= 1n;
    let row = push({
      ...f, pfx: 1n, single: single ? 1n : 0n, constByte: BigInt(spec.constByte ?? 0), plen, rem: plen, lenLeft: BigInt(lenBytes), listRem,
      accLo: single ? BigInt(enc[0]) : 0n, cnt: single ? 1n : 0n, gas: single ? gasOf(enc[0]) : 0n, dbyte: single && spec.kind === 'data' ? 1n : 0n,
    });
    let rem = plen;
    for (let j = 1; j <= lenBytes; j++) {
      rem = rem * 256n + BigInt(enc[j]);
      listRem -= 1n;
      row = push({ ...f, lenRow: 1n, lenLeft: BigInt(lenBytes - j), rem, listRem });
    }
    let [accLo, accHi, cnt, gas] = [0n, 0n, 0n, 0n];
    for (let j = 1 + lenBytes; j < enc.length; j++) {
      rem -= 1n;
      listRem -= 1n;
      cnt += 1n;
      gas += gasOf(enc[j]);
      const isNumber = spec.kind === 'scalar' || spec.kind === 'address';
      const isHi = isNumber && rem >= 16n;
      if (isHi) accHi = accHi * 256n + BigInt(enc[j]);
      else accLo = accLo * 256n + BigInt(enc[j]);
      row = push({ ...f, pay: 1n, rem, listRem, accLo, accHi, isHi: isHi ? 1n : 0n, top: isNumber && rem === 31n ? 1n : 0n, cnt, gas, dbyte: f.dt, ...(list ? alRows[Number(cnt) - 1] : {}) });
    }
    row.end = 1n;
  });
  const last = rows[rows.length - 1];
  last.last = 1n;
  [last.hashLo, last.hashHi] = splitWord(hashOf(bytes));
  if (rows.length !== bytes.length) throw new TxWitnessError(ctx.txId - 1, `internal: ${rows.length} rows for ${bytes.length} bytes`);
  return { bytes, rows };
}

/** A tx's fields as its encoding holds them. */
interface DecodedTx {
  accessList: AccessListBytes;
  type: TxType; chainId: bigint; nonce: bigint; gasPrice: bigint; maxFee: bigint; maxPriority: bigint; gasLimit: bigint;
  to: bigint | null; value: bigint; data: Uint8Array; v: bigint; r: bigint; s: bigint;
  /** Payloads in itemSequence(type, false) order. */
  signedPayloads: Uint8Array[];
  signingPayloads: Uint8Array[];
}

function decodeTx(txIndex: number, raw: Uint8Array): DecodedTx {
  const typed = raw.length > 0 && raw[0] < 0x7f;
  const type = (typed ? raw[0] : 0) as TxType;
  if (type > 2) throw new TxWitnessError(txIndex, `tx type ${type} is not supported (0, 1, 2)`);
  const items = decodeList(txIndex, typed ? raw.subarray(1) : raw);
  const specs = itemSequence(type, false);
  if (items.length !== specs.length) throw new TxWitnessError(txIndex, `${items.length} RLP items, a type ${type} tx has ${specs.length}`);
  const field = (tag: TxFieldTag) => {
    const i = specs.findIndex((s) => s.tag === tag);
    return i < 0 ? undefined : items[i].payload;
  };
  specs.forEach((s, i) => {
    if ((s.kind === 'accessList') !== items[i].isList) throw new TxWitnessError(txIndex, `item ${i} is ${items[i].isList ? '' : 'not '}a list`);
  });
  const alItem = specs.findIndex((s) => s.kind === 'accessList');
  const accessList = alItem < 0 ? [] : decodeAccessList(txIndex, items[alItem].payload);
  const n = (tag: TxFieldTag) => bigEndian(field(tag)!);
  const v = n(TxFieldTag.SigV);
  if (type === 0 && v < 35n) throw new TxWitnessError(txIndex, `legacy tx without EIP-155 replay protection (v = ${v}) is not supported`);
  const chainId = type === 0 ? (v - 35n) >> 1n : n(TxFieldTag.ChainId);
  const gasPrice = type === 2 ? 0n : n(TxFieldTag.GasPrice);
  const toBytes = field(TxFieldTag.CalleeAddress)!;
  if (toBytes.length !== 0 && toBytes.length !== 20) throw new TxWitnessError(txIndex, `'to' of ${toBytes.length} bytes`);
  const signedPayloads = items.map((it) => it.payload);
  const signingSpecs = itemSequence(type, true);
  const signingPayloads = signingSpecs.map((s) => (s.tag === TxFieldTag.ChainId ? scalarBytes(chainId) : field(s.tag) ?? new Uint8Array()));
  return {
    accessList, type, chainId, nonce: n(TxFieldTag.Nonce), gasPrice,
    maxFee: type === 2 ? n(TxFieldTag.MaxFeePerGas) : gasPrice, maxPriority: type === 2 ? n(TxFieldTag.MaxPriorityFeePerGas) : gasPrice,
    gasLimit: n(TxFieldTag.GasLimit), to: toBytes.length ? bigEndian(toBytes) : null, value: n(TxFieldTag.Value), data: field(TxFieldTag.CallData)!,
    v, r: n(TxFieldTag.SigR), s: n(TxFieldTag.SigS), signedPayloads, signingPayloads,
  };
}

/** Intrinsic calldata gas: 4 per zero byte, 16 per other byte. */
export const callDataGasCost = (data: Uint8Array): bigint => data.reduce((g, b) => g + (b === 0 ? 4n : 16n), 0n);

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The tx circuit's witness for `txs` (a block's, or a batch's in order; tx ids 1, 2, …). */
export function txWitness(source: BlockTrace | readonly TxTrace[], options: TxWitnessOptions): TxWitness {
  const txs = 'txs' in source ? source.txs : source;
  const { capacity, bridgeAddress, chainId, firstKeccakId = 1 } = options;
  if (txs.length > capacity) throw new TxWitnessError(capacity, `${txs.length} txs do not fit ${capacity} tx slots`);
  const summary: SummaryRow[] = [];
  const decoder: DecoderRow[] = [];
  const keccakInputs: Uint8Array[] = [];
  txs.forEach((tx, i) => {
    const d = decodeTx(i, tx.raw);
    const check = (what: string, ours: unknown, theirs: unknown) => {
      if (ours !== theirs) throw new TxWitnessError(i, `${what} ${String(ours)} in the encoding, ${String(theirs)} in the trace`);
    };
    check('type', d.type, tx.type);
    // EIP-2 low s, as the circuit reads it: s's high half below (n/2)'s, 2^127 − 1 (an honest s misses it with odds 2^-127)
    if (splitWord(d.s)[1] >= LOW_S_HI_BOUND) throw new TxWitnessError(i, `s = ${d.s} is not in the lower half (EIP-2)`);
    if (d.chainId !== chainId) throw new TxWitnessError(i, `signed for chain ${d.chainId}, the rollup is chain ${chainId}`);
    check('nonce', d.nonce, tx.nonce);
    check('gas limit', d.gasLimit, tx.gasLimit);
    check('value', d.value, tx.value);
    check('max fee', d.maxFee, tx.maxFeePerGas);
    check('priority fee', d.maxPriority, tx.maxPriorityFeePerGas);
    check('to', d.to, tx.to === null ? null : BigInt(tx.to));
    check('v/r/s', `${d.v}/${d.r}/${d.s}`, `${tx.v}/${tx.r}/${tx.s}`);
    if (!eq(d.data, tx.data)) throw new TxWitnessError(i, 'calldata differs from the trace');
    const hexOf = (b: Uint8Array) => `0x${bytesToHex(b)}`;
    check('access list', JSON.stringify(d.accessList.map((e) => [hexOf(e.address), e.keys.map(hexOf)])),
      JSON.stringify(tx.accessList.map((e) => [e.address.toLowerCase(), e.storageKeys.map((k) => k.toLowerCase())])));
    if (d.type !== 2) check('gas price', d.gasPrice, tx.effectiveGasPrice);
    const txId = i + 1;
    const signed = encodeStream({ txId, keccakId: firstKeccakId + 2 * i, signing: false, type: d.type }, d.signedPayloads, d.accessList);
    const signing = encodeStream({ txId, keccakId: firstKeccakId + 2 * i + 1, signing: true, type: d.type }, d.signingPayloads, d.accessList);
    if (!eq(signed.bytes, tx.raw)) throw new TxWitnessError(i, 'the raw tx is not canonical RLP');
    check('hash', hashOf(signed.bytes), BigInt(tx.hash));
    check('signing hash', hashOf(signing.bytes), BigInt(tx.signingHash));
    decoder.push(...signed.rows, ...signing.rows);
    keccakInputs.push(signed.bytes, signing.bytes);

    const caller = BigInt(tx.from);
    /** The access list's items in order: false an address, true a storage key. */
    const alItems = d.accessList.flatMap((e) => [false, ...e.keys.map(() => true)]);
    const recId = d.type === 0 ? d.v - 35n - 2n * d.chainId : d.v;
    const values: Record<number, bigint> = {
      [TxFieldTag.Nonce]: d.nonce, [TxFieldTag.GasLimit]: d.gasLimit, [TxFieldTag.GasPrice]: tx.effectiveGasPrice,
      [TxFieldTag.CallerAddress]: caller, [TxFieldTag.CalleeAddress]: d.to ?? 0n, [TxFieldTag.IsCreate]: d.to === null ? 1n : 0n,
      [TxFieldTag.Value]: d.value, [TxFieldTag.CallDataLength]: BigInt(d.data.length), [TxFieldTag.CallDataGasCost]: callDataGasCost(d.data),
      [TxFieldTag.TxSignHash]: BigInt(tx.signingHash), [TxFieldTag.TxHash]: BigInt(tx.hash), [TxFieldTag.ChainId]: d.chainId,
      [TxFieldTag.Type]: BigInt(d.type), [TxFieldTag.MaxFeePerGas]: d.maxFee, [TxFieldTag.MaxPriorityFeePerGas]: d.maxPriority,
      [TxFieldTag.AccessListGasCost]: alItems.reduce((g, key) => g + (key ? ACCESS_LIST_STORAGE_KEY_GAS : ACCESS_LIST_ADDRESS_GAS), 0n),
      [TxFieldTag.AccessListItems]: BigInt(alItems.length), [TxFieldTag.IsL1Message]: caller === bridgeAddress ? 1n : 0n,
      [TxFieldTag.SigV]: d.v, [TxFieldTag.SigR]: d.r, [TxFieldTag.SigS]: d.s,
    };
    for (const tag of SUMMARY_TAGS) {
      const [valueLo, valueHi] = tag === TxFieldTag.CallerAddress || tag === TxFieldTag.CalleeAddress ? [values[tag], 0n] : splitWord(values[tag]);
      summary.push({
        real: 1n, txId: BigInt(txId), tag: BigInt(tag), valueLo, valueHi,
        recId: tag === TxFieldTag.CallerAddress ? recId : 0n,
        inv: tag === TxFieldTag.IsL1Message ? (caller === bridgeAddress ? 0n : frInv(frMod(caller - bridgeAddress)))
          : tag === TxFieldTag.SigS ? frInv(frMod(valueHi - LOW_S_HI_BOUND)) : 0n,
      });
    }
  });
  for (let i = txs.length; i < capacity; i++) {
    for (const tag of SUMMARY_TAGS) {
      const inv = tag === TxFieldTag.IsL1Message ? frInv(frMod(-bridgeAddress)) : 0n;
      summary.push({ real: 0n, txId: 0n, tag: 0n, valueLo: 0n, valueHi: 0n, recId: 0n, inv });
    }
  }
  return { summary, decoder, keccakInputs };
}
