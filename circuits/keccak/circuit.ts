/**
 * The keccak256 circuit: one region per 136-byte block (one Keccak-f[1600] permutation), filling
 * the shared keccak table (table.ts) with one row per input byte and one digest row per hash.
 *
 * Every permutation step is a "normalize step": an input `in` (a linear combination of lanes copied
 * in through the operand columns op0…), split into parts of ≤ 5 base-8 digits, each part mapped by
 * one lookup slot (tag, part in, part out) of normalize-table.ts, and recombined into `out` with
 * per-slot fixed weights — which is where ρ's rotations happen for free. A row holds `units` steps
 * side by side (like PSE's rows per round, this trades rows for columns; cells stay about the same):
 * unit 0 has 17 slots and 5 operands (θ-sum needs them), the others 16 slots and 3 operands.
 *
 *   steps of a block (1373, placed row by row over the units, see KeccakLayout):
 *     25 absorb: A[L] = cont·A_prev[L] + block lane                     parity, 5-digit parts
 *     24 rounds × 56:
 *       5   θ-sum: C[x] = Σ_y A[x][y] → parity; out rot1 = rot1(C[x]) from the top digit's part (unit 0)
 *       25  θ+ρ+π: A + C[x−1] + rot1(C[x+1]) → parity, rotated by ρ       5-digit parts + the ρ cut
 *       25  χ:     3 − 2·B[x] + B[x+1] − B[x+2] → χ table                 4-digit parts
 *       1   ι:     A[0] + RC → parity (a step of its own keeps θ's digits ≤ 3)
 *     4 squeeze: lanes 0…3 → 8 bytes each (byte slots), out = their weight in hash hi/lo
 *   beside the steps, in columns of their own, the byte section:
 *     rows 0…135  byte rows: byte ↔ sparse byte (lookup "keccak byte"), lane accumulator, data flag,
 *                 padding, keccak table input rows
 *     last row    digest row: (2, id, length, 0, lo, hi) when the block is its hash's last; it holds
 *                 copies of the last byte row's flag, id and length, which the next block's first
 *                 byte row reads at rotation −1 (blocks are contiguous regions over the same columns)
 *
 * Digits never carry: θ-sum digits are ≤ 5, θ's ≤ 3, χ's ≤ 4, absorb's and ι's ≤ 2.
 * `cont` (the previous block's last data flag: 1 while the hash goes on) restarts the state from
 * zero at a new hash. Block 0 starts the ids and lengths from constants (selector "first block").
 */
import { AssignedCell, constant, sum, type Column, type ConstraintSystem, type Expr, type Layouter, type Region, type Selector } from '../plonk/index.js';
import { assignInput } from '../gadgets/common.js';
import type { KeccakTableColumns } from './table.js';
import { BYTE_TAG, mapPart, NormalizeTable, partTag, PART_DIGITS, type DigitMap } from './normalize-table.js';
import {
  LANE_BITS, ONES, RATE_BYTES, RATE_LANES, RC, RHO, ROUNDS, lane, pow8, rotSparse, sparseSlice, toSparse,
} from './sparse.js';
import type { KeccakBlock } from './witness.js';

/** Lookup slots of unit 0 (θ-sum: 16 parts of 4 digits and the top digit alone) and of the other units (χ: 16 parts). */
export const FULL_SLOTS = 17;
export const LIGHT_SLOTS = 16;
const FULL_OPS = 5;
const LIGHT_OPS = 3;
const BYTE_ROWS = RATE_BYTES;
/** Steps per row when the caller does not say (the narrowest circuit; composed circuits use it). */
export const DEFAULT_UNITS = 1;

export type StepKind = 'absorb' | 'thetaSum' | 'theta' | 'chi' | 'iota' | 'squeeze';
/** A step's place in a block: its row offset and its unit. */
export interface Place { readonly row: number; readonly unit: number }

