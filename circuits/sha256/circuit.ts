/**
 * The SHA-256 circuit (FIPS 180-4): one 72-row region per 64-byte block, filling the SHA-256 table
 * (table.ts) with one row per input byte and one digest row per hash.
 *
 * Words are held as 32 bit cells beside their packed value, so every bitwise function is a
 * polynomial in bits of the rows above: Σ0, Σ1, σ0, σ1 are sums of 2^i·(x ⊕ y ⊕ z) with
 * x ⊕ y = x + y − 2xy, Ch = g + e(f − g), Maj = ab + ac + bc − 2abc (gate degree 4, no tables).
 * Per block that is 72 rows × 127 committed columns (≈ 9.1k cells; `npm run bench:precompiles`); PSE's table16
 * fork states 2,114 rows per block, beside a 2^16-row spread table that would not fit the k ≤ 12 test circuits.
 *
 *   row  0…3   init:   a[i], e[i] = IV, or the previous block's output (rows 68…71 above, rotation −4)
 *                      when the block continues its hash; a[3] = H0 … a[0] = H3, e[3] = H4 … e[0] = H7
 *   row  4…67  round t = row − 4: a, e of the round's output from a, b, c = rows −1, −2, −3, d = a(−4),
 *                      e, f, g = rows −1, −2, −3, h = e(−4), K_t and W_t of the row:
 *                      a = T1 + T2 − 2^32·ca, e = d + T1 − 2^32·ce (carries as 3 bits)
 *                      W_t: message word (t < 16, copied from the byte rows) or
 *                      σ1(W(−2)) + W(−7) + σ0(W(−15)) + W(−16) − 2^32·cw (t ≥ 16)
 *   row 68…71  output: H'[3 − j] = a(−68) + a(−4) − 2^32·c (same for e), the next chaining value
 *   beside them, in columns of their own, the byte section:
 *   row  0…63  byte rows: byte (range lookup), data flag, hash id, running length, final flag,
 *                      big-endian word accumulator (row 4t + 3 holds W_t), table input rows
 *   row 71     digest row: (2, id, length, 0, lo, hi) when the block is its hash's last; it holds copies
 *                      of byte row 63's data flag, id, length and final flag, which the next block's
 *                      first byte row reads at rotation −1 (blocks are contiguous regions over the same columns)
 *
 * Padding (§5.1.1) is proven from the data flags: data bytes come first; the first padding byte of a
 * hash is 0x80 and the others 0, except the last 8 bytes of its final block, which hold 8·length
 * big-endian (W14·2^32 + W15). A block is final exactly when its byte 55 is padding (the 0x80 then
 * sits at ≤ 55 and the length fits), so the final flag is not a free choice; the next block starts a
 * new hash (IV, id + 1, length from 0) iff this one is final, and the circuit's last block is final.
 */
import { constant, sum, type AssignedCell, type Column, type ConstraintSystem, type Expr, type Layouter, type Region, type Selector } from '../plonk/index.js';
import { assignInput } from '../gadgets/common.js';
import { RangeTable } from '../gadgets/range-table.js';
import type { Sha256TableColumns } from './table.js';
import { BLOCK_BYTES, IV, K, ROUNDS, type Sha256Block } from './witness.js';

const WORD_BITS = 32;
const TWO32 = 1n << 32n;
/** Rows of one block's region. */
export const BLOCK_ROWS = 72;
const FIRST_ROUND = 4;
const FIRST_OUTPUT = FIRST_ROUND + ROUNDS;
/** Offset of the digest row in a block's region. */
export const DIGEST_OFFSET = BLOCK_ROWS - 1;
/** Byte 55: a block is final iff it is padding. */
const FINAL_BYTE = 55;
const LENGTH_START = 56;
const PAD_START = 0x80n;

/** The region row of round t (its output words, K_t and W_t). */
export const roundRow = (t: number): number => FIRST_ROUND + t;
/** The region row of the output word H'[i] (a side for i < 4, e side for i ≥ 4). */
export const outputRow = (i: number): number => FIRST_OUTPUT + 3 - (i % 4);

