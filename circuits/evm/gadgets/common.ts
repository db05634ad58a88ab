/** Expression helpers the execution-state gadgets share: words, addresses, RW slots of the call context and accounts. */
import { FR_MODULUS } from '../../field/constants.js';
import { modInverse } from '../../field/modular.js';
import { mod } from '../../gadgets/common.js';
import { TWO_128 } from '../../gadgets/word.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import { AccountField, RwTag, type CallContextField } from '../../state/table.js';
import type { KeyedSlot, StepExprs, WordExpr } from '../step.js';

export const ZERO: WordExpr = { lo: constant(0), hi: constant(0) };
/** A value below 2^128 as a word. */
export const small = (e: Expr): WordExpr => ({ lo: e, hi: constant(0) });

/** w = v, half by half. */
export const is = (w: WordExpr, v: WordExpr, name: string): Record<string, Expr> => ({ [`${name} lo`]: w.lo.sub(v.lo), [`${name} hi`]: w.hi.sub(v.hi) });

/** Aux bytes from … from + n − 1 as a little-endian number: Σ byte_(from + j)·256^j. */
export const auxBytes = (s: StepExprs, from: number, n: number): Expr => sum(Array.from({ length: n }, (_, j) => s.auxByte(from + j).mul(1n << BigInt(8 * j))));

/** Aux bytes from … 31 are zero. */
export const upperBytesZero = (s: StepExprs, from: number): Record<string, Expr> =>
  Object.fromEntries(Array.from({ length: 32 - from }, (_, i) => [`aux byte ${from + i} = 0`, s.auxByte(from + i)]));

/**
 * The tx table holds an address as one field element (valueLo), the RW table as a word's (lo, hi) halves. A step
 * that writes an address word equates it with its aux word and zeroes aux bytes 20 … 31 (`addressAux`): then the
 * halves are canonical and lo + hi·2^128 < 2^160 < r, so the field element names exactly that word.
 */
export const address = (w: WordExpr): WordExpr => small(w.lo.add(w.hi.mul(TWO_128)));
export const addressAux = (s: StepExprs, j: number, name: string): Record<string, Expr> => ({ ...is(s.slot(j), s.aux, `${name} = aux`), ...upperBytesZero(s, 20) });

/** A read of the running call's stack at `address`. */
export const stackAt = (address: (s: StepExprs) => Expr): KeyedSlot => ({ write: false, tag: RwTag.Stack, field: 0, key: (s) => ({ id: s.callId, address: address(s) }) });

/** A call context field of the running call (BeginTx writes them, opcodes read them). */
export const callContext = (field: CallContextField | 'param', write = true): KeyedSlot => ({ write, tag: RwTag.CallContext, field, key: (s) => ({ id: s.callId, address: constant(0) }) });
/** An account field of the address in the slot's own address cell (which the gadget binds, e.g. by a tx lookup). */
export const account = (field: AccountField, write: boolean): KeyedSlot => ({ write, tag: RwTag.Account, field, key: () => ({ id: constant(0) }) });
/** A read of HasStorage (EIP-7610) of the account at `of` (a creation's new address). */
export const hasStorageOf = (of: (s: StepExprs) => Expr): KeyedSlot => ({ write: false, tag: RwTag.Account, field: AccountField.HasStorage, key: (s) => ({ id: constant(0), address: of(s) }) });

/** out = (value == 0) with a witnessed inverse in a cell of the row (the IsZero rules where the row's IsZero chip is taken). */
export const isZeroRules = (name: string, value: Expr, inverse: Expr, out: Expr): Record<string, Expr> =>
  ({ [`${name}: out = 1 − value·inverse`]: out.sub(1).add(value.mul(inverse)), [`${name}: value·out = 0`]: value.mul(out) });
/** isZeroRules' inverse cell for `value`: its inverse mod r, 0 for 0. */
export const isZeroInverse = (value: bigint): bigint => (mod(value) === 0n ? 0n : modInverse(mod(value), FR_MODULUS));
