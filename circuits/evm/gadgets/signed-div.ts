/**
 * SDIV, SMOD (pop a, pop b, push r): r = ±(|a| / |b|) (sign sa XOR sb) and r = ±(|a| mod |b|) (sign sa), with
 * the unsigned quotient or remainder looked up as a DIV or MOD row of the word arithmetic table (b = 0 gives 0, and
 * −2^255 / −1 wraps to −2^255, as the EVM has it). Three rows:
 *
 *   opcode row:      aux bytes 0 … 15 = a hi, 16 … 31 = b hi; the sign bits sa (c0), sb (c1) with
 *                    2·(top byte − 128·s) a byte (the next row's aux bytes 0, 1), so s is the top bit;
 *                    |a| = sa ? 2^256 − a : a and |b| likewise (carries in slot 3's scratch lo, hi); hands the
 *                    next row |a|, |b| (its slots 0, 1), r (slot 3), the sign σ (c0) and DIV or MOD (c1 = opcode − 1).
 *   SignedDivAbs:    (c1, |a|, |b|, 0, q) in the arithmetic table (q in slot 2; the table's words are canonical);
 *                    r = σ ? −q mod 2^256 : q (carries: aux bytes 2, 3, boolean); hands r to the next row's aux.
 *   SignedDivResult: aux = r, so r's halves are canonical (a wrapped −0 = 2^256 is not); one row.
 *
 * With canonical inputs the carry identities are exact: y + x = 2^256 (y = 2^256 − x) and r + q ∈ {0, 2^256}.
 */
import { TWO_128, splitWord } from '../../gadgets/word.js';
import { constant, type Expr } from '../../plonk/index.js';
import { OPCODE } from '../arith-table.js';
import type { AuxWitness, ExecutionGadget, StepExprs, WordExpr } from '../step.js';
import { BINARY_SLOTS } from './arithmetic.js';
import { auxBytes, is } from './common.js';

const ONE = constant(1);
const TWO_256 = 1n << 256n;

/** y = s ? (wrap·2^256 − x) : x, half by half with the carry of the lo halves. */
function negates(y: WordExpr, x: WordExpr, s: Expr, carry: Expr, wrap: Expr, name: string): Record<string, Expr> {
  return {
    [`${name}: carry boolean`]: carry.mul(ONE.sub(carry)),
    [`${name}: negative lo`]: s.mul(y.lo.add(x.lo).sub(carry.mul(TWO_128))),
    [`${name}: negative hi`]: s.mul(y.hi.add(x.hi).add(carry).sub(wrap.mul(TWO_128))),
    ...Object.fromEntries(Object.entries(is(y, x, `${name}: positive`)).map(([k, e]) => [k, ONE.sub(s).mul(e)])),
  };
}

/** 2·(top byte − 128·sign) is the next row's aux byte `at`: sign is the top bit of the byte. */
const topBit = (s: StepExprs, byte: number, sign: Expr, at: number): Expr => s.next.auxByte(at).sub(s.auxByte(byte).sub(sign.mul(128)).mul(2));

