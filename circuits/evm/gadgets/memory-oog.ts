/**
 * Out of gas on a memory range (error.ts's failing states; the opcode fetched at pc, its constant gas covered, else
 * ErrorOutOfGas): the opcodes whose gas beyond their constant is the expansion of memory over [offset, offset + size)
 * plus a charge per word or byte of the size, the offset on top of the stack. By group (one-hot flags):
 *
 *   MLOAD, MSTORE       size 32               RETURN, REVERT     size at sp + 1
 *   MSTORE8             size 1                KECCAK256          size at sp + 1, 6 per word
 *   LOG0 … LOG4         size at sp + 1, 8 per byte (the topics are in the constant; opcode − 0xa0 ≤ 4 in two aux bytes)
 *   CALLDATACOPY, CODECOPY  size at sp + 2, 3 per word
 *
 * A row of either kind reads the offset (slot 0) and the stack items the size needs (slots 1, 2) and holds the size in
 * slot 3's cells (the read one, or 32 or 1).
 *
 *   ErrorOutOfGasMemory (charges nothing: gas' = gas, pc' = pc): size ≠ 0 (its inverse in inv: an empty range
 *     expands nothing), offset and size below 2^32 and m' = max(m, ⌈(offset + size)/32⌉) in c1 by memory.ts's
 *     expansion rules, which take the whole aux word; the group flags are the next row's.
 *   ErrorOutOfGasMemoryEnd (next, the opcode fetched again at the same pc): the group, the size's words w (32·w = size +
 *     31 − t: precompile.ts `words`), and gasCost + 3·(m' − m) + F' − F + perWord·w + perByte·size − gas − 1 ≥ 0 in
 *     aux bytes 0 … 7. All gas consumed.
 *   ErrorOutOfGasMemoryFar (one row): an offset or a size of 2^32 or more (size ≠ 0): then ⌈(offset + size)/32⌉ ≥ 2^27
 *     words, above the memory in use (m < 2^24, proven), and the expansion alone costs more than C(2^27) − C(2^24) >
 *     2^44 gas, above the gas left (< 2^32, proven) — no expansion computed. The far word (z: the size, else the offset)
 *     has its lo as aux bytes 0 … 15 and hi + (bytes 4 … 15) ≠ 0 (its inverse in inv: halves below 2^128 sum to 0 only
 *     if both are). All gas consumed.
 *
 * Larger gas or memory, EXTCODECOPY (a cold account too), MCOPY (two ranges), RETURNDATACOPY (its bound fails first) and
 * the CALL and CREATE families are not built: their out-of-gas steps stay unprovable.
 */
import { FR_MODULUS } from '../../field/constants.js';
import { modInverse } from '../../field/modular.js';
import { splitWord } from '../../gadgets/word.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import type { AuxWitness, ExecutionGadget, StepExprs, WordExpr } from '../step.js';
import { auxBytes, isZeroInverse, upperBytesZero } from './common.js';
import { halfSum } from './comparison.js';
import { fetchedError } from './fetched.js';
import { expansion, expansionGas, expansionWitness, memoryExpansion } from './memory.js';
import { words, wordsWitness } from './precompile.js';

/** An opcode group: its opcodes, its size (a constant, or the stack item at sp + 1 or sp + 2) and its charges per word and per byte. */
interface Group { readonly opcodes: readonly number[]; readonly size?: number; readonly sizeAt?: 1 | 2; readonly perWord?: number; readonly perByte?: number }

const LOG0 = 0xa0;
const LOG4 = 0xa4;
const GROUPS: readonly Group[] = [
  { opcodes: [0x51, 0x52], size: 32 }, { opcodes: [0x53], size: 1 }, { opcodes: [0xf3, 0xfd], sizeAt: 1 }, { opcodes: [0x20], sizeAt: 1, perWord: 6 },
  { opcodes: [LOG0, 0xa1, 0xa2, 0xa3, LOG4], sizeAt: 1, perByte: 8 }, { opcodes: [0x37, 0x39], sizeAt: 2, perWord: 3 },
];
const LOG_GROUP = GROUPS.findIndex((g) => g.opcodes.includes(LOG0));
const NAME = 'ErrorOutOfGasMemory';
const ONE = constant(1);

