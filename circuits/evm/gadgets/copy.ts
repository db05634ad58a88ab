/**
 * The copy family (v1: the root call of a tx that is not a creation): CALLDATACOPY, and RETURNDATACOPY of the root call's empty return data.
 *
 * Why the byte moves are continuation rows here and not lookups into the copy circuit's table (circuits/copy): the
 * batch circuit does not compose the copy circuit yet, and binding an EVM step to a copy event would need a new lookup
 * of the step frame into that table (circuits/evm/circuit.ts and circuits/super). Continuation rows, as KECCAK256 and
 * LOGn read memory ranges, use only the RW and tx lookups every step already has, so the opcodes are provable now;
 * a copy costs one row per 4 bytes in the step region instead of one row per byte in the copy table.
 *
 * CALLDATACOPY (pop dest, pop offset, pop size; memory[dest + i] = calldata[offset + i], 0 past the calldata's end):
 *   opcode row: slots dest (sp), size (sp + 2), offset (sp + 1) — in that order, so memory.ts's rangeReadOpener
 *               (offset slot 0, size slot 1) proves the expansion over [dest, dest + size) and starts the rows at
 *               c0 = dest, r = size, index 0; c1 = len, the tx's CallDataLength by a tx lookup. Gas 3 + 3·w +
 *               expansion, w = ⌈size/32⌉ proven on the first row (aux bytes 4, 5 = t, 31 − t; 8 … 11 = w;
 *               32·w = size + 31 − t). Where size > 0: offset hi = 0, and p = (offset ≥ len) on the first row (aux
 *               byte 6, boolean) with aux bytes 12 … 15 = p ? offset − len : len − offset − 1; the first byte's flag
 *               is 1 − p.
 *   CallDataCopyBytes rows (4 optional Memory writes at c0 … c0 + 3, chained by r, c0 and the index i as KECCAK256's
 *               reads are): inv = offset, aux bytes 24 … 27 = len (both kept along the rows), aux byte 16 + j = byte
 *               j (so a byte) = slot j's value, aux byte 20 + j = f_j: byte j is calldata (index offset + i + j looked
 *               up in the tx table), else 0. The flags are boolean, only on written bytes, monotone across the rows,
 *               and fall from 1 to 0 only at index len. So from offset < len the bytes before len are calldata (a
 *               flag kept past len would look up a calldata index the tx table does not hold), from offset ≥ len
 *               all are 0.
 * RETURNDATACOPY: the root call has made no call, so its return data is empty and only offset = size = 0 succeeds
 *   (anything else is the out-of-bounds error, which a trace marks as an error step: unsupported); gas 3.
 */
import { splitWord } from '../../gadgets/word.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import { RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot, StepExprs } from '../step.js';
import { auxBytes, is, small, ZERO } from './common.js';
import { halfSum } from './comparison.js';
import { expansionGas, expansionWitness, rangeIndex, rangeReadOpener } from './memory.js';

export const COPY_BYTES_PER_ROW = 4;
const ONE = constant(1);
/** First-row aux bytes: t, 31 − t, the past flag p, the word count w, the offset comparison. */
const T_BYTE = 4;
const P_BYTE = 6;
const W_BYTES = 8;
const D_BYTES = 12;
/** Every row's aux bytes: the data bytes, their calldata flags, the calldata length. */
const DATA = 16;
const FLAGS = 20;
const LEN_BYTES = 24;
/** Gas per 32-byte word copied. */
export const COPY_WORD_GAS = 3n;

const words = (first: StepExprs): Expr => auxBytes(first, W_BYTES, 4);
const flag = (s: StepExprs, j: number): Expr => s.auxByte(FLAGS + j);
const len = (s: StepExprs): Expr => auxBytes(s, LEN_BYTES, 4);
/** The calldata index of the row's byte j. */
const sourceIndex = (s: StepExprs, j: number): Expr => s.inv.add(rangeIndex(s)).add(j);
const stackRead = (base: number) => ({ write: false, base });

