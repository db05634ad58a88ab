/**
 * Memory: MLOAD, MSTORE, MSTORE8, and RETURN's memory expansion. Memory is byte-granular in the RW table (tag Memory,
 * id = call id, address = byte offset, value = the byte; a byte never written reads 0), as the copy circuit addresses
 * it. A word access is the opcode row (stack operands, memory expansion gas) and 8 continuation rows of 4 byte
 * accesses each; MSTORE8 is the opcode row and one continuation row.
 *
 *   MLOAD:   read offset (sp), write value (sp); then 8 MemoryRead rows: value = memory[offset … offset + 31].
 *   MSTORE:  read offset (sp), read value (sp + 1); then 8 MemoryWrite rows: memory[offset … offset + 31] = value.
 *   MSTORE8: read offset (sp), read value (sp + 1); then one MemoryByte row: memory[offset] = value mod 256.
 *
 * The opcode row hands the continuation the word (as its aux word), the first offset (c0) and, for words, the row
 * count 8 (c1); a word's rows are chained as word-rows.ts describes, row i accessing offsets c0 … c0 + 3 with the
 * word's big-endian bytes 4i … 4i + 3 (memory is big-endian: offset o + k holds the word's byte 31 − k).
 *
 * Memory expansion (Yellow Paper: C_mem(a) = 3a + ⌊a²/512⌋ for a words in use) in the opcode row's aux bytes, for
 * an access of `size` bytes (a constant, or RETURN's stack operand):
 *
 *   bytes 0 … 3   the offset o (offset hi = 0: a larger offset runs out of gas, an error state not built yet)
 *   byte 4, 5     t and 31 − t, so t ∈ [0, 31]: with q = (o + size + 31 − t)/32, q = ⌈(o + size)/32⌉ words
 *   bytes 6 … 9   d: with e = byte 30 boolean, e = 1: q − m − 1 = d, m' = q (the access expands memory);
 *                 e = 0: m − q = d, m' = m — so m' = max(m, q), and q is an integer (it is m ± an integer)
 *   bytes 10, 11  G, bytes 12 … 17 F: m² = 512·F + G, G < 512 (byte 11 boolean): F = ⌊m²/512⌋
 *   bytes 24, 25  G', bytes 18 … 23 F': the same for m'
 *   bytes 26 … 29 a variable size (size hi = 0; larger sizes run out of gas), else 0; byte 31 zero
 *
 * with m the memory size in words before the step and m' the next row's (RETURN: its c1; KECCAK256 and LOGn, whose
 * size is slot 1 as RETURN's, expand into the next row's memory size). An empty access of a
 * variable size (size = 0) touches no memory at any offset: then e = 0 and bytes 0 … 9, 26 … 29 are 0. The step
 * costs its table gas + 3·(m' − m) + F' − F (the expansion term is the dynamic gas). Every quantity is far below r
 * (o, size < 2^32 bound q and, by induction from an empty memory, m < 2^28), so these identities hold over the
 * integers.
 */
import { FR_MODULUS } from '../../field/constants.js';
import { modInverse } from '../../field/modular.js';
import { constant, type Expr } from '../../plonk/index.js';
import { CallContextField, RwTag } from '../../state/table.js';
import type { AuxWitness, ExecutionGadget, GadgetConfigurer, KeyedSlot, StepExprs, WordExpr } from '../step.js';
import { auxBytes, callContext, is } from './common.js';
import { halfSum } from './comparison.js';
import { BYTES_PER_ROW, rowByte, wordRowsChain, wordRowsStart } from './word-rows.js';

const INV_32 = modInverse(32n, FR_MODULUS);

/** Yellow Paper C_mem without the fee schedule's names: the gas of `words` words of memory. */
export const memoryCost = (words: bigint): bigint => 3n * words + (words * words) / 512n;

/** Memory size in words after an access of `size` > 0 bytes at `offset` with `words` in use, and its expansion gas. */
export function memoryExpansion(words: bigint, offset: bigint, size: bigint): { words: bigint; gas: bigint } {
  const needed = (offset + size + 31n) / 32n;
  const after = needed > words ? needed : words;
  return { words: after, gas: memoryCost(after) - memoryCost(words) };
}


