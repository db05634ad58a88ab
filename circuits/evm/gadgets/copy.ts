/**
 * The copy family: CALLDATACOPY (v1: the root call of a tx that is not a creation), CODECOPY, EXTCODECOPY, MCOPY and
 * RETURNDATACOPY.
 *
 * Why the byte moves are continuation rows here and not lookups into the copy circuit's table (circuits/copy): the
 * batch circuit does not compose the copy circuit yet, and binding an EVM step to a copy event would need a new lookup
 * of the step frame into that table (circuits/evm/circuit.ts and circuits/super). Continuation rows, as KECCAK256 and
 * LOGn read memory ranges, use only the RW, tx and keccak lookups every step already has, so the opcodes are provable
 * now; a copy costs one row per 4 bytes (MCOPY: 2) in the step region instead of one row per byte in the copy table.
 * All charge 3 + 3·⌈size/32⌉ + memory expansion.
 *
 * CALLDATACOPY, CODECOPY (pop dest, pop offset, pop size; memory[dest + i] = source[offset + i], 0 past its end):
 *   opcode row: slots dest (sp), size (sp + 2), offset (sp + 1) — in that order, so memory.ts's rangeReadOpener
 *               (offset slot 0, size slot 1) proves the expansion over [dest, dest + size) and starts the rows at
 *               c0 = dest, r = size, index i = 0. The source's length len: CALLDATACOPY c1 = the tx's CallDataLength
 *               (tx lookup; and IsCreate = 0: a creation's data is init code, not calldata); CODECOPY scratch slot
 *               3's lo, with c1 a keccak id whose digest is the running code hash and whose length is len (the
 *               keccak circuit proves the id's input bytes hash to the code hash, so they are the code).
 *               w = ⌈size/32⌉ on the first row (aux bytes 4, 5 = t, 31 − t; 8 … 11 = w; 32·w = size + 31 − t).
 *               Where size > 0: p = (offset ≥ len) on the first row (aux byte 6, boolean), the first byte's flag is
 *               1 − p, and either far = 0 (aux byte 7): offset hi = 0 and aux bytes 12 … 15 = p ? offset − len :
 *               len − offset − 1; or far = 1 (an offset ≥ 2^32): p = 1, those bytes 0, and the row after the last
 *               bytes row is CopyFarOffset, which reads the offset again (sp − 2 under the popped sp) and proves it
 *               ≥ 2^32 (a byte of 4 … 31 not 0). Past any source then, all bytes are 0 and no source is looked up.
 *   bytes rows: 4 optional Memory writes at c0 … c0 + 3, chained by r, c0 and i as KECCAK256's reads are; inv =
 *               offset (far: 0), far, aux bytes 24 … 27 = len, 28 … 31 = the keccak id (CODECOPY), kept along the rows; aux byte
 *               16 + j = byte j (so a byte) = slot j's value, aux byte 20 + j = f_j: byte j is the source's byte
 *               offset + i + j (looked up: tx table calldata, keccak input), else 0. The flags are boolean, only on
 *               written bytes, monotone across the rows, and fall from 1 to 0 only at index len. So from offset <
 *               len the bytes before len are the source's (a flag kept past len would look up an index the source
 *               does not have), from offset ≥ len all are 0.
 * EXTCODECOPY (pop address word, dest, offset, size; EIP-2929: 100 warm, 2600 cold, a warm afterwards; + 3·⌈size/32⌉
 *   + memory expansion): opcode row = the word as the aux word, a = aux bytes 0 … 19 (the EVM's low 160 bits; bytes
 *   20 … 31 the discarded rest, range-checked), the TxAccessListAccount (tx id, a) ← 1 write and the Account CodeHash
 *   read h of a; then ExtCodeCopyPrewarm (account.ts prewarmRules: the cold byte BALANCE's surcharge reads);
 *   then ExtCodeCopyOpen, CODECOPY's opener on stack reads of dest, size, offset (sp − 3, sp − 1, sp − 2 after the
 *   pops) whose keccak digest lookup names h: the bytes rows are CodeCopyBytes. An EOA's and a missing account's h
 *   is keccak("") (the state's empty code hash), the digest of the empty input, so len = 0 and all bytes are 0.
 * MCOPY (pop dest, pop src, pop size; EIP-5656: as if through a buffer, so ranges may overlap):
 *   opcode row: slots dest (sp), size (sp + 2), src (sp + 1); the expansion over [dest, dest + size); hands src,
 *               size, dest to the MCopyExpand row (its scratch slots 0, 1, 2).
 *   MCopyExpand: one row, the expansion over [src, src + size) from the memory the opcode row left (memory.ts
 *               rangeReadOpener: c0 = src, r = size, i = 0 for the rows): together m' = max(m, both ends) and the
 *               gas C(m') − C(m), as the EIP charges; w as above on the first bytes row; dest = the rows' inv; the
 *               direction d = (dest > src) (first bytes row: aux byte 6, bytes 12 … 15 = d ? dest − src − 1 : src − dest).
 *   MCopyBytes:  2 bytes per row, each a Memory read of src + pos then a write of the same value at dest + pos, with
 *               pos = i + j forward (d = 0) and r − 1 − j backward (d = 1). Copying away from the overlap (forward
 *               when dest ≤ src, backward when dest > src) reads every source byte before any write reaches it, so
 *               the bytes read are the memory before the copy, as through a buffer.
 * RETURNDATACOPY (pop dest, offset, size; the last callee's return data, EIP-211; 3 + 3·⌈size/32⌉ + memory expansion):
 *   opcode row: slots dest (sp), size (sp + 2), offset (sp + 1), the call's LastCalleeReturnDataLength L; the expansion
 *               over [dest, dest + size).
 *   ReturnDataCopyFrame: reads LastCalleeId and LastCalleeReturnDataOffset; offset + size ≤ L (aux bytes 0 … 3 =
 *               L − offset − size, offset and size hi 0: a copy past the end is the out-of-bounds error, which a trace
 *               marks as an error step: unsupported); w as above; where size > 0 the next rows are call.ts's
 *               ReturnDataBytes from the callee's memory at LastCalleeReturnDataOffset + offset to dest.
 */
