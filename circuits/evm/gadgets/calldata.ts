/**
 * CALLDATALOAD: read offset o (sp), write value (sp); value = calldata[o … o + 31], bytes past the calldata's end 0.
 * A call's calldata is its call context's CallDataOffset and CallDataLength: the root call's are 0 and its tx's data
 * length (0 for a creation, whose data is init code: BeginTx1), its bytes the tx table's calldata rows; a nested
 * call's are the range of its caller's memory the CALL named (gadgets/call.ts), its bytes that memory. The opcode
 * row works out how many of the 32 bytes exist, n = min(32, max(0, len − o)), and its continuation reads them: in the
 * root call 8 CallDataRead rows (word-rows.ts) look the first n bytes up in the tx table and prove the rest 0; in a
 * nested call CallDataCaller reads the caller's id and CallDataMemoryRead rows read the n bytes from its memory.
 *
 * Opcode row (slots: o, the value, the call's CallDataLength len and CallDataOffset; c0 = p, c1 = u; aux bytes):
 *   bytes 0 … 3   the offset o (an offset below 2^32: its lo, hi = 0)
 *   bytes 4 … 7   p = 1 (o ≥ len, past the end): o − len;  p = 0: len − o − 1
 *   bytes 8 … 11  p = 0, u = 1 (len − o ≥ 32, a full word): len − o − 32;  p = 0, u = 0: 31 − (len − o);  p = 1: 0, u = 0
 *   bytes 12 … 15 zero, byte 16 far = 0, bytes 17 … 31 zero
 * so with len, o < 2^32 (the tx circuit bounds a tx's calldata length, a CALL's memory expansion its arguments') p
 * and u are the true comparisons and n = (1 − p)·(32·u + (1 − u)·(len − o)). An offset of 2^32 or more (far = 1)
 * is past any calldata: bytes 0 … 15 hold its lo, (hi + bytes 4 … 15)·inv = 1 (halves below 2^128: 0 only if both
 * are), p = 1, and the word loads 0 (o, its low 4 bytes, only places the continuation rows, which read nothing).
 *
 * CallDataRead row (root; no RW access; its slot cells are scratch: flag f_j in slot j's lo, r in slot 0's hi): byte j
 * (aux byte 31 − j) is looked up as calldata index c0 + j where f_j = 1 and is 0 where f_j = 0; the flags are a
 * monotone mask (f_{j+1} ⇒ f_j); r − Σ f is the next row's r, 0 after a row that is not full and on the last row.
 * So exactly the first n bytes of the word are calldata and the others 0.
 *
 * CallDataCaller row (nested): reads the call's CallerId; hands the bytes rows aux = the value, c0 = CallDataOffset + o
 * (the first byte's address in the caller's memory), c1 = n, inv = the caller's id.
 * CallDataMemoryRead rows (nested; one per 4 bytes read, at least one): slot j an optional Memory read of (inv, c0 + j),
 * its on flag f_j (monotone by the framework); aux byte 31 − j = f_j·(the byte read); c1 − Σ f is the next row's c1, 0
 * after a row that is not full and on the last row; the next row holds the aux word shifted up by 4 bytes, c0 + 4 and
 * the same inv; the last row's aux bytes 0 … 27 (the word's bytes after the ones read) are 0. So the value is the n
 * bytes of the caller's memory at CallDataOffset + o followed by zeros.
 */
import { splitWord } from '../../gadgets/word.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import { CallContextField, RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot, StepExprs } from '../step.js';
import { auxBytes, callContext, is, isZeroInverse, small, upperBytesZero } from './common.js';
import { auxShifted, BYTES_PER_ROW, rowByte, WORD_ROWS, wordRow, wordRowsChain, wordRowsStart } from './word-rows.js';

const ONE = constant(1);
const CALLER = 'CallDataCaller';
const MEMORY_ROWS = 'CallDataMemoryRead';

const flag = (s: StepExprs, j: number): Expr => s.slot(j).lo;
/** The opcode row's flag of an offset of 2^32 or more. */
const FAR_BYTE = 16;
const remaining = (s: StepExprs): Expr => s.slot(0).hi;
const offset = (op: StepExprs): Expr => auxBytes(op, 0, 4);
/** n, the bytes of the word that are calldata, from the opcode row's cells. */
const available = (op: StepExprs): Expr => {
  const [p, u] = [op.c0, op.c1];
  return ONE.sub(p).mul(u.mul(32).add(ONE.sub(u).mul(op.slot(2).lo.sub(offset(op)))));
};

