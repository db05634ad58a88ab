/**
 * Environment: ADDRESS, CALLER, CALLVALUE, CALLDATASIZE (the running call's context, as BeginTx wrote it),
 * CODESIZE (the running code's), ORIGIN, GASPRICE (fields of the tx), COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE (fields
 * of the tx's block).
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
import type { ExecutionGadget, StackSlot } from '../step.js';
import { address, callContext, is, upperBytesZero } from './common.js';

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
