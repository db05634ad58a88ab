/**
 * Failing root calls (REVERT, INVALID) and the implicit STOP past the code's end (v1: the tx's one frame).
 *
 * A failed root call keeps what BeginTx and EndTx do — the nonce bump, the gas purchase, the refund of the gas left,
 * the coinbase's fee — and undoes everything the call wrote (circuit.ts, zkevm-circuits' reversible writes): the tx's
 * `persistent` cell is 0 (EndTx proves it 1 − "a failing state came before"), and each row of a `reversible` state
 * (SSTORE's Storage write, SstoreRefund's refund counter, TSTORE's transient slot, and BeginTx5's and BeginTx6's
 * balance writes of the tx's value: tx.ts) also looks up its write undone
 * — same key, value and value before swapped — at rw counter revertEnd − (reversible rows before it); the failing
 * state's rwc skips exactly those counters (rwc' = rwc + its slots + `reversible`, revertEnd = rwc' − 1), so the undo
 * rows are the RW table's rows there, in reverse order, and the state circuit ends every key the call wrote at its
 * value before the call. Its logs stay as TxLog rows, disowned by the receipt status (persistent = 0) as Ethereum's
 * receipts drop a failed tx's logs. A failed creation undoes its new account the same way (create.ts: the value
 * credited and the nonce 0 → 1 are reversible writes), so the address is left as it was.
 *
 *   REVERT        read offset (sp), size (sp + 1); the memory expansion of [offset, offset + size) is
 *                 charged as RETURN's (memory.ts), the gas left goes on to EndTx, which refunds it. The returned
 *                 bytes reach no state root.
 *   INVALID       0xfe and every unassigned byte (ErrorInvalidOpcode): the call's gas is all
 *                 consumed (the dynamic gas is the gas left, so EndTx starts from 0).
 *   ErrorOutOfGas the fetched opcode's constant gas (its opcode table row, looked up as (opcode, gasCost, param):
 *                 circuit.ts `fetched`) exceeds the gas left: gasCost − gas − 1 as aux bytes 0 … 7. Every opcode costs at
 *                 least its constant, so this is a true out-of-gas (a gas left an earlier step drove below 0 lands here
 *                 too: the run did run out, earlier, with this same outcome; the frame's starting gas is range-checked,
 *                 tx.ts BeginTxCallee / create.ts CreateTx); one that fails on its dynamic part has its own state
 *                 below (and memory-oog.ts, exp.ts ErrorOutOfGasExp, storage.ts ErrorOutOfGasSstore, call-oog.ts
 *                 ErrorOutOfGasCall, create.ts CodeDepositFail). All gas consumed.
 *   ErrorSstoreSentry  EIP-2200: SSTORE with 2300 gas or less left fails (a callee run on the stipend cannot store):
 *                 the fetched opcode is SSTORE and 2300 − gas as aux bytes 0, 1. All gas consumed.
 *   ErrorOutOfGasSloadCold  SLOAD of a slot whose warm flag reads 0 (EIP-2929: cold) with less than its 2100 gas:
 *                 gasCost + 2000 − gas − 1 as aux bytes 0 … 7. All gas consumed.
 *   ErrorOutOfGasAccountAccess, then AccountPrewarm, then ErrorOutOfGasAccountAccessCold  BALANCE, EXTCODESIZE, EXTCODECOPY,
 *                 EXTCODEHASH, SELFDESTRUCT or a CALL-family opcode on an account neither accessed in the tx nor
 *                 pre-warmed (EIP-2929/3651: cold) short of its 2600: the first row reads the account word (the top, or
 *                 sp + 1 for the CALL family) and its warm flag (BALANCE's layout, no gas charged), AccountPrewarm proves
 *                 it cold, the last gasCost + surcharge − gas − 1 as aux bytes 0 … 7. All gas consumed.
 *   (memory-oog.ts: ErrorOutOfGasMemory, ErrorOutOfGasMemoryEnd, ErrorOutOfGasMemoryFar — short of a memory range's
 *                 expansion and per-word or per-byte charge.)
 *   ErrorReturnDataOutOfBound  RETURNDATACOPY with offset + size above the last callee's return data length (EIP-211). All gas consumed.
 *   ImplicitStop  running past the code's end: no opcode is fetched, pc = the code's length (the bytecode table's
 *                 header row); as STOP (control.ts), the gas left as the aux word range-checks it.
 *   ErrorStackUnderflow  the stack holds fewer items than the fetched opcode reads on its row (param, by the same
 *                 lookup: circuit.ts stackNeed): param − (1024 − sp) − 1 as aux bytes 0, 1. Read IsCreate; all gas
 *                 consumed.
 *   ErrorStackOverflow  the stack is full (sp = 0) and the fetched opcode's stack delta is −1: all
 *                 gas consumed.
 *   ErrorInvalidJump  JUMP, or JUMPI with cond ≠ 0 (cond · c1 = 1), to a dest that is no JUMPDEST: o = slot 3 lo
 *                 boolean; o = 1: dest ≥ L, the code's length (c0, header lookup), by aux lo = dest − L (dest hi = 0)
 *                 or, flagged far (aux byte 18), by dest hi ≠ 0 (dest ≥ 2^128: v = dest hi); o = 0: dest < L by aux
 *                 lo = L − dest − 1, and the code byte at dest is aux byte 16 with isCode aux byte 17 (bytecode
 *                 lookup), v = isCode·(byte − 0x5b) + 1 − isCode; v (slot 3 hi) has an inverse (inv): push data or
 *                 another opcode. Slots: dest, cond (JUMPI only).
 *   ErrorWriteProtection  EIP-214: a static frame (isStatic = 1) runs SSTORE, TSTORE, LOGn, SELFDESTRUCT, CREATE,
 *                 CREATE2 or a CALL with a value (read at sp + 2, ≠ 0 by its inverse in inv): the fetched opcode is one
 *                 of them by one-hot flags in aux bytes 0 … 10. All gas consumed.
 * The next row is EndTx ('end' flow), or in a nested call CallReturn (call.ts): the caller continues, the callee's
 * writes undone as above at the callee's own revertEnd.
 */
