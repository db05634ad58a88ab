/**
 * What the EVM circuit proves, as data: every Cancun opcode and precompile (0x01–0x0a) with its support status
 * and the tests that prove it, plus the execution cases outside any opcode (errors, calls, tx begin/end).
 * The coverage report (scripts/coverage/opcodes.ts) prints it; the batcher calls `unsupportedOps` to mark a
 * batch `unprovable` with the reason instead of attempting a proof that cannot exist.
 */
import { GADGETS } from './gadgets/index.js';
import { stackNeed } from './circuit.js';
import { OPCODES } from './opcodes.js';
import { ECRECOVER } from './gadgets/ecrecover.js';
import { IDENTITY } from './gadgets/precompile.js';
import { SHA256 } from './gadgets/sha256.js';
import { ECADD, ECMUL } from './gadgets/ec-precompile.js';
import { BLAKE2F } from './gadgets/blake2f-root.js';
import { MODEXP, MODEXP_MAX_LENGTH, modexpLengths } from './gadgets/modexp.js';
import { rootPrecompileGas } from './gadgets/precompile-root.js';
import { isPrecompileAddress } from './gadgets/tx.js';
import { ACCOUNT_ACCESS_OPCODES, PROTECTED_OPCODES } from './gadgets/error.js';
import { memoryOogAccess } from './gadgets/memory-oog.js';
import { depositFails } from './gadgets/create.js';
import { callOperands, farCallRange } from './gadgets/call-oog.js';
import type { StepTrace, TxTrace } from '../witness/trace.js';

export type Support = 'supported' | 'partial' | 'unsupported';

export interface CoverageEntry {
  readonly kind: 'opcode' | 'precompile' | 'case';
  /** Opcode byte or precompile address; −1 for cases. */
  readonly code: number;
  readonly name: string;
  readonly support: Support;
  /** Test files that prove the support (differential vs @ethereumjs + mutation tests). */
  readonly tests: readonly string[];
  readonly note?: string;
}

