/**
 * Precompile calls: the identity precompile (0x04) here, ecrecover (0x01) in ecrecover.ts, SHA-256 (0x02) in sha256.ts,
 * MODEXP (0x05) in modexp.ts (a tx whose callee is a precompile: precompile-root.ts). A call's CallPrewarm proves
 * whether its code address is a precompile (0x01 … 0x0a) and refuses every one but those four; CallCredit then hands the
 * callee's frame to the precompile's rows instead of code, and their last row to CallReturn, which takes the output length from them. The
 * output sits in the callee's memory from 0, where CallResume's ReturnDataBytes and a later RETURNDATACOPY read return
 * data. A call without the gas the precompile charges fails: IdentityOutOfGas, a failing state (error.ts FAILURES),
 * consumes all the callee's gas and has its value transfer undone.
 *
 * PrecompileIdentity (the callee's row after CallCredit): reads its CallDataLength L, CallDataOffset and CallerId (the
 * input is that range of the caller's memory); the cost 15 + 3·w with 32·w = L + 31 − t (t, 31 − t bytes); gas −
 * cost ≥ 0 (8 aux bytes: a call that runs out of gas is not built); the next row's gas = gas − cost. Where L > 0
 * IdentityBytes rows follow (frame-copy.ts' rules: the caller's memory at CallDataOffset + i to the callee's at i),
 * else CallReturn. Both keep L in aux bytes 4 … 7 for CallReturn (the output is the input).
 * IdentityOutOfGas (instead of PrecompileIdentity): reads L; cost − gas − 1 ≥ 0 (8 aux bytes); the next row's gas 0.
 */
import { constant, type Expr } from '../../plonk/index.js';
import { CallContextField } from '../../state/table.js';
import type { AuxWitness, ExecutionGadget, StepExprs } from '../step.js';
import { auxBytes, callContext, upperBytesZero } from './common.js';
import { byteCopyRules, COPY_BYTES_PER_ROW, copyByte, copyHandOver } from './frame-copy.js';
import { internal } from './tx.js';

/** The identity precompile's address and its gas: 15 + 3 per word of input. */
export const IDENTITY = 4n;
export const IDENTITY_GAS = 15n;
export const IDENTITY_WORD_GAS = 3n;
export const IDENTITY_ROW = 'PrecompileIdentity';
export const IDENTITY_OUT_OF_GAS = 'IdentityOutOfGas';
const IDENTITY_BYTES = 'IdentityBytes';
/** Aux bytes of the identity rows: L (both), then PrecompileIdentity's t, 31 − t, w and gas − cost. */
export const L_BYTES = 4;
const T_BYTE = 8;
const W_BYTES = 10;
export const LEFT_BYTES = 16;

/** The input length L in aux bytes 4 … 7 (the identity's rows and the root precompile rows, precompile-root.ts). */
export const inputLength = (s: StepExprs): Expr => auxBytes(s, L_BYTES, 4);
/** The identity's output length where `end` (CallReturn's row before) is one of its rows, else 0. */
export const identityOutput = (end: StepExprs): Expr => end.state(IDENTITY_ROW).add(end.state(IDENTITY_BYTES)).mul(inputLength(end));

/** The word count w of an input of L bytes: 32·w = L + 31 − t with t, 31 − t in aux bytes 8, 9 and w in bytes 10 … 13. */
export function words(s: StepExprs, L: Expr): { rules: Record<string, Expr>; w: Expr } {
  const w = auxBytes(s, W_BYTES, 4);
  return { rules: { 't + (31 − t) = 31': s.auxByte(T_BYTE).add(s.auxByte(T_BYTE + 1)).sub(31), '32·w = L + 31 − t': w.mul(32).sub(L).sub(31).add(s.auxByte(T_BYTE)) }, w };
}

/** `words`' aux bits for an input of `length` bytes: t, 31 − t and w. */
export function wordsWitness(length: number): bigint {
  const t = (length + 31) % 32;
  return (BigInt(t) << BigInt(8 * T_BYTE)) | (BigInt(31 - t) << BigInt(8 * (T_BYTE + 1))) | (BigInt(Math.ceil(length / 32)) << BigInt(8 * W_BYTES));
}

/** A precompile row's charge: gas − cost ≥ 0 in aux bytes 16 … 23 and the next row's gas = gas − cost. */
export const charged = (s: StepExprs, cost: Expr): Record<string, Expr> =>
  ({ 'aux bytes 16 … 23 = gas − cost (enough gas)': auxBytes(s, LEFT_BYTES, 8).sub(s.gas.sub(cost)), "gas' = gas − cost": s.next.gas.sub(s.gas).add(cost) });