import { splitWord } from '../../gadgets/word.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot, StepExprs } from '../step.js';
import { auxBytes, callContext, is, isZeroInverse, small, upperBytesZero } from './common.js';
import { ACCOUNT_PREWARM, BALANCE, prewarmRules, WARM_ACCOUNT_ACCESS } from './account.js';
import { halfSum } from './comparison.js';
import { expansionGas, expansionWitness, rangeExpansion, rangeExpansionWitness, rangeIndex, rangeReadOpener } from './memory.js';
import { RETURN_BYTES } from './call.js';
import { CALLEE_ID, copyHandOver } from './frame-copy.js';

export const COPY_BYTES_PER_ROW = 4;
export const MCOPY_BYTES_PER_ROW = 2;
/** Gas per 32-byte word copied. */
export const COPY_WORD_GAS = 3n;
const ONE = constant(1);
/** First-row aux bytes: t, 31 − t, the flag p (MCOPY: the direction d, on every row), the word count w, the comparison. */
const T_BYTE = 4;
const P_BYTE = 6;
/** A far source offset (≥ 2^32: past any source, so all bytes 0): on the first bytes row and kept along the rows. */
const FAR_BYTE = 7;
const W_BYTES = 8;
const D_BYTES = 12;
/** Every bytes row's aux bytes (source copies): the data bytes, their flags, the source length, the keccak id. */
const DATA = 16;
const FLAGS = 20;
const LEN_BYTES = 24;
const ID_BYTES = 28;
/** The row that proves a far copy's offset ≥ 2^32, after its last bytes row. */
const COPY_FAR_OFFSET = 'CopyFarOffset';

const words = (first: StepExprs): Expr => auxBytes(first, W_BYTES, 4);
const flag = (s: StepExprs, j: number): Expr => s.auxByte(FLAGS + j);
const len = (s: StepExprs): Expr => auxBytes(s, LEN_BYTES, 4);
const keccakId = (s: StepExprs): Expr => auxBytes(s, ID_BYTES, 4);
/** The source index of the row's byte j. */
const sourceIndex = (s: StepExprs, j: number): Expr => s.inv.add(rangeIndex(s)).add(j);
const stackRead = (base: number) => ({ write: false, base });
/** dest (sp), size (sp + 2), offset (sp + 1): rangeReadOpener's offset and size in slots 0, 1. */
const COPY_SLOTS = [stackRead(0), stackRead(2), stackRead(1)];
const bool = (e: Expr): Expr => e.mul(ONE.sub(e));
/** 4 bytes of the aux word at `at` as a number, in a witness. */
const field = (v: bigint | number, at: number): bigint => BigInt(v) << BigInt(8 * at);

/** w = ⌈size/32⌉ on `first`: t ∈ [0, 31] and 32·w = size + 31 − t. */
const wordCount = (first: StepExprs, size: Expr): Record<string, Expr> => ({
  't + (31 − t) = 31': first.auxByte(T_BYTE).add(first.auxByte(T_BYTE + 1)).sub(31),
  '32·w = size + 31 − t': words(first).mul(32).sub(size).sub(31).add(first.auxByte(T_BYTE)),
});
/** The first row's t, 31 − t and w of a copy of `size` bytes. */
const wordCountWitness = (size: number): bigint => {
  const t = (size + 31) % 32;
  return field(t, T_BYTE) | field(31 - t, T_BYTE + 1) | field(Math.ceil(size / 32), W_BYTES);
};

/** Where a source copy's bytes come from: calldata in the tx table, or the running code as a keccak input. */
type Source = 'calldata' | 'code';

/**
 * The opener of CALLDATACOPY or CODECOPY (see above), or EXTCODECOPY's third row (`ext`): its slots read dest, size,
 * offset again below the popped sp (the opcode row took them off), its code hash is the opcode row's CodeHash read,
 * and it expands memory and charges the word gas itself.
 */
