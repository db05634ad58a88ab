/**
 * Environment: ADDRESS, CALLER, CALLVALUE, CALLDATASIZE (the running call's context, as BeginTx wrote it),
 * CODESIZE (the running code's), ORIGIN, GASPRICE (fields of the tx), COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE (fields
 * of the tx's block), BLOCKHASH outside its window (below).
 *
 *   CALL_CONTEXT: read the call context field named by the opcode's parameter (the opcode table binds
 *                 ADDRESS → CalleeAddress, CALLER → CallerAddress, CALLVALUE → Value, CALLDATASIZE →
 *                 CallDataLength); write it at sp − 1. The value is whatever BeginTx wrote (canonical halves).
 *   CODESIZE:     write the running code's length at sp − 1, as the bytecode table's header row for the step's code
 *                 hash holds it (in a creating frame the init code's: solc's constructors find their arguments so).
 *   ORIGIN:       write the tx's sender at sp − 1: the aux word (bytes 20 … 31 zero, so its halves are canonical
 *                 and name one 160-bit address) is the tx table's CallerAddress.
 *   GASPRICE:     write the tx's effective gas price at sp − 1, as the tx table holds its halves.
 *   BLOCK_CONTEXT: write the block field named by the opcode's parameter (the opcode table binds COINBASE →
 *                 Coinbase, …, BASEFEE → BaseFee) at sp − 1, as the block table holds its halves.
 */
import { BlockFieldTag } from '../../pi/block-table.js';
import { CallContextField } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import { splitWord } from '../../gadgets/word.js';
import { constant } from '../../plonk/index.js';
import type { AuxWitness, ExecutionGadget, StackSlot } from '../step.js';
import { address, auxBytes, callContext, is, isZeroInverse, isZeroRules, small, upperBytesZero, ZERO } from './common.js';

const PUSH_RESULT: StackSlot = { write: true, base: -1 };
const contextOp = (name: string, opcode: number, field: CallContextField) => ({ opcode, name, param: field, gas: 2, spDelta: -1 });

export const CALL_CONTEXT: ExecutionGadget = {
  name: 'CALL_CONTEXT',
  opcodes: [
    contextOp('ADDRESS', 0x30, CallContextField.CalleeAddress), contextOp('CALLER', 0x33, CallContextField.CallerAddress),
    contextOp('CALLVALUE', 0x34, CallContextField.Value), contextOp('CALLDATASIZE', 0x36, CallContextField.CallDataLength),
  ],
  slots: [callContext('param', false), PUSH_RESULT],
  flow: 'next',
  configure(c) {
    c.gate(is(c.step.slot(1), c.step.slot(0), 'pushed = context field'));
  },
  witness: () => ({}),
};

export const CODESIZE: ExecutionGadget = {
  name: 'CODESIZE',
  opcodes: [{ opcode: 0x38, name: 'CODESIZE', param: 0, gas: 2, spDelta: -1 }],
  slots: [PUSH_RESULT],
  flow: 'next',
  codeLength: (s) => s.slot(0).lo,
  configure(c) {
    c.gate({ 'pushed hi = 0': c.step.slot(0).hi });
  },
  witness: () => ({}),
};

export const ORIGIN: ExecutionGadget = {
  name: 'ORIGIN',
  opcodes: [{ opcode: 0x32, name: 'ORIGIN', param: 0, gas: 2, spDelta: -1 }],
  slots: [PUSH_RESULT],
  txLookups: (s) => [{ tag: TxFieldTag.CallerAddress, value: address(s.aux) }],
  flow: 'next',
  configure(c) {
    c.gate({ ...is(c.step.slot(0), c.step.aux, 'pushed = aux'), ...upperBytesZero(c.step, 20) });
  },
  witness: ({ slots: [origin] }) => ({ aux: origin }),
};

export const GASPRICE: ExecutionGadget = {
  name: 'GASPRICE',
  opcodes: [{ opcode: 0x3a, name: 'GASPRICE', param: 0, gas: 2, spDelta: -1 }],
  slots: [PUSH_RESULT],
  txLookups: (s) => [{ tag: TxFieldTag.GasPrice, value: s.slot(0) }],
  flow: 'next',
  configure() {},
  witness: () => ({}),
};

