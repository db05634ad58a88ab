/**
 * The keccak circuit's witness: the hashes' inputs cut into padded 136-byte blocks, one per
 * permutation, in witness-list order (hash ids 1, 2, 3, …). Pure: no circuit types.
 */
import { padKeccak256, RATE_BYTES } from './sparse.js';

export interface KeccakBlock {
  /** Hash id (1-based, witness-list order). */
  readonly id: number;
  /** The block as absorbed: data bytes, then keccak256 padding in the last block. */
  readonly bytes: Uint8Array;
  /** How many of the 136 bytes are input data (136 except in a hash's last block). */
  readonly dataBytes: number;
  /** Index in the hash's input of the block's first byte. */
  readonly start: number;
  readonly last: boolean;
  /**
   * Per-byte data flags, when they are not "the first dataBytes": only adversarial witnesses set
   * this (the soundness tool poses flags the circuit must refuse); keccakWitness never does.
   */
  readonly flags?: readonly bigint[];
  /** The absorb rows' cont, when not the previous block's last data flag (adversarial witnesses only). */
  readonly cont?: bigint;
}

export class KeccakCapacityError extends Error {
  constructor(readonly needed: number, readonly capacity: number) {
    super(`the inputs need ${needed} keccak permutations (136-byte blocks), the circuit has capacity for ${capacity}`);
    this.name = 'KeccakCapacityError';
  }
}

/** Permutations keccak256 needs for an input of `length` bytes. */
export function blocksFor(length: number): number {
  return Math.floor(length / RATE_BYTES) + 1;
}

/**
 * The blocks of `inputs`, filled up to `capacity` permutations with hashes of the empty input
 * (true statements under further ids, so unused capacity needs no special rows).
 */
export function keccakWitness(inputs: readonly Uint8Array[], capacity?: number): KeccakBlock[] {
  const needed = inputs.reduce((n, x) => n + blocksFor(x.length), 0);
  const cap = capacity ?? needed;
  if (needed > cap) throw new KeccakCapacityError(needed, cap);
  const all = [...inputs, ...Array.from({ length: cap - needed }, () => new Uint8Array(0))];
  return all.flatMap((input, h) => padKeccak256(input).map((bytes, b, blocks) => ({
    id: h + 1,
    bytes,
    dataBytes: Math.min(RATE_BYTES, Math.max(0, input.length - b * RATE_BYTES)),
    start: b * RATE_BYTES,
    last: b === blocks.length - 1,
  })));
}
