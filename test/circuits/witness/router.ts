/**
 * An ERC-20 transfer through a router contract (contracts/test/TokenRouter.sol, solc): the router holds 1000 tokens of
 * TestToken, and send(token, TO, amount) CALLs token.transfer and STATICCALLs token.balanceOf — nested frames with
 * calldata, return data and a static frame, executed by @ethereumjs with the node's tracer.
 */
import { Address, hexToBytes } from '@ethereumjs/util';
import hre from 'hardhat';
import { encodeFunctionData } from 'viem';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { compiledArtifact } from '../../node/artifacts.js';
import { balanceSlot, TO, TOKEN } from './erc20.js';
import { runPrograms } from './run.js';

export const ROUTER = new Address(hexToBytes('0x00000000000000000000000000000000000e0a7e'));

const runtime = async (name: string): Promise<Uint8Array> => hexToBytes((await hre.artifacts.readArtifact(name)).deployedBytecode as `0x${string}`);

/** `sends` router transfers of `amount` to TO, one tx each. */
export async function routerTransfers(sends = 1, amount = 5n): Promise<BlockTrace> {
  const router = await compiledArtifact('TokenRouter');
  const data = hexToBytes(encodeFunctionData({ abi: router.abi, functionName: 'send', args: [TOKEN.toString(), TO, amount] }));
  const storage: Array<[bigint, bigint]> = [[0n, 1000n], [balanceSlot(BigInt(ROUTER.toString())), 1000n]];
  return runPrograms(Array.from({ length: sends }, () => ({ to: ROUTER, data })),
    [{ address: TOKEN, code: await runtime('TestToken'), storage }, { address: ROUTER, code: await runtime('TokenRouter') }]);
}