/** Where the expansion rules keep the flag e and a variable size's bytes. */
const E_BYTE = 30;
const SIZE_BYTES = 26;
const ONE = constant(1);

/**
 * An access as the expansion rules see it: `size` bytes (a constant, or a word of the row — slot 1's, with `sizeZero`
 * its IsZero flag: an empty access touches no memory, whatever its offset) at `offset` (slot 0's word unless given), with
 * m' in `after`.
 */
export interface Access { readonly size: number | WordExpr; readonly after: Expr; readonly sizeZero?: Expr; readonly offset?: WordExpr }

const sizeBytesZero = (s: StepExprs): Record<string, Expr> => Object.fromEntries([0, 1, 2, 3].map((j) => [`aux byte ${SIZE_BYTES + j} = 0`, s.auxByte(SIZE_BYTES + j)]));

/** The expansion rules above (also KECCAK256's and LOGn's, whose size is slot 1). */
export function expansion(s: StepExprs, a: Access): Record<string, Expr> {
  const o = auxBytes(s, 0, 4);
  const e = s.auxByte(E_BYTE);
  const m = s.memoryWords;
  const m2 = a.after;
  const word = typeof a.size === 'number' ? undefined : a.size;
  const offset = a.offset ?? s.slot(0);
  const size = word === undefined ? constant(a.size as number) : auxBytes(s, SIZE_BYTES, 4);
  const live = a.sizeZero === undefined ? ONE : ONE.sub(a.sizeZero);
  const q = o.add(size).add(31).sub(s.auxByte(4)).mul(INV_32);
  const notE = ONE.sub(e);
  const idle: Record<string, Expr> = {};
  if (a.sizeZero !== undefined) {
    idle['no access: no expansion'] = a.sizeZero.mul(e);
    for (const k of [...Array(10).keys(), 26, 27, 28, 29]) idle[`no access: aux byte ${k} = 0`] = a.sizeZero.mul(s.auxByte(k));
  }
  return {
    'offset lo = aux bytes 0 … 3': live.mul(offset.lo.sub(o)), 'offset hi = 0': live.mul(offset.hi),
    ...(word !== undefined ? { 'size lo = aux bytes 26 … 29': live.mul(word.lo.sub(size)), 'size hi = 0': live.mul(word.hi) } : sizeBytesZero(s)),
    't + (31 − t) = 31': live.mul(s.auxByte(4).add(s.auxByte(5)).sub(31)),
    'expands: boolean': e.mul(notE),
    "m' = expands ? q : m": m2.sub(e.mul(q).add(notE.mul(m))),
    'd = expands ? q − m − 1 : m − q': live.mul(auxBytes(s, 6, 4).sub(e.mul(q.sub(m).sub(1)).add(notE.mul(m.sub(q))))),
    'G < 512': s.auxByte(11).mul(ONE.sub(s.auxByte(11))),
    "G' < 512": s.auxByte(25).mul(ONE.sub(s.auxByte(25))),
    'm² = 512·F + G': m.mul(m).sub(auxBytes(s, 12, 6).mul(512)).sub(auxBytes(s, 10, 2)),
    "m'² = 512·F' + G'": m2.mul(m2).sub(auxBytes(s, 18, 6).mul(512)).sub(auxBytes(s, 24, 2)),
    'aux byte 31 = 0': s.auxByte(31),
    ...idle,
  };
}

/** The input index of a range-read continuation row (KECCAK256's bytes, LOG's data): its aux bytes 0 … 3. */
export const rangeIndex = (s: StepExprs): Expr => auxBytes(s, 0, 4);

/**
 * The opener of a memory range read by continuation rows (KECCAK256, LOG): offset in slot 0, size in slot 1,
 * c0 = (size = 0) by IsZero, the expansion for that size, and the first continuation row at c0 = offset with
 * r = size bytes left and input index 0.
 */
