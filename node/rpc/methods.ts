import type { Block } from "@ethereumjs/block";
import { bigIntToHex, bytesToHex, setLengthLeft, bigIntToBytes } from "@ethereumjs/util";
import type { CallRequest } from "../execution/executor.js";
import { senderOf } from "../execution/sender.js";
import type { BlockSelector, L2Node } from "../node.js";
import { RpcCode, RpcError, invalidParams } from "./errors.js";
import { feeHistory, type FeeBlock } from "./fee-history.js";
import { formatBlock, formatTx } from "./format.js";
import { getLogs } from "./logs.js";
import { address, arity, blockRef, bool, data, hash, object, quantity, storageSlot } from "./params.js";
import { executionFailure } from "./revert.js";
import { rollupMethods } from "./rollup.js";
import { stateMethods } from "./state.js";

export type Method = (params: unknown[]) => Promise<unknown>;

/** Tip the node suggests (eth_maxPriorityFeePerGas), as hardhat: 1 gwei. */
const SUGGESTED_TIP = 1_000_000_000n;
const CLIENT_VERSION = `zkevm-ts/0.1.0/node-${process.version}`;
const MAX_FEE_HISTORY_BLOCKS = 1024;

/** Decodes an eth_call / eth_estimateGas transaction object. */
const callRequest = (raw: unknown): CallRequest => {
  const tx = object(raw, "transaction");
  if (tx.data !== undefined && tx.input !== undefined && tx.data !== tx.input) throw invalidParams("transaction.data and transaction.input differ");
  const input = tx.input ?? tx.data;
  const fee = tx.gasPrice ?? tx.maxFeePerGas;
  const bounded = (raw: unknown, name: string, bits: bigint): bigint => {
    const n = quantity(raw, name);
    if (n >= 1n << bits) throw invalidParams(`${name} does not fit ${bits} bits`);
    return n;
  };
  return {
    from: tx.from === undefined || tx.from === null ? undefined : address(tx.from, "transaction.from"),
    to: tx.to === undefined || tx.to === null ? undefined : address(tx.to, "transaction.to"),
    data: input === undefined || input === null ? new Uint8Array() : data(input, "transaction.input"),
    value: tx.value === undefined || tx.value === null ? 0n : bounded(tx.value, "transaction.value", 256n),
    gas: tx.gas === undefined || tx.gas === null ? undefined : bounded(tx.gas, "transaction.gas", 64n),
    gasPrice: fee === undefined || fee === null ? undefined : bounded(fee, "transaction.gasPrice", 256n),
  };
};

