/**
 * The keccak256 circuit: one region per 136-byte block (one Keccak-f[1600] permutation), filling
 * the shared keccak table (table.ts) with one row per input byte and one digest row per hash.
 *
 * Every permutation step is a "normalize row": an input `in` (a linear combination of lanes copied
 * in through the operand columns op0…op4), split into up to 17 parts of ≤ 4 base-8 digits, each
 * part mapped by one lookup slot (tag, part in, part out) of normalize-table.ts, and recombined
 * into `out` with per-slot fixed weights — which is where ρ's rotations happen for free.
 *
 *   rows of a block (1487):
 *     0…135    byte rows: byte ↔ sparse byte (slot 0), lane accumulator, data flag, padding, table
 *     136…160  absorb: A[L] = cont·(A_prev[L] + ι) + block lane, parity           (25 rows)
 *     24 rounds × 55:
 *       5   θ-sum: C[x] = Σ_y A[x][y] → parity; outRot = rot1(C[x]) from the top digit's part
 *       25  θ+ρ+π: A + C[x−1] + rot1(C[x+1]) (+ previous round's ι) → parity, rotated by ρ
 *       25  χ:     3 − 2·B[x] + B[x+1] − B[x+2] → χ table
 *     1481     ι of the last round on lane 0 (an absorb row with cont = 1, block = 0)
 *     1482…85  squeeze: lanes 0…3 → 8 bytes each (byte slots), out = their weight in hash hi/lo
 *     1486     digest row: (2, id, length, 0, lo, hi) when the block is its hash's last
 *
 * ι is never a row of its own: round r's constant is added in round r + 1's θ rows (lane (0,0),
 * and the D[1], D[4] columns it flows into), and after the last round in the next absorb or the
 * squeeze. Sums stay ≤ 5 per digit for θ-sum and ≤ 4 elsewhere, so digits never carry.
 *
 * Blocks chain through copies: a block's first byte row copies the previous block's hash id,
 * length and last data flag; `cont` = that flag (1 while the hash goes on, 0 after its last
 * block, so the state restarts from zero). Block 0 reads constants.
 */
import { AssignedCell, constant, sum, type Column, type ConstraintSystem, type Expr, type Layouter, type Region, type Selector } from '../plonk/index.js';
import { assignInput } from '../gadgets/common.js';
import type { KeccakTableColumns } from './table.js';
import { BYTE_TAG, mapPart, NormalizeTable, partTag, PART_DIGITS, type DigitMap } from './normalize-table.js';
import {
  LANE_BITS, ONES, RATE_BYTES, RATE_LANES, RC, RHO, ROUNDS, lane, pow8, rotSparse, sparseSlice, toSparse,
} from './sparse.js';
import type { KeccakBlock } from './witness.js';

/** Lookup slots per row: 64 digits in parts of 4, plus one cut (ρ's rotation point or θ-sum's top digit). */
export const SLOTS = 17;
const OPS = 5;
const ROUND_ROWS = 55;
const BYTE_ROWS = RATE_BYTES;
const ABSORB_ROW = BYTE_ROWS;
const ROUND_ROW = ABSORB_ROW + 25;
const IOTA_ROW = ROUND_ROW + ROUNDS * ROUND_ROWS;
const SQUEEZE_ROW = IOTA_ROW + 1;
const DIGEST_OFFSET = SQUEEZE_ROW + 4;
/** Rows of one block (one permutation). */
export const ROWS_PER_BLOCK = DIGEST_OFFSET + 1;

/** Row offsets inside a block's region (for tests, tools and other circuits' debugging). */
export const LAYOUT = {
  absorb: (l: number) => ABSORB_ROW + l,
  thetaSum: (round: number, x: number) => ROUND_ROW + round * ROUND_ROWS + x,
  theta: (round: number, l: number) => ROUND_ROW + round * ROUND_ROWS + 5 + l,
  chi: (round: number, l: number) => ROUND_ROW + round * ROUND_ROWS + 30 + l,
  iota: IOTA_ROW,
  squeeze: (l: number) => SQUEEZE_ROW + l,
  digest: DIGEST_OFFSET,
} as const;