export const SIGNED_DIV: ExecutionGadget = {
  name: 'SIGNED_DIV',
  opcodes: [{ opcode: 0x05, name: 'SDIV', param: 0, gas: 5, spDelta: 1 }, { opcode: 0x07, name: 'SMOD', param: 0, gas: 5, spDelta: 1 }],
  slots: BINARY_SLOTS,
  flow: 'next',
  continuation: 'SignedDivAbs',
  configure(c) {
    const s = c.step;
    const n = s.next;
    const [a, b, r] = [s.slot(0), s.slot(1), s.slot(2)];
    const [sa, sb] = [s.c0, s.c1];
    // 2·σ: SDIV (opcode 5) sa XOR sb, SMOD (opcode 7) sa
    const twoSigma = constant(7).sub(s.opcode).mul(sa.add(sb).sub(sa.mul(sb).mul(2))).add(s.opcode.sub(5).mul(sa));
    c.gate({
      'a hi = aux bytes 0 … 15': a.hi.sub(auxBytes(s, 0, 16)), 'b hi = aux bytes 16 … 31': b.hi.sub(auxBytes(s, 16, 16)),
      'sa boolean': sa.mul(ONE.sub(sa)), 'sb boolean': sb.mul(ONE.sub(sb)),
      'sa = top bit of a': topBit(s, 15, sa, 0), 'sb = top bit of b': topBit(s, 31, sb, 1),
      ...negates(n.slot(0), a, sa, s.slot(3).lo, ONE, '|a|'), ...negates(n.slot(1), b, sb, s.slot(3).hi, ONE, '|b|'),
      ...is(n.slot(3), r, "continuation's r = result"),
      "continuation's opcode = DIV or MOD": n.c1.sub(s.opcode).add(1),
      "continuation's sign": n.c0.mul(2).sub(twoSigma),
    });
  },
  witness: ({ slots: [a, b] }) => {
    const [sa, sb] = [a! >> 255n, b! >> 255n];
    const carry = (x: bigint, sign: bigint) => (sign === 1n ? (splitWord(x)[0] + splitWord((TWO_256 - x) % TWO_256)[0]) >> 128n : 0n);
    return { aux: (a! >> 128n) | ((b! >> 128n) << 128n), c0: sa, c1: sb, cells: new Map([[3, { lo: carry(a!, sa), hi: carry(b!, sb) }]]) };
  },
};

export const SIGNED_DIV_ABS: ExecutionGadget = {
  name: 'SignedDivAbs',
  opcodes: [],
  slots: [],
  flow: 'continuation',
  continuation: 'SignedDivResult',
  arithLookup: {
    opcode: (s) => s.c1,
    row: (s) => ({ a: s.slot(0), b: s.slot(1), r: s.slot(2) }),
    operands: (_, aux) => ({ opcode: Number(aux!.c1!), a: aux!.scratch!.get(0)!, b: aux!.scratch!.get(1)! }),
  },
  configure(c) {
    const s = c.step;
    c.gate({
      ...negates(s.slot(3), s.slot(2), s.c0, s.auxByte(2), s.auxByte(3), 'r'),
      'r: wrap boolean': s.auxByte(3).mul(ONE.sub(s.auxByte(3))),
      'next is SignedDivResult': ONE.sub(s.next.state('SignedDivResult')),
      ...is(s.next.aux, s.slot(3), "continuation's aux = r"),
    });
  },
  witness: () => ({}),
};

export const SIGNED_DIV_RESULT: ExecutionGadget = {
  name: 'SignedDivResult',
  opcodes: [],
  slots: [],
  flow: 'continuation',
  configure(c) {
    c.gate({ 'one row': c.step.next.state('SignedDivResult') });
  },
  witness: () => ({}),
};

/** The continuation rows of SDIV (opcode 0x05) or SMOD (0x07) of a, b; r is the pushed result. */
export function signedDivRows(opcode: number, a: bigint, b: bigint): { abs: AuxWitness; result: AuxWitness; r: bigint } {
  const [sa, sb] = [a >> 255n, b >> 255n];
  const abs = (x: bigint, sign: bigint) => (sign === 1n ? TWO_256 - x : x);
  const [ua, ub] = [abs(a, sa), abs(b, sb)];
  const sdiv = opcode === 0x05;
  const q = ub === 0n ? 0n : sdiv ? ua / ub : ua % ub;
  const sigma = sdiv ? sa ^ sb : sa;
  const r = sigma === 1n ? (TWO_256 - q) % TWO_256 : q;
  const [rLo, rHi] = splitWord(r);
  const [qLo, qHi] = splitWord(q);
  const carry = sigma === 1n ? (rLo + qLo) >> 128n : 0n;
  const wrap = sigma === 1n ? (rHi + qHi + carry) >> 128n : 0n;
  const tops = (2n * ((a >> 248n) - 128n * sa)) | ((2n * ((b >> 248n) - 128n * sb)) << 8n);
  return {
    abs: { c0: sigma, c1: BigInt(sdiv ? OPCODE.DIV : OPCODE.MOD), aux: tops | (carry << 16n) | (wrap << 24n), scratch: new Map([[0, ua], [1, ub], [2, q], [3, r]]) },
    result: { aux: r },
    r,
  };
}
