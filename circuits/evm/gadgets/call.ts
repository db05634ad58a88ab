/**
 * CALL into an account with code: the caller's rows, the callee's first rows, and the return into the caller (in the
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
 *   CallAccess   read the address word (sp' − 5) = the aux word, bytes 20 … 31 zero (a word ≥ 2^160, which the EVM
 *                masks, is refused); write TxAccessListAccount (tx, a) ← 1 (EIP-2929: warm from now on); read a's
 *                CodeHash h; write the callee's CodeHash = h.
 *   CallPrewarm  AccountPrewarm's rules (account.ts) for a: cold = neither accessed before nor pre-warmed.
 *   CallValue    read value v (sp' − 4); write the callee's Value = v, CallerAddress = the caller's CalleeAddress
 *                (CallPrewarm read it), CalleeAddress = a.
 *   CallGas      read the caller's Depth d, write the callee's Depth d + 1 with 1023 − d as aux bytes 0, 1 (depth ≤
 *                1024); read the requested gas g (sp' − 6); write the callee's CallerId; c0 = (v = 0) by IsZero. With
 *                A = gas − 100 − 2500·cold − 9000·(v ≠ 0) (EIP-2929, the value transfer's cost; a callee with code is
 *                no new account, so no 25000) as 64·q + r (q aux bytes 18 … 25, r byte 26 with 63 − r byte 27, so
 *                A ≥ 0 and q = ⌊A/64⌋), L = A − q is all but one 64th (EIP-150), and the callee's gas is
 *                G = min(g, L): c1 = (g ≥ L), boolean, and aux bytes 2 … 17 = c1 ? g − L : L − g − 1 (g's hi half
 *                is 0: a request of 2^128 gas or more is not built). The row's dynamic gas is 100 + 2500·cold + 9000·(v ≠ 0) + G.
 *   CallSave     write the caller's ProgramCounter, StackPointer, GasLeft, MemorySize (= its cells: what it resumes with).
 *   CallSwitch   write the caller's ReversibleWriteCounter; write sp' ← 1 (success: a callee that fails is not built,
 *                and no failing state can return, see below). The next row is the callee's: callId = the CALL row's
 *                rwc, gas = G + 2300·(v ≠ 0) (the stipend), reversible = 0, persistent the caller's (the callee
 *                succeeds), revertEnd = the caller's − its reversible count (the callee's undo writes come next in its
 *                reversion, as zkevm-circuits numbers them), isRoot = 0.
 * Callee's rows (internal: no pc, stack or memory yet):
 *   CallDebit    (reversible) the caller's Balance b → b − v, no borrow (an insufficient balance is not built); its
 *                address is the callee's CallerAddress.
 *   CallCredit   (reversible) a's Balance c → c + v, no carry; reads CalleeAddress, Value, CodeHash h; the next row is
 *                the callee's first opcode step: pc 0, empty stack, no memory, code hash h (its opcode fetch proves the
 *                code is not empty), the gas carried.
 * The callee ends with STOP, RETURN or the implicit STOP (their next row is CallReturn instead of EndTx; EndTx takes
 * only the root call's end, circuit.ts), with c0, c1 = RETURN's offset and size (0 for STOP), then:
 *   CallReturn   (isRoot = 0) read CallerId; the caller's ProgramCounter, StackPointer, GasLeft.
 *   CallRestore  read the caller's MemorySize, ReversibleWriteCounter, CodeHash, IsRoot.
 *   CallResume   write the caller's LastCalleeId, LastCalleeReturnDataOffset, LastCalleeReturnDataLength (RETURNDATASIZE
 *                reads it); read the callee's ReturnDataLength R with size · R = 0 (copying return data into the
 *                caller's memory is not built). The next row is the caller's next step: its callId, pc, sp, memory
 *                size, code hash and isRoot as saved, gas = saved + the callee's gas left, reversible = saved + the
 *                callee's count (its writes are the caller's now), revertEnd = the callee's + the saved count.
 * The failing states (REVERT, INVALID, errors) go to EndTx only, so a nested call that fails is unprovable, as are
 * CALLCODE, DELEGATECALL, STATICCALL, calls to accounts without code or to precompiles (coverage.ts).
 */
import { constant, type Expr } from '../../plonk/index.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import { ANY_OPCODE, type AuxWitness, type ExecutionGadget, type KeyedSlot, type StackSlot, type StepExprs, STACK_EMPTY } from '../step.js';
import { ACCOUNT_PREWARM, COLD_ACCOUNT_SURCHARGE, COLD_BYTE, prewarmRules, WARM_ACCOUNT_ACCESS } from './account.js';
import { address, auxBytes, is, small, upperBytesZero } from './common.js';
import { halfSum } from './comparison.js';
import { expansion, expansionGas, expansionWitness } from './memory.js';
import { balanceUpdate, gasCarried, internal } from './tx.js';

