/**
 * Out of gas on a memory range (error.ts's failing states; the opcode fetched at pc, its constant gas covered, else
 * ErrorOutOfGas): the opcodes whose gas beyond their constant is at least the expansion of memory over
 * [offset, offset + size) plus a charge per word or byte of the size. By group (one-hot flags; offset on top unless said):
 *
 *   MLOAD, MSTORE       size 32               RETURN, REVERT     size at sp + 1
 *   MSTORE8             size 1                KECCAK256          size at sp + 1, 6 per word
 *   LOG0 … LOG4         size at sp + 1, 8 per byte (the topics are in the constant; membership through c1)
 *   CALLDATACOPY, CODECOPY, RETURNDATACOPY    size at sp + 2, 3 per word (RETURNDATACOPY past its data fails alike)
 *   EXTCODECOPY         offset at sp + 1, size at sp + 3, 3 per word (the warm 100 as its constant: a cold account adds)
 *   MCOPY               its destination (sp) or source (sp + 1) range, the farther; size at sp + 2, 3 per word
 *   CREATE, CREATE2     offset at sp + 1, size at sp + 2, 2 per word (EIP-3860) + CREATE2's 6 (near only)
 *
 * A row of either kind reads the stack from sp as far as the range reaches (slots 0 … 3) and holds the size in slot 3's
 * cells (the read one, or 32 or 1).
 *
 *   ErrorOutOfGasMemory (charges nothing: gas' = gas, pc' = pc): size ≠ 0 (its inverse in inv: an empty range
 *     expands nothing), offset and size below 2^32 and m' = max(m, ⌈(offset + size)/32⌉) in c1 by memory.ts's
 *     expansion rules, which take the whole aux word; the group flags are the next row's.
 *   ErrorOutOfGasMemoryEnd (next, the opcode fetched again at the same pc): the group, the size's words w (32·w = size +
 *     31 − t: precompile.ts `words`), and gasCost + 3·(m' − m) + F' − F + perWord·w + perByte·size − gas − 1 ≥ 0 in
 *     aux bytes 0 … 7. All gas consumed.
 *   ErrorOutOfGasMemoryFar (one row): an offset or a size of 2^32 or more (size ≠ 0): then ⌈(offset + size)/32⌉ ≥ 2^27
 *     words, above the memory in use (m < 2^16, proven), and the expansion alone costs more than C(2^27) − C(2^16) >
 *     2^44 gas, above the gas left (< 2^32, proven) — no expansion computed. The far word (z: the size, else the offset)
 *     has its lo as aux bytes 0 … 15 and hi + (bytes 4 … 15) ≠ 0 (its inverse in inv: halves below 2^128 sum to 0 only
 *     if both are). All gas consumed.
 *
 * A charge computed from a lower bound of the opcode's gas is sound: short of it, the opcode is short of its whole gas.
 * Larger gas or memory are not built: those steps stay unprovable. The CALL family's ranges, value and new account: call-oog.ts.
 */
import { FR_MODULUS } from '../../field/constants.js';
import { modInverse } from '../../field/modular.js';
import { mod } from '../../gadgets/common.js';
import { splitWord } from '../../gadgets/word.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import type { AuxWitness, ExecutionGadget, StepExprs, WordExpr } from '../step.js';
import { auxBytes, isZeroInverse, upperBytesZero } from './common.js';
import { halfSum } from './comparison.js';
import { fetchedError, fetchedOpening } from './fetched.js';
import { expansion, expansionGas, expansionWitness, memoryExpansion } from './memory.js';
import { words, wordsWitness } from './precompile.js';

/**
 * An opcode group: its opcodes, its range's offset (the stack item at sp + offsetAt) and size (a constant, or the stack
 * item at sp + sizeAt), and its charges per word and per byte.
 */
interface Group { readonly opcodes: readonly number[]; readonly offsetAt?: 1; readonly size?: number; readonly sizeAt?: 1 | 2 | 3; readonly perWord?: number; readonly perByte?: number }