const CARRY_BITS = { a: 3, e: 3, w: 2 } as const;

const bitsOf = (x: number): bigint[] => Array.from({ length: WORD_BITS }, (_, i) => BigInt((x >>> i) & 1));
const xor = (x: Expr, y: Expr): Expr => x.add(y).sub(x.mul(y).mul(2n));
/** Σ_i 2^i·(rotr(x, r0) ⊕ rotr(x, r1) ⊕ (rotr or shr)(x, r2))_i over the bits of x at `rot`. */
function sigma(bits: readonly Column[], rot: number, r0: number, r1: number, r2: number, shr: boolean): Expr {
  const bit = (i: number) => bits[i % WORD_BITS].rot(rot);
  return sum(bits.map((_, i) => {
    const x = xor(bit(i + r0), bit(i + r1));
    const z = shr && i + r2 >= WORD_BITS ? x : xor(x, bit(i + r2));
    return z.mul(1n << BigInt(i));
  }));
}
const weighted = (bits: readonly Column[]): Expr => sum(bits.map((c, i) => c.cur().mul(1n << BigInt(i))));

interface Words {
  readonly a: Column; readonly e: Column; readonly w: Column;
  readonly aBits: readonly Column[]; readonly eBits: readonly Column[]; readonly wBits: readonly Column[];
  readonly carryA: readonly Column[]; readonly carryE: readonly Column[]; readonly carryW: readonly Column[];
  /** Fixed: K_t on round rows; IV on init rows. */
  readonly k: Column; readonly ivA: Column; readonly ivE: Column;
  readonly q: { words: Selector; init: Selector; initNext: Selector; round: Selector; schedule: Selector; output: Selector };
}

interface Bytes {
  readonly byte: Column; readonly data: Column; readonly hid: Column; readonly len: Column;
  readonly fin: Column; readonly start: Column; readonly acc: Column;
  /** Fixed: 0/1 "the word accumulator continues". */
  readonly keep: Column;
  readonly q: {
    byte: Selector; firstBlock: Selector; firstByte: Selector; nextByte: Selector;
    pad: Selector; padBeforeLength: Selector; finalFlag: Selector; lengthField: Selector; digest: Selector;
  };
}

/** What a block hands to the next: its byte row 63 cells (for the digest row copies). */
interface BlockEnd { readonly data: AssignedCell; readonly hid: AssignedCell; readonly len: AssignedCell; readonly fin: AssignedCell }

export class Sha256Chip {
  private constructor(
    readonly table: Sha256TableColumns,
    readonly range: RangeTable,
    private readonly ownsRange: boolean,
    private readonly words: Words,
    private readonly bytes: Bytes,
  ) {}

  /**
   * Declares the circuit's columns, gates and lookups; returns the chip with the SHA-256 table.
   * `range`: a byte range table shared with other circuits (loaded by its owner); by default the
   * chip declares and loads its own.
   */
  static configure(cs: ConstraintSystem, range?: RangeTable): Sha256Chip {
    const adv = (n: string) => cs.adviceColumn(`sha256 ${n}`);
    const fix = (n: string) => cs.fixedColumn(`sha256 ${n}`);
    const sel = (n: string) => cs.selector(`sha256 ${n}`);
    const table: Sha256TableColumns = {
      kind: adv('table kind'), id: adv('table id'), indexOrLength: adv('table index/length'),
      byte: adv('table byte'), hashLo: adv('table hash lo'), hashHi: adv('table hash hi'),
    };
    const bitCols = (w: string) => Array.from({ length: WORD_BITS }, (_, i) => adv(`${w} bit ${i}`));
    const carries = (w: keyof typeof CARRY_BITS) => Array.from({ length: CARRY_BITS[w] }, (_, i) => adv(`carry ${w} ${i}`));
    const words: Words = {
      a: adv('a'), e: adv('e'), w: adv('w'), aBits: bitCols('a'), eBits: bitCols('e'), wBits: bitCols('w'),
      carryA: carries('a'), carryE: carries('e'), carryW: carries('w'),
      k: fix('round constant'), ivA: fix('iv a'), ivE: fix('iv e'),
      q: { words: sel('words'), init: sel('init'), initNext: sel('init next'), round: sel('round'), schedule: sel('schedule'), output: sel('output') },
    };
    const bytes: Bytes = {
      byte: adv('byte'), data: adv('data'), hid: adv('hash id'), len: adv('length'), fin: adv('final'), start: adv('start'),
      acc: adv('word accumulator'), keep: fix('accumulate'),
      q: {
        byte: sel('byte'), firstBlock: sel('first block'), firstByte: sel('first byte'), nextByte: sel('next byte'),
        pad: sel('padding'), padBeforeLength: sel('padding before the length'), finalFlag: sel('final flag'),
        lengthField: sel('length field'), digest: sel('digest'),
      },
    };
    for (const c of [words.w, bytes.acc, bytes.data, bytes.hid, bytes.len, bytes.fin]) cs.enableEquality(c);
    cs.enableConstant(fix('constants'));
    const own = range === undefined;
    const chip = new Sha256Chip(table, range ?? RangeTable.configure(cs, 'sha256 byte range', 8), own, words, bytes);
    chip.declareWords(cs);
    chip.declareBytes(cs);
    return chip;
  }