export function rangeReadOpener(c: GadgetConfigurer, s: StepExprs): Record<string, Expr> {
  const n = s.next;
  return {
    ...rangeExpansion(c, s),
    "continuation's c0 = offset": n.c0.sub(s.slot(0).lo), "continuation's r = size": n.c1.sub(s.slot(1).lo),
    "continuation's index = 0": rangeIndex(n),
  };
}

/** A range's expansion: offset in slot 0, size in slot 1, c0 = (size = 0) by IsZero, the next row's memory size. */
export function rangeExpansion(c: GadgetConfigurer, s: StepExprs): Record<string, Expr> {
  c.isZero(s.slot(1).lo.add(s.slot(1).hi), c.c0Column);
  return expansion(s, { size: s.slot(1), after: s.next.memoryWords, sizeZero: s.c0 });
}
/** rangeExpansion's cells: the aux word and the IsZero input (slot 1's halves' sum). */
export const rangeExpansionWitness = ({ slots: [offset, size], memoryWords }: { slots: readonly bigint[]; memoryWords: number }): AuxWitness =>
  ({ aux: expansionWitness(BigInt(memoryWords), offset!, size!, true), isZero: halfSum(size!) });

/** 3·(m' − m) + F' − F. */
export const expansionGas = (s: StepExprs, after: Expr): Expr => after.sub(s.memoryWords).mul(3).add(auxBytes(s, 18, 6)).sub(auxBytes(s, 12, 6));

/** The opcode row's aux word for an access of `size` bytes at `offset` with `words` in use (size 0: no access). */
export function expansionWitness(words: bigint, offset: bigint, size: bigint, variable: boolean): bigint {
  const live = size > 0n;
  const { words: after } = live ? memoryExpansion(words, offset, size) : { words };
  const q = (offset + size + 31n) / 32n;
  const e = live && q > words;
  const t = (offset + size + 31n) % 32n;
  const fields: Array<[bigint, number]> = [
    [(words * words) % 512n, 10], [(words * words) / 512n, 12], [(after * after) / 512n, 18], [(after * after) % 512n, 24], [e ? 1n : 0n, E_BYTE],
    ...(live ? [[offset, 0], [t, 4], [31n - t, 5], [e ? q - words - 1n : words - q, 6]] as Array<[bigint, number]> : []),
    ...(live && variable ? [[size, SIZE_BYTES]] as Array<[bigint, number]> : []),
  ];
  return fields.reduce((acc, [v, at]) => acc | (v << BigInt(8 * at)), 0n);
}

const stackRead = (base: number) => ({ write: false, base });

/** An opcode row that accesses `size` bytes at the offset on top of the stack, continued by `continuation`. */
function memoryOpcode(name: string, opcode: number, size: number, spDelta: number, slots: ExecutionGadget['slots'], continuation: string,
  handOver: (s: StepExprs) => Record<string, Expr>): ExecutionGadget {
  return {
    name, opcodes: [{ opcode, name, param: 0, gas: 3, spDelta }], slots, flow: 'next', continuation, expandsMemory: true,
    dynamicGas: (s) => expansionGas(s, s.next.memoryWords),
    configure(c) {
      const s = c.step;
      c.gate({
        ...expansion(s, { size, after: s.next.memoryWords }), ...is(s.next.aux, s.slot(1), "continuation's aux = value"),
        "continuation's c0 = offset": s.next.c0.sub(s.slot(0).lo), ...handOver(s),
      });
    },
    witness: ({ slots: [offset], memoryWords }) => ({ aux: expansionWitness(BigInt(memoryWords), offset!, BigInt(size), false) }),
  };
}

/**
 * RETURN of the root call (v1): read offset (sp), size (sp + 1), CallContext IsCreate; ends the call. Of a call, the
 * returned bytes go nowhere a state root sees (a tx's output is not part of the block), so only the memory expansion
 * of [offset, offset + size) is charged: c0 = (size = 0) by IsZero, m' in c1. Of a creating frame they are the
 * deployed code: the next row is CodeDeposit (create.ts), which reads them from this row's slots, instead of EndTx, or
 * CodeDepositFail where the deposit fails.
 */