import { FR_MODULUS } from '../../field/constants.js';
import { modInverse } from '../../field/modular.js';
import { mod } from '../../gadgets/common.js';
import { splitWord } from '../../gadgets/word.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import { STACK_EMPTY, type AuxWitness, type ExecutionGadget, type KeyedSlot, type StepExprs } from '../step.js';
import { CallContextField, RwTag } from '../../state/table.js';
import { address, auxBytes, callContext, is, upperBytesZero } from './common.js';
import { ACCOUNT_ACCESS_OOG as ACCOUNT_ACCESS_OOG_NAME, ACCOUNT_ACCESS_OOG_COLD as ACCOUNT_ACCESS_OOG_COLD_NAME, ACCOUNT_PREWARM, BALANCE, COLD_ACCOUNT_COST, COLD_ACCOUNT_SURCHARGE, COLD_BYTE } from './account.js';
import { STOP } from './control.js';
import { expansion, RETURN } from './memory.js';
import { ECRECOVER_OOG } from './ecrecover.js';
import { MODEXP_OOG } from './modexp.js';
import { COLD_SLOAD_SURCHARGE, SSTORE_OOG_END } from './storage.js';
import { IDENTITY_OOG } from './precompile.js';
import { PRECOMPILE_ROOT_OUT_OF_GAS } from './precompile-root.js';
import { BLAKE2F_ROOT_FAILURE_ROW } from './blake2f-root.js';
import { fetchedError, fetchedOpening } from './fetched.js';
import { MEMORY_OOG_END, MEMORY_OOG_FAR } from './memory-oog.js';
import { EXP_OOG } from './exp.js';
import { CODE_DEPOSIT_FAIL, CREATE_COLLISION, CREATE_TX_COLLISION } from './create.js';
import { CALL_OOG, CALL_OOG_FAR } from './call-oog.js';
import { SHA256_OOG } from './sha256.js';
import { EC_FAILURE_ROW } from './ec-precompile.js';
import { SELFDESTRUCT_OOG } from './selfdestruct.js';

