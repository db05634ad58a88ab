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
 *
 * BYTE pops i, then x, and pushes byte i of x (big-endian; 0 for i ≥ 32) = the top byte of y = x << s with
 * s = 8·i, or s = 256 (y = 0) for i ≥ 32: one SHL row (SHL, s, x, 0, y) with y = (slot 3's scratch lo, aux hi), the
 * result aux byte 31 (aux bytes 16 … 31 range-check y hi); p = (i ≥ 32) as `atLeast` proves it.
 *
 * SIGNEXTEND pops b, then x, and pushes x sign-extended from byte b (x itself for b ≥ 31) = SAR(SHL(x, s), s) with
 * s = 256 − 8·(b + 1), or s = 0 for b ≥ 31 (p = (b ≥ 31) by `atLeast`): the opcode row looks up (SHL, s, x, 0, v)
 * (v in slot 3's scratch cells) and its one SignExtendSar row (SAR, s, v, 0, r), handed s (c0), v (aux) and r.
 */
import { splitWord, TWO_128 } from '../../gadgets/word.js';
import { constant, type Expr } from '../../plonk/index.js';
import { OPCODE } from '../arith-table.js';
import type { AuxWitness, ExecutionGadget, GadgetConfigurer, StepExprs, WordExpr } from '../step.js';
import { arithTableGadget, BINARY_SLOTS } from './arithmetic.js';
import { auxBytes, is, small } from './common.js';

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

const WORD_MASK = (1n << 256n) - 1n;

/**
 * p = (i ≥ bound) (c1) for a word i and a bound ≤ 256, with z = (i hi = 0) (c0, by IsZero) and aux bytes 0 … 15:
 * z = 0 ⇒ p = 1; p = 1, z = 1 ⇒ aux bytes 0 … 15 = i lo − bound (so i lo ≥ bound); p = 0 ⇒ aux byte 0 = i lo and
 * byte 1 = bound − 1 − i lo (so i < bound).
 */
function atLeast(c: GadgetConfigurer, i: WordExpr, bound: number): Record<string, Expr> {
  const s = c.step;
  const [z, p] = [s.c0, s.c1];
  const one = constant(1);
  c.isZero(i.hi, c.c0Column);
  return {
    'p boolean': p.mul(one.sub(p)),
    'i hi ≠ 0 ⇒ p': one.sub(z).mul(one.sub(p)),
    [`p, i hi = 0: bytes 0 … 15 = i lo − ${bound}`]: z.mul(p).mul(auxBytes(s, 0, 16).sub(i.lo).add(bound)),
    'not p: byte 0 = i lo': one.sub(p).mul(s.auxByte(0).sub(i.lo)),
    [`not p: byte 0 + byte 1 = ${bound - 1}`]: one.sub(p).mul(s.auxByte(0).add(s.auxByte(1)).sub(bound - 1)),
  };
}

/** atLeast's cells for i: aux bytes 0 … 15, the IsZero input and c1. */
function atLeastWitness(i: bigint, bound: bigint): { low: bigint; isZero: bigint; c1: bigint } {
  const [lo, hi] = splitWord(i);
  const p = i >= bound;
  return { low: !p ? lo | ((bound - 1n - lo) << 8n) : hi === 0n ? lo - bound : 0n, isZero: hi, c1: p ? 1n : 0n };
}

/** BYTE's shift: 8·i, or 256 (past the word) for i ≥ 32. */
const byteShift = (i: bigint): bigint => (i < 32n ? 8n * i : 256n);

export const BYTE: ExecutionGadget = {
  name: 'BYTE',
  opcodes: [{ opcode: 0x1a, name: 'BYTE', param: 0, gas: 3, spDelta: 1 }],
  slots: BINARY_SLOTS,
  flow: 'next',
  arithLookup: {
    opcode: OPCODE.SHL,
    row: (s) => ({ a: small(constant(1).sub(s.c1).mul(s.slot(0).lo).mul(8).add(s.c1.mul(256))), b: s.slot(1), r: { lo: s.slot(3).lo, hi: s.aux.hi } }),
    operands: ([i, x]) => ({ a: byteShift(i!), b: x! }),
  },
  configure(c) {
    const s = c.step;
    const r = s.slot(2);
    c.gate({ ...atLeast(c, s.slot(0), 32), 'result lo = aux byte 31': r.lo.sub(s.auxByte(31)), 'result hi = 0': r.hi });
  },
  witness: ({ slots: [i, x] }) => {
    const { low, ...flags } = atLeastWitness(i!, 32n);
    const [yLo, yHi] = splitWord((x! << byteShift(i!)) & WORD_MASK);
    return { aux: (yHi << 128n) | low, ...flags, cells: new Map([[3, { lo: yLo, hi: 0n }]]) };
  },
};

/** SIGNEXTEND's shift: 256 − 8·(b + 1) for b < 31, else 0 (the word is kept). */
const signShift = (b: bigint): bigint => (b < 31n ? 248n - 8n * b : 0n);
const toSigned = (x: bigint): bigint => (x >> 255n === 1n ? x - (1n << 256n) : x);

export const SIGNEXTEND: ExecutionGadget = {
  name: 'SIGNEXTEND',
  opcodes: [{ opcode: 0x0b, name: 'SIGNEXTEND', param: 0, gas: 5, spDelta: 1 }],
  slots: BINARY_SLOTS,
  flow: 'next',
  continuation: 'SignExtendSar',
  arithLookup: {
    opcode: OPCODE.SHL,
    row: (s) => ({ a: small(constant(1).sub(s.c1).mul(constant(248).sub(s.slot(0).lo.mul(8)))), b: s.slot(1), r: s.slot(3) }),
    operands: ([b, x]) => ({ a: signShift(b!), b: x! }),
  },
  configure(c) {
    const s = c.step;
    const n = s.next;
    c.gate({
      ...atLeast(c, s.slot(0), 31),
      "continuation's c0 = shift": n.c0.sub(constant(1).sub(s.c1).mul(constant(248).sub(s.slot(0).lo.mul(8)))),
      ...is(n.aux, s.slot(3), "continuation's aux = shifted"), ...is(n.slot(0), s.slot(2), "continuation's r = result"),
    });
  },
  witness: ({ slots: [b, x] }) => {
    const { low, ...flags } = atLeastWitness(b!, 31n);
    const [vLo, vHi] = splitWord((x! << signShift(b!)) & WORD_MASK);
    return { aux: low, ...flags, cells: new Map([[3, { lo: vLo, hi: vHi }]]) };
  },
};

/** SIGNEXTEND's second row: (SAR, c0, aux, 0, r) with r in slot 0's cells; one row. */
export const SIGNEXTEND_SAR: ExecutionGadget = {
  name: 'SignExtendSar',
  opcodes: [],
  slots: [],
  flow: 'continuation',
  arithLookup: { opcode: OPCODE.SAR, row: (s) => ({ a: small(s.c0), b: s.aux, r: s.slot(0) }), operands: (_, aux) => ({ a: aux!.c0!, b: aux!.aux! }) },
  configure(c) {
    c.gate({ 'one row': c.step.next.state('SignExtendSar') });
  },
  witness: () => ({}),
};

/** The SignExtendSar row of SIGNEXTEND(b, x): the shift, x shifted left by it, and the result. */
export function signExtendRow(b: bigint, x: bigint): AuxWitness {
  const shift = signShift(b);
  const v = (x << shift) & WORD_MASK;
  return { c0: shift, aux: v, scratch: new Map([[0, ((toSigned(v) >> shift) + (1n << 256n)) & WORD_MASK]]) };
}
