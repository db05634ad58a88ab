/**
 * EXP (pop a, pop e, push r = a^e mod 2^256): right-to-left square-and-multiply over ExpStep continuation rows, each
 * one MUL row of the word arithmetic table (arith-table.ts: the MulDivModChip proves it), so no multiplication is
 * re-proven here. Gas 10 + 50·n with n = e's length in bytes.
 *
 * Opcode row: the top byte T = e >> 8·(n − 1 + z) is a SHR row of the arithmetic table with T = aux byte 0, n = aux
 * byte 1 (the other aux bytes 0), z = (T = 0) by IsZero (c0) and z ⇒ n = 0. So z = 0: 1 ≤ T ≤ 255, i.e.
 * 256^(n−1) ≤ e < 256^n (n = 0 would shift by −8, no canonical table word; n a byte, so the shift is a multiple of
 * 8); z = 1: e = T = 0 and n = 0. The dynamic gas is 50·n.
 *
 * ExpStep rows keep the invariant R·B^E = a^e (mod 2^256): the first has E = e + z, B = z ? 1 : a (so 0^0 = 1 and
 * a^0 = 1 run as 1^1), R = 1. Cells: B slot 0, r (the pushed word, handed down) slot 1, P slot 2, R slot 3, E the aux
 * word (range-checked bytes), k = c0, the square's carry c1 and bit b inv.
 *   multiply (k = 1): P = R·B, the lsb of E is 1 — the next row is the square of the same E, B with b = 1 and
 *                     R' = P; or the row is the last: E = 1 and r = P.
 *   square (k = 0):   P = B·B, E = 2·E' + b (E' the next row's aux: carry and b boolean, both words canonical, so b
 *                     is E's lsb and E' = E >> 1), B' = P, R' = R; never last; b = 1 only after a multiply (the
 *                     opcode row and each square make a next square have b = 0).
 * So every set bit is multiplied in once, every bit but the top squared once, and the chain ends exactly at E = 1:
 * bitlen(e) + popcount(e) − 1 rows (at most 511; one for e = 0), each taking one MUL slot of the table.
 */
import { splitWord, TWO_128 } from '../../gadgets/word.js';
import { constant, type Expr } from '../../plonk/index.js';
import { OPCODE } from '../arith-table.js';
import type { AuxWitness, ExecutionGadget, GadgetConfigurer, StepExprs, WordExpr } from '../step.js';
import { fetchedError } from './fetched.js';
import { BINARY_SLOTS } from './arithmetic.js';
import { auxBytes, is, small, upperBytesZero } from './common.js';

const ONE = constant(1);
const TWO_256 = 1n << 256n;
export const EXP_BYTE_GAS = 50n;

const base = (s: StepExprs): WordExpr => s.slot(0);
const result = (s: StepExprs): WordExpr => s.slot(1);
const product = (s: StepExprs): WordExpr => s.slot(2);
const acc = (s: StepExprs): WordExpr => s.slot(3);
const bit = (s: StepExprs): Expr => s.inv;
/** e's byte length on the opcode row. */
const bytes = (s: StepExprs): Expr => s.auxByte(1);
/** z ? 1 : a, half by half. */
const oneIf = (z: Expr, a: WordExpr): WordExpr => ({ lo: a.lo.mul(ONE.sub(z)).add(z), hi: a.hi.mul(ONE.sub(z)) });
/** Each rule of `rules` multiplied by `gate`. */
const when = (gate: Expr, rules: Record<string, Expr>): Record<string, Expr> => Object.fromEntries(Object.entries(rules).map(([k, e]) => [k, gate.mul(e)]));

/** e's length in bytes: 0 for e = 0. */
export const byteLength = (e: bigint): number => (e === 0n ? 0 : Math.ceil(e.toString(2).length / 8));

export const EXP: ExecutionGadget = {
  name: 'EXP',
  opcodes: [{ opcode: 0x0a, name: 'EXP', param: 0, gas: 10, spDelta: 1 }],
  slots: BINARY_SLOTS,
  flow: 'next',
  continuation: 'ExpStep',
  arithLookup: {
    opcode: OPCODE.SHR,
    row: (s) => ({ a: small(bytes(s).sub(1).add(s.c0).mul(8)), b: s.slot(1), r: small(s.auxByte(0)) }),
    operands: ([, e]) => ({ a: 8n * BigInt(Math.max(byteLength(e!) - 1, 0)), b: e! }),
  },
  dynamicGas: (s) => bytes(s).mul(EXP_BYTE_GAS),
  configure(c) {
    const s = c.step;
    const n = s.next;
    const z = s.c0;
    c.gate({
      ...byteLengthRules(c), ...upperBytesZero(s, 2),
      ...is(n.aux, { lo: s.slot(1).lo.add(z), hi: s.slot(1).hi }, "continuation's E = e + z"),
      ...is(base(n), oneIf(z, s.slot(0)), "continuation's B = z ? 1 : a"),
      ...is(acc(n), small(ONE), "continuation's R = 1"),
      ...is(result(n), s.slot(2), "continuation's r = pushed"),
      "continuation: a square has b = 0": ONE.sub(n.c0).mul(bit(n)),
    });
  },
  witness: ({ slots: [, e] }) => byteLengthWitness(e!),
};

/** The top byte T (aux byte 0) is 0 iff z (c0, by IsZero), and then n = 0 (with EXP's SHR row: n = e's byte length). */
function byteLengthRules(c: GadgetConfigurer): Record<string, Expr> {
  c.isZero(c.step.auxByte(0), c.c0Column);
  return { 'e = 0 ⇒ n = 0': c.step.c0.mul(bytes(c.step)) };
}