/** One lookup slot of a normalize row: digits [off, off + len) of `in`, its weight in `out`, its map. */
interface Slot { readonly tag: bigint; readonly off: number; readonly len: number; readonly wOut: bigint; readonly map: (part: bigint) => bigint }

function partsOf(map: DigitMap, cuts: readonly number[], wOut: (off: number) => bigint): Slot[] {
  const bounds = [...new Set([...cuts, LANE_BITS])].sort((a, b) => a - b);
  const slots: Slot[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const off = bounds[i];
    const len = bounds[i + 1] - off;
    slots.push({ tag: partTag(map, len), off, len, wOut: wOut(off), map: (p) => mapPart(map, p, len) });
  }
  return slots;
}

const EVERY_4 = Array.from({ length: LANE_BITS / PART_DIGITS }, (_, i) => PART_DIGITS * i);
const plain = (off: number): bigint => pow8(off);
/** θ-sum: the top digit is a part of its own (slot 16), so rot1 of the output is linear. */
const C_SLOTS = partsOf('thetaSum', [...EVERY_4, LANE_BITS - 1], plain);
const THETA_SLOTS = RHO.map((r) => partsOf('parity', [...EVERY_4, (LANE_BITS - r) % LANE_BITS], (off) => pow8((off + r) % LANE_BITS)));
const CHI_SLOTS = partsOf('chi', EVERY_4, plain);
const ABSORB_SLOTS = partsOf('parity', EVERY_4, plain);

const fromSparseByte = (s: bigint): bigint => {
  let b = 0n;
  for (let i = 0; i < 8; i++) b |= ((s >> BigInt(3 * i)) & 1n) << BigInt(i);
  return b;
};

/** Weight of digest byte m (lanes 0…3, little-endian) in hash hi (m < 16) or lo, big-endian halves. */
const digestWeight = (m: number): bigint => 1n << BigInt(8 * (15 - (m % 16)));
const SQUEEZE_SLOTS = [0, 1, 2, 3].map((l) => Array.from({ length: 8 }, (_, j): Slot => ({
  tag: BYTE_TAG, off: 8 * j, len: 8, wOut: digestWeight(8 * l + j), map: fromSparseByte,
})));

/** A lane's cell and its sparse value. */
interface Lane { readonly cell: AssignedCell; readonly value: bigint }

/** What a block hands to the next: its chaining cells and final χ output. */
interface BlockLink { readonly hid: AssignedCell; readonly len: AssignedCell; readonly lastData: AssignedCell; readonly state: readonly Lane[] }

interface Selectors {
  norm: Selector; thetaSum: Selector; theta: Selector; chi: Selector; absorb: Selector;
  byte: Selector; byteFirst: Selector; byteNext: Selector; byteEnd: Selector; digest: Selector;
}

export class KeccakChip {
  private constructor(
    readonly table: KeccakTableColumns,
    readonly normalize: NormalizeTable,
    readonly pin: readonly Column[], readonly pout: readonly Column[],
    readonly tag: readonly Column[], readonly wIn: readonly Column[], readonly wOut: readonly Column[],
    readonly input: Column, readonly out: Column, readonly outRot: Column, readonly op: readonly Column[],
    readonly data: Column, readonly hid: Column, readonly len: Column,
    /** Fixed: ι/RC addends; 0/1 "the lane accumulator continues" on byte rows. */
    readonly k: Column, readonly keep: Column,
    readonly q: Selectors,
  ) {}

