import { expect } from 'chai';
import hre from 'hardhat';
import { readFileSync } from 'node:fs';
import {
  decodeErrorResult,
  encodeAbiParameters,
  encodePacked,
  getAddress,
  keccak256,
  parseEther,
  type Abi,
  type Address,
  type Hex,
} from 'viem';

// ZkRollup (contracts/ZkRollup.sol) on the in-process Hardhat network: commit / finalize / revert of batches,
// the L1→L2 message queue (ETH deposits), withdrawal claims with Merkle proofs, the verifier upgrade path.
// Every encoding the contract documents is recomputed here in TS (viem) and compared with the contract.
// A MockVerifier (contracts/test/) stands in for the batch circuit's verifier, which does not exist yet; one
// test wires the real generated FibonacciVerifier through setVerifier to exercise the VK digest check.

type Fn<R> = (args?: readonly unknown[], opts?: { value?: bigint; account?: Address }) => Promise<R>;
interface Contract {
  address: Address;
  read: Record<string, Fn<any>>;
  write: Record<string, Fn<Hex>>;
}

// ─── TS mirrors of the contract's encodings ──────────────────────────────────────────────────────────────

const ZERO: Hex = `0x${'00'.repeat(32)}`;
const CHAIN_ID = 53_077n;
const GENESIS_ROOT = keccak256(encodePacked(['string'], ['genesis']));
const MOCK_DIGEST = 0x1234_5678n;
/** ZkRollup's blockSummary: bytes32(abi.encodePacked(uint64 number, timestamp, baseFee, gasUsed)). */
const summary = (number: bigint, timestamp: bigint, baseFee = 1_000_000_000n, gasUsed = 21_000n): Hex =>
  encodePacked(['uint64', 'uint64', 'uint64', 'uint64'], [number, timestamp, baseFee, gasUsed]);
const GENESIS_BLOCK = summary(0n, 0n, 1_000_000_000n, 0n);

const root = (s: string): Hex => keccak256(encodePacked(['string'], [s]));

function batchHash(b: {
  index: bigint; parent: Hex; prev: Hex; next: Hex; withdrawRoot: Hex; txDataHash: Hex;
  l1Start: bigint; numL1: bigint; l1Hash: Hex; ctx: Hex;
}): Hex {
  return keccak256(
    encodePacked(
      ['uint64', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'uint64', 'uint64', 'bytes32', 'bytes32'],
      [b.index, b.parent, b.prev, b.next, b.withdrawRoot, b.txDataHash, b.l1Start, b.numL1, b.l1Hash, b.ctx],
    ),
  );
}

/** The batch circuit's 264-byte public input; `ctx` is the batch's blockContextHash, `parent` / `last` block summaries. */
function publicInput(prev: Hex, next: Hex, withdrawRoot: Hex, txDataHash: Hex, l1Hash: Hex, ctx: Hex, parent: Hex, last: Hex): { hash: Hex; hi: bigint; lo: bigint } {
  const hash = keccak256(
    encodePacked(
      ['uint64', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32'],
      [CHAIN_ID, prev, next, withdrawRoot, txDataHash, l1Hash, ctx, parent, last],
    ),
  );
  const v = BigInt(hash);
  return { hash, hi: v >> 128n, lo: v & ((1n << 128n) - 1n) };
}

const l1MessageHash = (sender: Address, to: Address, value: bigint, nonce: bigint): Hex =>
  keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }], [sender, to, value, nonce]));

const fold = (hashes: readonly Hex[], start: Hex = ZERO): Hex =>
  hashes.reduce<Hex>((h, m) => keccak256(encodePacked(['bytes32', 'bytes32'], [h, m])), start);

interface Withdrawal { to: Address; amount: bigint; nonce: bigint }
const leafOf = (w: Withdrawal): Hex =>
  keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }, { type: 'uint256' }], [w.to, w.amount, w.nonce]));
const node = (a: Hex, b: Hex): Hex =>
  BigInt(a) < BigInt(b) ? keccak256(encodePacked(['bytes32', 'bytes32'], [a, b])) : keccak256(encodePacked(['bytes32', 'bytes32'], [b, a]));

/** The canonical tree: leaves in order, padded with zero to a power of two. Returns the root and a prover. */
function merkleTree(leaves: readonly Hex[]): { root: Hex; proof(i: number): Hex[] } {
  if (leaves.length === 0) return { root: ZERO, proof: () => [] };
  let size = 1;
  while (size < leaves.length) size *= 2;
  const levels: Hex[][] = [[...leaves, ...Array<Hex>(size - leaves.length).fill(ZERO)]];
  while (levels.at(-1)!.length > 1) {
    const l = levels.at(-1)!;
    levels.push(Array.from({ length: l.length / 2 }, (_, i) => node(l[2 * i], l[2 * i + 1])));
  }
  return {
    root: levels.at(-1)![0],
    proof: (i) => levels.slice(0, -1).map((l, d) => l[(i >> d) ^ 1]),
  };
}

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────────────────

let rollupAbi: Abi;