/** The opcode row's aux word (T, n) and IsZero input for exponent e. */
function byteLengthWitness(e: bigint): AuxWitness {
  const n = byteLength(e);
  const top = n === 0 ? 0n : e >> BigInt(8 * (n - 1));
  return { aux: top | (BigInt(n) << 8n), isZero: top };
}

const EXP_OPCODE = 0x0a;
/** ErrorOutOfGasExp's shortfall: aux bytes 2 … 9. */
const SHORT = 2;

/**
 * EXP short of 50 per byte of its exponent (its constant 10 covered: ErrorOutOfGas takes the rest): EXP's opcode row
 * without the push — a (sp), e (sp + 1) read, n by the same SHR row and IsZero — and gasCost + 50·n − gas − 1 ≥ 0 in
 * aux bytes 2 … 9. A failing state (error.ts FAILURES): all gas consumed.
 */
export const EXP_OOG: ExecutionGadget = {
  ...fetchedError('ErrorOutOfGasExp', () => ({})),
  slots: BINARY_SLOTS.slice(0, 2),
  arithLookup: EXP.arithLookup,
  configure(c) {
    const s = c.step;
    c.gate({
      'the opcode is EXP': s.opcode.sub(EXP_OPCODE), ...byteLengthRules(c),
      'aux bytes 2 … 9 = gas cost + 50·n − gas − 1 (short of gas)': auxBytes(s, SHORT, 8).sub(s.gasCost.add(bytes(s).mul(EXP_BYTE_GAS)).sub(s.gas).sub(1)),
      ...upperBytesZero(s, SHORT + 8),
    });
  },
};

/** ErrorOutOfGasExp's cells for exponent e with `gas` left and the opcode's constant `gasCost`. */
export function expOogWitness(e: bigint, gasCost: number, gas: bigint): AuxWitness {
  const { aux, isZero } = byteLengthWitness(e);
  const short = BigInt(gasCost) + EXP_BYTE_GAS * BigInt(byteLength(e)) - gas - 1n;
  if (short < 0n) throw new RangeError(`EXP of a ${byteLength(e)}-byte exponent with ${gas} gas does not run out of gas`);
  return { aux: aux! | (short << BigInt(8 * SHORT)), isZero };
}

export const EXP_STEP: ExecutionGadget = {
  name: 'ExpStep',
  opcodes: [],
  slots: [],
  flow: 'continuation',
  arithLookup: {
    opcode: OPCODE.MUL,
    // k·R + (1 − k)·B: degree 2 inside the lookup, as the circuit's degree allows
    row: (s) => ({ a: base(s), b: { lo: s.c0.mul(acc(s).lo).add(ONE.sub(s.c0).mul(base(s).lo)), hi: s.c0.mul(acc(s).hi).add(ONE.sub(s.c0).mul(base(s).hi)) }, r: product(s) }),
    operands: (_, aux) => ({ a: aux!.scratch!.get(0)!, b: aux!.scratch!.get(aux!.c0 === 1n ? 3 : 0)! }),
  },
  configure(c) {
    const s = c.step;
    const n = s.next;
    const k = s.c0;
    const square = ONE.sub(k);
    const more = n.state('ExpStep');
    const last = ONE.sub(more);
    const carry = s.c1;
    c.gate({
      'k boolean': k.mul(square),
      ...when(square, {
        'square: b boolean': bit(s).mul(ONE.sub(bit(s))), 'square: carry boolean': carry.mul(ONE.sub(carry)),
        "square: E hi = 2·E' hi + carry": s.aux.hi.sub(n.aux.hi.mul(2)).sub(carry),
        "square: E lo + carry·2^128 = 2·E' lo + b": s.aux.lo.add(carry.mul(TWO_128)).sub(n.aux.lo.mul(2)).sub(bit(s)),
        'square: never last': last,
        ...is(base(n), product(s), "square: B' = P"), ...is(acc(n), acc(s), "square: R' = R"),
        'square: a next square has b = 0': ONE.sub(n.c0).mul(bit(n)),
      }),
      ...when(k.mul(more), {
        'multiply: the next row squares': n.c0, "multiply: the next row's b = 1": ONE.sub(bit(n)),
        ...is(n.aux, s.aux, "multiply: E' = E"), ...is(base(n), base(s), "multiply: B' = B"), ...is(acc(n), product(s), "multiply: R' = P"),
      }),
      ...when(more, is(result(n), result(s), "more: r' = r")),
      ...when(last, { ...is(s.aux, small(ONE), 'last: E = 1'), ...is(result(s), product(s), 'last: r = P') }),
    });
  },
  witness: () => ({}),
};

/** The ExpStep rows of a^e, and the result. */
export function expRows(a: bigint, e: bigint): { rows: AuxWitness[]; r: bigint } {
  const z = e === 0n;
  let [E, B, R] = [z ? 1n : e, z ? 1n : a, 1n];
  const steps: Array<{ k: bigint; B: bigint; R: bigint; P: bigint; E: bigint }> = [];
  for (;;) {
    if ((E & 1n) === 1n) {
      const P = (R * B) % TWO_256;
      steps.push({ k: 1n, B, R, P, E });
      R = P;
      if (E === 1n) break;
    }
    const P = (B * B) % TWO_256;
    steps.push({ k: 0n, B, R, P, E });
    B = P;
    E >>= 1n;
  }
  const r = R;
  const rows = steps.map(({ k, B, R, P, E }): AuxWitness => ({
    aux: E, c0: k, c1: k === 1n ? 0n : splitWord(E)[1] & 1n, inv: k === 1n ? 0n : E & 1n,
    scratch: new Map([[0, B], [1, r], [2, P], [3, R]]),
  }));
  return { rows, r };
}
