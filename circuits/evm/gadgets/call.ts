/**
 * CALL, CALLCODE, DELEGATECALL and STATICCALL (the opcode rows differ in their stack and the callee's context, then
 * share the chain below): the caller's rows, the callee's first rows, and the return into the caller (in the
 * manner of zkevm-circuits' callop / begin / restore-context: the callee gets a fresh call id and call context; the
 * caller's state is saved in its own call context and read back when the callee ends).
 *
 * The callee's id is the rw counter of the CALL opcode row (it makes RW operations, so no other row has that counter
 * as its first): each later row of the chain has a fixed number of operations before it, so row k names the callee
 * as rwc − CALLEE_OFFSET[k]. A callee's call context fields not written here (IsRoot, IsCreate, IsStatic,
 * LastCallee*) read 0, the state circuit's first value of a CallContext field.
 *
 * Caller's rows (its pc, sp, gas, memory size and code hash as the opcode row's transition leaves them, sp' = sp + 6):
 *   CALL         read argsOffset (sp + 3), argsLength (sp + 4); write the callee's CallDataOffset, CallDataLength;
 *                memory expansion over [argsOffset, argsOffset + argsLength) (memory.ts's rules; c0 = the length is 0).
 *   CallMemory   read retOffset (sp' − 1), retLength (sp'); write the callee's ReturnDataOffset, ReturnDataLength;
 *                the expansion over [retOffset, retOffset + retLength) (both expansions cost what the larger one does).
 *   CallAccess   (reversible: the caller's) read the address word (sp' − 5) = the aux word, a = its bytes 0 … 19 (the
 *                EVM's mask; bytes 20 … 31 are the discarded rest); write TxAccessListAccount (tx, a) ← 1 (EIP-2929: warm from
 *                now on, unless the caller fails); read a's CodeHash h; write the callee's CodeHash = h.
 *   CallPrewarm  AccountPrewarm's rules (account.ts) for a: cold = neither accessed before nor pre-warmed.
 *   CallValue    read value v (sp' − 4); write the callee's Value = v, CallerAddress = the caller's CalleeAddress
 *                (CallPrewarm read it), CalleeAddress = a.
 *   CallEmpty    read a's Nonce, Balance, CodeHash before the call: empty (EIP-161) by ExtCodeHashEmpty's rules
 *                (account.ts); v = 0 by IsZero; new account = empty · (v ≠ 0); CallPrewarm's cold flag copied.
 *   CallGas      read the caller's Depth d, write the callee's Depth d + 1 with 1023 − d as aux bytes 0, 1 (depth ≤
 *                1024); read the requested gas g (sp' − 6); write the callee's CallerId; c0 = CallEmpty's (v = 0). With
 *                A = gas − 100 − 2500·cold − 9000·(v ≠ 0) − 25000·(new account) (EIP-2929, the value transfer, EIP-161)
 *                as 64·q + r (q aux bytes 18 … 25, r byte 26 with 63 − r byte 27, so A ≥ 0 and q = ⌊A/64⌋),
 *                L = A − q is all but one 64th (EIP-150), and the callee's gas is G = min(g, L) (in inv): c1 = (g ≥ L),
 *                boolean, and aux bytes 2 … 17 = c1 ? g − L : L − g − 1 — or, for a request of 2^128 gas or more
 *                (aux byte 28, big: g's hi half ≠ 0 by its inverse in CallStatic's free slot 3), c1 = 1 and 0 there.
 *                The row's dynamic gas is A's charges + G.
 *   CallStatic   write the callee's IsStatic = the caller's isStatic or STATICCALL (EIP-214); read the caller's own
 *                CallerAddress and Value (DELEGATECALL's context, which CallValue writes); a static frame CALLs no value.
 *   CallSave     write the caller's ProgramCounter, StackPointer, GasLeft, MemorySize (= its cells: what it resumes with).
 *   CallSwitch   write the caller's ReversibleWriteCounter, IsPersistent, RwCounterEndOfReversion; write sp' ← s, the
 *                success flag (boolean; the callee's end proves it, see CallReturn). The next row is the callee's:
 *                callId = the CALL row's rwc, gas = G + 2300·(v ≠ 0) (the stipend), reversible = 0, persistent =
 *                the caller's · s, isRoot = 0, and if s = 1 and the caller does not persist, revertEnd = the caller's
 *                − its reversible count (the callee's undo writes come next in the caller's reversion, as
 *                zkevm-circuits numbers them); a failing callee's revertEnd is its failing state's (error.ts).
 * Callee's rows (internal: no pc, stack or memory yet):
 *   CallDebit    (reversible) the caller's Balance b → b − v (v the value moved: CallValue's aux), no borrow; its
 *                address is the callee's CallerAddress (a short balance takes CallNoFrame instead). After CreateAccount
 *                (a CREATE/CREATE2 frame) it also reads the new address's HasStorage = 0 (EIP-7610: no collision).
 *   CallCredit   (reversible) the callee account's Balance c → c + v, no carry; reads CalleeAddress, CodeHash h; the
 *                next row is the callee's first opcode step: pc 0, empty stack, no memory, code hash h (its opcode
 *                fetch proves the code is not empty), the gas carried — or, for a precompile, its rows; or, when h is
 *                the empty code's hash, CallReturn (the callee succeeds at once, with all its gas).
 * The callee ends with STOP, RETURN, the implicit STOP, or a failing state (REVERT, INVALID, the error states: its
 * reversible writes undone right after it, error.ts); the next row is CallReturn instead of EndTx (EndTx takes only the
 * root call's end, circuit.ts):
 *   CallReturn   (isRoot = 0) read CallerId; the caller's ProgramCounter, StackPointer; the caller's stack at that
 *                pointer, the pushed s, which must be 1 − (the row before is a failing state); c0, c1 = RETURN's or
 *                REVERT's offset and size (0 otherwise).
 *   CallRestore  read the caller's GasLeft, MemorySize, ReversibleWriteCounter, CodeHash.
 *   CallRestoreFrame  read the caller's IsRoot, IsPersistent, RwCounterEndOfReversion; the callee's ReturnDataLength R;
 *                m = (size ≥ R) by a 4-byte comparison, so n = min(size, R) bytes are copied back; CallReturn's caller
 *                id, pc, sp and s carried in aux bytes.
 *   CallResume   write the caller's LastCalleeId, LastCalleeReturnDataOffset, LastCalleeReturnDataLength (RETURNDATASIZE
 *                reads it); read the callee's ReturnDataOffset. The next row is the caller's: its callId, pc, sp, memory
 *                size, code hash, isRoot, persistent and revertEnd as saved, gas = saved + the callee's gas left,
 *                reversible = saved + s·the callee's count (a successful callee's writes are its caller's now; a failed
 *                one's are undone). It is ReturnDataBytes where n > 0 (c1 = n, c0 = the returned offset, inv =
 *                ReturnDataOffset, aux bytes 0 … 3 = the callee's id), else the caller's next step.
 *   ReturnDataBytes  (the caller's continuation rows) 2 bytes per row, each a Memory read of the callee's c0 + j and a
 *                write of the same value to the caller's inv + j; c1 counts the bytes down to 0.
 * A call whose value exceeds the balance enters no frame: CallNoFrame replaces the callee's rows (below). A precompile's
 * frame runs its rows (ecrecover.ts, sha256.ts, precompile.ts: the identity, modexp.ts: MODEXP of operands ≤ 32 bytes,
 * ec-precompile.ts: ecAdd and ecMul). The callee's CALLDATALOAD and CALLDATACOPY read its caller's
 * memory range (calldata.ts, copy.ts). CallRestoreStatic (after CallRestoreFrame) reads the caller's IsStatic back and
 * range-checks the callee's gas left (8 aux bytes).
 * Unprovable (coverage.ts): the depth limit, other precompiles, MODEXP's longer operands.
 */
