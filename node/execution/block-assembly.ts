import { Block, createBlockHeader, type HeaderData } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { Bloom, encodeReceipt, type RunTxResult } from "@ethereumjs/vm";
import { orderedTrieRoot } from "./ordered-trie.js";

/**
 * Seals an executed block: transactions and receipts tries, logs bloom, gas used and the given state root into
 * the header. Replaces @ethereumjs's BlockBuilder.build because its addTransaction rebuilds a block holding every
 * transaction so far for each new one (quadratic in the block size; a 1,000-tx block spent seconds there).
 * The Block is made from the executed transaction objects as they are (no re-decoding, no re-validation).
 */
export const assembleBlock = (
  common: Common,
  header: HeaderData,
  executed: readonly { tx: TypedTransaction; result: RunTxResult }[],
  stateRoot: Uint8Array,
): Block => {
  const txs = executed.map(({ tx }) => tx);
  const bloom = new Bloom(undefined, common);
  let gasUsed = 0n;
  for (const { result } of executed) {
    bloom.or(result.bloom);
    gasUsed += result.blockGasSpent;
  }
  const transactionsTrie = orderedTrieRoot(txs.map((tx) => tx.serialize()));
  const receiptTrie = orderedTrieRoot(executed.map(({ tx, result }) => encodeReceipt(result.receipt, tx.type)));
  const sealed = createBlockHeader(
    { ...header, stateRoot, transactionsTrie, receiptTrie, logsBloom: bloom.bitvector, gasUsed, blobGasUsed: 0n },
    { common, setHardfork: false },
  );
  return new Block(sealed, txs, [], [], { common, setHardfork: false });
};
