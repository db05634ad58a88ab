/**
 * ECC family (circuits/ecc): the ecAdd precompile circuit (EcAddCircuit: non-native Fq chip, flag chip, precompile
 * table) on one generic call P + Q, k = 10.
 *
 * The NonNativeChip's items (range rows, canonical, add/sub/mul, select, equal, word) are the nonnative-fq
 * target's and the FlagChip's the flags target's (targets/flags.ts), each guarded there by an isolating forgery; here
 * they are exceptions pointing there. What the call adds is attacked here: the precompile table's copies. The
 * copies between chip blocks (a flag or limb changed with every block reading it, and what those compute)
 * have no isolating negative yet: reported unguarded.
 */
import { EC_ADD_TABLE_FIELDS, EcAddCircuit, type EcAddCall } from '../../../circuits/ecc/index.js';
import { listItems, synthesizeVariant } from '../engine.js';
import type { ItemException, SoundnessTarget } from '../types.js';
import { PADDING } from './examples.js';
import { nonNative } from './nonnative.js';

/** P = 2·G, Q = 3·G (affine, from the generator (1, 2)). */
const CALL: EcAddCall = {
  x1: 0x030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3n,
  y1: 0x15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4n,
  x2: 0x0769bf9ac56bea3ff40232bcb1b6bd159315d84715b8e679f2d355961915abf0n,
  y2: 0x2ab799bee0489429554fdb7c8d086475319e63b40b9c5b57cdf1ff3dd9fe2261n,
};

export const ecAdd: SoundnessTarget = {
  name: 'ec-add',
  family: 'ecc',
  description: 'circuits/ecc: EcAddCircuit (ecAdd 0x06 over non-native BN254 Fq, flags, precompile table) on one generic call',
  honest: () => ({ circuit: new EcAddCircuit([CALL]), k: 10, instances: [] }),
  negatives: EC_ADD_TABLE_FIELDS.map((f) => ({ name: `precompile table: ${f} + 1`, mutate: (w) => w.add(`ecadd ${f}`, 0, 1n) })),
  allow: [PADDING],
  exceptions: [
    ...nonNativeItems().map((item): ItemException => ({
      item, reason: 'a NonNativeChip item: guarded by its isolating forgery in the nonnative-fq target (same chip and gates, a harness whose blocks each stand alone)',
    })),
    ...['and/out = a·b', 'and not/out = a·(1 − b)', 'one of/out = a + b', 'one of/out is boolean'].map((c): ItemException => ({
      item: `gate flag ${c}`, reason: 'a FlagChip item: guarded by its isolating forgery in the flags target',
    })),
  ],
};

/** The nonnative-fq target's items (its chip's gates, range rows and byte lookups), minus its harness copies. */
function nonNativeItems(): string[] {
  return listItems(synthesizeVariant(nonNative.honest())).filter((i) => i.kind !== 'copy').map((i) => i.id);
}

export const eccTargets: readonly SoundnessTarget[] = [ecAdd];
