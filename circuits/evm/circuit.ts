/**
 * The EVM circuit's execution-step state machine (a tx's root call and its nested CALLs: gadgets/call.ts). One step per row of a region of
 * `capacity` rows; the layout never depends on the witness (every row has q_step; rows after the last step are
 * padding steps), so one verifying key serves every batch.
 *
 * Per row (see step.ts): shared state pc, sp, gas, gasCost, param, spDelta, opcode, txId, callId, rwc,
 * memoryWords, codeHash lo/hi, reversible, persistent, revertEnd (the call's outcome: see reversion below), isRoot, isStatic; a two-hot
 * execution state s_0 … s_G (s_0 = padding, s_i = GADGETS[i − 1]; s_(LO·i+j) = a_i·b_j, state-selector.ts); RW_SLOTS access slots (address, value lo/hi,
 * value-before lo/hi, on flag); the aux word as 32 bytes; 32 PUSH mask flags; c0, c1, inv.
 *
 * A tx is a chain of rows: BeginTx's rows (gadgets/begin-tx.ts), its call's opcode steps, EndTx's rows
 * (gadgets/end-tx.ts); then the next tx's BeginTx, or padding to the end.
 *
 * Constraints (all × q_step unless said):
 *   state:       a_i, b_j boolean, Σ a_i = Σ b_j = 1 (the id a real state's: the opcode table lookup); mask flags boolean, monotone (f_{j+1} ⇒ f_j), Σ f_j = s_PUSH·param;
 *                a read slot's value-before equals its value; slot on flags boolean, monotone (on_j ⇒ on_(j−1)),
 *                1 where the state uses the slot, 0 where it does not, the gadget's where optional; a slot's address is its stack address
 *                (sp + base + perParam·param) or its key's address; internal and padding rows have pc = 0,
 *                sp = 1024, memoryWords = 0, code hash 0; padding also gas = 0, callId = 0.
 *   lookups:     opcode fetch (hash, pc) → (opcode, isCode = 1) in the bytecode table on opcode states; the code's
 *                length (hash → length, its header row) where the state declares one (CODESIZE); another byte of
 *                the code (hash, index) → (byte, isCode) where the state makes one (an invalid jump's destination);
 *                (internal and continuation states have the table row (0, id, 0, 0, 0) below)
 *                (opcode, state id, param, gasCost, spDelta) in the fixed opcode table (opcodes.ts; internal
 *                states and padding have the row (0, id, 0, 0, 0); a `fetched` state matches its internal row
 *                there and its opcode's (opcode, gasCost, param, spDelta) in the table's (opcode, gas, stack, sp delta) columns);
 *                slot j: (rwc + j, isWrite, tag, id, address, fieldTag, storage key, value, value-before,
 *                committed value) in the RW table where slot j is on — stack slots have tag Stack and
 *                id = callId, keyed slots the gadget's tag and key; tx lookup i: (txId, tag, index, value) in the
 *                tx table where the state makes one; (txId, tag, value) in the block table (circuits/pi) likewise; aux bytes in the byte table; PUSH byte j at code index
 *                pc + param − j as push data (isCode = 0) where f_j; (slot 0, slot 1, aux) in the AND word table
 *                (and-word.ts) where the state is AND/OR/XOR; (opcode, a, b, n, r) in the word arithmetic table
 *                (arith-table.ts) where it is MUL/DIV/MOD/ADDMOD/MULMOD/shifts/signed compares, or the row an
 *                ArithRow names (BYTE's SHL, SIGNEXTEND's SHL and SAR, SDIV/SMOD's DIV or MOD); keccak input i (id, index, byte) and the
 *                digest (id, length, hash) in the keccak table where the state makes them (KECCAK256);
 *                reversion: on a `reversible` state's row of a failed tx (persistent = 0), its reverted slot's write
 *                undone — (revertEnd − reversible, write, the slot's tag and key, value = its value before, value
 *                before = its value) — in the RW table.
 *   transitions  (q_trans: every step row but the last):
 *                rwc' = rwc + Σ on_j (+ reversible on a failing state's row: the counters of the reversion writes,
 *                revertEnd = rwc' − 1 there); txId' = txId + (1 on a tx's last row, else 0); callId' = callId
 *                except after a tx's last row (the next BeginTx sets callId = rwc) and on a `switchesFrame` row (a
 *                call's entry or return: the gadget sets callId, reversible, persistent, revertEnd, isRoot, isStatic of the next
 *                row); reversible' = reversible + (1 on a `reversible` state's row), 0 on BeginTx rows; persistent,
 *                revertEnd, isRoot and isStatic unchanged within a call; isStatic = 0 on BeginTx and on `writesState`
 *                states (EIP-214); isRoot = 1 on BeginTx and EndTx (only the root call's
 *                end reaches EndTx), and on EndTx persistent = 1 − (the row before is a failing state, error.ts FAILURES): the tx's receipt
 *                status, proven (txStatusTable: circuits/pi/withdrawals.ts looks up each tx's; no RW receipt row is
 *                written yet). The
 *                reversion lookups of a failed tx's R reversible rows hit revertEnd − R + 1 … revertEnd, exactly the
 *                counters the failing row skips, so the count seam still sees every table row looked up once;
 *                opcode states: codeHash, memoryWords unchanged (unless the state expands memory: its own rule),
 *                sp' = sp + spDelta, gas' = gas − gasCost − the state's dynamic gas, pc' = pc + 1 (flow 'next') or the
 *                gadget's rule; the next state runs an opcode, or is the state's continuation if it names one (in a
                nested call its nestedContinuation where it names one);
 *                continuation states: the same with pc' = pc (their table row has gas 0, spDelta 0); the next state
 *                is the same continuation state, the one it names, or runs an opcode;
 *                call end ('end'): gas' = gas − gasCost, the next state is EndTx (or one of the gadget's successors: a
 *                creating frame's code deposit, a nested call's CallReturn);
 *                internal and 'call' states: the next state is one of the gadget's successors;
 *                padding is followed by padding.
 *   first row:   BeginTx or padding, rwc = 1, txId = 1.
 *   last row:    padding; c0 = rwc − 1, the number of RW operations of the block (the count seam); c1 = txId − 1,
 *                the number of txs (the tx circuit's count).
 *   gadgets:     each gadget's own constraints, × s_gadget.
 *
 * Seams (proven elsewhere, composed by the super circuit):
 *  - the RW, bytecode and tx tables' consistency: the state, bytecode and tx circuits; stack bounds too — a read of
 *    a slot never written (underflow) fails the state circuit's "a stack key starts with a write", and addresses
 *    beyond 0 … 1023 cannot sit in its ordered key groups (steps of at most 2^160);
 *  - the operation count (c0 on the last row) is copy-constrained to the state circuit's count of non-padding RW
 *    rows: the steps' lookups use rw counters 1 … count, distinct, so the table holds exactly the steps'
 *    operations (see circuits/state/chip.ts); the tx count (c1) to the tx circuit's.
 */