/** Checksums address-shaped strings (viem returns checksummed addresses, deployContract lowercase ones). */
const norm = (v: unknown): unknown => (typeof v === 'string' && /^0x[0-9a-f]{40}$/i.test(v) ? getAddress(v) : v);

/** The revert data of a failed call/transaction: the `data` of the innermost error that carries one. */
function revertData(err: unknown): Hex | undefined {
  let found: Hex | undefined;
  for (let e: any = err, depth = 0; e && depth < 16; e = e.cause, depth++) {
    if (typeof e.data === 'string' && /^0x[0-9a-f]*$/i.test(e.data)) found = e.data as Hex;
    else if (typeof e.data?.data === 'string') found = e.data.data as Hex;
  }
  return found;
}

/** Asserts that `p` reverts with the custom error `name` of ZkRollup's ABI (and, when given, these args). */
async function expectRevert(p: Promise<unknown>, name: string, args?: readonly unknown[]): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, `expected a revert with ${name}, got success`).to.not.equal(undefined);
  const data = revertData(err);
  const first = String((err as Error).message).split('\n')[0];
  expect(data, `no revert data (expected ${name}); got: ${first}`).to.be.a('string');
  const decoded = decodeErrorResult({ abi: rollupAbi, data: data! });
  expect(decoded.errorName, `expected custom error ${name}; got: ${first}`).to.equal(name);
  if (args) expect((decoded.args ?? []).map(norm)).to.deep.equal(args.map(norm));
}

