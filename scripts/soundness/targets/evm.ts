/**
 * EVM family (circuits/evm): EvmFixtureCircuit — the EVM circuit over plain-advice RW, bytecode, tx and block tables
 * (circuits/evm/fixture.ts) — on one block executed by @ethereumjs (evm-block.ts): an ETH transfer, then a call of a
 * contract running an opcode of every supported family (see `program`), k = 10. The fixture tables are proven by the state, bytecode, tx and public-input
 * circuits, not here: their cells are allow-listed, and a negative may edit them so that the tables agree with the
 * lie and only the EVM rule under attack objects (`slotEdit`). On demand: the witness needs an async VM run (`prepare`).
 *
 * Status: 538 of 1122 items guarded, no free cell outside the allow rules. Not yet isolated: the state machine's
 * shape rules (selector booleans, one state, first/last row, padding, most transitions), multi-cell gadget relations
 * (carries, memory-expansion and refund arithmetic, BeginTx/EndTx balance chains), the word arithmetic table's
 * internal rows and copies, and the aux byte range lookups (a scratch byte's only reader, see SCRATCH).
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
import { cellEdit, type AllowRule, type NegativeTest, type SoundnessTarget } from '../types.js';
import { PADDING } from './examples.js';
import { asm, runBlock } from './evm-block.js';

const K = 10;
const CONTRACT = createAddressFromString('0x00000000000000000000000000000000000e0e01');
const EOA = createAddressFromString('0x00000000000000000000000000000000000e0e02');

/**
 * x = calldata word 0; 2(x + 3) > x + 3, so the JUMPI is taken; then memory, storage, a JUMP, one opcode of every
 * other supported family (comparisons, bitwise, shifts, signed compares, DIV/MOD, ADDMOD/MULMOD, context reads), a
 * PUSH32 (every push flag and push byte lookup) and a RETURN of 34 bytes.
 */
function program(): Uint8Array {
  const binary = (op: string, a: number, b: number) => ['PUSH1', b, 'PUSH1', a, op, 'POP'];
  const parts = (dests: readonly number[]) => [
    'PUSH1', 0, 'CALLDATALOAD', 'PUSH1', 3, 'ADD', 'DUP1', 'PUSH1', 2, 'MUL', 'SWAP1', 'LT', 'ISZERO', 'ISZERO', 'PUSH1', 0x0f, 'AND',
    'PUSH1', dests[0]!, 'JUMPI', 'STOP', 'JUMPDEST', 'PUSH1', 0x2a, 'PUSH1', 0, 'MSTORE', 'PUSH1', 0x77, 'PUSH1', 0x21, 'MSTORE8', 'PUSH1', 0, 'MLOAD',
    'PUSH1', 1, 'SSTORE', 'PUSH1', 1, 'SLOAD', 'POP', 'PUSH1', dests[1]!, 'JUMP', 'JUMPDEST',
    ...binary('SUB', 9, 7), ...binary('GT', 9, 7), ...binary('EQ', 7, 7), ...binary('OR', 6, 3), ...binary('XOR', 6, 3), 'PUSH1', 6, 'NOT', 'POP',
    ...binary('SHL', 1, 4), ...binary('SHR', 1, 4), ...binary('SAR', 1, 4), ...binary('SLT', 1, 4), ...binary('SGT', 1, 4),
    ...binary('DIV', 10, 3), ...binary('MOD', 10, 3), 'PUSH1', 5, ...binary('ADDMOD', 3, 4), 'PUSH1', 5, ...binary('MULMOD', 3, 4),
    ...['PC', 'MSIZE', 'GAS', 'ORIGIN', 'GASPRICE', 'CALLER', 'CALLVALUE', 'NUMBER', 'TIMESTAMP'].flatMap((op) => [op, 'POP']),
    'PUSH32', (1n << 255n) + 0x0102n, 'POP', 'PUSH1', 0x22, 'PUSH1', 0, 'RETURN',
  ];
  // the JUMPDESTs' offsets: one byte past each jump's STOP or JUMP
  const code = asm(...parts([0, 0]));
  const dests = [...code.keys()].filter((i) => code[i] === 0x5b);
  return asm(...parts(dests));
}