  private declareWords(cs: ConstraintSystem): void {
    const W = this.words;
    const gate = (name: string, s: Selector, cs2: Array<[string, Expr]>) =>
      cs.createGate(`sha256 ${name}`, cs2.map(([n, e]): [string, Expr] => [n, s.expr().mul(e)]));
    const boolean = (cols: readonly Column[], what: string) =>
      cols.map((c, i): [string, Expr] => [`${what} ${i} is boolean`, c.cur().mul(constant(1n).sub(c.cur()))]);
    const bit = (cols: readonly Column[], rot: number) => (i: number) => cols[i].rot(rot);
    const a = W.a.cur();
    const e = W.e.cur();
    gate('words', W.q.words, [
      ['a = Σ a bits', a.sub(weighted(W.aBits))],
      ['e = Σ e bits', e.sub(weighted(W.eBits))],
      ...boolean(W.aBits, 'a bit'), ...boolean(W.eBits, 'e bit'),
    ]);
    const s = this.bytes.start.cur();
    const notS = constant(1n).sub(s);
    gate('init', W.q.init, [
      ['a = IV or the previous output', a.sub(notS.mul(W.a.rot(-4)).add(s.mul(W.ivA.cur())))],
      ['e = IV or the previous output', e.sub(notS.mul(W.e.rot(-4)).add(s.mul(W.ivE.cur())))],
    ]);
    gate('init next', W.q.initNext, [['same start flag', s.sub(this.bytes.start.prev())]]);
    // round: a, b, c = a(−1), a(−2), a(−3); e, f, g = e(−1), e(−2), e(−3)
    const [ab, bb, cb] = [-1, -2, -3].map((r) => bit(W.aBits, r));
    const [eb, fb, gb] = [-1, -2, -3].map((r) => bit(W.eBits, r));
    const chE = sum(W.eBits.map((_, i) => gb(i).add(eb(i).mul(fb(i).sub(gb(i)))).mul(1n << BigInt(i))));
    const majA = sum(W.aBits.map((_, i) => {
      const [x, y, z] = [ab(i), bb(i), cb(i)];
      return x.mul(y).add(x.mul(z)).add(y.mul(z)).sub(x.mul(y).mul(z).mul(2n)).mul(1n << BigInt(i));
    }));
    const t1 = W.e.rot(-4).add(sigma(W.eBits, -1, 6, 11, 25, false)).add(chE).add(W.k.cur()).add(W.w.cur());
    const t2 = sigma(W.aBits, -1, 2, 13, 22, false).add(majA);
    const carry = (cols: readonly Column[]) => weighted(cols).mul(TWO32);
    gate('round', W.q.round, [
      ['a = T1 + T2 mod 2^32', a.sub(t1).sub(t2).add(carry(W.carryA))],
      ['e = d + T1 mod 2^32', e.sub(W.a.rot(-4)).sub(t1).add(carry(W.carryE))],
      ['w = Σ w bits', W.w.cur().sub(weighted(W.wBits))],
      ...boolean(W.wBits, 'w bit'), ...boolean(W.carryA, 'carry a bit'), ...boolean(W.carryE, 'carry e bit'),
    ]);
    gate('schedule', W.q.schedule, [
      ['w = σ1(w−2) + w−7 + σ0(w−15) + w−16 mod 2^32', W.w.cur()
        .sub(sigma(W.wBits, -2, 17, 19, 10, true)).sub(W.w.rot(-7)).sub(sigma(W.wBits, -15, 7, 18, 3, true)).sub(W.w.rot(-16))
        .add(carry(W.carryW))],
      ...boolean(W.carryW, 'carry w bit'),
    ]);
    // the chaining value H (init rows, 68 above) plus the last four rounds' words (4 above)
    gate('output', W.q.output, [
      ['a = H + a(−4) mod 2^32', a.sub(W.a.rot(-FIRST_OUTPUT)).sub(W.a.rot(-4)).add(W.carryA[0].cur().mul(TWO32))],
      ['e = H + e(−4) mod 2^32', e.sub(W.e.rot(-FIRST_OUTPUT)).sub(W.e.rot(-4)).add(W.carryE[0].cur().mul(TWO32))],
      ...boolean([W.carryA[0]], 'carry a bit'), ...boolean([W.carryE[0]], 'carry e bit'),
    ]);
  }

