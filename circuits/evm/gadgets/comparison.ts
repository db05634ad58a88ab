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
import { addRelation, BINARY_SLOTS, subWitness } from './arithmetic.js';

/** lo + hi of a word: the IsZero input (zero iff the word is, as both halves are < 2^128). */
export function halfSum(word: bigint): bigint {
  const [lo, hi] = splitWord(word);
  return lo + hi;
}

const opcode = (code: number, name: string) => [{ opcode: code, name, param: 0, gas: 3, spDelta: 1 }];

export const LT: ExecutionGadget = {
  name: 'LT',
  opcodes: opcode(0x10, 'LT'),
  slots: BINARY_SLOTS,
  flow: 'next',
  configure(c) {
    const s = c.step;
    c.gate({ ...addRelation(s, s.slot(1), s.aux, s.slot(0)), 'result lo = borrow': s.slot(2).lo.sub(s.c1), 'result hi = 0': s.slot(2).hi });
  },
  witness: ({ slots: [a, b] }) => subWitness(a!, b!),
};

export const GT: ExecutionGadget = {
  name: 'GT',
  opcodes: opcode(0x11, 'GT'),
  slots: BINARY_SLOTS,
  flow: 'next',
  configure(c) {
    const s = c.step;
    c.gate({ ...addRelation(s, s.slot(0), s.aux, s.slot(1)), 'result lo = borrow': s.slot(2).lo.sub(s.c1), 'result hi = 0': s.slot(2).hi });
  },
  witness: ({ slots: [a, b] }) => subWitness(b!, a!),
};

export const EQ: ExecutionGadget = {
  name: 'EQ',
  opcodes: opcode(0x14, 'EQ'),
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