/** The name of a unit's column, e.g. unitColumn(1, 'part in 3') = "keccak u1 part in 3". */
export const unitColumn = (unit: number, name: string): string => `keccak u${unit} ${name}`;

/**
 * Where each step of a permutation sits in a block of `units` steps per row. Steps fill the rows in
 * order; θ-sums take the next free unit-0 place; the digest reserves unit 0 of the last row.
 */
export class KeccakLayout {
  readonly rows: number;
  readonly digest: Place;
  private readonly places: ReadonlyMap<string, Place>;

  constructor(readonly units: number) {
    if (!Number.isInteger(units) || units < 1) throw new RangeError(`units per row must be a positive integer, got ${units}`);
    const steps: Array<{ key: string; full: boolean }> = [];
    const add = (kind: StepKind, ...at: number[]) => steps.push({ key: KeccakLayout.key(kind, at), full: kind === 'thetaSum' });
    for (let l = 0; l < 25; l++) add('absorb', l);
    for (let r = 0; r < ROUNDS; r++) {
      for (let x = 0; x < 5; x++) add('thetaSum', r, x);
      for (let l = 0; l < 25; l++) add('theta', r, l);
      for (let l = 0; l < 25; l++) add('chi', r, l);
      add('iota', r);
    }
    for (let i = 0; i < 4; i++) add('squeeze', i);
    for (let rows = Math.max(BYTE_ROWS + 1, Math.ceil((steps.length + 1) / units)); ; rows++) {
      const taken = new Array<boolean>(rows * units).fill(false);
      taken[(rows - 1) * units] = true;
      const places = new Map<string, Place>();
      let low = 0;
      for (const s of steps) {
        let i = low;
        while (i < taken.length && (taken[i] || (s.full && i % units !== 0))) i++;
        if (i === taken.length) break;
        taken[i] = true;
        places.set(s.key, { row: Math.floor(i / units), unit: i % units });
        while (low < taken.length && taken[low]) low++;
      }
      if (places.size === steps.length) {
        this.rows = rows;
        this.digest = { row: rows - 1, unit: 0 };
        this.places = places;
        return;
      }
    }
  }

  private static key(kind: StepKind, at: readonly number[]): string { return `${kind} ${at.join(' ')}`; }
  private get(kind: StepKind, ...at: number[]): Place {
    const p = this.places.get(KeccakLayout.key(kind, at));
    if (!p) throw new RangeError(`no keccak step ${KeccakLayout.key(kind, at)}`);
    return p;
  }

  absorb(l: number): Place { return this.get('absorb', l); }
  thetaSum(round: number, x: number): Place { return this.get('thetaSum', round, x); }
  theta(round: number, l: number): Place { return this.get('theta', round, l); }
  chi(round: number, l: number): Place { return this.get('chi', round, l); }
  iota(round: number): Place { return this.get('iota', round); }
  squeeze(i: number): Place { return this.get('squeeze', i); }
  /** Byte row of input byte i (0…135), always in the byte section. */
  byte(i: number): number { return i; }
}

const layouts = new Map<number, KeccakLayout>();
/** The layout for `units` steps per row (computed once). */
export function keccakLayout(units = DEFAULT_UNITS): KeccakLayout {
  let l = layouts.get(units);
  if (!l) layouts.set(units, (l = new KeccakLayout(units)));
  return l;
}

/** One lookup slot of a normalize step: digits [off, off + len) of `in`, its weight in `out`, its map. */
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

const every = (n: number) => Array.from({ length: Math.ceil(LANE_BITS / n) }, (_, i) => n * i);
const plain = (off: number): bigint => pow8(off);
/** θ-sum: the top digit is a part of its own (the last slot), so rot1 of the output is linear. */
const C_SLOTS = partsOf('thetaSum', [...every(PART_DIGITS.thetaSum), LANE_BITS - 1], plain);
const THETA_SLOTS = RHO.map((r) => partsOf('parity', [...every(PART_DIGITS.parity), (LANE_BITS - r) % LANE_BITS], (off) => pow8((off + r) % LANE_BITS)));
const CHI_SLOTS = partsOf('chi', every(PART_DIGITS.chi), plain);
const PARITY_SLOTS = partsOf('parity', every(PART_DIGITS.parity), plain);

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