const MEMORY_TEST = 'test/circuits/evm/memory.test.ts';
const KECCAK_TEST = 'test/circuits/evm/keccak.test.ts';
const LOG_TEST = 'test/circuits/evm/log.test.ts';
const BYTE_TEST = 'test/circuits/evm/byte.test.ts';
const SDIV_TEST = 'test/circuits/evm/signed-div.test.ts';
const EXP_TEST = 'test/circuits/evm/exp.test.ts';
const COPY_TEST = 'test/circuits/evm/copy.test.ts';
const COPY_FAR_TEST = 'test/circuits/evm/copy-far.test.ts';
const ERROR_TEST = 'test/circuits/evm/error.test.ts';
/** A failed tx's writes undone (reversion writes): every failing state's second test file. */
const REVERSION_TEST = 'test/circuits/evm/reversion.test.ts';
const TRANSIENT_TEST = 'test/circuits/evm/transient.test.ts';
const ACCOUNT_TEST = 'test/circuits/evm/account.test.ts';
const ACCOUNT_OOG_TEST = 'test/circuits/evm/account-oog.test.ts';
const STORAGE_TEST = 'test/circuits/evm/storage.test.ts';
const MEMORY_OOG_TEST = 'test/circuits/evm/memory-oog.test.ts';
const EXTCODECOPY_TEST = 'test/circuits/evm/extcodecopy.test.ts';
const SELFDESTRUCT_TEST = 'test/circuits/evm/selfdestruct.test.ts';
const CALL_TEST = 'test/circuits/evm/call.test.ts';
const ROUTER_TEST = 'test/circuits/evm/router.test.ts';
const ACCESS_LIST_TEST = 'test/circuits/evm/access-list.test.ts';
const CALLDATA_TEST = 'test/circuits/evm/calldata.test.ts';
const CREATE_OPCODE_TEST = 'test/circuits/evm/create-opcode.test.ts';
const FACTORY_TEST = 'test/circuits/evm/factory.test.ts';
const ECRECOVER_TEST = 'test/circuits/evm/ecrecover.test.ts';
const PRECOMPILE_ROOT_TEST = 'test/circuits/evm/precompile-root.test.ts';
const DEPOSIT_FAIL_TEST = 'test/circuits/evm/code-deposit-fail.test.ts';
const CREATE_COLLISION_TEST = 'test/circuits/evm/create-collision.test.ts';
const SHA256_TEST = 'test/circuits/evm/sha256-call.test.ts';
const MODEXP_TEST = 'test/circuits/evm/modexp.test.ts';
const MODEXP_ROOT_TEST = 'test/circuits/evm/modexp-root.test.ts';
const BLAKE2F_ROOT_TEST = 'test/circuits/evm/blake2f-root.test.ts';
const EC_TEST = 'test/circuits/evm/ec-call.test.ts';
const EC_ROOT_TEST = 'test/circuits/evm/ec-root.test.ts';
const TESTS: Record<string, readonly string[]> = {
  STOP: ['test/circuits/evm/control.test.ts'], JUMP: ['test/circuits/evm/control.test.ts'], JUMPI: ['test/circuits/evm/control.test.ts'],
  JUMPDEST: ['test/circuits/evm/control.test.ts'], PC: ['test/circuits/evm/control.test.ts'], GAS: ['test/circuits/evm/control.test.ts'],
  MSIZE: ['test/circuits/evm/control.test.ts'],
  PUSH: ['test/circuits/evm/stack.test.ts'], POP: ['test/circuits/evm/stack.test.ts'], DUP: ['test/circuits/evm/stack.test.ts'], SWAP: ['test/circuits/evm/stack.test.ts'],
  ADD: ['test/circuits/evm/arithmetic.test.ts'], SUB: ['test/circuits/evm/arithmetic.test.ts'],
  MUL_DIV_MOD: ['test/circuits/evm/mul-div.test.ts'], SIGNED_DIV: [SDIV_TEST], SignedDivAbs: [SDIV_TEST], SignedDivResult: [SDIV_TEST], ADDMOD_MULMOD: ['test/circuits/evm/mul-div.test.ts'], SHIFT: ['test/circuits/evm/shift.test.ts'],
  LT: ['test/circuits/evm/comparison.test.ts'], GT: ['test/circuits/evm/comparison.test.ts'], EQ: ['test/circuits/evm/comparison.test.ts'],
  ISZERO: ['test/circuits/evm/comparison.test.ts'], SIGNED_COMPARE: ['test/circuits/evm/signed.test.ts'],
  AND: ['test/circuits/evm/bitwise.test.ts'], OR: ['test/circuits/evm/bitwise.test.ts'], XOR: ['test/circuits/evm/bitwise.test.ts'],
  NOT: ['test/circuits/evm/bitwise.test.ts'], BYTE: [BYTE_TEST], SIGNEXTEND: [BYTE_TEST], SignExtendSar: [BYTE_TEST],
  CALL_CONTEXT: ['test/circuits/evm/environment.test.ts'], ORIGIN: ['test/circuits/evm/environment.test.ts'], GASPRICE: ['test/circuits/evm/environment.test.ts'],
  BLOCK_CONTEXT: ['test/circuits/evm/environment.test.ts'], BLOCKHASH: ['test/circuits/evm/blockhash.test.ts'],
  MLOAD: [MEMORY_TEST, MEMORY_OOG_TEST], MSTORE: [MEMORY_TEST, MEMORY_OOG_TEST], MSTORE8: [MEMORY_TEST, MEMORY_OOG_TEST], MemoryRead: [MEMORY_TEST], MemoryWrite: [MEMORY_TEST], MemoryByte: [MEMORY_TEST], RETURN: [MEMORY_TEST],
  CALLDATALOAD: [CALLDATA_TEST], CallDataRead: [CALLDATA_TEST], CallDataCaller: [CALLDATA_TEST, CALL_TEST], CallDataMemoryRead: [CALLDATA_TEST, CALL_TEST],
  SLOAD: ['test/circuits/evm/storage.test.ts'], SSTORE: ['test/circuits/evm/storage.test.ts'], SstoreRefund: ['test/circuits/evm/storage.test.ts'],
  StorageContract: ['test/circuits/evm/storage.test.ts', 'test/circuits/evm/create.test.ts'],
  KECCAK256: [KECCAK_TEST, MEMORY_OOG_TEST], KeccakBytes: [KECCAK_TEST], LOG: [LOG_TEST, MEMORY_OOG_TEST], LogData: [LOG_TEST], LogTopic: [LOG_TEST],
  EXP: [EXP_TEST], ExpStep: [EXP_TEST], CALLDATACOPY: [COPY_TEST, COPY_FAR_TEST, MEMORY_OOG_TEST], CopyFarOffset: [COPY_FAR_TEST], CallDataCopyBytes: [COPY_TEST], CallDataCopyCaller: [COPY_TEST], CallDataCopyMemory: [COPY_TEST], RETURNDATACOPY: [COPY_TEST, CALL_TEST, MEMORY_OOG_TEST], ReturnDataCopyFrame: [COPY_TEST, CALL_TEST],
  CODECOPY: [COPY_TEST, COPY_FAR_TEST, MEMORY_OOG_TEST], CodeCopyBytes: [COPY_TEST], MCOPY: [COPY_TEST, MEMORY_OOG_TEST], MCopyExpand: [COPY_TEST], MCopyBytes: [COPY_TEST],
  TLOAD: [TRANSIENT_TEST], TSTORE: [TRANSIENT_TEST], SELFBALANCE: [ACCOUNT_TEST], BALANCE: [ACCOUNT_TEST, ACCOUNT_OOG_TEST], AccountPrewarm: [ACCOUNT_TEST, ACCOUNT_OOG_TEST], EXTCODEHASH: [ACCOUNT_TEST, ACCOUNT_OOG_TEST], ExtCodeHashEmpty: [ACCOUNT_TEST], EXTCODESIZE: [ACCOUNT_TEST, ACCOUNT_OOG_TEST], EXTCODECOPY: [EXTCODECOPY_TEST, COPY_FAR_TEST, ACCOUNT_OOG_TEST, MEMORY_OOG_TEST], ExtCodeCopyPrewarm: [EXTCODECOPY_TEST], ExtCodeCopyOpen: [EXTCODECOPY_TEST], RETURNDATASIZE: [ACCOUNT_TEST], BLOBHASH: [ACCOUNT_TEST], BLOBBASEFEE: [ACCOUNT_TEST],
  REVERT: [ERROR_TEST, REVERSION_TEST], INVALID: [ERROR_TEST, REVERSION_TEST], ImplicitStop: [ERROR_TEST], ErrorOutOfGas: [ERROR_TEST, REVERSION_TEST],
  ErrorStackUnderflow: [ERROR_TEST, REVERSION_TEST], ErrorWriteProtection: [CALL_TEST, CREATE_OPCODE_TEST], ErrorSstoreSentry: [CALL_TEST], ErrorOutOfGasSloadCold: [CALL_TEST], ErrorOutOfGasAccountAccess: [ACCOUNT_OOG_TEST], ErrorOutOfGasAccountAccessCold: [ACCOUNT_OOG_TEST], ErrorOutOfGasCall: ['test/circuits/evm/call-oog.test.ts'], ErrorOutOfGasCallFar: ['test/circuits/evm/call-oog.test.ts'], ErrorOutOfGasSelfdestruct: ['test/circuits/evm/selfdestruct-oog.test.ts'], ErrorOutOfGasMemory: [MEMORY_OOG_TEST], ErrorOutOfGasMemoryEnd: [MEMORY_OOG_TEST], ErrorOutOfGasMemoryFar: [MEMORY_OOG_TEST], ErrorOutOfGasExp: [EXP_TEST], ErrorOutOfGasSstore: [STORAGE_TEST], ErrorOutOfGasSstoreEnd: [STORAGE_TEST], ErrorReturnDataOutOfBound: [COPY_TEST], CodeDepositFail: [DEPOSIT_FAIL_TEST], ErrorStackOverflow: [ERROR_TEST, REVERSION_TEST], ErrorInvalidJump: [ERROR_TEST, REVERSION_TEST],
  CALL: [CALL_TEST, ROUTER_TEST], STATICCALL: [CALL_TEST, ROUTER_TEST], CALLCODE: [CALL_TEST], DELEGATECALL: [CALL_TEST],
  ...Object.fromEntries(['CallMemory', 'CallAccess', 'CallPrewarm', 'CallValue', 'CallEmpty', 'CallGas', 'CallStatic', 'CallSave', 'CallSwitch', 'CallNoFrame', 'CallDebit', 'CallCredit', 'CallReturn', 'CallRestore', 'CallRestoreFrame', 'CallRestoreStatic', 'CallResume', 'ReturnDataBytes', 'PrecompileIdentity', 'IdentityBytes', 'IdentityOutOfGas']
    .map((n) => [n, [CALL_TEST]])),
  BeginTxAccessListAddress: [ACCESS_LIST_TEST, 'test/circuits/tx/access-list.test.ts'], BeginTxAccessListKey: [ACCESS_LIST_TEST, 'test/circuits/tx/access-list.test.ts'],
  SELFDESTRUCT: [SELFDESTRUCT_TEST], SelfdestructPrewarm: [SELFDESTRUCT_TEST], SelfdestructBeneficiary: [SELFDESTRUCT_TEST], SelfdestructDebit: [SELFDESTRUCT_TEST], SelfdestructCredit: [SELFDESTRUCT_TEST],
  ...Object.fromEntries(['PrecompileEcrecover', 'EcrecoverInput', 'EcrecoverSig', 'EcrecoverOutput', 'EcrecoverOutOfGas'].map((n) => [n, [ECRECOVER_TEST]])),
  ...Object.fromEntries(['PrecompileModexp', 'ModexpInput', 'ModexpLengths', 'ModexpOperand', 'ModexpResult', 'ModexpOutput', 'ModexpOutOfGas'].map((n) => [n, [MODEXP_TEST]])),
  PrecompileRootModexp: [MODEXP_ROOT_TEST], ModexpRootInput: [MODEXP_ROOT_TEST],
  PrecompileRootBlake2f: [BLAKE2F_ROOT_TEST], Blake2fRootEnd: [BLAKE2F_ROOT_TEST], Blake2fRootFailure: [BLAKE2F_ROOT_TEST],
  ...Object.fromEntries(['BeginTxPrecompile', 'PrecompileRoot', 'PrecompileRootOutOfGas'].map((n) => [n, [PRECOMPILE_ROOT_TEST]])),
  CreateTxCollision: [CREATE_COLLISION_TEST],
  ...Object.fromEntries(['PrecompileEc', 'EcInput', 'EcOutputX', 'EcOutputY'].map((n) => [n, [EC_TEST]])),
  ...Object.fromEntries(['EcResult', 'EcFailure'].map((n) => [n, [EC_TEST, EC_ROOT_TEST]])),
  ...Object.fromEntries(['PrecompileRootEc', 'EcRootInput'].map((n) => [n, [EC_ROOT_TEST]])),
  ...Object.fromEntries(['PrecompileSha256', 'Sha256Input', 'Sha256Digest', 'Sha256Output', 'Sha256OutOfGas'].map((n) => [n, [SHA256_TEST]])),
  ...Object.fromEntries(['CREATE', 'CreateInit', 'CreateSender', 'CreateHash', 'CreateInputBytes', 'CreateGas', 'CreateSave', 'CreateSwitch', 'CreateAccount', 'CreateNoFrame', 'CreateNoFrameReturn', 'CreateCollision'].map((n) => [n, [CREATE_OPCODE_TEST, FACTORY_TEST]])),
};
/** What a failing root call proves (gadgets/error.ts). */
const FAILURE_NOTE = 'a root call: its storage, transient storage and refund counter writes undone (reversion writes at the end-of-reversion rw counters), ' +
  'its value transfer and a creation\'s new account undone, its logs disowned by the proven status; the nonce, gas purchase, refund of the gas left and the coinbase fee persist. ' +
  'a creation whose code deposit fails (CodeDepositFail) too, and a creation tx at an address in use (CreateTxCollision: no code runs, all its gas consumed, the value not moved)';
