/**
 * A keccak preimage laid out one byte per row, cut into big-endian segments whose values the rest of the batch
 * circuit copy-constrains (the public input's fields, the block contexts). Shared by the public-input chip
 * (fixed length) and the block table chip (variable length: whole records, as many as the batch has txs).
 *
 * Layout (one region; `pos`, `segStart`, `segEnd` fixed, the rest advice):
 *
 *   row i < B:   byte_i, acc_i, value (the segment's value on its last row), id; variable: real_i, len_i
 *   row B:       value = hash hi, id                     (digest row)
 *   row B + 1:   value = hash lo
 *   row B + 2:   value = record count                    (variable length only)
 *
 * `acc` runs over a segment (acc = 256·acc_prev + byte, restarted where segStart = 1), and on a segment's last
 * row the exported `value` equals acc. Every hashed byte is looked up as byte `pos` of keccak input `id`, and
 * (id, length, lo, hi) as that input's digest: the keccak circuit guarantees an id has exactly one byte per
 * index (each < 256) and the digest of exactly those bytes, so the segments are the digits of the preimage and
 * the digest its hash. `id` is constant over the region by a gate.
 *
 * Variable length: `real` is boolean and 1 on a prefix of the rows (real_i ⇒ real_{i−1}); bytes past it are 0
 * and not looked up, so their segments export 0; `len` counts the real rows and is the digest's length; the
 * count row holds len / recordBytes (len = recordBytes·count), so the hashed bytes are whole records.
 *
 * Gated (fixed length only): an advice `on`, constant over the region and the digest row, multiplies both
 * lookups, so a region that hashes nothing (on = 0: e.g. the L1 message slot of a tx that is no deposit) needs
 * no keccak input; its bytes, segments and digest are then unconstrained, and the caller must give them no
 * meaning (it copy-constrains `on` to the flag that decides whether the digest is used).
 */
import type { AssignedCell, Column, ConstraintSystem, Layouter, Selector } from '../plonk/index.js';
import { constant, type Expr } from '../plonk/index.js';
import { keccakDigestLookup, keccakInputLookup, type KeccakTableColumns } from '../keccak/table.js';
import { PublicInputError } from './public-input.js';

/** Segments as [start, end) byte ranges, in order, covering the preimage rows. */
export type Segments = ReadonlyArray<readonly [number, number]>;

/** Cuts `lengths` (in bytes) into consecutive segments from byte 0. */
export function segmentsOf(lengths: readonly number[]): Array<[number, number]> {
  let start = 0;
  return lengths.map((n) => { const s: [number, number] = [start, start + n]; start += n; return s; });
}

export interface AssignedPreimage {
  /** One cell per segment, in order: its bytes as a big-endian number. */
  segments: AssignedCell[];
  hi: AssignedCell;
  lo: AssignedCell;
  /** Variable length only: the number of hashed records. */
  count?: AssignedCell;
  /** Gated only: the first row's `on`. */
  on?: AssignedCell;
}

export class PreimageChip {
  private constructor(
    readonly byte: Column, readonly acc: Column, readonly value: Column, readonly id: Column,
    readonly pos: Column, readonly segStart: Column, readonly segEnd: Column,
    readonly qByte: Selector, readonly qDigest: Selector,
    /** Variable length: bytes per record, and the real / len columns with the first-row selector. */
    readonly variable?: { recordBytes: number; real: Column; len: Column; qFirst: Selector },
    /** Gated: the lookups' enable column. */
    readonly on?: Column,
  ) {}

