/**
 * Out of gas on a CALL-family opcode's dynamic gas (a failing state, error.ts FAILURES). The call's chain (call.ts) runs
 * as far as CallEmpty — both ranges' memory expansions charged, the callee's warmth (CallPrewarm), the value and the
 * callee's emptiness (CallEmpty) proven — and then, instead of CallGas:
 *
 *   ErrorOutOfGasCall  the call's charges beyond its memory, 100 + 2500·cold + 9000·(v ≠ 0) + 25000·(new account)
 *                      (EIP-2929, the value transfer, EIP-161), exceed the gas left: charges − gas − 1 as aux bytes 0 … 7.
 *                      All gas consumed.
 *
 *   ErrorOutOfGasCallFar  (one row, fetched at the opcode, instead of the chain) a range of 2^32 or more: the opcode
 *                      is one of the family, v (aux byte 22) = it has a value on the stack (CALL, CALLCODE: c1 =
 *                      (opcode − 0xf1)(opcode − 0xf2) is 0 exactly then), r (23) picks the range (0 the arguments', 1
 *                      the return's): slots 0, 1 read its offset and size at sp + 2 + v + 2r and sp + 3 + v + 2r;
 *                      memory-oog.ts farRangeRules (z in byte 24): its expansion alone exceeds the gas. All gas consumed.
 *
 * The gas left here is the opcode's after its expansions; where they alone exceed it, the cell holds gas − expansions
 * mod r and charges − gas − 1 is the integer charges + expansions − gas − 1, still ≥ 0: short all the same. A call short
 * of gas enters no frame, so the callee context the chain wrote is never read; its warm mark (CallAccess, reversible)
 * is undone with the failing frame's writes.
 */
import { mod } from '../../gadgets/common.js';
import { constant, type Expr } from '../../plonk/index.js';
import type { AuxWitness, ExecutionGadget, StepExprs } from '../step.js';
import { COLD_ACCOUNT_SURCHARGE, EMPTY_BYTE, WARM_ACCOUNT_ACCESS } from './account.js';
import { auxBytes, stackAt, upperBytesZero } from './common.js';
import { fetchedError } from './fetched.js';
import { farRangeProven, farRangeRules, farRangeWitness } from './memory-oog.js';
import { NEW_ACCOUNT_GAS } from './selfdestruct.js';

/** The value transfer's cost (Yellow Paper G_callvalue). */
export const CALL_VALUE_COST = 9000n;
/** CallEmpty's aux bytes after ExtCodeHashEmpty's (account.ts emptyRules): the cold flag, v = 0, a new account. */
export const CALL_EMPTY_BYTES = { cold: EMPTY_BYTE + 1, valueZero: EMPTY_BYTE + 2, newAccount: EMPTY_BYTE + 3 } as const;
export const CALL_OUT_OF_GAS = 'ErrorOutOfGasCall';
const ONE = constant(1);

/** A call's charges beyond its memory, from CallEmpty's flags (`empty`) and whether it moves a value. */
export const callCharges = (empty: StepExprs, hasValue: Expr): Expr => constant(WARM_ACCOUNT_ACCESS)
  .add(empty.auxByte(CALL_EMPTY_BYTES.cold).mul(COLD_ACCOUNT_SURCHARGE)).add(hasValue.mul(CALL_VALUE_COST)).add(empty.auxByte(CALL_EMPTY_BYTES.newAccount).mul(NEW_ACCOUNT_GAS));

/** A CALL-family step's operands (DELEGATECALL and STATICCALL have no value: the items after the address sit one higher). */
export interface CallOperands {
  gas: bigint;
  /** The callee: the address word's low 160 bits (the EVM's mask). */
  address: bigint;
  /** The value moved (0 without a value on the stack). */
  value: bigint;
  argsOffset: bigint;
  argsLength: bigint;
  retOffset: bigint;
  retLength: bigint;
  /** Whether a range reaches 2^32 or beyond (memory.ts's expansion rules take ranges below it). */
  far: boolean;
}

/** The operands of a CALL-family opcode named `name`, from its stack (top last). */
export function callOperands(name: string, stack: readonly bigint[]): CallOperands {
  const noValue = name === 'DELEGATECALL' || name === 'STATICCALL';
  const item = (k: number) => stack.at(-1 - k)!;
  const [argsOffset, argsLength, retOffset, retLength] = [0, 1, 2, 3].map((k) => item(k + (noValue ? 2 : 3))) as [bigint, bigint, bigint, bigint];
  const far = (offset: bigint, size: bigint) => size !== 0n && (offset >= 1n << 32n || size >= 1n << 32n);
  return { gas: item(0), address: item(1) & ((1n << 160n) - 1n), value: noValue ? 0n : item(2), argsOffset, argsLength, retOffset, retLength, far: far(argsOffset, argsLength) || far(retOffset, retLength) };
}

