import { paramsBlock } from "@ethereumjs/block";
import { createCustomCommon, Hardfork, Mainnet } from "@ethereumjs/common";
import { paramsEVM } from "@ethereumjs/evm";
import { createTxFromRLP, paramsTx } from "@ethereumjs/tx";
import { paramsVM } from "@ethereumjs/vm";
import { hexToBytes } from "@ethereumjs/util";
import { expect } from "chai";
import { type Hex, parseGwei } from "viem";
import { createL2Common } from "../../../node/execution/common.js";
import { devAccount } from "../helpers.js";

const CHAIN_ID = 31338n;

/** Counts params-cache rebuilds on a Common (the per-tx cost L2Common skips). */
const countRebuilds = (common: object): { count: number } => {
  const counter = { count: 0 };
  const target = common as { _buildParamsCache(): void };
  const rebuild = target._buildParamsCache.bind(common);
  target._buildParamsCache = () => {
    counter.count++;
    rebuild();
  };
  return counter;
};

describe("execution/common: the L2 Common", () => {
  let raws: Hex[];
  before(async () => {
    const account = devAccount(5);
    raws = await Promise.all(Array.from({ length: 10 }, (_, nonce) =>
      account.signTransaction({ type: "eip1559", chainId: Number(CHAIN_ID), nonce, to: devAccount(6).address, value: 7n, gas: 21000n, maxFeePerGas: parseGwei("10"), maxPriorityFeePerGas: parseGwei("1") })));
  });

  it("decodes txs as createCustomCommon's Common does, and has its params", () => {
    const l2 = createL2Common(CHAIN_ID);
    const plain = createCustomCommon({ chainId: Number(CHAIN_ID), name: "zkevm-l2" }, Mainnet, { hardfork: Hardfork.Cancun });
    for (const raw of raws) {
      const [a, b] = [l2, plain].map((common) => createTxFromRLP(hexToBytes(raw), { common }));
      expect(a.hash()).to.deep.equal(b.hash());
      expect(a.getSenderAddress().toString()).to.equal(b.getSenderAddress().toString());
      expect(a.getIntrinsicGas()).to.equal(b.getIntrinsicGas());
      expect(a.getUpfrontCost(1n)).to.equal(b.getUpfrontCost(1n));
      expect(a.common.chainId()).to.equal(CHAIN_ID);
      expect(a.common.param("txGas")).to.equal(b.common.param("txGas"));
    }
    for (const params of [paramsTx, paramsBlock, paramsEVM, paramsVM]) plain.updateParams(params);
    for (const name of ["txGas", "txDataNonZeroGas", "initialBaseFee", "elasticityMultiplier", "maxInitCodeSize", "blobGasPerBlob"]) {
      expect(l2.param(name), name).to.equal(plain.param(name));
    }
    expect(l2.hardfork()).to.equal(Hardfork.Cancun);
  });

  it("does not rebuild its params cache per tx (the plain Common: once per tx)", () => {
    const l2 = countRebuilds(createL2Common(CHAIN_ID));
    const plainCommon = createCustomCommon({ chainId: Number(CHAIN_ID) }, Mainnet, { hardfork: Hardfork.Cancun });
    const plain = countRebuilds(plainCommon);
    for (const raw of raws) createTxFromRLP(hexToBytes(raw), { common: plainCommon });
    expect(plain.count).to.equal(raws.length);
    const common = createL2Common(CHAIN_ID);
    const counter = countRebuilds(common);
    for (const raw of raws) createTxFromRLP(hexToBytes(raw), { common });
    expect(counter.count).to.equal(0);
    expect(l2.count).to.equal(0);
  });

  it("still merges params that change something", () => {
    const common = createL2Common(CHAIN_ID);
    common.updateParams({ 1559: { elasticityMultiplier: 3 } });
    expect(common.param("elasticityMultiplier")).to.equal(3n);
    common.updateParams({ 1559: { somethingNew: 5 } });
    expect(common.param("somethingNew")).to.equal(5n);
  });

  it("merges a dict again once a copy sharing its params changed them (as the plain Common would)", () => {
    const common = createL2Common(CHAIN_ID);
    const copy = common.copy();
    copy.updateParams({ 1559: { elasticityMultiplier: 3 } });
    expect(copy.param("elasticityMultiplier")).to.equal(3n);
    expect(common.param("elasticityMultiplier")).to.equal(2n); // its cache predates the copy's merge
    common.updateParams(paramsBlock); // the shared params hold 3 now: paramsBlock's 2 is merged again
    common.updateParams({ 1559: { somethingNew: 5 } }); // a rebuild from the shared params
    expect(common.param("elasticityMultiplier")).to.equal(2n);
    const counter = countRebuilds(common);
    common.updateParams(paramsBlock);
    expect(counter.count).to.equal(0);
  });
});