import { constant, sum, type Expr } from '../../plonk/index.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import { ANY_OPCODE, type AuxWitness, type ExecutionGadget, type KeyedSlot, type StackSlot, type StepExprs, STACK_EMPTY, type WordExpr } from '../step.js';
import { ACCOUNT_PREWARM, COLD_BYTE, EMPTY_BYTE, emptyRules, extCodeHashEmptyWitness, PRECOMPILE_BYTE, prewarmRules } from './account.js';
import { address, auxBytes, hasStorageOf, is, isZeroInverse, isZeroRules, small, stackAt, upperBytesZero } from './common.js';
import { halfSum } from './comparison.js';
import { expansionGas, rangeExpansion, rangeExpansionWitness } from './memory.js';
import { FAILURES } from './error.js';
import { byteCopyRules, CALLEE_ID, COPY_BYTES_PER_ROW, copyByte, copyHandOver } from './frame-copy.js';
import { ECRECOVER, ECRECOVER_OUT_OF_GAS, ECRECOVER_ROW, ecrecoverOutput } from './ecrecover.js';
import { IDENTITY, IDENTITY_OUT_OF_GAS, IDENTITY_ROW, identityOutput } from './precompile.js';
import { MODEXP, MODEXP_ROW, modexpOutput } from './modexp.js';
import { SHA256, SHA256_OUT_OF_GAS, SHA256_ROW, sha256Output } from './sha256.js';
import { EC_ADDRESS_BYTE, EC_FAILURE, EC_ROW, ecOutput } from './ec-precompile.js';
import { balanceUpdate, EMPTY_CODE_HASH, gasCarried, internal } from './tx.js';
import { addRelation } from './arithmetic.js';
import { CALL_EMPTY_BYTES as N, CALL_OUT_OF_GAS, callCharges, callChargesOf } from './call-oog.js';

/** The value transfer's stipend (Yellow Paper G_callstipend). */
export const CALL_STIPEND = 2300n;
export const MAX_DEPTH = 1024;
const ONE = constant(1);

export const read = (base: number): StackSlot => ({ write: false, base });
/** A call context field of the call `id` names. */
export const context = (field: CallContextField, write: boolean, id: (s: StepExprs) => Expr): KeyedSlot =>
  ({ write, tag: RwTag.CallContext, field, key: (s) => ({ id: id(s), address: constant(0) }) });

/** The callee's row of a call that enters no frame (CallNoFrame, below). */
const NO_FRAME = 'CallNoFrame';
/** RW operations of the chain's rows before each: row `name` names the callee as rwc − CALLEE_OFFSET[name]. */
const CALLEE_OFFSET = { CALL: 0, CallMemory: 4, CallAccess: 8, CallValue: 13, CallGas: 20, CallStatic: 24, CallSwitch: 31 } as const;
const callee = (row: keyof typeof CALLEE_OFFSET) => (s: StepExprs): Expr => s.rwc.sub(CALLEE_OFFSET[row]);
const caller = (s: StepExprs): Expr => s.callId;
const calleeWrite = (row: keyof typeof CALLEE_OFFSET, field: CallContextField) => context(field, true, callee(row));
const callerWrite = (field: CallContextField) => context(field, true, caller);

/** "The next row is `name`" for the chain's continuation rows (the framework would also allow an opcode step). */
export const followedBy = (s: StepExprs, name: string): Record<string, Expr> => ({ [`next is ${name}`]: ONE.sub(s.next.state(name)) });

/** 1 on STATICCALL's opcode row. */
const isStaticCall = (op: StepExprs): Expr => op.state('STATICCALL');
/** 1 on DELEGATECALL's or STATICCALL's opcode row: no value on its stack, so the address and gas sit one item higher. */
const noValue = (op: StepExprs): Expr => op.state('DELEGATECALL').add(op.state('STATICCALL'));

/**
 * A call opcode's row (`opcode`: its byte and stack delta) or CallMemory: stack reads of a memory range's offset and
 * size at `bases`, written to the callee's call context `fields`, and the range's memory expansion.
 */