const LOG0 = 0xa0;
const MCOPY = 0x5e;
const GROUPS: readonly Group[] = [
  { opcodes: [0x51, 0x52], size: 32 }, { opcodes: [0x53], size: 1 }, { opcodes: [0xf3, 0xfd], sizeAt: 1 }, { opcodes: [0x20], sizeAt: 1, perWord: 6 },
  { opcodes: [LOG0, 0xa1, 0xa2, 0xa3, 0xa4], sizeAt: 1, perByte: 8 }, { opcodes: [0x37, 0x39, 0x3e], sizeAt: 2, perWord: 3 },
  // (EXTCODECOPY's constant is the warm 100: a cold account only adds; MCOPY's range is its destination's or its source's, the farther)
  { opcodes: [0x3c], offsetAt: 1, sizeAt: 3, perWord: 3 }, { opcodes: [MCOPY], sizeAt: 2, perWord: 3 }, { opcodes: [MCOPY], offsetAt: 1, sizeAt: 2, perWord: 3 },
  // near only (the far row has no room for their flags): CREATE's and CREATE2's init code, EIP-3860's 2 per word (+ CREATE2's hashing 6)
  { opcodes: [0xf0], offsetAt: 1, sizeAt: 2, perWord: 2 }, { opcodes: [0xf5], offsetAt: 1, sizeAt: 2, perWord: 8 },
];
/** The groups ErrorOutOfGasMemoryFar takes. */
const FAR_GROUPS = GROUPS.slice(0, -2);
const LOG_GROUP = GROUPS.findIndex((g) => g.opcodes.includes(LOG0));
const NAME = 'ErrorOutOfGasMemory';
const ONE = constant(1);

/**
 * A row's one-hot group flags (aux bytes from `flags` on) and each group's membership; LOG's (five opcodes, degree 5)
 * goes through c1 = (opcode − 0xa0)(opcode − 0xa1)(opcode − 0xa2).
 */
function groupRules(s: StepExprs, flags: number, groups: readonly Group[] = GROUPS): { rules: Record<string, Expr>; flag: (g: number) => Expr } {
  const flag = (g: number) => s.auxByte(flags + g);
  const all = groups.map((_, g) => flag(g));
  const log = GROUPS[LOG_GROUP]!.opcodes;
  const members = groups.map((g, i) => [`group ${i}: the opcode is one of its`,
    (i === LOG_GROUP ? log.slice(3) : g.opcodes).reduce((p: Expr, o) => p.mul(s.opcode.sub(o)), i === LOG_GROUP ? all[i]!.mul(s.c1) : all[i]!)] as const);
  return {
    flag,
    rules: {
      ...Object.fromEntries(all.map((f, g) => [`flag ${g} boolean`, f.mul(ONE.sub(f))])), 'one flag': sum(all).sub(1), ...Object.fromEntries(members),
      'c1 = (opcode − 0xa0)(opcode − 0xa1)(opcode − 0xa2)': s.c1.sub(log.slice(0, 3).reduce((p: Expr, o) => p.mul(s.opcode.sub(o)), ONE)),
    },
  };
}

/**
 * The range rules of a row whose group flags are `flag`: slots 1 … 3 read the stack at sp + 1 … sp + 3 as far as the
 * range needs; the offset is slot 0's or slot 1's word, the size slot 3's cells (its read, or the read size or constant).
 */
function rangeRules(s: StepExprs, flag: (g: number) => Expr, groups: readonly Group[] = GROUPS): { rules: Record<string, Expr>; offset: WordExpr; size: WordExpr } {
  const where = (pick: (g: Group) => boolean) => sum(groups.flatMap((g, i) => (pick(g) ? [flag(i)] : [])));
  const at = (n: 1 | 2 | 3) => where((g) => g.sizeAt === n);
  const [second, fixed] = [where((g) => g.offsetAt === 1), sum(groups.flatMap((g, i) => (g.size === undefined ? [] : [flag(i).mul(g.size)])))];
  const size = s.slot(3);
  const read = (half: 'lo' | 'hi') => at(1).mul(s.slot(1)[half]).add(at(2).mul(s.slot(2)[half]));
  const pick = (half: 'lo' | 'hi') => s.slot(0)[half].add(second.mul(s.slot(1)[half].sub(s.slot(0)[half])));
  const unread = ONE.sub(at(3));
  return {
    offset: { lo: pick('lo'), hi: pick('hi') },
    size,
    rules: {
      'slot 1 read iff the range reaches sp + 1': s.slotOn(1).sub(at(1)).sub(at(2)).sub(at(3)), 'slot 2 read iff it reaches sp + 2': s.slotOn(2).sub(at(2)).sub(at(3)),
      'slot 3 read iff the size is at sp + 3': s.slotOn(3).sub(at(3)),
      'size lo = the read size or the constant': unread.mul(size.lo.sub(read('lo')).sub(fixed)), 'size hi = the read size\'s': unread.mul(size.hi.sub(read('hi'))),
    },
  };
}

