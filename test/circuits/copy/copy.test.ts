import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { createAddressFromString } from '@ethereumjs/util';
import { MockProver, synthesize } from '../../../circuits/plonk/index.js';
import { CopyDataType } from '../../../circuits/copy/table.js';
import { CopyWitnessError, copyCircuitRows, copyWitness, type CopyWitness } from '../../../circuits/witness/copy.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { asm, runPrograms } from '../witness/run.js';
import { corrupt, expectVerifierRejects, summary, type Edit } from '../gadgets/helpers.js';
import { CopyWithFixtures } from './fixtures.js';

const K = 9;
const CAPACITY = 400;
const CONTRACT = createAddressFromString('0x00000000000000000000000000000000000c0b1e');
const CALLDATA = Uint8Array.from([0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6]);

/** Every copying opcode with in-bound, past-the-end and empty ranges; MCOPY over overlapping ranges. */
const CODE = asm(
  'PUSH1', 8, 'PUSH1', 2, 'PUSH1', 0, 'CALLDATACOPY', // 4 calldata bytes, then 4 past its end
  'PUSH1', 10, 'PUSH1', 0, 'PUSH1', 32, 'CODECOPY',
  'PUSH1', 6, 'CODESIZE', 'PUSH1', 3, 'SWAP1', 'SUB', 'PUSH1', 64, 'CODECOPY', // the last 3 code bytes, then 3 zeros
  'PUSH1', 3, 'PUSH32', 1n << 200n, 'PUSH1', 100, 'CALLDATACOPY', // an offset far past the end: zeros
  'PUSH1', 40, 'PUSH1', 0, 'PUSH1', 4, 'MCOPY',
  'PUSH1', 50, 'PUSH1', 0, 'KECCAK256', 'POP',
  'PUSH1', 0, 'PUSH1', 0, 'KECCAK256', 'POP',
  'PUSH1', 20, 'PUSH1', 30, 'LOG0',
  'PUSH1', 7, 'PUSH1', 0, 'PUSH1', 0, 'LOG1',
  'PUSH1', 0, 'PUSH1', 0, 'PUSH1', 0, 'CALLDATACOPY',
  'STOP',
);

const EVENTS = ['CALLDATACOPY', 'CODECOPY', 'CODECOPY past the end', 'CALLDATACOPY far past the end', 'MCOPY', 'KECCAK256', 'KECCAK256 of nothing', 'LOG0', 'LOG1 without data', 'CALLDATACOPY of nothing'] as const;

