/**
 * Gadget family (circuits/gadgets): each chip in a minimal harness circuit — the chip's inputs as
 * private advice, its outputs copied to public inputs — with one negative test per attack.
 */
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { IsZeroChip, PoseidonChip } from '../../../circuits/gadgets/index.js';
import type { AssignedCell, Circuit, Column, ConstraintSystem, Layouter, Selector } from '../../../circuits/plonk/index.js';
import { poseidon, poseidonParams } from '../../../circuits/poseidon/index.js';
import type { NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';

const P = FR_MODULUS;

interface IsZeroHarnessConfig { value: Column; q: Selector; pub: Column; chip: IsZeroChip }

/** value_i private; the flag (value_i == 0) public as pub[i]. */
export class IsZeroHarness implements Circuit<IsZeroHarnessConfig> {
  constructor(readonly values: readonly bigint[]) {}
  configure(cs: ConstraintSystem): IsZeroHarnessConfig {
    const [value, inverse, output] = ['value', 'inverse', 'output'].map((n) => cs.adviceColumn(n));
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(output);
    cs.enableEquality(pub);
    const q = cs.selector('is zero');
    return { value, q, pub, chip: IsZeroChip.configure(cs, 'is zero', q.expr(), value.cur(), inverse, output) };
  }
  synthesize(cfg: IsZeroHarnessConfig, layouter: Layouter): void {
    const outs = layouter.assignRegion('values', (region) => this.values.map((v, i) => {
      region.enableSelector(cfg.q, i);
      const cell = region.assignAdvice('value', cfg.value, i, v);
      return cfg.chip.assign(region, i, () => cell.value);
    }));
    outs.forEach((o: AssignedCell, i: number) => layouter.constrainInstance(o, cfg.pub, i));
  }
  flags(): bigint[] { return this.values.map((v) => (v % P === 0n ? 1n : 0n)); }
}

const IS_ZERO_VALUES = [0n, 1n, P - 1n, 0n, 12345678901234567890n, 7n];

export const isZero: SoundnessTarget = {
  name: 'is-zero',
  family: 'gadgets',
  description: 'circuits/gadgets/is-zero.ts: IsZeroChip (inverse witness) with the flags public',
  honest: () => { const circuit = new IsZeroHarness(IS_ZERO_VALUES); return { circuit, k: 4, instances: [circuit.flags()] }; },
  negatives: [
    // row 4: value ≠ 0, out = 0 honestly; a wrong inverse contradicts out = 1 − value·inv
    { name: 'wrong inverse of a non-zero value', mutate: (w) => w.add('inverse', 4, 1n) },
    // the lie "a non-zero value is zero", made consistent everywhere except value·out = 0
    { name: 'non-zero value claimed zero (out = 1, inv = 0, public flag 1)', mutate: (w) => { w.set('output', 1, 1n); w.set('inverse', 1, 0n); w.set('pub', 1, 1n); } },
    { name: 'public flag differs from the output', mutate: (w) => w.set('pub', 0, 0n) },
  ],
  allow: [
    PADDING,
    {
      kind: 'cells', column: 'inverse', rows: IS_ZERO_VALUES.flatMap((v, i) => (v === 0n ? [i] : [])),
      reason: 'the inverse of a zero value is unconstrained by design (out = 1 − 0·inv = 1 whatever inv is); the chip assigns 0 and nothing reads it',
    },
  ],
};

// ---------------------------------------------------------------------------------------------

interface PoseidonHarnessConfig { chip: PoseidonChip; pub: Column }

/** Poseidon (t = 3) of private inputs; the hash public as pub[0]. */
export class PoseidonHarness implements Circuit<PoseidonHarnessConfig> {
  constructor(readonly inputs: readonly bigint[]) {}
  configure(cs: ConstraintSystem): PoseidonHarnessConfig {
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(pub);
    return { chip: PoseidonChip.configure(cs, 'poseidon', this.inputs.length + 1), pub };
  }
  synthesize(cfg: PoseidonHarnessConfig, layouter: Layouter): void {
    const out = layouter.assignRegion('hash', (region) => cfg.chip.hash(region, 0, this.inputs));
    layouter.constrainInstance(out, cfg.pub, 0);
  }
}

const POSEIDON_INPUTS = [1n, 2n];
const FULL_ROW = 1;
const PARTIAL_ROW = 30;

/**
 * One attack per constraint of a PoseidonChip named `name` (width t) whose hash starts at row `base`, each
 * made consistent everywhere else: the rest of the trace is recomputed after the lie and `output` (if given)
 * updates whatever reads the hash — so only the constraint under attack sees it.
 */
export function poseidonNegatives(name: string, t: number, base: number, output?: (w: WitnessEditor, hash: bigint) => void): NegativeTest[] {
  const params = poseidonParams(t);
  const rounds = params.roundsFull + params.roundsPartial;
  const isFullRound = (r: number) => r < params.roundsFull / 2 || r >= params.roundsFull / 2 + params.roundsPartial;
  const cell = (what: string, j: number) => `${name} ${what}${j}`;
  const get = (w: WitnessEditor, what: string, j: number, r: number) => w.get(cell(what, j), base + r);
  const set = (w: WitnessEditor, what: string, j: number, r: number, v: bigint) => w.set(cell(what, j), base + r, v);
  /** The state entering round r + 1 from row r's state and its *stored* S-box cells (as the gates read them). */
  const mixRow = (w: WitnessEditor, r: number) => {
    const arc = Array.from({ length: t }, (_, j) => get(w, 's', j, r) + params.roundConstants[r * t + j]);
    const lanes = isFullRound(r) ? t : 1;
    const out = arc.map((v, j) => (j < lanes ? get(w, 'x4_', j, r) * v : v));
    params.mds.forEach((row, i) => set(w, 's', i, r + 1, row.reduce((acc, m, j) => acc + m * out[j], 0n) % P));
  };
  /** Honest S-box cells and next states from row `from` (whose state is kept) to the output. */
  const replayFrom = (w: WitnessEditor, from: number) => {
    for (let r = from; r < rounds; r++) {
      const lanes = isFullRound(r) ? t : 1;
      for (let j = 0; j < lanes; j++) {
        const x2 = (get(w, 's', j, r) + params.roundConstants[r * t + j]) ** 2n;
        set(w, 'x2_', j, r, x2);
        set(w, 'x4_', j, r, x2 ** 2n);
      }
      mixRow(w, r);
    }
    output?.(w, get(w, 's', 0, rounds));
  };
  const lanes = Array.from({ length: t }, (_, j) => j);
  const sboxLies = (round: 'full' | 'partial', row: number, js: number[]): NegativeTest[] => js.flatMap((j) => [
    {
      name: `${round} round: wrong S-box square x2_${j} (x4 = x2² kept), trace recomputed`,
      mutate: (w: WitnessEditor) => { const x2 = get(w, 'x2_', j, row) + 1n; set(w, 'x2_', j, row, x2); set(w, 'x4_', j, row, x2 * x2); mixRow(w, row); replayFrom(w, row + 1); },
    },
    {
      name: `${round} round: wrong S-box x4_${j} ≠ x2_${j}², trace recomputed`,
      mutate: (w: WitnessEditor) => { set(w, 'x4_', j, row, get(w, 'x4_', j, row) + 1n); mixRow(w, row); replayFrom(w, row + 1); },
    },
  ]);
  const stateLies = (round: 'full' | 'partial', row: number): NegativeTest[] => lanes.map((i) => ({
    name: `${round} round: wrong next state s${i}, trace recomputed`,
    mutate: (w: WitnessEditor) => { set(w, 's', i, row + 1, get(w, 's', i, row + 1) + 1n); replayFrom(w, row + 1); },
  }));
  return [
    ...sboxLies('full', FULL_ROW, lanes),
    ...stateLies('full', FULL_ROW),
    ...sboxLies('partial', PARTIAL_ROW, [0]),
    ...stateLies('partial', PARTIAL_ROW),
    ...lanes.slice(1).flatMap((j) => ['x2_', 'x4_'].map((what) => ({
      name: `partial round: unused S-box cell ${what}${j} ≠ 0`, mutate: (w: WitnessEditor) => set(w, what, j, PARTIAL_ROW, 7n),
    }))),
    { name: 'non-zero capacity lane, trace recomputed', mutate: (w) => { set(w, 's', 0, 0, 1n); replayFrom(w, 0); } },
  ];
}

export const poseidonTarget: SoundnessTarget = {
  name: 'poseidon',
  family: 'gadgets',
  description: 'circuits/gadgets/poseidon.ts: PoseidonChip (t = 3, one row per round) hashing private inputs, the hash public',
  honest: () => ({ circuit: new PoseidonHarness(POSEIDON_INPUTS), k: 7, instances: [[poseidon(POSEIDON_INPUTS)]] }),
  negatives: [
    ...poseidonNegatives('poseidon', POSEIDON_INPUTS.length + 1, 0, (w, hash) => w.set('pub', 0, hash)),
    { name: 'wrong public hash', mutate: (w) => w.add('pub', 0, 1n) },
  ],
  allow: [PADDING],
};

export const gadgetTargets: readonly SoundnessTarget[] = [isZero, poseidonTarget];
