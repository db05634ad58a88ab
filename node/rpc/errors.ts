/** JSON-RPC 2.0 error codes the node answers with (standard ones plus the Ethereum -32000 family). */
export const RpcCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** Transaction and execution errors (geth: nonce too low, insufficient funds, header not found, …). */
  SERVER_ERROR: -32000,
  /** eth_getLogs asked for too much. */
  LIMIT_EXCEEDED: -32005,
  /** eth_call / eth_estimateGas reverted; `data` holds the revert data (geth and hardhat use 3). */
  EXECUTION_REVERTED: 3,
} as const;

/** An error the client gets back as the JSON-RPC `error` object. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "RpcError";
  }

  toJSON(): { code: number; message: string; data?: unknown } {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

export const invalidParams = (message: string): RpcError => new RpcError(RpcCode.INVALID_PARAMS, `invalid params: ${message}`);
