/**
 * The MODEXP circuit's witness (EIP-198 with EIP-2565 gas, base, exponent and modulus ≤ 32 bytes): each call's
 * right-to-left square-and-multiply chain, and the arithmetic-table operations its steps look up. Pure.
 *
 * A chain keeps R·B^E ≡ base^exp (mod m). It starts at R = 1, E = exp + z, B = z ? 1 : base with z = (exp = 0),
 * so x^0 runs as 1^1 and every result is the output of a MULMOD (m = 0 gives 0, m = 1 gives 0, 0^0 = 1 mod m).
 *   multiply (E odd):  P = R·B mod m; the last step (E = 1), or the next step squares the same E, B with R = P
 *   square   (E even, or right after the multiply of an odd E): P = B·B mod m, B' = P, E' = E div 2
 * bitlen(E) + popcount(E) − 1 steps; the squares number bitlen(E) − 1, EIP-2565's iteration count (at least 1).
 */
import { OPCODE, type ArithOp } from '../evm/arith-table.js';

/** EIP-2565: the gas never falls below this. */
export const MIN_GAS = 200n;
/** EIP-2565's divisor (Gquaddivisor). */
export const GAS_DIVISOR = 3n;
/** Lengths this circuit proves (one word each); longer operands make the call unprovable. */
export const MAX_LENGTH = 32;

/** One MODEXP call as the precompile reads it: the header's lengths and the three numbers. */
export interface ModexpCall {
  readonly base: bigint;
  readonly exp: bigint;
  readonly mod: bigint;
  /** Byte lengths from the call data header (default 32 each). */
  readonly baseLength?: number;
  readonly expLength?: number;
  readonly modLength?: number;
}

export interface ModexpStep {
  /** 1: P = R·B mod m; 0: P = B·B mod m. */
  readonly multiply: boolean;
  readonly e: bigint;
  readonly b: bigint;
  readonly r: bigint;
  readonly p: bigint;
  /** Squares before this step in the call. */
  readonly squares: number;
  /** On a square: E mod 2 (1 right after a multiply). */
  readonly bit: bigint;
  readonly last: boolean;
}

export interface ModexpWitness extends Required<ModexpCall> {
  readonly steps: readonly ModexpStep[];
  readonly result: bigint;
  /** EIP-2565: words = ⌈max(baseLength, modLength) / 8⌉, complexity = words². */
  readonly complexity: bigint;
  readonly gas: bigint;
}

export class ModexpInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ModexpInputError';
  }
}

/** EIP-2565's multiplication complexity for operands of these byte lengths. */
export function multComplexity(baseLength: number, modLength: number): bigint {
  const words = BigInt(Math.ceil(Math.max(baseLength, modLength) / 8));
  return words * words;
}

/** EIP-2565's gas for a call whose chain has `squares` squares (exponent ≤ 32 bytes). */
export function modexpGas(complexity: bigint, squares: number): bigint {
  const g = (complexity * BigInt(Math.max(squares, 1))) / GAS_DIVISOR;
  return g > MIN_GAS ? g : MIN_GAS;
}

const bitLength = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length);

/** The chain, result and gas of one call. */
export function modexpWitness(call: ModexpCall): ModexpWitness {
  const c = { baseLength: MAX_LENGTH, expLength: MAX_LENGTH, modLength: MAX_LENGTH, ...call };
  for (const [name, len, v] of [['base', c.baseLength, c.base], ['exponent', c.expLength, c.exp], ['modulus', c.modLength, c.mod]] as const) {
    if (!Number.isInteger(len) || len < 0 || len > MAX_LENGTH) throw new ModexpInputError(`MODEXP ${name} length ${len}: this circuit proves lengths 0 … ${MAX_LENGTH}`);
    if (v < 0n || bitLength(v) > 8 * len) throw new ModexpInputError(`MODEXP ${name} 0x${v.toString(16)} does not fit its ${len} bytes`);
  }
  const m = c.mod;
  const z = c.exp === 0n;
  let e = z ? 1n : c.exp;
  let b = z ? 1n : c.base;
  let r = 1n;
  let squares = 0;
  let bit = 0n;
  const steps: ModexpStep[] = [];
  const mulmod = (x: bigint, y: bigint) => (m === 0n ? 0n : (x * y) % m);
  for (;;) {
    if ((e & 1n) === 1n && bit === 0n) {
      const p = mulmod(r, b);
      const last = e === 1n;
      steps.push({ multiply: true, e, b, r, p, squares, bit: 0n, last });
      if (last) break;
      r = p;
      bit = 1n;
    } else {
      const p = mulmod(b, b);
      steps.push({ multiply: false, e, b, r, p, squares, bit, last: false });
      b = p;
      e >>= 1n;
      squares++;
      bit = 0n;
    }
  }
  const complexity = multComplexity(c.baseLength, c.modLength);
  return { ...c, steps, result: steps[steps.length - 1].p, complexity, gas: modexpGas(complexity, squares) };
}

/** The arithmetic-table operations a chain looks up: a MULMOD per step, DIV and MOD by 2 per square (one slot). */
export function modexpArithOps(w: ModexpWitness): ArithOp[] {
  return w.steps.flatMap((s): ArithOp[] => s.multiply
    ? [{ opcode: OPCODE.MULMOD, a: s.r, b: s.b, n: w.mod }]
    : [{ opcode: OPCODE.MULMOD, a: s.b, b: s.b, n: w.mod }, { opcode: OPCODE.DIV, a: s.e, b: 2n }]);
}