/** What BALANCE, EXTCODESIZE and EXTCODEHASH prove (gadgets/account.ts; out of gas: error.ts). */
const ACCOUNT_NOTE = 'EIP-2929/3651 warm/cold gas: warm once accessed in the tx, and from the start for the sender, the callee (or created address), ' +
  'the coinbase and the precompiles (AccountPrewarm proves which); the account is the word\'s low 160 bits (the EVM\'s masking, proven); ' +
  'the tx\'s callee (BeginTxCallee) and a creation\'s new address (CreateAddress) are written warm at its start, so nested calls see them accessed; ' +
  'out of gas below the warm 100 (ErrorOutOfGas) or, cold, below 2600 (ErrorOutOfGasAccountAccess)';
/** SELFDESTRUCT's gaps (gadgets/selfdestruct.ts). */
const SELFDESTRUCT_NOTE = 'EIP-6780 in the root frame and in nested calls of a tx that creates nothing: the balance to the beneficiary (the word\'s low 160 bits), 5000 + 2600 cold (EIP-2929/3651 as BALANCE) ' +
  '+ 25000 for a non-zero balance sent to an empty account (EIP-161), no refund; to itself no change, unless created in the tx: then burned, and the ' +
  'created account deleted; out of gas on a cold beneficiary\'s 2600 (ErrorOutOfGasAccountAccess) or the new account\'s 25000 (ErrorOutOfGasSelfdestruct). Refused (unprovable): a created account that ran SSTORE or TSTORE ' +
  'before (the SMT binding cannot delete an account\'s storage), a nested SELFDESTRUCT in a creation tx, and a created account that is the block\'s coinbase (paid after its deletion; the EVM witness refuses it)';
/** CREATE's and CREATE2's gaps (gadgets/create-opcode.ts). */
const CREATE_NOTE = 'from running code, at any depth: the init code hashed from memory (32000 + EIP-3860\'s 2 per word and 49152-byte limit, CREATE2\'s 6 per word), the caller\'s nonce bumped ' +
  '(EIP-2681), the address keccak256(rlp([sender, nonce]))[12:] or keccak256(0xff ‖ sender ‖ salt ‖ keccak256(init code))[12:] (EIP-1014), warm (EIP-2929) and kept so if the creation fails, ' +
  'all but a 64th of the gas (EIP-150), a new frame (call id, context: caller, address, value, IsCreate, code = the init code), the new account\'s nonce 1 (EIP-161) ' +
  'and no code before (EIP-684), the value moved; the init code runs as any frame and may fail (REVERT: its data is the return data; the errors: all its gas), ' +
  'its RETURN deposits the code (CodeDeposit: 200 per byte, EIP-170, EIP-3541) or, where it cannot (short of 200 per byte, longer than 24576 bytes, starting with 0xEF), fails the frame ' +
  '(CodeDepositFail: all its gas consumed, its writes undone); the address (or 0 on failure) pushed, the return data empty on success; ' +
  'not in a static frame (ErrorWriteProtection); a value above the balance or a caller\'s nonce at 2^64 − 1 (EIP-2681) enters no frame (CreateNoFrame: 0 pushed, no nonce bump, no return data). ' +
  'An address in use — a nonce or code there (EIP-684) or storage (EIP-7610, the SMT binding\'s HasStorage) — fails the creation (CreateCollision: no code runs, all its gas consumed, 0 pushed). ' +
  'Refused (unprovable): the depth limit, ' +
  'and SELFDESTRUCT of an account a CREATE of the same tx made (its TxCreated mark: EIP-6780 would delete it)';