/** A precompile row short of its cost: cost − gas − 1 ≥ 0 in aux bytes 16 … 23, all gas consumed. */
export const shortOfGas = (s: StepExprs, cost: Expr): Record<string, Expr> =>
  ({ 'aux bytes 16 … 23 = cost − gas − 1 (short of gas)': auxBytes(s, LEFT_BYTES, 8).sub(cost.sub(s.gas).sub(1)), "all gas consumed: gas' = 0": s.next.gas });

/**
 * A precompile's input length L (its call's CallDataLength, slot 0) in aux bytes 4 … 7 and its cost base + perWord·⌈L/32⌉
 * (`words`): the identity's and SHA-256's (sha256.ts).
 */
export function linearCost(s: StepExprs, base: bigint, perWord: bigint): { rules: Record<string, Expr>; cost: Expr } {
  const L = inputLength(s);
  const { rules, w } = words(s, L);
  return { rules: { 'aux bytes 4 … 7 = L': L.sub(s.slot(0).lo), 'L hi = 0': s.slot(0).hi, ...rules }, cost: w.mul(perWord).add(base) };
}
const identityCost = (s: StepExprs) => linearCost(s, IDENTITY_GAS, IDENTITY_WORD_GAS);
/** The aux bytes a linearCost row leaves unused (0 … 3, 14, 15, 24 … 31) are 0. */
export const unusedBytesZero = (s: StepExprs): Record<string, Expr> =>
  ({ ...Object.fromEntries([0, 1, 2, 3, 14, 15].map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])), ...upperBytesZero(s, LEFT_BYTES + 8) });

export const PRECOMPILE_IDENTITY: ExecutionGadget = internal(IDENTITY_ROW, [IDENTITY_BYTES, 'CallReturn'],
  [callContext(CallContextField.CallDataLength, false), callContext(CallContextField.CallDataOffset, false), callContext(CallContextField.CallerId, false)], () => [],
  (c) => {
    const s = c.step;
    const n = s.next;
    const L = inputLength(s);
    const { rules, cost } = identityCost(s);
    const bytes = n.state(IDENTITY_BYTES);
    c.gate({
      ...rules, ...charged(s, cost),
      ...copyHandOver(s, IDENTITY_BYTES, { from: s.slot(1).lo, to: constant(0), size: L, source: s.slot(2).lo }), "copy rows: L kept": bytes.mul(inputLength(n).sub(L)),
      ...unusedBytesZero(s),
    });
  });

export const IDENTITY_COPY: ExecutionGadget = internal(IDENTITY_BYTES, [IDENTITY_BYTES, 'CallReturn'], Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => copyByte(j)).flat(), () => [],
  (c) => {
    const s = c.step;
    const more = s.next.state(IDENTITY_BYTES);
    // (the next row, another of these or CallReturn, keeps the gas PrecompileIdentity left)
    c.gate({ ...byteCopyRules(s, IDENTITY_BYTES), "gas' = gas": s.next.gas.sub(s.gas), 'more: L kept': more.mul(inputLength(s.next).sub(inputLength(s))), ...upperBytesZero(s, L_BYTES + 4) });
  });

export const IDENTITY_OOG: ExecutionGadget = internal(IDENTITY_OUT_OF_GAS, ['CallReturn'], [callContext(CallContextField.CallDataLength, false)], () => [],
  (c) => {
    const s = c.step;
    const { rules, cost } = identityCost(s);
    c.gate({
      ...rules, ...shortOfGas(s, cost),
      ...unusedBytesZero(s),
    });
  });

/** The identity's rows after CallCredit, and its failing row (listed in error.ts FAILURES). */
export const PRECOMPILE_ROWS: readonly ExecutionGadget[] = [PRECOMPILE_IDENTITY, IDENTITY_COPY, IDENTITY_OOG];

/** The identity's gas for an input of `length` bytes. */
export const identityGas = (length: number): bigint => IDENTITY_GAS + IDENTITY_WORD_GAS * BigInt(Math.ceil(length / 32));

/** A linearCost row's aux word for an input of `length` bytes costing `cost` with `gas` left (its out-of-gas row's where the gas is short). */
export function linearCostWitness(length: number, cost: bigint, gas: bigint): bigint {
  const field = (v: bigint | number, at: number) => BigInt(v) << BigInt(8 * at);
  return field(length, L_BYTES) | wordsWitness(length) | field(gas >= cost ? gas - cost : cost - gas - 1n, LEFT_BYTES);
}

/** PrecompileIdentity's aux word for an input of `length` bytes with `gas` left (IdentityOutOfGas's where the gas is short). */
export const identityWitness = (length: number, gas: bigint): AuxWitness => ({ aux: linearCostWitness(length, identityGas(length), gas) });

/** IdentityBytes' kept aux bits: L. */
export const identityKept = (length: number): bigint => BigInt(length) << BigInt(8 * L_BYTES);