export const REVERT: ExecutionGadget = {
  ...RETURN,
  name: 'REVERT',
  opcodes: [{ opcode: 0xfd, name: 'REVERT', param: 0, gas: 0, spDelta: 2 }],
  // offset, size: not RETURN's IsCreate read (no code deposit follows)
  slots: RETURN.slots.slice(0, 2),
  // EndTx, or a nested call's CallReturn (call.ts)
  successors: ['CallReturn'],
  configure(c) {
    const s = c.step;
    // RETURN's expansion (size = 0 by IsZero into c0, m' in c1); no CodeDeposit: EndTx follows
    c.isZero(s.slot(1).lo.add(s.slot(1).hi), c.c0Column);
    c.gate(expansion(s, { size: s.slot(1), after: s.c1, sizeZero: s.c0 }));
  },
};

const ONE = constant(1);

/** Bytes Cancun assigns no opcode to: they execute as INVALID. */
const UNASSIGNED = [[0x0c, 0x0f], [0x1e, 0x1f], [0x21, 0x2f], [0x4b, 0x4f], [0xa5, 0xef], [0xf6, 0xf9], [0xfb, 0xfc]]
  .flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => from! + i));

export const INVALID: ExecutionGadget = {
  name: 'INVALID',
  opcodes: [0xfe, ...UNASSIGNED].map((opcode) => ({ opcode, name: opcode === 0xfe ? 'INVALID' : `INVALID 0x${opcode.toString(16)}`, param: 0, gas: 0, spDelta: 0 })),
  slots: [],
  flow: 'end',
  successors: ['CallReturn'],
  dynamicGas: (s) => s.gas,
  configure: () => undefined,
  witness: () => ({}),
};

/** The fetched opcode is one of `opcodes`, flagged one-hot in aux bytes from … from + n − 1. */
function flaggedOpcode(s: StepExprs, opcodes: readonly number[], from: number): { rules: Record<string, Expr>; flags: Expr[] } {
  const flags = opcodes.map((_, i) => s.auxByte(from + i));
  return {
    flags,
    rules: {
      ...Object.fromEntries(flags.map((f, i) => [`flag ${i} boolean`, f.mul(ONE.sub(f))])), 'one flag': sum(flags).sub(1),
      'the opcode is the flagged one': s.opcode.sub(sum(opcodes.map((o, i) => flags[i]!.mul(o)))),
    },
  };
}

export const OUT_OF_GAS = fetchedError('ErrorOutOfGas',
  (s) => ({ 'aux bytes 0 … 7 = gas cost − gas − 1': auxBytes(s, 0, 8).sub(s.gasCost.sub(s.gas).sub(1)), ...upperBytesZero(s, 8) }),
  ({ gasLeft, gasCost }) => ({ aux: gasCost - gasLeft - 1n }));

/** EIP-2200's sentry: SSTORE needs more than this much gas left. */
export const SSTORE_SENTRY_GAS = 2300n;
const SSTORE_OPCODE = 0x55;

export const SSTORE_SENTRY = fetchedError('ErrorSstoreSentry',
  (s) => ({ 'the opcode is SSTORE': s.opcode.sub(SSTORE_OPCODE), 'aux bytes 0, 1 = 2300 − gas': auxBytes(s, 0, 2).sub(constant(SSTORE_SENTRY_GAS).sub(s.gas)), ...upperBytesZero(s, 2) }),
  ({ gasLeft }) => ({ aux: SSTORE_SENTRY_GAS - gasLeft }));

const SLOAD_OPCODE = 0x54;

/**
 * SLOAD of a cold slot short of its 2100 gas (the warm read's 100 covered: ErrorOutOfGas takes the rest). Slots: the key
 * (sp), the running contract (CallContext CalleeAddress, as StorageContract binds SLOAD's), the slot's warm flag
 * (TxAccessListStorage (tx id, contract, key)) read as 0: never accessed in the tx nor in its access list. Nothing is
 * written: the failing frame would undo the warm mark anyway.
 */