function rangeRow(name: string, bases: readonly [number, number], fields: readonly [CallContextField, CallContextField], next: string,
  opcode?: { readonly byte: number; readonly spDelta: number }): ExecutionGadget {
  const row = opcode === undefined ? (name as keyof typeof CALLEE_OFFSET) : 'CALL';
  return {
    name,
    // (the operands after the opcode row's are read by the chain: the opcode needs spDelta + 1 items)
    opcodes: opcode === undefined ? [] : [{ opcode: opcode.byte, name, param: 0, gas: 0, spDelta: opcode.spDelta, stack: opcode.spDelta + 1 }],
    slots: [read(bases[0]), read(bases[1]), calleeWrite(row, fields[0]), calleeWrite(row, fields[1])],
    flow: opcode === undefined ? 'continuation' : 'next',
    continuation: next,
    expandsMemory: true,
    dynamicGas: (s) => expansionGas(s, s.next.memoryWords),
    configure(c) {
      const s = c.step;
      // (the framework makes an opcode row's next state its continuation; a continuation row's is checked here)
      c.gate({ ...rangeExpansion(c, s), ...is(s.slot(2), s.slot(0), 'offset written'), ...is(s.slot(3), s.slot(1), 'size written'), ...(opcode === undefined ? followedBy(s, next) : {}) });
    },
    witness: rangeExpansionWitness,
  };
}

const ARGS = [CallContextField.CallDataOffset, CallContextField.CallDataLength] as const;
export const CALL = rangeRow('CALL', [3, 4], ARGS, 'CallMemory', { byte: 0xf1, spDelta: 6 });
export const CALLCODE = rangeRow('CALLCODE', [3, 4], ARGS, 'CallMemory', { byte: 0xf2, spDelta: 6 });
export const DELEGATECALL = rangeRow('DELEGATECALL', [2, 3], ARGS, 'CallMemory', { byte: 0xf4, spDelta: 5 });
export const STATICCALL = rangeRow('STATICCALL', [2, 3], ARGS, 'CallMemory', { byte: 0xfa, spDelta: 5 });
/** The call opcodes' rows, in the order GADGETS lists them. */
export const CALL_OPCODES: readonly ExecutionGadget[] = [CALL, CALLCODE, DELEGATECALL, STATICCALL];
export const CALL_MEMORY = rangeRow('CallMemory', [-1, 0], [CallContextField.ReturnDataOffset, CallContextField.ReturnDataLength], 'CallAccess');

/** The callee's address a: the low 160 bits of CallAccess's address word (its aux bytes 0 … 19), as the EVM masks it. */
const target = (access: StepExprs): Expr => auxBytes(access, 0, 20);
/** a as a canonical word (lo: bytes 0 … 15, hi: bytes 16 … 19), as the callee's CalleeAddress holds it. */
const targetWord = (access: StepExprs): WordExpr => ({ lo: auxBytes(access, 0, 16), hi: auxBytes(access, 16, 4) });

export const CALL_ACCESS: ExecutionGadget = {
  name: 'CallAccess',
  opcodes: [],
  slots: [
    stackAt((s) => s.sp.sub(5).add(noValue(s.at(-2)))),
    { write: true, tag: RwTag.TxAccessListAccount, field: 0, key: (s) => ({ id: s.txId, address: target(s) }) },
    { write: false, tag: RwTag.Account, field: AccountField.CodeHash, key: (s) => ({ id: constant(0), address: target(s) }) },
    calleeWrite('CallAccess', CallContextField.CodeHash),
  ],
  flow: 'continuation',
  continuation: 'CallPrewarm',
  // the warm mark is the caller's write: undone if the caller fails, kept if only the callee does (EIP-2929)
  reversible: true,
  configure(c) {
    const s = c.step;
    c.gate({
      // (aux bytes 20 … 31 are the word's discarded rest)
      ...is(s.slot(0), s.aux, 'address word = aux'), ...is(s.slot(1), small(ONE), 'callee warm'),
      ...is(s.slot(3), s.slot(2), 'callee CodeHash'), ...followedBy(s, 'CallPrewarm'),
    });
  },
  witness: ({ slots: [a] }) => ({ aux: a }),
};

export const CALL_PREWARM: ExecutionGadget = {
  ...ACCOUNT_PREWARM,
  name: 'CallPrewarm',
  continuation: 'CallValue',
  configure(c) {
    const s = c.step;
    const access = s.at(-1);
    c.gate({
      ...prewarmRules(s, target(access), access.slotPrev(1).lo),
      // the code address where it is a precompile, else 0: CallSwitch hands it to CallCredit, which runs that precompile's rows
      // whatever the frame's own address (a DELEGATECALL or CALLCODE of a precompile runs as its caller); a precompile
      // without rows has no CallCredit ('no precompile rows: no precompile'): a call of one is proven only where it
      // enters no frame (CallNoFrame, ErrorOutOfGasCall) and so runs no precompile
      'slot 3 hi = p · a (the precompile run, or 0)': s.slot(3).hi.sub(s.auxByte(PRECOMPILE_BYTE).mul(target(access))),
      ...followedBy(s, 'CallValue'),
    });
  },
};

export const CALL_VALUE: ExecutionGadget = {
  name: 'CallValue',
  opcodes: [],
  slots: [read(-4), calleeWrite('CallValue', CallContextField.Value), calleeWrite('CallValue', CallContextField.CallerAddress), calleeWrite('CallValue', CallContextField.CalleeAddress)],
  flow: 'continuation',
  continuation: 'CallEmpty',
  configure(c) {
    const s = c.step;
    const [op, self, a, frame] = [s.at(-4), s.at(-1).slot(0), targetWord(s.at(-2)), s.at(3)];
    const [delegate, code] = [op.state('DELEGATECALL'), op.state('CALLCODE').add(op.state('DELEGATECALL'))];
    // DELEGATECALL and STATICCALL move no value and have none on their stack (their sp' − 4 is the address: read, not used)
    const sends = ONE.sub(noValue(op));
    const moved = { lo: sends.mul(s.slot(0).lo), hi: sends.mul(s.slot(0).hi) };
    const pick = (x: WordExpr, y: WordExpr, f: Expr): WordExpr => ({ lo: x.lo.add(f.mul(y.lo.sub(x.lo))), hi: x.hi.add(f.mul(y.hi.sub(x.hi))) });
    // a call short of gas (ErrorOutOfGasCall after CallEmpty) has no CallStatic, and no callee to read these two fields
    const entered = ONE.sub(s.at(2).state(CALL_OUT_OF_GAS));
    const when = (rules: Record<string, Expr>) => Object.fromEntries(Object.entries(rules).map(([n, e]) => [n, entered.mul(e)]));
    c.gate({
      ...is(s.aux, moved, 'aux = the value moved'),
      // DELEGATECALL runs in its caller's context: its caller, value and address (CallStatic reads the first two)
      // (the value moved as aux: a degree lower than `moved`, so the rule stays within the proof's degree 9)
      ...when(is(s.slot(1), pick(s.aux, frame.slot(2), delegate), 'Value = DELEGATECALL ? the caller\'s Value : the value moved')),
      ...when(is(s.slot(2), pick(self, frame.slot(1), delegate), 'CallerAddress = DELEGATECALL ? the caller\'s CallerAddress : its CalleeAddress')),
      // CALLCODE and DELEGATECALL run a's code as the caller's own account
      ...is(s.slot(3), pick(a, self, code), 'CalleeAddress = CALLCODE or DELEGATECALL ? the caller\'s CalleeAddress : a'), ...followedBy(s, 'CallEmpty'),
    });
  },
  witness: () => ({}),
};

