import { createBlock } from "@ethereumjs/block";
import { createLegacyTx } from "@ethereumjs/tx";
import { expect } from "chai";
import hre from "hardhat";
import { bytesToHex, concatHex, encodePacked, getAddress, keccak256, type Hex } from "viem";
import { BATCH_PI_WORD_FIELDS, packBlockSummary, publicInputHash, publicInputInstances, unpackBlockSummary } from "../../../circuits/pi/public-input.js";
import { Rng } from "../../../circuits/plonk/examples/rng.js";
import { createL2Common } from "../../../node/execution/common.js";
import { batchHash, blockContextHashOf, foldMessageHashes, genesisBatchHash, l1MessageHash, txDataHash, withdrawalLeaf, withdrawalTree, ZERO_HASH } from "../../../node/batcher/encoding.js";

// The node's batch encodings (node/batcher/encoding.ts and circuits/pi) against ZkRollup.sol's own pure functions
// on the in-process Hardhat network, on seeded random inputs and the edge cases (zero fields, max uint64).

describe("batch encodings = ZkRollup.sol", function () {
  this.timeout(120_000);
  const rng = new Rng(0x9a7c4);
  const word = (): Hex => bytesToHex(rng.bytes(32));
  const addr = (): Hex => getAddress(bytesToHex(rng.bytes(20)));
  let rollup: { read: Record<string, (args: readonly unknown[]) => Promise<any>> };
  const genesisRoot = word();

  before(async function () {
    await hre.run("compile", { quiet: true });
    const verifier = await hre.viem.deployContract("NoBatchCircuitVerifier");
    const [owner] = await hre.viem.getWalletClients();
    const deployed = await hre.viem.deployContract("ZkRollup", [owner.account.address, owner.account.address, verifier.address, 0n, 53_077n, genesisRoot, ZERO_HASH]);
    rollup = deployed as unknown as typeof rollup;
  });

  it("public input hash (the batch circuit's 264-byte layout) and its [hi, lo] instances; block summaries", async function () {
    const block = () => ({ number: rng.bits(64), timestamp: rng.bits(64), baseFee: rng.bits(64), gasUsed: rng.bits(64) });
    for (const chainId of [0n, 53_077n, (1n << 64n) - 1n]) {
      const pi = { chainId, prevStateRoot: word(), newStateRoot: word(), withdrawRoot: word(), txDataHash: ZERO_HASH, l1MessagesHash: word(), blockContextHash: word(), parentBlockSummary: block(), lastBlockSummary: block() };
      const [parent, last] = [packBlockSummary(pi.parentBlockSummary), packBlockSummary(pi.lastBlockSummary)];
      expect(await rollup.read.blockSummary([pi.lastBlockSummary.number, pi.lastBlockSummary.timestamp, pi.lastBlockSummary.baseFee, pi.lastBlockSummary.gasUsed])).to.equal(last);
      expect(unpackBlockSummary(last)).to.deep.equal(pi.lastBlockSummary);
      const onChain: Hex = await rollup.read.computePublicInputHash([pi.chainId, pi.prevStateRoot, pi.newStateRoot, pi.withdrawRoot, pi.txDataHash, pi.l1MessagesHash, pi.blockContextHash, parent, last]);
      expect(bytesToHex(publicInputHash(pi, BATCH_PI_WORD_FIELDS))).to.equal(onChain);
      const [hi, lo] = publicInputInstances(pi, BATCH_PI_WORD_FIELDS);
      expect((hi << 128n) | lo).to.equal(BigInt(onChain));
    }
  });

  it("batch hash (and the genesis batch the constructor stored)", async function () {
    for (let i = 0; i < 3; i++) {
      const h = { index: rng.bits(64), parentBatchHash: word(), prevStateRoot: word(), newStateRoot: word(), withdrawRoot: word(), txDataHash: word(), l1MessageStart: rng.bits(64), numL1Messages: rng.bits(64), l1MessagesHash: word(), blockContextHash: word() };
      const onChain = await rollup.read.computeBatchHash([h.index, h.parentBatchHash, h.prevStateRoot, h.newStateRoot, h.withdrawRoot, h.txDataHash, h.l1MessageStart, h.numL1Messages, h.l1MessagesHash, h.blockContextHash]);
      expect(batchHash(h)).to.equal(onChain);
    }
    expect(genesisBatchHash(genesisRoot)).to.equal((await rollup.read.getBatch([0n])).batchHash);
  });

  it("L1 message hash and the rolling fold", async function () {
    const message = { nonce: rng.bits(64), sender: addr(), to: addr(), value: rng.bits(256) };
    expect(l1MessageHash(message)).to.equal(await rollup.read.computeL1MessageHash([message.sender, message.to, message.value, message.nonce]));
    expect(foldMessageHashes([])).to.equal(ZERO_HASH); // a batch with no message commits to zero
  });

  it("withdrawal leaves and Merkle proofs of every leaf for 1, 2, 3 and 4 leaves", async function () {
    for (const n of [1, 2, 3, 4]) {
      const withdrawals = Array.from({ length: n }, (_, i) => ({ to: addr(), amount: rng.bits(128), nonce: BigInt(i) }));
      const leaves = withdrawals.map(withdrawalLeaf);
      for (let i = 0; i < n; i++) expect(leaves[i]).to.equal(await rollup.read.computeWithdrawalLeaf([withdrawals[i].to, withdrawals[i].amount, withdrawals[i].nonce]));
      const tree = withdrawalTree(leaves);
      for (let i = 0; i < n; i++) expect(await rollup.read.processMerkleProof([leaves[i], tree.proof(i)])).to.equal(tree.root);
      // a proof of a leaf the tree does not hold folds to another root
      expect(await rollup.read.processMerkleProof([word(), tree.proof(0)])).to.not.equal(tree.root);
    }
    expect(withdrawalTree([]).root).to.equal(ZERO_HASH);
  });

  it("blockContextHash of stored blocks = the per-tx records ZkRollup.sol documents (abi.encodePacked, 108 bytes)", function () {
    const common = createL2Common(53_077n);
    const txs = (n: number) => Array.from({ length: n }, (_, nonce) => createLegacyTx({ nonce, gasLimit: 21_000n, to: addr() }, { common }));
    const widest = { coinbase: getAddress(`0x${"ff".repeat(20)}`), timestamp: (1n << 64n) - 1n, number: (1n << 63n) - 1n, mixHash: `0x${"ff".repeat(32)}` as Hex, gasLimit: (1n << 63n) - 1n, baseFeePerGas: (1n << 256n) - 1n };
    const headers = [
      { coinbase: addr(), timestamp: rng.bits(40), number: 7n, mixHash: word(), gasLimit: 30_000_000n, baseFeePerGas: rng.bits(200) },
      { coinbase: addr(), timestamp: rng.bits(40), number: 8n, mixHash: ZERO_HASH, gasLimit: 1n, baseFeePerGas: 0n },
      widest,
    ];
    const blocks = [3, 0, 2].map((n, i) => createBlock({ header: headers[i], transactions: txs(n) }, { common, setHardfork: false }));
    const record = (h: (typeof headers)[number]): Hex =>
      encodePacked(["address", "uint64", "uint64", "bytes32", "uint64", "uint256"], [h.coinbase, h.timestamp, h.number, h.mixHash, h.gasLimit, h.baseFeePerGas]);
    const records = blocks.flatMap((b, i) => b.transactions.map(() => record(headers[i])));
    expect(records).to.have.length(5);
    expect(records.every((r) => (r.length - 2) / 2 === 108)).to.equal(true);
    expect(blockContextHashOf(blocks)).to.equal(keccak256(concatHex(records)));
    // block order is tx order: swapping the blocks changes the hash; a batch without txs hashes the empty string
    expect(blockContextHashOf([blocks[2], blocks[0]])).to.not.equal(blockContextHashOf([blocks[0], blocks[2]]));
    expect(blockContextHashOf([blocks[1]])).to.equal(keccak256("0x"));
  });

  it("txDataHash = keccak256 of the txs' hashes (@ethereumjs tx.hash()) in order, as ZkRollup.sol documents", function () {
    const common = createL2Common(53_077n);
    const key = rng.bytes(32);
    const signed = (nonce: number) => createLegacyTx({ nonce, gasLimit: 21_000n, gasPrice: 7n, to: addr(), value: rng.bits(64) }, { common }).sign(key);
    const txs = [[signed(0), signed(1)], [], [signed(2)]];
    const blocks = txs.map((list) => ({ txs: list.map((tx) => tx.serialize()) }));
    expect(txDataHash(blocks)).to.equal(keccak256(concatHex(txs.flat().map((tx) => bytesToHex(tx.hash())))));
    // order and membership matter; a batch without txs hashes the empty string
    expect(txDataHash([blocks[2], blocks[0]])).to.not.equal(txDataHash(blocks));
    expect(txDataHash([blocks[0]])).to.not.equal(txDataHash(blocks));
    expect(txDataHash([blocks[1]])).to.equal(keccak256("0x"));
  });
});