describe('copy circuit (over fixture tables)', function () {
  this.timeout(120_000);
  let block: BlockTrace;
  let witness: CopyWitness;
  let circuit: CopyWithFixtures;
  /** Row of event `name`'s event row (i = −1) or its byte i, in the copy region (which starts at row 0). */
  const at = (name: (typeof EVENTS)[number], i = -1): number => {
    const n = EVENTS.indexOf(name);
    return 1 + witness.events.slice(0, n).reduce((rows, e) => rows + 1 + e.bytes.length, 0) + 1 + i;
  };
  /** Row of the RW fixture holding the operation with rw counter `rwc` (row 0 is the zero row). */
  const rwRow = (rwc: number): number => 1 + witness.rws.findIndex((r) => r.rwCounter === rwc);
  const failures = (edits: readonly Edit[]) => summary(MockProver.fromAssignment(corrupt(synthesize(circuit, K, [], true), edits)).verify());

  before(async () => {
    block = await runPrograms([{ to: CONTRACT, data: CALLDATA }], [{ address: CONTRACT, code: CODE }]);
    witness = copyWitness(block);
    circuit = new CopyWithFixtures(witness, new Map([[1, CALLDATA]]), CAPACITY);
  });

  it('copy events of a real @ethereumjs run match the EVM\'s results', () => {
    const [tx] = block.txs;
    const e = witness.events;
    expect(e.map((x) => [x.srcType, x.dstType])).to.deep.equal([
      [CopyDataType.TxCalldata, CopyDataType.Memory], [CopyDataType.Bytecode, CopyDataType.Memory], [CopyDataType.Bytecode, CopyDataType.Memory],
      [CopyDataType.TxCalldata, CopyDataType.Memory], [CopyDataType.Memory, CopyDataType.Memory], [CopyDataType.Memory, CopyDataType.Keccak],
      [CopyDataType.Memory, CopyDataType.Keccak], [CopyDataType.Memory, CopyDataType.TxLog], [CopyDataType.Memory, CopyDataType.TxLog],
      [CopyDataType.TxCalldata, CopyDataType.Memory],
    ]);
    expect([...e[0].bytes]).to.deep.equal([...CALLDATA.subarray(2), 0, 0, 0, 0]);
    expect([...e[1].bytes]).to.deep.equal([...CODE.subarray(0, 10)]);
    expect([...e[2].bytes]).to.deep.equal([...CODE.subarray(CODE.length - 3), 0, 0, 0]);
    // an offset past the end is clamped to the end; the bytes are zeros
    expect([e[3].srcAddr, e[3].srcAddrEnd, [...e[3].bytes]]).to.deep.equal([6n, 6n, [0, 0, 0]]);
    // differential: the keccak inputs hash (@noble/hashes) to what the EVM pushed; log data as in the receipt
    expect(witness.keccakInputs.map((b) => Buffer.from(keccak_256(b)).toString('hex'))).to.deep.equal(tx.keccaks.map((k) => k.output.slice(2)));
    expect(witness.keccakInputs.map((b) => b.length)).to.deep.equal([50, 0]);
    expect([e[7].bytes, e[8].bytes]).to.deep.equal(tx.logs.map((l) => l.data));
    expect(e[7].bytes.some((b) => b !== 0)).to.equal(true);
    // rw counters: consecutive, reads before writes (MCOPY: 40 reads, then 40 writes)
    expect(e.map((x) => x.rwCounter)).to.deep.equal([1, 9, 19, 25, 28, 108, 158, 158, 198, 198]);
    expect(witness.rws.map((r) => r.rwCounter)).to.deep.equal(Array.from({ length: 197 }, (_, i) => i + 1));
    expect(witness.rws.slice(27, 107).map((r) => r.isWrite)).to.deep.equal([...Array(40).fill(false), ...Array(40).fill(true)]);
    expect(witness.rwCounterEnd).to.equal(198);
  });

  it('the EVM witness\'s numbering can be passed in (tx id, call id, first keccak id, first rw counter)', () => {
    const w = copyWitness(block, { txId: () => 5, callId: (_, frame) => 900 + frame, firstKeccakId: 3, firstRwCounter: 100 });
    expect([w.events[0].srcId, w.events[0].dstId, w.events[5].dstId, w.events[7].dstId, w.events[0].rwCounter, w.rwCounterEnd]).to.deep.equal([5n, 900n, 3n, 5n, 100, 297]);
    expect(w.rws.every((r, i) => r.rwCounter === 100 + i)).to.equal(true);
  });

  it('the witness refuses rows over capacity and unclamped source offsets', () => {
    expect(() => copyCircuitRows(witness.events, 100)).to.throw(CopyWitnessError, /do not fit/);
    expect(() => copyCircuitRows([{ ...witness.events[3], srcAddr: 7n }], 100)).to.throw(CopyWitnessError, /clamp/);
  });

  it('MockProver accepts the honest witness', () => {
    expect(summary(MockProver.run(K, circuit, []).verify())).to.deep.equal([]);
  });

  describe('mutations: MockProver names exactly the broken constraint', () => {
    it('one byte that is not the calldata byte (the memory write agrees with it)', () => {
      const r = at('CALLDATACOPY', 1);
      const write = rwRow(witness.events[0].rwCounter + 1);
      expect(failures([{ column: 'copy value', row: r, value: 0x42n }, { column: 'rw fixture valueLo', row: write, value: 0x42n }])).to.deep.equal([`lookup copy calldata read@${r}`]);
    });

    it('one byte that is not the code byte', () => {
      const r = at('CODECOPY', 3);
      const write = rwRow(witness.events[1].rwCounter + 3);
      expect(failures([{ column: 'copy value', row: r, value: 0x42n }, { column: 'rw fixture valueLo', row: write, value: 0x42n }])).to.deep.equal([`lookup copy bytecode read@${r}`]);
    });

    it('one byte written to memory that was not read from memory (MCOPY)', () => {
      const r = at('MCOPY', 5);
      expect(failures([{ column: 'rw fixture valueLo', row: rwRow(witness.events[4].rwCounter + 40 + 5), value: 0x42n }])).to.deep.equal([`lookup copy memory write@${r}`]);
    });

    it('one keccak input byte, one log byte', () => {
      const [k, l] = [at('KECCAK256', 7), at('LOG0', 2)];
      expect(failures([{ column: 'keccak fixture byte', row: 7, value: (v) => v ^ 1n }])).to.deep.equal([`lookup copy keccak write@${k}`]);
      expect(failures([{ column: 'rw fixture valueLo', row: rwRow(witness.events[7].rwCounter + 20 + 2), value: (v) => v ^ 1n }])).to.deep.equal([`lookup copy log write@${l}`]);
    });

    it('a non-zero byte past the source end', () => {
      const r = at('CALLDATACOPY', 5);
      const write = rwRow(witness.events[0].rwCounter + 5);
      expect(failures([{ column: 'copy value', row: r, value: 7n }, { column: 'rw fixture valueLo', row: write, value: 7n }])).to.deep.equal([`gate copy row/a byte past the source end is 0@${r}`]);
    });

    it('a code byte inside the code claimed past its end (in-bound count lowered, bytes consistent)', () => {
      const e = at('CODECOPY past the end');
      const write = rwRow(witness.events[2].rwCounter + 1);
      expect(witness.events[2].bytes[1]).to.equal(0x37);
      // in-bound count 1 instead of 3: byte 1 (CALLDATACOPY's opcode) and byte 2 turn into zeros past the end
      const edits: Edit[] = [
        { column: 'copy inLeft', row: e, value: 1n }, { column: 'copy inLeft', row: e + 1, value: 1n }, { column: 'copy inLeft', row: e + 2, value: 0n }, { column: 'copy inLeft', row: e + 3, value: 0n },
        { column: 'copy inBound', row: e + 2, value: 0n }, { column: 'copy inBound', row: e + 3, value: 0n }, { column: 'copy value', row: e + 2, value: 0n },
        { column: 'copy isCode', row: e + 2, value: 0n }, { column: 'copy isCode', row: e + 3, value: 0n },
        { column: 'rw fixture valueLo', row: write, value: 0n }, { column: 'copy slack', row: e, value: 2n }, { column: 'copy slack byte 0', row: e, value: 2n },
      ];
      expect(failures(edits)).to.deep.equal([`gate copy row/event: inLeft = length unless the source ends inside the copy@${e}`]);
    });

    it('one rw counter (the memory write at that counter agrees)', () => {
      const r = at('CODECOPY', 4);
      const write = rwRow(witness.events[1].rwCounter + 4);
      expect(failures([{ column: 'copy rwCounter', row: r, value: (v) => v + 1n }, { column: 'rw fixture rwCounter', row: write, value: (v) => v + 1n }])).to.deep.equal([
        `gate copy next/byte: rwCounter = previous + 1 (as the event after it)@${r}`,
        `gate copy next/byte: rwCounter = previous + 1 (as the event after it)@${r + 1}`,
      ]);
    });

    it('a wrong length (on every row of the copy)', () => {
      const e = at('KECCAK256');
      const edits: Edit[] = Array.from({ length: 51 }, (_, i) => ({ column: 'copy length', row: e + i, value: (v: bigint) => v + 1n }));
      // the EVM's lookup of the true event fails too: the table no longer holds it
      expect(failures(edits)).to.deep.equal([`gate copy next/an event ends after length bytes@${e + 51}`, 'lookup evm fixture copy event@5']);
    });

    it('a wrong rwIncrease (on every row of the copy)', () => {
      const e = at('LOG0');
      const edits: Edit[] = Array.from({ length: 21 }, (_, i) => ({ column: 'copy rwIncrease', row: e + i, value: (v: bigint) => v - 1n }));
      expect(failures(edits)).to.deep.equal([`gate copy row/event: rwIncrease = reads + length for RW destinations@${e}`, 'lookup evm fixture copy event@7']);
    });

    it('the EVM stand-in looks up an event that did not happen (length, rw counter, source offset)', () => {
      for (const [column, row] of [['length', 4], ['rwCounter', 2], ['srcAddr', 0]] as const) {
        expect(failures([{ column: `evm fixture ${column}`, row, value: (v) => v + 1n }])).to.deep.equal([`lookup evm fixture copy event@${row}`]);
      }
    });

    it('bytes without their event (the event row turned into padding)', () => {
      const e = at('CALLDATACOPY');
      const cleared = ['kind', 'isEvent', 'srcCalldata', 'dstMemory', 'srcType', 'dstType', 'srcId', 'srcAddr', 'srcAddrEnd', 'dstId', 'length', 'rwCounter', 'rwIncrease', 'inLeft', 'slack', 'slack byte 0'];
      const found = failures(cleared.map((c) => ({ column: `copy ${c}`, row: e, value: 0n })));
      // the padding row itself is consistent; its byte rows are refused (the shape rule and every carried field), and the EVM's lookup
      expect(found).to.include(`gate copy next/a byte row follows its event or a byte row@${e + 1}`);
      expect(found.filter((x) => !x.endsWith(`@${e + 1}`))).to.deep.equal(['lookup evm fixture copy event@0']);
    });
  });

  it('real prover: proves and verifies; a calldata byte lie is rejected', async () => {
    const r = at('CALLDATACOPY', 0);
    const write = rwRow(witness.events[0].rwCounter);
    const lie: Edit[] = [{ column: 'copy value', row: r, value: 0x42n }, { column: 'rw fixture valueLo', row: write, value: 0x42n }];
    expect(await expectVerifierRejects(circuit, K, [], lie)).to.deep.equal([`lookup copy calldata read@${r}`]);
  });
});
