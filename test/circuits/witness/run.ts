/**
 * Hand-assembled programs run as real transactions (scripts/soundness/targets/evm-block.ts: @ethereumjs/vm, Cancun,
 * traced by the node's own ExecutionTracer and buildBlockTrace) into the block trace the circuits consume. A program
 * given as bytes is deployed before the block at its own address (PROGRAM_BASE + its index) and called; a `Call`
 * calls a contract predeployed with `contracts` (with optional storage), or any other address (a plain transfer when
 * it has no code; `value` sends ether).
 */
import { Address, hexToBytes } from '@ethereumjs/util';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { asm, runBlock, type BlockOptions, type Call, type Contract } from '../../../scripts/soundness/targets/evm-block.js';

export { asm };

/** A transaction to run: code to deploy and call, or a call to an address. */
export type Program = Uint8Array | Call;

/** Where program i is deployed. */
export const programAddress = (i: number): Address => new Address(hexToBytes(`0x${(PROGRAM_BASE + BigInt(i)).toString(16).padStart(40, '0')}`));
const PROGRAM_BASE = 0xc0de0000n;

/** Runs each program as one tx, in order, in one block; `contracts` (and the programs given as code) are deployed before the block. */
export async function runPrograms(programs: readonly Program[], contracts: readonly Contract[] = [], options?: BlockOptions): Promise<BlockTrace> {
  const deployed = programs.flatMap((p, i) => (p instanceof Uint8Array ? [{ address: programAddress(i), code: p }] : []));
  return runBlock(programs.map((p, i) => (p instanceof Uint8Array ? { to: programAddress(i) } : p)), [...contracts, ...deployed], options);
}
