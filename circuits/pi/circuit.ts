/**
 * The public-input chip: proves that the two instance values [hi, lo] are keccak256 of the batch's public-input
 * preimage (public-input.ts; the layout is a parameter: the 168-byte on-chain one by default, the batch
 * circuit's 200-byte one with blockContextHash), and exposes the preimage's fields as cells for the rest of the
 * batch circuit to copy-constrain (chainId, and each 32-byte field as 128-bit halves hi, lo).
 *
 * A fixed-length PreimageChip (preimage.ts) named "pi": bytes on rows 0 … L − 1, hash hi on row L, lo on L + 1,
 * both copied to the instance column. The preimage splits into big-endian segments: chainId (8 bytes), then
 * hi (16 bytes) and lo (16 bytes) of each word field; in the batch layout then the parent and last block
 * summaries, 8 bytes a field.
 */
import type { AssignedCell, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import { PreimageChip, segmentsOf } from './preimage.js';
import {
  BLOCK_SUMMARY_FIELDS, CHAIN_ID_BYTES, hasBlocks, PI_WORD_FIELDS, preimageLength, publicInputInstances, publicInputPreimage,
  type BatchCircuitPublicInput, type BatchPublicInput, type BlockSummary, type PiLayout, type PiWordField,
} from './public-input.js';

export type { PiWordField } from './public-input.js';

/** A 32-byte field of the preimage as 128-bit halves. */
export interface HalvesCells { hi: AssignedCell; lo: AssignedCell }

/** A block summary's fields as cells. */
export type BlockSummaryCells = Record<keyof BlockSummary, AssignedCell>;

export interface AssignedPublicInput {
  chainId: AssignedCell;
  words: Partial<Record<PiWordField, HalvesCells>>;
  /** The batch layout's parent and last block summaries. */
  blocks?: { parent: BlockSummaryCells; last: BlockSummaryCells };
}

export class PublicInputChip {
  private constructor(readonly preimage: PreimageChip, readonly instance: Column, readonly fields: PiLayout) {}

  /** Rows of the chip's region: the preimage's bytes and the two digest rows. */
  get rows(): number { return this.preimage.rows(preimageLength(this.fields)); }

  /** `instance` receives [hi, lo] at rows 0 and 1. */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, instance: Column, fields: PiLayout = PI_WORD_FIELDS): PublicInputChip {
    cs.enableEquality(instance);
    return new PublicInputChip(PreimageChip.configure(cs, 'pi', keccak, { fixed: preimageLength(fields) }), instance, fields);
  }

  /** Lays out the preimage of `pi` as keccak input `keccakId` and binds its hash to the instance column. */
  assign(layouter: Layouter, pi: BatchPublicInput & Partial<Pick<BatchCircuitPublicInput, 'blockContextHash' | 'parentBlockSummary' | 'lastBlockSummary'>>, keccakId: number): AssignedPublicInput {
    const pre = publicInputPreimage(pi, this.fields);
    const summaries = hasBlocks(this.fields) ? 2 * BLOCK_SUMMARY_FIELDS.length : 0;
    const segments = segmentsOf([CHAIN_ID_BYTES, ...this.fields.flatMap(() => [16, 16]), ...Array<number>(summaries).fill(8)]);
    const out = this.preimage.assign(layouter, 'public input', pre, segments, pre.length, publicInputInstances(pi, this.fields), keccakId);
    layouter.constrainInstance(out.hi, this.instance, 0);
    layouter.constrainInstance(out.lo, this.instance, 1);
    const [chainId, ...rest] = out.segments;
    const halves = rest.slice(0, 2 * this.fields.length);
    const words = Object.fromEntries(this.fields.map((f, j) => [f, { hi: halves[2 * j]!, lo: halves[2 * j + 1]! }]));
    if (summaries === 0) return { chainId: chainId!, words };
    const summary = (from: number) => Object.fromEntries(BLOCK_SUMMARY_FIELDS.map((f, j) => [f, rest[from + j]!])) as BlockSummaryCells;
    return { chainId: chainId!, words, blocks: { parent: summary(halves.length), last: summary(halves.length + BLOCK_SUMMARY_FIELDS.length) } };
  }
}