/** A row's group flags (aux bytes `at.flags` …) and its LOG bytes (`at.log`: opcode − 0xa0, 4 − it; 0 for other groups). */
function groupRules(s: StepExprs, at: { readonly flags: number; readonly log: number }): { rules: Record<string, Expr>; flag: (g: number) => Expr } {
  const flag = (g: number) => s.auxByte(at.flags + g);
  const flags = GROUPS.map((_, g) => flag(g));
  const [k, rest] = [s.auxByte(at.log), s.auxByte(at.log + 1)];
  const members = GROUPS.flatMap((g, i) => (i === LOG_GROUP ? [] : [[`group ${i}: the opcode is one of its`, g.opcodes.reduce((p: Expr, o) => p.mul(s.opcode.sub(o)), flags[i]!)] as const]));
  return {
    flag,
    rules: {
      ...Object.fromEntries(flags.map((f, g) => [`flag ${g} boolean`, f.mul(ONE.sub(f))])), 'one flag': sum(flags).sub(1), ...Object.fromEntries(members),
      'LOG: k = opcode − 0xa0': k.sub(flags[LOG_GROUP]!.mul(s.opcode.sub(LOG0))), 'LOG: k ≤ 4 (4 − k a byte)': rest.sub(flags[LOG_GROUP]!.mul(constant(LOG4 - LOG0).sub(k))),
    },
  };
}

/** The size rules of a row whose group flags are `flag`: slot 1, 2 reads as the size needs, the size in slot 3's cells. */
function sizeRules(s: StepExprs, flag: (g: number) => Expr): { rules: Record<string, Expr>; size: WordExpr } {
  const at = (n: 1 | 2) => sum(GROUPS.flatMap((g, i) => (g.sizeAt === n ? [flag(i)] : [])));
  const fixed = sum(GROUPS.flatMap((g, i) => (g.size === undefined ? [] : [flag(i).mul(g.size)])));
  const size = s.slot(3);
  const read = (half: 'lo' | 'hi') => at(1).mul(s.slot(1)[half]).add(at(2).mul(s.slot(2)[half]));
  return {
    size,
    rules: {
      'slot 1 read iff the size is at sp + 1 or sp + 2': s.slotOn(1).sub(at(1)).sub(at(2)), 'slot 2 read iff the size is at sp + 2': s.slotOn(2).sub(at(2)),
      'size lo = the read size or the constant': size.lo.sub(read('lo')).sub(fixed), 'size hi = the read size\'s': size.hi.sub(read('hi')),
    },
  };
}

const SLOTS: ExecutionGadget['slots'] = [{ write: false, base: 0 }, { write: false, base: 1, optional: true }, { write: false, base: 2, optional: true }];
/** ErrorOutOfGasMemoryEnd's aux bytes: the shortfall (0 … 7), t, 31 − t and w (8 … 13: `words`), the group flags, the LOG bytes. */
const END = { flags: 14, log: 14 + GROUPS.length } as const;

export const MEMORY_OOG_START: ExecutionGadget = {
  name: NAME,
  opcodes: [],
  fetched: true,
  slots: SLOTS,
  flow: 'custom',
  continuation: `${NAME}End`,
  dynamicGas: (s) => constant(0).sub(s.gasCost),
  configure(c) {
    const s = c.step;
    const { rules, size } = sizeRules(s, groupRules(s.next, END).flag);
    c.gate({ ...rules, 'size ≠ 0: size lo · inv = 1': size.lo.mul(s.inv).sub(1), ...expansion(s, { size, after: s.c1 }), "pc' = pc": s.next.pc.sub(s.pc) });
  },
  witness: () => ({}),
};

export const MEMORY_OOG_END = fetchedError(`${NAME}End`, (s) => {
  const start = s.at(-1);
  const size = start.slot(3).lo;
  const { rules, flag } = groupRules(s, END);
  const { rules: wordRules, w } = words(s, size);
  const charge = (k: 'perWord' | 'perByte') => sum(GROUPS.flatMap((g, i) => (g[k] === undefined ? [] : [flag(i).mul(g[k]!)])));
  const cost = s.gasCost.add(expansionGas(start, start.c1)).add(charge('perWord').mul(w)).add(charge('perByte').mul(size));
  return {
    ...rules, ...wordRules, [`after ${NAME}`]: start.state(NAME).sub(1),
    'aux bytes 0 … 7 = gas cost + expansion + per word, per byte − gas − 1 (short of gas)': auxBytes(s, 0, 8).sub(cost.sub(s.gas).sub(1)),
    ...upperBytesZero(s, END.log + 2),
  };
});

/** ErrorOutOfGasMemoryFar's aux bytes: the far word's lo (0 … 15), the gas (16 … 19), m (20 … 22), the group flags, the far-size flag, the LOG bytes. */
const FAR = { gas: 16, words: 20, flags: 23, size: 23 + GROUPS.length, log: 24 + GROUPS.length } as const;
const FAR_GAS = 1n << 32n;
const FAR_WORDS = 1 << 24;
const NEAR = 1n << 32n;