import type { BitwiseTable } from '../gadgets/bitwise-table.js';
import { IsZeroChip } from '../gadgets/is-zero.js';
import type { RangeTable } from '../gadgets/range-table.js';
import { splitWord } from '../gadgets/word.js';
import { BYTE_ROW, bytecodeByteLookup, bytecodeLengthLookup, type BytecodeTableColumns } from '../bytecode/table.js';
import { adviceColumns, mod } from '../gadgets/common.js';
import { ConstraintSystem, constant, sum, type AssignedCell, type Column, type Expr, type Layouter, type Region, type Selector } from '../plonk/index.js';
import { rwLookupPairs, RwTag, type RwLookupRow, type RwTableColumns } from '../state/table.js';
import { txLookupPairs, type TxTableColumns } from '../tx/table.js';
import { blockLookupPairs, type BlockTableColumns } from '../pi/block-table.js';
import { DIGEST_ROW, INPUT_ROW, type KeccakTableColumns } from '../keccak/table.js';
import { SIG_TABLE_FIELDS, type SigTableColumns } from '../sig/table.js';
import { modexpLookupPairs, type ModexpLookup, type ModexpTableColumns } from '../modexp/circuit.js';
import type { PrecompileTable } from '../ecc/precompile-table.js';
import type { EvmWitness, ExecStep } from '../witness/evm.js';
import { AndWordTable } from './and-word.js';
import { ArithTable, NO_ARITH, type ArithCapacity, type ArithOp, type ArithOpcode } from './arith-table.js';
import { GADGETS } from './gadgets/index.js';
import { FAILURES } from './gadgets/error.js';
import { INTERNAL_GADGETS, OPCODES, PADDING_STATE, stateId } from './opcodes.js';
import { StateSelector, type StateCellEdit } from './state-selector.js';
import { ANY_OPCODE, isKeyed, KECCAK_LOOKUPS, PADDING, RW_SLOTS, STACK_EMPTY, TX_LOOKUPS, type AuxWitness, type CodeByteLookup, type EcTableLookup, type ExecutionGadget, type KeyedSlot, type OpcodeSpec, type RwKey, type StackSlot, type KeccakDigestLookup, type KeccakInputLookup, type SigLookup, type StepExprs, type TxLookup, type WordExpr } from './step.js';

export class EvmCircuitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvmCircuitError';
  }
}

/** Tables the EVM circuit looks up, owned by other circuits of the batch (or laid out by a test), and fixed tables it shares. */
export interface EvmTables {
  readonly rw: RwTableColumns; readonly bytecode: BytecodeTableColumns; readonly tx: TxTableColumns; readonly block: BlockTableColumns;
  readonly byte: RangeTable; readonly and: BitwiseTable;
  /**
   * The keccak table (the keccak circuit's, shared). Without it the circuit refuses the states that look it up
   * (KECCAK256): sound, but such steps are unprovable.
   */
  readonly keccak?: KeccakTableColumns;
  /**
   * The signature table (the sig circuit's, shared). Without it the circuit refuses the states that look it up
   * (the ecrecover precompile's recovery row).
   */
  readonly sig?: SigTableColumns;
  /**
   * The SHA-256 table (the SHA-256 circuit's, where the batch's capacity has one). Without it the circuit refuses the
   * states that look it up (the precompile's input and digest rows).
   */
  readonly sha256?: KeccakTableColumns;
  /**
   * The MODEXP table (the MODEXP chip's, shared). Without it the circuit refuses the states that look it up (the
   * precompile's operand rows).
   */
  readonly modexp?: ModexpTableColumns;
  /**
   * The EC precompile tables (circuits/ecc: ecAdd's and ecMul's chips, where the batch's capacity has them). Without one
   * the circuit refuses the states that look it up (the precompile's result row).
   */
  readonly ecAdd?: PrecompileTable;
  readonly ecMul?: PrecompileTable;
  /** The word arithmetic table, where another chip shares it (the MODEXP chip's steps); else the circuit configures its own. */
  readonly arith?: ArithTable;
}

/** Row budgets: step rows (the last is padding), AND word operations (AND/OR/XOR steps), word arithmetic slots per kind. */
export interface EvmCapacity { readonly steps: number; readonly bitwiseOps: number; readonly arith?: ArithCapacity }

/** The last row's counts, for the super circuit's seams: RW operations (state circuit) and txs (tx circuit). */
export interface EvmCounts { readonly rwCount: AssignedCell; readonly txCount: AssignedCell }

interface SlotColumns { readonly address: Column; readonly lo: Column; readonly hi: Column; readonly prevLo: Column; readonly prevHi: Column; readonly on: Column }

const STATE_CELLS = ['pc', 'sp', 'gas', 'gasCost', 'param', 'spDelta', 'opcode', 'txId', 'callId', 'rwc', 'memoryWords', 'codeHashLo', 'codeHashHi', 'reversible', 'persistent', 'revertEnd', 'isRoot', 'isStatic'] as const;
type StateCell = (typeof STATE_CELLS)[number];

const recompose = (bytes: readonly Expr[]): Expr => sum(bytes.map((b, i) => b.mul(1n << BigInt(8 * i))));
const isInternal = (g: ExecutionGadget): boolean => g.flow === 'internal';
const isContinuation = (g: ExecutionGadget): boolean => g.flow === 'continuation';
/** The state fetches an opcode at pc: it runs opcodes, or fails on one (the out-of-gas state). */
const runsOpcode = (g: ExecutionGadget): boolean => g.opcodes.length > 0 || g.fetched === true;
/** The state stands where the call's next opcode step would (an opcode step, or the implicit STOP). */
const stepsAtPc = (g: ExecutionGadget): boolean => runsOpcode(g) || g.atPc === true;
/** The next row continues the same call frame: pc, sp, gas, memory and code hash follow the step's rules. */
const keepsCall = (g: ExecutionGadget): boolean => g.flow === 'next' || g.flow === 'custom' || isContinuation(g);

export class EvmCircuit {
  private constructor(
    readonly qStep: Selector, readonly qFirst: Selector, readonly qTrans: Selector, readonly qLast: Selector,
    /** The execution state (two-hot): id 0 padding, then one per gadget (opcodes.ts stateId). */
    readonly states: StateSelector,
    readonly cells: Readonly<Record<StateCell, Column>>,
    readonly slots: readonly SlotColumns[],
    readonly auxBytes: readonly Column[], readonly pushFlags: readonly Column[],
    readonly c0: Column, readonly c1: Column, readonly inv: Column,
    readonly table: Readonly<Record<'opcode' | 'state' | 'param' | 'gas' | 'spDelta' | 'stack', Column>>,
    private readonly isZero: ReadonlyMap<ExecutionGadget, IsZeroChip>,
    readonly andWord: AndWordTable,
    readonly arith: ArithTable,
  ) {}

  /**
   * A lookup table of (txId, gas used) per tx, (0, 0) on every other row: on its EndTx3 row, gas used = the tx's gas
   * limit (c0) − the gas left after the refund — what the tx adds to its block's gas used (circuits/pi/block-chain.ts).
   */
  txGasUsedTable(): [txId: Expr, gasUsed: Expr] {
    const on = this.qStep.expr().mul(this.states.is(stateId(gadgetNamed(END_TX_FEE))));
    return [on.mul(this.cells.txId.cur()), on.mul(this.c0.cur().sub(this.cells.gas.cur()))];
  }

  /**
   * A lookup table of (txId, receipt status) per tx, (0, 0) on every other row: EndTx's `persistent`, 1 − (the root
   * call failed) (circuits/pi/withdrawals.ts: only a successful tx withdraws).
   */
  txStatusTable(): [txId: Expr, status: Expr] {
    const on = this.qStep.expr().mul(this.states.is(stateId(gadgetNamed(END_TX))));
    return [on.mul(this.cells.txId.cur()), on.mul(this.cells.persistent.cur())];
  }