  /** Declares the circuit's columns, gates and lookups; returns the chip with the keccak table columns. */
  static configure(cs: ConstraintSystem): KeccakChip {
    const adv = (n: string) => cs.adviceColumn(`keccak ${n}`);
    const fix = (n: string) => cs.fixedColumn(`keccak ${n}`);
    const table: KeccakTableColumns = {
      kind: adv('table kind'), id: adv('table id'), indexOrLength: adv('table index/length'),
      byte: adv('table byte'), hashLo: adv('table hash lo'), hashHi: adv('table hash hi'),
    };
    const normalize = NormalizeTable.configure(cs);
    const slots = Array.from({ length: SLOTS }, (_, j) => j);
    const pin = slots.map((j) => adv(`part in ${j}`));
    const pout = slots.map((j) => adv(`part out ${j}`));
    const tag = slots.map((j) => fix(`tag ${j}`));
    const wIn = slots.map((j) => fix(`weight in ${j}`));
    const wOut = slots.map((j) => fix(`weight out ${j}`));
    const [input, out, outRot] = ['in', 'out', 'out rot1'].map(adv);
    const op = Array.from({ length: OPS }, (_, i) => adv(`op${i}`));
    const [data, hid, len] = ['data', 'hash id', 'length'].map(adv);
    const k = fix('round constant');
    const keep = fix('accumulate');
    const constants = fix('constants');
    cs.enableConstant(constants);
    for (const c of [input, out, outRot, ...op, data, hid, len]) cs.enableEquality(c);
    const sel = (n: string) => cs.selector(`keccak ${n}`);
    const q: Selectors = {
      norm: sel('normalize'), thetaSum: sel('theta sum'), theta: sel('theta'), chi: sel('chi'), absorb: sel('absorb'),
      byte: sel('byte'), byteFirst: sel('first byte'), byteNext: sel('next byte'), byteEnd: sel('last byte'), digest: sel('digest'),
    };
    const chip = new KeccakChip(table, normalize, pin, pout, tag, wIn, wOut, input, out, outRot, op, data, hid, len, k, keep, q);
    chip.declare(cs);
    return chip;
  }

  private declare(cs: ConstraintSystem): void {
    const { q, table: t } = this;
    const [o0, o1, o2, o3, o4] = this.op.map((c) => c.cur());
    const x = this.input.cur();
    const d = this.data.cur();
    const gate = (name: string, s: Selector, cs2: Record<string, Expr>) =>
      cs.createGate(`keccak ${name}`, Object.entries(cs2).map(([n, e]): [string, Expr] => [n, s.expr().mul(e)]));

    gate('normalize', q.norm, {
      'in = Σ part in · weight': x.sub(sum(this.pin.map((c, j) => c.cur().mul(this.wIn[j].cur())))),
      'out = Σ part out · weight': this.out.cur().sub(sum(this.pout.map((c, j) => c.cur().mul(this.wOut[j].cur())))),
    });
    gate('theta sum', q.thetaSum, {
      'in = Σ_y A[x][y]': x.sub(sum([o0, o1, o2, o3, o4])),
      // rot1(C) = 8·C − c63·(8^64 − 1), c63 being the top digit, alone in the last slot
      'out rot1 = rot1(out)': this.outRot.cur().sub(this.out.cur().mul(8n).sub(this.pout[SLOTS - 1].cur().mul(pow8(LANE_BITS) - 1n))),
    });
    gate('theta', q.theta, { 'in = A + C[x-1] + rot1(C[x+1]) + iota': x.sub(sum([o0, o1, o2, this.k.cur()])) });
    gate('chi', q.chi, { 'in = 3 - 2a + b - c': x.sub(constant(3n * ONES).sub(o0.mul(2n)).add(o1).sub(o2)) });
    gate('absorb', q.absorb, { 'in = cont·(A + iota) + block': x.sub(o3.mul(o0.add(this.k.cur())).add(o1)) });

    const byte = this.pout[0].cur();
    gate('byte', q.byte, {
      'data flag is boolean': d.mul(constant(1n).sub(d)),
      'lane accumulator': x.sub(this.keep.cur().mul(this.input.prev()).add(this.pin[0].cur().mul(this.wIn[0].cur()))),
      'table id': t.id.cur().sub(d.mul(this.hid.cur())),
      'table index': t.indexOrLength.cur().sub(d.mul(this.len.cur().sub(1n))),
      'table byte': t.byte.cur().sub(d.mul(byte)),
      'table hash lo is 0': t.hashLo.cur(),
      'table hash hi is 0': t.hashHi.cur(),
    });
    // op0 = previous hash id, op1 = previous length, op2 = previous block's last data flag (= cont)
    gate('first byte', q.byteFirst, {
      'padding starts with 0x01': constant(1n).sub(d).mul(byte.sub(1n)),
      'hash id': this.hid.cur().sub(o0.add(1n).sub(o2)),
      'length': this.len.cur().sub(o2.mul(o1).add(d)),
    });
    const dPrev = this.data.prev();
    gate('next byte', q.byteNext, {
      'data bytes come first': d.mul(constant(1n).sub(dPrev)),
      'same hash id': this.hid.cur().sub(this.hid.prev()),
      'length': this.len.cur().sub(this.len.prev().add(d)),
      // 0x01 where the data ends, 0x80 on byte 135, 0 between
      'padding': constant(1n).sub(d).mul(byte.sub(dPrev.sub(d)).sub(q.byteEnd.expr().mul(0x80n))),
    });
    const last = constant(1n).sub(d);
    gate('digest', q.digest, {
      'table id': t.id.cur().sub(last.mul(this.hid.cur())),
      'table length': t.indexOrLength.cur().sub(last.mul(this.len.cur())),
      'table byte is 0': t.byte.cur(),
      'table hash hi': t.hashHi.cur().sub(last.mul(o0.add(o1))),
      'table hash lo': t.hashLo.cur().sub(last.mul(o2.add(o3))),
    });
    // no selector: outside byte and digest rows the kind is 0, so no other row can pose as a table row
    cs.createGate('keccak table kind', {
      'kind = data on byte rows, 2·last on digest rows, else 0':
        t.kind.cur().sub(q.byte.expr().mul(d).add(q.digest.expr().mul(last).mul(2n))),
    });

    for (let j = 0; j < SLOTS; j++) {
      cs.lookup(`keccak slot ${j}`, [
        [this.tag[j].cur(), this.normalize.tag.cur()], [this.pin[j].cur(), this.normalize.input.cur()], [this.pout[j].cur(), this.normalize.output.cur()],
      ]);
    }
  }