export const SLOAD_COLD_OOG: ExecutionGadget = {
  ...fetchedError('ErrorOutOfGasSloadCold', (s) => ({
    'the opcode is SLOAD': s.opcode.sub(SLOAD_OPCODE), 'the slot is cold: its warm flag reads 0 lo': s.slot(2).lo, 'the slot is cold: its warm flag reads 0 hi': s.slot(2).hi,
    'aux bytes 0 … 7 = gas cost + 2000 − gas − 1 (short of the cold cost)': auxBytes(s, 0, 8).sub(s.gasCost.add(COLD_SLOAD_SURCHARGE).sub(s.gas).sub(1)), ...upperBytesZero(s, 8),
  })),
  slots: [{ write: false, base: 0 }, callContext(CallContextField.CalleeAddress, false),
    { write: false, tag: RwTag.TxAccessListStorage, field: 0, key: (s) => ({ id: s.txId, address: address(s.slot(1)).lo, storageKey: s.slot(0) }) }],
};

/**
 * The opcodes that access an account (EIP-2929) where ErrorOutOfGasAccountAccess proves them short of its cold cost: the
 * account word's stack position (sp + at) and the cold surcharge beyond the opcode's constant gas (BALANCE's family: the
 * warm 100 is the constant; the CALL family's constant is 0 and SELFDESTRUCT's 5000, so theirs is the whole 2600).
 */
export const ACCOUNT_ACCESS_OPCODES: ReadonlyArray<{ readonly opcode: number; readonly at: 0 | 1; readonly surcharge: bigint }> = [
  ...[0x31, 0x3b, 0x3c, 0x3f].map((opcode) => ({ opcode, at: 0 as const, surcharge: COLD_ACCOUNT_SURCHARGE })),
  { opcode: 0xff, at: 0, surcharge: COLD_ACCOUNT_COST }, ...[0xf1, 0xf2, 0xf4, 0xfa].map((opcode) => ({ opcode, at: 1 as const, surcharge: COLD_ACCOUNT_COST })),
];
/** ErrorOutOfGasAccountAccessCold's aux bytes: the shortfall (0 … 7), then the opcode's one-hot flags. */
const ACCOUNT_FLAGS = 8;
/** 1 where the account word sits at sp + 1 (the CALL family), from the failing row's flags. */
const accountAtNext = (end: StepExprs): Expr => sum(ACCOUNT_ACCESS_OPCODES.flatMap((o, k) => (o.at === 1 ? [end.auxByte(ACCOUNT_FLAGS + k)] : [])));

/**
 * BALANCE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH, SELFDESTRUCT or a CALL-family opcode on a cold account, short of its
 * cold cost (2600 gas in all: the other dynamic gas — memory, value, a new account — only adds). EIP-2929/3651's
 * coldness needs AccountPrewarm's row (account.ts), which an 'end' row cannot open, so this row takes BALANCE's layout
 * (the account word = aux, the account its aux bytes 0 … 19, its warm flag read, not written: the failing frame would
 * undo the mark anyway; the word is the stack's top, or for the CALL family slot 2's read of sp + 1) without charging
 * anything (gas' = gas, pc' = pc), AccountPrewarm follows and proves the cold byte from that flag, and
 * ErrorOutOfGasAccountAccessCold ends the call.
 */
export const ACCOUNT_ACCESS_OOG: ExecutionGadget = fetchedOpening(ACCOUNT_ACCESS_OOG_NAME,
  [BALANCE.slots[0]!, { ...(BALANCE.slots[1] as KeyedSlot), write: false }, { write: false, base: 1, optional: true }], ACCOUNT_PREWARM.name, (c) => {
    const s = c.step;
    const next = accountAtNext(s.at(2));
    const word = { lo: s.slot(0).lo.add(next.mul(s.slot(2).lo.sub(s.slot(0).lo))), hi: s.slot(0).hi.add(next.mul(s.slot(2).hi.sub(s.slot(0).hi))) };
    return { ...is(word, s.aux, 'account word = aux'), 'slot 2 read iff the account is at sp + 1': s.slotOn(2).sub(next) };
  });