/** What a block hands to the next: its chaining cells and final state. */
interface BlockLink { readonly hid: AssignedCell; readonly len: AssignedCell; readonly lastData: AssignedCell; readonly state: readonly Lane[] }

/** One unit: a normalize step's columns and selectors (θ-sum only on unit 0). */
interface Unit {
  readonly pin: readonly Column[]; readonly pout: readonly Column[];
  readonly tag: readonly Column[]; readonly wIn: readonly Column[]; readonly wOut: readonly Column[];
  readonly input: Column; readonly out: Column; readonly outRot?: Column; readonly op: readonly Column[];
  /** Fixed: ι's round constant. */
  readonly k: Column;
  readonly q: { norm: Selector; thetaSum?: Selector; theta: Selector; chi: Selector; iota: Selector; absorb: Selector; squeeze: Selector };
}

/** The byte section: input bytes, data flags, ids and lengths, the digest row. */
interface Bytes {
  readonly sparse: Column; readonly byte: Column; readonly acc: Column;
  readonly data: Column; readonly hid: Column; readonly len: Column;
  /** Fixed: the byte's weight in its lane; 0/1 "the lane accumulator continues". */
  readonly weight: Column; readonly keep: Column;
  readonly q: { byte: Selector; firstBlock: Selector; firstByte: Selector; nextByte: Selector; lastByte: Selector; digest: Selector };
}

export class KeccakChip {
  /** Where each step of a block sits (rows per block: layout.rows). */
  readonly layout: KeccakLayout;

  private constructor(
    readonly table: KeccakTableColumns,
    readonly normalize: NormalizeTable,
    private readonly units: readonly Unit[],
    private readonly bytes: Bytes,
  ) {
    this.layout = keccakLayout(units.length);
  }

  /**
   * Declares the circuit's columns, gates and lookups; returns the chip with the keccak table columns.
   * `units`: steps per row (fewer rows per permutation, more columns).
   */
  static configure(cs: ConstraintSystem, units = DEFAULT_UNITS): KeccakChip {
    const adv = (n: string) => cs.adviceColumn(`keccak ${n}`);
    const fix = (n: string) => cs.fixedColumn(`keccak ${n}`);
    const table: KeccakTableColumns = {
      kind: adv('table kind'), id: adv('table id'), indexOrLength: adv('table index/length'),
      byte: adv('table byte'), hashLo: adv('table hash lo'), hashHi: adv('table hash hi'),
    };
    const normalize = NormalizeTable.configure(cs);
    const unitList = Array.from({ length: keccakLayout(units).units }, (_, u): Unit => {
      const full = u === 0;
      const a = (n: string) => cs.adviceColumn(unitColumn(u, n));
      const f = (n: string) => cs.fixedColumn(unitColumn(u, n));
      const s = (n: string) => cs.selector(unitColumn(u, n));
      const slots = Array.from({ length: full ? FULL_SLOTS : LIGHT_SLOTS }, (_, j) => j);
      const unit: Unit = {
        pin: slots.map((j) => a(`part in ${j}`)), pout: slots.map((j) => a(`part out ${j}`)),
        tag: slots.map((j) => f(`tag ${j}`)), wIn: slots.map((j) => f(`weight in ${j}`)), wOut: slots.map((j) => f(`weight out ${j}`)),
        input: a('in'), out: a('out'), outRot: full ? a('out rot1') : undefined,
        op: Array.from({ length: full ? FULL_OPS : LIGHT_OPS }, (_, i) => a(`op${i}`)),
        k: f('round constant'),
        q: {
          norm: s('normalize'), thetaSum: full ? s('theta sum') : undefined, theta: s('theta'), chi: s('chi'),
          iota: s('iota'), absorb: s('absorb'), squeeze: s('squeeze'),
        },
      };
      for (const c of [unit.out, ...(unit.outRot ? [unit.outRot] : []), ...unit.op]) cs.enableEquality(c);
      return unit;
    });
    const sel = (n: string) => cs.selector(`keccak ${n}`);
    const bytes: Bytes = {
      sparse: adv('sparse byte'), byte: adv('byte'), acc: adv('lane accumulator'), data: adv('data'), hid: adv('hash id'), len: adv('length'),
      weight: fix('byte weight'), keep: fix('accumulate'),
      q: { byte: sel('byte'), firstBlock: sel('first block'), firstByte: sel('first byte'), nextByte: sel('next byte'), lastByte: sel('last byte'), digest: sel('digest') },
    };
    for (const c of [bytes.acc, bytes.data, bytes.hid, bytes.len]) cs.enableEquality(c);
    cs.enableConstant(fix('constants'));
    const chip = new KeccakChip(table, normalize, unitList, bytes);
    unitList.forEach((u, i) => chip.declareUnit(cs, u, i));
    chip.declareBytes(cs);
    return chip;
  }

