/**
 * The public input of a batch proof (DESIGN.md, ZkRollup.sol): one keccak256 over the batch's commitments,
 * split into two 128-bit halves so each fits a BN254 scalar. The verifier's instance column holds [hi, lo].
 *
 *   piHash = keccak256(uint64 chainId ‖ prevStateRoot ‖ newStateRoot ‖ withdrawRoot ‖ txDataHash ‖ l1MessagesHash ‖ …)
 *
 * (abi.encodePacked, big-endian). The node, the tests and the PI circuit all encode through this one module, so
 * the three can never disagree on the byte layout.
 *
 * The batch circuit (circuits/super) proves a 264-byte preimage with one more word, blockContextHash (the
 * contexts of the blocks its txs run in, block-table.ts), appended: BATCH_PI_WORD_FIELDS; then the batch's
 * parent block and its last block as block summaries (BLOCK_SUMMARY_FIELDS: uint64 number, timestamp, baseFee,
 * gasUsed), which chain its blocks to the previous batch's (block-chain.ts): ZkRollup.sol stores each batch's last
 * block and gives it as the next batch's parent. Without them the block table (COINBASE, TIMESTAMP, …, the
 * coinbase's fee) would be bound to nothing public, or be the sequencer's free choice. The node (node/batcher)
 * and ZkRollup.sol compute that 264-byte one. The 168-byte PI_WORD_FIELDS (still the default here) is left only
 * to the standalone PI chip (circuit.ts), its tests and its soundness target.
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

/**
 * What a batch's next block follows from (block-chain.ts): a block's number, timestamp, base fee and gas used, each
 * a uint64 in the public input (a base fee of 2^64 wei per gas or more is not provable).
 */
export interface BlockSummary { number: bigint; timestamp: bigint; baseFee: bigint; gasUsed: bigint }
export const BLOCK_SUMMARY_FIELDS = ['number', 'timestamp', 'baseFee', 'gasUsed'] as const satisfies ReadonlyArray<keyof BlockSummary>;
export const BLOCK_SUMMARY_BYTES = 8 * BLOCK_SUMMARY_FIELDS.length;

/** ZkRollup.sol's blockSummary: bytes32(abi.encodePacked(uint64 number, timestamp, baseFee, gasUsed)). */
export function packBlockSummary(b: BlockSummary): Bytes32 {
  const out = new Uint8Array(BLOCK_SUMMARY_BYTES);
  BLOCK_SUMMARY_FIELDS.forEach((f, i) => putU64(out, 8 * i, f, b[f]));
  return `0x${Buffer.from(out).toString('hex')}`;
}

export function unpackBlockSummary(packed: string): BlockSummary {
  const x = BigInt('0x' + Buffer.from(wordBytes('block summary', packed)).toString('hex'));
  const [number, timestamp, baseFee, gasUsed] = [192n, 128n, 64n, 0n].map((at) => (x >> at) & ((1n << 64n) - 1n)) as [bigint, bigint, bigint, bigint];
  return { number, timestamp, baseFee, gasUsed };
}

/**
 * The batch circuit's public input: the on-chain one plus the hash of the txs' block contexts, the block before the
 * batch (the previous batch's last) and the batch's last block (its parent's again when it has no txs).
 */
export interface BatchCircuitPublicInput extends BatchPublicInput {
  blockContextHash: Bytes32;
  parentBlockSummary: BlockSummary;
  lastBlockSummary: BlockSummary;
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
type PiOf = BatchPublicInput & Partial<Pick<BatchCircuitPublicInput, 'blockContextHash' | 'parentBlockSummary' | 'lastBlockSummary'>>;

export const CHAIN_ID_BYTES = 8;
/** The batch layout (with blockContextHash) ends with the parent and last block summaries. */
export const hasBlocks = (fields: PiLayout): boolean => fields.includes('blockContextHash');
export const preimageLength = (fields: PiLayout): number => CHAIN_ID_BYTES + 32 * fields.length + (hasBlocks(fields) ? 2 * BLOCK_SUMMARY_BYTES : 0);
export const PI_PREIMAGE_LENGTH = preimageLength(PI_WORD_FIELDS);

/** A 32-byte hex word's bytes; `name` says which field a malformed one is. */
export function wordBytes(name: string, hex: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new PublicInputError(`${name} must be 0x + 64 hex digits, got ${JSON.stringify(hex)}`);
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

/** `x` as a big-endian uint64 at `out[at]`; `name` says which field one that does not fit is. */
function putU64(out: Uint8Array, at: number, name: string, x: bigint): void {
  if (x < 0n || x >= 1n << 64n) throw new PublicInputError(`${name} must fit a uint64, got ${x}`);
  for (let i = 0; i < 8; i++) out[at + i] = Number((x >> BigInt(8 * (7 - i))) & 0xffn);
}

/** The keccak preimage in `fields`' layout (168 bytes by default; 264 in the batch layout). */
export function publicInputPreimage(pi: PiOf, fields: PiLayout = PI_WORD_FIELDS): Uint8Array {
  const out = new Uint8Array(preimageLength(fields));
  putU64(out, 0, 'chainId', pi.chainId);
  fields.forEach((f, j) => out.set(wordBytes(f, pi[f] ?? 'missing'), CHAIN_ID_BYTES + 32 * j));
  if (hasBlocks(fields)) {
    let at = CHAIN_ID_BYTES + 32 * fields.length;
    for (const which of ['parentBlockSummary', 'lastBlockSummary'] as const) {
      const block = pi[which];
      if (block === undefined) throw new PublicInputError(`the batch public input needs ${which}`);
      out.set(wordBytes(which, packBlockSummary(block)), at);
      at += BLOCK_SUMMARY_BYTES;
    }
  }
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