/** The copies' far source offsets: all zeros, proven past any source. */
const FAR_SOURCE = 'an offset ≥ 2^32 copies zeros (CopyFarOffset proves it ≥ 2^32 from the stack)';
const PARTIAL: Record<string, string> = {
  SELFDESTRUCT: SELFDESTRUCT_NOTE, CREATE: CREATE_NOTE, CREATE2: CREATE_NOTE,
  BLOCKHASH: 'a block outside the 256 before the current one (the current, a later, or an older block): 0, gas 20, the block number from the block table. ' +
    'Not yet (unprovable): one of the 256 blocks before, whose hash is not bound to the public input',
  CALL: 'into an account with code, or without (the value moved, EIP-161\'s 25000 for a new account, success at once): a new call id and call context (caller, callee, value, calldata and return ranges in the caller\'s memory, ' +
    'depth ≤ 1024), EIP-150\'s 63/64 and the 2300 stipend, both ranges\' memory expansion, EIP-2929 warm/cold of the callee, the value moved; the callee ' +
    'ends by STOP, RETURN, running past its code, or fails (REVERT, INVALID and the proven error states): then its writes — storage, transient storage, ' +
    'refunds, the value, its EIP-2929 warm marks — are undone at its own end-of-reversion counters while the caller continues; a successful callee\'s ' +
    'writes are undone with its caller\'s if that fails; the caller\'s pc, sp, gas (+ the callee\'s unused gas), memory size and code hash restored, ' +
    'LastCalleeReturnDataOffset/Length set (RETURNDATASIZE), min(size, the asked length) bytes of the callee\'s RETURN or REVERT data copied into the caller\'s memory, success pushed (1 − the callee failed). Not yet (unprovable): a call at the depth limit ' +
    '(one whose value exceeds the balance enters no frame and is proven: CallNoFrame), precompile calls other than ecrecover, SHA-256, the identity, MODEXP (operands ≤ 32 bytes), ecAdd and ecMul (by any of the CALL family: a DELEGATECALL or CALLCODE of one runs its rows too), ' +
    'out of gas with a range at 2^32 or beyond with gas of 2^32 or more or memory of 2^16 words or more (short of its charges or memory otherwise: ErrorOutOfGasCall; a range at 2^32 or beyond: ErrorOutOfGasCallFar), ' +
    'SELFDESTRUCT in a nested call of a creation tx (the address word is masked to its low 160 bits and any gas request is capped at L, as the EVM does). A LOG of a frame that does not persist is kept as a dropped log (log.ts)',
  STATICCALL: 'as CALL without a value (EIP-214): the callee and every frame it calls are static (the isStatic cell, its IsStatic saved and ' +
    'restored around calls); a static frame runs no SSTORE, TSTORE, LOGn or SELFDESTRUCT and CALLs no value (proven: their states require isStatic = 0). ' +
    'A static frame that tries fails with ErrorWriteProtection (all gas consumed, its writes undone). CALL\'s gaps',
  CALLCODE: 'as CALL, but the callee runs a\'s code as the caller\'s own account (CalleeAddress = the caller\'s): the value moves from the caller to ' +
    'itself (9000 and the stipend, never EIP-161\'s 25000; allowed in a static frame). CALL\'s gaps',
  DELEGATECALL: 'as STATICCALL\'s stack (no value), but the callee runs a\'s code in its caller\'s context: its CallerAddress, CalleeAddress and ' +
    'Value are the caller\'s, no value moves, and it is static only if its caller is. CALL\'s gaps' };
/** Notes of supported opcodes (the rest: their execution state). */
const NOTES: Record<string, string> = {
  CALLDATACOPY: `the call's calldata (the tx's, looked up; a nested call's, its caller's memory range) from the offset, 0 past its end; 3 + 3 per word + memory expansion; ${FAR_SOURCE}`,
  CODECOPY: `the running code (keccak input bytes of its hash) from the offset, 0 past its end; 3 + 3 per word + memory expansion; ${FAR_SOURCE}`,
  EXTCODECOPY: 'EIP-2929/3651 warm/cold gas as BALANCE (AccountPrewarm\'s rules), the account the word\'s low 160 bits; CODECOPY\'s bytes rows over its code (zeros past its end; ' +
    'an EOA\'s or missing account\'s: none); out of gas on a cold account below 2600 (ErrorOutOfGasAccountAccess); a size-0 copy of an account the tx reads no other way ' +
    `(@ethereumjs loads nothing then: the node's tracer reads it after the tx); out of gas on its memory (ErrorOutOfGasMemory); ${FAR_SOURCE}`,
  REVERT: FAILURE_NOTE, INVALID: `${FAILURE_NOTE}; all gas consumed`, BALANCE: ACCOUNT_NOTE, EXTCODESIZE: ACCOUNT_NOTE, EXTCODEHASH: `${ACCOUNT_NOTE}; 0 for an empty account (EIP-1052/161)` };
const ALL_FAMILIES_TEST = 'test/circuits/evm/prove.test.ts';
const TX_TEST = 'test/circuits/evm/tx.test.ts';
const CREATE_TESTS = ['test/circuits/evm/create.test.ts', 'test/circuits/evm/create-rlp.test.ts', 'test/circuits/evm/create-prover.test.ts', 'test/circuits/evm/create-batch.test.ts', 'test/circuits/evm/create-erc20.test.ts'];
/** The creation rows (create.ts) and the code deposit, which RETURN opens in a creating frame. */
const CREATE_STATES = ['CreateNonce', 'CreateAddress', 'CreateRlp', 'CreateBalance', 'CreateTx', 'CreateInitCode', 'CodeDeposit', 'CodeDepositBytes'];
/** The tests of an execution state: its family's, the creation tests, or for BeginTx/EndTx rows the tx test. */
const testsOf = (g: { name: string; flow: string }): readonly string[] | undefined =>
  (CREATE_STATES.includes(g.name) || g.name === 'CODESIZE' ? CREATE_TESTS : g.name === 'RETURN' ? [...TESTS[g.name]!, ...CREATE_TESTS] : TESTS[g.name] ?? (g.flow === 'internal' ? [TX_TEST] : undefined));


/** Cancun opcodes by byte (PUSHn, DUPn, SWAPn, LOGn expanded below). */
const NAMES: Record<number, string> = {
  0x00: 'STOP', 0x01: 'ADD', 0x02: 'MUL', 0x03: 'SUB', 0x04: 'DIV', 0x05: 'SDIV', 0x06: 'MOD', 0x07: 'SMOD', 0x08: 'ADDMOD', 0x09: 'MULMOD',
  0x0a: 'EXP', 0x0b: 'SIGNEXTEND', 0x10: 'LT', 0x11: 'GT', 0x12: 'SLT', 0x13: 'SGT', 0x14: 'EQ', 0x15: 'ISZERO', 0x16: 'AND', 0x17: 'OR',
  0x18: 'XOR', 0x19: 'NOT', 0x1a: 'BYTE', 0x1b: 'SHL', 0x1c: 'SHR', 0x1d: 'SAR', 0x20: 'KECCAK256', 0x30: 'ADDRESS', 0x31: 'BALANCE',
  0x32: 'ORIGIN', 0x33: 'CALLER', 0x34: 'CALLVALUE', 0x35: 'CALLDATALOAD', 0x36: 'CALLDATASIZE', 0x37: 'CALLDATACOPY', 0x38: 'CODESIZE',
  0x39: 'CODECOPY', 0x3a: 'GASPRICE', 0x3b: 'EXTCODESIZE', 0x3c: 'EXTCODECOPY', 0x3d: 'RETURNDATASIZE', 0x3e: 'RETURNDATACOPY',
  0x3f: 'EXTCODEHASH', 0x40: 'BLOCKHASH', 0x41: 'COINBASE', 0x42: 'TIMESTAMP', 0x43: 'NUMBER', 0x44: 'PREVRANDAO', 0x45: 'GASLIMIT',
  0x46: 'CHAINID', 0x47: 'SELFBALANCE', 0x48: 'BASEFEE', 0x49: 'BLOBHASH', 0x4a: 'BLOBBASEFEE', 0x50: 'POP', 0x51: 'MLOAD', 0x52: 'MSTORE',
  0x53: 'MSTORE8', 0x54: 'SLOAD', 0x55: 'SSTORE', 0x56: 'JUMP', 0x57: 'JUMPI', 0x58: 'PC', 0x59: 'MSIZE', 0x5a: 'GAS', 0x5b: 'JUMPDEST',
  0x5c: 'TLOAD', 0x5d: 'TSTORE', 0x5e: 'MCOPY', 0x5f: 'PUSH0', 0xf0: 'CREATE', 0xf1: 'CALL', 0xf2: 'CALLCODE', 0xf3: 'RETURN',
  0xf4: 'DELEGATECALL', 0xf5: 'CREATE2', 0xfa: 'STATICCALL', 0xfd: 'REVERT', 0xfe: 'INVALID', 0xff: 'SELFDESTRUCT',
};
for (let n = 1; n <= 32; n++) NAMES[0x5f + n] = `PUSH${n}`;
for (let n = 1; n <= 16; n++) NAMES[0x7f + n] = `DUP${n}`;
for (let n = 1; n <= 16; n++) NAMES[0x8f + n] = `SWAP${n}`;
for (let n = 0; n <= 4; n++) NAMES[0xa0 + n] = `LOG${n}`;

