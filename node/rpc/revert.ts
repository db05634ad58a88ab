import type { EVMResult } from "@ethereumjs/evm";
import { bytesToBigInt, bytesToHex } from "@ethereumjs/util";
import { RpcCode, RpcError } from "./errors.js";

const ERROR_SELECTOR = "0x08c379a0"; // Error(string)
const PANIC_SELECTOR = "0x4e487b71"; // Panic(uint256)

/** The human part of revert data: the Error(string) message or the Panic code, if the data has either shape. */
export const revertReason = (data: Uint8Array): string | undefined => {
  const selector = bytesToHex(data.subarray(0, 4));
  if (selector === PANIC_SELECTOR && data.length >= 36) return `panic code 0x${bytesToBigInt(data.subarray(4, 36)).toString(16)}`;
  if (selector !== ERROR_SELECTOR || data.length < 68) return undefined;
  const offset = Number(bytesToBigInt(data.subarray(4, 36)));
  const length = Number(bytesToBigInt(data.subarray(4 + offset, 36 + offset)));
  const start = 36 + offset;
  if (start + length > data.length) return undefined;
  return new TextDecoder().decode(data.subarray(start, start + length));
};

/**
 * The JSON-RPC error for a failed eth_call / eth_estimateGas, as geth and hardhat answer: a revert is code 3
 * "execution reverted[: reason]" with the revert data in `data`; other failures (out of gas, invalid opcode)
 * are -32000 with the EVM's reason.
 */
export const executionFailure = (result: EVMResult): RpcError => {
  const error = result.execResult.exceptionError!;
  if (error.error === "revert") {
    const data = result.execResult.returnValue;
    const reason = revertReason(data);
    return new RpcError(RpcCode.EXECUTION_REVERTED, reason === undefined ? "execution reverted" : `execution reverted: ${reason}`, bytesToHex(data));
  }
  return new RpcError(RpcCode.SERVER_ERROR, `execution failed: ${error.error}`);
};
