/**
 * The signature table's rows as values (the witness side of circuits/sig): what a recovery gives under the ecrecover
 * precompile's rules (SigChip's header), computed with @noble/curves — the rows a fixture lays out and the batch's
 * recoveries are checked against.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { publicKeyBytes } from './recover.js';
import type { SIG_TABLE_FIELDS } from './table.js';

/** A recovery to prove: the 256-bit words and recId ∈ {0, 1} (an ecrecover call's v − 27). */
export interface Recovery { readonly msgHash: bigint; readonly recId: bigint; readonly r: bigint; readonly s: bigint }

const N = secp256k1.Point.CURVE().n;
const wordBytes = (w: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((w >> BigInt(8 * (31 - i))) & 0xffn));

/** The recovered key's 64 bytes (x ‖ y), or undefined where the signature recovers none (r or s outside [1, n − 1], no R, Q = O). */
export function recoveredKey({ msgHash, recId, r, s }: Recovery): Uint8Array | undefined {
  if (r < 1n || r >= N || s < 1n || s >= N || recId > 1n) return undefined;
  try {
    const { x, y } = new secp256k1.Signature(r, s, Number(recId)).recoverPublicKey(wordBytes(msgHash)).toAffine();
    return publicKeyBytes(x, y);
  } catch {
    return undefined;
  }
}

/** The address of a key's 64 bytes: the low 160 bits of their keccak. */
export const keyAddress = (key: Uint8Array): bigint => BigInt(`0x${bytesToHex(keccak_256(key).slice(12))}`);

/** The table row of a recovery: its words as (lo, hi) halves, the address (0 when invalid) and isValid. */
export function sigTableRow(recovery: Recovery): Record<(typeof SIG_TABLE_FIELDS)[number], bigint> {
  const key = recoveredKey(recovery);
  const mask = (1n << 128n) - 1n;
  const { msgHash, recId, r, s } = recovery;
  return {
    msgHashLo: msgHash & mask, msgHashHi: msgHash >> 128n, recId, rLo: r & mask, rHi: r >> 128n, sLo: s & mask, sHi: s >> 128n,
    address: key === undefined ? 0n : keyAddress(key), isValid: key === undefined ? 0n : 1n,
  };
}
