/** Shared scaffolding for the gadget tests: a circuit from two closures, failure summaries, cell corruption, real-prover rejection. */
import { expect } from 'chai';
import {
  MockProver, failureSummary, keygen, prove, synthesize, verify, type Assignment, type Circuit, type ConstraintSystem, type Layouter, type ProvingKey,
} from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { MulDivModChip, RangeTable, WordArithChip, WordChip } from '../../../circuits/gadgets/index.js';
import { WitnessEditor } from '../../../scripts/soundness/types.js';
import { applyEdits, type Edit } from '../../../scripts/soundness/word-edits.js';

export class TestCircuit<C> implements Circuit<C> {
  constructor(private readonly conf: (cs: ConstraintSystem) => C, private readonly synth: (config: C, layouter: Layouter) => void) {}
  configure(cs: ConstraintSystem): C { return this.conf(cs); }
  synthesize(config: C, layouter: Layouter): void { this.synth(config, layouter); }
}

export const summary = failureSummary;

export type { Edit } from '../../../scripts/soundness/word-edits.js';
export { divModEdits, halfEdits, wordEdits } from '../../../scripts/soundness/word-edits.js';

/** Applies edits to advice (or instance) cells of `a`, by column name, values mod r. */
export function corrupt(a: Assignment, edits: readonly Edit[]): Assignment {
  applyEdits(new WitnessEditor(a), edits);
  return a;
}

/** Synthesizes with the witness, applies the edits, and summarizes what MockProver reports. */
export function failuresAfter<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[], edits: readonly Edit[]): string[] {
  const a = corrupt(synthesize(circuit, k, instances, true), edits);
  return summary(MockProver.fromAssignment(a).verify());
}

/** MockProver failures of the honest witness (expected: none). */
export function honestFailures<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[] = []): string[] {
  return summary(MockProver.run(k, circuit, instances).verify());
}

const srsByK = new Map<number, Srs>();
const keys = new WeakMap<Circuit<unknown>, Promise<{ srs: Srs; pk: ProvingKey }>>();

/**
 * One dev SRS per k and one proving key per circuit object, made once per test file; the first
 * call also checks that the honest witness proves and verifies (so a later rejection is the
 * corruption's doing, not a broken harness).
 */
function provenKey<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[]): Promise<{ srs: Srs; pk: ProvingKey }> {
  const c = circuit as Circuit<unknown>;
  if (!keys.has(c)) {
    keys.set(c, (async () => {
      await initKernel();
      if (!srsByK.has(k)) srsByK.set(k, devSrs(k));
      const srs = srsByK.get(k)!;
      const pk = await keygen(srs, circuit, k);
      expect(verify(pk.vk, instances, await prove(pk, srs, circuit, instances)), 'honest proof').to.deep.equal({ ok: true });
      return { srs, pk };
    })());
  }
  return keys.get(c)!;
}

/**
 * The real prover on one corrupted witness: its proof must be rejected by the verifier. Returns
 * what MockProver reports for the corruption (never empty), for the caller to name.
 */
export async function expectVerifierRejects<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[], edits: readonly Edit[]): Promise<string[]> {
  const { srs, pk } = await provenKey(circuit, k, instances);
  const bad = corrupt(synthesize(circuit, k, instances, true), edits);
  const failures = summary(MockProver.fromAssignment(bad).verify());
  expect(failures, 'MockProver failures of the corrupted witness').not.to.be.empty;
  expect(verify(pk.vk, instances, await proveAssignment(pk, srs, bad)).ok, 'verifier on the corrupted proof').to.equal(false);
  return failures;
}

export interface WordArithmetic { table: RangeTable; word: WordChip; arith: WordArithChip; mdm: MulDivModChip }

/**
 * The arithmetic chips' shared columns, with the names their tests edit: byte table; WordChip 'word',
 * 'byte 0'…'byte 15'; WordArithChip 'a', 'b', 'carry'; MulDivModChip 'inv', 'zero', 'mod'.
 */
export function configureWordArithmetic(cs: ConstraintSystem): WordArithmetic {
  const table = RangeTable.configure(cs, 'byte', 8);
  const value = cs.adviceColumn('word');
  const bytes = Array.from({ length: 16 }, (_, i) => cs.adviceColumn(`byte ${i}`));
  const word = WordChip.configure(cs, 'word', table, value, bytes);
  const [a, b, carry, inv, zero, mod] = ['a', 'b', 'carry', 'inv', 'zero', 'mod'].map((n) => cs.adviceColumn(n));
  const arith = WordArithChip.configure(cs, 'arith', word, a, b, carry);
  return { table, word, arith, mdm: MulDivModChip.configure(cs, 'mdm', word, arith, inv, zero, mod) };
}