describe('ZkRollup (L1 contract, Hardhat network)', function () {
  this.timeout(60_000);

  let owner: Address, sequencer: Address, alice: Address, bob: Address;
  let rollup: Contract; // default account: owner
  let asSeq: Contract, asAlice: Contract, asBob: Contract;
  let mock: Contract;
  let publicClient: Awaited<ReturnType<typeof hre.viem.getPublicClient>>;

  before(async function () {
    await hre.run('compile', { quiet: true });
    rollupAbi = (await hre.artifacts.readArtifact('ZkRollup')).abi as Abi;
    publicClient = await hre.viem.getPublicClient();
  });

  async function as(c: Contract, name: string, account: Address): Promise<Contract> {
    const wallet = await hre.viem.getWalletClient(account);
    return (await hre.viem.getContractAt(name as never, c.address, { client: { wallet } })) as unknown as Contract;
  }

  beforeEach(async function () {
    const wallets = await hre.viem.getWalletClients();
    [owner, sequencer, alice, bob] = wallets.slice(0, 4).map((w) => getAddress(w.account.address));
    mock = (await hre.viem.deployContract('MockVerifier' as never, [MOCK_DIGEST, true])) as unknown as Contract;
    rollup = (await hre.viem.deployContract('ZkRollup' as never, [owner, sequencer, mock.address, MOCK_DIGEST, CHAIN_ID, GENESIS_ROOT, GENESIS_BLOCK])) as unknown as Contract;
    asSeq = await as(rollup, 'ZkRollup', sequencer);
    asAlice = await as(rollup, 'ZkRollup', alice);
    asBob = await as(rollup, 'ZkRollup', bob);
  });

  const genesisHash = () =>
    batchHash({ index: 0n, parent: ZERO, prev: ZERO, next: GENESIS_ROOT, withdrawRoot: ZERO, txDataHash: ZERO, l1Start: 0n, numL1: 0n, l1Hash: ZERO, ctx: ZERO });

  interface Input { batchIndex: bigint; parentBatchHash: Hex; prevStateRoot: Hex; newStateRoot: Hex; txDataHash: Hex; blockContextHash: Hex; withdrawRoot: Hex; numL1Messages: bigint; lastBlock: Hex }

  /** Commits the batch after `parent` (index, hash, root) and returns what was committed plus its hash (TS-computed). */
  async function commit(
    parent: { index: bigint; hash: Hex; root: Hex },
    o: { numL1?: bigint; withdrawRoot?: Hex; l1Start?: bigint; l1Hashes?: Hex[]; tag?: string; ctx?: Hex; last?: Hex } = {},
  ): Promise<{ index: bigint; hash: Hex; root: Hex; input: Input; l1Hash: Hex }> {
    const tag = o.tag ?? `${parent.index + 1n}`;
    const input: Input = {
      batchIndex: parent.index + 1n,
      parentBatchHash: parent.hash,
      prevStateRoot: parent.root,
      newStateRoot: root(`state ${tag}`),
      txDataHash: root(`txs ${tag}`),
      blockContextHash: o.ctx ?? root(`blocks ${tag}`),
      withdrawRoot: o.withdrawRoot ?? ZERO,
      numL1Messages: o.numL1 ?? 0n,
      lastBlock: o.last ?? summary(parent.index + 1n, parent.index + 1n),
    };
    const l1Hash = fold(o.l1Hashes ?? []);
    await asSeq.write.commitBatch([input]);
    const hash = batchHash({
      index: input.batchIndex, parent: input.parentBatchHash, prev: input.prevStateRoot, next: input.newStateRoot,
      withdrawRoot: input.withdrawRoot, txDataHash: input.txDataHash, l1Start: o.l1Start ?? 0n, numL1: input.numL1Messages, l1Hash,
      ctx: input.blockContextHash,
    });
    return { index: input.batchIndex, hash, root: input.newStateRoot, input, l1Hash };
  }
  const genesis = () => ({ index: 0n, hash: genesisHash(), root: GENESIS_ROOT });

  describe('deployment and access control', () => {
    it('starts from the genesis batch, committed and finalized, with the verifier and its digest', async () => {
      expect(await rollup.read.chainId()).to.equal(CHAIN_ID);
      expect(await rollup.read.lastCommittedBatch()).to.equal(0n);
      expect(await rollup.read.lastFinalizedBatch()).to.equal(0n);
      expect(await rollup.read.finalizedStateRoot()).to.equal(GENESIS_ROOT);
      expect((await rollup.read.getBatch([0n])).batchHash).to.equal(genesisHash());
      expect(getAddress(await rollup.read.verifier())).to.equal(getAddress(mock.address));
      expect(await rollup.read.vkDigest()).to.equal(MOCK_DIGEST);
      expect(getAddress(await rollup.read.owner())).to.equal(owner);
      expect(getAddress(await rollup.read.sequencer())).to.equal(sequencer);
    });

    it('only the sequencer commits; only the owner reverts, sets the verifier / sequencer, transfers ownership', async () => {
      const g = genesis();
      const input: Input = { batchIndex: 1n, parentBatchHash: g.hash, prevStateRoot: g.root, newStateRoot: root('s1'), txDataHash: root('t1'), blockContextHash: root('b1'), withdrawRoot: ZERO, numL1Messages: 0n, lastBlock: summary(1n, 1n) };
      await expectRevert(rollup.write.commitBatch([input]), 'NotSequencer', [owner]);
      await expectRevert(asAlice.write.commitBatch([input]), 'NotSequencer', [alice]);
      await asSeq.write.commitBatch([input]);
      await expectRevert(asSeq.write.revertBatch([1n]), 'NotOwner', [sequencer]);
      await expectRevert(asAlice.write.setVerifier([mock.address, MOCK_DIGEST]), 'NotOwner', [alice]);
      await expectRevert(asAlice.write.setSequencer([alice]), 'NotOwner', [alice]);
      await expectRevert(asAlice.write.transferOwnership([alice]), 'NotOwner', [alice]);
      await expectRevert(rollup.write.setSequencer(['0x0000000000000000000000000000000000000000']), 'ZeroAddress');
    });

    it('sequencer rotation and two-step ownership transfer (with events)', async () => {
      await rollup.write.setSequencer([bob]);
      expect(getAddress(await rollup.read.sequencer())).to.equal(bob);
      const g = genesis();
      const input: Input = { batchIndex: 1n, parentBatchHash: g.hash, prevStateRoot: g.root, newStateRoot: root('s1'), txDataHash: root('t1'), blockContextHash: root('b1'), withdrawRoot: ZERO, numL1Messages: 0n, lastBlock: summary(1n, 1n) };
      await expectRevert(asSeq.write.commitBatch([input]), 'NotSequencer', [sequencer]);
      await asBob.write.commitBatch([input]);

      await rollup.write.transferOwnership([alice]);
      expect(getAddress(await rollup.read.owner())).to.equal(owner); // not yet
      await expectRevert(asBob.write.acceptOwnership(), 'NotPendingOwner', [bob]);
      await asAlice.write.acceptOwnership();
      expect(getAddress(await rollup.read.owner())).to.equal(alice);
      await expectRevert(rollup.write.revertBatch([1n]), 'NotOwner', [owner]);
      await asAlice.write.revertBatch([1n]);
      const ev = (await (rollup as any).getEvents.OwnershipTransferred({}, { fromBlock: 0n })) as { args: { previousOwner: Address; newOwner: Address } }[];
      expect(getAddress(ev.at(-1)!.args.newOwner)).to.equal(alice);
    });
  });

  describe('commitBatch', () => {
    it('stores the batch hash the TS encoding predicts and emits BatchCommitted', async () => {
      const b1 = await commit(genesis());
      const stored = await rollup.read.getBatch([1n]);
      expect(stored.batchHash).to.equal(b1.hash);
      expect(stored.newStateRoot).to.equal(b1.root);
      expect(await rollup.read.lastCommittedBatch()).to.equal(1n);
      const ev = (await (rollup as any).getEvents.BatchCommitted({}, { fromBlock: 0n })) as { args: { batchIndex: bigint; batchHash: Hex } }[];
      expect(ev.at(-1)!.args.batchIndex).to.equal(1n);
      expect(ev.at(-1)!.args.batchHash).to.equal(b1.hash);
      const b2 = await commit(b1);
      expect((await rollup.read.getBatch([2n])).batchHash).to.equal(b2.hash);
    });

    it('rejects a wrong index, a replayed commit, a wrong parent hash and a wrong prev state root', async () => {
      const g = genesis();
      const b1 = await commit(g);
      // replaying batch 1 exactly
      await expectRevert(asSeq.write.commitBatch([b1.input]), 'WrongBatchIndex', [2n, 1n]);
      // skipping ahead
      const skip: Input = { ...b1.input, batchIndex: 3n, parentBatchHash: b1.hash, prevStateRoot: b1.root };
      await expectRevert(asSeq.write.commitBatch([skip]), 'WrongBatchIndex', [2n, 3n]);
      // wrong parent: genesis hash instead of batch 1's
      const wrongParent: Input = { ...skip, batchIndex: 2n, parentBatchHash: g.hash };
      await expectRevert(asSeq.write.commitBatch([wrongParent]), 'WrongParentHash', [b1.hash, g.hash]);
      // wrong prev root: genesis root instead of batch 1's new root
      const wrongPrev: Input = { ...skip, batchIndex: 2n, prevStateRoot: g.root };
      await expectRevert(asSeq.write.commitBatch([wrongPrev]), 'WrongPrevStateRoot', [b1.root, g.root]);
      await asSeq.write.commitBatch([{ ...skip, batchIndex: 2n }]);
    });

    it('cannot consume more L1 messages than are queued', async () => {
      await rollup.write.depositETH([alice], { value: 1n });
      await expectRevert(commit(genesis(), { numL1: 2n }), 'TooManyL1Messages', [1n, 2n]);
    });
  });

  describe('finalizeBatch', () => {
    it('passes [hi, lo] of keccak(chainId, prev, new, withdrawRoot, txDataHash, l1MessagesHash, blockContextHash) and advances the finalized root', async () => {
      const b1 = await commit(genesis(), { withdrawRoot: root('w1') });
      const pi = publicInput(GENESIS_ROOT, b1.root, root('w1'), b1.input.txDataHash, ZERO, b1.input.blockContextHash, GENESIS_BLOCK, summary(1n, 1n));
      const [hash, hi, lo] = (await rollup.read.publicInput([1n])) as [Hex, bigint, bigint];
      expect([hash, hi, lo]).to.deep.equal([pi.hash, pi.hi, pi.lo]);
      expect(hi < 1n << 128n && lo < 1n << 128n).to.equal(true);
      // the mock now returns true only for exactly these instances
      await mock.write.expectInstances([[pi.hi, pi.lo]]);
      // anyone may finalize
      await asAlice.write.finalizeBatch([1n, '0xdeadbeef']);
      expect(await rollup.read.lastFinalizedBatch()).to.equal(1n);
      expect(await rollup.read.finalizedStateRoot()).to.equal(b1.root);
      expect(await rollup.read.finalizedWithdrawRoot([1n])).to.equal(root('w1'));
      expect(await rollup.read.isFinalized([1n])).to.equal(true);
      const ev = (await (rollup as any).getEvents.BatchFinalized({}, { fromBlock: 0n })) as { args: { batchIndex: bigint; stateRoot: Hex } }[];
      expect(ev.at(-1)!.args).to.include({ batchIndex: 1n, stateRoot: b1.root });

      // a batch whose instances differ from what the mock expects is rejected
      await commit(b1);
      await expectRevert(rollup.write.finalizeBatch([2n, '0x']), 'InvalidProof', [2n]);
    });

    it('binds blockContextHash: stored, in the batch hash, BatchCommitted and publicInput; another one is another public input', async () => {
      const g = genesis();
      const b1 = await commit(g, { ctx: root('blocks a') });
      const stored = await rollup.read.getBatch([1n]);
      expect(stored.blockContextHash).to.equal(root('blocks a'));
      const ev = (await (rollup as any).getEvents.BatchCommitted({}, { fromBlock: 0n })) as { args: { batchHash: Hex; blockContextHash: Hex } }[];
      expect(ev.at(-1)!.args).to.include({ batchHash: b1.hash, blockContextHash: root('blocks a') });
      const [piA] = (await rollup.read.publicInput([1n])) as [Hex];
      expect(piA).to.equal(publicInput(GENESIS_ROOT, b1.root, ZERO, b1.input.txDataHash, ZERO, root('blocks a'), GENESIS_BLOCK, b1.input.lastBlock).hash);
      await mock.write.expectInstances([[BigInt(piA) >> 128n, BigInt(piA) & ((1n << 128n) - 1n)]]);

      // the same batch with other block contexts (the owner reverts it first): everything else equal, the batch
      // hash and the public input differ, and a proof of the first public input no longer finalizes it
      await rollup.write.revertBatch([1n]);
      const b1b = await commit(g, { ctx: root('blocks b') });
      expect(b1b.input).to.deep.equal({ ...b1.input, blockContextHash: root('blocks b') });
      expect((await rollup.read.getBatch([1n])).batchHash).to.equal(b1b.hash);
      expect(b1b.hash).to.not.equal(b1.hash);
      const [piB] = (await rollup.read.publicInput([1n])) as [Hex];
      expect(piB).to.equal(publicInput(GENESIS_ROOT, b1.root, ZERO, b1.input.txDataHash, ZERO, root('blocks b'), GENESIS_BLOCK, b1.input.lastBlock).hash);
      expect(piB).to.not.equal(piA);
      await expectRevert(rollup.write.finalizeBatch([1n, '0x']), 'InvalidProof', [1n]);
      await mock.write.expectInstances([[BigInt(piB) >> 128n, BigInt(piB) & ((1n << 128n) - 1n)]]);
      await rollup.write.finalizeBatch([1n, '0x']);
      expect(await rollup.read.lastFinalizedBatch()).to.equal(1n);
    });

    it('finalizes in order only; rejects uncommitted and already finalized batches', async () => {
      const b1 = await commit(genesis());
      await commit(b1);
      await expectRevert(rollup.write.finalizeBatch([2n, '0x']), 'FinalizeOutOfOrder', [1n, 2n]);
      await expectRevert(rollup.write.finalizeBatch([3n, '0x']), 'BatchNotCommitted', [3n]);
      await rollup.write.finalizeBatch([1n, '0x']);
      await expectRevert(rollup.write.finalizeBatch([1n, '0x']), 'BatchAlreadyFinalized', [1n]);
      await expectRevert(rollup.write.finalizeBatch([0n, '0x']), 'BatchAlreadyFinalized', [0n]);
      await rollup.write.finalizeBatch([2n, '0x']);
      expect(await rollup.read.lastFinalizedBatch()).to.equal(2n);
    });

    it('an invalid proof (verifier returns false, or reverts) is InvalidProof and changes nothing', async () => {
      await commit(genesis());
      await mock.write.setResult([false]);
      await expectRevert(rollup.write.finalizeBatch([1n, '0x01']), 'InvalidProof', [1n]);
      await mock.write.setResult([true]);
      await mock.write.setRevert([true]);
      await expectRevert(rollup.write.finalizeBatch([1n, '0x01']), 'InvalidProof', [1n]);
      expect(await rollup.read.lastFinalizedBatch()).to.equal(0n);
      expect(await rollup.read.finalizedStateRoot()).to.equal(GENESIS_ROOT);
    });
  });

  describe('block summaries (the chain of L2 blocks across batches)', () => {
    it('the genesis block is batch 1\'s parent; each batch\'s lastBlock, stored at commit, is the next one\'s parent in its public input', async () => {
      expect((await rollup.read.getBatch([0n])).lastBlock).to.equal(GENESIS_BLOCK);
      expect(await rollup.read.blockSummary([0n, 0n, 1_000_000_000n, 0n])).to.equal(GENESIS_BLOCK);
      const b1 = await commit(genesis(), { last: summary(7n, 100n, 875_000_000n, 42_000n) });
      const b2 = await commit(b1, { last: summary(8n, 101n) });
      expect((await rollup.read.getBatch([1n])).lastBlock).to.equal(summary(7n, 100n, 875_000_000n, 42_000n));
      const [pi1] = (await rollup.read.publicInput([1n])) as [Hex];
      expect(pi1).to.equal(publicInput(GENESIS_ROOT, b1.root, ZERO, b1.input.txDataHash, ZERO, b1.input.blockContextHash, GENESIS_BLOCK, b1.input.lastBlock).hash);
      const [pi2, hi, lo] = (await rollup.read.publicInput([2n])) as [Hex, bigint, bigint];
      const chained = publicInput(b1.root, b2.root, ZERO, b2.input.txDataHash, ZERO, b2.input.blockContextHash, b1.input.lastBlock, b2.input.lastBlock);
      expect(pi2).to.equal(chained.hash);
      expect([hi, lo]).to.deep.equal([chained.hi, chained.lo]);
    });

    it('a batch proven from another parent block than the stored one does not finalize (its public input differs)', async () => {
      const b1 = await commit(genesis(), { last: summary(1n, 100n) });
      // a proof whose blocks follow a parent at timestamp 5 (not the stored 100): the sequencer going back in time
      const other = publicInput(GENESIS_ROOT, b1.root, ZERO, b1.input.txDataHash, ZERO, b1.input.blockContextHash, summary(0n, 5n), b1.input.lastBlock);
      await mock.write.expectInstances([[other.hi, other.lo]]);
      await expectRevert(rollup.write.finalizeBatch([1n, '0x']), 'InvalidProof', [1n]);
      const stored = publicInput(GENESIS_ROOT, b1.root, ZERO, b1.input.txDataHash, ZERO, b1.input.blockContextHash, GENESIS_BLOCK, b1.input.lastBlock);
      await mock.write.expectInstances([[stored.hi, stored.lo]]);
      await rollup.write.finalizeBatch([1n, '0x']);
    });

    it('refuses a batch whose last block is more than MAX_FUTURE_SECONDS (1 hour) after L1\'s block.timestamp (the reviewer\'s 2^63 − 1)', async () => {
      const g = genesis();
      const input: Input = { batchIndex: 1n, parentBatchHash: g.hash, prevStateRoot: g.root, newStateRoot: root('s1'), txDataHash: root('t1'), blockContextHash: root('b1'), withdrawRoot: ZERO, numL1Messages: 0n, lastBlock: summary(1n, (1n << 63n) - 1n) };
      await expectRevert(asSeq.write.commitBatch([input]), 'BlockInFuture');
      expect(await rollup.read.MAX_FUTURE_SECONDS()).to.equal(3_600n);
      const now = (await (await hre.viem.getPublicClient()).getBlock()).timestamp;
      await expectRevert(asSeq.write.commitBatch([{ ...input, lastBlock: summary(1n, now + 3_700n) }]), 'BlockInFuture');
      // the commit's own block is at least one second later than the latest
      await asSeq.write.commitBatch([{ ...input, lastBlock: summary(1n, now + 3_601n) }]);
      expect(await rollup.read.lastCommittedBatch()).to.equal(1n);
    });
  });

  describe('revertBatch', () => {
    it('reverts unfinalized batches from an index onward and rewinds the L1 message pointer', async () => {
      for (let i = 0; i < 4; i++) await rollup.write.depositETH([alice], { value: 10n + BigInt(i) });
      const hashes = await Promise.all([0n, 1n, 2n, 3n].map((n) => rollup.read.l1MessageHash([n]) as Promise<Hex>));
      const b1 = await commit(genesis(), { numL1: 1n, l1Start: 0n, l1Hashes: hashes.slice(0, 1) });
      const b2 = await commit(b1, { numL1: 2n, l1Start: 1n, l1Hashes: hashes.slice(1, 3) });
      await commit(b2, { numL1: 1n, l1Start: 3n, l1Hashes: hashes.slice(3, 4) });
      expect(await rollup.read.nextL1MessageIndex()).to.equal(4n);
      await rollup.write.finalizeBatch([1n, '0x']);

      await expectRevert(rollup.write.revertBatch([1n]), 'BatchAlreadyFinalized', [1n]);
      await expectRevert(rollup.write.revertBatch([0n]), 'RevertGenesis');
      await expectRevert(rollup.write.revertBatch([4n]), 'BatchNotCommitted', [4n]);

      await rollup.write.revertBatch([2n]);
      expect(await rollup.read.lastCommittedBatch()).to.equal(1n);
      expect(await rollup.read.nextL1MessageIndex()).to.equal(1n);
      expect((await rollup.read.getBatch([2n])).batchHash).to.equal(ZERO);
      expect((await rollup.read.getBatch([3n])).batchHash).to.equal(ZERO);
      const ev = (await (rollup as any).getEvents.BatchReverted({}, { fromBlock: 0n })) as { args: { batchIndex: bigint } }[];
      expect(ev.map((e) => e.args.batchIndex)).to.deep.equal([3n, 2n]);
      await expectRevert(rollup.write.finalizeBatch([2n, '0x']), 'BatchNotCommitted', [2n]);

      // a replacement batch 2 consumes the same messages again (and more)
      const b2b = await commit(b1, { numL1: 3n, l1Start: 1n, l1Hashes: hashes.slice(1, 4), tag: '2b' });
      expect((await rollup.read.getBatch([2n])).batchHash).to.equal(b2b.hash);
      expect((await rollup.read.getBatch([2n])).l1MessagesHash).to.equal(fold(hashes.slice(1, 4)));
      await rollup.write.finalizeBatch([2n, '0x']);
      expect(await rollup.read.finalizedStateRoot()).to.equal(b2b.root);
    });
  });

  describe('depositETH (L1→L2 message queue)', () => {
    it('queues messages in order with the TS-computed message hashes and rolling hash; batches fold what they consume', async () => {
      const deposits: [Contract, Address, Address, bigint][] = [
        [asAlice, alice, bob, parseEther('1')],
        [asBob, bob, bob, 7n],
        [asAlice, alice, alice, parseEther('0.25')],
      ];
      const expected: Hex[] = [];
      let q: Hex = ZERO;
      for (const [c, from, to, value] of deposits) {
        const nonce = BigInt(expected.length);
        await c.write.depositETH([to], { value });
        const m = l1MessageHash(from, to, value, nonce);
        expected.push(m);
        q = fold([m], q);
        expect(await rollup.read.l1MessageHash([nonce])).to.equal(m);
        expect(await rollup.read.l1QueueHash()).to.equal(q);
      }
      expect(await rollup.read.l1MessageCount()).to.equal(3n);
      expect(await publicClient.getBalance({ address: rollup.address })).to.equal(parseEther('1.25') + 7n);
      const ev = (await (rollup as any).getEvents.L1MessageQueued({}, { fromBlock: 0n })) as {
        args: { nonce: bigint; sender: Address; to: Address; value: bigint; messageHash: Hex; queueHash: Hex };
      }[];
      expect(ev.map((e) => e.args.nonce)).to.deep.equal([0n, 1n, 2n]);
      expect(ev.map((e) => e.args.messageHash)).to.deep.equal(expected);
      expect(ev[2].args.queueHash).to.equal(fold(expected));
      expect(getAddress(ev[1].args.sender)).to.equal(bob);

      // batch 1 consumes messages 0..1, batch 2 consumes message 2; each folds from zero
      const b1 = await commit(genesis(), { numL1: 2n, l1Start: 0n, l1Hashes: expected.slice(0, 2) });
      expect((await rollup.read.getBatch([1n])).l1MessagesHash).to.equal(fold(expected.slice(0, 2)));
      expect((await rollup.read.getBatch([1n])).batchHash).to.equal(b1.hash);
      const b2 = await commit(b1, { numL1: 1n, l1Start: 2n, l1Hashes: expected.slice(2) });
      const stored2 = await rollup.read.getBatch([2n]);
      expect(stored2.l1MessagesHash).to.equal(fold(expected.slice(2)));
      expect(stored2.l1MessageStart).to.equal(2n);
      expect(stored2.batchHash).to.equal(b2.hash);
      const pi = publicInput(b1.root, b2.root, ZERO, b2.input.txDataHash, fold(expected.slice(2)), b2.input.blockContextHash, b1.input.lastBlock, b2.input.lastBlock);
      expect(((await rollup.read.publicInput([2n])) as [Hex])[0]).to.equal(pi.hash);
      await expectRevert(commit(b2, { numL1: 1n }), 'TooManyL1Messages', [0n, 1n]);
    });

    it('rejects a zero deposit and the zero recipient', async () => {
      await expectRevert(rollup.write.depositETH([alice], { value: 0n }), 'ZeroDeposit');
      await expectRevert(rollup.write.depositETH(['0x0000000000000000000000000000000000000000'], { value: 1n }), 'ZeroAddress');
    });
  });

  describe('claimWithdrawal', () => {
    const carol: Address = '0x00000000000000000000000000000000c0ffee01';
    let ws: Withdrawal[];
    let tree: ReturnType<typeof merkleTree>;

    beforeEach(async () => {
      await rollup.write.depositETH([alice], { value: parseEther('10') }); // funds the bridge
      ws = [
        { to: carol, amount: parseEther('1'), nonce: 0n },
        { to: bob, amount: parseEther('2'), nonce: 1n },
        { to: carol, amount: 3n, nonce: 2n },
        { to: alice, amount: parseEther('0.5'), nonce: 3n },
        { to: carol, amount: parseEther('1'), nonce: 4n },
      ];
      tree = merkleTree(ws.map(leafOf));
    });

    it('claims against a finalized withdraw root with a TS-built Merkle proof; no double claim', async () => {
      expect(await rollup.read.computeWithdrawalLeaf([ws[0].to, ws[0].amount, ws[0].nonce])).to.equal(leafOf(ws[0]));
      for (let i = 0; i < ws.length; i++) expect(await rollup.read.processMerkleProof([leafOf(ws[i]), tree.proof(i)])).to.equal(tree.root);
      const b1 = await commit(genesis(), { withdrawRoot: tree.root, numL1: 1n, l1Hashes: [await rollup.read.l1MessageHash([0n])] });

      // not finalized yet
      await expectRevert(asBob.write.claimWithdrawal([1n, ws[0], tree.proof(0)]), 'BatchNotFinalized', [1n]);
      await expectRevert(asBob.write.claimWithdrawal([5n, ws[0], tree.proof(0)]), 'BatchNotFinalized', [5n]);
      await rollup.write.finalizeBatch([1n, '0x']);

      // anyone may claim for the recipient
      await asBob.write.claimWithdrawal([1n, ws[0], tree.proof(0)]);
      expect(await publicClient.getBalance({ address: carol })).to.equal(parseEther('1'));
      await asBob.write.claimWithdrawal([1n, ws[4], tree.proof(4)]);
      expect(await publicClient.getBalance({ address: carol })).to.equal(parseEther('2'));
      expect(await rollup.read.claimed([leafOf(ws[0])])).to.equal(true);
      const ev = (await (rollup as any).getEvents.WithdrawalClaimed({}, { fromBlock: 0n })) as { args: { batchIndex: bigint; to: Address; amount: bigint; nonce: bigint; leaf: Hex } }[];
      expect(ev.map((e) => e.args.nonce)).to.deep.equal([0n, 4n]);
      expect(ev[0].args.leaf).to.equal(leafOf(ws[0]));

      // double claim (same batch, and through a later batch with the same root)
      await expectRevert(asAlice.write.claimWithdrawal([1n, ws[0], tree.proof(0)]), 'AlreadyClaimed', [leafOf(ws[0])]);
      await commit(b1, { withdrawRoot: tree.root });
      await rollup.write.finalizeBatch([2n, '0x']);
      await expectRevert(asAlice.write.claimWithdrawal([2n, ws[0], tree.proof(0)]), 'AlreadyClaimed', [leafOf(ws[0])]);
      await asAlice.write.claimWithdrawal([2n, ws[2], tree.proof(2)]);
      expect(await publicClient.getBalance({ address: carol })).to.equal(parseEther('2') + 3n);
    });

    it('rejects a wrong amount, a wrong proof and the wrong batch with InvalidMerkleProof', async () => {
      await commit(genesis(), { withdrawRoot: tree.root });
      await rollup.write.finalizeBatch([1n, '0x']);
      const inflated = { ...ws[1], amount: parseEther('9') };
      await expectRevert(asBob.write.claimWithdrawal([1n, inflated, tree.proof(1)]), 'InvalidMerkleProof', [1n, leafOf(inflated)]);
      await expectRevert(asBob.write.claimWithdrawal([1n, ws[1], tree.proof(2)]), 'InvalidMerkleProof', [1n, leafOf(ws[1])]);
      await expectRevert(asBob.write.claimWithdrawal([1n, ws[1], []]), 'InvalidMerkleProof', [1n, leafOf(ws[1])]);
      // batch 0 (genesis) has withdrawRoot 0: nothing claims against it
      await expectRevert(asBob.write.claimWithdrawal([0n, ws[1], tree.proof(1)]), 'InvalidMerkleProof', [0n, leafOf(ws[1])]);
      await asBob.write.claimWithdrawal([1n, ws[1], tree.proof(1)]);
    });

    it('is reentrancy-safe: a recipient re-claiming from its receive hook makes the transfer fail', async () => {
      const claimer = (await hre.viem.deployContract('ReentrantClaimer' as never, [])) as unknown as Contract;
      const w: Withdrawal = { to: claimer.address, amount: parseEther('1'), nonce: 9n };
      const t = merkleTree([leafOf(w), leafOf(ws[0])]);
      await commit(genesis(), { withdrawRoot: t.root });
      await rollup.write.finalizeBatch([1n, '0x']);
      await claimer.write.arm([rollup.address, 1n, w, t.proof(0)]);
      await expectRevert(asBob.write.claimWithdrawal([1n, w, t.proof(0)]), 'EthTransferFailed', [claimer.address, parseEther('1')]);
      expect(await rollup.read.claimed([leafOf(w)])).to.equal(false);
      await claimer.write.setReenter([false]);
      await asBob.write.claimWithdrawal([1n, w, t.proof(0)]);
      expect(await claimer.read.received()).to.equal(parseEther('1'));
    });
  });

  describe('setVerifier (upgrade path with an explicit VK digest)', () => {
    it('wires the real generated FibonacciVerifier only with its VK digest', async () => {
      const source = readFileSync('contracts/verifier/FibonacciVerifier.sol', 'utf8');
      const digest = BigInt(/^\/\/ vk digest: (0x[0-9a-f]{64})$/m.exec(source)![1]);
      const fib = (await hre.viem.deployContract('FibonacciVerifier' as never, [])) as unknown as Contract;
      expect(await fib.read.VK_DIGEST()).to.equal(digest);

      await expectRevert(rollup.write.setVerifier([fib.address, digest + 1n]), 'VkDigestMismatch', [digest + 1n, digest]);
      await expectRevert(rollup.write.setVerifier([fib.address, MOCK_DIGEST]), 'VkDigestMismatch', [MOCK_DIGEST, digest]);
      expect(getAddress(await rollup.read.verifier())).to.equal(getAddress(mock.address)); // unchanged

      await rollup.write.setVerifier([fib.address, digest]);
      expect(getAddress(await rollup.read.verifier())).to.equal(getAddress(fib.address));
      expect(await rollup.read.vkDigest()).to.equal(digest);
      const ev = (await (rollup as any).getEvents.VerifierUpdated({}, { fromBlock: 0n })) as { args: { previousVerifier: Address; newVerifier: Address; vkDigest: bigint } }[];
      expect(getAddress(ev.at(-1)!.args.previousVerifier)).to.equal(getAddress(mock.address));
      expect(getAddress(ev.at(-1)!.args.newVerifier)).to.equal(getAddress(fib.address));
      expect(ev.at(-1)!.args.vkDigest).to.equal(digest);

      // The Fibonacci circuit is not the batch circuit (3 instances, not 2): a real verifier returning false
      // on any proof for a batch surfaces as InvalidProof.
      await commit(genesis());
      await expectRevert(rollup.write.finalizeBatch([1n, `0x${'00'.repeat(1440)}`]), 'InvalidProof', [1n]);

      // and back to the mock
      await rollup.write.setVerifier([mock.address, MOCK_DIGEST]);
      await rollup.write.finalizeBatch([1n, '0x']);
    });

    it('rejects an EOA, the zero address and a contract without VK_DIGEST', async () => {
      const counter = (await hre.viem.deployContract('Counter' as never, [])) as unknown as Contract;
      await expectRevert(rollup.write.setVerifier([alice, 0n]), 'NotAContract', [alice]);
      await expectRevert(rollup.write.setVerifier(['0x0000000000000000000000000000000000000000', 0n]), 'ZeroAddress');
      await expectRevert(rollup.write.setVerifier([counter.address, 0n]), 'VkDigestUnavailable', [counter.address]);
    });
  });
});
