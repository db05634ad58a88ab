/**
 * Every circuit the soundness tool checks. To register a new circuit family: add a file in
 * targets/ exporting its SoundnessTarget(s) — the circuit with an honest witness, one negative test
 * per attack, allow rules for padding — and list them here. `npm run soundness -- --circuit <name>`
 * shows what is still unguarded or free; the fast CI mode (test/scripts/soundness) runs every
 * registered target with a small fixed-seed sample, so keep `honest()` small (the smallest k that
 * exercises every gate).
 */
import type { SoundnessTarget } from './types.js';
import { exampleTargets } from './targets/examples.js';
import { gadgetTargets } from './targets/gadgets.js';
import { smtTargets } from './targets/smt.js';
import { keccakTargets } from './targets/keccak.js';
import { nonNativeTargets } from './targets/nonnative.js';
import { stateTargets } from './targets/state.js';
import { bytecodeTargets } from './targets/bytecode.js';
import { piTargets } from './targets/pi.js';

export const registry: readonly SoundnessTarget[] = [
  ...exampleTargets,
  ...gadgetTargets,
  ...smtTargets,
  ...stateTargets,
  ...bytecodeTargets,
  ...piTargets,
];

/**
 * Targets too slow for the CI fast mode (k ≥ 12: seconds per MockProver run, times one run per
 * negative test and mutant; nonnative-fq: ~48 negatives × 43 items, ~8 min exhaustive — its own
 * test runs the fast mode); `--circuit <name>` runs them.
 */
export const onDemand: readonly SoundnessTarget[] = [
  ...keccakTargets,
  ...nonNativeTargets,
];

export function findTargets(names: readonly string[] | undefined): SoundnessTarget[] {
  if (!names || names.length === 0) return [...registry];
  const all = [...registry, ...onDemand];
  return names.map((n) => {
    const t = all.find((x) => x.name === n);
    if (!t) throw new Error(`no circuit "${n}" in the soundness registry (have: ${all.map((x) => x.name).join(', ')})`);
    return t;
  });
}
