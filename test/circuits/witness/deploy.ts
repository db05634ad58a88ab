/** Contract-creation txs for runPrograms (run.ts): a Call without `to` is a creation in @ethereumjs/tx. */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Call } from '../../../scripts/soundness/targets/evm-block.js';
import { asm } from './run.js';

/** A creation tx running `initCode` (runBlock's Call requires `to`; leaving it undefined makes the tx a creation). */
export const deploy = (initCode: Uint8Array, value?: bigint): Call => ({ to: undefined as never, data: initCode, value });

/** Init code that stores `runtime` (≤ 32 bytes) at memory 0 and returns it. */
export function initCodeFor(runtime: Uint8Array): Uint8Array {
  const word = BigInt(`0x${bytesToHex(runtime).padEnd(64, '0')}`);
  return asm('PUSH32', word, 'PUSH1', 0, 'MSTORE', 'PUSH1', runtime.length, 'PUSH1', 0, 'RETURN');
}
