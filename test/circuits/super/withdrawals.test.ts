import { expect } from 'chai';
import type { Hex } from 'viem';
import { MockProver, synthesize } from '../../../circuits/plonk/index.js';
import { SUMMARY_TAGS } from '../../../circuits/witness/tx.js';
import type { BatchCapacity } from '../../../circuits/witness/batch.js';
import { withdrawalLeaf, withdrawalTree } from '../../../node/batcher/encoding.js';
import { WITHDRAW_ADDRESS } from '../../../node/l1/bridge.js';
import { expectVerifierRejects, summary, type Edit } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from './fixture.js';
import { Judge } from './judge.js';

// Several withdrawals in one batch: the compaction of their leaves (circuits/pi/withdrawals.ts) and the tree over
// them (circuits/pi/withdraw-tree.ts) against the node's tree (node/batcher/encoding.ts, which
// test/node/batcher/encoding.test.ts checks against ZkRollup.sol's processMerkleProof).

const K = 12;
const CAPACITY: BatchCapacity = {
  k: K, txs: 4, evm: { steps: 72, bitwiseOps: 0 }, rw: 88, bytecode: 4, keccakPerms: 26, keccakUnits: 10,
  smt: { ops: 8, keys: 4, branches: 8, leaves: 8, accounts: 8 },
};
/**
 * Keccak permutations of a batch of n withdrawals (none: one transfer): per tx its signed bytes, signing payload and
 * key, per withdrawal its leaf, the tree's 2^⌈log2 n⌉ − 1 hashed nodes, the block context (108 bytes a tx), the tx
 * data and the public input (two). Each batch gets just its keccak units (the tree's layout depends on the tx
 * slots only), which keeps the synthesis of the smaller ones cheap.
 */
const PERMS = [3 + 1 + 1 + 2, 3 + 1 + 0 + 1 + 1 + 2, 6 + 2 + 1 + 2 + 1 + 2, 9 + 3 + 3 + 3 + 1 + 2, 12 + 4 + 3 + 4 + 1 + 2];
const BLOCK = SUMMARY_TAGS.length;
const slow = process.env.SLOW ? it : it.skip;

/** A block of `n` withdrawals (amounts 1000 + i; none: one plain transfer) and the TEST ONLY batch circuit over it. */
async function batchOf(n: number): Promise<SuperCircuitWithoutEcrecoverTestOnly> {
  const txs = n === 0 ? [{ to: programAddress(9), value: 1n }] : Array.from({ length: n }, (_, i) => ({ to: WITHDRAW_ADDRESS, value: 1000n + BigInt(i) }));
  const bound = await withStateRoots(await runPrograms(txs));
  // about 2.6 permutations per keccak unit fit beside the rest at k = 12
  return SuperCircuitWithoutEcrecoverTestOnly.of({ ...CAPACITY, keccakPerms: PERMS[n]!, keccakUnits: Math.ceil(PERMS[n]! / 2.6) }, [bound.block], bound.state);
}