export const CALLDATALOAD: ExecutionGadget = {
  name: 'CALLDATALOAD',
  opcodes: [{ opcode: 0x35, name: 'CALLDATALOAD', param: 0, gas: 3, spDelta: 0 }],
  slots: [{ write: false, base: 0 }, { write: true, base: 0 }, callContext(CallContextField.CallDataLength, false), callContext(CallContextField.CallDataOffset, false)],
  flow: 'next',
  continuation: 'CallDataRead',
  nestedContinuation: CALLER,
  configure(c) {
    const s = c.step;
    const o = offset(s);
    const len = s.slot(2).lo;
    const [p, u] = [s.c0, s.c1];
    const rest = len.sub(o);
    const far = s.auxByte(FAR_BYTE);
    const near = ONE.sub(far);
    c.gate({
      'far boolean': far.mul(ONE.sub(far)), 'far ⇒ past': far.mul(ONE.sub(p)),
      'near: offset lo = aux bytes 0 … 3': near.mul(s.slot(0).lo.sub(o)), 'near: offset hi = 0': near.mul(s.slot(0).hi), 'CallDataLength hi = 0': s.slot(2).hi,
      'far: offset lo = aux bytes 0 … 15': far.mul(s.slot(0).lo.sub(auxBytes(s, 0, 16))), 'far: offset ≥ 2^32: (hi + aux bytes 4 … 15)·inv = 1': far.mul(s.slot(0).hi.add(auxBytes(s, 4, 12)).mul(s.inv).sub(1)),
      'past: boolean': p.mul(ONE.sub(p)), 'full: boolean': u.mul(ONE.sub(u)), 'past ⇒ not full': p.mul(u),
      'near: bytes 4 … 7 = past ? o − len : len − o − 1': near.mul(auxBytes(s, 4, 4).sub(p.mul(o.sub(len)).add(ONE.sub(p).mul(rest.sub(1))))),
      'near: bytes 8 … 11 = full ? len − o − 32 : 31 − (len − o)': near.mul(auxBytes(s, 8, 4).sub(ONE.sub(p).mul(u.mul(rest.sub(32)).add(ONE.sub(u).mul(constant(31).sub(rest)))))),
      ...Object.fromEntries([12, 13, 14, 15].map((j) => [`near: aux byte ${j} = 0`, near.mul(s.auxByte(j))])), ...upperBytesZero(s, FAR_BYTE + 1),
      // the root call's rows (a nested call's are CallDataCaller's rules)
      ...Object.fromEntries(Object.entries({
        ...is(s.next.aux, s.slot(1), "continuation's aux = value"), "continuation's c0 = offset": s.next.c0.sub(o), ...wordRowsStart(s),
        "continuation's r = bytes in the calldata": remaining(s.next).sub(available(s)),
      }).map(([name, e]) => [`root: ${name}`, s.isRoot.mul(e)])),
    });
  },
  // the builder fills this row (it needs the call's calldata length): callDataLoadWitness
  witness: () => ({}),
};

export const CALLDATA_READ: ExecutionGadget = {
  name: 'CallDataRead',
  opcodes: [],
  slots: [],
  flow: 'continuation',
  txLookups: (s) => Array.from({ length: BYTES_PER_ROW }, (_, j) => ({ tag: TxFieldTag.CallData, index: s.c0.add(j), value: small(s.auxByte(rowByte(j))), enabled: flag(s, j) })),
  configure(c) {
    const s = c.step;
    const one = constant(1);
    const rest = remaining(s).sub(sum(Array.from({ length: BYTES_PER_ROW }, (_, j) => flag(s, j))));
    const flags: Record<string, Expr> = {};
    for (let j = 0; j < BYTES_PER_ROW; j++) {
      flags[`f${j} boolean`] = flag(s, j).mul(one.sub(flag(s, j)));
      if (j > 0) flags[`f${j} ⇒ f${j - 1}`] = flag(s, j).mul(one.sub(flag(s, j - 1)));
      flags[`byte ${j} past the calldata is 0`] = one.sub(flag(s, j)).mul(s.auxByte(rowByte(j)));
    }
    const more = s.next.state('CallDataRead');
    c.gate({
      ...flags, ...wordRowsChain(s, 'CallDataRead'),
      "more: r' = r − Σ f": more.mul(remaining(s.next).sub(rest)),
      'a row not full leaves nothing': one.sub(flag(s, BYTES_PER_ROW - 1)).mul(rest),
      'last: nothing left': one.sub(more).mul(rest),
    });
  },
  witness: () => ({}),
};

/** The caller's id, from CallDataCaller's read: the memory the bytes rows read. */
const callerMemory = (j: number): KeyedSlot => ({ write: false, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.inv, address: s.c0.add(j) }) });

export const CALLDATA_CALLER: ExecutionGadget = {
  name: CALLER,
  opcodes: [],
  slots: [callContext(CallContextField.CallerId, false)],
  flow: 'continuation',
  continuation: MEMORY_ROWS,
  configure(c) {
    const s = c.step;
    const [op, n] = [s.at(-1), s.next];
    c.gate({
      ...is(n.aux, op.slot(1), "bytes rows' aux = value"), "bytes rows' c0 = CallDataOffset + o": n.c0.sub(op.slot(3).lo).sub(offset(op)),
      "bytes rows' c1 = bytes in the calldata": n.c1.sub(available(op)), "bytes rows' inv = the caller's id": n.inv.sub(s.slot(0).lo),
      'bytes rows follow': ONE.sub(n.state(MEMORY_ROWS)), ...upperBytesZero(s, 0),
    });
  },
  witness: () => ({}),
};

