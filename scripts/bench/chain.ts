/**
 * Real chains for the batch benchmarks: an in-process L2 node (node/node.ts, in memory, logs silenced) executing
 * signed EIP-1559 ETH transfers from the hardhat test mnemonic's dev accounts — what bench:batch measures the batch
 * circuit on, and what bench:provers proves through the prover service.
 */
import { mnemonicToAccount } from "viem/accounts";
import type { SmtBindingWitness } from "../../circuits/smt/binding-circuit.js";
import { batchStateRws } from "../../circuits/witness/batch.js";
import { smtBindingWitness } from "../../circuits/witness/smt-binding.js";
import type { BlockTrace } from "../../circuits/witness/trace.js";
import type { BatchRecord } from "../../node/batcher/batch.js";
import { defaultConfig, type NodeConfig } from "../../node/config.js";
import { devGenesis } from "../../node/execution/genesis.js";
import { createLogger } from "../../node/log.js";
import { L2Node } from "../../node/node.js";

const MNEMONIC = "test test test test test test test test test test test junk";

const startNode = (overrides: Partial<NodeConfig>): Promise<L2Node> =>
  L2Node.start({ ...defaultConfig(devGenesis()), port: 0, ...overrides }, createLogger("silent"));

/** `count` signed transfers from dev account 0 (nonces 0…count−1), each to a fresh dev account. */
async function transfers(node: L2Node, count: number): Promise<Buffer[]> {
  const from = mnemonicToAccount(MNEMONIC, { addressIndex: 0 });
  const chainId = Number(node.config.genesis.chainId);
  const raws: Buffer[] = [];
  for (let nonce = 0; nonce < count; nonce++) {
    const to = mnemonicToAccount(MNEMONIC, { addressIndex: 1 + nonce }).address;
    const raw = await from.signTransaction({ type: "eip1559", chainId, nonce, to, value: 7n + BigInt(nonce), gas: 21_000n, maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1n });
    raws.push(Buffer.from(raw.slice(2), "hex"));
  }
  return raws;
}

/**
 * One block of `count` transfers as the node's sequencer traced it, and the SMT binding's witness over the node's
 * own state trees before it (what the node's prover builds). The block is produced by hand once every tx is in the
 * pool, so all `count` land in it.
 */
export async function transferBlock(count: number): Promise<{ block: BlockTrace; state: SmtBindingWitness }> {
  const node = await startNode({ blockTime: 24 * 3600 });
  try {
    let traced: BlockTrace | undefined;
    node.sequencer.onBlockTrace((_b, trace) => (traced = trace));
    for (const raw of await transfers(node, count)) await node.sendRawTransaction(raw);
    await node.sequencer.produce();
    const block = traced;
    if (block === undefined || block.txs.length !== count) throw new Error(`the node's block holds ${block?.txs.length ?? 0} of the ${count} transfers sent`);
    return { block, state: await smtBindingWitness(batchStateRws([block]), await node.state.witnessAt(block.header.number - 1n)) };
  } finally {
    await node.stop();
  }
}

/**
 * A running node whose batches 1…count each hold one transfer (one block per tx, one block per batch: the
 * devnet's batch circuit has one tx slot). The caller proves them from the node's store and state, then stops it.
 */
export async function oneTransferBatches(count: number, timeoutMs = 120_000): Promise<{ node: L2Node; batches: BatchRecord[] }> {
  const node = await startNode({ blockTime: 0, maxBlockTxs: 1, batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1 } });
  try {
    for (const raw of await transfers(node, count)) await node.sendRawTransaction(raw);
    const end = Date.now() + timeoutMs;
    while ((await node.batcher.batches.count()) <= count) {
      if (Date.now() > end) throw new Error(`the node sealed ${(await node.batcher.batches.count()) - 1} of ${count} batches within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const batches: BatchRecord[] = [];
    for (let index = 1; index <= count; index++) {
      const batch = (await node.batcher.batches.get(index))!;
      if (batch.txCount !== 1) throw new Error(`batch ${index} holds ${batch.txCount} txs, not 1`);
      batches.push(batch);
    }
    return { node, batches };
  } catch (error) {
    await node.stop();
    throw error;
  }
}
