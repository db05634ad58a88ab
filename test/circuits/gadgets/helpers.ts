/** Shared scaffolding for the gadget tests: a circuit from two closures, failure summaries, cell corruption, real-prover rejection. */
import { expect } from 'chai';
import {
  MockProver, failureSummary, keygen, prove, synthesize, verify, type Assignment, type Circuit, type ConstraintSystem, type Layouter, type ProvingKey,
} from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { MulDivModChip, RangeTable, TWO_256, WordArithChip, WordChip, mulAddCarries, splitWord } from '../../../circuits/gadgets/index.js';

export class TestCircuit<C> implements Circuit<C> {
  constructor(private readonly conf: (cs: ConstraintSystem) => C, private readonly synth: (config: C, layouter: Layouter) => void) {}
  configure(cs: ConstraintSystem): C { return this.conf(cs); }
  synthesize(config: C, layouter: Layouter): void { this.synth(config, layouter); }
}

export const summary = failureSummary;

export interface Edit { column: string; row: number; value: bigint | ((old: bigint) => bigint) }

/** Applies edits to advice cells (by column name), values mod r. */
export function corrupt(a: Assignment, edits: readonly Edit[]): Assignment {
  for (const e of edits) {
    const col = a.cs.advice.find((c) => c.name === e.column);
    if (!col) throw new Error(`no advice column "${e.column}" (have: ${a.cs.advice.map((c) => c.name).join(', ')})`);
    const old = a.advice[col.index][e.row];
    const v = typeof e.value === 'bigint' ? e.value : e.value(old);
    a.advice[col.index][e.row] = ((v % FR_MODULUS) + FR_MODULUS) % FR_MODULUS;
  }
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

/** Edits that set the word on rows (row, row + 1) of a WordChip ('word', 'byte i') — values and bytes — to `value`. */
export function wordEdits(row: number, value: bigint): Edit[] {
  return splitWord(value).flatMap((half, h) => [
    { column: 'word', row: row + h, value: half },
    ...Array.from({ length: 16 }, (_, i) => ({ column: `byte ${i}`, row: row + h, value: (half >> BigInt(8 * i)) & 0xffn })),
  ]);
}

/** Edits that set one half (value and bytes) of the WordChip row `row`; `half` < 2^128. */
export const halfEdits = (row: number, half: bigint): Edit[] => wordEdits(row, half).slice(0, 17);

/**
 * Edits that rewrite a MulDivModChip DIV/MOD block at `row` (non-zero divisor, unchanged) to a
 * witness of quotient·divisor + remainder = dividend — the words, carries, the remainder − divisor
 * rows and the MOD cells — so a test can aim one lie at one constraint and keep the rest satisfied.
 */
export function divModEdits(row: number, dividend: bigint, divisor: bigint, quotient: bigint, remainder: bigint): Edit[] {
  const [rlo, dlo] = [splitWord(remainder)[0], splitWord(divisor)[0]];
  return [
    ...wordEdits(row, quotient), ...wordEdits(row + 4, remainder), ...wordEdits(row + 6, dividend), ...wordEdits(row + 8, mulAddCarries(quotient, divisor, remainder)),
    ...wordEdits(row + 10, (remainder - divisor + TWO_256) % TWO_256), ...splitWord(remainder).map((half, h) => ({ column: 'a', row: row + 10 + h, value: half })),
    { column: 'carry', row: row + 10, value: rlo < dlo ? 1n : 0n }, { column: 'carry', row: row + 11, value: remainder < divisor ? 1n : 0n },
    ...splitWord(remainder).map((half, h) => ({ column: 'mod', row: row + h, value: half })),
  ];
}
