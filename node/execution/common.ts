import { type Common, createCustomCommon, Hardfork, Mainnet } from "@ethereumjs/common";

/**
 * The EVM rules the L2 executes: mainnet's Cancun (EIP-1559 fees, PUSH0, MCOPY, transient storage, blob opcodes;
 * no Prague features such as EIP-7702 or the EIP-7623 calldata floor) with the L2's own chain id. This is the
 * hardfork the circuits target.
 */
export const L2_HARDFORK = Hardfork.Cancun;

export const createL2Common = (chainId: bigint): Common =>
  createCustomCommon({ chainId: Number(chainId), name: "zkevm-l2" }, Mainnet, { hardfork: L2_HARDFORK });