/** ErrorOutOfGasAccountAccess's end, two rows on (its opcode fetched again at the same pc): the opcode, cold, and gasCost + surcharge − gas − 1 ≥ 0. */
export const ACCOUNT_ACCESS_OOG_COLD = fetchedError(ACCOUNT_ACCESS_OOG_COLD_NAME, (s) => {
  const { rules, flags } = flaggedOpcode(s, ACCOUNT_ACCESS_OPCODES.map((o) => o.opcode), ACCOUNT_FLAGS);
  const surcharge = sum(ACCOUNT_ACCESS_OPCODES.map((o, k) => flags[k]!.mul(o.surcharge)));
  return {
    ...rules,
    [`after ${ACCOUNT_ACCESS_OOG_NAME} and its AccountPrewarm`]: s.at(-2).state(ACCOUNT_ACCESS_OOG_NAME).sub(1),
    'the account is cold: AccountPrewarm\'s cold byte': s.at(-1).auxByte(COLD_BYTE).sub(1),
    'aux bytes 0 … 7 = gas cost + cold surcharge − gas − 1 (short of the cold cost)': auxBytes(s, 0, 8).sub(s.gasCost.add(surcharge).sub(s.gas).sub(1)),
    ...upperBytesZero(s, ACCOUNT_FLAGS + ACCOUNT_ACCESS_OPCODES.length),
  };
});

/** ErrorOutOfGasAccountAccessCold's aux word for `opcode` with `gas` left and its constant `gasCost`. */
export function accountAccessOogWitness(opcode: number, gasCost: number, gas: bigint): AuxWitness {
  const k = ACCOUNT_ACCESS_OPCODES.findIndex((o) => o.opcode === opcode);
  const short = k < 0 ? -1n : BigInt(gasCost) + ACCOUNT_ACCESS_OPCODES[k]!.surcharge - gas - 1n;
  if (short < 0n) throw new RangeError(`opcode 0x${opcode.toString(16)} with ${gas} gas does not run short of a cold account's cost`);
  return { aux: short | (1n << BigInt(8 * (ACCOUNT_FLAGS + k))) };
}

const RETURNDATACOPY_OPCODE = 0x3e;
/** ErrorReturnDataOutOfBound's aux bytes: offset + size − R − 1 (0 … 16), then the far flag. */
const OOB_BYTES = 17;

/**
 * EIP-211: RETURNDATACOPY past the last callee's return data — offset + size > R, the call's LastCalleeReturnDataLength
 * (0 before any call) — halts exceptionally (@ethereumjs reports it as out of gas) before any gas beyond the constant
 * counts. Slots: offset (sp + 1), size (sp + 2), R. Either a half's hi is nonzero (far: (offset hi + size hi)·inv = 1,
 * so offset + size ≥ 2^128, above any length), or both are 0 and offset lo + size lo − R − 1 ≥ 0 in aux bytes
 * 0 … 16 (the halves are below 2^128: a sum in bounds would wrap far past 17 bytes). All gas consumed.
 */
export const RETURNDATA_OUT_OF_BOUND: ExecutionGadget = {
  ...fetchedError('ErrorReturnDataOutOfBound', (s) => {
    const [offset, size, length] = [s.slot(0), s.slot(1), s.slot(2).lo];
    const far = s.auxByte(OOB_BYTES);
    const near = ONE.sub(far);
    return {
      'the opcode is RETURNDATACOPY': s.opcode.sub(RETURNDATACOPY_OPCODE), 'far: boolean': far.mul(near),
      'far: (offset hi + size hi)·inv = 1': far.mul(offset.hi.add(size.hi).mul(s.inv).sub(1)), 'near: offset hi = 0': near.mul(offset.hi), 'near: size hi = 0': near.mul(size.hi),
      'aux bytes 0 … 16 = near ? offset + size − R − 1 : 0': auxBytes(s, 0, OOB_BYTES).sub(near.mul(offset.lo.add(size.lo).sub(length).sub(1))),
      ...upperBytesZero(s, OOB_BYTES + 1),
    };
  }),
  slots: [{ write: false, base: 1 }, { write: false, base: 2 }, callContext(CallContextField.LastCalleeReturnDataLength, false)],
};

/** ErrorReturnDataOutOfBound's cells for a copy of `size` bytes from `offset` of return data `length` bytes long (offset + size > length). */
export function returnDataOutOfBoundWitness(offset: bigint, size: bigint, length: bigint): AuxWitness {
  const [[offsetLo, offsetHi], [sizeLo, sizeHi]] = [splitWord(offset), splitWord(size)];
  if (offset + size <= length) throw new RangeError(`a copy of ${size} bytes from ${offset} of ${length} is in bounds`);
  const far = offsetHi + sizeHi !== 0n;
  return far ? { aux: 1n << BigInt(8 * OOB_BYTES), inv: modInverse(offsetHi + sizeHi, FR_MODULUS) } : { aux: offsetLo + sizeLo - length - 1n };
}

