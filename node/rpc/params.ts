import { type Address, createAddressFromString, hexToBytes } from "@ethereumjs/util";
import type { BlockSelector } from "../node.js";
import { invalidParams } from "./errors.js";

/** Validators for JSON-RPC params: each returns the decoded value or throws -32602 naming the argument. */
export type Hex = `0x${string}`;

const describe = (value: unknown): string => (value === undefined ? "nothing" : JSON.stringify(value));

export const quantity = (value: unknown, name: string): bigint => {
  if (typeof value !== "string" || !/^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/.test(value)) {
    throw invalidParams(`${name} must be a hex quantity like "0x1a" (no leading zeros), got ${describe(value)}`);
  }
  return BigInt(value);
};

export const data = (value: unknown, name: string): Uint8Array => {
  if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value)) {
    throw invalidParams(`${name} must be 0x-prefixed hex bytes of even length, got ${describe(value)}`);
  }
  return hexToBytes(value as Hex);
};

export const address = (value: unknown, name: string): Address => {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw invalidParams(`${name} must be a 20-byte hex address, got ${describe(value)}`);
  }
  return createAddressFromString(value);
};

export const hash = (value: unknown, name: string): Uint8Array => {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw invalidParams(`${name} must be a 32-byte hex hash, got ${describe(value)}`);
  }
  return hexToBytes(value as Hex);
};

export const bool = (value: unknown, name: string): boolean => {
  if (typeof value !== "boolean") throw invalidParams(`${name} must be true or false, got ${describe(value)}`);
  return value;
};

export const object = (value: unknown, name: string): Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidParams(`${name} must be an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
};

/** A storage slot: 32 hex bytes, or a hex quantity (as eth_getStorageAt accepts both). */
export const storageSlot = (value: unknown, name: string): bigint => {
  if (typeof value === "string" && value.length === 66) return BigInt(`0x${Buffer.from(hash(value, name)).toString("hex")}`);
  const slot = quantity(value, name);
  if (slot >= 1n << 256n) throw invalidParams(`${name} must fit 256 bits`);
  return slot;
};

/** A block number: a quantity that fits 64 bits (as geth, which answers "hex number > 64 bits"). */
const blockNumber = (value: unknown, name: string): bigint => {
  const n = quantity(value, name);
  if (n >= 1n << 64n) throw invalidParams(`${name} is not a block number: hex number > 64 bits`);
  return n;
};

const TAGS = new Set(["latest", "pending", "earliest", "safe", "finalized"]);

/** A block reference: a tag, a number, or an EIP-1898 object `{ blockHash }` / `{ blockNumber }`. */
export const blockRef = (value: unknown, name: string, fallback: BlockSelector = { tag: "latest" }): BlockSelector => {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "string" && TAGS.has(value)) return { tag: value as "latest" };
  if (typeof value === "string") return { number: blockNumber(value, name) };
  if (typeof value === "object" && !Array.isArray(value)) {
    const ref = value as Record<string, unknown>;
    if (ref.blockHash !== undefined) return { hash: hash(ref.blockHash, `${name}.blockHash`) };
    if (ref.blockNumber !== undefined) return blockRef(ref.blockNumber, `${name}.blockNumber`);
  }
  throw invalidParams(`${name} must be a block number, "latest", "pending", "earliest", "safe", "finalized" or { blockHash }, got ${describe(value)}`);
};

/** Checks the params array length: `required` mandatory arguments, at most `max`. */
export const arity = (params: unknown[], required: number, max: number, method: string): void => {
  if (params.length < required || params.length > max) {
    const expected = required === max ? `${required}` : `${required} to ${max}`;
    throw invalidParams(`${method} takes ${expected} argument(s), got ${params.length}`);
  }
};