let input: EvmFixtureInput | undefined;
const prepared = (): EvmFixtureInput => {
  if (input === undefined) throw new Error('evm target: call prepare() first (its witness comes from an async VM run)');
  return input;
};
const capacity = () => ({ steps: prepared().witness.steps.length + 8, bitwiseOps: 3, arith: { mul: 1, divMod: 2, addMod: 1, mulMod: 1, shl: 1, shr: 1, sar: 1, slt: 1, sgt: 1 } });

/**
 * Single-cell corruptions, each refused by one item alone, picked by a scratch run of the local verifier over every
 * EVM column (v + 1, 0, 2) on every step row (step i is row i of this deterministic block) and the first and every
 * 7th row of the AND word and arithmetic tables: the first edit found per item.
 */
const CELL_EDITS: readonly string[] = [
  'evm and word a chunk 0@0 + 1', 'evm and word a chunk 0@1 + 1', 'evm and word b chunk 0@0 + 1',
  'evm and word b chunk 0@1 + 1', 'evm and word c acc@1 + 1', 'evm arith a hi@1 + 1', 'evm arith a lo@1 + 1',
  'evm arith b hi@1 + 1', 'evm arith b lo@1 + 1', 'evm arith byte 0@0 + 1', 'evm arith inv@18 + 1',
  'evm arith n hi@1 + 1', 'evm arith n lo@1 + 1', 'evm arith r hi@1 + 1', 'evm arith r hi@2 + 1',
  'evm arith r lo@1 + 1', 'evm arith r lo@2 + 1', 'evm aux byte 0@0 + 1', 'evm aux byte 0@1 + 1',
  'evm aux byte 0@2 + 1', 'evm aux byte 0@3 + 1', 'evm aux byte 0@4 + 1', 'evm aux byte 0@9 + 1',
  'evm aux byte 0@11 + 1', 'evm aux byte 0@37 + 1', 'evm aux byte 0@44 + 1', 'evm aux byte 0@62 + 1',
  'evm aux byte 0@76 + 1', 'evm aux byte 0@92 + 1', 'evm aux byte 1@37 + 1', 'evm aux byte 1@62 + 1',
  'evm aux byte 1@66 + 1', 'evm aux byte 1@76 + 1', 'evm aux byte 10@12 + 1', 'evm aux byte 10@37 + 1',
  'evm aux byte 10@54 + 1', 'evm aux byte 10@62 + 1', 'evm aux byte 10@65 + 1', 'evm aux byte 10@68 + 1',
  'evm aux byte 10@76 + 1', 'evm aux byte 10@169 + 1', 'evm aux byte 11@37 + 1', 'evm aux byte 11@62 + 1',
  'evm aux byte 11@76 + 1', 'evm aux byte 11@79 + 1', 'evm aux byte 12@29 + 1', 'evm aux byte 12@37 + 1',
  'evm aux byte 12@62 + 1', 'evm aux byte 12@76 + 1', 'evm aux byte 13@29 + 1', 'evm aux byte 13@37 + 1',
  'evm aux byte 13@62 + 1', 'evm aux byte 13@76 + 1', 'evm aux byte 14@29 + 1', 'evm aux byte 14@37 + 1',
  'evm aux byte 14@62 + 1', 'evm aux byte 14@76 + 1', 'evm aux byte 14@79 + 1', 'evm aux byte 15@29 + 1',
  'evm aux byte 15@37 + 1', 'evm aux byte 15@62 + 1', 'evm aux byte 15@76 + 1', 'evm aux byte 16@0 + 1',
  'evm aux byte 16@1 + 1', 'evm aux byte 16@2 + 1', 'evm aux byte 16@4 = 0', 'evm aux byte 16@9 + 1',
  'evm aux byte 16@11 + 1', 'evm aux byte 16@29 + 1', 'evm aux byte 16@37 + 1', 'evm aux byte 16@44 = 0',
  'evm aux byte 16@62 + 1', 'evm aux byte 16@66 + 1', 'evm aux byte 16@76 + 1', 'evm aux byte 16@79 + 1',
  'evm aux byte 16@92 = 0', 'evm aux byte 17@1 + 1', 'evm aux byte 17@11 + 1', 'evm aux byte 17@29 + 1',
  'evm aux byte 17@37 + 1', 'evm aux byte 17@62 + 1', 'evm aux byte 17@76 + 1', 'evm aux byte 18@1 + 1',
  'evm aux byte 18@11 + 1', 'evm aux byte 18@12 + 1', 'evm aux byte 18@29 + 1', 'evm aux byte 18@37 + 1',
  'evm aux byte 18@62 + 1', 'evm aux byte 18@76 + 1', 'evm aux byte 19@1 + 1', 'evm aux byte 19@11 + 1',
  'evm aux byte 19@29 + 1', 'evm aux byte 19@37 + 1', 'evm aux byte 19@62 + 1', 'evm aux byte 19@76 + 1',
  'evm aux byte 2@37 + 1', 'evm aux byte 2@62 + 1', 'evm aux byte 2@76 + 1', 'evm aux byte 20@1 + 1',
  'evm aux byte 20@11 + 1', 'evm aux byte 20@29 + 1', 'evm aux byte 20@37 + 1', 'evm aux byte 20@62 + 1',
  'evm aux byte 20@76 + 1', 'evm aux byte 21@1 + 1', 'evm aux byte 21@11 + 1', 'evm aux byte 21@29 + 1',
  'evm aux byte 21@37 + 1', 'evm aux byte 21@62 + 1', 'evm aux byte 21@76 + 1', 'evm aux byte 22@1 + 1',
  'evm aux byte 22@11 + 1', 'evm aux byte 22@29 + 1', 'evm aux byte 22@37 + 1', 'evm aux byte 22@62 + 1',
  'evm aux byte 22@76 + 1', 'evm aux byte 23@1 + 1', 'evm aux byte 23@11 + 1', 'evm aux byte 23@29 + 1',
  'evm aux byte 23@37 + 1', 'evm aux byte 23@62 + 1', 'evm aux byte 23@76 + 1', 'evm aux byte 24@1 + 1',
  'evm aux byte 24@11 + 1', 'evm aux byte 24@29 + 1', 'evm aux byte 24@37 + 1', 'evm aux byte 24@54 + 1',
  'evm aux byte 24@62 + 1', 'evm aux byte 24@65 + 1', 'evm aux byte 24@68 + 1', 'evm aux byte 24@76 + 1',
  'evm aux byte 24@169 + 1', 'evm aux byte 25@1 + 1', 'evm aux byte 25@11 + 1', 'evm aux byte 25@29 + 1',
  'evm aux byte 25@37 + 1', 'evm aux byte 25@62 + 1', 'evm aux byte 25@76 + 1', 'evm aux byte 25@79 + 1',
  'evm aux byte 26@1 + 1', 'evm aux byte 26@11 + 1', 'evm aux byte 26@12 + 1', 'evm aux byte 26@29 + 1',
  'evm aux byte 26@37 + 1', 'evm aux byte 26@54 + 1', 'evm aux byte 26@62 + 1', 'evm aux byte 26@65 + 1',
  'evm aux byte 26@68 + 1', 'evm aux byte 26@76 + 1', 'evm aux byte 26@79 + 1', 'evm aux byte 27@1 + 1',
  'evm aux byte 27@11 + 1', 'evm aux byte 27@12 + 1', 'evm aux byte 27@29 + 1', 'evm aux byte 27@37 + 1',
  'evm aux byte 27@54 + 1', 'evm aux byte 27@62 + 1', 'evm aux byte 27@65 + 1', 'evm aux byte 27@68 + 1',
  'evm aux byte 27@76 + 1', 'evm aux byte 27@79 + 1', 'evm aux byte 28@1 + 1', 'evm aux byte 28@11 + 1',
  'evm aux byte 28@12 + 1', 'evm aux byte 28@29 + 1', 'evm aux byte 28@54 + 1', 'evm aux byte 28@65 + 1',
  'evm aux byte 28@68 + 1', 'evm aux byte 28@79 + 1', 'evm aux byte 29@1 + 1', 'evm aux byte 29@11 + 1',
  'evm aux byte 29@12 + 1', 'evm aux byte 29@29 + 1', 'evm aux byte 29@54 + 1', 'evm aux byte 29@65 + 1',
  'evm aux byte 29@68 + 1', 'evm aux byte 29@79 + 1', 'evm aux byte 3@37 + 1', 'evm aux byte 3@62 + 1',
  'evm aux byte 3@76 + 1', 'evm aux byte 30@1 + 1', 'evm aux byte 30@11 + 1', 'evm aux byte 30@12 + 1',
  'evm aux byte 30@29 + 1', 'evm aux byte 30@79 + 1', 'evm aux byte 31@1 + 1', 'evm aux byte 31@11 + 1',
  'evm aux byte 31@12 + 1', 'evm aux byte 31@29 + 1', 'evm aux byte 31@54 + 1', 'evm aux byte 31@65 + 1',
  'evm aux byte 31@68 + 1', 'evm aux byte 31@79 + 1', 'evm aux byte 31@169 + 1', 'evm aux byte 4@29 + 1',
  'evm aux byte 4@37 + 1', 'evm aux byte 4@62 + 1', 'evm aux byte 4@76 + 1', 'evm aux byte 4@79 + 1',
  'evm aux byte 5@37 + 1', 'evm aux byte 5@54 + 1', 'evm aux byte 5@62 + 1', 'evm aux byte 5@65 + 1',
  'evm aux byte 5@68 + 1', 'evm aux byte 5@76 + 1', 'evm aux byte 5@169 + 1', 'evm aux byte 6@37 + 1',
  'evm aux byte 6@54 + 1', 'evm aux byte 6@62 + 1', 'evm aux byte 6@65 + 1', 'evm aux byte 6@68 + 1',
  'evm aux byte 6@76 + 1', 'evm aux byte 6@169 + 1', 'evm aux byte 7@37 + 1', 'evm aux byte 7@62 + 1',
  'evm aux byte 7@76 + 1', 'evm aux byte 8@11 + 1', 'evm aux byte 8@29 + 1', 'evm aux byte 8@37 + 1',
  'evm aux byte 8@62 + 1', 'evm aux byte 8@76 + 1', 'evm aux byte 8@79 + 1', 'evm aux byte 9@12 + 1',
  'evm aux byte 9@37 + 1', 'evm aux byte 9@62 + 1', 'evm aux byte 9@76 + 1', 'evm c0@31 + 1', 'evm c0@79 + 1',
  'evm c1@31 + 1', 'evm c1@39 + 1', 'evm c1@56 + 1', 'evm c1@66 + 1', 'evm c1@70 + 1', 'evm c1@79 + 1',
  'evm c1@88 + 1', 'evm c1@96 + 1', 'evm callId@3 + 1', 'evm callId@176 + 1', 'evm codeHashHi@0 + 1',
  'evm codeHashHi@30 + 1', 'evm codeHashLo@0 + 1', 'evm codeHashLo@30 + 1', 'evm gas@16 + 1', 'evm gas@29 + 1',
  'evm gas@176 + 1', 'evm gasCost@0 + 1', 'evm inv@3 + 1', 'evm inv@45 + 1', 'evm inv@50 + 1', 'evm inv@79 + 1',
  'evm inv@169 + 1', 'evm memoryWords@0 + 1', 'evm memoryWords@29 + 1', 'evm opcode@115 + 1', 'evm pc@0 + 1',
  'evm pc@31 + 1', 'evm pc@45 + 1', 'evm pc@53 = 0', 'evm push flag 0@28 = 0', 'evm rwc@3 + 1', 'evm s STOP@183 + 1',
  'evm slot 0 hi@3 + 1', 'evm slot 0 lo@4 + 1', 'evm slot 0 prev lo@0 + 1', 'evm slot 1 hi@3 + 1',
  'evm slot 1 lo@3 + 1', 'evm slot 1 prev lo@0 + 1', 'evm slot 2 hi@3 + 1', 'evm slot 2 lo@3 + 1',
  'evm slot 2 prev lo@0 + 1', 'evm slot 3 hi@0 + 1', 'evm slot 3 lo@0 + 1', 'evm slot 3 prev lo@1 + 1',
  'evm sp@0 + 1', 'evm sp@30 + 1', 'evm txId@4 + 1',
];