export const CALLDATA_MEMORY_READ: ExecutionGadget = {
  name: MEMORY_ROWS,
  opcodes: [],
  slots: Array.from({ length: BYTES_PER_ROW }, (_, j) => callerMemory(j)),
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    const n = s.next;
    const more = n.state(MEMORY_ROWS);
    const rest = s.c1.sub(sum(Array.from({ length: BYTES_PER_ROW }, (_, j) => s.slotOn(j))));
    const bytes: Record<string, Expr> = {};
    for (let j = 0; j < BYTES_PER_ROW; j++) {
      bytes[`byte ${j} = f${j} · the byte read`] = s.auxByte(rowByte(j)).sub(s.slotOn(j).mul(s.slot(j).lo));
      bytes[`byte ${j} read: hi = 0`] = s.slot(j).hi;
    }
    c.gate({
      ...bytes, ...auxShifted(s, more),
      "more: c0' = c0 + 4": more.mul(n.c0.sub(s.c0).sub(BYTES_PER_ROW)), "more: inv' = inv": more.mul(n.inv.sub(s.inv)), "more: c1' = c1 − Σ f": more.mul(n.c1.sub(rest)),
      'a row not full leaves nothing': ONE.sub(s.slotOn(BYTES_PER_ROW - 1)).mul(rest), 'last: nothing left': ONE.sub(more).mul(rest),
      // aux bytes 0 … 15 and 16 … 27: below 2^224 < r, so each sum is 0 only if its bytes are
      "last: the word's bytes after those read are 0 (lo)": ONE.sub(more).mul(s.aux.lo), "last: the word's bytes after those read are 0 (hi)": ONE.sub(more).mul(auxBytes(s, 16, 12)),
    });
  },
  witness: () => ({}),
};

/** A CALLDATALOAD's rows after its opcode row: the root call's CallDataRead rows, or a nested call's CallDataCaller and CallDataMemoryRead rows. */
export type CallDataLoadRows = { readonly root: AuxWitness[] } | { readonly caller: AuxWitness; readonly memory: Array<AuxWitness & { bytes: number }> };

/**
 * The opcode row's aux cells and its continuation rows' for a load at `offset` (< 2^32) of calldata `data`: the tx's
 * (root), or the caller's memory range (nested: `at` the lo half of its CallDataOffset, `caller` its id).
 */
export function callDataLoadWitness(offsetWord: bigint, data: Uint8Array, nested?: { at: bigint; caller: number }): { opener: AuxWitness; rows: CallDataLoadRows; word: bigint } {
  const len = data.length;
  const far = offsetWord >= 1n << 32n;
  // (a far offset's low 4 bytes only place the continuation rows, which read nothing)
  const offset = Number(offsetWord & 0xffffffffn);
  const past = far || offset >= len;
  const full = !past && len - offset >= 32;
  const n = past ? 0 : Math.min(32, len - offset);
  const word = Array.from({ length: 32 }, (_, k) => (k < n ? BigInt(data[offset + k]!) : 0n)).reduce((acc, b) => (acc << 8n) | b, 0n);
  const b1 = BigInt(past ? offset - len : len - offset - 1);
  const b2 = BigInt(past ? 0 : full ? len - offset - 32 : 31 - (len - offset));
  const [lo, hi] = splitWord(offsetWord);
  const opener: AuxWitness = far
    ? { aux: lo | (1n << BigInt(8 * FAR_BYTE)), c0: 1n, c1: 0n, inv: isZeroInverse(hi + (lo >> 32n)) }
    : { aux: BigInt(offset) | (b1 << 32n) | (b2 << 64n), c0: past ? 1n : 0n, c1: full ? 1n : 0n };
  if (nested !== undefined) {
    const memory = Array.from({ length: Math.max(1, Math.ceil(n / BYTES_PER_ROW)) }, (_, i) => {
      const { aux } = wordRow(word, 0, i);
      return { aux, c0: nested.at + BigInt(offset + BYTES_PER_ROW * i), c1: BigInt(n - BYTES_PER_ROW * i), inv: BigInt(nested.caller), bytes: Math.max(0, Math.min(BYTES_PER_ROW, n - BYTES_PER_ROW * i)) };
    });
    return { opener, rows: { caller: {}, memory }, word };
  }
  const root = Array.from({ length: WORD_ROWS }, (_, i): AuxWitness => {
    const { bytes: _bytes, ...cells } = wordRow(word, offset, i);
    const left = Math.max(0, n - BYTES_PER_ROW * i);
    const flags = Array.from({ length: BYTES_PER_ROW }, (_, j) => (j < left ? 1n : 0n));
    return { ...cells, scratch: new Map(flags.map((f, j) => [j, j === 0 ? f | (BigInt(left) << 128n) : f])) };
  });
  return { opener, rows: { root }, word };
}
