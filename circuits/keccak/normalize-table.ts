/**
 * The keccak circuit's one fixed table: rows (tag, in, out) for every digit map it needs, so every
 * lookup slot of the circuit can do any of them (one logUp helper column per slot, one multiplicity
 * column in all). A tag names the map and the part length in digits:
 *
 *   θ-sum  (digits 0…5, parity)       C[x] = Σ_y A[x][y]                           lengths 1…4
 *   parity (digits 0…3, parity)       A + C[x−1] + rot1(C[x+1]), χ + ι, A + block     lengths 1…5
 *   χ      (digits 0…4, CHI_OF_DIGIT) 3 − 2a + b − c                                lengths 1…4
 *   byte   in = sparse(byte), out = byte (8 digits)
 *
 * Tabulating each length separately is what makes a part's length binding: a part declared
 * ℓ digits long cannot spill into its neighbour's digits, so the parts of a lane are its unique
 * base-8 decomposition. ι has a step of its own, so parity digits stay ≤ 3 and its parts can be
 * 5 digits long: 1554 + 1364 + 780 + 256 rows (+ the zero row) = 3955, still within k = 12.
 */
import type { Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { CHI_OF_DIGIT, mapDigits, toSparse } from './sparse.js';

export type DigitMap = 'thetaSum' | 'parity' | 'chi';

const MAPS: Record<DigitMap, { tagBase: number; digits: number; maxLen: number; f: (d: number) => number }> = {
  thetaSum: { tagBase: 10, digits: 6, maxLen: 4, f: (d) => d & 1 },
  parity: { tagBase: 20, digits: 4, maxLen: 5, f: (d) => d & 1 },
  chi: { tagBase: 30, digits: 5, maxLen: 4, f: (d) => CHI_OF_DIGIT[d] },
};

/** Longest part of each map, in digits. */
export const PART_DIGITS: Readonly<Record<DigitMap, number>> = {
  thetaSum: MAPS.thetaSum.maxLen, parity: MAPS.parity.maxLen, chi: MAPS.chi.maxLen,
};

export const BYTE_TAG = 40n;

/** The tag of a part of `len` digits under `map`. */
export function partTag(map: DigitMap, len: number): bigint {
  const max = MAPS[map].maxLen;
  if (!Number.isInteger(len) || len < 1 || len > max) throw new RangeError(`a ${map} part must be 1…${max} digits, got ${len}`);
  return BigInt(MAPS[map].tagBase + len);
}

/** out of a part under a map (what the table says). */
export function mapPart(map: DigitMap, value: bigint, len: number): bigint {
  return mapDigits(value, len, MAPS[map].f);
}

export class NormalizeTable {
  private constructor(readonly tag: Column, readonly input: Column, readonly output: Column) {}

  static configure(cs: ConstraintSystem): NormalizeTable {
    return new NormalizeTable(cs.fixedColumn('keccak table tag'), cs.fixedColumn('keccak table in'), cs.fixedColumn('keccak table out'));
  }

  /** Every (tag, in, out) row, zero row excluded. */
  static rows(): Array<[bigint, bigint, bigint]> {
    const rows: Array<[bigint, bigint, bigint]> = [];
    for (const map of Object.keys(MAPS) as DigitMap[]) {
      const { digits, maxLen } = MAPS[map];
      for (let len = 1; len <= maxLen; len++) {
        const count = digits ** len;
        for (let n = 0; n < count; n++) {
          let v = 0n;
          for (let i = 0, m = n; i < len; i++, m = Math.floor(m / digits)) v |= BigInt(m % digits) << BigInt(3 * i);
          rows.push([partTag(map, len), v, mapPart(map, v, len)]);
        }
      }
    }
    for (let b = 0n; b < 256n; b++) rows.push([BYTE_TAG, toSparse(b, 8), b]);
    return rows;
  }

  load(layouter: Layouter): void {
    layouter.assignRegion('keccak normalize table', (region) => {
      // row 0 stays (0, 0, 0): the tuple of unused slots
      NormalizeTable.rows().forEach(([t, i, o], r) => {
        region.assignFixed('tag', this.tag, r + 1, t);
        region.assignFixed('in', this.input, r + 1, i);
        region.assignFixed('out', this.output, r + 1, o);
      });
    });
  }
}