/** a, as CallValue wrote it to the callee's CalleeAddress. */
const written = (value: StepExprs): Expr => address(value.slot(3)).lo;
const accountRead = (field: AccountField): KeyedSlot => ({ write: false, tag: RwTag.Account, field, key: (s) => ({ id: constant(0), address: written(s.at(-1)) }) });

export const CALL_EMPTY: ExecutionGadget = {
  name: 'CallEmpty',
  opcodes: [],
  slots: [accountRead(AccountField.Nonce), accountRead(AccountField.Balance), accountRead(AccountField.CodeHash)],
  flow: 'continuation',
  continuation: 'CallGas',
  // short of the call's charges: ErrorOutOfGasCall (call-oog.ts)
  branch: CALL_OUT_OF_GAS,
  configure(c) {
    const s = c.step;
    const value = s.at(-1).aux;
    const b = (k: keyof typeof N) => s.auxByte(N[k]);
    // CALLCODE moves its value to its own account: never a new one
    const toOther = ONE.sub(s.at(-5).state('CALLCODE'));
    c.gate({
      // EIP-161: the callee account's nonce, balance and code before the call (slot 3's lo and hi: inverses)
      ...emptyRules(s, s.slot(2), s.slot(3).lo), ...isZeroRules('v = 0', value.lo.add(value.hi), s.slot(3).hi, b('valueZero')),
      'new account = empty · (v ≠ 0) · not CALLCODE': b('newAccount').sub(s.auxByte(EMPTY_BYTE).mul(ONE.sub(b('valueZero'))).mul(toOther)),
      'cold copied': b('cold').sub(s.at(-2).auxByte(COLD_BYTE)), ...upperBytesZero(s, N.newAccount + 1),
      [`next is CallGas or ${CALL_OUT_OF_GAS}`]: ONE.sub(s.next.state('CallGas')).sub(s.next.state(CALL_OUT_OF_GAS)),
    });
  },
  // the builder fills this row (callEmptyWitness)
  witness: () => ({}),
};

/** CallEmpty's cells: the callee account's nonce, balance and code hash before the call, the cold flag, the value moved, CALLCODE's `toSelf`. */
export function callEmptyWitness(nonce: bigint, balance: bigint, hash: bigint, cold: boolean, value: bigint, toSelf: boolean): AuxWitness & { newAccount: boolean } {
  const empty = extCodeHashEmptyWitness(nonce, balance, hash, 3);
  const isEmpty = ((empty.aux! >> BigInt(8 * EMPTY_BYTE)) & 0xffn) === 1n;
  const sum = halfSum(value);
  const newAccount = isEmpty && value !== 0n && !toSelf;
  const bytes = (v: boolean, at: number) => (v ? 1n : 0n) << BigInt(8 * at);
  const hiInverse = empty.cells!.get(3)!.lo;
  return {
    ...empty, aux: empty.aux! | bytes(cold, N.cold) | bytes(value === 0n, N.valueZero) | bytes(newAccount, N.newAccount),
    cells: new Map([[3, { lo: hiInverse, hi: isZeroInverse(sum) }]]), newAccount,
  };
}

/** CallGas's aux bytes: 1023 − depth, the comparison of g with L, q, r and 63 − r. */
const G = { depth: 0, compare: 2, q: 18, r: 26, rBound: 27, big: 28 } as const;
/** The value transferred is not 0: CallGas's c0 is CallEmpty's v = 0 flag. */
const hasValue = (gas: StepExprs): Expr => ONE.sub(gas.c0);
/** The constant part of CallGas's charge: the warm access, the cold surcharge, the value transfer, a new account (EIP-161). */
const accessCost = (gas: StepExprs): Expr => callCharges(gas.at(-1), hasValue(gas));
/** The callee's gas (before the stipend): c1 ? L : g. */
const calleeGas = (gas: StepExprs): Expr => {
  const available = gas.gas.sub(accessCost(gas));
  const limit = available.sub(auxBytes(gas, G.q, 8));
  return gas.c1.mul(limit).add(ONE.sub(gas.c1).mul(gas.slot(2).lo));
};

