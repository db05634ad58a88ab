import { Block, createBlockHeader, genTransactionsTrieRoot, type HeaderData } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import type { TypedTransaction } from "@ethereumjs/tx";
import { KECCAK256_RLP } from "@ethereumjs/util";
import { Bloom, encodeReceipt, type RunTxResult } from "@ethereumjs/vm";

/**
 * Seals an executed block: transactions and receipts tries, logs bloom, gas used and the given state root into
 * the header. Replaces @ethereumjs's BlockBuilder.build because its addTransaction rebuilds a block holding every
 * transaction so far for each new one (quadratic in the block size; a 1,000-tx block spent seconds there).
 * The Block is made from the executed transaction objects as they are (no re-decoding, no re-validation).
 */
export const assembleBlock = async (
  common: Common,
  header: HeaderData,
  executed: readonly { tx: TypedTransaction; result: RunTxResult }[],
  stateRoot: Uint8Array,
): Promise<Block> => {
  const txs = executed.map(({ tx }) => tx);
  const bloom = new Bloom(undefined, common);
  let gasUsed = 0n;
  let receiptTrie = KECCAK256_RLP;
  if (executed.length > 0) {
    const trie = new MerklePatriciaTrie({ common });
    for (const [index, { tx, result }] of executed.entries()) {
      bloom.or(result.bloom);
      gasUsed += result.blockGasSpent;
      await trie.put(RLP.encode(index), encodeReceipt(result.receipt, tx.type));
    }
    receiptTrie = trie.root();
  }
  const sealed = createBlockHeader(
    { ...header, stateRoot, transactionsTrie: await genTransactionsTrieRoot(txs), receiptTrie, logsBloom: bloom.bitvector, gasUsed, blobGasUsed: 0n },
    { common, setHardfork: false },
  );
  return new Block(sealed, txs, [], [], { common, setHardfork: false });
};
