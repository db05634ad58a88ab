import { createTx } from "@ethereumjs/tx";
import { expect } from "chai";
import { createL2Common } from "../../../node/execution/common.js";
import { senderOf } from "../../../node/execution/sender.js";

describe("senderOf", () => {
  it("is getSenderAddress for legacy, EIP-2930 and EIP-1559 txs, computed once per tx object", () => {
    const common = createL2Common(31338n);
    const key = new Uint8Array(32).fill(9);
    const base = { nonce: 3n, gasLimit: 30_000n, to: "0x00000000000000000000000000000000000000b1" as const, value: 5n };
    const txs = [
      createTx({ ...base, gasPrice: 10n }, { common }),
      createTx({ ...base, type: 1, gasPrice: 10n, accessList: [] }, { common }),
      createTx({ ...base, type: 2, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n }, { common }),
    ].map((tx) => tx.sign(key));
    for (const tx of txs) {
      expect(senderOf(tx).toString()).to.equal(tx.getSenderAddress().toString());
      expect(senderOf(tx)).to.equal(senderOf(tx));
    }
    const other = createTx({ ...base, type: 2, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n }, { common }).sign(new Uint8Array(32).fill(8));
    expect(senderOf(other).toString()).to.equal(other.getSenderAddress().toString()).and.not.equal(senderOf(txs[2]!).toString());
  });
});