export const CALL_GAS: ExecutionGadget = {
  name: 'CallGas',
  opcodes: [],
  slots: [context(CallContextField.Depth, false, caller), calleeWrite('CallGas', CallContextField.Depth), stackAt((s) => s.sp.sub(6).add(noValue(s.at(-6)))), calleeWrite('CallGas', CallContextField.CallerId)],
  flow: 'continuation',
  continuation: 'CallStatic',
  dynamicGas: (s) => accessCost(s).add(s.inv),
  configure(c) {
    const s = c.step;
    const depth = s.slot(0).lo;
    const requested = s.slot(2);
    const available = s.gas.sub(accessCost(s));
    const q = auxBytes(s, G.q, 8);
    const limit = available.sub(q);
    const ge = s.c1;
    // a request of 2^128 gas or more (g hi ≠ 0, its inverse in CallStatic's free slot 3) is above any L: G = L
    const big = s.auxByte(G.big);
    const compare = ge.mul(requested.lo.sub(limit)).add(ONE.sub(ge).mul(limit.sub(requested.lo).sub(1)));
    c.gate({
      'aux bytes 0, 1 = 1023 − depth (depth ≤ 1024)': auxBytes(s, G.depth, 2).sub(constant(MAX_DEPTH - 1).sub(depth)),
      ...is(s.slot(1), small(depth.add(1)), 'Depth + 1'), ...is(s.slot(3), small(s.callId), 'CallerId'),
      'available = 64·q + r': available.sub(q.mul(64)).sub(s.auxByte(G.r)), 'r + (63 − r) = 63': s.auxByte(G.r).add(s.auxByte(G.rBound)).sub(63),
      'g ≥ L: boolean': ge.mul(ONE.sub(ge)), 'big: boolean': big.mul(ONE.sub(big)), 'not big ⇒ g hi = 0': ONE.sub(big).mul(requested.hi),
      'big ⇒ g hi ≠ 0': big.mul(ONE.sub(requested.hi.mul(s.next.slot(3).lo))), 'big ⇒ g ≥ L': big.mul(ONE.sub(ge)),
      'aux bytes 2 … 17 = big ? 0 : g ≥ L ? g − L : L − g − 1': auxBytes(s, G.compare, 16).sub(ONE.sub(big).mul(compare)),
      'c0 = v = 0': s.c0.sub(s.at(-1).auxByte(N.valueZero)), 'inv = G': s.inv.sub(calleeGas(s)), ...upperBytesZero(s, G.big + 1), ...followedBy(s, 'CallStatic'),
    });
  },
  // the builder fills this row (callGasWitness)
  witness: () => ({}),
};

/** CallGas's cells: the caller's depth, the requested gas g, the gas left before the row, cold, the value; and the callee's gas G. */
export function callGasWitness(depth: bigint, requested: bigint, gasLeft: bigint, cold: boolean, value: bigint, newAccount: boolean): AuxWitness & { calleeGas: bigint; bigInverse: bigint } {
  const available = gasLeft - callChargesOf(cold, value, newAccount);
  const [q, r] = [available / 64n, available % 64n];
  const limit = available - q;
  const big = requested >> 128n !== 0n;
  const ge = requested >= limit;
  const compare = big ? 0n : ge ? requested - limit : limit - requested - 1n;
  const bytes = (v: bigint, at: number) => v << BigInt(8 * at);
  return {
    aux: bytes(BigInt(MAX_DEPTH - 1) - depth, G.depth) | bytes(compare, G.compare) | bytes(q, G.q) | bytes(r, G.r) | bytes(63n - r, G.rBound) | bytes(big ? 1n : 0n, G.big),
    c0: value === 0n ? 1n : 0n, c1: ge ? 1n : 0n, inv: ge ? limit : requested, calleeGas: ge ? limit : requested, bigInverse: isZeroInverse(requested >> 128n),
  };
}

/** The callee's IsStatic: the caller's isStatic or STATICCALL (EIP-214: a static frame's callees are static too). */
const staticWritten = (s: StepExprs): Expr => s.isStatic.add(isStaticCall(s.at(-7))).sub(s.isStatic.mul(isStaticCall(s.at(-7))));

/** The callee's IsStatic; the caller's own CallerAddress and Value (CallValue's DELEGATECALL context reads them). */
export const CALL_STATIC: ExecutionGadget = {
  name: 'CallStatic',
  opcodes: [],
  slots: [calleeWrite('CallStatic', CallContextField.IsStatic), context(CallContextField.CallerAddress, false, caller), context(CallContextField.Value, false, caller)],
  flow: 'continuation',
  continuation: 'CallSave',
  configure(c) {
    const s = c.step;
    c.gate({
      ...is(s.slot(0), small(staticWritten(s)), 'callee IsStatic = isStatic or STATICCALL'),
      // slot 3 is free here: CallGas's inverse of a big request's hi half, 0 otherwise
      'slot 3 lo = 0 unless the request is big': ONE.sub(s.at(-1).auxByte(G.big)).mul(s.slot(3).lo),
      // (CALLCODE's value stays in the caller's own account: allowed)
      'a static frame CALLs no value (EIP-214)': s.isStatic.mul(hasValue(s.at(-1))).mul(s.at(-7).state('CALL')), ...followedBy(s, 'CallSave'),
    });
  },
  witness: () => ({}),
};

/** The caller's ProgramCounter, StackPointer, GasLeft, MemorySize written (= its cells: what it resumes with); `next` follows. */
export function saveRow(name: string, next: string): ExecutionGadget {
  return {
    name,
    opcodes: [],
    slots: [callerWrite(CallContextField.ProgramCounter), callerWrite(CallContextField.StackPointer), callerWrite(CallContextField.GasLeft), callerWrite(CallContextField.MemorySize)],
    flow: 'continuation',
    continuation: next,
    configure(c) {
      const s = c.step;
      c.gate({
        ...is(s.slot(0), small(s.pc), 'ProgramCounter'), ...is(s.slot(1), small(s.sp), 'StackPointer'), ...is(s.slot(2), small(s.gas), 'GasLeft'),
        ...is(s.slot(3), small(s.memoryWords), 'MemorySize'), ...followedBy(s, next),
      });
    },
    witness: () => ({}),
  };
}

export const CALL_SAVE = saveRow('CallSave', 'CallSwitch');

/** The slots of a frame switch (CallSwitch, CreateSwitch): the caller's outcome cells saved, the result pushed at sp. */
export const SWITCH_SLOTS = [callerWrite(CallContextField.ReversibleWriteCounter), { write: true, base: 0 }, callerWrite(CallContextField.IsPersistent), callerWrite(CallContextField.RwCounterEndOfReversion)] as const;

/**
 * A frame switch's rules (CallSwitch, CreateSwitch): the caller's ReversibleWriteCounter, IsPersistent and
 * RwCounterEndOfReversion saved; the callee's first row runs call `callee` with `gas`, nothing reversible yet, persisting
 * where the caller does and `success` (boolean) says it will, not the root, static by `isStatic`.
 */
