import { expect } from "chai";
import { bytesToBigInt } from "@ethereumjs/util";
import { type Hex, parseGwei } from "viem";
import type { L2Node } from "../../../node/node.js";
import { decodeStateProof, verifyStateProof } from "../../../node/state/index.js";
import { devAccount, rpc, startNode } from "../helpers.js";

/** A block whose store write fails leaves no trace in the state: the next block applies its txs exactly once. */
describe("sequencer: a failed block write drops the block's state changes", function () {
  this.timeout(60_000);
  let node: L2Node;
  before(async () => {
    node = await startNode({ blockTime: 3600 }); // timer mode: blocks only when the test calls produce()
  });
  after(() => node.stop());

  it("keeps the head state after the failure, then mines the tx once", async () => {
    const account = devAccount(5);
    const to = "0x00000000000000000000000000000000000000fb" as Hex;
    const raw = await account.signTransaction({ type: "eip1559", chainId: 31338, nonce: 0, to, value: 1234n, gas: 21000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
    const hash = (await rpc(node.url, "eth_sendRawTransaction", [raw])).result as Hex;
    const head = node.head;

    const putBlock = node.store.putBlock.bind(node.store);
    node.store.putBlock = async () => {
      throw new Error("disk full");
    };
    expect(await node.sequencer.produce()).to.equal(undefined);
    node.store.putBlock = putBlock;
    expect(node.head).to.equal(head);
    expect(await node.state.stateRoot()).to.deep.equal(head.header.stateRoot);
    expect((await rpc(node.url, "eth_getTransactionReceipt", [hash])).result).to.equal(null);

    const block = await node.sequencer.produce();
    expect(block?.header.number).to.equal(head.header.number + 1n);
    const receipt = (await rpc(node.url, "eth_getTransactionReceipt", [hash])).result;
    expect(receipt.status).to.equal("0x1");
    const proof = decodeStateProof((await rpc(node.url, "rollup_getProof", [to, [], "latest"])).result);
    expect(verifyStateProof(proof)).to.equal(true);
    expect(proof.stateRoot).to.equal(bytesToBigInt(block!.header.stateRoot));
    expect(proof.account.account?.balance).to.equal(1234n);
    const sender = decodeStateProof((await rpc(node.url, "rollup_getProof", [account.address, [], "latest"])).result);
    expect(sender.account.account?.nonce).to.equal(1n);
    const spent = 1234n + BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice);
    expect(sender.account.account?.balance).to.equal(10_000n * 10n ** 18n - spent);
  });
});