const blockOp = (name: string, opcode: number, field: BlockFieldTag) => ({ opcode, name, param: field, gas: 2, spDelta: -1 });

export const BLOCK_CONTEXT: ExecutionGadget = {
  name: 'BLOCK_CONTEXT',
  opcodes: [
    blockOp('COINBASE', 0x41, BlockFieldTag.Coinbase), blockOp('TIMESTAMP', 0x42, BlockFieldTag.Timestamp), blockOp('NUMBER', 0x43, BlockFieldTag.Number),
    blockOp('PREVRANDAO', 0x44, BlockFieldTag.PrevRandao), blockOp('GASLIMIT', 0x45, BlockFieldTag.GasLimit), blockOp('CHAINID', 0x46, BlockFieldTag.ChainId),
    blockOp('BASEFEE', 0x48, BlockFieldTag.BaseFee),
  ],
  slots: [PUSH_RESULT],
  blockLookup: (s) => ({ tag: 'param', value: s.slot(0) }),
  flow: 'next',
  configure() {},
  witness: () => ({}),
};

/** BLOCKHASH's window: the 256 blocks before the current one (Yellow Paper P_n). */
export const BLOCKHASH_WINDOW = 256n;
const ABOVE_BYTE = 24;
const BELOW_BYTE = 25;

/**
 * BLOCKHASH of a block outside the window [N − 256, N − 1] (N: the tx's block's number, from the block table): 0 is
 * pushed. Exactly one of two flags (aux bytes 24, 25) says why: above, n ≥ N — n's hi half is not 0 (IsZero: c1 =
 * [hi = 0], inverse in inv) or lo − N is aux bytes 0 … 15; below, n + 256 < N — hi = 0 and N − lo − 257 is aux bytes
 * 16 … 23. Each range holds only when its claim is true, so a block in the window has no witness: the hashes of past
 * blocks are not bound to the public input yet, and such a BLOCKHASH is unprovable (coverage.ts).
 */
export const BLOCKHASH: ExecutionGadget = {
  name: 'BLOCKHASH',
  opcodes: [{ opcode: 0x40, name: 'BLOCKHASH', param: 0, gas: 20, spDelta: 0 }],
  slots: [{ write: false, base: 0 }, { write: true, base: 0 }],
  blockLookup: (s) => ({ tag: BlockFieldTag.Number, value: small(s.c0) }),
  flow: 'next',
  configure(c) {
    const s = c.step;
    const { lo, hi } = s.slot(0);
    const [above, below, hiZero] = [s.auxByte(ABOVE_BYTE), s.auxByte(BELOW_BYTE), s.c1];
    c.gate({
      ...isZeroRules('hi = 0', hi, s.inv, hiZero),
      'above boolean': above.mul(constant(1).sub(above)), 'below boolean': below.mul(constant(1).sub(below)), 'outside the window: above + below = 1': above.add(below).sub(1),
      'aux bytes 0 … 15 = above and hi = 0 ? lo − N : 0': auxBytes(s, 0, 16).sub(above.mul(hiZero).mul(lo.sub(s.c0))),
      'aux bytes 16 … 23 = below ? N − lo − 257 : 0': auxBytes(s, 16, 8).sub(below.mul(s.c0.sub(lo).sub(BLOCKHASH_WINDOW + 1n))),
      'below: hi = 0': below.mul(hi), ...upperBytesZero(s, BELOW_BYTE + 1), ...is(s.slot(1), ZERO, 'pushed = 0'),
    });
  },
  witness: () => ({}),
};

/** BLOCKHASH's aux cells for the word `n` in block `number` (outside the window: the caller checks). */
export function blockHashWitness(n: bigint, number: bigint): AuxWitness {
  const [lo, hi] = splitWord(n);
  const above = n >= number;
  const aux = above ? (hi === 0n ? lo - number : 0n) | (1n << BigInt(8 * ABOVE_BYTE)) : ((number - lo - BLOCKHASH_WINDOW - 1n) << 128n) | (1n << BigInt(8 * BELOW_BYTE));
  return { aux, c0: number, c1: hi === 0n ? 1n : 0n, inv: isZeroInverse(hi) };
}