export const RETURN: ExecutionGadget = {
  name: 'RETURN',
  opcodes: [{ opcode: 0xf3, name: 'RETURN', param: 0, gas: 0, spDelta: 2 }],
  slots: [stackRead(0), stackRead(1), callContext(CallContextField.IsCreate, false)],
  flow: 'end',
  successors: ['CodeDeposit', 'CodeDepositFail', 'CallReturn'],
  dynamicGas: (s) => expansionGas(s, s.c1),
  configure(c) {
    const s = c.step;
    c.isZero(s.slot(1).lo.add(s.slot(1).hi), c.c0Column);
    c.gate({ ...expansion(s, { size: s.slot(1), after: s.c1, sizeZero: s.c0 }), 'next is CodeDeposit or CodeDepositFail iff the frame creates': s.next.state('CodeDeposit').add(s.next.state('CodeDepositFail')).sub(s.slot(2).lo) });
  },
  witness: ({ slots: [offset, size], memoryWords }) => ({
    aux: expansionWitness(BigInt(memoryWords), offset!, size!, true), isZero: halfSum(size!),
    c1: size! === 0n ? BigInt(memoryWords) : memoryExpansion(BigInt(memoryWords), offset!, size!).words,
  }),
};

/** Bytes each memory opcode accesses at the offset on top of the stack. */
export const ACCESS_SIZE = { MLOAD: 32, MSTORE: 32, MSTORE8: 1 } as const;

export const MLOAD = memoryOpcode('MLOAD', 0x51, ACCESS_SIZE.MLOAD, 0, [stackRead(0), { write: true, base: 0 }], 'MemoryRead', wordRowsStart);
export const MSTORE = memoryOpcode('MSTORE', 0x52, ACCESS_SIZE.MSTORE, 2, [stackRead(0), stackRead(1)], 'MemoryWrite', wordRowsStart);
export const MSTORE8 = memoryOpcode('MSTORE8', 0x53, ACCESS_SIZE.MSTORE8, 2, [stackRead(0), stackRead(1)], 'MemoryByte', () => ({}));

/** Memory byte c0 + j of the running call. */
export const memoryByte = (write: boolean, j: number): KeyedSlot => ({ write, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.callId, address: s.c0.add(j) }) });

/** Slot j's value is aux byte `byte` (a byte, as the word's lo half). */
export const slotIsByte = (s: StepExprs, j: number, byte: number): Record<string, Expr> => ({ [`byte ${j} lo`]: s.slot(j).lo.sub(s.auxByte(byte)), [`byte ${j} hi`]: s.slot(j).hi });

/** A continuation row of a word access: 4 reads or writes, chained as described above. */
function wordBytes(name: string, write: boolean): ExecutionGadget {
  return {
    name, opcodes: [], slots: Array.from({ length: BYTES_PER_ROW }, (_, j) => memoryByte(write, j)), flow: 'continuation',
    configure(c) {
      const bytes = Object.assign({}, ...Array.from({ length: BYTES_PER_ROW }, (_, j) => slotIsByte(c.step, j, rowByte(j)))) as Record<string, Expr>;
      c.gate({ ...bytes, ...wordRowsChain(c.step, name) });
    },
    witness: () => ({}),
  };
}

export const MEMORY_READ = wordBytes('MemoryRead', false);
export const MEMORY_WRITE = wordBytes('MemoryWrite', true);

/** MSTORE8's continuation: memory[c0] = aux byte 0, the value's lowest byte; one row. */
export const MEMORY_BYTE: ExecutionGadget = {
  name: 'MemoryByte', opcodes: [], slots: [memoryByte(true, 0)], flow: 'continuation',
  configure(c) {
    c.gate({ ...slotIsByte(c.step, 0, 0), 'one row': c.step.next.state('MemoryByte'), 'c1 = 0': c.step.c1 });
  },
  witness: () => ({}),
};