function sourceCopy(name: string, opcode: number | 'ext', source: Source, rows: string): ExecutionGadget {
  const ext = opcode === 'ext';
  const length = (s: StepExprs): Expr => s.slot(3).lo;
  const codeHash = (s: StepExprs) => (ext ? s.at(-2).slot(2) : s.codeHash);
  return {
    name,
    opcodes: ext ? [] : [{ opcode, name, param: 0, gas: 3, spDelta: 3 }],
    // calldata: the call's CallDataLength (a creation's is 0; a nested call's range is its caller's memory)
    slots: ext ? [stackRead(-3), stackRead(-1), stackRead(-2)] : source === 'calldata' ? [...COPY_SLOTS, callContext(CallContextField.CallDataLength, false)] : COPY_SLOTS,
    flow: ext ? 'continuation' : 'next',
    continuation: rows,
    ...(source === 'calldata' ? { nestedContinuation: CALLDATA_COPY_CALLER } : {}),
    expandsMemory: true,
    ...(source === 'code' ? { keccakDigest: (s: StepExprs) => ({ id: s.c1, length: s.slot(3).lo, hash: codeHash(s) }) } : {}),
    dynamicGas: (s) => words(s.next).mul(COPY_WORD_GAS).add(expansionGas(s, s.next.memoryWords)),
    configure(c) {
      const s = c.step;
      const n = s.next;
      const live = ONE.sub(s.c0);
      const offset = s.slot(2);
      const p = n.auxByte(P_BYTE);
      const far = n.auxByte(FAR_BYTE);
      const near = ONE.sub(far);
      const end = length(s);
      if (source === 'calldata') c.gate({ 'CallDataLength hi = 0': s.slot(3).hi });
      c.gate({
        ...rangeReadOpener(c, s), ...wordCount(n, s.slot(1).lo),
        // a far copy's rows read no source: its offset (proven ≥ 2^32 by CopyFarOffset) is not theirs
        "continuation's offset: far ? 0 : offset lo": n.inv.sub(near.mul(offset.lo)), "continuation's len": len(n).sub(end),
        ...(source === 'code' ? { "continuation's keccak id": keccakId(n).sub(s.c1) } : {}),
        // an opcode row's next state is its continuation by the framework; a continuation row's is not
        ...(ext ? { 'bytes rows follow': ONE.sub(n.state(rows)) } : {}),
        'far boolean': bool(far), 'far ⇒ size > 0': s.c0.mul(far), 'far ⇒ p': far.mul(ONE.sub(p)),
        'copies, near: offset hi = 0': live.mul(near).mul(offset.hi),
        'p boolean': bool(p),
        'copies: p ? offset − len : len − offset − 1 (far: 0)': live.mul(auxBytes(n, D_BYTES, 4).sub(near.mul(p.mul(offset.lo.sub(end)).add(ONE.sub(p).mul(end.sub(offset.lo).sub(1)))))),
        'copies: first flag = 1 − p': live.mul(flag(n, 0).sub(ONE.sub(p))),
      });
    },
    // the builder fills this row (the source length is the tx's or the code's): sourceCopyWitness
    witness: () => ({}),
  };
}

/** Memory byte `address` of the running call, accessed where the row covers it. */
const memory = (write: boolean, address: (s: StepExprs) => Expr): KeyedSlot => ({ write, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.callId, address: address(s) }) });

/** The chain of a range of bytes rows (`perRow` bytes, `on` their flags): r, index and the kept cells `kept`. */
function rowsChain(s: StepExprs, name: string, perRow: number, on: (j: number) => Expr, kept: Record<string, (x: StepExprs) => Expr>): Record<string, Expr> {
  const n = s.next;
  const more = n.state(name);
  const rest = s.c1.sub(sum(Array.from({ length: perRow }, (_, j) => on(j))));
  return {
    'a row not full leaves nothing': ONE.sub(on(perRow - 1)).mul(rest),
    'last: nothing left': ONE.sub(more).mul(rest),
    "more: r' = r − bytes": more.mul(n.c1.sub(rest)),
    [`more: index' = index + ${perRow}`]: more.mul(rangeIndex(n).sub(rangeIndex(s)).sub(perRow)),
    ...Object.fromEntries(Object.entries(kept).map(([k, f]) => [`more: ${k}' = ${k}`, more.mul(f(n).sub(f(s)))])),
  };
}

/** A copy's bytes row `s` with far flag `far`: CopyFarOffset follows exactly the last row of a far copy. */
const farOffsetFollows = (s: StepExprs, far: Expr, more: Expr): Record<string, Expr> =>
  ({ 'CopyFarOffset follows ⇔ far and last': s.next.state(COPY_FAR_OFFSET).sub(far.mul(ONE.sub(more))) });

/** A word's bytes 4 … 31: their sum (at most 28·255) is 0 exactly where the word is below 2^32. */
const HIGH_BYTES = Array.from({ length: 28 }, (_, j) => 4 + j);

/**
 * CopyFarOffset: the row after the last bytes row of a far copy (CALLDATACOPY, CODECOPY, EXTCODECOPY; a nested
 * CALLDATACOPY's CallDataCopyMemory rows). It reads the copy's offset again under the popped sp (sp − 2, as
 * ExtCodeCopyOpen does) into its aux word and proves it ≥ 2^32 — the sum of bytes 4 … 31 has an inverse, inv — so past
 * any source (a source's length is below 2^32): the rows' bytes are 0 without a source lookup.
 */