  static configure(cs: ConstraintSystem, tables: EvmTables): EvmCircuit {
    const [qStep, qFirst, qTrans, qLast] = ['evm step', 'evm first', 'evm transition', 'evm last'].map((n) => cs.selector(n));
    const states = configureStates(cs);
    const cells = adviceColumns(cs, 'evm', STATE_CELLS);
    const slots = Array.from({ length: RW_SLOTS }, (_, j): SlotColumns => ({
      address: cs.adviceColumn(`evm slot ${j} address`), lo: cs.adviceColumn(`evm slot ${j} lo`), hi: cs.adviceColumn(`evm slot ${j} hi`),
      prevLo: cs.adviceColumn(`evm slot ${j} prev lo`), prevHi: cs.adviceColumn(`evm slot ${j} prev hi`), on: cs.adviceColumn(`evm slot ${j} on`),
    }));
    const auxBytes = Array.from({ length: 32 }, (_, j) => cs.adviceColumn(`evm aux byte ${j}`));
    const pushFlags = Array.from({ length: 32 }, (_, j) => cs.adviceColumn(`evm push flag ${j}`));
    const [c0, c1, inv] = ['evm c0', 'evm c1', 'evm inv'].map((n) => cs.adviceColumn(n));
    cs.enableEquality(c0);
    cs.enableEquality(c1);
    const table = {
      opcode: cs.fixedColumn('evm table opcode'), state: cs.fixedColumn('evm table state'), param: cs.fixedColumn('evm table param'),
      gas: cs.fixedColumn('evm table gas'), spDelta: cs.fixedColumn('evm table sp delta'), stack: cs.fixedColumn('evm table stack'),
    };

    const q = qStep.expr();
    const stepAt = (rotation: number): StepExprs => {
      const cell = (n: StateCell) => cells[n].rot(rotation);
      const byte = (j: number) => auxBytes[j]!.rot(rotation);
      let next: StepExprs | undefined;
      return {
        pc: cell('pc'), sp: cell('sp'), gas: cell('gas'), gasCost: cell('gasCost'), param: cell('param'), spDelta: cell('spDelta'), opcode: cell('opcode'),
        rwc: cell('rwc'), txId: cell('txId'), callId: cell('callId'), memoryWords: cell('memoryWords'), reversible: cell('reversible'),
        persistent: cell('persistent'), revertEnd: cell('revertEnd'), isRoot: cell('isRoot'), isStatic: cell('isStatic'),
        codeHash: { lo: cell('codeHashLo'), hi: cell('codeHashHi') },
        slot: (j) => ({ lo: slots[j]!.lo.rot(rotation), hi: slots[j]!.hi.rot(rotation) }),
        slotPrev: (j) => ({ lo: slots[j]!.prevLo.rot(rotation), hi: slots[j]!.prevHi.rot(rotation) }),
        slotAddress: (j) => slots[j]!.address.rot(rotation),
        slotOn: (j) => slots[j]!.on.rot(rotation),
        aux: { lo: recompose(auxBytes.slice(0, 16).map((_, j) => byte(j))), hi: recompose(auxBytes.slice(16).map((_, j) => byte(16 + j))) },
        auxByte: byte,
        pushFlag: (j) => pushFlags[j]!.rot(rotation),
        c0: c0.rot(rotation), c1: c1.rot(rotation), inv: inv.rot(rotation),
        state: (name) => states.is(stateIdNamed(name), rotation),
        statesWhere: (pred) => states.sum(GADGETS.filter(pred).map((g) => [stateId(g)] as const), rotation),
        at: (r) => stepAt(rotation + r),
        get next() { return (next ??= stepAt(rotation + 1)); },
      };
    };
    const step = stepAt(0);
    const cur = (n: StateCell) => cells[n].cur();
    const s = (g: ExecutionGadget) => states.is(stateId(g));
    const statesWhere = (pred: (g: ExecutionGadget) => boolean, at: StepExprs = step): Expr => at.statesWhere(pred);
    /** Σ_g s_g·f(g) over the gadgets where f is defined: a per-state value as one expression. */
    const perState = (f: (g: ExecutionGadget) => Expr | undefined): Expr =>
      states.sum(GADGETS.flatMap((g) => { const e = f(g); return e === undefined ? [] : [[stateId(g), e] as const]; }));
    const pad = states.is(PADDING_STATE);
    const internal = statesWhere(isInternal);
    const continuing = statesWhere(isContinuation);
    const one = constant(1);
    const zero = constant(0);

    // state: two-hot, PUSH mask, reads keep their value, statics of internal and padding rows
    const stateChecks: Array<[string, Expr]> = states.checks();
    pushFlags.forEach((f, j) => {
      stateChecks.push([`push flag ${j} boolean`, f.cur().mul(one.sub(f.cur()))]);
      if (j > 0) stateChecks.push([`push flag ${j} ⇒ flag ${j - 1}`, f.cur().mul(one.sub(pushFlags[j - 1]!.cur()))]);
    });
    const push = gadgetNamed('PUSH');
    stateChecks.push(['Σ push flags = s_PUSH·n', sum(pushFlags.map((f) => f.cur())).sub(s(push).mul(cur('param')))]);
    const writes = (j: number) => statesWhere((g) => g.slots[j]?.write === true);
    const optional = (j: number) => statesWhere((g) => g.slots[j]?.optional === true);
    const required = (j: number) => statesWhere((g) => g.slots[j] !== undefined && g.slots[j]!.optional !== true);
    slots.forEach((slot, j) => {
      const read = one.sub(writes(j));
      const on = slot.on.cur();
      stateChecks.push([`slot ${j} read keeps lo`, read.mul(slot.prevLo.cur().sub(slot.lo.cur()))]);
      stateChecks.push([`slot ${j} read keeps hi`, read.mul(slot.prevHi.cur().sub(slot.hi.cur()))]);
      stateChecks.push([`slot ${j} on boolean`, on.mul(one.sub(on))]);
      if (j > 0) stateChecks.push([`slot ${j} on ⇒ slot ${j - 1} on`, on.mul(one.sub(slots[j - 1]!.on.cur()))]);
      // on = 1 where the state uses the slot, 0 where it does not; free (the gadget's) where it is optional
      stateChecks.push([`slot ${j} on = used`, one.sub(optional(j)).mul(on).sub(required(j))]);
    });
    const noCall = internal.add(pad);
    stateChecks.push(['no call: pc = 0', noCall.mul(cur('pc'))], ['no call: sp = 1024', noCall.mul(cur('sp').sub(STACK_EMPTY))],
      ['no call: memory = 0', noCall.mul(cur('memoryWords'))], ['no call: code hash lo = 0', noCall.mul(cur('codeHashLo'))],
      ['no call: code hash hi = 0', noCall.mul(cur('codeHashHi'))], ['padding: gas = 0', pad.mul(cur('gas'))], ['padding: callId = 0', pad.mul(cur('callId'))]);
    stateChecks.push(['BeginTx: no reversible write yet', s(gadgetNamed(BEGIN_TX)).mul(cur('reversible'))],
      ['BeginTx: the root call', s(gadgetNamed(BEGIN_TX)).mul(cur('isRoot').sub(1))], ['BeginTx: not static', s(gadgetNamed(BEGIN_TX)).mul(cur('isStatic'))],
      // EIP-214: a static frame changes no state (its SSTORE, TSTORE, LOGn, SELFDESTRUCT fail; CALL with value: call.ts)
      ['static frame: no state change', statesWhere((g) => g.writesState === true).mul(cur('isStatic'))],
      // a nested call returns through CallReturn (gadgets/call.ts): only the root call's end reaches EndTx
      ['EndTx: the root call ends', s(gadgetNamed(END_TX)).mul(cur('isRoot').sub(1))]);
    // the tx's outcome: its root call failed iff EndTx follows a failing state (the call's end; padding never precedes EndTx)
    stateChecks.push(['EndTx: persistent = 1 − the call failed', s(gadgetNamed(END_TX)).mul(cur('persistent').sub(1).add(statesWhere((g) => FAILURES.includes(g), step.at(-1))))],
      // (no free cells: revertEnd means nothing on a successful tx, neither does either cell on padding)
      ['EndTx: success ⇒ revertEnd = 0', s(gadgetNamed(END_TX)).mul(cur('persistent')).mul(cur('revertEnd'))],
      ['padding: persistent = 0', pad.mul(cur('persistent'))], ['padding: isStatic = 0', pad.mul(cur('isStatic'))], ['padding: revertEnd = 0', pad.mul(cur('revertEnd'))]);
    cs.createGate('evm step', stateChecks.map(([n, e]): [string, Expr] => [n, q.mul(e)]));

    // transitions
    const t = qTrans.expr();
    const nxt = (n: StateCell) => cells[n].next();
    const same = statesWhere(keepsCall);
    const opening = (g: ExecutionGadget) => g.continuation !== undefined && !isContinuation(g);
    const ends = statesWhere((g) => g.flow === 'end');
    const endsTx = statesWhere((g) => g.endsTx === true);
    const slotsUsed = sum(slots.map((slot) => slot.on.cur()));
    const nextNoOpcode = statesWhere((g) => !stepsAtPc(g), step.next).add(step.next.state(PADDING));
    const dynamicGas = perState((g) => g.dynamicGas?.(step));
    const failing = statesWhere((g) => FAILURES.includes(g));
    const switching = statesWhere((g) => g.switchesFrame === true);
    // the next row runs the same call frame: not a new tx, padding, or another frame (a call's entry or return)
    const sameFrame = one.sub(step.next.state(BEGIN_TX)).sub(step.next.state(PADDING)).sub(switching);
    const transitions: Record<string, Expr> = {
      // a failing call skips the rw counters of its reversion writes (made by the reversible rows, see below)
      "rwc' = rwc + slots used (+ reversible writes on failure)": nxt('rwc').sub(cur('rwc')).sub(slotsUsed).sub(failing.mul(cur('reversible'))),
      "persistent' = persistent within a call": sameFrame.mul(nxt('persistent').sub(cur('persistent'))),
      "revertEnd' = revertEnd within a call": sameFrame.mul(nxt('revertEnd').sub(cur('revertEnd'))),
      "isRoot' = isRoot within a call": sameFrame.mul(nxt('isRoot').sub(cur('isRoot'))),
      "isStatic' = isStatic within a call": sameFrame.mul(nxt('isStatic').sub(cur('isStatic'))),
      "failure: revertEnd = rwc' − 1": failing.mul(nxt('rwc').sub(1).sub(cur('revertEnd'))),
      "txId' = txId + (tx ends)": nxt('txId').sub(cur('txId')).sub(endsTx),
      // BeginTx restarts the count, a frame switch sets it (gadgets/call.ts); padding is free
      "reversible' = reversible + (state writes reversibly)": sameFrame.mul(nxt('reversible').sub(cur('reversible')).sub(perState((g) => (g.reversible === undefined ? undefined : constant(BigInt(revertedSlots(g).length)))))),
      "callId' = callId within a call": one.sub(endsTx).sub(pad).sub(switching).mul(nxt('callId').sub(cur('callId'))),
      'same call: code hash lo': same.mul(nxt('codeHashLo').sub(cur('codeHashLo'))),
      'same call: code hash hi': same.mul(nxt('codeHashHi').sub(cur('codeHashHi'))),
      'same call: memory size': statesWhere((g) => keepsCall(g) && g.expandsMemory !== true).mul(nxt('memoryWords').sub(cur('memoryWords'))),
      "same call: sp' = sp + delta": same.mul(nxt('sp').sub(cur('sp')).sub(cur('spDelta'))),
      "opcode: gas' = gas − cost − dynamic cost": same.add(ends).mul(nxt('gas').sub(cur('gas')).add(cur('gasCost'))).add(dynamicGas),
      "pc' = pc + 1": statesWhere((g) => g.flow === 'next').mul(nxt('pc').sub(cur('pc')).sub(1)),
      "continuation: pc' = pc": continuing.mul(nxt('pc').sub(cur('pc'))),
      // a call cannot stop short of its STOP: that would drop its last steps and the final gas range check
      'same call: next step runs an opcode': statesWhere((g) => (g.flow === 'next' || g.flow === 'custom') && !opening(g)).mul(nextNoOpcode),
      // (or the state's own successor, e.g. a creating frame's RETURN → CodeDeposit, which the gadget chooses)
      'call end: next is EndTx or a successor': sum([zero, ...GADGETS.filter((g) => g.flow === 'end')
        .map((g) => s(g).mul(one.sub(sum([END_TX, ...(g.successors ?? [])].map((n) => step.next.state(n))))))]),
      'padding stays padding': pad.mul(one.sub(step.next.state(PADDING))),
    };
    for (const g of GADGETS.filter((h) => isInternal(h) || h.flow === 'call')) {
      const allowed = new Set(g.successors ?? []);
      const barred = [PADDING, ...GADGETS.map((h) => h.name)].filter((n) => !allowed.has(n) && !(allowed.has(ANY_OPCODE) && n !== PADDING && runsOpcode(gadgetNamed(n))));
      transitions[`${g.name}: next state`] = s(g).mul(sum([zero, ...barred.map((n) => step.next.state(n))]));
    }
    // an opcode with a continuation is followed by exactly that state, which is followed by itself or an opcode step
    for (const g of GADGETS.filter(opening)) {
      const then = (name: string) => one.sub(step.next.state(gadgetNamed(name).name));
      if (g.nestedContinuation === undefined) transitions[`${g.name}: next is ${g.continuation!}`] = s(g).mul(then(g.continuation!));
      else transitions[`${g.name}: next is ${g.continuation!} (root) or ${g.nestedContinuation} (nested)`] = s(g).mul(cur('isRoot').mul(then(g.continuation!)).add(one.sub(cur('isRoot')).mul(then(g.nestedContinuation))));
    }
    for (const g of GADGETS.filter(isContinuation)) {
      const thens = [g.continuation, g.branch].flatMap((n) => (n === undefined ? [] : [gadgetNamed(n).name]));
      const allowed = sum([step.next.state(g.name), ...thens.map((n) => step.next.state(n))]);
      transitions[`${g.name}: next is itself${thens.map((n) => `, ${n}`).join('')} or an opcode step`] = s(g).mul(nextNoOpcode.sub(allowed));
    }
    cs.createGate('evm transition', Object.entries(transitions).map(([n, e]): [string, Expr] => [n, t.mul(e)]));
    const f = qFirst.expr();
    cs.createGate('evm first', {
      'BeginTx or padding': f.mul(one.sub(step.state(BEGIN_TX)).sub(pad)),
      'rwc = 1': f.mul(cur('rwc').sub(1)), 'txId = 1': f.mul(cur('txId').sub(1)),
    });
    const l = qLast.expr();
    cs.createGate('evm last', {
      'last step is padding': l.mul(one.sub(pad)),
      'c0 = rwc − 1 (operation count)': l.mul(c0.cur().sub(cur('rwc')).add(1)),
      'c1 = txId − 1 (tx count)': l.mul(c1.cur().sub(cur('txId')).add(1)),
    });

    // lookups
    const hashLo = cur('codeHashLo');
    const hashHi = cur('codeHashHi');
    cs.lookup('evm opcode fetch', bytecodeByteLookup(tables.bytecode, q.mul(statesWhere(runsOpcode)), hashLo, hashHi, cur('pc'), cur('opcode'), one));
    const stateExpr = states.id();
    // a fetched state matches its internal row (0, id, 0, 0, 0) here and its opcode's (opcode, gas, stack, sp delta) below
    const fetched = statesWhere((g) => g.fetched === true);
    const own = q.mul(one.sub(fetched));
    cs.lookup('evm opcode table', [
      [own.mul(cur('opcode')), table.opcode.cur()], [q.mul(stateExpr), table.state.cur()], [own.mul(cur('param')), table.param.cur()],
      [own.mul(cur('gasCost')), table.gas.cur()], [own.mul(cur('spDelta')), table.spDelta.cur()],
    ]);
    const qFetched = q.mul(fetched);
    cs.lookup('evm fetched opcode', [[qFetched.mul(cur('opcode')), table.opcode.cur()], [qFetched.mul(cur('gasCost')), table.gas.cur()], [qFetched.mul(cur('param')), table.stack.cur()],
      [qFetched.mul(cur('spDelta')), table.spDelta.cur()]]);
    slots.forEach((slot, j) => {
      const keyed = (g: ExecutionGadget) => { const spec = g.slots[j]; return spec !== undefined && isKeyed(spec) ? spec : undefined; };
      const keyOf = (g: ExecutionGadget) => keyed(g)?.key(step);
      const used = (g: ExecutionGadget) => g.slots[j] !== undefined;
      const row: RwLookupRow = {
        rwCounter: cur('rwc').add(j), isWrite: writes(j),
        tag: perState((g) => (used(g) ? constant(BigInt(keyed(g)?.tag ?? RwTag.Stack)) : undefined)),
        id: perState((g) => (used(g) ? (keyOf(g)?.id ?? cur('callId')) : undefined)),
        address: slot.address.cur(),
        fieldTag: perState((g) => { const f = keyed(g)?.field; return f === 'param' ? cur('param') : f === undefined || f === 0 ? undefined : constant(BigInt(f)); }),
        storageKeyLo: perState((g) => keyOf(g)?.storageKey?.lo), storageKeyHi: perState((g) => keyOf(g)?.storageKey?.hi),
        valueLo: slot.lo.cur(), valueHi: slot.hi.cur(), valuePrevLo: slot.prevLo.cur(), valuePrevHi: slot.prevHi.cur(),
        committedValueLo: perState((g) => keyOf(g)?.committed?.lo), committedValueHi: perState((g) => keyOf(g)?.committed?.hi),
      };
      cs.lookup(`evm rw slot ${j}`, rwLookupPairs(tables.rw, q.mul(slot.on.cur()), row));
    });
    // a reversible row of a failed call: its reverted slots' writes undone at revertEnd − reversible (− 1 for a second
    // one: one counter per reverted write, distinct, in the gap the failing state's rwc skips), the same key, value and
    // value-before swapped
    for (const k of [0, 1]) {
      const undo = (f: (slot: SlotColumns, spec: KeyedSlot, key: RwKey) => Expr | undefined) => perState((g) => {
        const j = g.reversible === undefined ? undefined : revertedSlots(g)[k];
        if (j === undefined) return undefined;
        const spec = g.slots[j] as KeyedSlot;
        return f(slots[j]!, spec, spec.key(step));
      });
      cs.lookup(k === 0 ? 'evm rw reversion' : 'evm rw reversion 2', rwLookupPairs(tables.rw, q.mul(one.sub(cur('persistent'))), {
      rwCounter: undo(() => cur('revertEnd').sub(cur('reversible')).sub(k)), isWrite: undo(() => one), tag: undo((_, spec) => constant(BigInt(spec.tag))),
      id: undo((_, __, key) => key.id), address: undo((slot) => slot.address.cur()),
      fieldTag: undo((_, spec) => (spec.field === 'param' ? cur('param') : spec.field === 0 ? undefined : constant(BigInt(spec.field)))),
      storageKeyLo: undo((_, __, key) => key.storageKey?.lo), storageKeyHi: undo((_, __, key) => key.storageKey?.hi),
      valueLo: undo((slot) => slot.prevLo.cur()), valueHi: undo((slot) => slot.prevHi.cur()),
      valuePrevLo: undo((slot) => slot.lo.cur()), valuePrevHi: undo((slot) => slot.hi.cur()),
      committedValueLo: undo((_, __, key) => key.committed?.lo), committedValueHi: undo((_, __, key) => key.committed?.hi),
      }));
    }
    for (let i = 0; i < TX_LOOKUPS; i++) {
      const lookupOf = (g: ExecutionGadget) => g.txLookups?.(step)[i];
      /** The lookup's input `f` of state g, times its `enabled` flag. */
      const input = (f: (x: TxLookup) => Expr | undefined) => perState((g) => {
        const x = lookupOf(g);
        const e = x === undefined ? undefined : f(x);
        return e === undefined || x!.enabled === undefined ? e : e.mul(x!.enabled);
      });
      const row = {
        txId: input(() => cur('txId')), tag: input((x) => constant(BigInt(x.tag))), index: input((x) => x.index),
        valueLo: input((x) => x.value.lo), valueHi: input((x) => x.value.hi),
      };
      cs.lookup(`evm tx lookup ${i}`, txLookupPairs(tables.tx, q, row));
    }
    const blockOf = (g: ExecutionGadget) => g.blockLookup?.(step);
    cs.lookup('evm block lookup', blockLookupPairs(tables.block, q, {
      txId: perState((g) => (blockOf(g) === undefined ? undefined : cur('txId'))),
      tag: perState((g) => { const x = blockOf(g); return x === undefined ? undefined : x.tag === 'param' ? cur('param') : constant(BigInt(x.tag)); }),
      valueLo: perState((g) => blockOf(g)?.value.lo), valueHi: perState((g) => blockOf(g)?.value.hi),
    }));
    const codeByte = (f: (x: CodeByteLookup) => Expr) => q.mul(perState((g) => { const x = g.codeByte?.(step); return x === undefined ? undefined : x.enabled.mul(f(x)); }));
    cs.lookup('evm code byte', [
      [codeByte(() => constant(BYTE_ROW)), tables.bytecode.kind.cur()], [codeByte(() => hashLo), tables.bytecode.hashLo.cur()], [codeByte(() => hashHi), tables.bytecode.hashHi.cur()],
      [codeByte((x) => x.index), tables.bytecode.indexOrLength.cur()], [codeByte((x) => x.byte), tables.bytecode.byte.cur()], [codeByte((x) => x.isCode), tables.bytecode.isCode.cur()],
    ]);
    cs.lookup('evm code length', bytecodeLengthLookup(tables.bytecode, q.mul(statesWhere((g) => g.codeLength !== undefined)), hashLo, hashHi, perState((g) => g.codeLength?.(step))));
    configureHashTable(cs, { name: 'keccak', title: 'keccak', inputs: (g) => g.keccakInputs, digest: (g) => g.keccakDigest }, tables.keccak, step, q, perState, statesWhere);
    configureHashTable(cs, { name: 'sha256', title: 'SHA-256', inputs: (g) => g.sha256Inputs, digest: (g) => g.sha256Digest }, tables.sha256, step, q, perState, statesWhere);
    configureSig(cs, tables.sig, step, q, perState, statesWhere);
    configureModexp(cs, tables.modexp, step, q, perState, statesWhere);
    configureEc(cs, tables, step, q, perState, statesWhere);
    auxBytes.forEach((b, j) => tables.byte.lookup(cs, `evm aux byte ${j}`, q.mul(b.cur())));
    pushFlags.forEach((flag, j) => {
      const index = cur('pc').add(cur('param')).sub(j);
      cs.lookup(`evm push byte ${j}`, bytecodeByteLookup(tables.bytecode, q.mul(flag.cur()), hashLo, hashHi, index, auxBytes[j]!.cur(), zero));
    });

    // gadgets
    const andWord = AndWordTable.configure(cs, 'evm and word', tables.and);
    cs.lookup('evm and word', andWord.lookupPairs(q.mul(statesWhere((g) => g.andLookup === true)), step.slot(0), step.slot(1), step.aux));
    const arith = tables.arith ?? ArithTable.configure(cs, 'evm arith', tables.byte);
    const arithState = (w: (g: ExecutionGadget) => WordExpr | undefined): WordExpr => ({ lo: perState((g) => w(g)?.lo), hi: perState((g) => w(g)?.hi) });
    const ternary = (g: ExecutionGadget) => g.arithLookup === 'ternary';
    /** The state's tuple: its ArithRow's, or its opcode on its slots. */
    const tuple = (g: ExecutionGadget) => {
      const l = g.arithLookup;
      if (l === undefined) return undefined;
      if (typeof l === 'object') return { opcode: typeof l.opcode === 'number' ? constant(BigInt(l.opcode)) : l.opcode(step), ...l.row(step) };
      return { opcode: cur('opcode'), a: step.slot(0), b: step.slot(1), r: step.slot(ternary(g) ? 3 : 2) };
    };
    cs.lookup('evm arith', arith.lookupPairs(q, perState((g) => tuple(g)?.opcode), arithState((g) => tuple(g)?.a), arithState((g) => tuple(g)?.b),
      arithState((g) => (ternary(g) ? step.slot(2) : undefined)), arithState((g) => tuple(g)?.r)));
    const isZero = new Map<ExecutionGadget, IsZeroChip>();
    for (const g of GADGETS) {
      if ((g.txLookups?.(step).length ?? 0) > TX_LOOKUPS) throw new EvmCircuitError(`${g.name} makes more than ${TX_LOOKUPS} tx lookups`);
      const active = q.mul(s(g));
      const constraints: Array<[string, Expr]> = g.slots.flatMap((spec, j): Array<[string, Expr]> => {
        const address = isKeyed(spec) ? spec.key(step).address : cur('sp').add(spec.base).add(spec.perParam === 1 ? cur('param') : zero);
        const diff = address === undefined ? undefined : slots[j]!.address.cur().sub(address);
        return diff === undefined ? [] : [[`slot ${j} address`, spec.optional === true ? slots[j]!.on.cur().mul(diff) : diff]];
      });
      g.configure({
        step,
        gate: (list) => constraints.push(...Object.entries(list)),
        isZero: (value, out) => isZero.set(g, IsZeroChip.configure(cs, `evm ${g.name} is zero`, active, value, inv, out)),
        slotLo: (j) => slots[j]!.lo,
        c0Column: c0,
      });
      if (constraints.length > 0) cs.createGate(`evm ${g.name}`, constraints.map(([n, e]): [string, Expr] => [n, active.mul(e)]));
    }
    return new EvmCircuit(qStep, qFirst, qTrans, qLast, states, cells, slots, auxBytes, pushFlags, c0, c1, inv, table, isZero, andWord, arith);
  }

