/**
 * EIP-196's ecAdd and ecMul computed out of circuit by @noble/curves: what a call's table row must say. The EVM witness
 * builder checks @ethereumjs's output against it and fills the tables' rows of a fixture with it; the chips prove the
 * same rows in circuit (ec-add.ts, ec-mul.ts).
 */
import { bn254 } from '@noble/curves/bn254.js';
import { fromNoble, isOnCurve, toNoble, type G1Affine } from '../curve/g1.js';
import { splitWord } from '../gadgets/word.js';
import type { EcAddCall } from './ec-add.js';
import type { EcMulCall } from './ec-mul.js';

/** A call's outcome: success and the output point ((0, 0) where the call fails, or for the point at infinity). */
export interface EcOutcome { readonly success: boolean; readonly x: bigint; readonly y: bigint }

const FAILED: EcOutcome = { success: false, x: 0n, y: 0n };
const outcome = (p: G1Affine): EcOutcome => ({ success: true, ...p });

export function ecAddReference(c: EcAddCall): EcOutcome {
  const a = { x: c.x1, y: c.y1 };
  const b = { x: c.x2, y: c.y2 };
  if (!isOnCurve(a) || !isOnCurve(b)) return FAILED;
  return outcome(fromNoble(toNoble(a).add(toNoble(b))));
}

/** The scalar is any 256-bit word: reduced mod the group order (BN254 G1 has cofactor 1). */
export function ecMulReference(c: EcMulCall): EcOutcome {
  const p = { x: c.x, y: c.y };
  if (!isOnCurve(p)) return FAILED;
  const s = c.s % bn254.fields.Fr.ORDER;
  return outcome(s === 0n ? { x: 0n, y: 0n } : fromNoble(toNoble(p).multiply(s)));
}

/** ecAdd's table row (precompile-table.ts EC_ADD_TABLE_FIELDS) for a call. */
export const ecAddRow = (c: EcAddCall): bigint[] => {
  const r = ecAddReference(c);
  return [r.success ? 1n : 0n, ...[c.x1, c.y1, c.x2, c.y2, r.x, r.y].flatMap(splitWord)];
};

/** ecMul's table row (precompile-table.ts EC_MUL_TABLE_FIELDS) for a call. */
export const ecMulRow = (c: EcMulCall): bigint[] => {
  const r = ecMulReference(c);
  return [r.success ? 1n : 0n, ...[c.x, c.y, c.s, r.x, r.y].flatMap(splitWord)];
};