/** w = ⌈size/32⌉ on `first` (the opener's next row): t ∈ [0, 31] and 32·w = size + 31 − t. */
const wordCount = (first: StepExprs, size: Expr): Record<string, Expr> => ({
  't + (31 − t) = 31': first.auxByte(T_BYTE).add(first.auxByte(T_BYTE + 1)).sub(31),
  '32·w = size + 31 − t': words(first).mul(32).sub(size).sub(31).add(first.auxByte(T_BYTE)),
});

export const CALLDATACOPY: ExecutionGadget = {
  name: 'CALLDATACOPY',
  opcodes: [{ opcode: 0x37, name: 'CALLDATACOPY', param: 0, gas: 3, spDelta: 3 }],
  slots: [stackRead(0), stackRead(2), stackRead(1)],
  flow: 'next',
  continuation: 'CallDataCopyBytes',
  expandsMemory: true,
  // a creating frame has no calldata (the tx's data is its init code): not built, so refused here
  txLookups: (s) => [{ tag: TxFieldTag.CallDataLength, value: small(s.c1) }, { tag: TxFieldTag.IsCreate, value: ZERO }],
  dynamicGas: (s) => words(s.next).mul(COPY_WORD_GAS).add(expansionGas(s, s.next.memoryWords)),
  configure(c) {
    const s = c.step;
    const n = s.next;
    const live = ONE.sub(s.c0);
    const offset = s.slot(2);
    const p = n.auxByte(P_BYTE);
    c.gate({
      ...rangeReadOpener(c, s), ...wordCount(n, s.slot(1).lo),
      "continuation's offset": n.inv.sub(offset.lo), "continuation's len": len(n).sub(s.c1),
      'copies: offset hi = 0': live.mul(offset.hi),
      'p boolean': p.mul(ONE.sub(p)),
      'copies: p ? offset − len : len − offset − 1': live.mul(auxBytes(n, D_BYTES, 4).sub(p.mul(offset.lo.sub(s.c1)).add(ONE.sub(p).mul(s.c1.sub(offset.lo).sub(1))))),
      'copies: first flag = 1 − p': live.mul(flag(n, 0).sub(ONE.sub(p))),
    });
  },
  // the builder fills this row (the calldata length is the tx's): callDataCopyWitness
  witness: () => ({}),
};

/** Memory byte c0 + j of the running call, written where the row covers it. */
const memoryWrite = (j: number): KeyedSlot => ({ write: true, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.callId, address: s.c0.add(j) }) });

export const CALLDATA_COPY_BYTES: ExecutionGadget = {
  name: 'CallDataCopyBytes',
  opcodes: [],
  slots: Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => memoryWrite(j)),
  flow: 'continuation',
  txLookups: (s) => Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => ({ tag: TxFieldTag.CallData, index: sourceIndex(s, j), value: small(s.auxByte(DATA + j)), enabled: flag(s, j) })),
  configure(c) {
    const s = c.step;
    const n = s.next;
    const more = n.state('CallDataCopyBytes');
    const rest = s.c1.sub(sum(Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => s.slotOn(j))));
    const bytes: Record<string, Expr> = {};
    for (let j = 0; j < COPY_BYTES_PER_ROW; j++) {
      const f = flag(s, j);
      Object.assign(bytes, is(s.slot(j), small(s.auxByte(DATA + j)), `byte ${j} = aux byte`));
      bytes[`f${j} boolean`] = f.mul(ONE.sub(f));
      bytes[`f${j} ⇒ byte ${j} written`] = f.mul(ONE.sub(s.slotOn(j)));
      bytes[`byte ${j} not calldata is 0`] = ONE.sub(f).mul(s.auxByte(DATA + j));
      if (j > 0) {
        bytes[`f${j} ⇒ f${j - 1}`] = f.mul(ONE.sub(flag(s, j - 1)));
        bytes[`f falls at byte ${j} only at index len`] = s.slotOn(j).mul(flag(s, j - 1).sub(f)).mul(sourceIndex(s, j).sub(len(s)));
      }
    }
    const lastFlag = flag(s, COPY_BYTES_PER_ROW - 1);
    c.gate({
      ...bytes,
      'a row not full leaves nothing': ONE.sub(s.slotOn(COPY_BYTES_PER_ROW - 1)).mul(rest),
      'last: nothing left': ONE.sub(more).mul(rest),
      "more: r' = r − Σ on": more.mul(n.c1.sub(rest)),
      "more: c0' = c0 + 4": more.mul(n.c0.sub(s.c0).sub(COPY_BYTES_PER_ROW)),
      "more: index' = index + 4": more.mul(rangeIndex(n).sub(rangeIndex(s)).sub(COPY_BYTES_PER_ROW)),
      "more: offset' = offset": more.mul(n.inv.sub(s.inv)), "more: len' = len": more.mul(len(n).sub(len(s))),
      "more: f0' ⇒ f3": more.mul(flag(n, 0)).mul(ONE.sub(lastFlag)),
      "more: f falls at the next row's byte 0 only at index len": more.mul(lastFlag.sub(flag(n, 0))).mul(sourceIndex(n, 0).sub(len(s))),
    });
  },
  witness: () => ({}),
};