export function switchRules(s: StepExprs, { callee: id, gas, success, isStatic }: { callee: Expr; gas: Expr; success: Expr; isStatic: Expr }): Record<string, Expr> {
  const n = s.next;
  return {
    ...is(s.slot(0), small(s.reversible), 'ReversibleWriteCounter'), 'success boolean': success.mul(ONE.sub(success)),
    ...is(s.slot(2), small(s.persistent), 'IsPersistent'), ...is(s.slot(3), small(s.revertEnd), 'RwCounterEndOfReversion'),
    "callee: callId' = the chain's callee id": n.callId.sub(id), "callee: gas'": n.gas.sub(gas),
    "callee: reversible' = 0": n.reversible, "callee: persistent' = persistent · success": n.persistent.sub(s.persistent.mul(success)),
    // a callee that fails has its own (its failing state's rule, error.ts); one that persists undoes nothing
    "success, not persistent ⇒ callee: revertEnd' = revertEnd − reversible": success.mul(ONE.sub(s.persistent)).mul(n.revertEnd.sub(s.revertEnd.sub(s.reversible))),
    "callee: isRoot' = 0": n.isRoot, "callee: isStatic'": n.isStatic.sub(isStatic),
  };
}

/**
 * CallSwitch also hands the callee's first rows the value moved (aux = CallValue's) and the precompile the callee runs
 * (c0 = CallPrewarm's p·a: its code address, or 0), as CreateAccount does for a creation's (create-opcode.ts: 0).
 */
export const CALL_SWITCH: ExecutionGadget = {
  name: 'CallSwitch',
  opcodes: [],
  slots: SWITCH_SLOTS,
  flow: 'call',
  switchesFrame: true,
  successors: ['CallDebit', NO_FRAME],
  configure(c) {
    const s = c.step;
    const gas = s.at(-3);
    const success = s.slot(1).lo;
    c.gate({
      ...switchRules(s, { callee: callee('CallSwitch')(s), gas: gas.inv.add(hasValue(gas).mul(CALL_STIPEND)), success, isStatic: s.at(-2).slot(0).lo }), 'success hi = 0': s.slot(1).hi,
      ...is(s.aux, s.at(-5).aux, 'aux = the value moved'), 'c0 = the precompile the callee runs, or 0': s.c0.sub(s.at(-6).slot(3).hi),
    });
  },
  witness: () => ({}),
};

const reversible = (g: ExecutionGadget): ExecutionGadget => ({ ...g, reversible: true });
/** A read of the running call's call context field. */
const own = (field: CallContextField): KeyedSlot => context(field, false, (s) => s.callId);
const balance: KeyedSlot = { write: true, tag: RwTag.Account, field: AccountField.Balance, key: () => ({ id: constant(0) }) };

/** The value the call moves: CallSwitch's or CreateAccount's aux (`back` rows before). */
const movedBy = (s: StepExprs, back: number): WordExpr => s.at(-back).aux;

/**
 * CallNoFrame (the callee's only row, in place of CallDebit and its code): the caller cannot pay the value, so the call
 * enters no frame and fails at once (Yellow Paper: the value exceeds the balance) — the caller's balance b read (its
 * address the callee's CallerAddress), b + d = v with d ≥ 1 (aux, no carry out, d ≠ 0 by its inverse in inv); no
 * value moves, no code runs, and the callee's gas (G and the stipend) goes back to the caller through CallReturn
 * (success 0, no return data). The depth limit, the other way into no frame, is refused by CallGas (depth ≤ 1024).
 */
export const CALL_NO_FRAME = internal(NO_FRAME, ['CallReturn'], [own(CallContextField.CallerAddress), { write: false, tag: RwTag.Account, field: AccountField.Balance, key: () => ({ id: constant(0) }) }], () => [],
  (c) => {
    const s = c.step;
    const d = s.aux;
    c.gate({
      'the caller\'s balance': s.slotAddress(1).sub(address(s.slot(0)).lo), ...addRelation(s, s.slot(1), d, movedBy(s, 1)), 'no carry out: c1 = 0': s.c1,
      'd ≠ 0 (the balance is short)': ONE.sub(d.lo.add(d.hi).mul(s.inv)),
      // all of it goes back, the stipend too (as geth and @ethereumjs return it)
      "gas' = gas": s.next.gas.sub(s.gas), 'no reversion: revertEnd = 0': s.revertEnd,
    });
  });

/** CreateAccount's A (its CalleeAddress read), whose storage CallDebit reads. */
const createdBy = (s: StepExprs): Expr => address(s.at(-1).slot(1)).lo;
export const CALL_DEBIT = reversible(internal('CallDebit', ['CallCredit'], [balance, own(CallContextField.CallerAddress), { ...hasStorageOf(createdBy), optional: true }], () => [],
  (c) => {
    const s = c.step;
    const creates = s.at(-1).state('CreateAccount');
    // (DELEGATECALL's CallerAddress is its caller's caller: it moves 0 there)
    c.gate({
      'the caller\'s balance': s.slotAddress(0).sub(address(s.slot(1)).lo), ...balanceUpdate(s, s.aux, movedBy(s, 1), s.slotPrev(0)),
      'after CreateAccount: HasStorage of A is read': s.slotOn(2).sub(creates), 'no storage at the new address (EIP-7610): lo': creates.mul(s.slot(2).lo), 'no storage at the new address: hi': creates.mul(s.slot(2).hi),
    });
  }));