/** Its aux word (need − stack length − 1) comes from the witness builder, which knows the stack. */
export const STACK_UNDERFLOW = fetchedError('ErrorStackUnderflow',
  (s) => ({ 'aux bytes 0, 1 = need − stack length − 1': auxBytes(s, 0, 2).sub(s.param.sub(constant(STACK_EMPTY).sub(s.sp)).sub(1)), ...upperBytesZero(s, 2) }));

/** Its stack delta is the fetched opcode's (the same lookup), which no opcode makes below −1 (one push, no pop). */
export const STACK_OVERFLOW = fetchedError('ErrorStackOverflow', (s) => ({ 'the stack is full: sp = 0': s.sp, 'the opcode pushes one more: sp delta = −1': s.spDelta.add(1) }));

const JUMP_OPCODE = 0x56;
const JUMPDEST_OPCODE = 0x5b;
const OUT_OF_CODE = 3;
/** ErrorInvalidJump's flag of a destination of 2^128 or more (its hi ≠ 0 is v). */
const FAR_BYTE = 18;
/** JUMPI's cond (for JUMP, a scratch 1). */
const COND = 1;

export const INVALID_JUMP: ExecutionGadget = {
  ...fetchedError('ErrorInvalidJump', (s) => {
    const dest = s.slot(0);
    const o = s.slot(OUT_OF_CODE).lo;
    const length = s.c0;
    const isJumpi = s.opcode.sub(JUMP_OPCODE);
    const [byte, isCode, far] = [s.auxByte(16), s.auxByte(17), s.auxByte(FAR_BYTE)];
    const near = ONE.sub(far);
    return {
      'JUMP or JUMPI': isJumpi.mul(isJumpi.sub(1)), 'cond read iff JUMPI': s.slotOn(COND).sub(isJumpi), 'cond ≠ 0: cond · c1 = 1': s.slot(COND).lo.add(s.slot(COND).hi).mul(s.c1).sub(1),
      'far boolean': far.mul(ONE.sub(far)), 'far ⇒ out of code': far.mul(ONE.sub(o)), 'near: dest hi = 0': near.mul(dest.hi), 'out of code: boolean': o.mul(ONE.sub(o)),
      'aux lo = far ? 0 : out ? dest − length : length − dest − 1': s.aux.lo.sub(near.mul(o.mul(dest.lo.sub(length)).add(ONE.sub(o).mul(length.sub(dest.lo).sub(1))))),
      'v = far ? dest hi : isCode·(byte − JUMPDEST) + 1 − isCode': s.slot(OUT_OF_CODE).hi.sub(far.mul(dest.hi).add(near.mul(isCode.mul(byte.sub(JUMPDEST_OPCODE)).add(ONE.sub(isCode))))),
      'far: no code byte': far.mul(byte.add(isCode)),
      'v ≠ 0: v · inv = 1': s.slot(OUT_OF_CODE).hi.mul(s.inv).sub(1), ...upperBytesZero(s, FAR_BYTE + 1),
    };
  }),
  slots: [{ write: false, base: 0 }, { write: false, base: 1, optional: true }],
  codeLength: (s) => s.c0,
  codeByte: (s) => ({ index: s.slot(0).lo, byte: s.auxByte(16), isCode: s.auxByte(17), enabled: constant(1).sub(s.slot(OUT_OF_CODE).lo) }),
};

/** The opcodes a static frame may not run (EIP-214), in ErrorWriteProtection's flag order; CALL only with a value. */
export const PROTECTED_OPCODES = [0x55, 0x5d, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xff, 0xf1, 0xf0, 0xf5] as const;
const CALL_FLAG = PROTECTED_OPCODES.indexOf(0xf1);

