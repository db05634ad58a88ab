/**
 * The execution states of the EVM circuit, in state-id order: the id is the index here (id 0 is the padding
 * state, declared by circuit.ts), so this order is part of the circuit's shape — append only.
 */
import type { ExecutionGadget } from '../step.js';
import { ADD, ADDMOD_MULMOD, MUL_DIV_MOD, SUB } from './arithmetic.js';
import { AND, BYTE, NOT, OR, SHIFT, SIGNEXTEND, SIGNEXTEND_SAR, XOR } from './bitwise.js';
import { EQ, GT, ISZERO, LT, SIGNED_COMPARE } from './comparison.js';
import { GAS, JUMP, JUMPDEST, JUMPI, MSIZE, PC, STOP } from './control.js';
import { DUP, POP, PUSH, SWAP } from './stack.js';
import { BLOCK_CONTEXT, CALL_CONTEXT, CODESIZE, GASPRICE, ORIGIN } from './environment.js';
import { BEGIN_TX, END_TX } from './tx.js';
import { CALLDATA_READ, CALLDATALOAD } from './calldata.js';
import { SLOAD, SSTORE, SSTORE_REFUND, STORAGE_CONTRACT } from './storage.js';
import { KECCAK256, KECCAK_BYTES } from './keccak.js';
import { SIGNED_DIV, SIGNED_DIV_ABS, SIGNED_DIV_RESULT } from './signed-div.js';
import { LOG, LOG_DATA, LOG_TOPIC } from './log.js';
import { EXP, EXP_STEP } from './exp.js';
import { CALLDATA_COPY_BYTES, CALLDATACOPY, CODE_COPY_BYTES, CODECOPY, MCOPY, MCOPY_BYTES, MCOPY_EXPAND, RETURNDATACOPY } from './copy.js';
import { CODE_DEPOSIT_ROWS, CREATE_TX_ROWS } from './create.js';
import { IMPLICIT_STOP, INVALID, OUT_OF_GAS, REVERT, STACK_OVERFLOW, STACK_UNDERFLOW } from './error.js';
import { TLOAD, TSTORE } from './transient.js';
import { ACCOUNT_NOT_PREWARMED, BALANCE, SELFBALANCE } from './account.js';
import { BLOBHASH, RETURNDATASIZE } from './root-context.js';
import { MEMORY_BYTE, MEMORY_READ, MEMORY_WRITE, MLOAD, MSTORE, MSTORE8, RETURN } from './memory.js';

export const GADGETS: readonly ExecutionGadget[] = [STOP, PUSH, POP, DUP, SWAP, ADD, SUB, LT, GT, EQ, ISZERO, JUMP, JUMPI, JUMPDEST, PC, GAS, AND, OR, XOR, NOT, ...BEGIN_TX, ...END_TX, CALL_CONTEXT, ORIGIN, GASPRICE, MUL_DIV_MOD, ADDMOD_MULMOD, SHIFT, SIGNED_COMPARE, BLOCK_CONTEXT, MSIZE, MLOAD, MSTORE, MSTORE8, MEMORY_READ, MEMORY_WRITE, MEMORY_BYTE, CALLDATALOAD, CALLDATA_READ, SLOAD, SSTORE, SSTORE_REFUND, RETURN,
  KECCAK256, KECCAK_BYTES, LOG, LOG_DATA, LOG_TOPIC, BYTE, SIGNEXTEND, SIGNEXTEND_SAR,
  SIGNED_DIV, SIGNED_DIV_ABS, SIGNED_DIV_RESULT,
  EXP, EXP_STEP,
  ...CREATE_TX_ROWS, ...CODE_DEPOSIT_ROWS,
  CALLDATACOPY, CALLDATA_COPY_BYTES, RETURNDATACOPY, CODECOPY, CODE_COPY_BYTES, MCOPY, MCOPY_EXPAND, MCOPY_BYTES,
  CODESIZE, STORAGE_CONTRACT,
  REVERT, INVALID, IMPLICIT_STOP, OUT_OF_GAS,
  TLOAD, TSTORE, STACK_UNDERFLOW, STACK_OVERFLOW, SELFBALANCE, RETURNDATASIZE, BLOBHASH, BALANCE, ACCOUNT_NOT_PREWARMED];