export const COPY_FAR: ExecutionGadget = {
  name: COPY_FAR_OFFSET,
  opcodes: [],
  slots: [stackRead(-2)],
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    c.gate({
      ...is(s.slot(0), s.aux, 'offset = aux'),
      'offset ≥ 2^32: Σ aux bytes 4 … 31 · inv = 1': sum(HIGH_BYTES.map((j) => s.auxByte(j))).mul(s.inv).sub(1),
      // (a continuation row may be followed by itself: a second one would prove nothing of this copy)
      'one row': s.next.state(COPY_FAR_OFFSET),
    });
  },
  witness: ({ slots: [offset] }) => ({ aux: offset!, inv: isZeroInverse(HIGH_BYTES.reduce((acc, j) => acc + ((offset! >> BigInt(8 * j)) & 0xffn), 0n)) }),
};

/** The bytes rows of CALLDATACOPY or CODECOPY (see above). */
function sourceBytes(name: string, source: Source): ExecutionGadget {
  const byte = (s: StepExprs, j: number) => s.auxByte(DATA + j);
  return {
    name,
    opcodes: [],
    slots: Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => memory(true, (s) => s.c0.add(j))),
    flow: 'continuation',
    continuation: COPY_FAR_OFFSET,
    ...(source === 'calldata'
      ? { txLookups: (s: StepExprs) => Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => ({ tag: TxFieldTag.CallData, index: sourceIndex(s, j), value: small(byte(s, j)), enabled: flag(s, j) })) }
      : { keccakInputs: (s: StepExprs) => Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => ({ id: keccakId(s), index: sourceIndex(s, j), byte: byte(s, j), enabled: flag(s, j) })) }),
    configure(c) {
      const s = c.step;
      const n = s.next;
      const more = n.state(name);
      const bytes: Record<string, Expr> = {};
      for (let j = 0; j < COPY_BYTES_PER_ROW; j++) {
        const f = flag(s, j);
        Object.assign(bytes, is(s.slot(j), small(byte(s, j)), `byte ${j} = aux byte`));
        bytes[`f${j} boolean`] = bool(f);
        bytes[`f${j} ⇒ byte ${j} written`] = f.mul(ONE.sub(s.slotOn(j)));
        bytes[`byte ${j} past the source is 0`] = ONE.sub(f).mul(byte(s, j));
        if (j > 0) {
          bytes[`f${j} ⇒ f${j - 1}`] = f.mul(ONE.sub(flag(s, j - 1)));
          bytes[`f falls at byte ${j} only at index len`] = s.slotOn(j).mul(flag(s, j - 1).sub(f)).mul(sourceIndex(s, j).sub(len(s)));
        }
      }
      const lastFlag = flag(s, COPY_BYTES_PER_ROW - 1);
      c.gate({
        ...bytes,
        ...rowsChain(s, name, COPY_BYTES_PER_ROW, (j) => s.slotOn(j), { 'c0 − index': (x) => x.c0.sub(rangeIndex(x)), offset: (x) => x.inv, len, far: (x) => x.auxByte(FAR_BYTE), ...(source === 'code' ? { 'keccak id': keccakId } : {}) }),
        ...farOffsetFollows(s, s.auxByte(FAR_BYTE), more),
        "more: f0' ⇒ f3": more.mul(flag(n, 0)).mul(ONE.sub(lastFlag)),
        "more: f falls at the next row's byte 0 only at index len": more.mul(lastFlag.sub(flag(n, 0))).mul(sourceIndex(n, 0).sub(len(s))),
      });
    },
    witness: () => ({}),
  };
}

const CALLDATA_COPY_CALLER = 'CallDataCopyCaller';
const CALLDATA_COPY_MEMORY = 'CallDataCopyMemory';
export const CALLDATACOPY = sourceCopy('CALLDATACOPY', 0x37, 'calldata', 'CallDataCopyBytes');
export const CALLDATA_COPY_BYTES = sourceBytes('CallDataCopyBytes', 'calldata');

/** CallDataCopyCaller's aux bytes beyond a first bytes row's: m = (size ≥ the bytes available) and its comparison. */
const M_BYTE = 21;
const M_BYTES = 16;
/** CallDataCopyMemory's aux bytes: the caller's id, the calldata bytes left r_in, the flags of its 2 bytes, far. */
const CALLER_BYTES = CALLEE_ID;
const IN_BYTES = 4;
const IN_FLAGS = 8;
const IN_PER_ROW = 2;
const IN_FAR = IN_FLAGS + IN_PER_ROW;

/**
 * CALLDATACOPY in a nested call: CallDataCopyCaller takes the opener's hand-over as a root copy's first bytes row would
 * (c0 = dest, c1 = size, inv = offset, index 0, len, t, w, p, far and its comparison, flag 0 = 1 − p: so the opener's rules
 * hold unchanged), reads the call's CallerId and CallDataOffset, and works out the calldata bytes the copy takes,
 * n_in = min(size, (1 − p)·(len − offset)) (m = size ≥ the bytes available, by a 4-byte comparison). The
 * CallDataCopyMemory rows (2 bytes each, like ReturnDataBytes) read the caller's memory at CallDataOffset + offset + i
 * and write the call's memory at dest + i: the byte read where its flag is 1, 0 past the calldata; the flags are 1
 * exactly while calldata bytes are left (r_in counts them down to 0). A byte past the calldata is still read (its
 * value unused), so reads and writes pair up and the slots' on flags stay monotone. A far copy (inv = 0, none taken)
 * keeps its flag along the rows (aux byte 10), and CopyFarOffset follows the last.
 */