export const CALL_CREDIT = reversible(internal('CallCredit', [ANY_OPCODE, 'CallReturn', IDENTITY_ROW, IDENTITY_OUT_OF_GAS, ECRECOVER_ROW, ECRECOVER_OUT_OF_GAS, MODEXP_ROW, SHA256_ROW, SHA256_OUT_OF_GAS, EC_ROW, EC_FAILURE],
  [balance, own(CallContextField.CalleeAddress), own(CallContextField.CodeHash)], () => [],
  (c) => {
    const s = c.step;
    const n = s.next;
    // an account without code returns at once (CallReturn: success, no return data, all its gas back); a precompile's
    // call runs its rows (CallPrewarm proved which)
    const none = n.state('CallReturn');
    // the code address of the precompile the call runs, or 0 (CallPrewarm's, through CallSwitch): 0x01, 0x02, 0x04 … 0x07
    const precompile = s.at(-2).c0;
    const identity = n.state(IDENTITY_ROW).add(n.state(IDENTITY_OUT_OF_GAS));
    const ecrecover = n.state(ECRECOVER_ROW).add(n.state(ECRECOVER_OUT_OF_GAS));
    const modexp = n.state(MODEXP_ROW);
    const sha256 = n.state(SHA256_ROW).add(n.state(SHA256_OUT_OF_GAS));
    // (ecAdd's and ecMul's rows hold the address they run in aux byte 9, each proving it 0x06 or 0x07)
    const ec = n.state(EC_ROW).add(n.state(EC_FAILURE));
    const rows = identity.add(ecrecover).add(modexp).add(sha256).add(ec);
    const runs = ONE.sub(none).sub(rows);
    c.gate({
      'no precompile rows: no precompile': ONE.sub(rows).mul(precompile),
      "the identity's rows: the precompile is 0x04": identity.mul(precompile.sub(IDENTITY)), "ecrecover's rows: the precompile is 0x01": ecrecover.mul(precompile.sub(ECRECOVER)),
      "MODEXP's rows: the precompile is 0x05": modexp.mul(precompile.sub(MODEXP)), "SHA-256's rows: the precompile is 0x02": sha256.mul(precompile.sub(SHA256)),
      "the EC rows: the precompile is the one they run": ec.mul(precompile.sub(n.auxByte(EC_ADDRESS_BYTE))),
      'the callee\'s balance': s.slotAddress(0).sub(address(s.slot(1)).lo), ...balanceUpdate(s, s.slotPrev(0), movedBy(s, 2), s.aux), ...gasCarried(s),
      "code runs: pc' = 0": runs.mul(n.pc), "code runs: sp' = 1024": runs.mul(n.sp.sub(STACK_EMPTY)), "code runs: memory' = 0": runs.mul(n.memoryWords),
      "code runs: code hash' lo": runs.mul(n.codeHash.lo.sub(s.slot(2).lo)), "code runs: code hash' hi": runs.mul(n.codeHash.hi.sub(s.slot(2).hi)), "gas' = gas": n.gas.sub(s.gas),
      'no code: code hash lo is the empty hash': none.mul(s.slot(2).lo.sub(EMPTY_CODE_HASH.lo)), 'no code: code hash hi is the empty hash': none.mul(s.slot(2).hi.sub(EMPTY_CODE_HASH.hi)),
    });
  }));

/** CallReturn's caller id (its slot 0), for the rows after it. */
const callerOf = (ret: StepExprs): Expr => ret.slot(0).lo;
const saved = (field: CallContextField, ret: (s: StepExprs) => StepExprs): KeyedSlot => context(field, false, (s) => callerOf(ret(s)));
/** CallReturn's pushed word (slot 3) as lo + hi: 0 iff the word is (its halves are below 2^128). */
const pushedSum = (ret: StepExprs): Expr => ret.slot(3).lo.add(ret.slot(3).hi);
/** 1 where the callee succeeded: the pushed word's sum times its inverse in CallReturn's inv. */
const succeeded = (ret: StepExprs): Expr => pushedSum(ret).mul(ret.inv);
/** The word the call pushed (its success flag, or the created address): the caller's stack at its saved stack pointer (CallReturn's slot 2). */
const pushed: KeyedSlot = { write: false, tag: RwTag.Stack, field: 0, key: (s) => ({ id: callerOf(s), address: s.slot(2).lo }) };

export const CALL_RETURN = internal('CallReturn', ['CallRestore'],
  [own(CallContextField.CallerId), saved(CallContextField.ProgramCounter, (s) => s), saved(CallContextField.StackPointer, (s) => s), pushed], () => [],
  (c) => {
    const s = c.step;
    const end = s.at(-1);
    const returned = end.state('RETURN').add(end.state('REVERT'));
    c.gate({
      'a nested call returns': s.isRoot,
      // the pushed word is 0 iff the callee failed: a call's success flag, a creation's address or 0 (create-opcode.ts)
      'pushed ≠ 0 ⇔ the callee succeeded: pushed·inv = 1 − (it failed or entered no frame)': succeeded(s).sub(ONE.sub(sum([end.state(NO_FRAME), ...FAILURES.map((g) => end.state(g.name))]))),
      'pushed · (it failed) = 0': pushedSum(s).mul(ONE.sub(succeeded(s))),
      'c0 = RETURN or REVERT ? offset : 0': s.c0.sub(returned.mul(end.slot(0).lo)),
      'c1 = RETURN or REVERT ? size : a precompile\'s output length or 0': s.c1.sub(returned.mul(end.slot(1).lo)).sub(identityOutput(end)).sub(ecrecoverOutput(end)).sub(modexpOutput(end)).sub(sha256Output(end)).sub(ecOutput(end)),
    });
  });

/** c0, c1 (the returned range) and the gas carried from the row before. */
const carried = (s: StepExprs): Record<string, Expr> => ({ 'c0 carried': s.c0.sub(s.at(-1).c0), 'c1 carried': s.c1.sub(s.at(-1).c1), ...gasCarried(s) });

export const CALL_RESTORE = internal('CallRestore', ['CallRestoreFrame'],
  [CallContextField.GasLeft, CallContextField.MemorySize, CallContextField.ReversibleWriteCounter, CallContextField.CodeHash].map((f) => saved(f, (s) => s.at(-1))), () => [],
  (c) => c.gate(carried(c.step)));

/**
 * CallRestoreFrame's aux bytes: CallReturn's caller id, pc, sp and success, carried to CallResume; m = (size ≥ R) and
 * the comparison m ? size − R : R − size − 1, so the bytes copied into the caller's memory are n = m ? R : size.
 */
const R = { caller: 0, pc: 4, sp: 8, success: 10, ge: 11, compare: 12 } as const;
/** The bytes of return data copied into the caller's memory, min(size, R), from CallRestoreFrame's cells. */
const copied = (frame: StepExprs): Expr => {
  const ge = frame.auxByte(R.ge);
  return ge.mul(frame.slot(3).lo).add(ONE.sub(ge).mul(frame.c1));
};

