/**
 * The signature table: one row per ECDSA public-key recovery over secp256k1 (the tx circuit's sender check
 * and the EVM's ecrecover precompile look their signatures up here; circuits/sig proves each row).
 *
 *   (msgHashLo, msgHashHi, recId, rLo, rHi, sLo, sHi, address, isValid)
 *
 * Words are (lo, hi) 128-bit halves. `address` is the recovered 160-bit address as one field element, 0 when
 * the signature is invalid; `isValid` is 1/0 under the ecrecover precompile's rules; `recId` is 0/1 (the
 * parity of R's y coordinate). A fixed column `enabled` is 1 exactly on the rows a recovery fills, and every
 * lookup asks for enabled = 1: the advice cells of other rows are not constrained (a prover can write anything
 * there), so without the fixed tag a row no recovery proves could answer a lookup. Disabled lookups ask for the
 * all-zero tuple with enabled = 0, which unused rows hold honestly.
 */
import type { Column, Expr } from '../plonk/index.js';

export interface SigTableColumns {
  readonly msgHashLo: Column;
  readonly msgHashHi: Column;
  readonly recId: Column;
  readonly rLo: Column;
  readonly rHi: Column;
  readonly sLo: Column;
  readonly sHi: Column;
  readonly address: Column;
  readonly isValid: Column;
  /** Fixed: 1 on the rows a recovery fills. */
  readonly enabled: Column;
}

/** One looked-up row as expressions, in column order. */
export type SigLookupRow = { readonly [K in (typeof SIG_TABLE_FIELDS)[number]]: Expr };

/** The table's fields in column order. */
export const SIG_TABLE_FIELDS = [
  'msgHashLo', 'msgHashHi', 'recId', 'rLo', 'rHi', 'sLo', 'sHi', 'address', 'isValid',
] as const satisfies ReadonlyArray<keyof SigTableColumns>;

/**
 * Pairs for `cs.lookup`: the input row gated by `q` (disabled rows look up the all-zero tuple, which the
 * padding rows hold) against the table's current row.
 */
export function sigLookupPairs(table: SigTableColumns, q: Expr, row: SigLookupRow): Array<[Expr, Expr]> {
  return [[q, table.enabled.cur()], ...SIG_TABLE_FIELDS.map((f): [Expr, Expr] => [q.mul(row[f]), table[f].cur()])];
}
