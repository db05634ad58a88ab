/**
 * ECC family (circuits/ecc): the ecAdd precompile circuit (EcAddCircuit: non-native Fq chip, flag chip, precompile
 * table) on a generic call P + Q and on P + O, k = 11.
 *
 * The NonNativeChip's items (range rows, canonical, add/sub/mul, select, equal, word) are the nonnative-fq
 * target's and the FlagChip's the flags target's (targets/flags.ts), each guarded there by an isolating forgery; here
 * they are exceptions pointing there. What the calls add is attacked here: the precompile table's copies and
 * the copies between chip blocks, each where its reader ignores the value (a select whose condition is 0, an
 * and whose other input is 0, a zero test still "not zero").
 */
import { EC_ADD_TABLE_FIELDS, EcAddCircuit, type EcAddCall } from '../../../circuits/ecc/index.js';
import { listItems, synthesizeVariant } from '../engine.js';
import type { AllowRule, CircuitRun, ItemException, NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { modInverse } from '../../../circuits/field/modular.js';
import { NonNativeChip } from '../../../circuits/gadgets/index.js';
import { nonNative, setRow } from './nonnative.js';

const N = NonNativeChip;
/** Block starts in the call's region (EcAddChip's order): constants 0 and 3, x1 and y1 words, their substitutes, their zero tests. */
const SELECT_X = 2 * N.CONSTANT_ROWS + 2 * N.CANONICAL_ROWS;
const ZERO_X = SELECT_X + 2 * N.SELECT_ROWS;

/** One point's load: two words, two substitutes, two zero tests, x², y², x³, x³ + 3, the curve equality. */
const LOAD_ROWS = 2 * N.CANONICAL_ROWS + 2 * N.SELECT_ROWS + 2 * N.EQUAL_ROWS + 4 * N.OP_ROWS + N.EQUAL_ROWS;
const SELECT_QX = 2 * N.CONSTANT_ROWS + LOAD_ROWS + 2 * N.CANONICAL_ROWS;
/** Flag blocks: 4 per point, success, opposite, then need's three and-nots; the last one's second input. */
const NEED_OPPOSITE = 12 * 3 + 1;
/** First row of call 1's region. */
const second = (w: WitnessEditor) => w.assignment.regions.find((r) => r.name === 'ecAdd 1')!.start;

/** P = 2·G, Q = 3·G (affine, from the generator (1, 2)); then P + O. */
const CALL: EcAddCall = {
  x1: 0x030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3n,
  y1: 0x15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4n,
  x2: 0x0769bf9ac56bea3ff40232bcb1b6bd159315d84715b8e679f2d355961915abf0n,
  y2: 0x2ab799bee0489429554fdb7c8d086475319e63b40b9c5b57cdf1ff3dd9fe2261n,
};
const P_PLUS_O: EcAddCall = { ...CALL, x2: 0n, y2: 0n };

export const ecAdd: SoundnessTarget = {
  name: 'ec-add',
  family: 'ecc',
  description: 'circuits/ecc: EcAddCircuit (ecAdd 0x06 over non-native BN254 Fq, flags, precompile table) on P + Q and P + O',
  honest: () => ({ circuit: new EcAddCircuit([CALL, P_PLUS_O]), k: 11, instances: [] }),
  negatives: [
    ...EC_ADD_TABLE_FIELDS.map((f): NegativeTest => ({ name: `precompile table: ${f} + 1`, mutate: (w) => w.add(`ecadd ${f}`, 0, 1n) })),
    { name: 'P\'s x substitute-select reads the constant 0 as 1 (its condition is 0: the result ignores it)', mutate: (w) => setRow(w, SELECT_X, 1n) },
    {
      name: 'P\'s zero test reads its constant 0 limb as 1 (inverse follows: still "not zero")',
      mutate: (w) => {
        setRow(w, ZERO_X + 3, 1n);
        const value = [0, 1, 2].reduce((acc, i) => acc + (w.get('nn v', ZERO_X + i) - w.get('nn v', ZERO_X + 3 + i)) ** 2n, 0n);
        w.set('nn inverse', ZERO_X, modInverse(((value % FR_MODULUS) + FR_MODULUS) % FR_MODULUS, FR_MODULUS));
      },
    },
    { name: 'P\'s infinity flag reads x = 0 as 1 (y ≠ 0 keeps it 0)', mutate: (w) => w.set('flag', 0, 1n) },
    // call 1, P + O: Q's substitutes select between two zeros, and need = 0 before it reads "opposite"
    { name: 'P + O: Q\'s x substitute-select reads its condition (x2 ≥ p) as 1', mutate: (w) => w.set('nn aux', second(w) + SELECT_QX, 1n) },
    { name: 'P + O: need\'s last step reads "opposite" as 1', mutate: (w) => w.set('flag', second(w) + NEED_OPPOSITE, 1n) },
  ],
  allow: [
    PADDING,
    equalOperandsInverses(() => ecAdd.honest(), ['fq']),
  ],
  exceptions: sharedChipExceptions(),
};

/**
 * The NonNativeChips' IsZero inverses (column "<columns> inverse", of the NonNativeColumns named `columns`) of the
 * equality and zero tests whose operands are equal in the honest witness of `run`, for the chips named `fields`:
 * free by design.
 */
export function equalOperandsInverses(run: () => CircuitRun, fields: readonly string[], columns = 'nn'): AllowRule {
  let rows: Set<number> | undefined;
  const equalRows = (): Set<number> => {
    if (rows) return rows;
    const a = synthesizeVariant(run());
    const v = a.advice[a.cs.advice.find((c) => c.name === `${columns} v`)!.index];
    rows = new Set(fields.flatMap((f) => {
      const q = a.cs.fixed.find((c) => c.name === `selector:${f} equal`)!;
      return a.fixed[q.index].flatMap((on, row) => (on === 1n && [0, 1, 2].every((i) => v[row + i] === v[row + 3 + i]) ? [row] : []));
    }));
    return rows;
  };
  return {
    kind: 'cells', column: `${columns} inverse`, rows: (row) => equalRows().has(row),
    reason: 'the IsZero inverse of an equality or zero test whose operands are equal (Σ(a − b)² = 0): free by design, out = 1 − 0·inv = 1 whatever it is',
  };
}

/**
 * The NonNativeChip and FlagChip items a precompile circuit shares, each guarded in its own target. `fields`
 * names its NonNativeChips: "fq" is the nonnative-fq target's own; another name (fn, fp) is the same chip code
 * over another modulus, whose gates differ only in the modulus's constant limbs.
 */
export function sharedChipExceptions(fields: readonly string[] = ['fq']): ItemException[] {
  const items = nonNativeItems();
  return [
    ...items.filter((item) => !item.startsWith('gate fq ')).map((item): ItemException => ({
      item, reason: 'a NonNativeChip item: guarded by its isolating forgery in the nonnative-fq target (same chip and gates, a harness whose blocks each stand alone)',
    })),
    ...fields.flatMap((f) => items.filter((item) => item.startsWith('gate fq ')).map((item): ItemException => ({
      item: item.replace('gate fq ', `gate ${f} `),
      reason: f === 'fq'
        ? 'a NonNativeChip item: guarded by its isolating forgery in the nonnative-fq target (same chip and gates, a harness whose blocks each stand alone)'
        : `the NonNativeChip's rule over another modulus: the nonnative-fq target's gate with ${f}'s limbs as constants, guarded there`,
    }))),
    ...['and/out = a·b', 'and not/out = a·(1 − b)', 'one of/out = a + b', 'one of/out is boolean'].map((c): ItemException => ({
      item: `gate flag ${c}`, reason: 'a FlagChip item: guarded by its isolating forgery in the flags target',
    })),
  ];
}

/** The nonnative-fq target's items (its chip's gates, range rows and byte lookups), minus its harness copies. */
function nonNativeItems(): string[] {
  return listItems(synthesizeVariant(nonNative.honest())).filter((i) => i.kind !== 'copy').map((i) => i.id);
}

export const eccTargets: readonly SoundnessTarget[] = [ecAdd];
