import { expect } from 'chai';
import { sha256 } from '@noble/hashes/sha2.js';
import { createAddressFromString } from '@ethereumjs/util';
import { MockProver, synthesize } from '../../../circuits/plonk/index.js';
import { CopyDataType } from '../../../circuits/copy/table.js';
import { copyWitness, type CopyWitness } from '../../../circuits/witness/copy.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { asm, runPrograms } from '../witness/run.js';
import { corrupt, summary, type Edit } from '../gadgets/helpers.js';
import { CopyWithFixtures } from './fixtures.js';

const K = 9;
const CAPACITY = 200;
const [A, B, C] = ['ca11e0a', 'ca11e0b', 'ca11e0c'].map((x) => createAddressFromString(`0x${x.padStart(40, '0')}`));

/** B: copies calldata[1..13) (8 bytes of calldata: 7, then 5 zeros) to memory 0, logs 3 of them, returns 16 bytes. */
const B_CODE = asm('PUSH1', 12, 'PUSH1', 1, 'PUSH1', 0, 'CALLDATACOPY', 'PUSH1', 3, 'PUSH1', 1, 'LOG0', 'PUSH1', 16, 'PUSH1', 0, 'RETURN');
/** C: logs, then reverts with 4 bytes of its (empty) memory: the log is written nowhere. */
const C_CODE = asm('PUSH1', 2, 'PUSH1', 0, 'LOG0', 'PUSH1', 4, 'PUSH1', 0, 'REVERT');
/** A: calls B with args [24, 32) and an overlapping 10-byte return buffer at 20, copies the return data, B's code, then C's revert data. */
const A_CODE = asm(
  'PUSH8', 0x1122334455667788n, 'PUSH1', 0, 'MSTORE',
  'PUSH1', 10, 'PUSH1', 20, 'PUSH1', 8, 'PUSH1', 24, 'PUSH1', 0, 'PUSH20', BigInt(B.toString()), 'GAS', 'CALL', 'POP',
  'PUSH1', 16, 'PUSH1', 0, 'PUSH1', 64, 'RETURNDATACOPY',
  'PUSH1', 5, 'PUSH1', 3, 'PUSH1', 96, 'RETURNDATACOPY',
  'PUSH1', 40, 'PUSH1', 0, 'PUSH1', 128, 'PUSH20', BigInt(B.toString()), 'EXTCODECOPY',
  'PUSH1', 8, 'PUSH1', 200, 'PUSH1', 0, 'PUSH1', 0, 'PUSH1', 0, 'PUSH20', BigInt(C.toString()), 'GAS', 'CALL', 'POP',
  'PUSH1', 4, 'PUSH1', 0, 'PUSH1', 210, 'RETURNDATACOPY',
  'STOP',
);
const [D, E] = ['ca11e0d', 'ca11e0e'].map((x) => createAddressFromString(`0x${x.padStart(40, '0')}`));
/** D: sends 32 bytes through the identity precompile and 5 through sha256, copying parts of each output again. */
const D_CODE = asm(
  'PUSH32', BigInt(`0x${Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)).toString('hex')}`), 'PUSH1', 0, 'MSTORE',
  'PUSH1', 32, 'PUSH1', 32, 'PUSH1', 32, 'PUSH1', 0, 'PUSH1', 4, 'GAS', 'STATICCALL', 'POP',
  'PUSH1', 16, 'PUSH1', 8, 'PUSH1', 96, 'RETURNDATACOPY',
  'PUSH1', 16, 'PUSH1', 128, 'PUSH1', 5, 'PUSH1', 0, 'PUSH1', 2, 'GAS', 'STATICCALL', 'POP',
  'PUSH1', 10, 'PUSH1', 2, 'PUSH1', 160, 'RETURNDATACOPY',
  'STOP',
);

