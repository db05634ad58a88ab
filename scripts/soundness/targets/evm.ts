/**
 * EVM family (circuits/evm): EvmFixtureCircuit — the EVM circuit over plain-advice RW, bytecode, tx and block tables
 * (circuits/evm/fixture.ts) — on one block executed by @ethereumjs (evm-block.ts): an ETH transfer, then a call of a
 * contract running CALLDATALOAD, ADD, DUP, MUL, SWAP, LT, ISZERO, AND, JUMPI, JUMPDEST, MSTORE, MSTORE8, MLOAD,
 * SSTORE, SLOAD and RETURN, k = 10. The fixture tables are proven by the state, bytecode, tx and public-input
 * circuits, not here: their cells are allow-listed, and a negative may edit them so that the tables agree with the
 * lie and only the EVM rule under attack objects (`lie`). On demand: the witness needs an async VM run (`prepare`).
 */
import { createAddressFromString } from '@ethereumjs/util';
import { EvmFixtureCircuit, evmFixtureInput, evmFixtureInstances, type EvmFixtureInput } from '../../../circuits/evm/fixture.js';
import { BYTECODE_TABLE_FIELDS } from '../../../circuits/bytecode/table.js';
import { BLOCK_TABLE_FIELDS } from '../../../circuits/pi/block-table.js';
import { RW_TABLE_FIELDS } from '../../../circuits/state/index.js';
import { TX_TABLE_FIELDS } from '../../../circuits/tx/table.js';
import { RW_SLOTS } from '../../../circuits/evm/step.js';
import type { Assignment } from '../../../circuits/plonk/index.js';
import { liveReaders, synthesizeVariant } from '../engine.js';
import type { AllowRule, NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';
import { asm, runBlock } from './evm-block.js';

const K = 10;
const CONTRACT = createAddressFromString('0x00000000000000000000000000000000000e0e01');
const EOA = createAddressFromString('0x00000000000000000000000000000000000e0e02');

/** x = calldata word 0; 2(x + 3) > x + 3, so the JUMPI is taken; then memory, storage and a RETURN of 34 bytes. */
function program(): Uint8Array {
  const head = (dest: number) => ['PUSH1', 0, 'CALLDATALOAD', 'PUSH1', 3, 'ADD', 'DUP1', 'PUSH1', 2, 'MUL', 'SWAP1', 'LT', 'ISZERO', 'ISZERO', 'PUSH1', 0x0f, 'AND', 'PUSH1', dest, 'JUMPI', 'STOP'];
  const dest = asm(...head(0)).length;
  return asm(...head(dest), 'JUMPDEST', 'PUSH1', 0x2a, 'PUSH1', 0, 'MSTORE', 'PUSH1', 0x77, 'PUSH1', 0x21, 'MSTORE8', 'PUSH1', 0, 'MLOAD',
    'PUSH1', 1, 'SSTORE', 'PUSH1', 1, 'SLOAD', 'POP', 'PUSH1', 0x22, 'PUSH1', 0, 'RETURN');
}

let input: EvmFixtureInput | undefined;
const prepared = (): EvmFixtureInput => {
  if (input === undefined) throw new Error('evm target: call prepare() first (its witness comes from an async VM run)');
  return input;
};
const capacity = () => ({ steps: prepared().witness.steps.length + 8, bitwiseOps: 1, arith: { mul: 1, divMod: 0, addMod: 0, mulMod: 0 } });
const rowsOf = (name: string) => prepared().witness.steps.flatMap((s, i) => (s.spec.name === name ? [i] : []));
const rowOf = (name: string, n = 0) => rowsOf(name)[n]!;

/**
 * The step at `row` writes its slot `j` (a stack word) with lo + delta; the RW table and every later read of that
 * stack address in the call (slot value, value-before) agree, so only the writing state's own rule objects.
 */
function lie(w: WitnessEditor, row: number, j: number, delta: bigint): void {
  const { steps } = prepared().witness;
  const written = steps[row]!.rws[j]!;
  w.add(`evm slot ${j} lo`, row, delta);
  w.add('rw table valueLo', written.rwCounter - 1, delta);
  for (let r = row + 1; r < steps.length; r++) {
    const at = steps[r]!.rws.findIndex((x) => x.tag === written.tag && x.id === written.id && x.address === written.address);
    if (at < 0) continue;
    const rw = steps[r]!.rws[at]!;
    w.add(`evm slot ${at} prev lo`, r, delta);
    w.add('rw table valuePrevLo', rw.rwCounter - 1, delta);
    if (rw.isWrite) return;
    w.add(`evm slot ${at} lo`, r, delta);
    w.add('rw table valueLo', rw.rwCounter - 1, delta);
  }
}

const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });

const FIXTURE_COLUMNS = [
  ...RW_TABLE_FIELDS.map((f) => `rw table ${f}`), ...BYTECODE_TABLE_FIELDS.map((f) => `bytecode table ${f}`),
  ...TX_TABLE_FIELDS.map((f) => `tx table ${f}`), ...BLOCK_TABLE_FIELDS.map((f) => `block table ${f}`),
];

/** The per-row cells a state may leave unused: the aux word's bytes, c0, c1, inv and the access slots' cells. */
const SCRATCH_COLUMNS = [
  ...Array.from({ length: 32 }, (_, j) => `evm aux byte ${j}`), 'evm c0', 'evm c1', 'evm inv',
  ...Array.from({ length: RW_SLOTS }, (_, j) => ['address', 'lo', 'hi', 'prev lo', 'prev hi'].map((f) => `evm slot ${j} ${f}`)).flat(),
];
let honestAssignment: Assignment | undefined;
/** A cell no rule depends on but the unconditional byte-range lookup of the aux bytes (checked, not assumed from the state's name). */
const unread = (column: string) => (row: number): boolean => {
  honestAssignment ??= synthesizeVariant(evm.honest());
  return liveReaders(honestAssignment, column, row).every((item) => /^lookup evm aux byte \d+$/.test(item));
};
const SCRATCH: AllowRule[] = SCRATCH_COLUMNS.map((column) => ({
  kind: 'cells', column, rows: unread(column),
  reason: 'scratch the row\'s state does not use: no gate, lookup or copy depends on the cell on this row (an aux byte: only its byte-range lookup) — e.g. unused slots, the aux word of a POP, an IsZero inverse of a zero value',
}));

export const evm: SoundnessTarget = {
  name: 'evm',
  family: 'evm',
  description: 'circuits/evm: the EVM step state machine over fixture RW/bytecode/tx/block tables, one block run by @ethereumjs',
  async prepare() {
    input ??= evmFixtureInput(await runBlock([{ to: EOA, value: 1000n }, { to: CONTRACT, data: asm('PUSH32', 5n).slice(1) }], [{ address: CONTRACT, code: program(), storage: [[1n, 5n]] }]));
  },
  honest: () => ({ circuit: new EvmFixtureCircuit(capacity(), prepared()), k: K, instances: evmFixtureInstances(prepared().witness) }),
  negatives: [
    test('ADD writes a + b + 1 (later reads agree)', (w) => lie(w, rowOf('ADD'), 2, 1n)),
    test('SLOAD pushes another value than the slot holds (later reads agree)', (w) => lie(w, rowOf('SLOAD'), 3, 1n)),
  ],
  allow: [PADDING, ...SCRATCH, ...FIXTURE_COLUMNS.map((column) => ({
    kind: 'cells' as const, column, rows: () => true, reason: 'a fixture table column: plain advice proven by the state, bytecode, tx or public-input circuit, not by this one',
  }))],
};

export const evmTargets: readonly SoundnessTarget[] = [evm];