const RW_FIELD: Record<string, string> = { lo: 'valueLo', hi: 'valueHi', 'prev lo': 'valuePrevLo', 'prev hi': 'valuePrevHi', address: 'address' };
/**
 * "slot j f+g@row": slot j's cells f, g of the step on `row` + 1, and the same cells of its operation in the RW table,
 * so that the RW lookup agrees and only the state's rule on the value (or address) objects.
 */
function slotEdit(spec: string): NegativeTest {
  const m = /^slot (\d) (.+)@(\d+)$/.exec(spec);
  if (!m) throw new Error(`bad slot edit "${spec}"`);
  const [, j, fields, row] = m;
  return {
    name: `${spec} (the RW table agrees)`,
    mutate: (w) => {
      const rwRow = prepared().witness.steps[Number(row)]!.rws[Number(j)]!.rwCounter - 1;
      for (const f of fields!.split('+')) {
        w.add(`evm slot ${j} ${f}`, Number(row), 1n);
        w.add(`rw table ${RW_FIELD[f]}`, rwRow, 1n);
      }
    },
  };
}
/**
 * PUSH32's immediate byte j + 1 (the aux byte), with the pushed word, its RW write and the POP's read of it following:
 * only push byte j's bytecode lookup objects (the code holds the old byte).
 */