describe(`batch circuit: several withdrawals, one tree (TEST ONLY configuration, k = ${K}, ${CAPACITY.txs} tx slots)`, function () {
  this.timeout(300_000);
  const circuits: SuperCircuitWithoutEcrecoverTestOnly[] = [];
  let judge: Judge;
  before(async () => {
    for (let n = 0; n <= 4; n++) circuits.push(await batchOf(n));
    judge = new Judge(circuits[3]!, K);
  });

  it('0 … 4 withdrawals: withdrawRoot is the node\'s tree (the contract\'s) over their leaves in tx order; each batch passes (full MockProver)', () => {
    for (const [n, c] of circuits.entries()) {
      const leaves = c.txs.filter((t) => t.to !== null && t.to.toLowerCase() === WITHDRAW_ADDRESS.toString()).map((t) => withdrawalLeaf({ to: t.from as Hex, amount: t.value, nonce: t.nonce }));
      expect(leaves).to.have.length(n);
      expect(c.witness.pi.withdrawRoot, `${n} withdrawals`).to.equal(withdrawalTree(leaves).root);
      // the tree hashes 2^⌈log2 n⌉ − 1 nodes (one keccak permutation each): the ones under the root
      expect(c.witness.keccakIds.withdrawNodes, `${n} withdrawals`).to.have.length([0, 0, 1, 3, 3][n]!);
      expect(c.witness.usage).to.include({ withdrawals: n, keccakPerms: PERMS[n] });
      const assignment = n === 3 ? judge.honest : undefined;
      expect(summary((assignment ? MockProver.fromAssignment(assignment) : MockProver.run(K, c, c.instances())).verify()), `${n} withdrawals`).to.deep.equal([]);
    }
  });

  it('one tx slot (the devnet\'s): no node is laid out, the root is the leaf (full MockProver)', async () => {
    const bound = await withStateRoots(await runPrograms([{ to: WITHDRAW_ADDRESS, value: 77n }]));
    const c = SuperCircuitWithoutEcrecoverTestOnly.of({ ...CAPACITY, txs: 1, evm: { steps: 24, bitwiseOps: 0 }, rw: 32, keccakPerms: 8, keccakUnits: 3 }, [bound.block], bound.state);
    const t = c.txs[0]!;
    expect(c.witness.pi.withdrawRoot).to.equal(withdrawalLeaf({ to: t.from as Hex, amount: 77n, nonce: t.nonce }));
    const assignment = synthesize(c, K, c.instances(), true);
    expect(assignment.regions.map((r) => r.name)).to.include('withdraw tree root').and.not.to.include('withdraw tree node');
    expect(summary(MockProver.fromAssignment(assignment).verify())).to.deep.equal([]);
  });

  // mutations of the three-withdrawal batch (leaves A, B, C; slot 3 empty): regions "withdrawals" (a block of
  // BLOCK rows per tx, slot k on its row k), "withdraw tree node" ((1, 0), (1, 1), (2, 0)), "withdraw tree root"
  const w = () => judge.regionStart('withdrawals');
  const leafOf = (b: number) => ({ hi: judge.value('withdraw leafHi', w() + b * BLOCK), lo: judge.value('withdraw leafLo', w() + b * BLOCK) });
  /** The compacted leaves as `perBlock(b)` lists them at block b (slot k: a leaf or 0), in every block. */
  const compaction = (perBlock: (b: number) => ReadonlyArray<{ hi: bigint; lo: bigint } | undefined>): Edit[] =>
    Array.from({ length: CAPACITY.txs }, (_, b) => perBlock(b).flatMap((leaf, k) => [
      { column: 'withdraw hi', row: w() + b * BLOCK + k, value: leaf?.hi ?? 0n }, { column: 'withdraw lo', row: w() + b * BLOCK + k, value: leaf?.lo ?? 0n },
    ])).flat();
  const slot = (b: number, k: number, value: bigint): Edit => ({ column: 'withdraw slot', row: w() + b * BLOCK + k, value });

  it('a swapped leaf order (A and C exchange slots, every running leaf consistent) is refused by the slot = cnt − 1 rule', () => {
    const [a, b, c] = [leafOf(0), leafOf(1), leafOf(2)];
    const swapped = [[undefined, undefined, a], [undefined, b, a], [c, b, a], [c, b, a]] as const;
    expect(judge.itemsAfter([slot(0, 0, 0n), slot(0, 2, 1n), slot(2, 2, 0n), slot(2, 0, 1n), ...compaction((blk) => swapped[blk]!)])).to.deep.equal([
      'gate withdrawals/Σ k·slot_k = w·(cnt − 1)', 'copy withdraw hi~withdraw tree value', 'copy withdraw lo~withdraw tree value',
    ]);
  });

  it('a dropped leaf (C left out of the compaction: slot 2 stays 0) is refused by Σ slot = w (and its slot rule)', () => {
    const [a, b] = [leafOf(0), leafOf(1)];
    const dropped = [[a], [a, b], [a, b, undefined], [a, b, undefined]] as const;
    expect(judge.itemsAfter([slot(2, 2, 0n), ...compaction((blk) => dropped[blk]!)])).to.deep.equal([
      'gate withdrawals/Σ slot = w', 'gate withdrawals/Σ k·slot_k = w·(cnt − 1)', 'copy withdraw hi~withdraw tree value', 'copy withdraw lo~withdraw tree value',
    ]);
  });

  it('an unsorted pair (node (1, 0) hashing max ‖ min: s flipped, x and y exchanged, the lo difference in range) is refused by the hi difference', () => {
    const node = judge.regionStart('withdraw tree node');
    const v = (r: number) => judge.value('withdraw tree value', node + r);
    const [xHi, xLo, yHi, yLo] = [v(5), v(6), v(7), v(8)];
    const borrow = xLo < yLo ? 1n : 0n; // the lo difference of the swapped pair, y' lo − x' lo = x lo − y lo, made ≥ 0
    const dLo = xLo - yLo + borrow * (1n << 128n);
    const bytes: Edit[] = Array.from({ length: 16 }, (_, i) => [
      { column: 'withdraw tree byte', row: node + i, value: (dLo >> BigInt(8 * (15 - i))) & 0xffn },
      { column: 'withdraw tree acc', row: node + i, value: dLo >> BigInt(8 * (15 - i)) },
    ]).flat();
    const cells = ([[4, 1n - v(4)], [5, yHi], [6, yLo], [7, xHi], [8, xLo], [9, borrow]] as const).map(([r, value]) => ({ column: 'withdraw tree value', row: node + r, value }));
    expect(judge.itemsAfter([...cells, ...bytes])).to.deep.equal([
      'gate withdraw tree node/y hi − x hi − borrow = its 16 bytes', 'copy withdraw tree value~withdraw node value',
    ]);
  });

  it('a wrong count level ([cnt = 2] for 3 withdrawals: the root one level down, node (1, 0)) is refused by Σ c·[cnt = c] = cnt', () => {
    const root = judge.regionStart('withdraw tree root');
    // rows: 0 cnt, 1–5 [cnt = 0 … 4], 6–11 node (d, 0) for d = 0, 1, 2, 12–13 root
    const v = (r: number) => judge.value('withdraw tree value', root + r);
    const edits = ([[3, 1n], [4, 0n], [12, v(8)], [13, v(9)]] as const).map(([r, value]) => ({ column: 'withdraw tree value', row: root + r, value }));
    expect(judge.itemsAfter(edits)).to.deep.equal([
      'gate withdraw tree root/Σ c·[cnt = c] = cnt', 'gate withdraw tree root/on (1, 1) = [level(cnt) ≥ 2]', 'gate withdraw tree root/on (2, 0) = [level(cnt) ≥ 2]',
      'copy pi value~withdraw tree value',
    ]);
  });

  it('one corrupted cell of each rule is refused by that rule (by name)', () => {
    const node = judge.regionStart('withdraw tree node');
    const root = judge.regionStart('withdraw tree root');
    const at = (column: string, row: number, value: (v: bigint) => bigint): Edit => ({ column, row, value });
    const cases: Array<[string, Edit[], string[]]> = [
      ['a running leaf', [at('withdraw hi', w() + BLOCK, (x) => x + 1n)], ['gate withdrawals/leaf 0 hi = leaf one block up + slot·leaf']],
      ['a slot flag 2 (a padding block)', [at('withdraw slot', w() + 3 * BLOCK + 1, () => 2n)], ['gate withdrawals/slot 1 is boolean', 'gate withdrawals/Σ slot = w', 'gate withdrawals/Σ k·slot_k = w·(cnt − 1)']],
      ['the swap bit 2', [at('withdraw tree value', node + 4, () => 2n)], ['s is boolean', 'x hi = s ? b : a', 'y hi = s ? a : b', 'x lo = s ? b : a', 'y lo = s ? a : b'].map((r) => `gate withdraw tree node/${r}`)],
      ['x hi', [at('withdraw tree value', node + 5, (x) => x + 1n)], ['gate withdraw tree node/x hi = s ? b : a', 'gate withdraw tree node/y hi − x hi − borrow = its 16 bytes', 'copy withdraw tree value~withdraw node value']],
      ['the borrow 2', [at('withdraw tree value', node + 9, () => 2n)], ['borrow is boolean', 'y lo − x lo + borrow·2^128 = its 16 bytes', 'y hi − x hi − borrow = its 16 bytes'].map((r) => `gate withdraw tree node/${r}`)],
      ['a difference accumulator', [at('withdraw tree acc', node + 3, (x) => x + 1n)], ['gate withdraw tree diff/acc = 256·acc_prev·(not start) + byte']],
      ['a difference byte 256 (its accumulator consistent)', [at('withdraw tree byte', node + 20, (x) => x + 256n), at('withdraw tree acc', node + 20, (x) => x + 256n)], [
        'gate withdraw tree diff/acc = 256·acc_prev·(not start) + byte', 'lookup withdraw tree diff byte',
      ]],
      ['a count flag 2', [at('withdraw tree value', root + 1, () => 2n)], [
        '[cnt = 0] is boolean', 'Σ [cnt = c] = 1', 'root hi = Σ [level(cnt) = d]·node (d, 0) hi', 'root lo = Σ [level(cnt) = d]·node (d, 0) lo',
      ].map((r) => `gate withdraw tree root/${r}`)],
      ['the root hi', [at('withdraw tree value', root + 12, (x) => x + 1n)], ['gate withdraw tree root/root hi = Σ [level(cnt) = d]·node (d, 0) hi', 'copy pi value~withdraw tree value']],
      ['a node\'s on flag', [at('withdraw tree value', root + 14, () => 0n)], ['gate withdraw tree root/on (1, 0) = [level(cnt) ≥ 1]', 'copy withdraw tree value~withdraw node on']],
    ];
    for (const [name, edits, refused] of cases) expect(judge.itemsAfter(edits), name).to.deep.equal(refused);
  });

  slow('the real verifier rejects the swapped leaf order (run once: 22 min on the loaded box)', async function () {
    this.timeout(3_600_000);
    const [a, b, c] = [leafOf(0), leafOf(1), leafOf(2)];
    const swapped = [[undefined, undefined, a], [undefined, b, a], [c, b, a], [c, b, a]] as const;
    const circuit = circuits[3]!;
    const failures = await expectVerifierRejects(circuit, K, circuit.instances(), [slot(0, 0, 0n), slot(0, 2, 1n), slot(2, 2, 0n), slot(2, 0, 1n), ...compaction((blk) => swapped[blk]!)]);
    expect(failures.map((f) => f.split('@')[0])).to.include('gate withdrawals/Σ k·slot_k = w·(cnt − 1)');
  });
});