  private declareUnit(cs: ConstraintSystem, u: Unit, index: number): void {
    const [o0, o1, o2, o3, o4] = u.op.map((c) => c.cur());
    const x = u.input.cur();
    const gate = (name: string, s: Selector, cs2: Record<string, Expr>) =>
      cs.createGate(unitColumn(index, name), Object.entries(cs2).map(([n, e]): [string, Expr] => [n, s.expr().mul(e)]));
    gate('normalize', u.q.norm, {
      'in = Σ part in · weight': x.sub(sum(u.pin.map((c, j) => c.cur().mul(u.wIn[j].cur())))),
      'out = Σ part out · weight': u.out.cur().sub(sum(u.pout.map((c, j) => c.cur().mul(u.wOut[j].cur())))),
    });
    if (u.q.thetaSum && u.outRot) {
      gate('theta sum', u.q.thetaSum, {
        'in = Σ_y A[x][y]': x.sub(sum([o0, o1, o2, o3, o4])),
        // rot1(C) = 8·C − c63·(8^64 − 1), c63 being the top digit, alone in the last slot
        'out rot1 = rot1(out)': u.outRot.cur().sub(u.out.cur().mul(8n).sub(u.pout[FULL_SLOTS - 1].cur().mul(pow8(LANE_BITS) - 1n))),
      });
    }
    gate('theta', u.q.theta, { 'in = A + C[x-1] + rot1(C[x+1])': x.sub(sum([o0, o1, o2])) });
    gate('chi', u.q.chi, { 'in = 3 - 2a + b - c': x.sub(constant(3n * ONES).sub(o0.mul(2n)).add(o1).sub(o2)) });
    gate('iota', u.q.iota, { 'in = A + RC': x.sub(o0.add(u.k.cur())) });
    gate('absorb', u.q.absorb, { 'in = cont·A + block': x.sub(o2.mul(o0).add(o1)) });
    gate('squeeze', u.q.squeeze, { 'in = lane': x.sub(o0) });
    u.pin.forEach((pin, j) => cs.lookup(unitColumn(index, `slot ${j}`), [
      [u.tag[j].cur(), this.normalize.tag.cur()], [pin.cur(), this.normalize.input.cur()], [u.pout[j].cur(), this.normalize.output.cur()],
    ]));
  }