/** EIP-2929's warm access, the value transfer's cost and its stipend (Yellow Paper G_callvalue, G_callstipend). */
export const CALL_VALUE_COST = 9000n;
export const CALL_STIPEND = 2300n;
export const MAX_DEPTH = 1024;
const ONE = constant(1);

const read = (base: number): StackSlot => ({ write: false, base });
/** A call context field of the call `id` names. */
const context = (field: CallContextField, write: boolean, id: (s: StepExprs) => Expr): KeyedSlot =>
  ({ write, tag: RwTag.CallContext, field, key: (s) => ({ id: id(s), address: constant(0) }) });

/** RW operations of the chain's rows before each: row `name` names the callee as rwc − CALLEE_OFFSET[name]. */
const CALLEE_OFFSET = { CALL: 0, CallMemory: 4, CallAccess: 8, CallValue: 13, CallGas: 17, CallSwitch: 25 } as const;
const callee = (row: keyof typeof CALLEE_OFFSET) => (s: StepExprs): Expr => s.rwc.sub(CALLEE_OFFSET[row]);
const caller = (s: StepExprs): Expr => s.callId;
const calleeWrite = (row: keyof typeof CALLEE_OFFSET, field: CallContextField) => context(field, true, callee(row));
const callerWrite = (field: CallContextField) => context(field, true, caller);

/** "The next row is `name`" for the chain's continuation rows (the framework would also allow an opcode step). */
const followedBy = (s: StepExprs, name: string): Record<string, Expr> => ({ [`next is ${name}`]: ONE.sub(s.next.state(name)) });

/** A range's expansion: offset in slot 0, size in slot 1, c0 = (size = 0), the next row's memory size. */
function rangeExpansion(c: Parameters<ExecutionGadget['configure']>[0]): Record<string, Expr> {
  const s = c.step;
  c.isZero(s.slot(1).lo.add(s.slot(1).hi), c.c0Column);
  return expansion(s, { size: 'slot 1', after: s.next.memoryWords, sizeZero: s.c0 });
}
const rangeWitness = ({ slots: [offset, size], memoryWords }: { slots: readonly bigint[]; memoryWords: number }): AuxWitness =>
  ({ aux: expansionWitness(BigInt(memoryWords), offset!, size!, true), isZero: halfSum(size!) });

/**
 * CALL's opcode row or CallMemory: stack reads of a memory range's offset and size at `bases`, written to the callee's
 * call context `fields`, and the range's memory expansion.
 */
function rangeRow(name: string, bases: readonly [number, number], fields: readonly [CallContextField, CallContextField], next: string): ExecutionGadget {
  const row = name as keyof typeof CALLEE_OFFSET;
  const opcode = name === 'CALL';
  return {
    name,
    opcodes: opcode ? [{ opcode: 0xf1, name, param: 0, gas: 0, spDelta: 6 }] : [],
    slots: [read(bases[0]), read(bases[1]), calleeWrite(row, fields[0]), calleeWrite(row, fields[1])],
    flow: opcode ? 'next' : 'continuation',
    continuation: next,
    expandsMemory: true,
    dynamicGas: (s) => expansionGas(s, s.next.memoryWords),
    configure(c) {
      const s = c.step;
      // (the framework makes an opcode row's next state its continuation; a continuation row's is checked here)
      c.gate({ ...rangeExpansion(c), ...is(s.slot(2), s.slot(0), 'offset written'), ...is(s.slot(3), s.slot(1), 'size written'), ...(opcode ? {} : followedBy(s, next)) });
    },
    witness: rangeWitness,
  };
}

export const CALL = rangeRow('CALL', [3, 4], [CallContextField.CallDataOffset, CallContextField.CallDataLength], 'CallMemory');
export const CALL_MEMORY = rangeRow('CallMemory', [-1, 0], [CallContextField.ReturnDataOffset, CallContextField.ReturnDataLength], 'CallAccess');

/** The callee's address a (CallAccess's address word, below 2^160) as one field element. */
const target = (access: StepExprs): Expr => address(access.slot(0)).lo;

