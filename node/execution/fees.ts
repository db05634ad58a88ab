import type { TypedTransaction } from "@ethereumjs/tx";
import { Capability } from "@ethereumjs/tx";

/** Fee cap of a transaction: maxFeePerGas for EIP-1559, gasPrice otherwise. */
export const maxFeePerGas = (tx: TypedTransaction): bigint =>
  tx.supports(Capability.EIP1559FeeMarket) ? (tx as { maxFeePerGas: bigint }).maxFeePerGas : (tx as { gasPrice: bigint }).gasPrice;

/** Tip cap: maxPriorityFeePerGas for EIP-1559, gasPrice otherwise. */
export const maxPriorityFeePerGas = (tx: TypedTransaction): bigint =>
  tx.supports(Capability.EIP1559FeeMarket)
    ? (tx as { maxPriorityFeePerGas: bigint }).maxPriorityFeePerGas
    : (tx as { gasPrice: bigint }).gasPrice;

/** Price per gas the sender pays in a block with `baseFee`: min(fee cap, baseFee + tip cap). */
export const effectiveGasPrice = (tx: TypedTransaction, baseFee: bigint): bigint => {
  const cap = maxFeePerGas(tx);
  const byTip = baseFee + maxPriorityFeePerGas(tx);
  return byTip < cap ? byTip : cap;
};

/** Tip per gas the block producer earns (what the mempool orders by). Negative when the cap is below baseFee. */
export const effectiveTip = (tx: TypedTransaction, baseFee: bigint): bigint => effectiveGasPrice(tx, baseFee) - baseFee;
