import { expect } from 'chai';
import { nextBaseFee, rangeRow } from '../../../circuits/pi/block-chain.js';
import type { BlockSummary } from '../../../circuits/pi/public-input.js';
import { MockProver } from '../../../circuits/plonk/index.js';
import type { BatchCapacity } from '../../../circuits/witness/batch.js';
import { DEV_BASE_FEE, DEV_GAS_LIMIT } from '../../../node/execution/genesis.js';
import { RUN_BLOCK_PARENT } from '../../../scripts/soundness/targets/evm-block.js';
import { expectVerifierRejects, failuresAfter, summary, type Edit } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from './fixture.js';

// The chain of a batch's blocks (circuits/pi/block-chain.ts) on real executed blocks: the block after the public
// input's parent (the previous batch's last block) must have the next number, a later timestamp, EIP-1559's base fee
// and a gas used within the limit. The reviewer's construction (MED-1: TIMESTAMP = 2^63 − 1, or time going back)
// made the block context the sequencer's choice; now only the upper bound on time is left to ZkRollup.sol (L1's
// block.timestamp + 1 hour: test/contracts/rollup.test.ts).
const K = 12;
const CAPACITY: BatchCapacity = {
  k: K, txs: 1, evm: { steps: 36, bitwiseOps: 0 }, rw: 42, bytecode: 16, keccakPerms: 12, keccakUnits: 5,
  smt: { ops: 6, keys: 6, branches: 24, leaves: 12, accounts: 8 },
};
const program = asm('TIMESTAMP', 'PUSH0', 'SSTORE', 'NUMBER', 'PUSH1', 1, 'SSTORE', 'STOP');

/** The batch of one tx storing TIMESTAMP and NUMBER, in a block at `timestamp`, over the claimed parent `parent`. */
async function batch(timestamp: bigint, parent: BlockSummary = RUN_BLOCK_PARENT): Promise<SuperCircuitWithoutEcrecoverTestOnly> {
  const bound = await withStateRoots(await runPrograms([program], [], { timestamp }), [{ address: BigInt(programAddress(0).toString()), code: program }]);
  return SuperCircuitWithoutEcrecoverTestOnly.of(CAPACITY, [bound.block], bound.state, parent);
}
/** MockProver's failures, and the absolute rows of the chain region's slot 1 and of a range row (rangeRow). */
function check(c: SuperCircuitWithoutEcrecoverTestOnly): { failures: string[]; slot1: number; range: (slot: number, value: Parameters<typeof rangeRow>[1]) => number } {
  const prover = MockProver.run(K, c, c.instances());
  const start = (name: string) => prover.assignment.regions.find((r) => r.name === name)!.start;
  return { failures: summary(prover.verify()), slot1: start('block chain') + 1, range: (slot, value) => start('block chain range') + rangeRow(slot, value) };
}
const DECOMPOSITION = 'gate block chain range decomposition/value = Σ chunk·2^(bits·i)';