  private declareBytes(cs: ConstraintSystem): void {
    const { q, data, hid, len, fin, acc } = this.bytes;
    const t = this.table;
    const W = this.words;
    const d = data.cur();
    const dPrev = data.prev();
    const notD = constant(1n).sub(d);
    const byte = this.bytes.byte.cur();
    const s = this.bytes.start.cur();
    const notS = constant(1n).sub(s);
    const f = fin.cur();
    const gate = (name: string, sl: Selector, cs2: Record<string, Expr>) =>
      cs.createGate(`sha256 ${name}`, Object.entries(cs2).map(([n, e]): [string, Expr] => [n, sl.expr().mul(e)]));

    gate('byte', q.byte, {
      'data flag is boolean': d.mul(notD),
      'word accumulator': acc.cur().sub(this.bytes.keep.cur().mul(acc.prev()).mul(256n).add(byte)),
      'table id': t.id.cur().sub(d.mul(hid.cur())),
      'table index': t.indexOrLength.cur().sub(d.mul(len.cur().sub(1n))),
      'table byte': t.byte.cur().sub(d.mul(byte)),
      'table hash lo is 0': t.hashLo.cur(),
      'table hash hi is 0': t.hashHi.cur(),
    });
    gate('first block', q.firstBlock, {
      'starts a hash': s.sub(1n),
      'hash id': hid.cur().sub(1n),
      'length': len.cur().sub(d),
      'padding starts with 0x80': notD.mul(byte.sub(PAD_START)),
    });
    // the previous row is the previous block's digest row: its data flag, id, length and final flag
    gate('first byte', q.firstByte, {
      'starts a hash iff the previous block was final': s.sub(fin.prev()),
      'hash id': hid.cur().sub(hid.prev().add(s)),
      'length': len.cur().sub(notS.mul(len.prev()).add(d)),
      'data bytes come first': notS.mul(d).mul(constant(1n).sub(dPrev)),
      'padding starts with 0x80': notD.mul(byte.sub(s.add(notS.mul(dPrev)).sub(d).mul(PAD_START))),
    });
    gate('next byte', q.nextByte, {
      'data bytes come first': d.mul(constant(1n).sub(dPrev)),
      'same hash id': hid.cur().sub(hid.prev()),
      'length': len.cur().sub(len.prev().add(d)),
      'same final flag': f.sub(fin.prev()),
    });
    // 0x80 where the data ends, 0 after it
    const padByte = notD.mul(byte.sub(dPrev.sub(d).mul(PAD_START)));
    gate('padding', q.pad, { 'padding is 0x80 then 0': padByte });
    gate('padding before the length', q.padBeforeLength, { 'padding is 0x80 then 0 unless final': constant(1n).sub(f).mul(padByte) });
    gate('final flag', q.finalFlag, { 'final iff byte 55 is padding': f.sub(notD) });
    gate('length field', q.lengthField, { 'W14·2^32 + W15 = 8·length': f.mul(acc.rot(-4).mul(TWO32).add(acc.cur()).sub(len.cur().mul(8n))) });
    const half = (c: Column) => sum([0, 1, 2, 3].map((i) => c.rot(-i).mul(1n << BigInt(32 * (3 - i)))));
    gate('digest', q.digest, {
      'table id': t.id.cur().sub(f.mul(hid.cur())),
      'table length': t.indexOrLength.cur().sub(f.mul(len.cur())),
      'table byte is 0': t.byte.cur(),
      'table hash hi': t.hashHi.cur().sub(f.mul(half(W.a))),
      'table hash lo': t.hashLo.cur().sub(f.mul(half(W.e))),
    });
    // no selector: outside byte and digest rows the kind is 0, so no other row can pose as a table row
    cs.createGate('sha256 table kind', {
      'kind = data on byte rows, 2·final on digest rows, else 0': t.kind.cur().sub(q.byte.expr().mul(d).add(q.digest.expr().mul(f).mul(2n))),
    });
    this.range.lookup(cs, 'sha256 byte', q.byte.expr().mul(byte));
  }

