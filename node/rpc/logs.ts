import type { Block } from "@ethereumjs/block";
import { Bloom } from "@ethereumjs/vm";
import { hexToBytes } from "@ethereumjs/util";
import type { L2Node } from "../node.js";
import type { LogRecord } from "../store/records.js";
import { RpcCode, RpcError, invalidParams } from "./errors.js";
import { address, blockRef, hash, object } from "./params.js";

/** A decoded eth_getLogs filter: addresses and per-position topic alternatives (null = any). */
export interface LogFilter {
  addresses: string[];
  topics: (string[] | null)[];
}

const hexLower = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString("hex")}`;

const topicAlternatives = (value: unknown, index: number): string[] | null => {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((t, j) => hexLower(hash(t, `filter.topics[${index}][${j}]`)));
  return [hexLower(hash(value, `filter.topics[${index}]`))];
};

export const matches = (log: LogRecord, filter: LogFilter): boolean =>
  (filter.addresses.length === 0 || filter.addresses.includes(log.address.toLowerCase())) &&
  filter.topics.every((alternatives, i) => alternatives === null || (log.topics[i] !== undefined && alternatives.includes(log.topics[i]!.toLowerCase())));

/** The block bloom can rule a block out: every address/topic position needs one alternative in it. */
const mayContain = (block: Block, filter: LogFilter): boolean => {
  const bloom = new Bloom(block.header.logsBloom);
  const any = (values: string[]): boolean => values.some((v) => bloom.check(hexToBytes(v as `0x${string}`)));
  return (filter.addresses.length === 0 || any(filter.addresses)) && filter.topics.every((alts) => alts === null || any(alts));
};

/** eth_getLogs: `{ fromBlock, toBlock | blockHash, address, topics }` over the stored receipts. */
export const getLogs = async (node: L2Node, raw: unknown): Promise<LogRecord[]> => {
  const params = object(raw, "filter");
  const addressParam = params.address;
  const addresses = (addressParam === undefined || addressParam === null ? [] : Array.isArray(addressParam) ? addressParam : [addressParam]).map(
    (a, i) => address(a, `filter.address[${i}]`).toString().toLowerCase(),
  );
  if (params.topics !== undefined && params.topics !== null && !Array.isArray(params.topics)) throw invalidParams("filter.topics must be an array");
  const topics = ((params.topics as unknown[] | undefined) ?? []).map(topicAlternatives);
  const filter: LogFilter = { addresses, topics };
  let blocks: Block[];
  if (params.blockHash !== undefined) {
    if (params.fromBlock !== undefined || params.toBlock !== undefined) throw invalidParams("filter takes either blockHash or fromBlock/toBlock, not both");
    const block = await node.blockBy({ hash: hash(params.blockHash, "filter.blockHash") });
    if (block === undefined) throw new RpcError(RpcCode.SERVER_ERROR, "unknown block");
    blocks = [block];
  } else {
    const fromRef = blockRef(params.fromBlock, "filter.fromBlock");
    const toRef = blockRef(params.toBlock, "filter.toBlock");
    if ("number" in fromRef && "number" in toRef && fromRef.number > toRef.number) {
      throw new RpcError(RpcCode.SERVER_ERROR, `invalid block range params: fromBlock ${fromRef.number} is after toBlock ${toRef.number}`);
    }
    const from = await node.blockBy(fromRef);
    const to = await node.blockBy(toRef);
    const head = node.head.header.number;
    const fromN = from?.header.number ?? head + 1n;
    const toN = to?.header.number ?? head;
    if (fromN > toN) return [];
    if (toN - fromN + 1n > BigInt(node.config.maxLogsBlockRange)) {
      throw new RpcError(RpcCode.LIMIT_EXCEEDED, `query exceeds max block range ${node.config.maxLogsBlockRange}: narrow fromBlock/toBlock`);
    }
    blocks = [];
    for (let n = fromN; n <= toN; n++) {
      const block = await node.blockBy({ number: n });
      if (block !== undefined) blocks.push(block);
    }
  }
  const out: LogRecord[] = [];
  for (const block of blocks) {
    if (!mayContain(block, filter)) continue;
    for (const receipt of (await node.store.receipts(block.hash())) ?? []) {
      for (const log of receipt.logs) if (matches(log, filter)) out.push(log);
    }
  }
  return out;
};
