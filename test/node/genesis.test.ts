import { expect } from "chai";
import { DEV_ACCOUNTS, parseGethGenesis } from "../../node/execution/genesis.js";
import { devAccount } from "./helpers.js";

describe("genesis", function () {
  it("lists the 20 accounts of the hardhat test mnemonic", function () {
    expect(DEV_ACCOUNTS.map((_, i) => devAccount(i).address)).to.deep.equal([...DEV_ACCOUNTS]);
  });

  it("parses a geth genesis with hex and decimal quantities", function () {
    const genesis = parseGethGenesis({
      config: { chainId: 1337 },
      gasLimit: "0x1c9c380",
      timestamp: "12",
      baseFeePerGas: 7,
      coinbase: "0x00000000000000000000000000000000000000c0",
      extraData: "0x1234",
      alloc: {
        "00000000000000000000000000000000000000a1": { balance: "1000", nonce: "0x2", code: "0x6000", storage: { "0x01": "0x02", "03": "ff" } },
      },
    });
    expect(genesis.chainId).to.equal(1337n);
    expect(genesis.gasLimit).to.equal(30_000_000n);
    expect(genesis.timestamp).to.equal(12n);
    expect(genesis.baseFeePerGas).to.equal(7n);
    expect(genesis.alloc[0]!.balance).to.equal(1000n);
    expect(genesis.alloc[0]!.nonce).to.equal(2n);
    expect(genesis.alloc[0]!.storage).to.deep.equal([[1n, 2n], [3n, 255n]]);
    expect(() => parseGethGenesis({ config: {}, alloc: {} })).to.throw(/config.chainId/);
    expect(() => parseGethGenesis({ config: { chainId: 1 }, alloc: { "0x12": {} } })).to.throw(/20-byte hex address/);
  });
});
