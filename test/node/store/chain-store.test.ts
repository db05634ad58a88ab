import { createBlock } from "@ethereumjs/block";
import { expect } from "chai";
import { createL2Common } from "../../../node/execution/common.js";
import { ChainStore } from "../../../node/store/chain-store.js";
import { type KvOp, type KvStore, MemoryKv } from "../../../node/store/kv.js";
import type { ReceiptRecord } from "../../../node/store/records.js";

/** A MemoryKv that counts reads. */
const countingKv = (): KvStore & { reads: number } => {
  const inner = new MemoryKv();
  const kv = {
    reads: 0,
    get: (key: Uint8Array) => {
      kv.reads++;
      return inner.get(key);
    },
    batch: (ops: KvOp[]) => inner.batch(ops),
    close: () => inner.close(),
  };
  return kv;
};

describe("store/chain-store: receipts", () => {
  it("decodes a block's receipts once; later reads return the same records; unknown blocks stay undefined", async () => {
    const common = createL2Common(31338n);
    const kv = countingKv();
    const store = new ChainStore(kv, common);
    const block = createBlock({ header: { number: 1n, gasLimit: 30_000_000n } }, { common, setHardfork: false });
    const receipts = [{ status: "0x1", logs: [], cumulativeGasUsed: "0x5208" }] as unknown as ReceiptRecord[];
    await store.putBlock(block, receipts);
    const first = await store.receipts(block.hash());
    expect(first).to.deep.equal(receipts);
    const reads = kv.reads;
    expect(await store.receipts(block.hash())).to.equal(first);
    expect(kv.reads).to.equal(reads);
    expect(await store.receipts(new Uint8Array(32))).to.equal(undefined);
    expect(await store.receipts(new Uint8Array(32))).to.equal(undefined);
  });
});