  private declareBytes(cs: ConstraintSystem): void {
    const { q, data, hid, len } = this.bytes;
    const t = this.table;
    const [o0, o1, o2, o3] = this.units[0].op.map((c) => c.cur());
    const d = data.cur();
    const byte = this.bytes.byte.cur();
    const gate = (name: string, s: Selector, cs2: Record<string, Expr>) =>
      cs.createGate(`keccak ${name}`, Object.entries(cs2).map(([n, e]): [string, Expr] => [n, s.expr().mul(e)]));

    gate('byte', q.byte, {
      'data flag is boolean': d.mul(constant(1n).sub(d)),
      'lane accumulator': this.bytes.acc.cur().sub(this.bytes.keep.cur().mul(this.bytes.acc.prev()).add(this.bytes.sparse.cur().mul(this.bytes.weight.cur()))),
      'table id': t.id.cur().sub(d.mul(hid.cur())),
      'table index': t.indexOrLength.cur().sub(d.mul(len.cur().sub(1n))),
      'table byte': t.byte.cur().sub(d.mul(byte)),
      'table hash lo is 0': t.hashLo.cur(),
      'table hash hi is 0': t.hashHi.cur(),
    });
    const padStart = constant(1n).sub(d).mul(byte.sub(1n));
    gate('first block', q.firstBlock, { 'padding starts with 0x01': padStart, 'hash id': hid.cur().sub(1n), 'length': len.cur().sub(d) });
    // the previous row is the previous block's digest row: its last data flag, id and length
    gate('first byte', q.firstByte, {
      'padding starts with 0x01': padStart,
      'hash id': hid.cur().sub(hid.prev().add(1n).sub(data.prev())),
      'length': len.cur().sub(data.prev().mul(len.prev()).add(d)),
    });
    const dPrev = data.prev();
    gate('next byte', q.nextByte, {
      'data bytes come first': d.mul(constant(1n).sub(dPrev)),
      'same hash id': hid.cur().sub(hid.prev()),
      'length': len.cur().sub(len.prev().add(d)),
      // 0x01 where the data ends, 0x80 on byte 135, 0 between
      'padding': constant(1n).sub(d).mul(byte.sub(dPrev.sub(d)).sub(q.lastByte.expr().mul(0x80n))),
    });
    const last = constant(1n).sub(d);
    gate('digest', q.digest, {
      'table id': t.id.cur().sub(last.mul(hid.cur())),
      'table length': t.indexOrLength.cur().sub(last.mul(len.cur())),
      'table byte is 0': t.byte.cur(),
      'table hash hi': t.hashHi.cur().sub(last.mul(o0.add(o1))),
      'table hash lo': t.hashLo.cur().sub(last.mul(o2.add(o3))),
    });
    // no selector: outside byte and digest rows the kind is 0, so no other row can pose as a table row
    cs.createGate('keccak table kind', {
      'kind = data on byte rows, 2·last on digest rows, else 0':
        t.kind.cur().sub(q.byte.expr().mul(d).add(q.digest.expr().mul(last).mul(2n))),
    });
    cs.lookup('keccak byte', [
      [q.byte.expr().mul(BYTE_TAG), this.normalize.tag.cur()], [this.bytes.sparse.cur(), this.normalize.input.cur()], [byte, this.normalize.output.cur()],
    ]);
  }

  /** Fills the normalize table and every block. */
  assign(layouter: Layouter, blocks: readonly KeccakBlock[]): void {
    this.normalize.load(layouter);
    let link: BlockLink | undefined;
    blocks.forEach((block, b) => {
      link = layouter.assignRegion(`keccak block ${b}`, (region) => this.assignBlock(region, block, link, b === blocks.length - 1));
    });
  }

  /** A normalize step at `p`: `inValue` split into the slots' parts, mapped, recombined. */
  private normalizeStep(region: Region, p: Place, slots: readonly Slot[], inValue: bigint): Lane {
    const u = this.units[p.unit];
    region.enableSelector(u.q.norm, p.row);
    region.assignAdvice('in', u.input, p.row, inValue);
    let out = 0n;
    slots.forEach((s, j) => {
      const part = sparseSlice(inValue, s.off, s.len);
      const mapped = s.map(part);
      out += mapped * s.wOut;
      region.assignFixed('tag', u.tag[j], p.row, s.tag);
      region.assignFixed('weight in', u.wIn[j], p.row, pow8(s.off));
      region.assignFixed('weight out', u.wOut[j], p.row, s.wOut);
      region.assignAdvice('part in', u.pin[j], p.row, part);
      region.assignAdvice('part out', u.pout[j], p.row, mapped);
    });
    return { cell: region.assignAdvice('out', u.out, p.row, out), value: out };
  }