export const WRITE_PROTECTION: ExecutionGadget = {
  ...fetchedError('ErrorWriteProtection', (s) => {
    const { rules } = flaggedOpcode(s, PROTECTED_OPCODES, 0);
    const [call, value] = [s.auxByte(CALL_FLAG), s.slot(0)];
    return {
      'a static frame': s.isStatic.sub(1), ...rules,
      'CALL: its value read': s.slotOn(0).sub(call), 'CALL: value ≠ 0': call.mul(ONE.sub(value.lo.add(value.hi).mul(s.inv))), ...upperBytesZero(s, PROTECTED_OPCODES.length),
    };
  }),
  slots: [{ write: false, base: 2, optional: true }],
};

/** ErrorWriteProtection's cells for `opcode` (CALL's `value` from the stack). */
export function writeProtectionWitness(opcode: number, value?: bigint): AuxWitness {
  const flag = PROTECTED_OPCODES.indexOf(opcode as (typeof PROTECTED_OPCODES)[number]);
  if (flag < 0) throw new RangeError(`opcode 0x${opcode.toString(16)} is not one a static frame may not run`);
  const [lo, hi] = splitWord(value ?? 0n);
  return { aux: 1n << BigInt(8 * flag), ...(value === undefined ? {} : { inv: modInverse(lo + hi, FR_MODULUS) }) };
}

/** Whether byte `index` of `code` is an opcode (not PUSH data). */
const isOpcodeAt = (code: Uint8Array, index: number): boolean => {
  let i = 0;
  while (i < index) i += code[i]! >= 0x60 && code[i]! <= 0x7f ? code[i]! - 0x5e : 1;
  return i === index;
};

/** ErrorInvalidJump's cells for a jump to `dest` in `code`; `cond` for JUMPI (slot 1's cells hold 1 for JUMP). */
export function invalidJumpWitness(code: Uint8Array, dest: bigint, cond: bigint | undefined): AuxWitness {
  const length = BigInt(code.length);
  const out = dest >= length;
  const far = dest >> 128n;
  const byte = out ? 0n : BigInt(code[Number(dest)]!);
  const isCode = !out && isOpcodeAt(code, Number(dest)) ? 1n : 0n;
  const v = far !== 0n ? far : mod(isCode * (byte - BigInt(JUMPDEST_OPCODE)) + 1n - isCode);
  const [lo, hi] = splitWord(cond ?? 1n);
  return {
    aux: far !== 0n ? 1n << BigInt(8 * FAR_BYTE) : (out ? dest - length : length - dest - 1n) + (byte << 128n) + (isCode << 136n),
    c0: length, c1: modInverse(lo + hi, FR_MODULUS), inv: modInverse(v, FR_MODULUS),
    cells: new Map([[OUT_OF_CODE, { lo: out ? 1n : 0n, hi: v }], ...(cond === undefined ? [[COND, { lo: 1n, hi: 0n }] as const] : [])]),
  };
}

export const IMPLICIT_STOP: ExecutionGadget = {
  name: 'ImplicitStop',
  opcodes: [],
  slots: [],
  flow: 'end',
  successors: ['CallReturn'],
  atPc: true,
  codeLength: (s) => s.pc,
  configure: STOP.configure,
  witness: STOP.witness,
};

/** The states that end a call as a failure (the precompiles' out-of-gas rows too): their tx's writes are undone (circuit.ts) and its receipt status is 0. */
export const FAILURES: readonly ExecutionGadget[] = [REVERT, INVALID, OUT_OF_GAS, STACK_UNDERFLOW, STACK_OVERFLOW, INVALID_JUMP, WRITE_PROTECTION, SSTORE_SENTRY, SLOAD_COLD_OOG, ACCOUNT_ACCESS_OOG_COLD, MEMORY_OOG_END, MEMORY_OOG_FAR, EXP_OOG, SSTORE_OOG_END, RETURNDATA_OUT_OF_BOUND, IDENTITY_OOG, ECRECOVER_OOG, MODEXP_OOG, PRECOMPILE_ROOT_OUT_OF_GAS, CODE_DEPOSIT_FAIL, CALL_OOG, SELFDESTRUCT_OOG, CREATE_COLLISION, CREATE_TX_COLLISION, SHA256_OOG, EC_FAILURE_ROW, CALL_OOG_FAR, BLAKE2F_ROOT_FAILURE_ROW];
