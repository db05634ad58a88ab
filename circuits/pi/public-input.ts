/**
 * The public input of a batch proof (DESIGN.md, ZkRollup.sol): one keccak256 over the batch's commitments,
 * split into two 128-bit halves so each fits a BN254 scalar. The verifier's instance column holds [hi, lo].
 *
 *   piHash = keccak256(uint64 chainId ‖ prevStateRoot ‖ newStateRoot ‖ withdrawRoot ‖ txDataHash ‖ l1MessagesHash ‖ …)
 *
 * (abi.encodePacked, big-endian). The node, the tests and the PI circuit all encode through this one module, so
 * the three can never disagree on the byte layout.
 *
 * The batch circuit (circuits/super) proves a 200-byte preimage with one more word, blockContextHash (the
 * contexts of the blocks its txs run in, block-table.ts), appended: BATCH_PI_WORD_FIELDS. Without it the block
 * table (COINBASE, TIMESTAMP, …, the coinbase's fee) would be bound to nothing public. The node (node/batcher)
 * and ZkRollup.sol compute that 200-byte one. The 168-byte PI_WORD_FIELDS (still the default here) is left
 * only to the standalone PI chip (circuit.ts), its tests and its soundness target.
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

/** The batch circuit's public input: the on-chain one plus the hash of the txs' block contexts. */
export interface BatchCircuitPublicInput extends BatchPublicInput {
  blockContextHash: Bytes32;
}

export class PublicInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublicInputError';
  }
}

/** The five 32-byte fields in preimage order (chainId comes first, as 8 bytes): the standalone PI chip's layout. */
export const PI_WORD_FIELDS = ['prevStateRoot', 'newStateRoot', 'withdrawRoot', 'txDataHash', 'l1MessagesHash'] as const;
/** The batch circuit's layout, blockContextHash appended: what the node commits and ZkRollup.sol verifies. */
export const BATCH_PI_WORD_FIELDS = [...PI_WORD_FIELDS, 'blockContextHash'] as const;
export type PiWordField = (typeof BATCH_PI_WORD_FIELDS)[number];
/** A layout: the word fields after chainId, in order. */
export type PiLayout = readonly PiWordField[];
type PiOf = BatchPublicInput & Partial<Pick<BatchCircuitPublicInput, 'blockContextHash'>>;

export const CHAIN_ID_BYTES = 8;
export const preimageLength = (fields: PiLayout): number => CHAIN_ID_BYTES + 32 * fields.length;
export const PI_PREIMAGE_LENGTH = preimageLength(PI_WORD_FIELDS);

/** A 32-byte hex word's bytes; `name` says which field a malformed one is. */
export function wordBytes(name: string, hex: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new PublicInputError(`${name} must be 0x + 64 hex digits, got ${JSON.stringify(hex)}`);
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

/** The keccak preimage in `fields`' layout (168 bytes by default). */
export function publicInputPreimage(pi: PiOf, fields: PiLayout = PI_WORD_FIELDS): Uint8Array {
  if (pi.chainId < 0n || pi.chainId >= 1n << 64n) throw new PublicInputError(`chainId must fit a uint64, got ${pi.chainId}`);
  const out = new Uint8Array(preimageLength(fields));
  for (let i = 0; i < CHAIN_ID_BYTES; i++) out[i] = Number((pi.chainId >> BigInt(8 * (CHAIN_ID_BYTES - 1 - i))) & 0xffn);
  fields.forEach((f, j) => out.set(wordBytes(f, pi[f] ?? 'missing'), CHAIN_ID_BYTES + 32 * j));
  return out;
}

export function publicInputHash(pi: PiOf, fields: PiLayout = PI_WORD_FIELDS): Uint8Array {
  return keccak_256(publicInputPreimage(pi, fields));
}

/** A 32-byte digest as [hi, lo] 128-bit halves of the big-endian uint256. */
export function digestHalves(digest: Uint8Array): [hi: bigint, lo: bigint] {
  const h = BigInt('0x' + Buffer.from(digest).toString('hex'));
  return [h >> 128n, h & ((1n << 128n) - 1n)];
}

/** The verifier's instance values: [hi, lo] of piHash read as a big-endian uint256. */
export function publicInputInstances(pi: PiOf, fields: PiLayout = PI_WORD_FIELDS): [hi: bigint, lo: bigint] {
  return digestHalves(publicInputHash(pi, fields));
}
