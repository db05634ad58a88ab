/**
 * State circuit witness: the RW rows of a block, sorted as the state circuit lays them out —
 * (tag, id, address, fieldTag, storageKey, rwCounter) — after the padding rows (tag 0, all zero) that
 * fill the table to its capacity. Pure: no I/O, the input is not changed.
 */
import { RwTag, type RwRow } from '../state/table.js';

export class StateWitnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateWitnessError';
  }
}

/** The all-zero row that fills the table (and that disabled lookups of the EVM circuit hit). */
export const PADDING_ROW: RwRow = {
  rwCounter: 0, isWrite: false, tag: RwTag.Padding, id: 0, address: 0n, fieldTag: 0, storageKey: 0n, value: 0n, valuePrev: 0n, committedValue: 0n,
};

const cmp = (a: bigint | number, b: bigint | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Compares two rows by the state circuit's sort key. */
export function compareRwRows(a: RwRow, b: RwRow): number {
  return cmp(a.tag, b.tag) || cmp(a.id, b.id) || cmp(a.address, b.address) || cmp(a.fieldTag, b.fieldTag) ||
    cmp(a.storageKey, b.storageKey) || cmp(a.rwCounter, b.rwCounter);
}

/**
 * `rows` sorted, preceded by padding up to `capacity` rows (at least one padding row: the circuit's
 * first row is padding). Throws when the rows do not fit or an rwCounter is 0 or repeated.
 */
export function stateWitness(rows: readonly RwRow[], capacity: number): RwRow[] {
  if (rows.length + 1 > capacity) throw new StateWitnessError(`${rows.length} RW rows and a padding row do not fit a capacity of ${capacity} rows`);
  const seen = new Set<number>();
  for (const r of rows) {
    if (r.tag === RwTag.Padding || !Number.isInteger(r.rwCounter) || r.rwCounter < 1) throw new StateWitnessError(`RW row with tag ${r.tag} and rwCounter ${r.rwCounter}: operations have a non-padding tag and rwCounter ≥ 1`);
    if (seen.has(r.rwCounter)) throw new StateWitnessError(`rwCounter ${r.rwCounter} is used by two RW rows`);
    seen.add(r.rwCounter);
  }
  return [...Array.from({ length: capacity - rows.length }, () => PADDING_ROW), ...[...rows].sort(compareRwRows)];
}
