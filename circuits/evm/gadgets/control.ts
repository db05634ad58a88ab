/**
 * Control flow: STOP, JUMP, JUMPI, JUMPDEST, PC, GAS, MSIZE.
 *
 *   STOP:     ends the call (flow 'end': EndTx follows, or CallReturn in a nested call: call.ts). The aux word holds the gas left, so its bytes range-check it: within
 *             a call gas only decreases by table constants and memory expansion costs (integers below 2^48, see
 *             memory.ts), so a final gas in [0, 2^128) means no step's
 *             `gas' = gas − cost` wrapped around r (the call's initial gas is bound by BeginTx — see circuit.ts).
 *   JUMP:     read dest (sp); pc' = dest_lo, dest_hi = 0, and the next opcode is JUMPDEST (which the opcode fetch
 *             looks up with isCode = 1, so the destination is not push data).
 *   JUMPI:    read dest (sp), cond (sp + 1); c0 = IsZero(cond_lo + cond_hi); taken (c0 = 0): as JUMP;
 *             otherwise pc' = pc + 1.
 *   JUMPDEST: no-op.
 *   PC, GAS:  write sp − 1 with (pc, 0), resp. (gas − cost, 0) — the gas left after GAS itself.
 *   MSIZE:    write sp − 1 with (32·memoryWords, 0).
 */
import { constant, type Expr } from '../../plonk/index.js';
import type { ExecutionGadget, StepExprs } from '../step.js';
import { halfSum } from './comparison.js';

const JUMPDEST_OPCODE = 0x5b;

export const STOP: ExecutionGadget = {
  name: 'STOP',
  opcodes: [{ opcode: 0x00, name: 'STOP', param: 0, gas: 0, spDelta: 0 }],
  slots: [],
  flow: 'end',
  // a nested call returns to its caller (call.ts)
  successors: ['CallReturn'],
  configure(c) {
    const s = c.step;
    c.gate({ 'aux lo = gas': s.aux.lo.sub(s.gas), 'aux hi = 0': s.aux.hi });
  },
  witness: ({ gasLeft }) => ({ aux: gasLeft }),
};

export const JUMP: ExecutionGadget = {
  name: 'JUMP',
  opcodes: [{ opcode: 0x56, name: 'JUMP', param: 0, gas: 8, spDelta: 1 }],
  slots: [{ write: false, base: 0 }],
  flow: 'custom',
  configure(c) {
    const s = c.step;
    c.gate({
      "pc' = dest": s.next.pc.sub(s.slot(0).lo),
      'dest hi = 0': s.slot(0).hi,
      'next opcode is JUMPDEST': s.next.opcode.sub(JUMPDEST_OPCODE),
    });
  },
  witness: () => ({}),
};

export const JUMPI: ExecutionGadget = {
  name: 'JUMPI',
  opcodes: [{ opcode: 0x57, name: 'JUMPI', param: 0, gas: 10, spDelta: 2 }],
  slots: [{ write: false, base: 0 }, { write: false, base: 1 }],
  flow: 'custom',
  configure(c) {
    const s = c.step;
    const dest = s.slot(0);
    const cond = s.slot(1);
    const taken = constant(1).sub(s.c0);
    c.isZero(cond.lo.add(cond.hi), c.c0Column);
    c.gate({
      "pc' = taken ? dest : pc + 1": s.next.pc.sub(taken.mul(dest.lo)).sub(s.c0.mul(s.pc.add(1))),
      'taken ⇒ dest hi = 0': taken.mul(dest.hi),
      'taken ⇒ next opcode is JUMPDEST': taken.mul(s.next.opcode.sub(JUMPDEST_OPCODE)),
    });
  },
  witness: ({ slots: [, cond] }) => ({ isZero: halfSum(cond!) }),
};

export const JUMPDEST: ExecutionGadget = {
  name: 'JUMPDEST',
  opcodes: [{ opcode: JUMPDEST_OPCODE, name: 'JUMPDEST', param: 0, gas: 1, spDelta: 0 }],
  slots: [],
  flow: 'next',
  configure() {},
  witness: () => ({}),
};

/** Pushes the word (value, 0) for a small value of the step's state (sp − 1 ← value). */
function pushState(name: string, opcode: number, value: (s: StepExprs) => Expr, rule: string): ExecutionGadget {
  return {
    name,
    opcodes: [{ opcode, name, param: 0, gas: 2, spDelta: -1 }],
    slots: [{ write: true, base: -1 }],
    flow: 'next',
    configure(c) {
      const s = c.step;
      c.gate({ [rule]: s.slot(0).lo.sub(value(s)), 'value hi = 0': s.slot(0).hi });
    },
    witness: () => ({}),
  };
}

export const PC = pushState('PC', 0x58, (s) => s.pc, 'value lo = pc');
export const GAS = pushState('GAS', 0x5a, (s) => s.gas.sub(s.gasCost), 'value lo = gas − cost');
/** The memory size in bytes: 32 per active word (memoryWords is 0 at a call's start; only memory opcodes grow it). */
export const MSIZE = pushState('MSIZE', 0x59, (s) => s.memoryWords.mul(32), 'value lo = 32·memory words');