  /**
   * Fills the circuit's fixed tables: the opcode table (row 0 is padding's all-zero tuple, then the opcodes, then
   * one (0, id, 0, 0, 0) per internal state) and the arithmetic table's powers of two.
   */
  loadOpcodeTable(layouter: Layouter): void {
    this.arith.load(layouter);
    const rows = [
      ...[...OPCODES.values()].map((e) => [e.opcode, e.state, e.param, e.gas, e.spDelta, stackNeed(e)] as const),
      ...INTERNAL_GADGETS.map((g) => [0, stateId(g), 0, 0, 0, 0] as const),
    ];
    layouter.assignRegion('evm opcode table', (region) => {
      rows.forEach(([opcode, state, param, gas, spDelta, stack], i) => {
        region.assignFixed('stack', this.table.stack, i + 1, BigInt(stack));
        region.assignFixed('opcode', this.table.opcode, i + 1, BigInt(opcode));
        region.assignFixed('state', this.table.state, i + 1, BigInt(state));
        region.assignFixed('param', this.table.param, i + 1, BigInt(param));
        region.assignFixed('gas', this.table.gas, i + 1, BigInt(gas));
        region.assignFixed('sp delta', this.table.spDelta, i + 1, mod(BigInt(spDelta)));
      });
    });
  }