export const CALLDATACOPY_CALLER: ExecutionGadget = {
  name: CALLDATA_COPY_CALLER,
  opcodes: [],
  slots: [callContext(CallContextField.CallerId, false), callContext(CallContextField.CallDataOffset, false)],
  flow: 'continuation',
  continuation: CALLDATA_COPY_MEMORY,
  configure(c) {
    const s = c.step;
    const [op, n] = [s.at(-1), s.next];
    const live = ONE.sub(op.c0);
    const [size, offset, m] = [s.c1, s.inv, s.auxByte(M_BYTE)];
    const available = ONE.sub(s.auxByte(P_BYTE)).mul(len(s).sub(offset));
    const taken = m.mul(available).add(ONE.sub(m).mul(size));
    const bytes = n.state(CALLDATA_COPY_MEMORY);
    c.gate({
      'm boolean': bool(m), 'copies: aux bytes 16 … 19 = m ? size − available : available − size − 1': live.mul(auxBytes(s, M_BYTES, 4).sub(m.mul(size.sub(available)).add(ONE.sub(m).mul(available.sub(size).sub(1))))),
      // (a continuation row may be followed by itself: a second one would read free cells as its opener's)
      'one row': n.state(CALLDATA_COPY_CALLER),
      ...copyHandOver(s, CALLDATA_COPY_MEMORY, { from: s.slot(1).lo.add(offset), to: s.c0, size, source: s.slot(0).lo }),
      "copy rows: r_in' = min(size, available)": bytes.mul(auxBytes(n, IN_BYTES, 4).sub(taken)),
      "copy rows: far' = far": bytes.mul(n.auxByte(IN_FAR).sub(s.auxByte(FAR_BYTE))),
      ...Object.fromEntries([22, 23, ...Array.from({ length: 4 }, (_, j) => ID_BYTES + j)].map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])),
    });
  },
  witness: () => ({}),
};

/** A byte of a nested CALLDATACOPY: read from the caller's memory at c0 + j, written to the call's at inv + j. */
const calldataByte = (j: number): KeyedSlot[] => [
  { write: false, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: auxBytes(s, CALLER_BYTES, 4), address: s.c0.add(j) }) },
  { write: true, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.callId, address: s.inv.add(j) }) },
];

export const CALLDATACOPY_MEMORY: ExecutionGadget = {
  name: CALLDATA_COPY_MEMORY,
  opcodes: [],
  slots: Array.from({ length: IN_PER_ROW }, (_, j) => calldataByte(j)).flat(),
  flow: 'continuation',
  continuation: COPY_FAR_OFFSET,
  configure(c) {
    const s = c.step;
    const n = s.next;
    const more = n.state(CALLDATA_COPY_MEMORY);
    const on = (j: number) => s.slotOn(2 * j);
    const f = (j: number) => s.auxByte(IN_FLAGS + j);
    const inLeft = auxBytes(s, IN_BYTES, 4);
    const rules: Record<string, Expr> = {};
    for (let j = 0; j < IN_PER_ROW; j++) {
      const before = inLeft.sub(sum([constant(0), ...Array.from({ length: j }, (_, k) => f(k))]));
      Object.assign(rules, {
        [`byte ${j}: read and write together`]: s.slotOn(2 * j + 1).sub(on(j)), [`f${j} boolean`]: bool(f(j)), [`f${j} ⇒ byte ${j} copied`]: f(j).mul(ONE.sub(on(j))),
        [`byte ${j}: written = f${j} · read lo`]: s.slot(2 * j + 1).lo.sub(f(j).mul(s.slot(2 * j).lo)), [`byte ${j}: written hi = 0`]: s.slot(2 * j + 1).hi,
        [`byte ${j} not from the calldata ⇒ none left`]: on(j).mul(ONE.sub(f(j))).mul(before),
      });
    }
    const rest = s.c1.sub(sum(Array.from({ length: IN_PER_ROW }, (_, j) => on(j))));
    const restIn = inLeft.sub(sum(Array.from({ length: IN_PER_ROW }, (_, j) => f(j))));
    c.gate({
      ...rules, 'a row not full leaves nothing': ONE.sub(on(IN_PER_ROW - 1)).mul(rest), 'last: nothing left': ONE.sub(more).mul(rest),
      'last: no calldata byte left': ONE.sub(more).mul(restIn), "more: c1' = c1 − bytes": more.mul(n.c1.sub(rest)), "more: r_in' = r_in − Σ f": more.mul(auxBytes(n, IN_BYTES, 4).sub(restIn)),
      [`more: c0' = c0 + ${IN_PER_ROW}`]: more.mul(n.c0.sub(s.c0).sub(IN_PER_ROW)), [`more: inv' = inv + ${IN_PER_ROW}`]: more.mul(n.inv.sub(s.inv).sub(IN_PER_ROW)),
      "more: the caller's id kept": more.mul(auxBytes(n, CALLER_BYTES, 4).sub(auxBytes(s, CALLER_BYTES, 4))), "more: far' = far": more.mul(n.auxByte(IN_FAR).sub(s.auxByte(IN_FAR))),
      ...farOffsetFollows(s, s.auxByte(IN_FAR), more), ...upperBytesZero(s, IN_FAR + 1),
    });
  },
  witness: () => ({}),
};

