/**
 * An ERC-20 transfer as the circuit tests run it: contracts/test/TestToken.sol (solc) deployed with a balance for
 * runPrograms' sender (1000 tokens), transfer(TO, amount) — 5 unless given — executed by @ethereumjs with the node's tracer.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { Address, hexToBytes } from '@ethereumjs/util';
import hre from 'hardhat';
import { encodeFunctionData } from 'viem';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { compiledArtifact } from '../../node/artifacts.js';
import { runPrograms } from './run.js';

export const TOKEN = new Address(hexToBytes('0x00000000000000000000000000000000000e2c20'));
export const TO = '0x00000000000000000000000000000000000000b0';
const word = (x: bigint): Uint8Array => hexToBytes(`0x${x.toString(16).padStart(64, '0')}`);
/** balanceOf[holder]: mapping slot 1 of TestToken (totalSupply is slot 0). */
export const balanceSlot = (holder: bigint): bigint => BigInt(`0x${bytesToHex(keccak_256(concatBytes(word(holder), word(1n))))}`);

/** EVM table capacities for `n` token transfers' worth of bitwise and word arithmetic (TestToken's per transfer, with room). */
export const tokenTables = (n: number) => ({ bitwiseOps: 8 * n, arith: { mul: 2 * n, divMod: 2 * n, addMod: 0, mulMod: 0, shl: 8 * n, shr: 8 * n, sar: 0, slt: 2 * n, sgt: 2 * n } });

export interface Erc20Transfer {
  block: BlockTrace;
  /** The token before the block (its runtime code and storage), for the state trees. */
  token: { address: bigint; code: Uint8Array; storage: Array<[bigint, bigint]> };
}

export async function erc20Transfer(amount = 5n): Promise<Erc20Transfer> {
  const artifact = await compiledArtifact('TestToken');
  const code = hexToBytes((await hre.artifacts.readArtifact('TestToken')).deployedBytecode as `0x${string}`);
  const storage: Array<[bigint, bigint]> = [[0n, 1000n], [balanceSlot(BigInt(SENDER.toString())), 1000n]];
  const data = hexToBytes(encodeFunctionData({ abi: artifact.abi, functionName: 'transfer', args: [TO, amount] }));
  const block = await runPrograms([{ to: TOKEN, data }], [{ address: TOKEN, code, storage }]);
  return { block, token: { address: BigInt(TOKEN.toString()), code, storage } };
}
