/**
 * Comparison: LT, GT, EQ, ISZERO (unsigned). LT and GT are a subtraction whose borrow is the result:
 *
 *   LT: b + aux = a + lt·2^256   (aux = a − b mod 2^256, lt = 1 iff a < b)
 *   GT: a + aux = b + gt·2^256   (aux = b − a mod 2^256, gt = 1 iff b < a)
 *   EQ: b + aux = a + borrow·2^256 and eq = IsZero(aux_lo + aux_hi)   (aux = 0 iff a = b; halves < 2^128, no wrap)
 *   ISZERO: out = IsZero(a_lo + a_hi)
 *
 * The result word is (flag, 0). RW order: pop a (sp), pop b (sp + 1), push the result (sp + 1); ISZERO pops
 * a (sp) and pushes its result at sp.
 */
import { splitWord } from '../../gadgets/word.js';
import type { ExecutionGadget } from '../step.js';
import { addRelation, arithTableGadget, BINARY_SLOTS, subWitness, sumGadget } from './arithmetic.js';

/** lo + hi of a word: the IsZero input (zero iff the word is, as both halves are < 2^128). */
export function halfSum(word: bigint): bigint {
  const [lo, hi] = splitWord(word);
  return lo + hi;
}

export const LT = sumGadget('LT', 0x10, (a, b, aux) => [b, aux, a], 'borrow', subWitness);
export const GT = sumGadget('GT', 0x11, (a, b, aux) => [a, aux, b], 'borrow', (a, b) => subWitness(b, a));

export const EQ: ExecutionGadget = {
  name: 'EQ',
  opcodes: [{ opcode: 0x14, name: 'EQ', param: 0, gas: 3, spDelta: 1 }],
  slots: BINARY_SLOTS,
  flow: 'next',
  configure(c) {
    const s = c.step;
    c.gate({ ...addRelation(s, s.slot(1), s.aux, s.slot(0)), 'result hi = 0': s.slot(2).hi });
    c.isZero(s.aux.lo.add(s.aux.hi), c.slotLo(2));
  },
  witness: ({ slots: [a, b] }) => {
    const w = subWitness(a!, b!);
    return { ...w, isZero: halfSum(w.aux) };
  },
};

export const ISZERO: ExecutionGadget = {
  name: 'ISZERO',
  opcodes: [{ opcode: 0x15, name: 'ISZERO', param: 0, gas: 3, spDelta: 0 }],
  slots: [{ write: false, base: 0 }, { write: true, base: 0 }],
  flow: 'next',
  configure(c) {
    const s = c.step;
    c.gate({ 'result hi = 0': s.slot(1).hi });
    c.isZero(s.slot(0).lo.add(s.slot(0).hi), c.slotLo(1));
  },
  witness: ({ slots: [a] }) => ({ isZero: halfSum(a!) }),
};

/** SLT, SGT (signed): pop a, pop b, push (flag, 0) by one lookup of (opcode, a, b, 0, flag) into the word arithmetic table (SignedLtChip). */
export const SIGNED_COMPARE = arithTableGadget('SIGNED_COMPARE', [[0x12, 'SLT', 3], [0x13, 'SGT', 3]], 'binary');