/**
 * A nested CALLDATACOPY's rows after its opcode row: CallDataCopyCaller (`caller` its caller's id, `at` the lo half of
 * its CallDataOffset) and the CallDataCopyMemory rows copying `size` bytes from `offset` of the caller's `data` (its
 * calldata range) to `dest`, each with the positions it copies.
 */
export function callDataCopyCallerWitness(dest: bigint, offset: bigint, size: number, length: number, caller: number, at: bigint):
  { caller: AuxWitness; rows: Array<AuxWitness & { positions: number[]; taken: boolean[] }> } {
  const far = isFarCopy(offset, size);
  const past = offset >= BigInt(length);
  const o = far ? 0 : Number(splitWord(offset)[0] & 0xffffffffn);
  const available = past ? 0 : length - o;
  const ge = size >= available;
  const taken = ge ? available : size;
  const live = size > 0;
  const compared = live ? firstRowComparison(far, past, o, length) | field(ge ? 1 : 0, M_BYTE) | field(ge ? size - available : available - size - 1, M_BYTES) | field(past ? 0 : 1, FLAGS) : 0n;
  const head: AuxWitness = { aux: wordCountWitness(size) | compared | field(length, LEN_BYTES), c0: splitWord(dest)[0], c1: BigInt(size), inv: far ? 0n : splitWord(offset)[0] };
  const rows = Array.from({ length: Math.ceil(size / IN_PER_ROW) }, (_, k) => {
    const i = IN_PER_ROW * k;
    const positions = Array.from({ length: Math.min(IN_PER_ROW, size - i) }, (_, j) => i + j);
    const flags = positions.map((q) => q < taken);
    return {
      aux: BigInt(caller) | field(Math.max(0, taken - i), IN_BYTES) | flags.reduce((acc, x, j) => acc | field(x ? 1 : 0, IN_FLAGS + j), 0n) | field(far ? 1 : 0, IN_FAR),
      c0: at + BigInt(o + i), c1: BigInt(size - i), inv: splitWord(dest)[0] + BigInt(i), positions, taken: flags,
    };
  });
  return { caller: head, rows };
}
export const CODECOPY = sourceCopy('CODECOPY', 0x39, 'code', 'CodeCopyBytes');
export const CODE_COPY_BYTES = sourceBytes('CodeCopyBytes', 'code');

const EXT_PREWARM = 'ExtCodeCopyPrewarm';
const EXT_OPEN = 'ExtCodeCopyOpen';

/** EXTCODECOPY's account: the low 160 bits of the popped word (as the EVM masks it), the opcode row's aux bytes 0 … 19. */
const extAddress = (op: StepExprs): Expr => auxBytes(op, 0, 20);

/** EXTCODECOPY's opcode row: the address word = aux, its warm write and CodeHash read, BALANCE's cold surcharge (see above). */
export const EXTCODECOPY: ExecutionGadget = {
  name: 'EXTCODECOPY',
  opcodes: [{ opcode: 0x3c, name: 'EXTCODECOPY', param: 0, gas: WARM_ACCOUNT_ACCESS, spDelta: 4, stack: 4 }],
  slots: [
    stackRead(0),
    { write: true, tag: RwTag.TxAccessListAccount, field: 0, key: (s) => ({ id: s.txId, address: extAddress(s) }) },
    { write: false, tag: RwTag.Account, field: AccountField.CodeHash, key: (s) => ({ id: constant(0), address: extAddress(s) }) },
  ],
  // the warm mark (EIP-2929: a failed call's accesses are cold again)
  reversible: true,
  flow: 'next',
  continuation: EXT_PREWARM,
  dynamicGas: BALANCE.dynamicGas!,
  configure(c) {
    c.gate({ ...is(c.step.slot(0), c.step.aux, 'address word = aux'), ...is(c.step.slot(1), small(ONE), 'account warm') });
  },
  witness: ({ slots: [a] }) => ({ aux: a }),
};

/** AccountPrewarm's row for EXTCODECOPY's address, followed by the opener. */
export const EXTCODECOPY_PREWARM: ExecutionGadget = {
  ...ACCOUNT_PREWARM,
  name: EXT_PREWARM,
  continuation: EXT_OPEN,
  configure(c) {
    const s = c.step;
    const op = s.at(-1);
    c.gate({ ...prewarmRules(s, extAddress(op), op.slotPrev(1).lo), 'opener follows': ONE.sub(s.next.state(EXT_OPEN)) });
  },
};

export const EXTCODECOPY_OPEN = sourceCopy(EXT_OPEN, 'ext', 'code', 'CodeCopyBytes');

/** A copy of `size` bytes from `offset` is far: past any source (CopyFarOffset proves the offset ≥ 2^32). */
export const isFarCopy = (offset: bigint, size: number): boolean => size > 0 && offset >= 1n << 32n;

