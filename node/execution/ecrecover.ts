import { calculateSigRecovery, concatBytes, setLengthLeft } from "@ethereumjs/util";

/** libsecp256k1 through the `secp256k1` package: its prebuilt N-API addon (a pure-JS fallback where none fits). */
const libsecp256k1 = require("secp256k1") as {
  ecdsaRecover(signature: Uint8Array, recovery: number, msgHash: Uint8Array, compressed: boolean): Uint8Array;
};

/** A signature from which no public key can be recovered (bad v, r or s out of range, no curve point). */
export class EcrecoverError extends Error {
  constructor(readonly detail: string, readonly v: bigint) {
    super(`ecrecover: ${detail} (v = ${v})`);
    this.name = "EcrecoverError";
  }
}

/**
 * secp256k1 public-key recovery with @ethereumjs/util's `ecrecover` contract (v as in legacy, EIP-155 or typed
 * txs; r, s big-endian, at most 32 bytes; returns the 64-byte uncompressed key without its 0x04 prefix; throws
 * where it throws), computed by libsecp256k1 instead of @noble/curves' BigInt code: about 25× faster, and
 * sender recovery was the largest cost of admitting a transaction. Installed as the L2 Common's
 * `customCrypto.ecrecover` (common.ts), so tx senders and the ECRECOVER precompile (0x01) both use it.
 */
export const ecrecover = (msgHash: Uint8Array, v: bigint, r: Uint8Array, s: Uint8Array, chainId?: bigint): Uint8Array => {
  const recovery = calculateSigRecovery(v, chainId);
  if (recovery !== 0n && recovery !== 1n) throw new EcrecoverError("invalid signature v value", v);
  let key: Uint8Array;
  try {
    key = libsecp256k1.ecdsaRecover(concatBytes(setLengthLeft(r, 32), setLengthLeft(s, 32)), Number(recovery), msgHash, false);
  } catch (error) {
    throw new EcrecoverError((error as Error).message, v);
  }
  return key.subarray(1);
};