const SLOTS: ExecutionGadget['slots'] = [{ write: false, base: 0 }, ...[1, 2, 3].map((base) => ({ write: false, base, optional: true as const }))];
/** ErrorOutOfGasMemoryEnd's aux bytes: the shortfall (0 … 7), t, 31 − t and w (8 … 13: `words`), then the group flags. */
const END_FLAGS = 14;

export const MEMORY_OOG_START: ExecutionGadget = fetchedOpening(NAME, SLOTS, `${NAME}End`, (c) => {
  const s = c.step;
  const { rules, offset, size } = rangeRules(s, groupRules(s.next, END_FLAGS).flag);
  return { ...rules, 'size ≠ 0: size lo · inv = 1': size.lo.mul(s.inv).sub(1), ...expansion(s, { offset, size, after: s.c1 }) };
});

export const MEMORY_OOG_END = fetchedError(`${NAME}End`, (s) => {
  const start = s.at(-1);
  const size = start.slot(3).lo;
  const { rules, flag } = groupRules(s, END_FLAGS);
  const { rules: wordRules, w } = words(s, size);
  const charge = (k: 'perWord' | 'perByte') => sum(GROUPS.flatMap((g, i) => (g[k] === undefined ? [] : [flag(i).mul(g[k]!)])));
  const cost = s.gasCost.add(expansionGas(start, start.c1)).add(charge('perWord').mul(w)).add(charge('perByte').mul(size));
  return {
    ...rules, ...wordRules, [`after ${NAME}`]: start.state(NAME).sub(1),
    'aux bytes 0 … 7 = gas cost + expansion + per word, per byte − gas − 1 (short of gas)': auxBytes(s, 0, 8).sub(cost.sub(s.gas).sub(1)),
    ...upperBytesZero(s, END_FLAGS + GROUPS.length),
  };
});

/** ErrorOutOfGasMemoryFar's aux bytes: the far word's lo (0 … 15), the gas (16 … 19), m (20, 21), the group flags, the far-size flag. */
const FAR = { gas: 16, words: 20, flags: 22, size: 22 + FAR_GROUPS.length } as const;
const FAR_GAS = 1n << 32n;
const FAR_WORDS = 1 << 16;
const NEAR = 1n << 32n;

/**
 * A far range's rules (`z` the aux byte of its flag: the far word is the size, else the offset): size ≠ 0 (its inverse
 * in c0), the far word's lo = aux bytes 0 … 15 and ≥ 2^32 (its inverse in inv), gas < 2^32 (aux bytes 16 … 19),
 * m < 2^16 (20, 21). So the expansion alone exceeds the gas (see above).
 */
export function farRangeRules(s: StepExprs, offset: WordExpr, size: WordExpr, zByte: number): Record<string, Expr> {
  const z = s.auxByte(zByte);
  const far = { lo: offset.lo.add(z.mul(size.lo.sub(offset.lo))), hi: offset.hi.add(z.mul(size.hi.sub(offset.hi))) };
  return {
    'size ≠ 0: (lo + hi)·c0 = 1': size.lo.add(size.hi).mul(s.c0).sub(1), 'far size: boolean': z.mul(ONE.sub(z)),
    'far word lo = aux bytes 0 … 15': far.lo.sub(auxBytes(s, 0, 16)), 'far word ≥ 2^32: (hi + aux bytes 4 … 15)·inv = 1': far.hi.add(auxBytes(s, 4, 12)).mul(s.inv).sub(1),
    'gas < 2^32: gas = aux bytes 16 … 19': s.gas.sub(auxBytes(s, FAR.gas, 4)), 'm < 2^16: m = aux bytes 20, 21': s.memoryWords.sub(auxBytes(s, FAR.words, 2)),
  };
}

/** farRangeRules' cells for a range (`offset`, `size`) with `gas` left and `words` in use, its flag at aux byte `zByte`. */
export function farRangeWitness(offset: bigint, size: bigint, gas: bigint, words: number, zByte: number): AuxWitness {
  const z = offset < NEAR;
  const [lo, hi] = splitWord(z ? size : offset);
  return { aux: lo | field(gas, FAR.gas) | field(words, FAR.words) | field(z ? 1 : 0, zByte), inv: modInverse(hi + (lo >> 32n), FR_MODULUS), c0: isZeroInverse(halfSum(size)) };
}

/** Whether a range of `size` bytes at `offset` is far (either of 2^32 or more, size ≠ 0) and fails where farRangeRules prove it (gas below 2^32, memory below 2^16 words). */
export const farRangeProven = (offset: bigint, size: bigint, gas: bigint, words: number): boolean =>
  size !== 0n && (offset >= NEAR || size >= NEAR) && gas < FAR_GAS && words < FAR_WORDS;

