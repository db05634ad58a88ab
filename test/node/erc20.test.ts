import { expect } from "chai";
import hre from "hardhat";
import { createAddressFromString } from "@ethereumjs/util";
import { decodeFunctionResult, encodeDeployData, encodeFunctionData, type Hex, keccak256, parseEther, parseGwei } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { devGenesis } from "../../node/execution/genesis.js";
import type { L2Node } from "../../node/node.js";
import { type Artifact, compiledArtifact } from "./artifacts.js";
import { rpc, startNode } from "./helpers.js";

type Call = (method: string, params: unknown[]) => Promise<any>;

/**
 * ERC-20 differential (issue 5): the same signed transactions — deploy, transfer, approve, transferFrom, a
 * transfer beyond the balance (reverts), a transferFrom beyond the allowance (reverts) — on our node and on
 * hardhat's in-process network give the same receipts (status, gasUsed, logs, contract address) and the same
 * token state read back with eth_call.
 */
describe("differential: ERC-20 on the node vs hardhat network", function () {
  this.timeout(60_000);
  // Fresh keys (not the dev mnemonic) so both chains start them at nonce 0 whatever other tests did on hardhat.
  const owner = privateKeyToAccount("0x00000000000000000000000000000000000000000000000000000000000e2001");
  const spender = privateKeyToAccount("0x00000000000000000000000000000000000000000000000000000000000e2002");
  const alice = "0x00000000000000000000000000000000000a11ce" as Hex;
  const bob = "0x0000000000000000000000000000000000000b0b" as Hex;
  const hardhat: Call = (method, params) => hre.network.provider.request({ method, params });
  let node: L2Node;
  let token: Artifact;
  const ours: Call = async (method, params) => {
    const answer = await rpc(node.url, method, params);
    if (answer.error !== undefined) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result;
  };

  before(async () => {
    token = await compiledArtifact("TestToken");
    const chainId = BigInt(await hardhat("eth_chainId", []));
    const dev = devGenesis(chainId);
    const funded = [owner.address, spender.address];
    for (const who of funded) await hardhat("hardhat_setBalance", [who, `0x${parseEther("100").toString(16)}`]);
    const alloc = funded.map((a) => ({ address: createAddressFromString(a), balance: parseEther("100"), nonce: 0n, code: new Uint8Array(), storage: [] }));
    node = await startNode({ genesis: { ...dev, alloc: [...dev.alloc, ...alloc] } });
  });
  after(() => node.stop());

  it("deploy, transfer, approve, transferFrom and two reverts: receipts and token state match", async () => {
    const chainId = Number(BigInt(await hardhat("eth_chainId", [])));
    const fees = { chainId, type: "eip1559" as const, maxFeePerGas: parseGwei("50"), maxPriorityFeePerGas: parseGwei("1") };
    const call = (functionName: string, args: unknown[]) => encodeFunctionData({ abi: token.abi, functionName, args });
    // Hardhat answers a reverted tx with an error (it is mined all the same); the receipt is looked up by hash.
    const both = async (signed: Hex): Promise<[any, any]> => Promise.all([hardhat, ours].map(async (chain) => {
      await chain("eth_sendRawTransaction", [signed]).catch(() => undefined);
      return chain("eth_getTransactionReceipt", [keccak256(signed)]);
    })) as Promise<[any, any]>;

    const deploy = await owner.signTransaction({ ...fees, nonce: 0, gas: 1_500_000n, data: encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: [10n ** 24n] }) });
    const receipts = [await both(deploy)];
    const address = receipts[0]![0].contractAddress as Hex;
    expect(receipts[0]![1].contractAddress).to.equal(address);
    const txs: [typeof owner, number, string, unknown[]][] = [
      [owner, 1, "transfer", [alice, 1000n]],
      [owner, 2, "approve", [spender.address, 500n]],
      [spender, 0, "transferFrom", [owner.address, bob, 300n]],
      [owner, 3, "transfer", [alice, 10n ** 25n]], // more than the supply: reverts
      [spender, 1, "transferFrom", [owner.address, bob, 201n]], // 200 left of the allowance: reverts
      [owner, 4, "transfer", [owner.address, 5n]], // to itself
    ];
    for (const [from, nonce, fn, args] of txs) {
      receipts.push(await both(await from.signTransaction({ ...fees, nonce, to: address, data: call(fn, args) as Hex, gas: 200_000n })));
    }

    expect(receipts.map(([, o]) => o.status)).to.deep.equal(["0x1", "0x1", "0x1", "0x1", "0x0", "0x0", "0x1"]);
    for (const [theirs, mine] of receipts) {
      expect(mine.status).to.equal(theirs.status);
      expect(mine.gasUsed).to.equal(theirs.gasUsed);
      expect(mine.logs.map((l: any) => [l.address, l.topics, l.data])).to.deep.equal(theirs.logs.map((l: any) => [l.address, l.topics, l.data]));
    }

    const read = async (chain: Call, fn: string, args: unknown[]): Promise<unknown> =>
      decodeFunctionResult({ abi: token.abi, functionName: fn, data: await chain("eth_call", [{ to: address, data: call(fn, args) }, "latest"]) });
    const state = (chain: Call) => Promise.all([
      read(chain, "balanceOf", [owner.address]), read(chain, "balanceOf", [alice]), read(chain, "balanceOf", [bob]),
      read(chain, "allowance", [owner.address, spender.address]), read(chain, "totalSupply", []),
    ]);
    const expected = [10n ** 24n - 1300n, 1000n, 300n, 200n, 10n ** 24n];
    expect(await state(ours)).to.deep.equal(expected);
    expect(await state(hardhat)).to.deep.equal(expected);
  });
});