describe('copy witness and circuit: nested calls', function () {
  this.timeout(120_000);
  let block: BlockTrace;
  let witness: CopyWitness;
  let circuit: CopyWithFixtures;

  before(async () => {
    block = await runPrograms([{ to: A }], [{ address: A, code: A_CODE }, { address: B, code: B_CODE }, { address: C, code: C_CODE }]);
    witness = copyWitness(block);
    circuit = new CopyWithFixtures(witness, new Map(), CAPACITY);
  });

  it('calldata from the caller\'s memory, RETURN/REVERT into the caller\'s buffer, RETURNDATACOPY, EXTCODECOPY', () => {
    const [tx] = block.txs;
    expect(tx.status).to.equal(1);
    const callA = 1024n; // frame 0 of tx 0
    const callB = 1025n;
    const callC = 1026n;
    const summary = witness.events.map((e) => [e.srcType, e.srcId, e.srcAddr, e.srcAddrEnd, e.dstType, e.dstId, e.dstAddr, Buffer.from(e.bytes).toString('hex')]);
    // B's memory: calldata[1..13) = the args' bytes 1..7, then zeros; B returns its first 16 bytes
    const returned = '22334455667788' + '00'.repeat(9);
    expect(summary).to.deep.equal([
      [CopyDataType.Memory, callA, 25n, 32n, CopyDataType.Memory, callB, 0n, '22334455667788' + '00'.repeat(5)],
      [CopyDataType.Memory, callB, 1n, 4n, CopyDataType.TxLog, 1n, 0n, '334455'],
      [CopyDataType.Memory, callB, 0n, 10n, CopyDataType.Memory, callA, 20n, returned.slice(0, 20)],
      [CopyDataType.Memory, callB, 0n, 16n, CopyDataType.Memory, callA, 64n, returned],
      [CopyDataType.Memory, callB, 3n, 16n, CopyDataType.Memory, callA, 96n, '5566778800'],
      [CopyDataType.Bytecode, witness.events[5].srcId, 0n, BigInt(B_CODE.length), CopyDataType.Memory, callA, 128n, Buffer.from(B_CODE).toString('hex') + '00'.repeat(40 - B_CODE.length)],
      [CopyDataType.Memory, callC, 0n, 4n, CopyDataType.Memory, callA, 200n, '00000000'],
      [CopyDataType.Memory, callC, 0n, 4n, CopyDataType.Memory, callA, 210n, '00000000'],
    ]);
    // the caller's buffer before the return overlapped the args: the writes' previous bytes are the args
    expect(Buffer.from(witness.events[2].dstPrev).toString('hex')).to.equal('00000000112233445566');
    // the reverted frame's log is in no receipt and no copy: the receipt's logs are the TxLog copies
    expect(tx.logs.map((l) => Buffer.from(l.data).toString('hex'))).to.deep.equal(['334455']);
  });

  it('MockProver accepts the honest witness; a returned byte that is not in the callee\'s memory is named', () => {
    expect(summary(MockProver.run(K, circuit, []).verify())).to.deep.equal([]);
    // the RETURN copy (event 2): its byte 2 in the caller's memory write changed (the callee's read agrees with it)
    const e = 1 + witness.events[0].bytes.length + 1 + witness.events[1].bytes.length + 1;
    const r = e + 1 + 2;
    const rw = (rwc: number) => 1 + witness.rws.findIndex((x) => x.rwCounter === rwc);
    const edits: Edit[] = [{ column: 'copy value', row: r, value: 0x99n }, { column: 'rw fixture valueLo', row: rw(witness.events[2].rwCounter + 10 + 2), value: 0x99n }];
    expect(summary(MockProver.fromAssignment(corrupt(synthesize(circuit, K, [], true), edits)).verify())).to.deep.equal([`lookup copy memory read@${r}`]);
  });

  it('precompile calls: input from memory, output to the return buffer and by RETURNDATACOPY (sha256 against @noble/hashes)', async () => {
    const run = await runPrograms([{ to: D }], [{ address: D, code: D_CODE }]);
    const w = copyWitness(run);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const input = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const digest = sha256(input.subarray(0, 5));
    expect(w.events.map((e) => [e.srcType, e.srcId, e.srcAddr, e.srcAddrEnd, e.dstType, e.dstId, e.dstAddr, hex(e.bytes)])).to.deep.equal([
      [CopyDataType.Memory, 1024n, 0n, 32n, CopyDataType.PrecompileInput, 1025n, 0n, hex(input)],
      [CopyDataType.PrecompileOutput, 1025n, 0n, 32n, CopyDataType.Memory, 1024n, 32n, hex(input)],
      [CopyDataType.PrecompileOutput, 1025n, 8n, 32n, CopyDataType.Memory, 1024n, 96n, hex(input.subarray(8, 24))],
      [CopyDataType.Memory, 1024n, 0n, 5n, CopyDataType.PrecompileInput, 1026n, 0n, hex(input.subarray(0, 5))],
      [CopyDataType.PrecompileOutput, 1026n, 0n, 32n, CopyDataType.Memory, 1024n, 128n, hex(digest.subarray(0, 16))],
      [CopyDataType.PrecompileOutput, 1026n, 2n, 32n, CopyDataType.Memory, 1024n, 160n, hex(digest.subarray(2, 12))],
    ]);
    expect(w.precompiles.map((p) => [p.callId, hex(p.input), hex(p.output)])).to.deep.equal([[1025n, hex(input), hex(input)], [1026n, hex(input.subarray(0, 5)), hex(digest)]]);

    const fixture = new CopyWithFixtures(w, new Map(), CAPACITY);
    expect(summary(MockProver.run(K, fixture, []).verify())).to.deep.equal([]);
    // byte 3 of sha256's output in the I/O table changed: neither the copy into the return buffer nor RETURNDATACOPY reads it
    const outputRow = 1 + 32 + 32 + 5 + 3; // fixture rows: zero row, identity input and output, sha256 input, then its output
    const intoBuffer = 1 + (1 + 32) + (1 + 32) + (1 + 16) + (1 + 5) + 1 + 3;
    const byReturnDataCopy = intoBuffer + 16 - 3 + 1 + 1; // its byte 1 (offset 2)
    const edits: Edit[] = [{ column: 'precompile fixture byte', row: outputRow, value: (v) => v ^ 1n }];
    expect(summary(MockProver.fromAssignment(corrupt(synthesize(fixture, K, [], true), edits)).verify())).to.have.members([
      `lookup copy precompile output read@${intoBuffer}`, `lookup copy precompile output read@${byReturnDataCopy}`,
    ]);
  });

  describe('creations', () => {
    /** Y: init code deploying 0x5f00. */
    const Y = asm('PUSH2', 0x5f00, 'PUSH1', 0, 'MSTORE', 'PUSH1', 2, 'PUSH1', 30, 'RETURN');
    const R = asm('PUSH1', 0x2a, 'PUSH1', 0, 'MSTORE');
    /** X: init code: copies its own first 4 bytes, CREATE2s Y, then deploys R. */
    const X = asm(
      'PUSH1', 4, 'PUSH1', 0, 'PUSH1', 64, 'CODECOPY',
      'PUSH11', BigInt(`0x${Buffer.from(Y).toString('hex')}`), 'PUSH1', 0, 'MSTORE',
      'PUSH1', 0, 'PUSH1', 11, 'PUSH1', 21, 'PUSH1', 0, 'CREATE2', 'POP',
      'PUSH5', BigInt(`0x${Buffer.from(R).toString('hex')}`), 'PUSH1', 0, 'MSTORE',
      'PUSH1', 5, 'PUSH1', 27, 'RETURN',
    );
    /** P: copies X (appended to its code after these 16 bytes) to memory and CREATEs it. */
    const P = Uint8Array.from([...asm('PUSH1', X.length, 'PUSH1', 16, 'PUSH1', 0, 'CODECOPY', 'PUSH1', X.length, 'PUSH1', 0, 'PUSH1', 0, 'CREATE', 'POP', 'STOP'), ...X]);

    it('init code and deployed code become bytecode; MockProver names a deployed byte that was not in memory', async () => {
      const created = await runPrograms([{ to: E }], [{ address: E, code: P }]);
      const w = copyWitness(created);
      const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
      expect(w.events.map((e) => [e.srcType, e.srcAddr, e.srcAddrEnd, e.dstType, e.dstAddr, hex(e.bytes)])).to.deep.equal([
        [CopyDataType.Bytecode, 16n, BigInt(P.length), CopyDataType.Memory, 0n, hex(X)],
        [CopyDataType.Memory, 0n, BigInt(X.length), CopyDataType.Bytecode, 0n, hex(X)],
        [CopyDataType.Bytecode, 0n, BigInt(X.length), CopyDataType.Memory, 64n, hex(X.subarray(0, 4))],
        [CopyDataType.Memory, 21n, 32n, CopyDataType.Bytecode, 0n, hex(Y)],
        [CopyDataType.Memory, 30n, 32n, CopyDataType.Bytecode, 0n, '5f00'],
        [CopyDataType.Memory, 27n, 32n, CopyDataType.Bytecode, 0n, hex(R)],
      ]);
      // differential: the init codes are what the new frames ran, the deployed codes what the tracer saw deployed
      const [, createX, createY] = created.txs[0].frames;
      expect([createX.kind, hex(createX.input), createY.kind]).to.deep.equal(['CREATE', hex(X), 'CREATE2']);
      const deployed = new Set(created.bytecodes.map((b) => b.codeHash));
      for (const e of w.events.slice(4)) expect(deployed.has(w.codes.find((c) => hex(c.code) === hex(e.bytes))!.codeHash), hex(e.bytes)).to.equal(true);
      expect(w.events[3].isCode.join('')).to.equal('10010110101');

      const fixture = new CopyWithFixtures(w, new Map(), CAPACITY);
      expect(summary(MockProver.run(K, fixture, []).verify())).to.deep.equal([]);
      const r = 1 + 2 * (1 + X.length) + (1 + 4) + (1 + Y.length) + (1 + 2) + 1 + 3; // byte 3 of the deployed R
      const read = 1 + w.rws.findIndex((x) => x.rwCounter === w.events[5].rwCounter + 3);
      expect(w.events[2].srcId).to.equal(w.events[1].dstId); // X's CODECOPY reads the code its CREATE wrote
      const edits: Edit[] = [{ column: 'copy value', row: r, value: 0x99n }, { column: 'rw fixture valueLo', row: read, value: 0x99n }, { column: 'rw fixture valuePrevLo', row: read, value: 0x99n }];
      expect(summary(MockProver.fromAssignment(corrupt(synthesize(fixture, K, [], true), edits)).verify())).to.deep.equal([`lookup copy bytecode write@${r}`]);
    });
  });
});