export const MEMORY_OOG_FAR: ExecutionGadget = {
  ...fetchedError(`${NAME}Far`, (s) => {
    const { rules: groups, flag } = groupRules(s, FAR.flags, FAR_GROUPS);
    const { rules, offset, size } = rangeRules(s, flag, FAR_GROUPS);
    return { ...groups, ...rules, ...farRangeRules(s, offset, size, FAR.size) };
  }),
  slots: SLOTS,
};

/** An out-of-gas step's memory range as these states prove it: its group, the stack items read for it, near (with the shortfall) or far. */
export interface MemoryOogAccess {
  readonly opcode: number; readonly group: number; readonly offset: bigint; readonly size: bigint; readonly reads: readonly bigint[]; readonly far: boolean;
  /** A near range's gasCost + expansion + charges − gas − 1. */
  readonly short?: bigint;
}

/**
 * The range of an out-of-gas step of `opcode` (constant gas `gasCost`, covered) with `gas` left and `words` of memory,
 * where these states prove it: one of their opcodes (MCOPY's farther range), size ≠ 0, and offset and size below 2^32
 * with the expansion and charges above the gas (near) or either of 2^32 or more (far: gas below 2^32, memory below
 * 2^16 words). Undefined where the step ran out on something else (EXTCODECOPY's cold account).
 */
export function memoryOogAccess(opcode: number, stack: readonly bigint[], gas: bigint, words: number, gasCost: number): MemoryOogAccess | undefined {
  const ranges = GROUPS.flatMap((g, group) => {
    if (!g.opcodes.includes(opcode) || stack.length < 1 + (g.sizeAt ?? 0)) return [];
    const reads = stack.slice(-1 - (g.sizeAt ?? 0)).reverse();
    const [offset, size] = [reads[g.offsetAt ?? 0]!, g.size !== undefined ? BigInt(g.size) : reads[g.sizeAt!]!];
    return [{ g, group, reads, offset, size }];
  }).sort((a, b) => (a.offset + a.size > b.offset + b.size ? -1 : 1));
  const range = ranges[0];
  if (range === undefined || range.size === 0n) return undefined;
  const { g, group, reads, offset, size } = range;
  if (offset >= NEAR || size >= NEAR) return group < FAR_GROUPS.length && farRangeProven(offset, size, gas, words) ? { opcode, group, offset, size, reads, far: true } : undefined;
  const charged = BigInt(g.perWord ?? 0) * ((size + 31n) / 32n) + BigInt(g.perByte ?? 0) * size;
  const short = BigInt(gasCost) + memoryExpansion(BigInt(words), offset, size).gas + charged - gas - 1n;
  return short >= 0n ? { opcode, group, offset, size, reads, far: false, short } : undefined;
}

const field = (v: bigint | number, at: number): bigint => BigInt(v) << BigInt(8 * at);
/** A row's group flag and LOG's c1 for `opcode`. */
const groupWitness = (opcode: number, group: number, flags: number) =>
  ({ aux: field(1, flags + group), c1: mod(GROUPS[LOG_GROUP]!.opcodes.slice(0, 3).reduce((p, o) => p * BigInt(opcode - o), 1n)) });
const sizeCells = (size: bigint) => new Map([[3, (([lo, hi]) => ({ lo, hi }))(splitWord(size))]]);

/** ErrorOutOfGasMemory's and ErrorOutOfGasMemoryEnd's cells for a near access with `words` in use. */
export function memoryOogWitness({ opcode, group, offset, size, short }: MemoryOogAccess, words: number): { start: AuxWitness; end: AuxWitness } {
  const flags = groupWitness(opcode, group, END_FLAGS);
  return {
    start: { aux: expansionWitness(BigInt(words), offset, size, true), c1: memoryExpansion(BigInt(words), offset, size).words, inv: modInverse(size, FR_MODULUS), cells: sizeCells(size) },
    end: { aux: short! | wordsWitness(Number(size)) | flags.aux, c1: flags.c1 },
  };
}

/** ErrorOutOfGasMemoryFar's cells for a far access with `gas` left and `words` in use. */
export function memoryOogFarWitness({ opcode, group, offset, size }: MemoryOogAccess, gas: bigint, words: number): AuxWitness {
  const range = farRangeWitness(offset, size, gas, words, FAR.size);
  const flags = groupWitness(opcode, group, FAR.flags);
  return { ...range, aux: range.aux! | flags.aux, c1: flags.c1, cells: sizeCells(size) };
}