export const MEMORY_OOG_FAR: ExecutionGadget = {
  ...fetchedError(`${NAME}Far`, (s) => {
    const { rules: groups, flag } = groupRules(s, FAR);
    const { rules, size } = sizeRules(s, flag);
    const [offset, z] = [s.slot(0), s.auxByte(FAR.size)];
    const far = { lo: offset.lo.add(z.mul(size.lo.sub(offset.lo))), hi: offset.hi.add(z.mul(size.hi.sub(offset.hi))) };
    return {
      ...groups, ...rules, 'size ≠ 0: (lo + hi)·c0 = 1': size.lo.add(size.hi).mul(s.c0).sub(1), 'far size: boolean': z.mul(ONE.sub(z)),
      'far word lo = aux bytes 0 … 15': far.lo.sub(auxBytes(s, 0, 16)), 'far word ≥ 2^32: (hi + aux bytes 4 … 15)·inv = 1': far.hi.add(auxBytes(s, 4, 12)).mul(s.inv).sub(1),
      'gas < 2^32: gas = aux bytes 16 … 19': s.gas.sub(auxBytes(s, FAR.gas, 4)), 'm < 2^24: m = aux bytes 20 … 22': s.memoryWords.sub(auxBytes(s, FAR.words, 3)),
    };
  }),
  slots: SLOTS,
};

/** An out-of-gas step's memory range as these states prove it: the size, the stack items read for it, near or far. */
export interface MemoryOogAccess { readonly opcode: number; readonly offset: bigint; readonly size: bigint; readonly reads: readonly bigint[]; readonly far: boolean }

/**
 * The range of an out-of-gas step of `opcode` (its constant gas covered) with `gas` left and `words` of memory, where
 * these states prove it: one of their opcodes, size ≠ 0, and offset and size below 2^32 (near) or either above (far:
 * gas below 2^32, memory below 2^24 words).
 */
export function memoryOogAccess(opcode: number, stack: readonly bigint[], gas: bigint, words: number): MemoryOogAccess | undefined {
  const group = GROUPS.find((g) => g.opcodes.includes(opcode));
  const reads = stack.slice(-1 - (group?.sizeAt ?? 0)).reverse();
  const size = group?.size !== undefined ? BigInt(group.size) : reads.at(group?.sizeAt ?? 0);
  if (group === undefined || size === undefined || size === 0n || reads.length < 1 + (group.sizeAt ?? 0)) return undefined;
  const offset = reads[0]!;
  const far = offset >= NEAR || size >= NEAR;
  return !far || (gas < FAR_GAS && words < FAR_WORDS) ? { opcode, offset, size, reads, far } : undefined;
}

const field = (v: bigint | number, at: number): bigint => BigInt(v) << BigInt(8 * at);
/** The group flag and LOG bytes of `opcode` at `at`. */
function groupWitness(opcode: number, at: { readonly flags: number; readonly log: number }): bigint {
  const g = GROUPS.findIndex((x) => x.opcodes.includes(opcode));
  return field(1, at.flags + g) | (g === LOG_GROUP ? field(opcode - LOG0, at.log) | field(LOG4 - opcode, at.log + 1) : 0n);
}
const sizeCells = (size: bigint) => new Map([[3, (([lo, hi]) => ({ lo, hi }))(splitWord(size))]]);

/** ErrorOutOfGasMemory's and ErrorOutOfGasMemoryEnd's cells for a near access with `words` in use, `gas` left and the opcode's constant `gasCost`. */
export function memoryOogWitness({ opcode, offset, size }: MemoryOogAccess, words: number, gasCost: number, gas: bigint): { start: AuxWitness; end: AuxWitness } {
  const group = GROUPS.find((g) => g.opcodes.includes(opcode))!;
  const expanded = memoryExpansion(BigInt(words), offset, size);
  const charged = BigInt(group.perWord ?? 0) * ((size + 31n) / 32n) + BigInt(group.perByte ?? 0) * size;
  const short = BigInt(gasCost) + expanded.gas + charged - gas - 1n;
  if (short < 0n) throw new RangeError(`opcode 0x${opcode.toString(16)}: ${expanded.gas} gas of expansion and ${charged} of its size with ${gas} left after ${gasCost} do not run out of gas`);
  return {
    start: { aux: expansionWitness(BigInt(words), offset, size, true), c1: expanded.words, inv: modInverse(size, FR_MODULUS), cells: sizeCells(size) },
    end: { aux: short | wordsWitness(Number(size)) | groupWitness(opcode, END) },
  };
}

/** ErrorOutOfGasMemoryFar's cells for a far access with `gas` left and `words` in use. */
export function memoryOogFarWitness({ opcode, offset, size }: MemoryOogAccess, gas: bigint, words: number): AuxWitness {
  const z = offset < NEAR;
  const [lo, hi] = splitWord(z ? size : offset);
  return {
    aux: lo | field(gas, FAR.gas) | field(words, FAR.words) | groupWitness(opcode, FAR) | field(z ? 1 : 0, FAR.size),
    inv: modInverse(hi + (lo >> 32n), FR_MODULUS), c0: isZeroInverse(halfSum(size)), cells: sizeCells(size),
  };
}