// Review LOW-3: a genesis may put code at the withdrawal address; a tx to it that reverts keeps its value on the
// sender, so it must mint no leaf: the chip takes each tx's receipt status from the EVM's EndTx (txStatusTable).
describe('batch circuit: a reverted tx to the withdrawal address is no withdrawal (TEST ONLY configuration, k = 12)', function () {
  this.timeout(300_000);
  const revert = asm('PUSH0', 'PUSH0', 'REVERT');
  const ONE_TX: BatchCapacity = { ...CAPACITY, txs: 1, evm: { steps: 36, bitwiseOps: 0 }, rw: 42, bytecode: 16, keccakPerms: 12, keccakUnits: 5 };
  let circuit: SuperCircuitWithoutEcrecoverTestOnly;
  let judge: Judge;
  before(async () => {
    const contracts = [{ address: WITHDRAW_ADDRESS, code: revert }];
    const bound = await withStateRoots(await runPrograms([{ to: WITHDRAW_ADDRESS, value: 1000n }], contracts), [{ address: BigInt(WITHDRAW_ADDRESS.toString()), code: revert }]);
    circuit = SuperCircuitWithoutEcrecoverTestOnly.of(ONE_TX, [bound.block], bound.state);
    judge = new Judge(circuit, K);
  });

  it('the reverted tx (status 0) mints no leaf: withdrawRoot 0, the batch passes (full MockProver)', () => {
    expect(circuit.txs[0]).to.include({ status: 0, value: 1000n });
    expect(circuit.witness.pi.withdrawRoot).to.equal(`0x${'00'.repeat(32)}`);
    expect(summary(MockProver.fromAssignment(judge.honest).verify())).to.deep.equal([]);
  });

  it('its status claimed 1 (success) is refused by the lookup into the EVM\'s EndTx statuses (and w = sent·status)', () => {
    expect(judge.itemsAfter([{ column: 'withdraw status', row: judge.regionStart('withdrawals'), value: 1n }])).to.deep.equal([
      'gate withdrawals/w = sent·status', 'lookup withdrawals tx status',
    ]);
  });
});