export const CALL_ACCESS: ExecutionGadget = {
  name: 'CallAccess',
  opcodes: [],
  slots: [
    read(-5),
    { write: true, tag: RwTag.TxAccessListAccount, field: 0, key: (s) => ({ id: s.txId, address: target(s) }) },
    { write: false, tag: RwTag.Account, field: AccountField.CodeHash, key: (s) => ({ id: constant(0), address: target(s) }) },
    calleeWrite('CallAccess', CallContextField.CodeHash),
  ],
  flow: 'continuation',
  continuation: 'CallPrewarm',
  configure(c) {
    const s = c.step;
    c.gate({
      ...is(s.slot(0), s.aux, 'address word = aux'), ...upperBytesZero(s, 20), ...is(s.slot(1), small(ONE), 'callee warm'),
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
    c.gate({ ...prewarmRules(s, target(access), access.slotPrev(1).lo), ...followedBy(s, 'CallValue') });
  },
};

export const CALL_VALUE: ExecutionGadget = {
  name: 'CallValue',
  opcodes: [],
  slots: [read(-4), calleeWrite('CallValue', CallContextField.Value), calleeWrite('CallValue', CallContextField.CallerAddress), calleeWrite('CallValue', CallContextField.CalleeAddress)],
  flow: 'continuation',
  continuation: 'CallGas',
  configure(c) {
    const s = c.step;
    c.gate({
      ...is(s.slot(1), s.slot(0), 'Value'), ...is(s.slot(2), s.at(-1).slot(0), 'CallerAddress = the caller\'s CalleeAddress'),
      ...is(s.slot(3), s.at(-2).aux, 'CalleeAddress = a'), ...followedBy(s, 'CallGas'),
    });
  },
  witness: () => ({}),
};

/** CallGas's aux bytes: 1023 − depth, the comparison of g with L, q, r and 63 − r. */
const G = { depth: 0, compare: 2, q: 18, r: 26, rBound: 27 } as const;
/** The value transferred is not 0: CallGas's IsZero (c0) of CallValue's value. */
const hasValue = (gas: StepExprs): Expr => ONE.sub(gas.c0);
/** The constant part of CallGas's charge: the warm access, the cold surcharge, the value transfer. */
const accessCost = (gas: StepExprs): Expr =>
  constant(WARM_ACCOUNT_ACCESS).add(gas.at(-2).auxByte(COLD_BYTE).mul(COLD_ACCOUNT_SURCHARGE)).add(hasValue(gas).mul(CALL_VALUE_COST));
/** The callee's gas (before the stipend): c1 ? L : g. */
const calleeGas = (gas: StepExprs): Expr => {
  const available = gas.gas.sub(accessCost(gas));
  const limit = available.sub(auxBytes(gas, G.q, 8));
  return gas.c1.mul(limit).add(ONE.sub(gas.c1).mul(gas.slot(2).lo));
};

export const CALL_GAS: ExecutionGadget = {
  name: 'CallGas',
  opcodes: [],
  slots: [context(CallContextField.Depth, false, caller), calleeWrite('CallGas', CallContextField.Depth), read(-6), calleeWrite('CallGas', CallContextField.CallerId)],
  flow: 'continuation',
  continuation: 'CallSave',
  dynamicGas: (s) => accessCost(s).add(calleeGas(s)),
  configure(c) {
    const s = c.step;
    const value = s.at(-1).slot(0);
    c.isZero(value.lo.add(value.hi), c.c0Column);
    const depth = s.slot(0).lo;
    const requested = s.slot(2);
    const available = s.gas.sub(accessCost(s));
    const q = auxBytes(s, G.q, 8);
    const limit = available.sub(q);
    const ge = s.c1;
    c.gate({
      'aux bytes 0, 1 = 1023 − depth (depth ≤ 1024)': auxBytes(s, G.depth, 2).sub(constant(MAX_DEPTH - 1).sub(depth)),
      ...is(s.slot(1), small(depth.add(1)), 'Depth + 1'), ...is(s.slot(3), small(s.callId), 'CallerId'),
      'available = 64·q + r': available.sub(q.mul(64)).sub(s.auxByte(G.r)), 'r + (63 − r) = 63': s.auxByte(G.r).add(s.auxByte(G.rBound)).sub(63),
      'g ≥ L: boolean': ge.mul(ONE.sub(ge)), 'g hi = 0 (a request of 2^128 gas or more is not built)': requested.hi,
      'aux bytes 2 … 17 = g ≥ L ? g − L : L − g − 1': auxBytes(s, G.compare, 16).sub(ge.mul(requested.lo.sub(limit)).add(ONE.sub(ge).mul(limit.sub(requested.lo).sub(1)))),
      ...upperBytesZero(s, G.rBound + 1), ...followedBy(s, 'CallSave'),
    });
  },
  // the builder fills this row (callGasWitness)
  witness: () => ({}),
};

/** CallGas's cells: the caller's depth, the requested gas g, the gas left before the row, cold, the value; and the callee's gas G. */
export function callGasWitness(depth: bigint, requested: bigint, gasLeft: bigint, cold: boolean, value: bigint): AuxWitness & { calleeGas: bigint } {
  const available = gasLeft - BigInt(WARM_ACCOUNT_ACCESS) - (cold ? COLD_ACCOUNT_SURCHARGE : 0n) - (value === 0n ? 0n : CALL_VALUE_COST);
  const [q, r] = [available / 64n, available % 64n];
  const limit = available - q;
  const ge = requested >= limit;
  const compare = ge ? requested - limit : limit - requested - 1n;
  const bytes = (v: bigint, at: number) => v << BigInt(8 * at);
  return {
    aux: bytes(BigInt(MAX_DEPTH - 1) - depth, G.depth) | bytes(compare, G.compare) | bytes(q, G.q) | bytes(r, G.r) | bytes(63n - r, G.rBound),
    c1: ge ? 1n : 0n, isZero: halfSum(value), calleeGas: ge ? limit : requested,
  };
}

export const CALL_SAVE: ExecutionGadget = {
  name: 'CallSave',
  opcodes: [],
  slots: [callerWrite(CallContextField.ProgramCounter), callerWrite(CallContextField.StackPointer), callerWrite(CallContextField.GasLeft), callerWrite(CallContextField.MemorySize)],
  flow: 'continuation',
  continuation: 'CallSwitch',
  configure(c) {
    const s = c.step;
    c.gate({
      ...is(s.slot(0), small(s.pc), 'ProgramCounter'), ...is(s.slot(1), small(s.sp), 'StackPointer'), ...is(s.slot(2), small(s.gas), 'GasLeft'),
      ...is(s.slot(3), small(s.memoryWords), 'MemorySize'), ...followedBy(s, 'CallSwitch'),
    });
  },
  witness: () => ({}),
};

export const CALL_SWITCH: ExecutionGadget = {
  name: 'CallSwitch',
  opcodes: [],
  slots: [callerWrite(CallContextField.ReversibleWriteCounter), { write: true, base: 0 }],
  flow: 'call',
  switchesFrame: true,
  successors: ['CallDebit'],
  configure(c) {
    const s = c.step;
    const n = s.next;
    const gas = s.at(-2);
    c.gate({
      ...is(s.slot(0), small(s.reversible), 'ReversibleWriteCounter'), ...is(s.slot(1), small(ONE), 'success pushed'),
      "callee: callId' = the CALL row's rwc": n.callId.sub(callee('CallSwitch')(s)),
      "callee: gas' = G + stipend": n.gas.sub(calleeGas(gas)).sub(hasValue(gas).mul(CALL_STIPEND)),
      "callee: reversible' = 0": n.reversible, "callee: persistent' = persistent": n.persistent.sub(s.persistent),
      "callee: revertEnd' = revertEnd − reversible": n.revertEnd.sub(s.revertEnd.sub(s.reversible)), "callee: isRoot' = 0": n.isRoot,
    });
  },
  witness: () => ({}),
};

const reversible = (g: ExecutionGadget): ExecutionGadget => ({ ...g, reversible: true });
const own = (field: CallContextField): KeyedSlot => context(field, false, (s) => s.callId);
const balance: KeyedSlot = { write: true, tag: RwTag.Account, field: AccountField.Balance, key: () => ({ id: constant(0) }) };

export const CALL_DEBIT = reversible(internal('CallDebit', ['CallCredit'], [balance, own(CallContextField.CallerAddress), own(CallContextField.Value)], () => [],
  (c) => {
    const s = c.step;
    c.gate({ 'the caller\'s balance': s.slotAddress(0).sub(address(s.slot(1)).lo), ...balanceUpdate(s, s.aux, s.slot(2), s.slotPrev(0)) });
  }));

export const CALL_CREDIT = reversible(internal('CallCredit', [ANY_OPCODE],
  [balance, own(CallContextField.CalleeAddress), own(CallContextField.Value), own(CallContextField.CodeHash)], () => [],
  (c) => {
    const s = c.step;
    const n = s.next;
    c.gate({
      'the callee\'s balance': s.slotAddress(0).sub(address(s.slot(1)).lo), ...balanceUpdate(s, s.slotPrev(0), s.slot(2), s.aux), ...gasCarried(s),
      "pc' = 0": n.pc, "sp' = 1024": n.sp.sub(STACK_EMPTY), "memory' = 0": n.memoryWords, ...is(n.codeHash, s.slot(3), "code hash'"), "gas' = gas": n.gas.sub(s.gas),
    });
  }));

/** CallReturn's caller id (its slot 0), for the rows after it. */
const callerOf = (ret: StepExprs): Expr => ret.slot(0).lo;
const saved = (field: CallContextField, ret: (s: StepExprs) => StepExprs): KeyedSlot => context(field, false, (s) => callerOf(ret(s)));

export const CALL_RETURN = internal('CallReturn', ['CallRestore'],
  [own(CallContextField.CallerId), ...[CallContextField.ProgramCounter, CallContextField.StackPointer, CallContextField.GasLeft].map((f) => saved(f, (s) => s))], () => [],
  (c) => {
    const s = c.step;
    const end = s.at(-1);
    const returned = end.state('RETURN');
    c.gate({
      'a nested call returns': s.isRoot, 'c0 = RETURN ? offset : 0': s.c0.sub(returned.mul(end.slot(0).lo)), 'c1 = RETURN ? size : 0': s.c1.sub(returned.mul(end.slot(1).lo)),
    });
  });

export const CALL_RESTORE = internal('CallRestore', ['CallResume'],
  [CallContextField.MemorySize, CallContextField.ReversibleWriteCounter, CallContextField.CodeHash, CallContextField.IsRoot].map((f) => saved(f, (s) => s.at(-1))), () => [],
  (c) => {
    const s = c.step;
    c.gate({ 'c0 carried': s.c0.sub(s.at(-1).c0), 'c1 carried': s.c1.sub(s.at(-1).c1), ...gasCarried(s) });
  });

const restoredWrite = (field: CallContextField): KeyedSlot => context(field, true, (s) => callerOf(s.at(-2)));

export const CALL_RESUME: ExecutionGadget = {
  ...internal('CallResume', [ANY_OPCODE, 'ImplicitStop'],
    [restoredWrite(CallContextField.LastCalleeId), restoredWrite(CallContextField.LastCalleeReturnDataOffset), restoredWrite(CallContextField.LastCalleeReturnDataLength), own(CallContextField.ReturnDataLength)], () => [],
    (c) => {
      const s = c.step;
      const n = s.next;
      const [ret, restore] = [s.at(-2), s.at(-1)];
      const count = restore.slot(1).lo;
      c.gate({
        ...is(s.slot(0), small(s.callId), 'LastCalleeId'), ...is(s.slot(1), small(restore.c0), 'LastCalleeReturnDataOffset'), ...is(s.slot(2), small(restore.c1), 'LastCalleeReturnDataLength'),
        'no return data copied: size · ReturnDataLength = 0': restore.c1.mul(s.slot(3).lo), ...gasCarried(s),
        "caller: callId'": n.callId.sub(callerOf(ret)), "caller: pc'": n.pc.sub(ret.slot(1).lo), "caller: sp'": n.sp.sub(ret.slot(2).lo),
        "caller: gas' = saved + the callee's gas left": n.gas.sub(ret.slot(3).lo).sub(s.gas), "caller: memory'": n.memoryWords.sub(restore.slot(0).lo),
        ...is(n.codeHash, restore.slot(2), "caller: code hash'"), "caller: reversible' = saved + the callee's": n.reversible.sub(count).sub(s.reversible),
        "caller: persistent' = persistent": n.persistent.sub(s.persistent), "caller: revertEnd' = revertEnd + saved": n.revertEnd.sub(s.revertEnd).sub(count),
        "caller: isRoot'": n.isRoot.sub(restore.slot(3).lo),
      });
    }),
  switchesFrame: true,
};

export const CALL_ROWS: readonly ExecutionGadget[] = [CALL_MEMORY, CALL_ACCESS, CALL_PREWARM, CALL_VALUE, CALL_GAS, CALL_SAVE, CALL_SWITCH, CALL_DEBIT, CALL_CREDIT, CALL_RETURN, CALL_RESTORE, CALL_RESUME];

// the callee ids above count the chain's operations: they must be the rows' slot counts
const chain = [CALL, CALL_MEMORY, CALL_ACCESS, CALL_PREWARM, CALL_VALUE, CALL_GAS, CALL_SAVE, CALL_SWITCH];
for (const [name, offset] of Object.entries(CALLEE_OFFSET)) {
  const k = chain.findIndex((g) => g.name === name);
  if (chain.slice(0, k).reduce((n, g) => n + g.slots.length, 0) !== offset) throw new Error(`call.ts: ${name}'s callee offset is not the operations before it`);
}