  /**
   * Columns "<name> byte", "<name> acc", "<name> value", "<name> keccak id"; fixed "<name> pos", "<name> segment
   * start|end"; gate "<name> preimage". Fixed length: the digest is looked up under `length`; variable length
   * (`recordBytes` given): under the count of real rows, a multiple of recordBytes. `gated`: column "<name> on"
   * (equality enabled) gates both lookups.
   */
  static configure(cs: ConstraintSystem, name: string, keccak: KeccakTableColumns, length: { fixed: number; gated?: boolean } | { recordBytes: number }): PreimageChip {
    const byte = cs.adviceColumn(`${name} byte`);
    const acc = cs.adviceColumn(`${name} acc`);
    const value = cs.adviceColumn(`${name} value`);
    const id = cs.adviceColumn(`${name} keccak id`);
    const pos = cs.fixedColumn(`${name} pos`);
    const segStart = cs.fixedColumn(`${name} segment start`);
    const segEnd = cs.fixedColumn(`${name} segment end`);
    const qByte = cs.selector(`${name} byte`);
    const qDigest = cs.selector(`${name} digest`);
    cs.enableEquality(value);

    const q = qByte.expr();
    const one = constant(1n);
    const rules: Record<string, Expr> = {
      'acc = 256·acc_prev·(1 − segStart) + byte': q.mul(acc.cur().sub(one.sub(segStart.cur()).mul(acc.prev()).mul(256n)).sub(byte.cur())),
      'value = acc at a segment end': q.mul(segEnd.cur()).mul(value.cur().sub(acc.cur())),
      'id is constant': q.mul(id.next().sub(id.cur())),
    };
    const d = qDigest.expr();
    let variable: PreimageChip['variable'];
    let hashed: Expr = q;
    let digestLength: Expr;
    if ('recordBytes' in length) {
      const real = cs.adviceColumn(`${name} real`);
      const len = cs.adviceColumn(`${name} len`);
      const qFirst = cs.selector(`${name} first`);
      const notFirst = one.sub(qFirst.expr());
      Object.assign(rules, {
        'real is boolean': q.mul(real.cur()).mul(one.sub(real.cur())),
        'real rows are a prefix': q.mul(notFirst).mul(real.cur()).mul(one.sub(real.prev())),
        'a byte past the real rows is 0': q.mul(one.sub(real.cur())).mul(byte.cur()),
        'len = len_prev·(not first) + real': q.mul(len.cur().sub(notFirst.mul(len.prev())).sub(real.cur())),
      });
      cs.createGate(`${name} count`, { 'len = recordBytes·count': d.mul(len.prev().sub(value.rot(2).mul(BigInt(length.recordBytes)))) });
      hashed = q.mul(real.cur());
      digestLength = len.prev();
      variable = { recordBytes: length.recordBytes, real, len, qFirst };
    } else {
      digestLength = constant(BigInt(length.fixed));
    }
    let on: Column | undefined;
    let digested = d;
    if ('gated' in length && length.gated === true) {
      on = cs.adviceColumn(`${name} on`);
      cs.enableEquality(on);
      rules['on is constant'] = q.mul(on.next().sub(on.cur()));
      hashed = q.mul(on.cur());
      digested = d.mul(on.cur());
    }
    cs.createGate(`${name} preimage`, rules);
    cs.lookup(`${name} preimage byte in keccak table`, keccakInputLookup(keccak, hashed, id.cur(), pos.cur(), byte.cur()));
    cs.lookup(`${name} digest in keccak table`, keccakDigestLookup(keccak, digested, id.cur(), digestLength, value.next(), value.cur()));
    return new PreimageChip(byte, acc, value, id, pos, segStart, segEnd, qByte, qDigest, variable, on);
  }

  /** Rows the region takes for `bytes` preimage rows. */
  rows(bytes: number): number {
    return bytes + (this.variable ? 3 : 2);
  }

  /**
   * Lays out `rows` (the preimage, zero-padded to the layout's byte rows in variable mode) as keccak input
   * `keccakId`, of which the first `hashed` bytes are hashed (all of them in fixed mode); [hi, lo] = its digest.
   * Gated: `on` (1 = hashed, 0 = looked up nowhere).
   */
  assign(layouter: Layouter, regionName: string, rows: Uint8Array, segments: Segments, hashed: number, digest: readonly [bigint, bigint], keccakId: number, on = 1n): AssignedPreimage {
    const v = this.variable;
    if (segments.length === 0 || segments[0]![0] !== 0 || segments.at(-1)![1] !== rows.length || segments.some(([s, e], i) => e <= s || (i > 0 && segments[i - 1]![1] !== s))) {
      throw new PublicInputError(`${regionName}: segments must cover bytes 0…${rows.length - 1} in order`);
    }
    if (v ? hashed % v.recordBytes !== 0 || hashed > rows.length : hashed !== rows.length) {
      throw new PublicInputError(`${regionName}: ${hashed} hashed bytes of ${rows.length} rows${v ? `, not whole ${v.recordBytes}-byte records` : ''}`);
    }
    return layouter.assignRegion(regionName, (r) => {
      const values: AssignedCell[] = [];
      let onCell: AssignedCell | undefined;
      for (const [start, end] of segments) {
        let acc = 0n;
        for (let i = start; i < end; i++) {
          acc = acc * 256n + BigInt(rows[i]!);
          r.enableSelector(this.qByte, i);
          r.assignFixed('pos', this.pos, i, BigInt(i));
          r.assignFixed('segStart', this.segStart, i, i === start ? 1n : 0n);
          r.assignFixed('segEnd', this.segEnd, i, i === end - 1 ? 1n : 0n);
          r.assignAdvice('byte', this.byte, i, BigInt(rows[i]!));
          r.assignAdvice('acc', this.acc, i, acc);
          r.assignAdvice('id', this.id, i, BigInt(keccakId));
          if (this.on !== undefined) {
            const cell = r.assignAdvice('on', this.on, i, on);
            if (i === 0) onCell = cell;
          }
          if (v) {
            if (i === 0) r.enableSelector(v.qFirst, i);
            r.assignAdvice('real', v.real, i, i < hashed ? 1n : 0n);
            r.assignAdvice('len', v.len, i, BigInt(Math.min(i + 1, hashed)));
          }
          if (i === end - 1) values.push(r.assignAdvice('segment value', this.value, i, acc));
        }
      }
      const at = rows.length;
      r.enableSelector(this.qDigest, at);
      r.assignAdvice('id', this.id, at, BigInt(keccakId));
      if (this.on !== undefined) r.assignAdvice('on', this.on, at, on);
      const hi = r.assignAdvice('hash hi', this.value, at, digest[0]);
      const lo = r.assignAdvice('hash lo', this.value, at + 1, digest[1]);
      const count = v ? r.assignAdvice('record count', this.value, at + 2, BigInt(hashed / v.recordBytes)) : undefined;
      return { segments: values, hi, lo, count, on: onCell };
    });
  }
}