  /** Fills the normalize table and every block; returns nothing the table does not already hold. */
  assign(layouter: Layouter, blocks: readonly KeccakBlock[]): void {
    this.normalize.load(layouter);
    let link: BlockLink | undefined;
    blocks.forEach((block, b) => {
      link = layouter.assignRegion(`keccak block ${b}`, (region) => this.assignBlock(region, block, link, b === blocks.length - 1));
    });
  }

  /** A normalize row at `offset`: `inValue` split into the slots' parts, mapped, recombined. */
  private normalizeRow(region: Region, offset: number, slots: readonly Slot[], inValue: bigint): Lane {
    region.enableSelector(this.q.norm, offset);
    region.assignAdvice('in', this.input, offset, inValue);
    let out = 0n;
    slots.forEach((s, j) => {
      const part = sparseSlice(inValue, s.off, s.len);
      const mapped = s.map(part);
      out += mapped * s.wOut;
      region.assignFixed('tag', this.tag[j], offset, s.tag);
      region.assignFixed('weight in', this.wIn[j], offset, pow8(s.off));
      region.assignFixed('weight out', this.wOut[j], offset, s.wOut);
      region.assignAdvice('part in', this.pin[j], offset, part);
      region.assignAdvice('part out', this.pout[j], offset, mapped);
    });
    return { cell: region.assignAdvice('out', this.out, offset, out), value: out };
  }

  /** Copies lanes (or constants, for a missing source) into the operand columns of a row. */
  private operands(region: Region, offset: number, lanes: ReadonlyArray<Lane | bigint | undefined>): bigint[] {
    return lanes.map((l, i) => {
      if (l === undefined) return 0n;
      if (typeof l === 'bigint') return region.assignAdviceFromConstant(`op${i}`, this.op[i], offset, l).value;
      // the lane's value, not the cell's: they differ only in adversarial witnesses (KeccakBlock.cont)
      region.constrainEqual(l.cell, region.assignAdvice(`op${i}`, this.op[i], offset, l.value));
      return l.value;
    });
  }