  /** Fills the byte range table (if the chip owns it) and every block. */
  assign(layouter: Layouter, blocks: readonly Sha256Block[]): void {
    if (this.ownsRange) this.range.load(layouter);
    blocks.forEach((block, b) => {
      layouter.assignRegion(`sha256 block ${b}`, (region) => this.assignBlock(region, block, b === 0, b === blocks.length - 1));
    });
  }

  private assignWord(region: Region, row: number, value: number, col: Column, bits: readonly Column[], name: string): AssignedCell {
    bitsOf(value).forEach((v, i) => region.assignAdvice(`${name} bit ${i}`, bits[i], row, v));
    return region.assignAdvice(name, col, row, BigInt(value));
  }

  private assignCarry(region: Region, row: number, value: number, cols: readonly Column[], name: string): void {
    cols.forEach((c, i) => region.assignAdvice(`${name} ${i}`, c, row, BigInt((value >> i) & 1)));
  }

  private assignBlock(region: Region, block: Sha256Block, firstBlock: boolean, lastBlock: boolean): BlockEnd {
    const W = this.words;
    const B = this.bytes;
    const c = block.compression;
    const fin = block.last ? 1n : 0n;
    // --- byte rows
    let acc = 0n;
    const accCells: AssignedCell[] = [];
    let end: BlockEnd | undefined;
    for (let i = 0; i < BLOCK_BYTES; i++) {
      const b = BigInt(block.bytes[i]);
      const d = i < block.dataBytes ? 1n : 0n;
      const len = BigInt(Math.min(block.length, block.offset + i + 1));
      region.enableSelector(B.q.byte, i);
      if (i === 0) region.enableSelector(firstBlock ? B.q.firstBlock : B.q.firstByte, i);
      else region.enableSelector(B.q.nextByte, i);
      if (i > 0 && i < LENGTH_START) region.enableSelector(B.q.pad, i);
      if (i >= LENGTH_START) region.enableSelector(B.q.padBeforeLength, i);
      if (i === FINAL_BYTE) region.enableSelector(B.q.finalFlag, i);
      if (i === BLOCK_BYTES - 1) region.enableSelector(B.q.lengthField, i);
      acc = (i % 4 === 0 ? 0n : acc * 256n) + b;
      region.assignFixed('accumulate', B.keep, i, i % 4 === 0 ? 0n : 1n);
      region.assignAdvice('byte', B.byte, i, b);
      const dCell = region.assignAdvice('data', B.data, i, d);
      const hidCell = region.assignAdvice('hash id', B.hid, i, BigInt(block.id));
      const lenCell = region.assignAdvice('length', B.len, i, len);
      const finCell = region.assignAdvice('final', B.fin, i, fin);
      const accCell = region.assignAdvice('word accumulator', B.acc, i, acc);
      if (i % 4 === 3) accCells.push(accCell);
      region.assignAdvice('table kind', this.table.kind, i, d);
      region.assignAdvice('table id', this.table.id, i, d * BigInt(block.id));
      region.assignAdvice('table index', this.table.indexOrLength, i, d * (len - 1n));
      region.assignAdvice('table byte', this.table.byte, i, d * b);
      region.assignAdvice('table hash lo', this.table.hashLo, i, 0n);
      region.assignAdvice('table hash hi', this.table.hashHi, i, 0n);
      if (i === BLOCK_BYTES - 1) end = { data: dCell, hid: hidCell, len: lenCell, fin: finCell };
    }
    // every hash ends inside the circuit
    if (lastBlock) region.constrainConstant(end!.fin, 1n);

    // --- state words: init rows, rounds, output rows
    const start = block.first ? 1n : 0n;
    for (let r = 0; r < BLOCK_ROWS; r++) {
      region.enableSelector(W.q.words, r);
      const out = r >= FIRST_OUTPUT;
      const j = r - FIRST_OUTPUT;
      this.assignWord(region, r, out ? c.out[3 - j] : c.a[r], W.a, W.aBits, 'a');
      this.assignWord(region, r, out ? c.out[7 - j] : c.e[r], W.e, W.eBits, 'e');
    }
    for (let r = 0; r < FIRST_ROUND; r++) {
      region.enableSelector(W.q.init, r);
      if (r > 0) region.enableSelector(W.q.initNext, r);
      region.assignFixed('iv a', W.ivA, r, BigInt(IV[3 - r]));
      region.assignFixed('iv e', W.ivE, r, BigInt(IV[7 - r]));
      region.assignAdvice('start', B.start, r, start);
    }
    for (let t = 0; t < ROUNDS; t++) {
      const r = roundRow(t);
      region.enableSelector(W.q.round, r);
      region.assignFixed('round constant', W.k, r, BigInt(K[t]));
      const w = this.assignWord(region, r, c.w[t], W.w, W.wBits, 'w');
      if (t < 16) region.constrainEqual(accCells[t], w);
      else region.enableSelector(W.q.schedule, r);
      this.assignCarry(region, r, c.carryA[t], W.carryA, 'carry a');
      this.assignCarry(region, r, c.carryE[t], W.carryE, 'carry e');
      this.assignCarry(region, r, c.carryW[t], W.carryW, 'carry w');
    }
    for (let j = 0; j < 4; j++) {
      const r = FIRST_OUTPUT + j;
      region.enableSelector(W.q.output, r);
      // H'[3 − j] = a[j] + a[64 + j]; its carry
      region.assignAdvice('carry a 0', W.carryA[0], r, BigInt(Math.floor((c.a[j] + c.a[ROUNDS + j]) / 2 ** 32)));
      region.assignAdvice('carry e 0', W.carryE[0], r, BigInt(Math.floor((c.e[j] + c.e[ROUNDS + j]) / 2 ** 32)));
    }

    // --- digest row
    const row = DIGEST_OFFSET;
    region.enableSelector(B.q.digest, row);
    const e = end!;
    assignInput(region, 'data', B.data, row, e.data);
    assignInput(region, 'hash id', B.hid, row, e.hid);
    assignInput(region, 'length', B.len, row, e.len);
    assignInput(region, 'final', B.fin, row, e.fin);
    const half = (ws: readonly number[]) => ws.reduce((x, v) => (x << 32n) | BigInt(v), 0n);
    region.assignAdvice('table kind', this.table.kind, row, 2n * fin);
    region.assignAdvice('table id', this.table.id, row, fin * BigInt(block.id));
    region.assignAdvice('table length', this.table.indexOrLength, row, fin * BigInt(block.length));
    region.assignAdvice('table byte', this.table.byte, row, 0n);
    region.assignAdvice('table hash hi', this.table.hashHi, row, fin * half(c.out.slice(0, 4)));
    region.assignAdvice('table hash lo', this.table.hashLo, row, fin * half(c.out.slice(4, 8)));
    return e;
  }
}