  /**
   * Lays out `capacity.steps` step rows: the witness's steps, then padding (without a witness — keygen — every
   * row is padding), and the AND word table. Returns the last row's counts (RW operations and txs).
   */
  /** `sharedArith`: the operations another chip sharing the arithmetic table looks up (the MODEXP chip's). */
  assign(layouter: Layouter, { steps: capacity, bitwiseOps, arith = NO_ARITH }: EvmCapacity, witness?: EvmWitness, sharedArith: readonly ArithOp[] = []): EvmCounts {
    const steps = witness?.steps ?? [];
    const ops = evmTableOps(steps);
    this.andWord.assign(layouter, bitwiseOps, ops.and);
    this.arith.assign(layouter, arith, [...ops.arith, ...sharedArith]);
    if (steps.length >= capacity) throw new EvmCircuitError(`${steps.length} steps do not fit ${capacity} step rows (one padding row is required at the end)`);
    const end = witness?.rwCounterEnd ?? 1;
    const txs = witness?.txCount ?? 0;
    return layouter.assignRegion('evm steps', (region) => {
      let counts: EvmCounts | undefined;
      for (let row = 0; row < capacity; row++) {
        region.enableSelector(this.qStep, row);
        if (row === 0) region.enableSelector(this.qFirst, row);
        if (row < capacity - 1) region.enableSelector(this.qTrans, row);
        else region.enableSelector(this.qLast, row);
        const step = steps[row];
        const state = step === undefined ? PADDING_STATE : step.spec.state;
        this.states.assign(region, row, state);
        if (step === undefined) {
          // padding: no call, the block's end counters carried to the last row
          const values = { ...Object.fromEntries(STATE_CELLS.map((n) => [n, 0n])), sp: BigInt(STACK_EMPTY), rwc: BigInt(end), txId: BigInt(txs + 1) } as Record<StateCell, bigint>;
          this.assignState(region, row, values);
          const last = row === capacity - 1;
          const cells = this.assignAux(region, row, last ? { c0: BigInt(end - 1), c1: BigInt(txs) } : {}, 0);
          if (last) counts = { rwCount: cells.c0, txCount: cells.c1 };
          for (const slot of this.slots) for (const c of Object.values(slot)) region.assignAdvice(c.name, c, row, 0n);
          continue;
        }
        this.assignStep(region, row, step);
      }
      return counts!;
    });
  }

