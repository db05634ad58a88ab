/**
 * Signed txs of all three types (@ethereumjs/tx) and the trace fields the node records for them, for the tx
 * circuit's soundness target and tests (circuits/tx/examples.ts holds the fixture circuit they feed).
 */
import { createAccessList2930Tx, createFeeMarket1559Tx, createLegacyTx, type TypedTransaction } from '@ethereumjs/tx';
import { createAddressFromPrivateKey, createAddressFromString } from '@ethereumjs/util';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { TxTrace } from '../../../circuits/witness/trace.js';
import { createL2Common } from '../../../node/execution/common.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { effectiveGasPrice, maxFeePerGas, maxPriorityFeePerGas } from '../../../node/execution/fees.js';
import { rawAccessList } from '../../../node/execution/trace-builder.js';

export const common = createL2Common(DEV_CHAIN_ID);
export const KEY = new Uint8Array(32).fill(9);
export const SENDER = createAddressFromPrivateKey(KEY);
export const BASE_FEE = 7n;
export const TO = createAddressFromString('0x00112233445566778899aabbccddeeff00112233');

/** Calldata of `n` bytes with zeros among them (gas 4 vs 16). */
export const calldata = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : (i * 37 + 1) & 0xff));

export interface TxSpec { type: 0 | 1 | 2; nonce: bigint; data: Uint8Array; create?: boolean; value?: bigint; key?: Uint8Array; accessList?: Array<{ address: `0x${string}`; storageKeys: Array<`0x${string}`> }> }

export function signedTx(s: TxSpec): TypedTransaction {
  const base = { nonce: s.nonce, gasLimit: 3_000_000n, to: s.create ? undefined : TO, value: s.value ?? 10n ** 18n + 5n, data: s.data };
  const key = s.key ?? KEY;
  if (s.type === 0) return createLegacyTx({ ...base, gasPrice: 2n * 10n ** 9n }, { common }).sign(key);
  const accessList = s.accessList ?? [];
  if (s.type === 1) return createAccessList2930Tx({ ...base, gasPrice: 3n * 10n ** 9n, chainId: DEV_CHAIN_ID, accessList }, { common }).sign(key);
  return createFeeMarket1559Tx({ ...base, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, chainId: DEV_CHAIN_ID, accessList }, { common }).sign(key);
}

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}` as const;

/** The fields the node's trace builder (node/execution/trace-builder.ts) records for a signed tx; no execution. */
export function txTrace(tx: TypedTransaction, index: number): TxTrace {
  return {
    index, hash: hex(tx.hash()), type: tx.type as 0 | 1 | 2, from: tx.getSenderAddress().toString() as `0x${string}`,
    to: tx.to === undefined ? null : (tx.to.toString() as `0x${string}`), nonce: tx.nonce, gasLimit: tx.gasLimit,
    maxFeePerGas: maxFeePerGas(tx), maxPriorityFeePerGas: maxPriorityFeePerGas(tx), effectiveGasPrice: effectiveGasPrice(tx, BASE_FEE),
    value: tx.value, data: tx.data, accessList: rawAccessList(tx).map(([a, keys]) => ({ address: hex(a), storageKeys: keys.map(hex) })), v: tx.v!, r: tx.r!, s: tx.s!, raw: tx.serialize(), signingHash: hex(tx.getHashedMessageToSign()),
    status: 1, gasUsed: 0n, contractAddress: null, returnData: new Uint8Array(), steps: [], frames: [], storage: [], accounts: [], logs: [], keccaks: [], precompiles: [],
  };
}