/** Mnemonic of a Cancun opcode (undefined for unassigned bytes, which execute as INVALID). */
export const opcodeName = (code: number): string | undefined => NAMES[code];

const PRECOMPILES = ['ECRECOVER', 'SHA256', 'RIPEMD160', 'IDENTITY', 'MODEXP', 'ECADD', 'ECMUL', 'ECPAIRING', 'BLAKE2F', 'POINT_EVALUATION'];
/** The standalone circuit each precompile's CALL will look up into, or what the CALL wiring must prove itself. */
const PRECOMPILE_CIRCUITS: Record<string, string> = {
  ECRECOVER: 'circuit: circuits/sig (the signature table; test/circuits/sig)',
  SHA256: 'circuit: circuits/sha256 (the SHA-256 table: input bytes, length, digest; test/circuits/sha256)',
  RIPEMD160: 'no circuit',
  IDENTITY: 'needs no circuit: the CALL wiring must prove output = the input bytes (a copy) and gas 15 + 3·⌈length / 32⌉',
  MODEXP: 'circuit: circuits/modexp (base, exponent, modulus ≤ 32 bytes; the MODEXP table: lengths, operands, result, EIP-2565 gas; test/circuits/modexp)',
  ECADD: 'circuit: circuits/ecc ecAdd (test/circuits/ecc)',
  ECMUL: 'circuit: circuits/ecc ecMul (test/circuits/ecc)',
  ECPAIRING: 'circuit: circuits/ecc/pairing (one pair is k = 20: MockProver only, the real prover cannot prove it yet)',
  BLAKE2F: 'no circuit',
  POINT_EVALUATION: 'no circuit',
};

/** What a tx whose callee is a precompile proves (gadgets/precompile-root.ts). */
const ROOT_NOTE = 'A tx to it (gadgets/precompile-root.ts): its gas, base + per word of calldata, and its success (short of the gas: all consumed, ' +
  'the value transfer undone); its output reaches no state';

/** What the identity's rows prove (gadgets/precompile.ts). */
const IDENTITY_NOTE = 'a CALL, CALLCODE, DELEGATECALL or STATICCALL of 0x04 (gadgets/precompile.ts; CallCredit picks the rows by the code address): the output is the input (the caller\'s memory range copied to the ' +
  'callee\'s memory, where the return data copy and RETURNDATACOPY read it), gas 15 + 3·⌈length / 32⌉; short of that gas the call fails (IdentityOutOfGas: ' +
  'all its gas consumed, its value transfer undone). ' + ROOT_NOTE;

/** What a tx to BLAKE2F proves (gadgets/blake2f-root.ts). */
const BLAKE2F_ROOT_NOTE = 'A tx to it (gadgets/blake2f-root.ts: PrecompileRootBlake2f, Blake2fRootEnd): its gas, the rounds (calldata bytes 0 … 3, big-endian), and its success: ' +
  'exactly 213 bytes of calldata, the gas covering the rounds, the final-block flag (byte 212) 0 or 1 (EIP-152), else all gas consumed and the value transfer undone ' +
  '(Blake2fRootFailure); its output reaches no state';

/** What ecrecover's rows prove (gadgets/ecrecover.ts). */
const ECRECOVER_NOTE = 'a CALL, CALLCODE, DELEGATECALL or STATICCALL of 0x01 (gadgets/ecrecover.ts): the input (the caller\'s memory range, zero-padded to ' +
  '128 bytes) read as hash, v, r, s; where v ∈ {27, 28} the recovery is a row of the signature table (circuits/sig proves it in the batch circuit), ' +
  'the output its address word or empty; other v: empty output; gas 3000, short of it the call fails (EcrecoverOutOfGas). ' + ROOT_NOTE;
/** What MODEXP's rows prove (gadgets/modexp.ts). */
const MODEXP_NOTE = 'a CALL, CALLCODE, DELEGATECALL or STATICCALL of 0x05 (gadgets/modexp.ts) whose three lengths are at most 32 bytes: the input (the caller\'s memory range, zero-padded) ' +
  'read as EIP-198\'s header and operands, the call a row of the MODEXP table (circuits/modexp proves base^exp mod m and EIP-2565\'s gas in the batch circuit, ' +
  'on the EVM\'s word arithmetic table: 32-byte exponents of many bits take more of it than the devnet capacity has), the output the result in ml bytes; short of ' +
  'its gas the call fails (ModexpOutOfGas). A tx to it (PrecompileRootModexp, ModexpRootInput: the same rows over the tx\'s calldata, looked up in the tx table): ' +
  'its gas, the table\'s, and its success (short of it: all consumed, the value transfer undone); its output reaches no state. Not yet (unprovable): longer operands';
/** What SHA-256's rows prove (gadgets/sha256.ts). */
const SHA256_NOTE = 'a CALL, CALLCODE, DELEGATECALL or STATICCALL of 0x02 (gadgets/sha256.ts): the input (the caller\'s memory range) looked up byte by byte as one input of the ' +
  'SHA-256 table and its digest written as the 32-byte output; gas 60 + 12 per word, short of it the call fails (Sha256OutOfGas). The table is the SHA-256 circuit\'s ' +
  '(circuits/sha256) in a batch circuit whose capacity has SHA-256 blocks (BatchCapacity.sha256Blocks); the devnet batch circuit has none (its verifier gas: ' +
  'test/circuits/super/gas-budget.test.ts), so there a batch calling it does not fit and is unprovable with that reason. ' + ROOT_NOTE;