describe('batch circuit: the chain of blocks from the previous batch (TEST ONLY configuration, k = 12)', function () {
  this.timeout(600_000);

  it('the next base fee is @ethereumjs\'s calcNextBaseFee (target = limit / 2, max(1, …) on an increase)', () => {
    const G = 30_000_000n;
    expect(nextBaseFee(1000n, G / 2n, G)).to.equal(1000n);
    expect(nextBaseFee(1000n, 0n, G)).to.equal(875n);
    expect(nextBaseFee(1000n, G, G)).to.equal(1125n);
    expect(nextBaseFee(7n, G / 2n + 1n, G)).to.equal(8n); // the delta rounds to 0: at least 1
    expect(nextBaseFee(DEV_BASE_FEE, 0n, DEV_GAS_LIMIT)).to.equal(875_000_000n);
  });

  let honest: SuperCircuitWithoutEcrecoverTestOnly;
  /** The honest batch's tx gas used raised by one in the chain (what its block's gas used sums), nothing else. */
  let gasEdit: Edit[];

  it('a block after its parent passes (full MockProver): lastBlockSummary is the block\'s, its gas used the tx\'s', async () => {
    honest = await batch(1n);
    const block = honest.witness.contexts[0]!.header;
    expect(block.baseFeePerGas).to.equal(nextBaseFee(DEV_BASE_FEE, 0n, DEV_GAS_LIMIT));
    expect(honest.witness.pi.parentBlockSummary).to.deep.equal(RUN_BLOCK_PARENT);
    expect(honest.witness.pi.lastBlockSummary).to.deep.equal({ number: 1n, timestamp: 1n, baseFee: block.baseFeePerGas, gasUsed: honest.txs[0]!.gasUsed });
    expect(block.gasUsed).to.equal(honest.txs[0]!.gasUsed);
    const r = check(honest);
    expect(r.failures).to.deep.equal([]);
    gasEdit = [{ column: 'block chain gasUsed', row: r.slot1, value: honest.txs[0]!.gasUsed + 1n }];
  });

  it('a tx gas used other than the EVM\'s (EndTx3: gas limit − gas left) is refused by the lookup, and the block\'s sum by its rule', () => {
    expect(failuresAfter(honest, K, honest.instances(), gasEdit).map((f) => f.replace(/@\d+$/, ''))).to.deep.equal([
      'gate block chain/cum = (same block ? cum_prev : 0) + real·gasUsed', 'lookup block chain tx gas used in the EVM',
    ]);
  });

  (process.env.SLOW ? it : it.skip)('the real verifier rejects a tx gas used other than the EVM\'s', async () => {
    expect(await expectVerifierRejects(honest, K, honest.instances(), gasEdit)).to.have.length(2);
  });

  it('the reviewer\'s TIMESTAMP = 2^63 − 1 passes the circuit (after its parent); ZkRollup refuses it (over an hour after L1\'s time)', async () => {
    const c = await batch((1n << 63n) - 1n);
    expect(c.witness.pi.lastBlockSummary.timestamp).to.equal((1n << 63n) - 1n);
    expect(check(c).failures).to.deep.equal([]);
  });

  it('time going back: a parent at timestamp 10 before a block at 1 fails the new block\'s tsGap range row', async () => {
    const r = check(await batch(1n, { ...RUN_BLOCK_PARENT, timestamp: 10n }));
    expect(r.failures).to.deep.equal([`${DECOMPOSITION}@${r.range(1, 'tsGap')}`]);
  });

  it('the same timestamp as the parent is refused too (Ethereum\'s rule: strictly later)', async () => {
    const r = check(await batch(1n, { ...RUN_BLOCK_PARENT, timestamp: 1n }));
    expect(r.failures).to.deep.equal([`${DECOMPOSITION}@${r.range(1, 'tsGap')}`]);
  });

  it('a number that is not the parent\'s + 1 (parent 5, block 1) fails "new block is boolean"', async () => {
    const r = check(await batch(1n, { ...RUN_BLOCK_PARENT, number: 5n }));
    expect(r.failures).to.include.members([`gate block chain/new block is boolean (number = previous or previous + 1)@${r.slot1}`, `gate block chain/the first tx opens a block after the parent@${r.slot1}`]);
  });

  it('a base fee that is not EIP-1559\'s from the parent (parent 2 gwei, block 0.875 gwei) fails the base-fee rule', async () => {
    const r = check(await batch(1n, { ...RUN_BLOCK_PARENT, baseFee: 2n * DEV_BASE_FEE }));
    expect(r.failures).to.deep.equal([`gate block chain/new block: base fee = B + up·(quot + z) − (1 − up)·quot@${r.slot1}`]);
  });

  it('a parent that used more gas than the block gas limit fails its room range row (gas used ≤ limit)', async () => {
    const r = check(await batch(1n, { ...RUN_BLOCK_PARENT, gasUsed: DEV_GAS_LIMIT + 1n }));
    expect(r.failures).to.include(`${DECOMPOSITION}@${r.range(0, 'room')}`);
  });
});
