/**
 * The public input of a batch proof (DESIGN.md, ZkRollup.sol): one keccak256 over the batch's commitments,
 * split into two 128-bit halves so each fits a BN254 scalar. The verifier's instance column holds [hi, lo].
 *
 *   piHash = keccak256(uint64 chainId ‖ prevStateRoot ‖ newStateRoot ‖ withdrawRoot ‖ txDataHash ‖ l1MessagesHash)
 *
 * (abi.encodePacked: 8 + 5·32 = 168 bytes, big-endian). The node, the tests and the PI circuit all encode
 * through this one module, so the three can never disagree on the byte layout.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';

export type Bytes32 = `0x${string}`;

export interface BatchPublicInput {
  chainId: bigint;
  prevStateRoot: Bytes32;
  newStateRoot: Bytes32;
  withdrawRoot: Bytes32;
  txDataHash: Bytes32;
  l1MessagesHash: Bytes32;
}

export class PublicInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublicInputError';
  }
}

/** The five 32-byte fields in preimage order (chainId comes first, as 8 bytes). */
export const PI_WORD_FIELDS = ['prevStateRoot', 'newStateRoot', 'withdrawRoot', 'txDataHash', 'l1MessagesHash'] as const;
export const CHAIN_ID_BYTES = 8;
export const PI_PREIMAGE_LENGTH = CHAIN_ID_BYTES + 32 * PI_WORD_FIELDS.length;

function bytes32(name: string, hex: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new PublicInputError(`${name} must be 0x + 64 hex digits, got ${JSON.stringify(hex)}`);
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

/** The 168-byte keccak preimage. */
export function publicInputPreimage(pi: BatchPublicInput): Uint8Array {
  if (pi.chainId < 0n || pi.chainId >= 1n << 64n) throw new PublicInputError(`chainId must fit a uint64, got ${pi.chainId}`);
  const out = new Uint8Array(PI_PREIMAGE_LENGTH);
  for (let i = 0; i < CHAIN_ID_BYTES; i++) out[i] = Number((pi.chainId >> BigInt(8 * (CHAIN_ID_BYTES - 1 - i))) & 0xffn);
  PI_WORD_FIELDS.forEach((f, j) => out.set(bytes32(f, pi[f]), CHAIN_ID_BYTES + 32 * j));
  return out;
}

export function publicInputHash(pi: BatchPublicInput): Uint8Array {
  return keccak_256(publicInputPreimage(pi));
}

/** The verifier's instance values: [hi, lo] of piHash read as a big-endian uint256. */
export function publicInputInstances(pi: BatchPublicInput): [hi: bigint, lo: bigint] {
  const h = BigInt('0x' + Buffer.from(publicInputHash(pi)).toString('hex'));
  return [h >> 128n, h & ((1n << 128n) - 1n)];
}