function pushByteEdit(j: number): NegativeTest {
  return {
    name: `PUSH32 byte ${j} + 1 (the pushed word, its write and the POP's read agree)`,
    mutate: (w) => {
      const steps = prepared().witness.steps;
      const row = steps.findIndex((s) => s.spec.name === 'PUSH32');
      const [half, shift] = j < 16 ? ['lo', j] : ['hi', j - 16];
      const delta = 1n << BigInt(8 * shift);
      const value = half === 'lo' ? 'valueLo' : 'valueHi';
      w.add(`evm aux byte ${j}`, row, 1n);
      w.add(`evm slot 0 ${half}`, row, delta);
      w.add(`rw table ${value}`, steps[row]!.rws[0]!.rwCounter - 1, delta);
      const pop = steps[row + 1]!.rws[0]!.rwCounter - 1;
      for (const f of [half, `prev ${half}`]) w.add(`evm slot 0 ${f}`, row + 1, delta);
      for (const f of [value, half === 'lo' ? 'valuePrevLo' : 'valuePrevHi']) w.add(`rw table ${f}`, pop, delta);
    },
  };
}
/** Slot edits with the RW table agreeing, from the same search: each refused by one item alone. */
const SLOT_EDITS: readonly string[] = [
  'slot 0 address@0', 'slot 0 hi@0', 'slot 0 lo@0', 'slot 1 address@0', 'slot 2 address@0', 'slot 2 hi@0',
  'slot 2 lo@0', 'slot 0 address@1', 'slot 0 lo@1', 'slot 1 address@1', 'slot 1 lo@1', 'slot 2 address@1',
  'slot 2 hi@1', 'slot 2 lo@1', 'slot 3 address@1', 'slot 3 hi@1', 'slot 3 lo@1', 'slot 0 address@2', 'slot 0 hi@2',
  'slot 0 lo@2', 'slot 1 address@2', 'slot 1 hi@2', 'slot 1 lo@2', 'slot 2 hi@2', 'slot 3 address@2', 'slot 0 hi@6',
  'slot 0 lo@6', 'slot 0 prev hi@6', 'slot 0 prev lo@6', 'slot 0 prev hi@7', 'slot 0 prev lo@7', 'slot 1 address@7',
  'slot 1 hi+prev hi@7', 'slot 1 lo+prev lo@7', 'slot 0 hi@10', 'slot 0 lo@10', 'slot 0 prev hi@10',
  'slot 0 prev lo@10', 'slot 1 address@10', 'slot 2 address@10', 'slot 2 hi@10', 'slot 2 lo@10', 'slot 0 address@12',
  'slot 0 hi+prev hi@12', 'slot 0 hi@14', 'slot 0 lo@14', 'slot 0 prev hi@14', 'slot 0 prev lo@14',
  'slot 0 address@16', 'slot 0 hi@16', 'slot 0 lo@16', 'slot 0 prev hi@16', 'slot 0 prev lo@16', 'slot 0 address@28',
  'slot 0 hi@28', 'slot 0 lo@28', 'slot 0 address@29', 'slot 0 hi+prev hi@29', 'slot 0 lo+prev lo@29',
  'slot 1 address@29', 'slot 1 hi@29', 'slot 1 lo@29', 'slot 0 address@39', 'slot 0 lo+prev lo@39',
  'slot 1 address@39', 'slot 2 address@39', 'slot 2 hi@39', 'slot 2 lo@39', 'slot 0 address@40',
  'slot 0 hi+prev hi@40', 'slot 0 lo+prev lo@40', 'slot 1 address@40', 'slot 0 address@42', 'slot 0 lo+prev lo@42',
  'slot 1 address@42', 'slot 2 address@42', 'slot 0 address@43', 'slot 0 hi+prev hi@43', 'slot 0 lo+prev lo@43',
  'slot 1 address@43', 'slot 1 hi+prev hi@43', 'slot 1 lo+prev lo@43', 'slot 2 address@43', 'slot 3 address@43',
  'slot 0 address@44', 'slot 1 address@44', 'slot 2 address@44', 'slot 2 hi@44', 'slot 2 lo@44', 'slot 0 address@45',
  'slot 1 address@45', 'slot 1 hi@45', 'slot 0 lo+prev lo@46', 'slot 0 address@48', 'slot 0 lo+prev lo@48',
  'slot 1 address@48', 'slot 2 address@48', 'slot 2 hi@48', 'slot 2 lo@48', 'slot 0 address@50',
  'slot 0 hi+prev hi@50', 'slot 0 lo+prev lo@50', 'slot 1 address@50', 'slot 0 address@54', 'slot 0 hi+prev hi@54',
  'slot 1 address@54', 'slot 1 hi+prev hi@54', 'slot 1 lo+prev lo@54', 'slot 0 address@55', 'slot 0 hi@55',
  'slot 0 lo@55', 'slot 1 address@55', 'slot 1 hi@55', 'slot 1 lo@55', 'slot 2 address@55', 'slot 2 hi@55',
  'slot 2 lo@55', 'slot 3 address@55', 'slot 3 hi@55', 'slot 3 lo@55', 'slot 0 address@65', 'slot 0 hi+prev hi@65',
  'slot 1 address@65', 'slot 0 address@66', 'slot 0 hi@66', 'slot 0 lo@66', 'slot 0 address@68',
  'slot 0 hi+prev hi@68', 'slot 1 address@68', 'slot 1 hi@68', 'slot 1 lo@68', 'slot 0 address@69',
  'slot 0 hi+prev hi@69', 'slot 0 lo+prev lo@69', 'slot 1 address@69', 'slot 1 hi+prev hi@69',
  'slot 1 lo+prev lo@69', 'slot 2 address@69', 'slot 2 hi+prev hi@69', 'slot 2 lo+prev lo@69', 'slot 3 address@69',
  'slot 3 hi+prev hi@69', 'slot 3 lo+prev lo@69', 'slot 0 address@78', 'slot 1 address@78', 'slot 1 hi+prev hi@78',
  'slot 1 lo+prev lo@78', 'slot 2 address@78', 'slot 3 address@78', 'slot 3 hi@78', 'slot 3 lo@78',
  'slot 0 address@79', 'slot 0 hi@79', 'slot 0 lo@79', 'slot 0 address@81', 'slot 1 address@81',
  'slot 1 hi+prev hi@81', 'slot 1 lo+prev lo@81', 'slot 2 address@81', 'slot 2 hi@81', 'slot 2 lo@81',
  'slot 3 address@81', 'slot 0 address@82', 'slot 0 address@84', 'slot 0 hi+prev hi@84', 'slot 0 lo+prev lo@84',
  'slot 0 address@88', 'slot 0 lo+prev lo@88', 'slot 1 address@88', 'slot 2 address@88', 'slot 2 hi@88',
  'slot 2 lo@88', 'slot 0 address@92', 'slot 1 address@92', 'slot 2 address@92', 'slot 2 hi@92', 'slot 2 lo@92',
  'slot 0 address@96', 'slot 0 lo+prev lo@96', 'slot 1 address@96', 'slot 2 address@96', 'slot 2 hi@96',
  'slot 2 lo@96', 'slot 0 address@100', 'slot 1 address@100', 'slot 2 address@100', 'slot 2 hi@100', 'slot 2 lo@100',
  'slot 0 address@104', 'slot 1 address@104', 'slot 2 address@104', 'slot 2 hi@104', 'slot 2 lo@104',
  'slot 0 address@107', 'slot 0 hi+prev hi@107', 'slot 0 lo+prev lo@107', 'slot 1 address@107', 'slot 0 address@111',
  'slot 1 address@111', 'slot 2 address@111', 'slot 0 address@123', 'slot 1 address@123', 'slot 2 address@123',
  'slot 0 address@140', 'slot 1 address@140', 'slot 2 address@140', 'slot 3 address@140', 'slot 0 address@147',
  'slot 0 hi@147', 'slot 0 lo@147', 'slot 0 address@149', 'slot 0 hi@149', 'slot 0 lo@149', 'slot 0 address@151',
  'slot 0 hi@151', 'slot 0 lo@151', 'slot 0 address@153', 'slot 0 hi@153', 'slot 0 lo@153', 'slot 0 address@155',
  'slot 0 address@157', 'slot 0 hi+prev hi@157', 'slot 0 lo+prev lo@157', 'slot 1 address@157', 'slot 0 address@161',
  'slot 0 lo@161', 'slot 0 address@169', 'slot 0 hi+prev hi@169', 'slot 0 lo+prev lo@169', 'slot 1 address@169',
];

