import type { Block } from "@ethereumjs/block";
import { bigIntToHex } from "@ethereumjs/util";
import { effectiveTip } from "../execution/fees.js";
import type { ReceiptRecord } from "../store/records.js";

/** One block's contribution to eth_feeHistory. */
export interface FeeBlock {
  block: Block;
  receipts: ReceiptRecord[];
}

/** Tips at the given gas-weighted percentiles of a block's transactions (geth's algorithm). */
const rewards = ({ block, receipts }: FeeBlock, percentiles: number[]): string[] => {
  const baseFee = block.header.baseFeePerGas ?? 0n;
  const txs = block.transactions
    .map((tx, i) => ({ tip: effectiveTip(tx, baseFee), gas: BigInt(receipts[i]?.gasUsed ?? "0x0") }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  if (txs.length === 0) return percentiles.map(() => "0x0");
  const total = block.header.gasUsed;
  return percentiles.map((p) => {
    const threshold = (total * BigInt(Math.round(p * 100))) / 10000n;
    let sum = 0n;
    for (const tx of txs) {
      sum += tx.gas;
      if (sum >= threshold) return bigIntToHex(tx.tip);
    }
    return bigIntToHex(txs.at(-1)!.tip);
  });
};

/** eth_feeHistory over consecutive `blocks` (oldest first): base fees (plus the next block's), gas ratios, tips. */
export const feeHistory = (blocks: FeeBlock[], percentiles: number[] | undefined): Record<string, unknown> => {
  const newest = blocks.at(-1)!.block;
  return {
    oldestBlock: bigIntToHex(blocks[0]!.block.header.number),
    baseFeePerGas: [...blocks.map(({ block }) => bigIntToHex(block.header.baseFeePerGas ?? 0n)), bigIntToHex(newest.header.calcNextBaseFee())],
    gasUsedRatio: blocks.map(({ block }) => Number(block.header.gasUsed) / Number(block.header.gasLimit)),
    baseFeePerBlobGas: blocks.map(() => "0x1").concat("0x1"),
    blobGasUsedRatio: blocks.map(() => 0),
    ...(percentiles === undefined ? {} : { reward: blocks.map((b) => rewards(b, percentiles)) }),
  };
};
