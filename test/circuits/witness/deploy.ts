/** Contract-creation txs for runPrograms (run.ts): a Call without `to` is a creation in @ethereumjs/tx. */
import { bytesToHex } from '@noble/hashes/utils.js';
import { createTx } from '@ethereumjs/tx';
import { bigIntToBytes, generateAddress, hexToBytes } from '@ethereumjs/util';
import type { Address, BlockTrace } from '../../../circuits/witness/trace.js';
import { createL2Common } from '../../../node/execution/common.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import type { Call } from '../../../scripts/soundness/targets/evm-block.js';
import { asm } from './run.js';

/** runBlock's sender key (scripts/soundness/targets/evm-block.ts). */
const SENDER_KEY = new Uint8Array(32).fill(7);

/** A creation tx running `initCode` (runBlock's Call requires `to`; leaving it undefined makes the tx a creation). */
export const deploy = (initCode: Uint8Array, value?: bigint): Call => ({ to: undefined as never, data: initCode, value });

/** Init code that stores `runtime` (≤ 32 bytes) at memory 0 and returns it. */
export function initCodeFor(runtime: Uint8Array): Uint8Array {
  const word = BigInt(`0x${bytesToHex(runtime).padEnd(64, '0')}`);
  return asm('PUSH32', word, 'PUSH1', 0, 'MSTORE', 'PUSH1', runtime.length, 'PUSH1', 0, 'RETURN');
}

/**
 * The creation tx of `block` (its only tx, from runBlock's sender) as if the sender's nonce were `nonce`: the tx
 * re-signed with that nonce, and the new address (which the init code must not read) renamed in the trace. The
 * execution does not depend on the nonce, so this is the trace @ethereumjs would give; it reaches nonces (the RLP's
 * long forms) a test block cannot, as runBlock's sender starts at 0.
 */
export function atNonce(block: BlockTrace, nonce: bigint): BlockTrace {
  const [tx] = block.txs;
  if (tx === undefined || block.txs.length !== 1 || tx.to !== null || tx.contractAddress === null) throw new Error('atNonce takes a block of one creation tx');
  const common = createL2Common(DEV_CHAIN_ID);
  const signed = createTx({ type: 2, nonce, data: tx.data, value: tx.value, gasLimit: tx.gasLimit, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, chainId: DEV_CHAIN_ID }, { common }).sign(SENDER_KEY);
  const created = `0x${bytesToHex(generateAddress(hexToBytes(tx.from), bigIntToBytes(nonce)))}` as Address;
  const rename = (a: Address) => (a === tx.contractAddress ? created : a);
  const sender = (a: { address: Address; field: string }) => a.address === tx.from && a.field === 'nonce';
  return {
    ...block,
    txs: [{
      ...tx, nonce, contractAddress: created, raw: signed.serialize(), hash: `0x${bytesToHex(signed.hash())}`, signingHash: `0x${bytesToHex(signed.getHashedMessageToSign())}`,
      v: signed.v!, r: signed.r!, s: signed.s!,
      accounts: tx.accounts.map((a) => ({ ...a, address: rename(a.address), ...(sender(a) ? { valuePrev: a.valuePrev + nonce, value: a.value + nonce } : {}) })),
      storage: tx.storage.map((s) => ({ ...s, address: rename(s.address) })),
      frames: tx.frames.map((f) => ({ ...f, address: rename(f.address), codeAddress: rename(f.codeAddress) })),
    }],
  };
}
