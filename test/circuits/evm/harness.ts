/**
 * The EVM circuit's tests build it over the fixture layouts of circuits/evm/fixture.ts (tables filled from the
 * witness, proven by nothing here; see state-composition.test.ts and full-composition.test.ts for the EVM circuit
 * over the real state, bytecode and keccak circuits). `evmCase` keeps each witness's tx and block table rows.
 */
import { EvmCircuit, type EvmCapacity } from '../../../circuits/evm/circuit.js';
import { ArithTable, NO_ARITH } from '../../../circuits/evm/arith-table.js';
import { ModexpChip, modexpTableOps, padModexpCalls, type ModexpCapacity } from '../../../circuits/modexp/index.js';
import { EvmFixtureCircuit, evmFixtureInput, evmFixtureInstances, layoutContext as contextLayout, type EvmFixtureInput } from '../../../circuits/evm/fixture.js';
import type { Layouter } from '../../../circuits/plonk/index.js';
import { BytecodeChip } from '../../../circuits/bytecode/index.js';
import { KeccakChip, keccakWitness } from '../../../circuits/keccak/index.js';
import { StateChip } from '../../../circuits/state/index.js';
import { bytecodeKeccakInputs, bytecodeWitness } from '../../../circuits/witness/bytecode.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { TestCircuit } from '../gadgets/helpers.js';
import { asm } from '../witness/run.js';

import { bytecodeColumns, contextColumns, fixedTables, layoutBytecode, layoutSig, sigColumns } from '../../../circuits/evm/fixture.js';

export { bytecodeColumns, contextColumns, fixedTables, layoutBytecode };

const inputs = new WeakMap<EvmWitness, EvmFixtureInput>();

/** The EVM witness of a block; its tx and block table rows are kept for the fixture layout. */
export function evmCase(block: BlockTrace): EvmWitness {
  const input = evmFixtureInput(block);
  inputs.set(input.witness, input);
  return input.witness;
}

const inputOf = (witness: EvmWitness): EvmFixtureInput => {
  const input = inputs.get(witness);
  if (input === undefined) throw new Error('build the witness with evmCase (it keeps the tx and block table rows)');
  return input;
};

/** Lays out the tx and block tables of a witness made by evmCase. */
export const layoutContext = (layouter: Layouter, columns: Parameters<typeof contextLayout>[1], witness: EvmWitness): void =>
  contextLayout(layouter, columns, inputOf(witness));

/** The EVM circuit with `steps` step rows and the AND word / arithmetic table capacities over fixture tables; without a witness, the keygen layout. */
export const evmTestCircuit = (steps: number, witness?: EvmWitness, tables: Omit<EvmCapacity, 'steps'> = { bitwiseOps: 0 }): EvmFixtureCircuit =>
  new EvmFixtureCircuit({ steps, ...tables }, witness === undefined ? undefined : inputOf(witness));

/** The public inputs of a witness: its numbers of RW operations and of txs. */
export const evmInstances = evmFixtureInstances;

/** The rows of tx i of `w` after BeginTxFunds1 up to EndTx (a tx to a precompile: its root rows): the first's index and their states. */
export function txRowsAfterFunds(w: EvmWitness, i: number): { begin: number; names: string[] } {
  const begin = w.steps.map((s, r) => [s.spec.name, r] as const).filter(([n]) => n === 'BeginTxFunds1')[i]![1];
  const end = w.steps.findIndex((s, r) => r > begin && s.spec.name === 'EndTx');
  return { begin, names: w.steps.slice(begin + 1, end).map((s) => s.spec.name) };
}

/** Edge operands of the differential tests: 0, 1, 2^255, 2^256 − 1 and a seeded random word. */
export const EDGE_WORDS: readonly bigint[] = [0n, 1n, 1n << 255n, (1n << 256n) - 1n, new Rng(0x8e7).bits(256)];

/**
 * A program that applies `ops` to every ordered pair of `words` (each pushed once, then DUPed):
 * for each (a, b): DUP(b), DUP(a + 1), OP, POP — so a is on top, as the op's first operand.
 */
export function pairsProgram(ops: readonly string[], words: readonly bigint[] = EDGE_WORDS): Uint8Array {
  const body: Array<string | bigint> = words.flatMap((w) => ['PUSH32', w]);
  const depth = (i: number) => words.length - i; // DUP index of word i with nothing above the pushed words
  for (const op of ops) {
    for (let a = 0; a < words.length; a++) {
      for (let b = 0; b < words.length; b++) body.push(`DUP${depth(b)}`, `DUP${depth(a) + 1}`, op, 'POP');
    }
  }
  return asm(...body, 'STOP');
}