/** The JSON-RPC method table of the eth_, net_, web3_ and rollup_ (node/rpc/rollup.ts) namespaces. */
export const methods = (node: L2Node): Record<string, Method> => {
  const blockOrThrow = async (selector: BlockSelector): Promise<Block> => {
    const block = await node.blockBy(selector);
    if (block === undefined) throw new RpcError(RpcCode.SERVER_ERROR, "header not found");
    return block;
  };
  const stateAt = async (raw: unknown, name: string) => node.state.viewAt((await blockOrThrow(blockRef(raw, name))).header.number);

  const table: Record<string, Method> = {
    web3_clientVersion: async (p) => (arity(p, 0, 0, "web3_clientVersion"), CLIENT_VERSION),
    net_version: async (p) => (arity(p, 0, 0, "net_version"), node.common.chainId().toString()),
    net_listening: async (p) => (arity(p, 0, 0, "net_listening"), true),
    eth_chainId: async (p) => (arity(p, 0, 0, "eth_chainId"), bigIntToHex(node.common.chainId())),
    eth_syncing: async (p) => (arity(p, 0, 0, "eth_syncing"), false),
    eth_accounts: async (p) => (arity(p, 0, 0, "eth_accounts"), []),
    eth_blockNumber: async (p) => (arity(p, 0, 0, "eth_blockNumber"), bigIntToHex(node.head.header.number)),
    eth_gasPrice: async (p) => (arity(p, 0, 0, "eth_gasPrice"), bigIntToHex(node.head.header.calcNextBaseFee() + SUGGESTED_TIP)),
    eth_maxPriorityFeePerGas: async (p) => (arity(p, 0, 0, "eth_maxPriorityFeePerGas"), bigIntToHex(SUGGESTED_TIP)),

    eth_feeHistory: async (p) => {
      arity(p, 2, 3, "eth_feeHistory");
      if (typeof p[0] === "number" && !Number.isSafeInteger(p[0])) throw invalidParams(`blockCount must be an integer, got ${p[0]}`);
      const count = typeof p[0] === "number" ? BigInt(p[0]) : quantity(p[0], "blockCount");
      if (count < 1n || count > BigInt(MAX_FEE_HISTORY_BLOCKS)) throw invalidParams(`blockCount must be between 1 and ${MAX_FEE_HISTORY_BLOCKS}`);
      const newest = await blockOrThrow(blockRef(p[1], "newestBlock"));
      let percentiles: number[] | undefined;
      if (p[2] !== undefined && p[2] !== null) {
        if (!Array.isArray(p[2]) || p[2].some((x, i, a) => typeof x !== "number" || x < 0 || x > 100 || (i > 0 && x < (a[i - 1] as number)))) {
          throw invalidParams("rewardPercentiles must be an increasing list of numbers between 0 and 100");
        }
        percentiles = p[2] as number[];
      }
      const oldest = newest.header.number + 1n > count ? newest.header.number + 1n - count : 0n;
      const blocks: FeeBlock[] = [];
      for (let n = oldest; n <= newest.header.number; n++) {
        const block = await blockOrThrow({ number: n });
        blocks.push({ block, receipts: (await node.store.receipts(block.hash())) ?? [] });
      }
      return feeHistory(blocks, percentiles);
    },

    eth_getBalance: async (p) => {
      arity(p, 1, 2, "eth_getBalance");
      const account = await (await stateAt(p[1], "block")).getAccount(address(p[0], "address"));
      return bigIntToHex(account?.balance ?? 0n);
    },
    eth_getTransactionCount: async (p) => {
      arity(p, 1, 2, "eth_getTransactionCount");
      const who = address(p[0], "address");
      const pending = p[1] === "pending";
      const account = await (await stateAt(pending ? "latest" : p[1], "block")).getAccount(who);
      const nonce = account?.nonce ?? 0n;
      return bigIntToHex(pending ? node.mempool.pendingNonce(who.toString(), nonce) : nonce);
    },
    eth_getCode: async (p) => {
      arity(p, 1, 2, "eth_getCode");
      return bytesToHex(await (await stateAt(p[1], "block")).getCode(address(p[0], "address")));
    },
    eth_getStorageAt: async (p) => {
      arity(p, 2, 3, "eth_getStorageAt");
      const who = address(p[0], "address");
      const slot = setLengthLeft(bigIntToBytes(storageSlot(p[1], "slot")), 32);
      const value = await (await stateAt(p[2], "block")).getStorage(who, slot);
      return bytesToHex(setLengthLeft(value, 32));
    },

    eth_call: async (p) => {
      arity(p, 1, 3, "eth_call");
      if (p[2] !== undefined) throw invalidParams("state overrides are not supported");
      const result = await node.executor.call(callRequest(p[0]), await blockOrThrow(blockRef(p[1], "block")));
      if (result.execResult.exceptionError !== undefined) throw executionFailure(result);
      return bytesToHex(result.execResult.returnValue);
    },
    eth_estimateGas: async (p) => {
      arity(p, 1, 2, "eth_estimateGas");
      const outcome = await node.executor.estimateGas(callRequest(p[0]), await blockOrThrow(blockRef(p[1], "block")));
      if ("failure" in outcome) throw executionFailure(outcome.failure);
      return bigIntToHex(outcome.gas);
    },

    eth_sendRawTransaction: async (p) => {
      arity(p, 1, 1, "eth_sendRawTransaction");
      return node.sendRawTransaction(data(p[0], "signedTransaction"));
    },
    eth_getTransactionByHash: async (p) => {
      arity(p, 1, 1, "eth_getTransactionByHash");
      const txHash = hash(p[0], "transactionHash");
      const location = await node.store.txLocation(txHash);
      if (location === undefined) {
        const pending = node.mempool.get(bytesToHex(txHash));
        return pending === undefined ? null : formatTx(pending.tx, pending.sender);
      }
      const block = await blockOrThrow({ number: location.blockNumber });
      const tx = block.transactions[location.index]!;
      return formatTx(tx, senderOf(tx), { block, index: location.index });
    },
    eth_getTransactionReceipt: async (p) => {
      arity(p, 1, 1, "eth_getTransactionReceipt");
      const txHash = hash(p[0], "transactionHash");
      const location = await node.store.txLocation(txHash);
      if (location === undefined) return null;
      const receipts = await node.store.receipts(hash(location.blockHash, "blockHash"));
      return receipts?.[location.index] ?? null;
    },
    /**
     * Where a sent tx stands: `included` (blockNumber), `pending` (in the mempool), `skipped` (left out of block
     * blockNumber by the sequencer: the batch circuit cannot prove it, `reason`; its nonce is free again) or
     * `unknown`. A skipped tx is null for eth_getTransactionByHash and eth_getTransactionReceipt, as geth's dropped txs.
     */
    rollup_getTransactionStatus: async (p) => {
      arity(p, 1, 1, "rollup_getTransactionStatus");
      const txHash = hash(p[0], "transactionHash");
      const location = await node.store.txLocation(txHash);
      if (location !== undefined) return { status: "included", blockNumber: bigIntToHex(location.blockNumber) };
      if (node.mempool.get(bytesToHex(txHash)) !== undefined) return { status: "pending" };
      const skipped = await node.store.skippedTx(txHash);
      if (skipped !== undefined) return { status: "skipped", reason: skipped.reason, blockNumber: bigIntToHex(skipped.blockNumber) };
      return { status: "unknown" };
    },

    eth_getBlockByNumber: async (p) => {
      arity(p, 1, 2, "eth_getBlockByNumber");
      const block = await node.blockBy(blockRef(p[0], "block"));
      return block === undefined ? null : formatBlock(block, p[1] === undefined ? false : bool(p[1], "hydratedTransactions"));
    },
    eth_getBlockByHash: async (p) => {
      arity(p, 1, 2, "eth_getBlockByHash");
      const block = await node.blockBy({ hash: hash(p[0], "blockHash") });
      return block === undefined ? null : formatBlock(block, p[1] === undefined ? false : bool(p[1], "hydratedTransactions"));
    },
    eth_getLogs: async (p) => {
      arity(p, 1, 1, "eth_getLogs");
      return getLogs(node, p[0]);
    },
    ...rollupMethods(node.batcher.batches),
    ...stateMethods(node, blockOrThrow),
  };
  return table;
};