  /** Copies lanes (or constants) into a unit's operand columns at `p`; enables the step's selector. */
  private operands(region: Region, p: Place, kind: StepKind | 'digest', lanes: ReadonlyArray<Lane | bigint>): bigint[] {
    const u = this.units[p.unit];
    if (kind !== 'digest') {
      const s = u.q[kind];
      if (!s) throw new RangeError(`unit ${p.unit} has no ${kind} step`);
      region.enableSelector(s, p.row);
    }
    return lanes.map((l, i) => {
      if (typeof l === 'bigint') return region.assignAdviceFromConstant(`op${i}`, u.op[i], p.row, l).value;
      // the lane's value, not the cell's: they differ only in adversarial witnesses (KeccakBlock.cont)
      region.constrainEqual(l.cell, region.assignAdvice(`op${i}`, u.op[i], p.row, l.value));
      return l.value;
    });
  }

  private assignBlock(region: Region, block: KeccakBlock, prev: BlockLink | undefined, lastBlock: boolean): BlockLink {
    const L = this.layout;
    const B = this.bytes;
    // --- byte rows
    const cont = prev ? prev.lastData.value : 0n;
    let hid = 0n;
    let len = 0n;
    let acc = 0n;
    const blockLanes: Lane[] = [];
    let lastCells: { hid: AssignedCell; len: AssignedCell; data: AssignedCell } | undefined;
    for (let i = 0; i < BYTE_ROWS; i++) {
      const row = L.byte(i);
      const b = BigInt(block.bytes[i]);
      const d = block.flags?.[i] ?? (i < block.dataBytes ? 1n : 0n);
      region.enableSelector(B.q.byte, row);
      if (i === 0) {
        region.enableSelector(prev ? B.q.firstByte : B.q.firstBlock, row);
        hid = prev ? prev.hid.value + 1n - cont : 1n;
        len = (prev ? cont * prev.len.value : 0n) + d;
      } else {
        region.enableSelector(B.q.nextByte, row);
        len += d;
      }
      if (i === BYTE_ROWS - 1) region.enableSelector(B.q.lastByte, row);
      const sparse = toSparse(b, 8);
      const weight = pow8(8 * (i % 8));
      acc = (i % 8 === 0 ? 0n : acc) + sparse * weight;
      region.assignFixed('byte weight', B.weight, row, weight);
      region.assignFixed('accumulate', B.keep, row, i % 8 === 0 ? 0n : 1n);
      region.assignAdvice('sparse byte', B.sparse, row, sparse);
      region.assignAdvice('byte', B.byte, row, b);
      const accCell = region.assignAdvice('lane accumulator', B.acc, row, acc);
      const dCell = region.assignAdvice('data', B.data, row, d);
      const hidCell = region.assignAdvice('hash id', B.hid, row, hid);
      const lenCell = region.assignAdvice('length', B.len, row, len);
      region.assignAdvice('table kind', this.table.kind, row, d);
      region.assignAdvice('table id', this.table.id, row, d * hid);
      region.assignAdvice('table index', this.table.indexOrLength, row, d * (len - 1n));
      region.assignAdvice('table byte', this.table.byte, row, d * b);
      region.assignAdvice('table hash lo', this.table.hashLo, row, 0n);
      region.assignAdvice('table hash hi', this.table.hashHi, row, 0n);
      if (i % 8 === 7) blockLanes.push({ cell: accCell, value: acc });
      if (i === BYTE_ROWS - 1) lastCells = { hid: hidCell, len: lenCell, data: dCell };
    }
    const end = lastCells!;
    // every hash ends inside the circuit: the last block's last byte is padding
    if (lastBlock) region.constrainConstant(end.data, 0n);

    // --- absorb: A = cont·A_prev + block lane
    let state: Lane[] = Array.from({ length: 25 }, (_, l) => {
      const p = L.absorb(l);
      const [a, blk, c] = this.operands(region, p, 'absorb', [
        prev ? prev.state[l] : 0n, l < RATE_LANES ? blockLanes[l] : 0n, prev ? { cell: prev.lastData, value: block.cont ?? cont } : 0n,
      ]);
      return this.normalizeStep(region, p, PARITY_SLOTS, c * a + blk);
    });

    // --- 24 rounds
    for (let r = 0; r < ROUNDS; r++) {
      const c: Lane[] = [];
      const cRot: Lane[] = [];
      for (let x = 0; x < 5; x++) {
        const p = L.thetaSum(r, x);
        const ops = this.operands(region, p, 'thetaSum', [0, 1, 2, 3, 4].map((y) => state[lane(x, y)]));
        const out = this.normalizeStep(region, p, C_SLOTS, ops.reduce((s, v) => s + v, 0n));
        const rot = rotSparse(out.value, 1);
        c.push(out);
        cRot.push({ cell: region.assignAdvice('out rot1', this.units[0].outRot!, p.row, rot), value: rot });
      }
      const b: Lane[] = new Array<Lane>(25);
      for (let y = 0; y < 5; y++) {
        for (let x = 0; x < 5; x++) {
          const l = lane(x, y);
          const p = L.theta(r, l);
          const [a, cm, cp] = this.operands(region, p, 'theta', [state[l], c[(x + 4) % 5], cRot[(x + 1) % 5]]);
          b[lane(y, 2 * x + 3 * y)] = this.normalizeStep(region, p, THETA_SLOTS[l], a + cm + cp);
        }
      }
      state = Array.from({ length: 25 }, (_, l) => {
        const x = l % 5;
        const y = Math.floor(l / 5);
        const p = L.chi(r, l);
        const [a0, a1, a2] = this.operands(region, p, 'chi', [b[l], b[lane(x + 1, y)], b[lane(x + 2, y)]]);
        return this.normalizeStep(region, p, CHI_SLOTS, 3n * ONES - 2n * a0 + a1 - a2);
      });
      const p = L.iota(r);
      const rc = toSparse(RC[r]);
      region.assignFixed('round constant', this.units[p.unit].k, p.row, rc);
      const [a0] = this.operands(region, p, 'iota', [state[0]]);
      state[0] = this.normalizeStep(region, p, PARITY_SLOTS, a0 + rc);
    }

    // --- squeeze: lanes 0…3 into bytes weighted into hash hi/lo
    const halves = [0, 1, 2, 3].map((i) => {
      const p = L.squeeze(i);
      const [v] = this.operands(region, p, 'squeeze', [state[i]]);
      return this.normalizeStep(region, p, SQUEEZE_SLOTS[i], v);
    });

    // --- digest row
    const row = L.digest.row;
    region.enableSelector(B.q.digest, row);
    const [h0, h1, l0, l1] = this.operands(region, L.digest, 'digest', halves);
    const lastFlag = 1n - end.data.value;
    assignInput(region, 'data', B.data, row, end.data);
    assignInput(region, 'hash id', B.hid, row, end.hid);
    assignInput(region, 'length', B.len, row, end.len);
    region.assignAdvice('table kind', this.table.kind, row, 2n * lastFlag);
    region.assignAdvice('table id', this.table.id, row, lastFlag * end.hid.value);
    region.assignAdvice('table length', this.table.indexOrLength, row, lastFlag * end.len.value);
    region.assignAdvice('table byte', this.table.byte, row, 0n);
    region.assignAdvice('table hash hi', this.table.hashHi, row, lastFlag * (h0 + h1));
    region.assignAdvice('table hash lo', this.table.hashLo, row, lastFlag * (l0 + l1));
    return { hid: end.hid, len: end.len, lastData: end.data, state };
  }
}