  /** A step's cells; its reversible count and its call's outcome cells are the witness builder's (circuits/witness/evm.ts). */
  private assignStep(region: Region, row: number, step: ExecStep): void {
    const { spec } = step;
    const [hashLo, hashHi] = splitWord(step.codeHash);
    const values: Record<StateCell, bigint> = {
      pc: BigInt(step.pc), sp: BigInt(step.sp), gas: step.gasLeft, gasCost: BigInt(spec.gas), param: BigInt(spec.param),
      spDelta: mod(BigInt(spec.spDelta)), opcode: BigInt(spec.opcode), txId: BigInt(step.txId), callId: BigInt(step.callId),
      rwc: BigInt(step.rwCounter), memoryWords: BigInt(step.memoryWords), codeHashLo: hashLo, codeHashHi: hashHi, reversible: step.reversible,
      persistent: step.frame.persistent, revertEnd: step.frame.revertEnd, isRoot: step.frame.isRoot, isStatic: step.frame.isStatic,
    };
    this.assignState(region, row, values);
    const aux = step.aux ?? spec.gadget.witness({ slots: step.rws.map((r) => r.value), pc: step.pc, gasLeft: step.gasLeft, gasCost: BigInt(spec.gas), memoryWords: step.memoryWords });
    this.slots.forEach((slot, j) => {
      const rw = step.rws[j];
      const cells = rw === undefined ? aux.cells?.get(j) : undefined;
      const [lo, hi] = cells !== undefined ? [cells.lo, cells.hi] : splitWord(rw?.value ?? aux.scratch?.get(j) ?? 0n);
      const [prevLo, prevHi] = cells !== undefined ? [cells.lo, cells.hi] : splitWord(rw?.valuePrev ?? aux.scratch?.get(j) ?? 0n);
      region.assignAdvice(slot.address.name, slot.address, row, rw?.address ?? 0n);
      region.assignAdvice(slot.lo.name, slot.lo, row, lo);
      region.assignAdvice(slot.hi.name, slot.hi, row, hi);
      region.assignAdvice(slot.prevLo.name, slot.prevLo, row, prevLo);
      region.assignAdvice(slot.prevHi.name, slot.prevHi, row, prevHi);
      region.assignAdvice(slot.on.name, slot.on, row, rw === undefined ? 0n : 1n);
    });
    this.assignAux(region, row, aux, spec.gadget.name === 'PUSH' ? spec.param : 0);
    const chip = this.isZero.get(spec.gadget);
    if (chip !== undefined) {
      if (aux.isZero === undefined) throw new EvmCircuitError(`${spec.gadget.name} gave no IsZero input`);
      chip.assign(region, row, () => aux.isZero!);
    }
  }

