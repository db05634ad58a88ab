/**
 * The public-input chip: proves that the two instance values [hi, lo] are keccak256 of the batch's 168-byte
 * public-input preimage (public-input.ts), and exposes the preimage's fields as cells for the rest of the batch
 * circuit to copy-constrain (chainId, and each 32-byte field as 128-bit halves hi, lo).
 *
 * Layout (one region, 170 rows; `pos`, `segStart`, `segEnd` fixed, the rest advice):
 *
 *   row i < 168:  byte_i, acc_i, value (the segment's value on its last row), id
 *   row 168:      value = hash hi, id                       (digest row)
 *   row 169:      value = hash lo
 *
 * The preimage splits into 11 big-endian segments: chainId (8 bytes), then hi (16 bytes) and lo (16 bytes) of
 * each word field. `acc` runs over a segment (acc = 256·acc_prev + byte, restarted where segStart = 1), and
 * on a segment's last row the exported `value` equals acc. Every byte is looked up as byte `pos` of keccak
 * input `id`, and (id, 168, lo, hi) as that input's digest: the keccak circuit guarantees an id has exactly
 * one byte per index (each < 256) and the digest of exactly those bytes, so the segments are the digits of
 * the preimage and the instances its hash. `id` is constant over the region by a gate.
 */
import type { AssignedCell, Column, ConstraintSystem, Layouter, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { keccakDigestLookup, keccakInputLookup, type KeccakTableColumns } from '../keccak/table.js';
import { CHAIN_ID_BYTES, PI_PREIMAGE_LENGTH, PI_WORD_FIELDS, publicInputInstances, publicInputPreimage, type BatchPublicInput } from './public-input.js';

/** A 32-byte field of the preimage as 128-bit halves. */
export interface HalvesCells { hi: AssignedCell; lo: AssignedCell }

export type PiWordField = (typeof PI_WORD_FIELDS)[number];

export interface AssignedPublicInput {
  chainId: AssignedCell;
  words: Record<PiWordField, HalvesCells>;
}

/** Segment boundaries of the preimage: [start, end) byte ranges, in order. */
const SEGMENTS: ReadonlyArray<readonly [number, number]> = [
  [0, CHAIN_ID_BYTES],
  ...PI_WORD_FIELDS.flatMap((_, j) => {
    const s = CHAIN_ID_BYTES + 32 * j;
    return [[s, s + 16], [s + 16, s + 32]] as Array<[number, number]>;
  }),
];

export class PublicInputChip {
  private constructor(
    readonly byte: Column,
    readonly acc: Column,
    readonly value: Column,
    readonly id: Column,
    readonly pos: Column,
    readonly segStart: Column,
    readonly segEnd: Column,
    readonly qByte: Selector,
    readonly qDigest: Selector,
    readonly instance: Column,
  ) {}

  static readonly ROWS = PI_PREIMAGE_LENGTH + 2;

  /** `instance` receives [hi, lo] at rows 0 and 1. */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, instance: Column): PublicInputChip {
    const byte = cs.adviceColumn('pi byte');
    const acc = cs.adviceColumn('pi acc');
    const value = cs.adviceColumn('pi value');
    const id = cs.adviceColumn('pi keccak id');
    const pos = cs.fixedColumn('pi pos');
    const segStart = cs.fixedColumn('pi segment start');
    const segEnd = cs.fixedColumn('pi segment end');
    const qByte = cs.selector('pi byte');
    const qDigest = cs.selector('pi digest');
    cs.enableEquality(value);
    cs.enableEquality(instance);

    const q = qByte.expr();
    cs.createGate('pi preimage', {
      'acc = 256·acc_prev·(1 − segStart) + byte': q.mul(acc.cur().sub(constant(1n).sub(segStart.cur()).mul(acc.prev()).mul(256n)).sub(byte.cur())),
      'value = acc at a segment end': q.mul(segEnd.cur()).mul(value.cur().sub(acc.cur())),
      'id is constant': q.mul(id.next().sub(id.cur())),
    });
    cs.lookup('pi preimage byte in keccak table', keccakInputLookup(keccak, q, id.cur(), pos.cur(), byte.cur()));
    const d = qDigest.expr();
    cs.lookup('pi digest in keccak table', keccakDigestLookup(keccak, d, id.cur(), constant(BigInt(PI_PREIMAGE_LENGTH)), value.next(), value.cur()));
    return new PublicInputChip(byte, acc, value, id, pos, segStart, segEnd, qByte, qDigest, instance);
  }

  /** Lays out the preimage of `pi` as keccak input `keccakId` and binds its hash to the instance column. */
  assign(layouter: Layouter, pi: BatchPublicInput, keccakId: number): AssignedPublicInput {
    const pre = publicInputPreimage(pi);
    const [hi, lo] = publicInputInstances(pi);
    return layouter.assignRegion('public input', (r) => {
      const segmentValues: AssignedCell[] = [];
      let acc = 0n;
      for (const [start, end] of SEGMENTS) {
        acc = 0n;
        for (let i = start; i < end; i++) {
          acc = acc * 256n + BigInt(pre[i]);
          r.enableSelector(this.qByte, i);
          r.assignFixed('pos', this.pos, i, BigInt(i));
          r.assignFixed('segStart', this.segStart, i, i === start ? 1n : 0n);
          r.assignFixed('segEnd', this.segEnd, i, i === end - 1 ? 1n : 0n);
          r.assignAdvice('byte', this.byte, i, BigInt(pre[i]));
          r.assignAdvice('acc', this.acc, i, acc);
          r.assignAdvice('id', this.id, i, BigInt(keccakId));
          if (i === end - 1) segmentValues.push(r.assignAdvice('segment value', this.value, i, acc));
        }
      }
      const digest = PI_PREIMAGE_LENGTH;
      r.enableSelector(this.qDigest, digest);
      r.assignAdvice('id', this.id, digest, BigInt(keccakId));
      const hiCell = r.assignAdvice('hash hi', this.value, digest, hi);
      const loCell = r.assignAdvice('hash lo', this.value, digest + 1, lo);
      r.constrainEqual(hiCell, { column: this.instance, row: 0 });
      r.constrainEqual(loCell, { column: this.instance, row: 1 });
      const [chainId, ...halves] = segmentValues;
      const words = Object.fromEntries(PI_WORD_FIELDS.map((f, j) => [f, { hi: halves[2 * j], lo: halves[2 * j + 1] }])) as Record<PiWordField, HalvesCells>;
      return { chainId, words };
    });
  }
}
