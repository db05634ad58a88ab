import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { coverage, opcodeName, untestedGadgets, unsupportedOps } from '../../../circuits/evm/coverage.js';
import { OPCODES } from '../../../circuits/evm/opcodes.js';
import { asm, runPrograms } from '../witness/run.js';

describe('evm coverage table', function () {
  this.timeout(60_000);

  it('lists all Cancun opcodes and the 10 precompiles; every supported opcode names existing tests', () => {
    const entries = coverage();
    expect(entries.filter((e) => e.kind === 'opcode')).to.have.length(149);
    expect(entries.filter((e) => e.kind === 'precompile').map((e) => e.code)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // the circuit's opcodes: the Cancun ones it (partly) proves, and the unassigned bytes INVALID runs
    const proven = entries.filter((e) => e.kind === 'opcode' && e.support !== 'unsupported');
    expect(proven.map((e) => e.code).sort((a, b) => a - b)).to.deep.equal([...OPCODES.keys()].filter((c) => opcodeName(c) !== undefined).sort((a, b) => a - b));
    for (const e of entries.filter((x) => x.support !== 'unsupported')) for (const t of e.tests) expect(existsSync(t), `${e.name}: ${t}`).to.equal(true);
    expect(untestedGadgets()).to.deep.equal([]);
  });

  it('unsupportedOps names what a real trace needs beyond the circuit (the batcher marks such batches unprovable)', async () => {
    const trace = await runPrograms([
      asm('PUSH1', 1, 'PUSH1', 2, 'ADD', 'POP', 'STOP'),
      asm('PUSH0', 'BLOBHASH', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH1', 8, 'GAS', 'STATICCALL', 'PUSH1', 1),
      asm('PUSH0', 'BLOCKHASH', 'POP', 'STOP'),
    ]);
    expect(unsupportedOps(trace.txs[0]!)).to.deep.equal([]);
    expect(unsupportedOps(trace.txs[1]!)).to.deep.equal([
      'a call to precompile 0x0000000000000000000000000000000000000008 (ECPAIRING): not supported yet', 'implicit STOP after PUSH1 (its pushes or memory writes are not in the trace)',
    ]);
    // BLOCKHASH of block 0 from block 1: this VM's chain keeps no past block, so it pushed 0; a node's pushes the hash
    const blockhash = trace.txs[2]!.steps.find((s) => s.name === 'BLOCKHASH')!;
    expect(blockhash.pushes).to.deep.equal([0n]);
    blockhash.pushes[0] = 0x1234n;
    expect(unsupportedOps(trace.txs[2]!)).to.deep.equal(['BLOCKHASH of one of the 256 blocks before (past block hashes are not bound yet)']);
  });
});
