/**
 * The L2 side of the bridge, as the node implements it today (documented in README "Deposits and withdrawals"):
 *
 * Deposits (L1 → L2). Each L1 message of ZkRollup's queue (an ETH deposit) becomes one L2 transaction from the
 * bridge account: `to` = the deposit's recipient, `value` = its amount, and **nonce = the message's queue index**,
 * so L2 executes the messages exactly once and in queue order. The bridge account holds a reserve minted at
 * genesis (`withBridgeReserve`); gas is paid from it, so the recipient gets exactly the deposited value. The
 * bridge key is a well-known dev key: the node refuses transactions from the bridge account on its public RPC
 * (`isBridgeSender`), and the batch's l1MessagesHash binds every bridge transaction to an L1 message (the batch
 * circuit proves that correspondence: circuits/pi/l1-messages.ts).
 *
 * Withdrawals (L2 → L1). A successful transaction that sends ETH to `WITHDRAW_ADDRESS` (a plain address without
 * code; the ETH stays locked there) withdraws that value to the *sender's* address on L1. A withdrawal's leaf nonce
 * is the withdrawing tx's own nonce: (sender, nonce) never repeats, so neither does a leaf (the batch circuit binds
 * it: circuits/pi/withdrawals.ts); each batch's withdraw root is the contract's Merkle tree over its withdrawals, in
 * tx order (the batch circuit proves the tree for up to one withdrawal per tx slot: circuits/pi/withdraw-tree.ts).
 * Only top-level transfers count: an internal call that sends ETH to the address is not a withdrawal.
 */
import type { Common } from "@ethereumjs/common";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { type Address, createAddressFromPrivateKey, createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { keccak256, toBytes, type Hex } from "viem";
import type { Genesis } from "../execution/genesis.js";
import type { L1Message } from "../batcher/encoding.js";
import { DEPOSIT_GAS } from "../../circuits/pi/l1-messages.js";

/** keccak256("zkevm-ts/dev/l2-bridge"): public, dev only; safe because the RPC refuses this sender. */
export const BRIDGE_KEY: Uint8Array = hexToBytes(keccak256(toBytes("zkevm-ts/dev/l2-bridge")));
export const BRIDGE_ADDRESS: Address = createAddressFromPrivateKey(BRIDGE_KEY);

/** ETH sent here by a top-level transaction is withdrawn to the sender on L1. */
export const WITHDRAW_ADDRESS: Address = createAddressFromString("0x5a4b000000000000000000000000000000000001");

/** The bridge's genesis reserve (2^128 wei ≈ 3.4e20 ETH): what deposits are paid out of. */
export const BRIDGE_RESERVE = 1n << 128n;

/** Gas of a deposit transaction (the batch circuit pins it: circuits/pi/l1-messages.ts). */
export { DEPOSIT_GAS };

/** The genesis with the bridge reserve added (a rollup chain's genesis; the plain dev chain has none). */
export const withBridgeReserve = (genesis: Genesis): Genesis => ({
  ...genesis,
  alloc: [
    ...genesis.alloc.filter((a) => !a.address.equals(BRIDGE_ADDRESS)),
    { address: BRIDGE_ADDRESS, balance: BRIDGE_RESERVE, nonce: 0n, code: new Uint8Array(), storage: [] },
  ],
});

export const isBridgeSender = (sender: Address): boolean => sender.equals(BRIDGE_ADDRESS);

export const isWithdrawal = (to: Hex | null): boolean => to !== null && to.toLowerCase() === WITHDRAW_ADDRESS.toString();

/**
 * The signed L2 transaction that delivers L1 message `m`. The fee cap is twice the next base fee (at least
 * 1 gwei), so it stays includable while the base fee rises for a few blocks; the tip is zero.
 */
export const depositTransaction = (m: L1Message, common: Common, nextBaseFee: bigint): Uint8Array => {
  const floor = 1_000_000_000n;
  const maxFeePerGas = 2n * nextBaseFee > floor ? 2n * nextBaseFee : floor;
  return createFeeMarket1559Tx(
    { nonce: m.nonce, to: m.to, value: m.value, gasLimit: DEPOSIT_GAS, maxFeePerGas, maxPriorityFeePerGas: 0n, chainId: common.chainId() },
    { common },
  )
    .sign(BRIDGE_KEY)
    .serialize();
};