/** A first bytes row's p and its comparison (a far copy: p = 1 and its far flag, no comparison) for offset `o` into `length` bytes. */
const firstRowComparison = (far: boolean, past: boolean, o: number, length: number): bigint =>
  (far ? field(1, P_BYTE) | field(1, FAR_BYTE) : field(past ? 1 : 0, P_BYTE) | field(past ? o - length : length - o - 1, D_BYTES));

/** A copy's bytes rows with what each writes. */
export type CopyRows = Array<AuxWitness & { bytes: number; values: bigint[] }>;

/**
 * The aux cells of a CALLDATACOPY or CODECOPY of `size` bytes of `data` from `offset` (far at 2^32 or more) to
 * `dest` with `memoryWords` in use; CODECOPY names its keccak `id` (the code's input).
 */
export function sourceCopyWitness(dest: bigint, offset: bigint, size: number, data: Uint8Array, memoryWords: number, id?: number): { opener: AuxWitness; rows: CopyRows } {
  const length = data.length;
  const opener: AuxWitness = {
    aux: expansionWitness(BigInt(memoryWords), dest, BigInt(size), true), isZero: halfSum(BigInt(size)),
    ...(id === undefined ? {} : { c1: BigInt(id), scratch: new Map([[3, BigInt(length)]]) }),
  };
  const far = isFarCopy(offset, size);
  const past = offset >= BigInt(length);
  const o = far ? 0 : Number(splitWord(offset)[0] & 0xffffffffn);
  const compared = size === 0 ? 0n : firstRowComparison(far, past, o, length);
  const kept = field(length, LEN_BYTES) | field(id ?? 0, ID_BYTES) | field(far ? 1 : 0, FAR_BYTE);
  const rows = Array.from({ length: Math.max(1, Math.ceil(size / COPY_BYTES_PER_ROW)) }, (_, k) => {
    const i = COPY_BYTES_PER_ROW * k;
    const bytes = Math.max(0, Math.min(COPY_BYTES_PER_ROW, size - i));
    const flags = Array.from({ length: bytes }, (_, j) => !past && o + i + j < length);
    const values = flags.map((f, j) => (f ? BigInt(data[o + i + j]!) : 0n));
    const cells = values.reduce((acc, v, j) => acc | field(v, DATA + j) | field(flags[j] ? 1 : 0, FLAGS + j), 0n);
    return {
      aux: BigInt(i) | cells | kept | (k === 0 ? wordCountWitness(size) | compared : 0n), c0: splitWord(dest)[0] + BigInt(i), c1: BigInt(size - i),
      inv: far ? 0n : splitWord(offset)[0], bytes, values,
    };
  });
  return { opener, rows };
}

/** MCOPY's direction: 1 = backward (dest > src). */
const direction = (s: StepExprs): Expr => s.auxByte(P_BYTE);
/** Position of byte j of an MCopyBytes row in the copy: i + j forward, r − 1 − j backward. */
const position = (s: StepExprs, j: number): Expr => direction(s).mul(s.c1.sub(1 + j)).add(ONE.sub(direction(s)).mul(rangeIndex(s).add(j)));

export const MCOPY: ExecutionGadget = {
  name: 'MCOPY',
  opcodes: [{ opcode: 0x5e, name: 'MCOPY', param: 0, gas: 3, spDelta: 3 }],
  slots: COPY_SLOTS,
  flow: 'next',
  continuation: 'MCopyExpand',
  expandsMemory: true,
  dynamicGas: (s) => words(s.at(2)).mul(COPY_WORD_GAS).add(expansionGas(s, s.next.memoryWords)),
  configure(c) {
    const s = c.step;
    const n = s.next;
    c.gate({
      ...rangeExpansion(c, s),
      ...is(n.slot(0), s.slot(2), "continuation's src"), ...is(n.slot(1), s.slot(1), "continuation's size"), ...is(n.slot(2), s.slot(0), "continuation's dest"),
    });
  },
  witness: rangeExpansionWitness,
};

export const MCOPY_EXPAND: ExecutionGadget = {
  name: 'MCopyExpand',
  opcodes: [],
  slots: [],
  flow: 'continuation',
  continuation: 'MCopyBytes',
  expandsMemory: true,
  dynamicGas: (s) => expansionGas(s, s.next.memoryWords),
  configure(c) {
    const s = c.step;
    const n = s.next;
    const d = direction(n);
    const [src, dest] = [s.slot(0).lo, s.slot(2).lo];
    c.gate({
      ...rangeReadOpener(c, s), ...wordCount(n, s.slot(1).lo),
      'one row': ONE.sub(n.state('MCopyBytes')),
      "continuation's dest": n.inv.sub(dest),
      'd boolean': bool(d),
      'copies: d ? dest − src − 1 : src − dest': ONE.sub(s.c0).mul(auxBytes(n, D_BYTES, 4).sub(d.mul(dest.sub(src).sub(1)).add(ONE.sub(d).mul(src.sub(dest))))),
    });
  },
  witness: () => ({}),
};

