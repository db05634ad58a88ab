/** Why a transaction was refused at admission. Messages follow geth's, which viem and ethers recognize. */
export type TxRejectReason =
  | "oversized"
  | "invalid-rlp"
  | "unsupported-type"
  | "wrong-chain-id"
  | "invalid-signature"
  | "gas-limit-exceeded"
  | "intrinsic-gas-too-low"
  | "fee-cap-too-low"
  | "nonce-too-low"
  | "nonce-too-high"
  | "insufficient-funds"
  | "already-known"
  | "replacement-underpriced"
  | "pool-full";

export class TxRejectedError extends Error {
  constructor(
    readonly reason: TxRejectReason,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "TxRejectedError";
  }
}