export const CALL_RESTORE_FRAME = internal('CallRestoreFrame', ['CallRestoreStatic'],
  [...[CallContextField.IsRoot, CallContextField.IsPersistent, CallContextField.RwCounterEndOfReversion].map((f) => saved(f, (s) => s.at(-2))), own(CallContextField.ReturnDataLength)], () => [],
  (c) => {
    const s = c.step;
    const ret = s.at(-2);
    const [size, length, ge] = [s.c1, s.slot(3).lo, s.auxByte(R.ge)];
    c.gate({
      ...carried(s), 'm boolean': ge.mul(ONE.sub(ge)), 'ReturnDataLength hi = 0': s.slot(3).hi,
      // size and R are below 2^32 (RETURN's and CALL's memory expansions bound them where they are not 0)
      'aux bytes 12 … 15 = m ? size − R : R − size − 1': auxBytes(s, R.compare, 4).sub(ge.mul(size.sub(length)).add(ONE.sub(ge).mul(length.sub(size).sub(1)))),
      'aux bytes 0 … 3 = caller id': auxBytes(s, R.caller, 4).sub(callerOf(ret)), 'aux bytes 4 … 7 = pc': auxBytes(s, R.pc, 4).sub(ret.slot(1).lo),
      'aux bytes 8, 9 = sp': auxBytes(s, R.sp, 2).sub(ret.slot(2).lo), 'aux byte 10 = success': s.auxByte(R.success).sub(succeeded(ret)), ...upperBytesZero(s, R.compare + 4),
    });
  });

export const RETURN_BYTES = 'ReturnDataBytes';

/** The caller's IsStatic (its callee's CallStatic or BeginTx1 wrote it), for CallResume. */
export const CALL_RESTORE_STATIC = internal('CallRestoreStatic', ['CallResume'], [saved(CallContextField.IsStatic, (s) => s.at(-3))], () => [],
  // the callee's gas left (which CallResume hands back) is ≥ 0: its RETURN or REVERT is range-checked nowhere else, so a
  // callee that overspent (gas p − x) would pay its overdraft from the caller's kept 64th (review finding)
  (c) => c.gate({ ...carried(c.step), "aux bytes 0 … 7 = the callee's gas left (≥ 0)": auxBytes(c.step, 0, 8).sub(c.step.gas), ...upperBytesZero(c.step, 8) }));

const restoredWrite = (field: CallContextField): KeyedSlot => context(field, true, (s) => auxBytes(s.at(-2), R.caller, 4));

export const CALL_RESUME: ExecutionGadget = {
  ...internal('CallResume', [ANY_OPCODE, 'ImplicitStop', RETURN_BYTES],
    [restoredWrite(CallContextField.LastCalleeId), restoredWrite(CallContextField.LastCalleeReturnDataOffset), restoredWrite(CallContextField.LastCalleeReturnDataLength), own(CallContextField.ReturnDataOffset)], () => [],
    (c) => {
      const s = c.step;
      const n = s.next;
      const [restore, frame, restored] = [s.at(-3), s.at(-2), s.at(-1)];
      const count = restore.slot(2).lo;
      c.gate({
        ...is(s.slot(0), small(s.callId), 'LastCalleeId'), ...is(s.slot(1), small(frame.c0), 'LastCalleeReturnDataOffset'), ...is(s.slot(2), small(frame.c1), 'LastCalleeReturnDataLength'),
        ...gasCarried(s),
        // the return data copied into the caller's memory: n = min(size, R) bytes from the callee's offset to ReturnDataOffset
        ...copyHandOver(s, RETURN_BYTES, { from: frame.c0, to: s.slot(3).lo, size: copied(frame), source: s.callId }),
        "caller: callId'": n.callId.sub(auxBytes(frame, R.caller, 4)), "caller: pc'": n.pc.sub(auxBytes(frame, R.pc, 4)), "caller: sp'": n.sp.sub(auxBytes(frame, R.sp, 2)),
        "caller: gas' = saved + the callee's gas left": n.gas.sub(restore.slot(0).lo).sub(s.gas), "caller: memory'": n.memoryWords.sub(restore.slot(1).lo),
        ...is(n.codeHash, restore.slot(3), "caller: code hash'"),
        // a callee's writes are its caller's when it succeeds; undone (not counted) when it fails
        "caller: reversible' = saved + success · the callee's": n.reversible.sub(count).sub(frame.auxByte(R.success).mul(s.reversible)),
        "caller: isRoot'": n.isRoot.sub(frame.slot(0).lo), "caller: isStatic'": n.isStatic.sub(restored.slot(0).lo), "caller: persistent'": n.persistent.sub(frame.slot(1).lo), "caller: revertEnd'": n.revertEnd.sub(frame.slot(2).lo),
      });
    }),
  switchesFrame: true,
};

/**
 * ReturnDataBytes (the caller's continuation rows after CallResume, or after RETURNDATACOPY's rows: copy.ts): 2 bytes
 * per row, each read from the callee's memory and written to the running call's; c1 the bytes left, 0 after a row
 * that is not full and on the last row. After a call both ranges lie in memory their own expansions paid for
 * (RETURN's, CALL's), so the rows cost no gas; RETURNDATACOPY pays for its own.
 */
export const RETURN_DATA_BYTES: ExecutionGadget = {
  name: RETURN_BYTES,
  opcodes: [],
  slots: Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => copyByte(j)).flat(),
  flow: 'continuation',
  configure(c) {
    c.gate({ ...byteCopyRules(c.step, RETURN_BYTES), ...upperBytesZero(c.step, CALLEE_ID + 4) });
  },
  witness: () => ({}),
};

export const CALL_ROWS: readonly ExecutionGadget[] = [CALL_MEMORY, CALL_ACCESS, CALL_PREWARM, CALL_VALUE, CALL_EMPTY, CALL_GAS, CALL_STATIC, CALL_SAVE, CALL_SWITCH, CALL_NO_FRAME, CALL_DEBIT, CALL_CREDIT, CALL_RETURN, CALL_RESTORE, CALL_RESTORE_FRAME, CALL_RESTORE_STATIC, CALL_RESUME,
  RETURN_DATA_BYTES];

// the callee ids above count the chain's operations: they must be the rows' slot counts
const chain = [CALL, CALL_MEMORY, CALL_ACCESS, CALL_PREWARM, CALL_VALUE, CALL_EMPTY, CALL_GAS, CALL_STATIC, CALL_SAVE, CALL_SWITCH];
for (const [name, offset] of Object.entries(CALLEE_OFFSET)) {
  const k = chain.findIndex((g) => g.name === name);
  if (chain.slice(0, k).reduce((n, g) => n + g.slots.length, 0) !== offset) throw new Error(`call.ts: ${name}'s callee offset is not the operations before it`);
}