/** What the EC precompiles' rows prove (gadgets/ec-precompile.ts). */
const EC_NOTE = 'a CALL, CALLCODE, DELEGATECALL or STATICCALL of 0x06 (ecAdd) or 0x07 (ecMul) (gadgets/ec-precompile.ts; CallCredit picks the rows by the code address): ' +
  'the input (the caller\'s memory range, zero-padded to 128 or 96 bytes) read as words, the call a row of the ecAdd or ecMul table (circuits/ecc: EcAddChip and ' +
  'EcMulChip prove EIP-196 on non-native BN254 Fq, an invalid point as success 0), the output x ‖ y written as 64 bytes; an invalid input fails the call, all its ' +
  'gas consumed (EcFailure); gas 150 or 6000 (EIP-1108), short of it the call fails (EcFailure). The tables are the chips\' (circuits/ecc/precompile-chips.ts) in a ' +
  'batch circuit whose capacity has EC calls (BatchCapacity.ec); the devnet batch circuit has 8 ecAdd and 1 ecMul calls a batch (node/prover/batch-circuit.ts): ' +
  'a block calling more does not fit and is unprovable with that reason. A tx to it: the same rows over the tx\'s calldata (PrecompileRootEc, EcRootInput: ' +
  'looked up in the tx table), its gas 150 or 6000, or all of it short of that or on an invalid input (the value transfer undone); its output reaches no state';
/** The precompiles whose calls from code are proven (SHA-256's, ecAdd's and ecMul's where the batch capacity has their tables). */
const PROVEN_PRECOMPILES: ReadonlySet<bigint> = new Set([ECRECOVER, SHA256, IDENTITY, ECADD, ECMUL]);

/** Execution cases that are no single opcode's success path. */
const CASES: ReadonlyArray<{ name: string; note: string; support?: Support; tests?: readonly string[] }> = [
  {
    name: 'BeginTx / EndTx', support: 'partial', tests: [TX_TEST],
    note: 'constrained: the sender\'s nonce (below 2^64 − 1, EIP-2681), the upfront gas purchase, the value transfer, the intrinsic gas ' +
      '(21000, calldata, access list), the call\'s initial gas and code hash (or no code), the effective gas price (EIP-1559), ' +
      'the sender can pay gas limit · max fee + value and has no code (EIP-3607), the tx gas limit fits the block\'s, the callee is ' +
      'no precompile, the refund of unused gas, the coinbase\'s priority fee. EIP-2929/3651 pre-warmed addresses are proven where they are accessed (AccountPrewarm). ' +
      'EIP-2930 access lists: the tx circuit decodes the nested RLP into AccessListAddress/AccessListStorageKey rows with their count and 2400/1900 gas, and ' +
      'BeginTxAccessListAddress/Key rows write each address and (address, key) warm before the call (duplicates charged twice, warm once). The receipt status is proven (EndTx\'s persistent cell; a failed tx\'s writes undone). ' +
      'The block\'s gas used (Σ its txs\' gas used ≤ its gas limit) is proven over EndTx3\'s rows by circuits/pi/block-chain.ts. ' +
      'Not yet: TxReceipt RW rows; the block table is a seam until the public-input circuit fills it',
  },
  {
    name: 'Contract-creation tx (to = null)', support: 'partial', tests: [...CREATE_TESTS, DEPOSIT_FAIL_TEST, CREATE_COLLISION_TEST],
    note: 'constrained: the new address = keccak256(rlp([sender, nonce]))[12:] (RLP bytes and digest in the keccak table), the new ' +
      'account\'s nonce 1 (EIP-161), no code and nonce 0 before (EIP-684), the value, 32000 + EIP-3860 init code word gas and size ' +
      'limit, the init code = the tx\'s data (its hash is the frame\'s code, in the bytecode table), ADDRESS/CALLER of the creating ' +
      'frame, RETURN\'s code deposit (200 gas per byte, EIP-170 size, EIP-3541 0xEF refusal, the code hash = keccak of the returned ' +
      'bytes, the code in the bytecode table); STOP deploys no code. A failing init code (REVERT, INVALID, the error states) or code deposit (short of its gas, EIP-170\'s size, ' +
      'EIP-3541\'s 0xEF: CodeDepositFail) is proven with the new account undone. An address in use — a nonce or code there (EIP-684) or storage (EIP-7610, the SMT binding\'s HasStorage) — fails the tx before any code runs ' +
      '(CreateTxCollision: the value not moved, all its gas consumed). CREATE/CREATE2 from running code: see those opcodes',
  },
  {
    name: 'ErrorOutOfGas', support: 'partial', tests: [ERROR_TEST, REVERSION_TEST],
    note: `below the opcode's constant gas (execution state ErrorOutOfGas): ${FAILURE_NOTE}; all gas consumed. SSTORE with 2300 gas or less (EIP-2200's sentry: ErrorSstoreSentry); SLOAD of a cold slot below its 2100 (ErrorOutOfGasSloadCold); BALANCE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH, SELFDESTRUCT and the CALL family on a cold account below its cost, 2600 (ErrorOutOfGasAccountAccess); MLOAD, MSTORE, MSTORE8, RETURN, REVERT, KECCAK256, LOGn, CALLDATACOPY, CODECOPY, RETURNDATACOPY, EXTCODECOPY (its warm cost a floor), MCOPY (its farther range), CREATE, CREATE2 (init code words; not at 2^32 or beyond) short of their memory expansion and per-word or per-byte charge (ErrorOutOfGasMemory; an offset or size of 2^32 or more: ErrorOutOfGasMemoryFar, with gas below 2^32 and memory below 2^16 words); EXP short of 50 per exponent byte (ErrorOutOfGasExp); SSTORE above its sentry short of its cold, set or reset gas (ErrorOutOfGasSstore); RETURNDATACOPY past the return data (EIP-211, reported as out of gas: ErrorReturnDataOutOfBound). ` +
      'The CALL family short of its charges — the warm or cold access, the value, a new account — and its two ranges\' memory (ErrorOutOfGasCall, after the call\'s chain up to CallEmpty; a range of 2^32 or more: ErrorOutOfGasCallFar, one row, gas below 2^32 and memory below 2^16 words); SELFDESTRUCT short of the new account\'s 25000 (ErrorOutOfGasSelfdestruct). ' +
      'Not yet: out of gas in the rest of the dynamic part (CREATE\'s range at 2^32 or beyond; memory in use of 2^16 words or more, or gas of 2^32 or more, with a range at 2^32 or beyond). A code deposit short of its 200 gas per byte fails its creating frame (CodeDepositFail)',
  },
  {
    name: 'ErrorStackUnderflow / ErrorStackOverflow', support: 'supported', tests: [ERROR_TEST, REVERSION_TEST],
    note: `underflow below the items the opcode needs (execution state ErrorStackUnderflow): ${FAILURE_NOTE}; all gas consumed; overflow of a full stack by a push (ErrorStackOverflow); an opcode whose continuation rows read more (LOGn's topics, the CALL family's operands, EXTCODECOPY's) needs them all (the opcode table's stack column)`,
  },
  {
    name: 'ErrorInvalidJump', support: 'supported', tests: [ERROR_TEST, REVERSION_TEST],
    note: `JUMP/JUMPI to a destination past the code (2^128 or more by its high half) or on a byte that is no JUMPDEST opcode (execution state ErrorInvalidJump): ${FAILURE_NOTE}; all gas consumed`,
  },
  {
    name: 'ErrorWriteProtection', support: 'supported', tests: [CALL_TEST],
    note: 'EIP-214: SSTORE, TSTORE, LOGn, SELFDESTRUCT, CREATE, CREATE2 or a CALL with a value in a static frame (execution state ErrorWriteProtection): all gas consumed, ' +
      'the frame\'s writes undone',
  },
  { name: 'ErrorInvalidOpcode', support: 'supported', tests: [ERROR_TEST, REVERSION_TEST], note: `INVALID and unassigned bytes (execution state INVALID): ${FAILURE_NOTE}` },
  { name: 'Implicit STOP', support: 'supported', tests: [ERROR_TEST], note: 'running past the end of the code: pc = the code\'s length (execution state ImplicitStop)' },
];