  private assignBlock(region: Region, block: KeccakBlock, prev: BlockLink | undefined, lastBlock: boolean): BlockLink {
    const { q } = this;
    // --- byte rows
    const cont = prev ? prev.lastData.value : 0n;
    let hid = 0n;
    let len = 0n;
    let acc = 0n;
    const blockLanes: Lane[] = [];
    let lastCells: { hid: AssignedCell; len: AssignedCell; data: AssignedCell } | undefined;
    for (let i = 0; i < BYTE_ROWS; i++) {
      const b = BigInt(block.bytes[i]);
      const d = block.flags?.[i] ?? (i < block.dataBytes ? 1n : 0n);
      region.enableSelector(q.byte, i);
      if (i === 0) {
        region.enableSelector(q.byteFirst, i);
        const [pHid, pLen] = prev
          ? this.operands(region, i, [{ cell: prev.hid, value: prev.hid.value }, { cell: prev.len, value: prev.len.value }, { cell: prev.lastData, value: cont }])
          : this.operands(region, i, [0n, 0n, 0n]);
        hid = pHid + 1n - cont;
        len = cont * pLen + d;
      } else {
        region.enableSelector(q.byteNext, i);
        len += d;
      }
      if (i === BYTE_ROWS - 1) region.enableSelector(q.byteEnd, i);
      const sparse = toSparse(b, 8);
      const weight = pow8(8 * (i % 8));
      acc = (i % 8 === 0 ? 0n : acc) + sparse * weight;
      region.assignFixed('tag', this.tag[0], i, BYTE_TAG);
      region.assignFixed('weight in', this.wIn[0], i, weight);
      region.assignFixed('accumulate', this.keep, i, i % 8 === 0 ? 0n : 1n);
      region.assignAdvice('sparse byte', this.pin[0], i, sparse);
      region.assignAdvice('byte', this.pout[0], i, b);
      const accCell = region.assignAdvice('lane accumulator', this.input, i, acc);
      const dCell = region.assignAdvice('data', this.data, i, d);
      const hidCell = region.assignAdvice('hash id', this.hid, i, hid);
      const lenCell = region.assignAdvice('length', this.len, i, len);
      region.assignAdvice('table kind', this.table.kind, i, d);
      region.assignAdvice('table id', this.table.id, i, d * hid);
      region.assignAdvice('table index', this.table.indexOrLength, i, d * (len - 1n));
      region.assignAdvice('table byte', this.table.byte, i, d * b);
      region.assignAdvice('table hash lo', this.table.hashLo, i, 0n);
      region.assignAdvice('table hash hi', this.table.hashHi, i, 0n);
      if (i % 8 === 7) blockLanes.push({ cell: accCell, value: acc });
      if (i === BYTE_ROWS - 1) lastCells = { hid: hidCell, len: lenCell, data: dCell };
    }
    const end = lastCells!;
    // every hash ends inside the circuit: the last block's last byte is padding
    if (lastBlock) region.constrainConstant(end.data, 0n);

    // --- absorb: A = cont·(A_prev + ι) + block lane
    const iotaOf = (round: number, l: number): bigint => (l === 0 ? toSparse(RC[round]) : 0n);
    let state: Lane[] = Array.from({ length: 25 }, (_, l) => {
      const row = ABSORB_ROW + l;
      region.enableSelector(q.absorb, row);
      const k = prev ? iotaOf(ROUNDS - 1, l) : 0n;
      if (k !== 0n) region.assignFixed('round constant', this.k, row, k);
      const [a, blk, , c] = this.operands(region, row, [
        prev ? prev.state[l] : 0n, l < RATE_LANES ? blockLanes[l] : 0n, undefined, prev ? { cell: prev.lastData, value: block.cont ?? cont } : 0n,
      ]);
      return this.normalizeRow(region, row, ABSORB_SLOTS, c * (a + k) + blk);
    });

    // --- 24 rounds
    for (let r = 0; r < ROUNDS; r++) {
      const base = ROUND_ROW + r * ROUND_ROWS;
      const c: Lane[] = [];
      const cRot: Lane[] = [];
      for (let x = 0; x < 5; x++) {
        const row = base + x;
        region.enableSelector(q.thetaSum, row);
        const ops = this.operands(region, row, [0, 1, 2, 3, 4].map((y) => state[lane(x, y)]));
        const out = this.normalizeRow(region, row, C_SLOTS, ops.reduce((s, v) => s + v, 0n));
        const rot = rotSparse(out.value, 1);
        c.push(out);
        cRot.push({ cell: region.assignAdvice('out rot1', this.outRot, row, rot), value: rot });
      }
      // ι of round r − 1, not yet in the state: on lane (0,0), and through C[0] into D[1] and D[4]
      const rc = r === 0 ? 0n : toSparse(RC[r - 1]);
      const b: Lane[] = new Array<Lane>(25);
      for (let y = 0; y < 5; y++) {
        for (let x = 0; x < 5; x++) {
          const l = lane(x, y);
          const row = base + 5 + l;
          region.enableSelector(q.theta, row);
          const k = l === 0 || x === 1 ? rc : x === 4 ? rotSparse(rc, 1) : 0n;
          if (k !== 0n) region.assignFixed('round constant', this.k, row, k);
          const [a, cm, cp] = this.operands(region, row, [state[l], c[(x + 4) % 5], cRot[(x + 1) % 5]]);
          b[lane(y, 2 * x + 3 * y)] = this.normalizeRow(region, row, THETA_SLOTS[l], a + cm + cp + k);
        }
      }
      state = Array.from({ length: 25 }, (_, l) => {
        const x = l % 5;
        const y = Math.floor(l / 5);
        const row = base + 30 + l;
        region.enableSelector(q.chi, row);
        const [a0, a1, a2] = this.operands(region, row, [b[l], b[lane(x + 1, y)], b[lane(x + 2, y)]]);
        return this.normalizeRow(region, row, CHI_SLOTS, 3n * ONES - 2n * a0 + a1 - a2);
      });
    }
    const chiOut = state;

    // --- squeeze: ι on lane 0, then lanes 0…3 into bytes weighted into hash hi/lo
    region.enableSelector(q.absorb, IOTA_ROW);
    region.assignFixed('round constant', this.k, IOTA_ROW, iotaOf(ROUNDS - 1, 0));
    const [a0] = this.operands(region, IOTA_ROW, [chiOut[0], 0n, undefined, 1n]);
    const lane0 = this.normalizeRow(region, IOTA_ROW, ABSORB_SLOTS, a0 + iotaOf(ROUNDS - 1, 0));
    const halves = [lane0, chiOut[1], chiOut[2], chiOut[3]].map((l, i) => {
      const row = SQUEEZE_ROW + i;
      assignInput(region, 'in', this.input, row, l.cell);
      return this.normalizeRow(region, row, SQUEEZE_SLOTS[i], l.value);
    });

    // --- digest row
    const row = DIGEST_OFFSET;
    region.enableSelector(q.digest, row);
    const [h0, h1, l0, l1] = this.operands(region, row, halves);
    const lastFlag = 1n - end.data.value;
    assignInput(region, 'data', this.data, row, end.data);
    assignInput(region, 'hash id', this.hid, row, end.hid);
    assignInput(region, 'length', this.len, row, end.len);
    region.assignAdvice('table kind', this.table.kind, row, 2n * lastFlag);
    region.assignAdvice('table id', this.table.id, row, lastFlag * end.hid.value);
    region.assignAdvice('table length', this.table.indexOrLength, row, lastFlag * end.len.value);
    region.assignAdvice('table byte', this.table.byte, row, 0n);
    region.assignAdvice('table hash hi', this.table.hashHi, row, lastFlag * (h0 + h1));
    region.assignAdvice('table hash lo', this.table.hashLo, row, lastFlag * (l0 + l1));
    return { hid: end.hid, len: end.len, lastData: end.data, state: chiOut };
  }
}