/** The aux cells of a CALLDATACOPY of `size` bytes of calldata `data` from `offset` to `dest`: the opener's and each row's (with its bytes). */
export function callDataCopyWitness(dest: bigint, offset: bigint, size: number, data: Uint8Array, memoryWords: number): { opener: AuxWitness; rows: Array<AuxWitness & { bytes: number; values: bigint[] }> } {
  const length = data.length;
  const opener: AuxWitness = { aux: expansionWitness(BigInt(memoryWords), dest, BigInt(size), true), isZero: halfSum(BigInt(size)), c1: BigInt(length) };
  const past = offset >= BigInt(length);
  const o = Number(offset & 0xffffffffn);
  const t = (size + 31) % 32;
  const counted = (BigInt(t) << BigInt(8 * T_BYTE)) | (BigInt(31 - t) << BigInt(8 * (T_BYTE + 1))) | (BigInt(Math.ceil(size / 32)) << BigInt(8 * W_BYTES));
  const compared = size === 0 ? 0n : ((past ? 1n : 0n) << BigInt(8 * P_BYTE)) | (BigInt(past ? o - length : length - o - 1) << BigInt(8 * D_BYTES));
  const first = counted | compared;
  const rows = Array.from({ length: Math.max(1, Math.ceil(size / COPY_BYTES_PER_ROW)) }, (_, k) => {
    const i = COPY_BYTES_PER_ROW * k;
    const bytes = Math.max(0, Math.min(COPY_BYTES_PER_ROW, size - i));
    const flags = Array.from({ length: bytes }, (_, j) => !past && o + i + j < length);
    const values = flags.map((f, j) => (f ? BigInt(data[o + i + j]!) : 0n));
    const cells = values.reduce((acc, v, j) => acc | (v << BigInt(8 * (DATA + j))) | ((flags[j] ? 1n : 0n) << BigInt(8 * (FLAGS + j))), 0n);
    return {
      aux: BigInt(i) | cells | (BigInt(length) << BigInt(8 * LEN_BYTES)) | (k === 0 ? first : 0n), c0: splitWord(dest)[0] + BigInt(i), c1: BigInt(size - i),
      inv: splitWord(offset)[0], bytes, values,
    };
  });
  return { opener, rows };
}

export const RETURNDATACOPY: ExecutionGadget = {
  name: 'RETURNDATACOPY',
  opcodes: [{ opcode: 0x3e, name: 'RETURNDATACOPY', param: 0, gas: 3, spDelta: 3 }],
  slots: [stackRead(0), stackRead(1), stackRead(2)],
  flow: 'next',
  configure(c) {
    c.gate({ ...is(c.step.slot(1), ZERO, 'no return data: offset = 0'), ...is(c.step.slot(2), ZERO, 'no return data: size = 0') });
  },
  witness: () => ({}),
};