export function coverage(): CoverageEntry[] {
  const opcodes = Object.entries(NAMES).map(([code, name]): CoverageEntry => {
    const entry = OPCODES.get(Number(code));
    if (entry === undefined) return { kind: 'opcode', code: Number(code), name, support: 'unsupported', tests: [] };
    const tests = [...(testsOf(entry.gadget) ?? []), ALL_FAMILIES_TEST];
    const partial = PARTIAL[name];
    return { kind: 'opcode', code: Number(code), name, support: partial === undefined ? 'supported' : 'partial', tests, note: partial ?? NOTES[name] ?? `execution state ${entry.gadget.name}; error cases see below` };
  });
  const precompiles = PRECOMPILES.map((name, i): CoverageEntry => {
    const code = i + 1;
    if (name === 'IDENTITY' || name === 'ECRECOVER') {
      return { kind: 'precompile', code, name, support: 'supported', tests: [name === 'IDENTITY' ? CALL_TEST : ECRECOVER_TEST, PRECOMPILE_ROOT_TEST], note: name === 'IDENTITY' ? IDENTITY_NOTE : ECRECOVER_NOTE };
    }
    if (name === 'MODEXP') return { kind: 'precompile', code, name, support: 'partial', tests: [MODEXP_TEST, MODEXP_ROOT_TEST], note: MODEXP_NOTE };
    if (name === 'ECADD' || name === 'ECMUL') return { kind: 'precompile', code, name, support: 'supported', tests: [EC_TEST, EC_ROOT_TEST], note: EC_NOTE };
    if (name === 'SHA256') return { kind: 'precompile', code, name, support: 'partial', tests: [SHA256_TEST, PRECOMPILE_ROOT_TEST], note: SHA256_NOTE };
    const calls = `calls from code: not yet (unprovable, naming it; no CALL reaches its circuit); ${PRECOMPILE_CIRCUITS[name]}`;
    if (name === 'BLAKE2F') return { kind: 'precompile', code, name, support: 'partial', tests: [BLAKE2F_ROOT_TEST], note: `${BLAKE2F_ROOT_NOTE}. Its ${calls}` };
    return rootPrecompileGas(BigInt(code), 0) === undefined
      ? { kind: 'precompile', code, name, support: 'unsupported', tests: [], note: `a tx to it and its ${calls}` }
      : { kind: 'precompile', code, name, support: 'partial', tests: [PRECOMPILE_ROOT_TEST], note: `${ROOT_NOTE}. Its ${calls}` };
  });
  const cases = CASES.map((c): CoverageEntry => ({ kind: 'case', code: -1, name: c.name, support: c.support ?? 'unsupported', tests: c.tests ?? [], note: c.note }));
  return [...opcodes.sort((a, b) => a.code - b.code), ...precompiles, ...cases];
}

/** Every gadget's tests are registered (a new gadget without a TESTS entry is a coverage bug). */
export const untestedGadgets = (): string[] => GADGETS.filter((g) => testsOf(g) === undefined).map((g) => g.name);

/**
 * Why the EVM circuit cannot prove this transaction's execution yet (empty: every step is supported).
 * The tx-level gaps of BeginTx/EndTx that apply to every tx (see `coverage()`) are not repeated here.
 */
