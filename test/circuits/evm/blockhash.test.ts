/**
 * BLOCKHASH outside its window (gadgets/environment.ts): 0, proven from the block number in the block table; a block
 * inside the window (the 256 before) is unprovable until past block hashes are bound to the public input.
 */
import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { UnsupportedExecutionError } from '../../../circuits/witness/evm.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 64;
const NUMBER = 1000n;
/** The current block, a far later one (hi half ≠ 0), the newest one too old (N − 257), block 0. */
const OUTSIDE = [NUMBER, 1n << 200n, NUMBER - 257n, 0n];

describe('evm circuit: BLOCKHASH outside its window (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const rows = () => w.steps.flatMap((s, i) => (s.spec.name === 'BLOCKHASH' ? [i] : []));
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);

  before(async () => {
    block = await runPrograms([asm(...OUTSIDE.flatMap((n) => ['PUSH32', n, 'BLOCKHASH', 'POP']), 'STOP')], [], { number: NUMBER });
    w = evmCase(block);
  });

  it('pushes 0 as @ethereumjs does, gas 20; MockProver passes', () => {
    expect(block.header.number).to.equal(NUMBER);
    const steps = block.txs[0]!.steps.filter((s) => s.name === 'BLOCKHASH');
    expect(steps.map((s) => [s.stack.at(-1), s.pushes[0], s.gasCost])).to.deep.equal(OUTSIDE.map((n) => [n, 0n, 20n]));
    expect(unsupportedOps(block.txs[0]!)).to.deep.equal([]);
    expect(rows().map((r) => w.steps[r]!.rws.at(-1)!.value)).to.deep.equal([0n, 0n, 0n, 0n]);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a block inside the window cannot pass as outside; the pushed word is 0; one reason, the block number from the block table', () => {
    const [current, far, old] = rows() as [number, number, number];
    // N − 257 claimed N − 256 (inside): "below" no longer holds
    expect(failures([{ column: 'evm slot 0 lo', row: old, value: NUMBER - 256n }, { column: 'evm slot 0 prev lo', row: old, value: NUMBER - 256n }]))
      .to.include(`gate evm BLOCKHASH/aux bytes 16 … 23 = below ? N − lo − 257 : 0@${old}`);
    // the current block claimed N − 1: "above" no longer holds
    expect(failures([{ column: 'evm slot 0 lo', row: current, value: NUMBER - 1n }, { column: 'evm slot 0 prev lo', row: current, value: NUMBER - 1n }]))
      .to.include(`gate evm BLOCKHASH/aux bytes 0 … 15 = above and hi = 0 ? lo − N : 0@${current}`);
    // a hash pushed
    expect(failures([{ column: 'evm slot 1 lo', row: far, value: 5n }])).to.include(`gate evm BLOCKHASH/pushed = 0 lo@${far}`);
    // both reasons at once
    expect(failures([{ column: 'evm aux byte 25', row: far, value: 1n }])).to.include(`gate evm BLOCKHASH/outside the window: above + below = 1@${far}`);
    // the far block's hi half claimed 0 (its IsZero output)
    expect(failures([{ column: 'evm c1', row: far, value: 1n }])).to.include(`gate evm BLOCKHASH/hi = 0: value·out = 0@${far}`);
    // another block number
    expect(failures([{ column: 'evm c0', row: old, value: NUMBER + 1n }])).to.include(`lookup evm block lookup@${old}`);
  });

  it('the real verifier rejects a pushed hash', async () => {
    const far = rows()[1]!;
    expect(await expectVerifierRejects(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [{ column: 'evm slot 1 lo', row: far, value: 5n }])).to.include(`gate evm BLOCKHASH/pushed = 0 lo@${far}`);
  });

  it('a block inside the window is unprovable, with the reason', async () => {
    const inside = await runPrograms([asm('PUSH2', NUMBER - 1n, 'BLOCKHASH', 'POP', 'STOP')], [], { number: NUMBER });
    // (this test VM's chain holds no past blocks, so @ethereumjs pushed 0: the builder refuses by the window, not the value)
    expect(inside.txs[0]!.steps.find((s) => s.name === 'BLOCKHASH')!.pushes).to.deep.equal([0n]);
    expect(() => evmCase(inside)).to.throw(UnsupportedExecutionError, /BLOCKHASH of block 999 \(one of the 256 before 1000\)/);
  });
});
