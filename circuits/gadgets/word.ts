/**
 * 256-bit EVM words as (lo, hi) 128-bit field elements, each range-checked by its 16 bytes.
 * WordChip lays a word on two rows — lo at the offset, hi on the next — of 17 columns:
 *
 *   advice value (copy-enabled), byte_0 … byte_15; selector q (on both rows)
 *   gate "<name> bytes":  q·(value − Σ byte_i·256^i) = 0                              (degree 2)
 *   lookups "<name> byte i":  q·byte_i ∈ byte table                               (16 lookups)
 *
 * 32 byte cells per word, little-endian: bytes[j] is the coefficient of 256^j of the word
 * (bytes[0..15] from lo, bytes[16..31] from hi), so the EVM's big-endian BYTE index i is bytes[31 − i].
 * Two rows of 16 bytes rather than one row of 32 halves the byte lookups (each lookup costs the
 * logUp argument an advice column) at the price of a second row per word.
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { sum } from '../plonk/index.js';
import { assignInput, GadgetError, lazy, type CellInput } from './common.js';
import type { RangeTable } from './range-table.js';

export const TWO_128 = 1n << 128n;
export const TWO_256 = 1n << 256n;

/** The two halves of a word as cells (range-checked where they come from WordChip). */
export interface WordCells { lo: AssignedCell; hi: AssignedCell }
/** A word assigned by WordChip: halves plus its 32 byte cells, little-endian. */
export interface AssignedWord extends WordCells { bytes: AssignedCell[] }

/** (lo, hi) of a word in [0, 2^256). */
export function splitWord(word: bigint): [lo: bigint, hi: bigint] {
  if (word < 0n || word >= TWO_256) throw new GadgetError('word', `${word} is not a 256-bit word`);
  return [word & (TWO_128 - 1n), word >> 128n];
}

export function joinWord(lo: bigint, hi: bigint): bigint {
  return (hi << 128n) | lo;
}

/** The value of assigned halves (for witness thunks and tests). */
export function wordValue(w: WordCells): bigint {
  return joinWord(w.lo.value, w.hi.value);
}

export class WordChip {
  private constructor(readonly name: string, readonly value: Column, readonly bytes: readonly Column[], readonly q: Selector) {}

  /** `bytes` must be 16 advice columns; `byteTable` an 8-bit RangeTable. */
  static configure(cs: ConstraintSystem, name: string, byteTable: RangeTable, value: Column, bytes: readonly Column[]): WordChip {
    if (bytes.length !== 16) throw new GadgetError('WordChip', `needs 16 byte columns, got ${bytes.length}`);
    if (byteTable.bits !== 8) throw new GadgetError('WordChip', `needs the byte table, got a ${byteTable.bits}-bit table`);
    const q = cs.selector(name);
    cs.enableEquality(value);
    const s = q.expr();
    const recomposed = sum(bytes.map((b, i) => b.cur().mul(1n << BigInt(8 * i))));
    cs.createGate(`${name} bytes`, { 'value = Σ byte·256^i': s.mul(value.cur().sub(recomposed)) });
    bytes.forEach((b, i) => byteTable.lookup(cs, `${name} byte ${i}`, s.mul(b.cur())));
    return new WordChip(name, value, bytes, q);
  }

  /** Rows a word takes. */
  static readonly ROWS = 2;

  /** Assigns a 256-bit word at rows offset (lo) and offset + 1 (hi). */
  assign(region: Region, offset: number, word: CellInput): AssignedWord {
    const w = lazy(word);
    return this.assignHalves(region, offset, () => splitWord(w())[0], () => splitWord(w())[1]);
  }

  /** Assigns a word from its halves (cells are copied and copy-constrained); range-checks both. */
  assignHalves(region: Region, offset: number, lo: CellInput, hi: CellInput): AssignedWord {
    const halves = [lo, hi].map((half, h) => {
      region.enableSelector(this.q, offset + h);
      const cell = assignInput(region, `${this.name} ${h ? 'hi' : 'lo'}`, this.value, offset + h, half);
      const read = lazy(cell);
      const bytes = this.bytes.map((col, i) => region.assignAdvice(`${this.name} byte ${16 * h + i}`, col, offset + h, () => {
        const v = read();
        if (v < 0n || v >= TWO_128) throw new GadgetError('WordChip', `${this.name}: ${h ? 'hi' : 'lo'} = ${v} is not 128 bits`);
        return (v >> BigInt(8 * i)) & 0xffn;
      }));
      return { cell, bytes };
    });
    return { lo: halves[0].cell, hi: halves[1].cell, bytes: [...halves[0].bytes, ...halves[1].bytes] };
  }
}