const FIXTURE_COLUMNS = [
  ...RW_TABLE_FIELDS.map((f) => `rw table ${f}`), ...BYTECODE_TABLE_FIELDS.map((f) => `bytecode table ${f}`),
  ...TX_TABLE_FIELDS.map((f) => `tx table ${f}`), ...BLOCK_TABLE_FIELDS.map((f) => `block table ${f}`),
];

/**
 * The per-row cells a state may leave unused: the aux word's bytes, c0, c1, inv and the access slots' cells; and the
 * arithmetic table's inverse column, shared by the divisor's and the shift word's IsZero (unused on other rows).
 */
const SCRATCH_COLUMNS = [
  ...Array.from({ length: 32 }, (_, j) => `evm aux byte ${j}`), 'evm c0', 'evm c1', 'evm inv', 'evm arith inv',
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
    ...CELL_EDITS.map(cellEdit),
    ...SLOT_EDITS.map(slotEdit),
    ...Array.from({ length: 32 }, (_, j) => pushByteEdit(j)),
  ],
  allow: [PADDING, ...SCRATCH, ...FIXTURE_COLUMNS.map((column) => ({
    kind: 'cells' as const, column, rows: () => true, reason: 'a fixture table column: plain advice proven by the state, bytecode, tx or public-input circuit, not by this one',
  }))],
};

export const evmTargets: readonly SoundnessTarget[] = [evm];