/**
 * The EVM circuit over the state circuit's RW table (StateChip, sorted, consistency-checked; `rwRows` rows), sharing
 * one byte table, with the EVM's operation count copy-constrained to the state circuit's row count. The bytecode,
 * tx, block and signature tables are plain advice (fixture layouts), and there is no keccak table.
 */
export function evmWithState(w: EvmWitness, rwRows: number, capacity: EvmCapacity, modexp?: ModexpCapacity) {
  return new TestCircuit((cs) => {
    const { byte, and } = fixedTables(cs);
    const state = StateChip.configure(cs, byte);
    const bytecode = bytecodeColumns(cs);
    const { tx, block } = contextColumns(cs);
    const sig = sigColumns(cs);
    // with a MODEXP capacity, the MODEXP chip sharing the EVM's arithmetic table (as the batch circuit lays them out)
    const arith = modexp === undefined ? undefined : ArithTable.configure(cs, 'evm arith', byte);
    const chip = arith === undefined ? undefined : ModexpChip.configure(cs, { arith, byte });
    return { byte, and, state, bytecode, tx, block, sig, chip, evm: EvmCircuit.configure(cs, { rw: state.table, bytecode, tx, block, byte, and, sig, arith, modexp: chip?.table }) };
  }, (cfg, layouter) => {
    cfg.byte.load(layouter);
    cfg.and.load(layouter);
    cfg.evm.loadOpcodeTable(layouter);
    const stateCount = cfg.state.assign(layouter, stateWitness(w.rws, rwRows));
    layoutBytecode(layouter, cfg.bytecode, w);
    layoutContext(layouter, cfg, w);
    layoutSig(layouter, cfg.sig, w);
    const calls = modexp === undefined ? [] : padModexpCalls(w.modexpCalls, modexp);
    const evmCount = cfg.evm.assign(layouter, capacity, w, modexpTableOps(calls)).rwCount;
    cfg.chip?.assign(layouter, calls, NO_ARITH, false);
    layouter.assignRegion('count seam', (region) => region.constrainEqual(evmCount, stateCount));
  });
}

/**
 * The EVM circuit over tables that are all proven: the RW table by the state circuit (count seam copied), the
 * bytecode table by the bytecode circuit, whose code hashes the keccak circuit (`keccakUnits` permutations side by
 * side) proves, as it proves the EVM's keccak inputs (ids 1 … n, the witness's default numbering; the codes after).
 */
export function evmComposed(w: EvmWitness, capacity: EvmCapacity & { readonly rw: number; readonly bytecode: number }, keccakUnits: number) {
  return evmComposedOf(inputOf(w), capacity, keccakUnits);
}

/** evmComposed over an explicit fixture input (a hand-edited witness, which no evmCase made). */
export function evmComposedOf(input: EvmFixtureInput, capacity: EvmCapacity & { readonly rw: number; readonly bytecode: number }, keccakUnits: number) {
  const w = input.witness;
  return new TestCircuit((cs) => {
    const { byte, and } = fixedTables(cs);
    const keccak = KeccakChip.configure(cs, keccakUnits);
    const bytecode = BytecodeChip.configure(cs, keccak.table);
    const state = StateChip.configure(cs, byte);
    const { tx, block } = contextColumns(cs);
    const sig = sigColumns(cs);
    return { byte, and, keccak, bytecode, state, tx, block, sig, evm: EvmCircuit.configure(cs, { rw: state.table, bytecode: bytecode.table, tx, block, byte, and, keccak: keccak.table, sig }) };
  }, (cfg, layouter) => {
    cfg.byte.load(layouter);
    cfg.and.load(layouter);
    cfg.evm.loadOpcodeTable(layouter);
    cfg.keccak.assign(layouter, keccakWitness([...w.keccakInputs, ...bytecodeKeccakInputs(w.codes, w.codeKeccakIds)]));
    cfg.bytecode.assign(layouter, bytecodeWitness(w.codes, capacity.bytecode, w.keccakInputs.length + 1, w.codeKeccakIds));
    const stateCount = cfg.state.assign(layouter, stateWitness(w.rws, capacity.rw));
    contextLayout(layouter, cfg, input);
    layoutSig(layouter, cfg.sig, w);
    const evmCount = cfg.evm.assign(layouter, capacity, w).rwCount;
    layouter.assignRegion('count seam', (region) => region.constrainEqual(evmCount, stateCount));
  });
}