  private assignState(region: Region, row: number, values: Record<StateCell, bigint>): void {
    for (const n of STATE_CELLS) region.assignAdvice(n, this.cells[n], row, values[n]);
  }

  /** Aux bytes, PUSH mask (n flags set), carries and the inverse cell (the IsZero chip overwrites it where used); returns c0 and c1. */
  private assignAux(region: Region, row: number, w: AuxWitness, pushed: number): { c0: AssignedCell; c1: AssignedCell } {
    this.auxBytes.forEach((c, j) => region.assignAdvice(c.name, c, row, ((w.aux ?? 0n) >> BigInt(8 * j)) & 0xffn));
    this.pushFlags.forEach((c, j) => region.assignAdvice(c.name, c, row, j < pushed ? 1n : 0n));
    region.assignAdvice('inv', this.inv, row, w.inv ?? 0n);
    return { c0: region.assignAdvice('c0', this.c0, row, w.c0 ?? 0n), c1: region.assignAdvice('c1', this.c1, row, w.c1 ?? 0n) };
  }
}

/** A table of the keccak table's shape the states look up (the keccak or the SHA-256 table): its names and the gadgets' hooks. */
interface HashLookups {
  readonly name: string; readonly title: string;
  inputs(g: ExecutionGadget): ExecutionGadget['keccakInputs']; digest(g: ExecutionGadget): ExecutionGadget['keccakDigest'];
}
/**
 * The lookups into such a table: the states' input and digest lookups, each component gated by q·s_state (and an
 * input's enabled flag) as the tx lookups are, so the all-zero tuple (the table's padding) stands for "no lookup".
 * Without a table, a gate bars the states that would look it up.
 */
function configureHashTable(cs: ConstraintSystem, hash: HashLookups, table: KeccakTableColumns | undefined, step: StepExprs, q: Expr,
  perState: (f: (g: ExecutionGadget) => Expr | undefined) => Expr, statesWhere: (pred: (g: ExecutionGadget) => boolean) => Expr): void {
  const hashes = (g: ExecutionGadget) => hash.inputs(g) !== undefined || hash.digest(g) !== undefined;
  if (table === undefined) {
    cs.createGate(`evm no ${hash.title} table`, { [`no ${hash.title} table: no ${hash.title} steps`]: q.mul(statesWhere(hashes)) });
    return;
  }
  for (const g of GADGETS) if ((hash.inputs(g)?.call(g, step).length ?? 0) > KECCAK_LOOKUPS) throw new EvmCircuitError(`${g.name} makes more than ${KECCAK_LOOKUPS} ${hash.title} input lookups`);
  const zero = constant(0);
  for (let i = 0; i < KECCAK_LOOKUPS; i++) {
    const input = (f: (x: KeccakInputLookup) => Expr) => q.mul(perState((g) => {
      const x = hash.inputs(g)?.call(g, step)[i];
      return x === undefined ? undefined : x.enabled === undefined ? f(x) : f(x).mul(x.enabled);
    }));
    cs.lookup(`evm ${hash.name} input ${i}`, [
      [input(() => constant(INPUT_ROW)), table.kind.cur()], [input((x) => x.id), table.id.cur()], [input((x) => x.index), table.indexOrLength.cur()],
      [input((x) => x.byte), table.byte.cur()], [zero, table.hashLo.cur()], [zero, table.hashHi.cur()],
    ]);
  }
  const digest = (f: (x: KeccakDigestLookup) => Expr) => q.mul(perState((g) => { const x = hash.digest(g)?.call(g, step); return x === undefined ? undefined : f(x); }));
  cs.lookup(`evm ${hash.name} digest`, [
    [digest(() => constant(DIGEST_ROW)), table.kind.cur()], [digest((x) => x.id), table.id.cur()], [digest((x) => x.length), table.indexOrLength.cur()],
    [zero, table.byte.cur()], [digest((x) => x.hash.lo), table.hashLo.cur()], [digest((x) => x.hash.hi), table.hashHi.cur()],
  ]);
}

