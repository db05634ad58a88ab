import { expect } from 'chai';
import { KeccakCircuit } from '../../../circuits/keccak/index.js';
import { MockProver, failureSummary, synthesize } from '../../../circuits/plonk/index.js';
import { RW_TABLE_FIELDS } from '../../../circuits/state/table.js';
import { bytecode } from '../../../scripts/soundness/targets/bytecode.js';
import { copy } from '../../../scripts/soundness/targets/copy.js';
import { state } from '../../../scripts/soundness/targets/state.js';
import { tx } from '../../../scripts/soundness/targets/tx.js';
import { WitnessEditor, type CircuitRun } from '../../../scripts/soundness/types.js';

/**
 * Table audit (issue #13): lookups read a dynamic table's columns on every usable row, so a row no one fills
 * must not be able to answer one. For each table, a real row's tuple with one value changed (a lie a consumer
 * would look up) is written into a row the circuit leaves unused; the MockProver must refuse it, and these are
 * the rules that do (each is also guarded alone by a negative test of the circuit's soundness target).
 * The sig, EC precompile and precompile I/O tables use a fixed `enabled` tag instead (their own tests).
 */
function forge(run: CircuitRun, columns: readonly string[], forgeries: ReadonlyArray<{ from: number; to: number; change: string }>): string[] {
  const a = synthesize(run.circuit, run.k, run.instances, true);
  const w = new WitnessEditor(a);
  for (const { from, to, change } of forgeries) {
    for (const c of columns) w.set(c, to, w.get(c, from));
    w.add(change, to, 1n);
  }
  return failureSummary(MockProver.fromAssignment(a).verify());
}

describe('table audit: a forged tuple in a row no one fills answers no lookup', function () {
  this.timeout(120_000);

  it('keccak table: the selector-less kind gate zeroes the kind off byte and digest rows', () => {
    // "" and "abc": digest rows 1373 and 2747; row 3000 is past the last block
    const run = { circuit: KeccakCircuit.of([new Uint8Array(0), new TextEncoder().encode('abc')]), k: 12, instances: [] };
    const columns = ['kind', 'id', 'index/length', 'byte', 'hash lo', 'hash hi'].map((c) => `keccak table ${c}`);
    expect(forge(run, columns, [{ from: 2747, to: 3000, change: 'keccak table hash lo' }]))
      .to.deep.equal(['gate keccak table kind/kind = data on byte rows, 2·last on digest rows, else 0@3000']);
  });

  it('bytecode table: every usable row is a header, byte or all-zero padding row (kind and padding rules)', () => {
    const columns = ['kind', 'hashLo', 'hashHi', 'indexOrLength', 'byte', 'isCode'].map((c) => `bytecode ${c}`);
    expect(forge(bytecode.honest(), columns, [{ from: 12, to: 16, change: 'bytecode byte' }])).to.deep.equal([
      'gate bytecode row/kind = isHeader + 2·isByte@16', 'gate bytecode row/no byte row: byte = 0@16', 'gate bytecode row/padding: hashHi = 0@16',
      'gate bytecode row/padding: hashLo = 0@16', 'gate bytecode row/padding: indexOrLength = 0@16',
    ]);
  });

  it('copy table: every usable row is an event, byte or all-zero padding row (kind, type and padding rules)', () => {
    const columns = ['kind', 'srcType', 'srcId', 'srcSubId', 'srcAddr', 'srcAddrEnd', 'dstType', 'dstId', 'dstSubId', 'dstAddr', 'length', 'rwCounter', 'rwIncrease'].map((c) => `copy ${c}`);
    expect(forge(copy.honest(), columns, [{ from: 16, to: 40, change: 'copy length' }])).to.deep.equal([
      'gate copy row/dstType is its flag\'s type@40', 'gate copy row/kind = EVENT_ROW·isEvent + BYTE_ROW·isByte@40',
      ...['dstId', 'dstSubId', 'length', 'rwCounter', 'rwIncrease', 'srcAddr', 'srcAddrEnd', 'srcId'].map((c) => `gate copy row/padding: ${c} = 0@40`),
      'gate copy row/srcType is its flag\'s type@40',
    ]);
  });

  it('tx table: a padding block\'s field rows and the padding machine rows are zero (txId and tag pinned, values tied)', () => {
    // row 21 is tx 2's nonce; block 4 (rows 63…83) is padding, machine row 700 is past the last stream
    const columns = ['txId', 'tag', 'index', 'valueLo', 'valueHi'].map((c) => `tx ${c}`);
    expect(forge(tx.honest(), columns, [{ from: 21, to: 63, change: 'tx valueLo' }, { from: 21, to: 700, change: 'tx valueLo' }])).to.deep.equal([
      'gate tx field/padding: valueLo = 0@63', 'gate tx field/tag = real · fixed tag@63', 'gate tx field/txId = real · block number@63',
      'gate tx rlp row/table: tag@700', 'gate tx rlp row/table: txId@700', 'gate tx rlp row/table: valueLo@700',
    ]);
  });

  it('RW table (circuits/state): the usable rows after the table are zero (unused-row rules)', () => {
    const run = state.honest();
    // row 3 is a real operation; the table ends well before row 400 (k = 9)
    expect(forge(run, RW_TABLE_FIELDS.map((c) => `rw ${c}`), [{ from: 3, to: 400, change: 'rw valueLo' }]))
      .to.deep.equal(['address', 'id', 'isWrite', 'rwCounter', 'tag', 'valueHi', 'valueLo', 'valuePrevLo'].map((c) => `gate rw unused row/${c} = 0@400`));
  });
});
