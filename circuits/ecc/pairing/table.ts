/**
 * The ecPairing (0x08) precompile table: one row per pair slot of each call, every word as its (lo, hi)
 * 128-bit halves, with the fixed `enabled` tag of PrecompileTable (every lookup asks for enabled = 1).
 *
 *   call | slot | success | output | length lo | length hi | x, y, x_im, x_re, y_im, y_re (lo, hi each)
 *
 * call and slot are fixed constants of the row (the call's index in the circuit and the pair index),
 * so a lookup cannot mix pairs of two calls; success, output and length are the call's and repeat on
 * each of its rows; the 12 halves are slot `slot`'s input words (zeros past the length). The EVM side is
 * not wired yet: it must look up rows 0 … length/192 − 1 of a call and bound length by the capacity.
 */
import type { ConstraintSystem } from '../../plonk/index.js';
import { PrecompileTable } from '../precompile-table.js';

const WORDS = ['x', 'y', 'x_im', 'x_re', 'y_im', 'y_re'] as const;
export const EC_PAIRING_TABLE_FIELDS = [
  'call', 'slot', 'success', 'output', 'length lo', 'length hi', ...WORDS.flatMap((w) => [`${w} lo`, `${w} hi`]),
] as const;

export class EcPairingTable extends PrecompileTable {
  static configure(cs: ConstraintSystem, name: string): EcPairingTable {
    return new EcPairingTable(name, EC_PAIRING_TABLE_FIELDS, ...PrecompileTable.columnsFor(cs, name, EC_PAIRING_TABLE_FIELDS));
  }
}
