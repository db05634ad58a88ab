/** Deploys generated verifiers (compiled with solcjs, one contract per run) on the in-process Hardhat network. */
import hre from 'hardhat';
import { encodeFunctionData, toHex, type Abi, type Hex } from 'viem';
import { compileVerifier, deployVerifier, type CompiledContract, type GeneratedVerifier } from '../../circuits/solidity/index.js';
import type { BatchCapacity } from '../../circuits/witness/batch.js';

/** The batch circuit's TEST ONLY configuration (test/circuits/super/fixture.ts) at k = 12, as its CI test sizes it: 2 transfers. */
export const TEST_BATCH_CAPACITY: BatchCapacity = {
  k: 12, txs: 2, evm: { steps: 48, bitwiseOps: 0 }, rw: 64, bytecode: 8, keccakPerms: 11, keccakUnits: 4,
  smt: { ops: 4, keys: 4, branches: 8, leaves: 8, accounts: 8 },
};

/** EIP-7825 (Osaka, Hardhat's default hardfork): no transaction may have a gas limit above 2^24. */
export const TX_GAS_CAP = 16_777_216n;

export interface DeployedVerifier {
  address: Hex;
  compiled: Map<string, CompiledContract>;
  /** verify(proof, instances) as an eth_call. */
  verify(proof: Uint8Array, instances: readonly bigint[]): Promise<boolean>;
  /** Gas used by a transaction calling verify (whole tx: 21000 + calldata + execution), sent with EIP-7825's cap as its limit. */
  gas(proof: Uint8Array, instances: readonly bigint[]): Promise<bigint>;
}

/** Deploys a compiled contract with the first Hardhat account; returns its address. */
export async function deployCompiled(contract: CompiledContract, args: readonly unknown[]): Promise<Hex> {
  const [wallet] = await hre.viem.getWalletClients();
  const client = await hre.viem.getPublicClient();
  const hash = await wallet.deployContract({ abi: contract.abi as Abi, bytecode: contract.bytecode, args });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || receipt.contractAddress == null) throw new Error(`deployment reverted (tx ${hash})`);
  return receipt.contractAddress;
}

export async function deployGenerated(g: GeneratedVerifier, compiled = compileVerifier(g)): Promise<DeployedVerifier> {
  const address = await deployVerifier(g, compiled, (_name, c, args) => deployCompiled(c, args));
  const abi = compiled.get(g.contractName)!.abi as Abi;
  const client = await hre.viem.getPublicClient();
  const [wallet] = await hre.viem.getWalletClients();
  const args = (proof: Uint8Array, instances: readonly bigint[]) => [toHex(proof), instances] as const;
  return {
    address,
    compiled,
    verify: async (proof, instances) => (await client.readContract({ address, abi, functionName: 'verify', args: args(proof, instances) })) as boolean,
    gas: async (proof, instances) => {
      // a sent transaction's gasUsed: estimateGas searches limits above the cap when a limit near the use fails
      // (calls keep 1/64 of their gas), and fails then
      const hash = await wallet.sendTransaction({ to: address, data: encodeFunctionData({ abi, functionName: 'verify', args: args(proof, instances) }), gas: TX_GAS_CAP });
      const receipt = await client.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`verify reverted within the ${TX_GAS_CAP} gas of one transaction (tx ${hash})`);
      return receipt.gasUsed;
    },
  };
}