export function unsupportedOps(tx: TxTrace): string[] {
  const reasons = new Set<string>();
  for (const gap of callGaps(tx)) reasons.add(gap);
  // BLOCKHASH is proven outside its window, where it pushes 0 (a block inside has a hash: gadgets/environment.ts)
  if (tx.steps.some((s) => s.name === 'BLOCKHASH' && s.error === undefined && s.pushes[0] !== 0n)) reasons.add('BLOCKHASH of one of the 256 blocks before (past block hashes are not bound yet)');
  // a tx to a precompile priced by its input's length alone is proven (gadgets/precompile-root.ts), one to ecAdd or ecMul
  // (gadgets/ec-precompile.ts), one to MODEXP as its calls are (gadgets/modexp.ts), one to BLAKE2F (gadgets/blake2f-root.ts)
  const root = tx.to === null ? undefined : BigInt(tx.to);
  if (root === MODEXP) {
    const lengths = modexpLengths(tx.data);
    if (lengths.some((n) => n > BigInt(MODEXP_MAX_LENGTH))) reasons.add(`a tx to MODEXP with an operand longer than ${MODEXP_MAX_LENGTH} bytes (lengths ${lengths.join(', ')}): not supported yet`);
  } else if (root !== undefined && root >= 1n && root <= BigInt(PRECOMPILES.length) && rootPrecompileGas(root, 0) === undefined && root !== ECADD && root !== ECMUL && root !== BLAKE2F) {
    reasons.add(`a tx to precompile ${tx.to} (${PRECOMPILES[Number(root) - 1]}): not supported yet`);
  }
  // the precompiles nested calls (any of the CALL family: the frame's code address) run: ecrecover's, the identity's and
  // MODEXP's rows are built (gadgets/ecrecover.ts, precompile.ts, modexp.ts)
  for (const f of tx.frames.slice(1).filter((x) => CALL_FAMILY.test(x.kind))) {
    const code = BigInt(f.codeAddress);
    if (code < 1n || code > BigInt(PRECOMPILES.length) || PROVEN_PRECOMPILES.has(code)) continue;
    if (code === MODEXP) {
      const lengths = modexpLengths(f.input);
      if (lengths.every((n) => n <= BigInt(MODEXP_MAX_LENGTH))) continue;
      reasons.add(`a MODEXP call with an operand longer than ${MODEXP_MAX_LENGTH} bytes (lengths ${lengths.join(', ')}): not supported yet`);
      continue;
    }
    reasons.add(`a call to precompile ${f.codeAddress} (${PRECOMPILES[Number(code) - 1]}): not supported yet`);
  }
  // a created account's deletion cannot remove its storage (circuits/smt/binding.ts): SelfdestructDebit refuses any storage write before it
  // (SelfdestructDebit counts the frame's reversible writes: the warm marks of SLOAD, BALANCE, EXTCODE*, CALL count too)
  const stores = tx.steps.some((s) => /^(SSTORE|TSTORE|SLOAD|BALANCE|EXTCODESIZE|EXTCODEHASH|EXTCODECOPY|CALL)$/.test(s.name));
  if (tx.to === null && stores && tx.steps.some((s) => s.name === 'SELFDESTRUCT')) reasons.add('SELFDESTRUCT of an account created in the tx after SSTORE/TSTORE or a warming access (deleting its storage: not built)');
  tx.steps.forEach((step, i) => {
    const entry = OPCODES.get(step.opcode);
    // EIP-6780's "created in the tx" is the frame's IsCreate, which a nested call into the created account would miss (selfdestruct.ts)
    if (tx.to === null && step.depth > 0 && step.name === 'SELFDESTRUCT') reasons.add('SELFDESTRUCT in a nested call of a creation tx: not built');
    if (entry === undefined) reasons.add(`opcode ${opcodeName(step.opcode) ?? `0x${step.opcode.toString(16)}`}`);
    // INVALID's error is its state's; out of gas is proven below the opcode's constant gas, stack underflow below
    // the items it reads on its row (gadgets/error.ts)
    // (an SLOAD that runs out with its warm read's 100 covered read a cold slot: ErrorOutOfGasSloadCold; an account
    // access short of a cold account's cost, a cold account: ErrorOutOfGasAccountAccess — or, for the opcodes with more
    // dynamic gas, a warm one, which the builder refuses)
    const access = ACCOUNT_ACCESS_OPCODES.find((o) => o.opcode === step.opcode);
    // (a precompile is warm from the tx's start: a call of one short of gas runs the charges' chain, callShortProven)
    const precompileCallee = CALL_FAMILY.test(step.name) && isPrecompileAddress(callOperands(step.name, step.stack).address);
    const coldAccount = access !== undefined && entry !== undefined && !precompileCallee && step.gasLeft < BigInt(entry.gas) + access.surcharge;
    // (a memory range's opcodes short of its expansion and charge: ErrorOutOfGasMemory, or Far past 2^32: memory-oog.ts)
    // (a creating frame's RETURN whose code deposit fails: CodeDepositFail, create.ts)
    const proven = entry !== undefined && (depositFails(tx, i) || (step.error === 'out of gas' ? step.gasLeft < BigInt(entry.gas) || step.name === 'SSTORE' || step.name === 'SLOAD' || coldAccount || callShortProven(tx, step) || callFarProven(step) || step.name === 'SELFDESTRUCT'
      || memoryOogAccess(step.opcode, step.stack, step.gasLeft, Math.ceil(step.memorySize / 32), entry.gas) !== undefined || step.name === 'EXP'
      || (step.name === 'RETURNDATACOPY' && step.stack.at(-2)! + step.stack.at(-3)! > returnDataLength(tx, i))
      : step.error === 'stack underflow' ? step.stack.length < stackNeed(entry) : step.error === 'stack overflow' ? entry.spDelta === -1
      : step.error === 'static state change' ? (PROTECTED_OPCODES as readonly number[]).includes(step.opcode)
      : step.error?.startsWith('invalid JUMP') === true));
    if (step.error !== undefined && entry?.gadget.name !== 'INVALID' && !proven) reasons.add(`error ${step.error} at ${step.name}`);
    // the tracer (node/execution/tracer.ts) learns a step's pushes and memory writes from the frame's next step: the
    // last one's are not in the trace, so an implicit STOP is provable only after a step that makes none
    const last = tx.steps[i + 1] === undefined || tx.steps[i + 1]!.depth < step.depth;
    const writes = entry !== undefined && (entry.gadget.slots.some((s) => s.write) || entry.gadget.continuation !== undefined);
    if (last && writes && entry.gadget.flow !== 'end' && step.error === undefined) reasons.add(`implicit STOP after ${step.name} (its pushes or memory writes are not in the trace)`);
  });
  return [...reasons];
}

const CALL_FAMILY = /^(CALL|CALLCODE|DELEGATECALL|STATICCALL)$/;

/**
 * Whether a CALL-family step short of gas is proven by ErrorOutOfGasCall (call-oog.ts): both its ranges below 2^32 (memory.ts's
 * expansion rules) and a callee (any precompile too: none runs) whose account the trace holds (the chain reads its code hash, nonce and balance; @ethereumjs loads none of them for a call it stops on gas,
 * so the node's tracer reads such callees after the tx: tracer.ts unloadedCallees).
 */
function callShortProven(tx: TxTrace, step: StepTrace): boolean {
  if (!CALL_FAMILY.test(step.name)) return false;
  const { address, far } = callOperands(step.name, step.stack);
  return !far && tx.accounts.some((x) => BigInt(x.address) === address);
}

/** Whether a CALL-family step short of gas with a range of 2^32 or more is proven by ErrorOutOfGasCallFar (call-oog.ts: gas below 2^32, memory below 2^16 words). */
const callFarProven = (step: StepTrace): boolean =>
  CALL_FAMILY.test(step.name) && farCallRange(callOperands(step.name, step.stack), step.gasLeft, Math.ceil(step.memorySize / 32)) !== undefined;

/** RETURNDATASIZE at step i: the output of the frame's last callee before it (a creation that succeeded returns none). */
function returnDataLength(tx: TxTrace, i: number): bigint {
  const frame = tx.steps[i]!.frame;
  const last = tx.frames.filter((f) => f.parent === frame && f.callStep < i).at(-1);
  return last === undefined || (/^CREATE2?$/.test(last.kind) && last.success) ? 0n : BigInt(last.output.length);
}

/**
 * Why the tx's nested calls are unprovable yet (gadgets/call.ts proves a CALL into an account with code whose callee
 * returns by STOP, RETURN, REVERT, running past its code or failing; its return data copied into the caller's memory).
 */
function callGaps(tx: TxTrace): string[] {
  const gaps: string[] = [];
  const creations = tx.frames.slice(1).filter((f) => f.kind === 'CREATE' || f.kind === 'CREATE2');
  const created = new Set(creations.map((f) => f.address.toLowerCase()));
  /** The steps that entered a frame. */
  const entering = new Set(tx.frames.map((f) => f.callStep));
  tx.steps.forEach((step, i) => {
    const call = CALL_FAMILY.test(step.name) && step.error === undefined;
    if (call && !entering.has(i) && step.depth >= 1024) gaps.push('a call at the depth limit (it enters no frame): not built');
    // (a value above the balance or a nonce at 2^64 − 1 enters no frame and is proven: CreateNoFrame)
    if (/^CREATE2?$/.test(step.name) && step.error === undefined && !entering.has(i) && step.depth >= 1024) gaps.push(`a ${step.name} at the depth limit (it enters no frame): not built`);
    // EIP-6780 deletes such an account at the tx's end: SELFDESTRUCT refuses it (its TxCreated mark, selfdestruct.ts)
    if (step.name === 'SELFDESTRUCT' && step.depth > 0 && created.has(tx.frames[step.frame]!.address.toLowerCase())) gaps.push('SELFDESTRUCT of an account a CREATE/CREATE2 of the tx made: not built');
  });
  return gaps;
}

