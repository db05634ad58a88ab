/**
 * Stack: POP, PUSH0–PUSH32, DUP1–DUP16, SWAP1–SWAP16. The stack grows down from 1024; its top is at the
 * stack pointer sp, the item n below the top at sp + n.
 *
 *   POP:   read sp.
 *   PUSHn: write sp − 1 with the n bytes after the opcode. The aux word's bytes are the value (little-endian);
 *          flag_j = (j < n) is a monotone 0/1 mask with Σ flag = n, byte j is looked up in the bytecode table at
 *          pc + n − j as push data (isCode = 0) where flag_j = 1 and is 0 elsewhere (circuit.ts). pc' = pc + 1 + n.
 *   DUPn:  read sp + n − 1, write sp − 1 with the same value.
 *   SWAPn: read sp (x), read sp + n (y), write sp ← y, write sp + n ← x.
 */
import { constant } from '../../plonk/index.js';
import type { ExecutionGadget, OpcodeSpec } from '../step.js';

const family = (name: string, first: number, from: number, to: number, gas: (n: number) => number, spDelta: number): OpcodeSpec[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ opcode: first + i, name: `${name}${from + i}`, param: from + i, gas: gas(from + i), spDelta }));

export const POP: ExecutionGadget = {
  name: 'POP',
  opcodes: [{ opcode: 0x50, name: 'POP', param: 0, gas: 2, spDelta: 1 }],
  slots: [{ write: false, base: 0 }],
  flow: 'next',
  configure() {},
  witness: () => ({}),
};

export const PUSH: ExecutionGadget = {
  name: 'PUSH',
  opcodes: family('PUSH', 0x5f, 0, 32, (n) => (n === 0 ? 2 : 3), -1),
  slots: [{ write: true, base: -1 }],
  flow: 'custom',
  configure(c) {
    const s = c.step;
    const bytesPastN: Record<string, ReturnType<typeof s.auxByte>> = {};
    for (let j = 0; j < 32; j++) bytesPastN[`byte ${j} is 0 past n`] = constant(1).sub(s.pushFlag(j)).mul(s.auxByte(j));
    c.gate({
      'value lo = aux lo': s.slot(0).lo.sub(s.aux.lo),
      'value hi = aux hi': s.slot(0).hi.sub(s.aux.hi),
      "pc' = pc + 1 + n": s.next.pc.sub(s.pc).sub(1).sub(s.param),
      ...bytesPastN,
    });
  },
  witness: ({ slots: [value] }) => ({ aux: value }),
};

export const DUP: ExecutionGadget = {
  name: 'DUP',
  opcodes: family('DUP', 0x80, 1, 16, () => 3, -1),
  slots: [{ write: false, base: -1, perParam: 1 }, { write: true, base: -1 }],
  flow: 'next',
  configure(c) {
    const s = c.step;
    c.gate({ 'copy lo': s.slot(1).lo.sub(s.slot(0).lo), 'copy hi': s.slot(1).hi.sub(s.slot(0).hi) });
  },
  witness: () => ({}),
};

export const SWAP: ExecutionGadget = {
  name: 'SWAP',
  opcodes: family('SWAP', 0x90, 1, 16, () => 3, 0),
  slots: [{ write: false, base: 0 }, { write: false, base: 0, perParam: 1 }, { write: true, base: 0 }, { write: true, base: 0, perParam: 1 }],
  flow: 'next',
  configure(c) {
    const s = c.step;
    c.gate({
      'top ← y lo': s.slot(2).lo.sub(s.slot(1).lo), 'top ← y hi': s.slot(2).hi.sub(s.slot(1).hi),
      'n-th ← x lo': s.slot(3).lo.sub(s.slot(0).lo), 'n-th ← x hi': s.slot(3).hi.sub(s.slot(0).hi),
    });
  },
  witness: () => ({}),
};
