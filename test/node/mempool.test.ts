import { createTx } from "@ethereumjs/tx";
import { createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { expect } from "chai";
import { toHex } from "viem";
import { createL2Common } from "../../node/execution/common.js";
import { TxRejectedError } from "../../node/mempool/errors.js";
import { Mempool } from "../../node/mempool/pool.js";
import { devAccount } from "./helpers.js";

const common = createL2Common(31338n);
const keys = [0, 1].map((i) => hexToBytes(toHex(devAccount(i).getHdKey().privateKey!)));
const to = createAddressFromString("0x00000000000000000000000000000000000000e1");
const tx = (sender: number, nonce: bigint, tip: bigint, cap = 100n) => {
  const signed = createTx({ type: 2, nonce, to, gasLimit: 21000n, maxFeePerGas: cap, maxPriorityFeePerGas: tip }, { common }).sign(keys[sender]!);
  return { tx: signed, sender: signed.getSenderAddress() };
};
const rejection = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof TxRejectedError) return error.reason;
    throw error;
  }
  return undefined;
};

describe("mempool", function () {
  it("orders by tip across senders, by nonce within a sender, and queues nonce gaps", function () {
    const pool = new Mempool();
    const a0 = tx(0, 0n, 1n);
    const a1 = tx(0, 1n, 50n);
    const a3 = tx(0, 3n, 90n); // gap at nonce 2: queued
    const b0 = tx(1, 0n, 10n);
    for (const t of [a1, a3, b0, a0]) pool.add(t);
    const nonces = new Map([...pool.senders().keys()].map((k) => [k, 0n]));
    const order = pool.executable(nonces, 10n).map((p) => p.tx);
    expect(order).to.deep.equal([b0.tx, a0.tx, a1.tx]);
    expect(pool.pendingNonce(a0.sender.toString(), 0n)).to.equal(2n);
  });

  it("replaces only with a ≥ 10% higher fee cap and tip, and stays bounded", function () {
    const pool = new Mempool({ maxSize: 2, maxPerSender: 64, priceBumpPercent: 10n });
    pool.add(tx(0, 0n, 10n, 100n));
    expect(rejection(() => pool.add(tx(0, 0n, 10n, 109n)))).to.equal("replacement-underpriced");
    const replaced = tx(0, 0n, 10n, 100n).tx.hash();
    expect(pool.add(tx(0, 0n, 11n, 110n))?.tx.hash()).to.deep.equal(replaced);
    expect(pool.size).to.equal(1);
    pool.add(tx(0, 1n, 1n));
    expect(rejection(() => pool.add(tx(1, 0n, 1n)))).to.equal("pool-full");
    expect(rejection(() => pool.add(tx(0, 1n, 1n)))).to.equal("already-known");
  });
});