/** The charges of a call beyond its memory, as the witness knows them. */
export const callChargesOf = (cold: boolean, value: bigint, newAccount: boolean): bigint =>
  BigInt(WARM_ACCOUNT_ACCESS) + (cold ? COLD_ACCOUNT_SURCHARGE : 0n) + (value === 0n ? 0n : CALL_VALUE_COST) + (newAccount ? NEW_ACCOUNT_GAS : 0n);

export const CALL_OOG: ExecutionGadget = {
  name: CALL_OUT_OF_GAS,
  opcodes: [],
  slots: [],
  flow: 'end',
  successors: ['CallReturn'],
  dynamicGas: (s) => s.gas,
  configure(c) {
    const s = c.step;
    const empty = s.at(-1);
    const charges = callCharges(empty, ONE.sub(empty.auxByte(CALL_EMPTY_BYTES.valueZero)));
    c.gate({ "aux bytes 0 … 7 = charges − gas − 1 (short of the call's charges)": auxBytes(s, 0, 8).sub(charges.sub(s.gas).sub(1)), ...upperBytesZero(s, 8) });
  },
  witness: () => ({}),
};

/** ErrorOutOfGasCallFar's aux bytes beyond farRangeRules' (0 … 21): v, r, z. */
const FAR_CALL = { value: 22, ret: 23, size: 24 } as const;
const CALL_FAMILY_OPCODES = { call: 0xf1, callcode: 0xf2, delegatecall: 0xf4, staticcall: 0xfa } as const;
/** The far range's stack item k (0 its offset, 1 its size): sp + 2 + v + 2r + k. */
const farRangeItem = (k: number) => stackAt((s) => s.sp.add(2 + k).add(s.auxByte(FAR_CALL.value)).add(s.auxByte(FAR_CALL.ret).mul(2)));

export const CALL_OOG_FAR: ExecutionGadget = {
  ...fetchedError(`${CALL_OUT_OF_GAS}Far`, (s) => {
    const [v, r] = [s.auxByte(FAR_CALL.value), s.auxByte(FAR_CALL.ret)];
    const { call, callcode, delegatecall, staticcall } = CALL_FAMILY_OPCODES;
    return {
      'c1 = (opcode − 0xf1)(opcode − 0xf2)': s.c1.sub(s.opcode.sub(call).mul(s.opcode.sub(callcode))),
      'v boolean': v.mul(ONE.sub(v)), 'v ⇒ CALL or CALLCODE': v.mul(s.c1), 'no value ⇒ DELEGATECALL or STATICCALL': ONE.sub(v).mul(s.opcode.sub(delegatecall)).mul(s.opcode.sub(staticcall)),
      'r boolean': r.mul(ONE.sub(r)), ...farRangeRules(s, s.slot(0), s.slot(1), FAR_CALL.size), ...upperBytesZero(s, FAR_CALL.size + 1),
    };
  }),
  slots: [farRangeItem(0), farRangeItem(1)],
};

/** A call's range ErrorOutOfGasCallFar proves far (the arguments' first; `ret`: the return's) with `gas` left and `words` in use; undefined where neither is. */
export function farCallRange(operands: CallOperands, gas: bigint, words: number): { readonly ret: boolean; readonly range: readonly [bigint, bigint] } | undefined {
  const { argsOffset, argsLength, retOffset, retLength } = operands;
  if (farRangeProven(argsOffset, argsLength, gas, words)) return { ret: false, range: [argsOffset, argsLength] };
  return farRangeProven(retOffset, retLength, gas, words) ? { ret: true, range: [retOffset, retLength] } : undefined;
}

/** ErrorOutOfGasCallFar's cells for a step of `opcode` whose far range is `far` (farCallRange), with `gas` left and `words` in use. */
export function callOogFarWitness(opcode: number, { ret, range }: NonNullable<ReturnType<typeof farCallRange>>, gas: bigint, words: number): AuxWitness & { at: number } {
  const value = opcode === CALL_FAMILY_OPCODES.call || opcode === CALL_FAMILY_OPCODES.callcode;
  const cells = farRangeWitness(range[0], range[1], gas, words, FAR_CALL.size);
  const field = (b: boolean, at: number) => (b ? 1n : 0n) << BigInt(8 * at);
  return { ...cells, aux: cells.aux! | field(value, FAR_CALL.value) | field(ret, FAR_CALL.ret), c1: mod(BigInt((opcode - CALL_FAMILY_OPCODES.call) * (opcode - CALL_FAMILY_OPCODES.callcode))), at: 2 + (value ? 1 : 0) + (ret ? 2 : 0) };
}
