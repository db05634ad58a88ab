/**
 * Bitwise: AND, OR, XOR, NOT, SHL, SHR, SAR. AND/OR/XOR look up (a, b, aux) in the AND word table (and-word.ts), so
 * aux = a AND b, and the result follows linearly per half, as a + b = (a XOR b) + 2·(a AND b) bit by bit:
 *
 *   AND: result = aux      OR: result = a + b − aux      XOR: result = a + b − 2·aux
 *   NOT: result = (2^128 − 1 − a_lo, 2^128 − 1 − a_hi)   (no lookup)
 *
 * Results are canonical because the operands and aux are. RW order: pop a (sp), pop b (sp + 1), push the
 * result (sp + 1); NOT pops a (sp) and pushes its result at sp.
 *
 * SHL, SHR, SAR pop the shift, then the value, and push the result: one lookup of (opcode, shift, value, 0,
 * result) into the word arithmetic table (../arith-table.ts), whose rows ShiftChip proves.
 */
import { TWO_128 } from '../../gadgets/word.js';
import type { Expr } from '../../plonk/index.js';
import type { ExecutionGadget, StepExprs } from '../step.js';
import { arithTableGadget, BINARY_SLOTS } from './arithmetic.js';

/** A gadget whose result (slot 2) is a linear function of a, b and aux = a AND b, per half. */
function andBased(name: string, opcode: number, result: (a: Expr, b: Expr, and: Expr) => Expr): ExecutionGadget {
  return {
    name,
    opcodes: [{ opcode, name, param: 0, gas: 3, spDelta: 1 }],
    slots: BINARY_SLOTS,
    flow: 'next',
    andLookup: true,
    configure(c) {
      const s: StepExprs = c.step;
      const [a, b, r] = [s.slot(0), s.slot(1), s.slot(2)];
      c.gate({ 'result lo': r.lo.sub(result(a.lo, b.lo, s.aux.lo)), 'result hi': r.hi.sub(result(a.hi, b.hi, s.aux.hi)) });
    },
    witness: ({ slots: [a, b] }) => ({ aux: a! & b! }),
  };
}

export const AND = andBased('AND', 0x16, (_a, _b, and) => and);
export const OR = andBased('OR', 0x17, (a, b, and) => a.add(b).sub(and));
export const XOR = andBased('XOR', 0x18, (a, b, and) => a.add(b).sub(and.mul(2)));

export const NOT: ExecutionGadget = {
  name: 'NOT',
  opcodes: [{ opcode: 0x19, name: 'NOT', param: 0, gas: 3, spDelta: 0 }],
  slots: [{ write: false, base: 0 }, { write: true, base: 0 }],
  flow: 'next',
  configure(c) {
    const s = c.step;
    c.gate({ 'result lo = 2^128 − 1 − a lo': s.slot(1).lo.add(s.slot(0).lo).sub(TWO_128 - 1n), 'result hi = 2^128 − 1 − a hi': s.slot(1).hi.add(s.slot(0).hi).sub(TWO_128 - 1n) });
  },
  witness: () => ({}),
};

export const SHIFT = arithTableGadget('SHIFT', [[0x1b, 'SHL', 3], [0x1c, 'SHR', 3], [0x1d, 'SAR', 3]], 'binary');
