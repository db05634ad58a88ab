/**
 * Bytecode family (circuits/bytecode): the bytecode chip over the keccak-table test fixture, on codes
 * that exercise every rule (empty, PUSH data that looks like opcodes, PUSH without data, truncated
 * PUSH32). Layout: row 0 empty's header; 1…6 dataLikeOpcodes; 7…9 pushWithoutData; 10…15
 * truncatedPush; 16 … 510 padding. One negative test per item.
 */
import { BytecodeWithKeccakFixture, EXAMPLE_CODES } from '../../../circuits/bytecode/examples.js';
import type { NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';

const CODES = [EXAMPLE_CODES.empty, EXAMPLE_CODES.dataLikeOpcodes, EXAMPLE_CODES.pushWithoutData, EXAMPLE_CODES.truncatedPush];
const CAPACITY = 17;
const PAD = 16;
/** The chip fills the region with padding to the last usable row. */
const LAST = (1 << 9) - 2;
const COLUMNS = ['kind', 'hashLo', 'hashHi', 'indexOrLength', 'byte', 'isCode', 'isHeader', 'isByte', 'keccakId', 'length', 'pushLeft'];
const col = (c: string) => `bytecode ${c}`;
const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });
/** Turns a row into padding (every chip cell 0). */
const clear = (w: WitnessEditor, row: number) => { for (const c of COLUMNS) w.set(col(c), row, 0n); };
const copyRow = (w: WitnessEditor, from: number, to: number) => { for (const c of COLUMNS) w.set(col(c), to, w.get(col(c), from)); };

export const bytecode: SoundnessTarget = {
  name: 'bytecode',
  family: 'bytecode',
  description: 'circuits/bytecode: code hash via the keccak table (a test fixture here), PUSH-data marking, table shape',
  honest: () => ({ circuit: new BytecodeWithKeccakFixture(CODES, CAPACITY), k: 9, instances: [] }),
  negatives: [
    test('kind ≠ isHeader + 2·isByte on a padding row', (w) => w.set(col('kind'), PAD, 1n)),
    test('an empty code whose carried length is not its header length', (w) => w.set(col('length'), 0, 1n)),
    ...['byte', 'pushLeft'].map((c) => test(`padding row with ${c} ≠ 0`, (w) => w.set(col(c), PAD, 1n))),
    ...['hashLo', 'hashHi', 'indexOrLength', 'keccakId', 'length'].map((c) => test(`padding row with ${c} ≠ 0`, (w) => w.set(col(c), PAD, 1n))),
    ...['hashLo', 'hashHi'].map((c) => test(`the last byte of a code under another ${c}`, (w) => w.add(col(c), 15, 1n))),
    // byte 1 of pushWithoutData (0x61) is byte 1 of dataLikeOpcodes too: the keccak lookup holds under either id
    test('a byte looked up under another code\'s keccak id', (w) => w.set(col('keccakId'), 9, 2n)),
    test('a code cut short: last byte dropped, its bytes claiming the shorter length', (w) => { clear(w, 9); w.set(col('length'), 8, 1n); }),
    // dataLikeOpcodes has 0x60 at indexes 2 and 3: byte 3 re-labelled index 2 still matches the keccak table
    test('an index repeated', (w) => w.set(col('indexOrLength'), 5, 2n)),
    test('a code cut short: last byte dropped, lengths kept', (w) => clear(w, 9)),
    test('a byte row before any header (row 0 claims truncatedPush\'s last byte)', (w) => {
      copyRow(w, 15, 0);
      w.set(col('isCode'), 0, 1n);
      w.set(col('pushLeft'), 0, 0n);
    }),
    test('the last code moved to end on the last usable row (its end never checked)', (w) => {
      for (let r = 10; r <= 15; r++) { copyRow(w, r, LAST - 15 + r); clear(w, r); }
    }),
    test('PUSH data marked as an opcode', (w) => w.set(col('isCode'), 4, 1n)),
    test('a data byte that is not the code\'s', (w) => w.add(col('byte'), 14, 1n)),
    test('a wrong code hash', (w) => { for (let r = 10; r <= 15; r++) w.add(col('hashLo'), r, 1n); }),
  ],
  allow: [PADDING],
  exceptions: [
    ...['isHeader is boolean', 'isByte is boolean', 'not both header and byte'].map((c) => ({
      item: `gate bytecode row/${c}`,
      reason: 'implied by the keccak lookups (gated by isHeader and isByte, so only 0 and 1 give tuples of the table\'s kinds) together with the padding rules; kept as an explicit cheap check',
    })),
    {
      item: 'gate bytecode next/a byte row follows its header or a byte row',
      reason: 'implied while keccak ids start at 1: after a padding row the carried keccak id is 0, which no keccak input row has; kept so the table shape does not depend on the keccak numbering',
    },
  ],
};

export const bytecodeTargets: readonly SoundnessTarget[] = [bytecode];
