/**
 * Arithmetic: ADD, SUB here; MUL, DIV, MOD, ADDMOD, MULMOD by a lookup into the word arithmetic table.
 *
 * ADD and SUB are one 256-bit addition with carries, checked on the (lo, hi) halves:
 *
 *   x + y = z + c1·2^256,  as  x_lo + y_lo = z_lo + c0·2^128,  x_hi + y_hi + c0 = z_hi + c1·2^128,  c0, c1 ∈ {0, 1}
 *
 * ADD: (x, y, z) = (a, b, aux) — the sum is the range-checked aux word and the pushed result.
 * SUB: (x, y, z) = (b, aux, a) — aux = a − b mod 2^256 is the difference, c1 the borrow.
 * The operands come from the RW table (written canonically by earlier steps) and aux is byte-checked, so
 * every equation is an integer identity (all terms < 2^130 ≪ r) and the carries are unique.
 * RW order: pop a (sp), pop b (sp + 1), push the result (sp + 1).
 */
import { TWO_128, TWO_256, splitWord } from '../../gadgets/word.js';
import { constant, type Expr } from '../../plonk/index.js';
import type { ExecutionGadget, StepExprs, WordExpr } from '../step.js';

const bool = (e: Expr): Expr => e.mul(constant(1).sub(e));

/** The constraints of x + y = z + c1·2^256 with the lo→hi carry c0. */
export function addRelation(s: StepExprs, x: WordExpr, y: WordExpr, z: WordExpr): Record<string, Expr> {
  return {
    'lo: x + y = z + c0·2^128': x.lo.add(y.lo).sub(z.lo).sub(s.c0.mul(TWO_128)),
    'hi: x + y + c0 = z + c1·2^128': x.hi.add(y.hi).add(s.c0).sub(z.hi).sub(s.c1.mul(TWO_128)),
    'c0 is boolean': bool(s.c0),
    'c1 is boolean': bool(s.c1),
  };
}

/** Witness of addRelation for x + y: the carry out of the lo halves and out of the whole sum. */
export function addCarries(x: bigint, y: bigint): { c0: bigint; c1: bigint } {
  const [xl] = splitWord(x);
  const [yl] = splitWord(y);
  return { c0: xl + yl >= TWO_128 ? 1n : 0n, c1: x + y >= TWO_256 ? 1n : 0n };
}

/** RW slots of a binary operation: pop a, pop b, push the result where b was. */
export const BINARY_SLOTS = [{ write: false, base: 0 }, { write: false, base: 1 }, { write: true, base: 1 }] as const;

/**
 * A binary operation checked by one addRelation over (a, b, aux): `terms` orders them as (x, y, z), the
 * result is the aux word or the borrow c1 (as the word (c1, 0)), and `witness` gives aux and the carries.
 */
export function sumGadget(name: string, opcode: number, terms: (a: WordExpr, b: WordExpr, aux: WordExpr) => [WordExpr, WordExpr, WordExpr],
  result: 'aux' | 'borrow', witness: (a: bigint, b: bigint) => { aux: bigint; c0: bigint; c1: bigint }): ExecutionGadget {
  return {
    name,
    opcodes: [{ opcode, name, param: 0, gas: 3, spDelta: 1 }],
    slots: BINARY_SLOTS,
    flow: 'next',
    configure(c) {
      const s = c.step;
      const r = s.slot(2);
      const out: Record<string, Expr> = result === 'aux'
        ? { 'result lo = aux lo': r.lo.sub(s.aux.lo), 'result hi = aux hi': r.hi.sub(s.aux.hi) }
        : { 'result lo = borrow': r.lo.sub(s.c1), 'result hi = 0': r.hi };
      c.gate({ ...addRelation(s, ...terms(s.slot(0), s.slot(1), s.aux)), ...out });
    },
    witness: ({ slots: [a, b] }) => witness(a!, b!),
  };
}

/** b + (a − b mod 2^256) = a + borrow·2^256: the difference and the carries of that addition. */
export function subWitness(a: bigint, b: bigint): { aux: bigint; c0: bigint; c1: bigint } {
  const diff = (a - b + TWO_256) % TWO_256;
  return { aux: diff, ...addCarries(b, diff) };
}

/** A state whose result is one lookup of (opcode, a, b, n, r) into the word arithmetic table (../arith-table.ts), whose rows the gadget chips prove. */
export function arithTableGadget(name: string, opcodes: ReadonlyArray<readonly [opcode: number, name: string, gas: number]>, kind: 'binary' | 'ternary'): ExecutionGadget {
  return {
    name,
    opcodes: opcodes.map(([opcode, op, gas]) => ({ opcode, name: op, param: 0, gas, spDelta: kind === 'binary' ? 1 : 2 })),
    slots: kind === 'binary' ? BINARY_SLOTS : [{ write: false, base: 0 }, { write: false, base: 1 }, { write: false, base: 2 }, { write: true, base: 2 }],
    flow: 'next',
    arithLookup: kind,
    configure() {},
    witness: () => ({}),
  };
}

/** MUL, DIV, MOD: pop a, pop b, push r. ADDMOD, MULMOD: pop a, pop b, pop n, push r. */
export const MUL_DIV_MOD = arithTableGadget('MUL_DIV_MOD', [[0x02, 'MUL', 5], [0x04, 'DIV', 5], [0x06, 'MOD', 5]], 'binary');
export const ADDMOD_MULMOD = arithTableGadget('ADDMOD_MULMOD', [[0x08, 'ADDMOD', 8], [0x09, 'MULMOD', 8]], 'ternary');

export const ADD = sumGadget('ADD', 0x01, (a, b, aux) => [a, b, aux], 'aux', (a, b) => ({ aux: (a + b) % TWO_256, ...addCarries(a, b) }));
export const SUB = sumGadget('SUB', 0x03, (a, b, aux) => [b, aux, a], 'aux', subWitness);
