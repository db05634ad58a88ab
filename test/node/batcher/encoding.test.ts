import { expect } from "chai";
import hre from "hardhat";
import { bytesToHex, getAddress, type Hex } from "viem";
import { publicInputHash, publicInputInstances } from "../../../circuits/pi/public-input.js";
import { Rng } from "../../../circuits/plonk/examples/rng.js";
import { batchHash, foldMessageHashes, genesisBatchHash, l1MessageHash, withdrawalLeaf, withdrawalTree, ZERO_HASH } from "../../../node/batcher/encoding.js";

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
    const deployed = await hre.viem.deployContract("ZkRollup", [owner.account.address, owner.account.address, verifier.address, 0n, 53_077n, genesisRoot]);
    rollup = deployed as unknown as typeof rollup;
  });

  it("public input hash and its [hi, lo] instances", async function () {
    for (const chainId of [0n, 53_077n, (1n << 64n) - 1n]) {
      const pi = { chainId, prevStateRoot: word(), newStateRoot: word(), withdrawRoot: word(), txDataHash: ZERO_HASH, l1MessagesHash: word() };
      const onChain: Hex = await rollup.read.computePublicInputHash([pi.chainId, pi.prevStateRoot, pi.newStateRoot, pi.withdrawRoot, pi.txDataHash, pi.l1MessagesHash]);
      expect(bytesToHex(publicInputHash(pi))).to.equal(onChain);
      const [hi, lo] = publicInputInstances(pi);
      expect((hi << 128n) | lo).to.equal(BigInt(onChain));
    }
  });

  it("batch hash (and the genesis batch the constructor stored)", async function () {
    for (let i = 0; i < 3; i++) {
      const h = { index: rng.bits(64), parentBatchHash: word(), prevStateRoot: word(), newStateRoot: word(), withdrawRoot: word(), txDataHash: word(), l1MessageStart: rng.bits(64), numL1Messages: rng.bits(64), l1MessagesHash: word() };
      const onChain = await rollup.read.computeBatchHash([h.index, h.parentBatchHash, h.prevStateRoot, h.newStateRoot, h.withdrawRoot, h.txDataHash, h.l1MessageStart, h.numL1Messages, h.l1MessagesHash]);
      expect(batchHash(h)).to.equal(onChain);
    }
    expect(genesisBatchHash(genesisRoot)).to.equal((await rollup.read.getBatch([0n])).batchHash);
  });

  it("L1 message hash and the rolling fold", async function () {
    const message = { nonce: rng.bits(64), sender: addr(), to: addr(), value: rng.bits(256) };
    expect(l1MessageHash(message)).to.equal(await rollup.read.computeL1MessageHash([message.sender, message.to, message.value, message.nonce]));
    expect(foldMessageHashes([])).to.equal(ZERO_HASH); // a batch with no message commits to zero
  });

  it("withdrawal leaves and Merkle proofs of every leaf for 1, 3 and 4 leaves", async function () {
    for (const n of [1, 3, 4]) {
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
});
