import { expect } from "chai";
import { createAddressFromString } from "@ethereumjs/util";
import { type Hex, parseGwei } from "viem";
import { devGenesis } from "../../../node/execution/genesis.js";
import type { L2Node } from "../../../node/node.js";
import { asm } from "../../circuits/witness/run.js";
import { devAccount, rpc, startNode } from "../helpers.js";

/**
 * A traced tx whose REVERT or RETURN names a range far beyond memory runs out of gas, as on Ethereum: the tracer and
 * @ethereumjs's step hook (revert-step-guard.ts) must not try to hold the range, which threw a RangeError out of the tx
 * (the node rejected a valid tx) or allocated gigabytes.
 */
describe("execution: REVERT and RETURN of ranges no gas can pay for fail the tx, which is mined", function () {
  this.timeout(60_000);
  let node: L2Node;
  const codes: Record<string, Uint8Array> = {
    "0x00000000000000000000000000000000000000e1": asm("PUSH1", 1, "PUSH9", 1n << 64n, "REVERT"),
    "0x00000000000000000000000000000000000000e2": asm("PUSH32", 1n << 255n, "PUSH0", "RETURN"),
    "0x00000000000000000000000000000000000000e3": asm("PUSH4", 1 << 30, "PUSH0", "REVERT"),
  };

  before(async () => {
    const genesis = devGenesis();
    const alloc = Object.entries(codes).map(([address, code]) => ({ address: createAddressFromString(address), balance: 0n, nonce: 1n, code, storage: [] }));
    node = await startNode({ genesis: { ...genesis, alloc: [...genesis.alloc, ...alloc] } });
  });
  after(() => node.stop());

  it("each tx is mined with status 0 and all its gas used", async () => {
    const account = devAccount(6);
    const chainId = Number(BigInt((await rpc(node.url, "eth_chainId")).result));
    const receipts = [];
    for (const [nonce, to] of Object.keys(codes).entries()) {
      const raw = await account.signTransaction({ type: "eip1559", chainId, nonce, to: to as Hex, gas: 100_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
      const sent = await rpc(node.url, "eth_sendRawTransaction", [raw]);
      expect(sent.error, JSON.stringify(sent.error)).to.equal(undefined);
      receipts.push((await rpc(node.url, "eth_getTransactionReceipt", [sent.result])).result);
    }
    expect(receipts.map((r) => [r?.status, r?.gasUsed])).to.deep.equal(Array(3).fill(["0x0", "0x186a0"]));
  });
});