export const MCOPY_BYTES: ExecutionGadget = {
  name: 'MCopyBytes',
  opcodes: [],
  slots: Array.from({ length: MCOPY_BYTES_PER_ROW }, (_, j) => [memory(false, (s) => s.c0.add(position(s, j))), memory(true, (s) => s.inv.add(position(s, j)))]).flat(),
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    const on = (j: number) => s.slotOn(2 * j);
    const bytes: Record<string, Expr> = {};
    for (let j = 0; j < MCOPY_BYTES_PER_ROW; j++) {
      bytes[`byte ${j}: read and write together`] = s.slotOn(2 * j + 1).sub(on(j));
      Object.assign(bytes, is(s.slot(2 * j + 1), s.slot(2 * j), `byte ${j}: written = read`));
    }
    c.gate({ ...bytes, ...rowsChain(s, 'MCopyBytes', MCOPY_BYTES_PER_ROW, on, { src: (x) => x.c0, dest: (x) => x.inv, d: direction }) });
  },
  witness: () => ({}),
};

/** The rows after MCOPY's opcode row: MCopyExpand's aux cells (its scratch src, size, dest) and the bytes rows (each byte's position). */
export function mcopyWitness(dest: bigint, src: bigint, size: number, wordsAfterDest: number): { expand: AuxWitness; rows: Array<AuxWitness & { positions: number[] }> } {
  const expand: AuxWitness = { aux: expansionWitness(BigInt(wordsAfterDest), src, BigInt(size), true), isZero: halfSum(BigInt(size)), scratch: new Map([[0, src], [1, BigInt(size)], [2, dest]]) };
  const backward = dest > src;
  const [s, d] = [Number(splitWord(src)[0] & 0xffffffffn), Number(splitWord(dest)[0] & 0xffffffffn)];
  const compared = size === 0 ? 0n : field(backward ? d - s - 1 : s - d, D_BYTES);
  const rows = Array.from({ length: Math.max(1, Math.ceil(size / MCOPY_BYTES_PER_ROW)) }, (_, k) => {
    const i = MCOPY_BYTES_PER_ROW * k;
    const bytes = Math.max(0, Math.min(MCOPY_BYTES_PER_ROW, size - i));
    return {
      aux: BigInt(i) | field(backward ? 1 : 0, P_BYTE) | (k === 0 ? wordCountWitness(size) | compared : 0n), c0: splitWord(src)[0], c1: BigInt(size - i), inv: splitWord(dest)[0],
      positions: Array.from({ length: bytes }, (_, j) => (backward ? size - i - 1 - j : i + j)),
    };
  });
  return { expand, rows };
}

const RETURNDATACOPY_FRAME = 'ReturnDataCopyFrame';
/** ReturnDataCopyFrame's aux bytes: L − offset − size (in bounds), then t, 31 − t and w as a source copy's first row. */
const BOUND_BYTES = 0;

export const RETURNDATACOPY: ExecutionGadget = {
  name: 'RETURNDATACOPY',
  opcodes: [{ opcode: 0x3e, name: 'RETURNDATACOPY', param: 0, gas: 3, spDelta: 3 }],
  slots: [...COPY_SLOTS, callContext(CallContextField.LastCalleeReturnDataLength, false)],
  flow: 'next',
  continuation: RETURNDATACOPY_FRAME,
  expandsMemory: true,
  dynamicGas: (s) => words(s.next).mul(COPY_WORD_GAS).add(expansionGas(s, s.next.memoryWords)),
  configure(c) {
    c.gate(rangeExpansion(c, c.step));
  },
  witness: rangeExpansionWitness,
};

/** RETURNDATACOPY's second row: the bounds, the word count, and the last callee's memory handed to the bytes rows. */
export const RETURNDATACOPY_FRAME_ROW: ExecutionGadget = {
  name: RETURNDATACOPY_FRAME,
  opcodes: [],
  slots: [callContext(CallContextField.LastCalleeId, false), callContext(CallContextField.LastCalleeReturnDataOffset, false)],
  flow: 'continuation',
  continuation: RETURN_BYTES,
  configure(c) {
    const s = c.step;
    const op = s.at(-1);
    const [dest, size, offset, length] = [op.slot(0), op.slot(1), op.slot(2), op.slot(3).lo];
    c.gate({
      // EIP-211: offset + size ≤ RETURNDATASIZE (L < 2^32; halves below 2^128, so no wrap reaches 4 bytes)
      'offset hi = 0': offset.hi, 'size hi = 0': size.hi, 'aux bytes 0 … 3 = L − offset − size': auxBytes(s, BOUND_BYTES, 4).sub(length.sub(offset.lo).sub(size.lo)),
      ...wordCount(s, size.lo),
      // (a continuation row may be followed by itself: a second one would read free cells as its opcode row's)
      'one row': s.next.state(RETURNDATACOPY_FRAME),
      ...copyHandOver(s, RETURN_BYTES, { from: s.slot(1).lo.add(offset.lo), to: dest.lo, size: size.lo, source: s.slot(0).lo }),
      'aux byte 6 = 0': s.auxByte(6), 'aux byte 7 = 0': s.auxByte(7), ...upperBytesZero(s, W_BYTES + 4),
    });
  },
  witness: () => ({}),
};

/** ReturnDataCopyFrame's aux word: the bounds' slack and the word count of a copy of `size` bytes from `offset` of `length` bytes. */
export const returnDataCopyWitness = (length: bigint, offset: bigint, size: number): bigint => field(length - offset - BigInt(size), BOUND_BYTES) | wordCountWitness(size);
