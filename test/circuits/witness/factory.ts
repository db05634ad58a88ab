/**
 * Contracts deployed by a contract (contracts/test/ChildFactory.sol, solc): deploy(salt, v) makes a Child with CREATE2
 * (its constructor stores v and the factory, immutable in its code; the value sent moves to it) and calls it at once;
 * deployPlain(v) with CREATE — executed by @ethereumjs with the node's tracer.
 */
import { Address, hexToBytes } from '@ethereumjs/util';
import hre from 'hardhat';
import { encodeFunctionData, type Hex } from 'viem';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { compiledArtifact } from '../../node/artifacts.js';
import { runPrograms } from './run.js';

export const FACTORY = new Address(hexToBytes('0x00000000000000000000000000000000000fac70'));
export const SALT = `0x${'5a17'.padStart(64, '0')}` as Hex;

/** One tx: deploy(SALT, 42) with 7 wei (CREATE2), or deployPlain(9) (CREATE). */
export async function factoryDeploy(kind: 'CREATE2' | 'CREATE'): Promise<BlockTrace> {
  const factory = await compiledArtifact('ChildFactory');
  const code = hexToBytes((await hre.artifacts.readArtifact('ChildFactory')).deployedBytecode as Hex);
  const call = kind === 'CREATE2' ? { functionName: 'deploy', args: [SALT, 42n] } : { functionName: 'deployPlain', args: [9n] };
  const data = hexToBytes(encodeFunctionData({ abi: factory.abi, ...call } as Parameters<typeof encodeFunctionData>[0]));
  return runPrograms([{ to: FACTORY, data, value: kind === 'CREATE2' ? 7n : 0n }], [{ address: FACTORY, code }]);
}