/**
 * The signature table lookup: each field gated by q·s_state·enabled as the keccak lookups are (the all-zero tuple with
 * enabled 0 stands for "no lookup"). Without a table, a gate bars the states that would look it up.
 */
function configureSig(cs: ConstraintSystem, table: SigTableColumns | undefined, step: StepExprs, q: Expr,
  perState: (f: (g: ExecutionGadget) => Expr | undefined) => Expr, statesWhere: (pred: (g: ExecutionGadget) => boolean) => Expr): void {
  if (table === undefined) {
    cs.createGate('evm no signature table', { 'no signature table: no recovery steps': q.mul(statesWhere((g) => g.sigLookup !== undefined)) });
    return;
  }
  const on = (f: (x: SigLookup) => Expr) => q.mul(perState((g) => { const x = g.sigLookup?.(step); return x === undefined ? undefined : x.enabled.mul(f(x)); }));
  cs.lookup('evm signature', [[on(() => constant(1)), table.enabled.cur()], ...SIG_TABLE_FIELDS.map((f): [Expr, Expr] => [on((x) => x.row[f]), table[f].cur()])]);
}

/** The MODEXP table lookup, gated as the signature lookup is; without a table, a gate bars the states that would look it up. */
function configureModexp(cs: ConstraintSystem, table: ModexpTableColumns | undefined, step: StepExprs, q: Expr,
  perState: (f: (g: ExecutionGadget) => Expr | undefined) => Expr, statesWhere: (pred: (g: ExecutionGadget) => boolean) => Expr): void {
  if (table === undefined) {
    cs.createGate('evm no MODEXP table', { 'no MODEXP table: no MODEXP operand steps': q.mul(statesWhere((g) => g.modexpLookup !== undefined)) });
    return;
  }
  const on = (f: (x: ModexpLookup) => Expr) => q.mul(perState((g) => { const x = g.modexpLookup?.(step); return x === undefined ? undefined : x.enabled.mul(f(x.row)); }));
  const word = (f: (x: ModexpLookup) => WordExpr): WordExpr => ({ lo: on((x) => f(x).lo), hi: on((x) => f(x).hi) });
  cs.lookup('evm modexp', modexpLookupPairs(table, on(() => constant(1)), {
    baseLength: on((x) => x.baseLength), expLength: on((x) => x.expLength), modLength: on((x) => x.modLength),
    base: word((x) => x.base), exp: word((x) => x.exp), mod: word((x) => x.mod), result: word((x) => x.result), gas: on((x) => x.gas),
  }));
}

/**
 * The EC precompile tables' lookups (ecAdd's, ecMul's): each field gated by q·s_state·enabled as the signature lookup is.
 * Without a table, a gate bars the states that would look it up (EcResult looks both up: the chips come as a pair,
 * ecc/precompile-chips.ts, so one missing table bars both precompiles' calls).
 */
function configureEc(cs: ConstraintSystem, tables: { readonly ecAdd?: PrecompileTable; readonly ecMul?: PrecompileTable }, step: StepExprs, q: Expr,
  perState: (f: (g: ExecutionGadget) => Expr | undefined) => Expr, statesWhere: (pred: (g: ExecutionGadget) => boolean) => Expr): void {
  for (const name of ['ecAdd', 'ecMul'] as const) {
    const table = tables[name];
    const lookupOf = (g: ExecutionGadget) => g.ecLookups?.(step)[name];
    if (table === undefined) {
      cs.createGate(`evm no ${name} table`, { [`no ${name} table: no ${name} steps`]: q.mul(statesWhere((g) => lookupOf(g) !== undefined)) });
      continue;
    }
    const on = (f: (x: EcTableLookup) => Expr) => q.mul(perState((g) => { const x = lookupOf(g); return x === undefined ? undefined : x.enabled.mul(f(x)); }));
    table.lookup(cs, `evm ${name}`, on(() => constant(1)), table.fields.map((_, i) => on((x) => x.row[i]!)));
  }
}

/**
 * Stack items an opcode reads on its own row (its deepest stack read slot + 1): what the error states take as its
 * need (gadgets/error.ts). A lower bound — LOGn reads its topics on later rows — so an underflow proven against it is
 * a real one.
 */
export const stackNeed = (e: OpcodeSpec & { readonly gadget: ExecutionGadget }): number => e.stack ??
  Math.max(0, ...e.gadget.slots.filter((s) => !isKeyed(s) && !s.write && s.optional !== true).map((s) => 1 + (s as StackSlot).base + ((s as StackSlot).perParam === 1 ? e.param : 0)));

/** The operations `steps` put in the AND word table and the word arithmetic table (what `assign` lays out; the batcher's usage). */
export function evmTableOps(steps: readonly ExecStep[]): { and: Array<readonly [bigint, bigint]>; arith: ArithOp[] } {
  return {
    and: steps.filter((s) => s.spec.gadget.andLookup === true).map((s) => [s.rws[0]!.value, s.rws[1]!.value] as const),
    arith: steps.filter((s) => s.spec.gadget.arithLookup !== undefined).map((s) => {
      const l = s.spec.gadget.arithLookup!;
      if (typeof l === 'object') {
        const { opcode, a, b } = l.operands(s.rws.map((r) => r.value), s.aux);
        return { opcode: (opcode ?? l.opcode) as ArithOpcode, a, b };
      }
      return { opcode: s.spec.opcode as ArithOpcode, a: s.rws[0]!.value, b: s.rws[1]!.value, n: l === 'ternary' ? s.rws[2]!.value : undefined };
    }),
  };
}

const BEGIN_TX = 'BeginTx';
const END_TX = 'EndTx';
/** The EndTx state whose c0 is the tx's gas limit and whose gas is what is left after the refund (gadgets/tx.ts). */
const END_TX_FEE = 'EndTx3';

/**
 * The writes a `reversible` state's row makes that a failed call undoes: its first keyed write slot (SSTORE's Storage,
 * SstoreRefund's TxRefund, TSTORE's TransientStorage, BALANCE's warm mark), and its second for `reversible: 2`
 * (SSTORE's warm slot). The `reversible` count numbers the reversions.
 */
export function revertedSlots(g: ExecutionGadget): number[] {
  const writes = g.slots.flatMap((spec, j) => (spec.write && isKeyed(spec) ? [j] : []));
  const n = g.reversible === 2 ? 2 : 1;
  if (writes.length < n) throw new EvmCircuitError(`${g.name} is reversible but makes fewer than ${n} keyed writes`);
  return writes.slice(0, n);
}

const configureStates = (cs: ConstraintSystem): StateSelector => StateSelector.configure(cs, 'evm', GADGETS.length + 1);
let stateNames: StateSelector | undefined;

/** The state selector's cells of `row` that put it in state `name` ('PADDING' or a gadget's): a mutation claiming another state. */
export function evmStateCells(name: string, row: number): StateCellEdit[] {
  stateNames ??= configureStates(new ConstraintSystem());
  return stateNames.cells(stateIdNamed(name), row);
}

const stateIdNamed = (name: string): number => (name === PADDING ? PADDING_STATE : stateId(gadgetNamed(name)));

function gadgetNamed(name: string): ExecutionGadget {
  const g = GADGETS.find((x) => x.name === name);
  if (g === undefined) throw new EvmCircuitError(`no execution state named ${name}`);
  return g;
}
