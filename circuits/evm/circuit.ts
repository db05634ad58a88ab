/**
 * The EVM circuit's execution-step state machine (v1: one call per transaction, stack/arithmetic/comparison/
 * bitwise/control families). One step per row of a region of `capacity` rows; the layout never depends on the witness
 * (every row has q_step; rows after the last step are padding steps), so one verifying key serves every batch.
 *
 * Per row (see step.ts): shared state pc, sp, gas, gasCost, param, spDelta, opcode, callId, rwc, memoryWords,
 * codeHash lo/hi; a one-hot execution state s_0 … s_G (s_0 = padding, s_i = GADGETS[i − 1]); RW_SLOTS stack
 * slots (address, value lo/hi, value-before lo/hi); the aux word as 32 bytes; 32 PUSH mask flags; c0, c1, inv.
 *
 * Constraints (all × q_step unless said):
 *   state:       s_i boolean, Σ s_i = 1; mask flags boolean, monotone (f_{j+1} ⇒ f_j), Σ f_j = s_PUSH·param;
 *                a read slot's value-before equals its value.
 *   lookups:     opcode fetch (hash, pc) → (opcode, isCode = 1) in the bytecode table, except on padding;
 *                (opcode, state id, param, gasCost, spDelta) in the fixed opcode table (opcodes.ts);
 *                slot j: (rwc + j, isWrite, Stack, callId, address, 0, 0, 0, value, value-before, 0, 0) in the RW
 *                table where the state uses slot j; aux bytes in the byte table; PUSH byte j at code index
 *                pc + param − j as push data (isCode = 0) where f_j; (slot 0, slot 1, aux) in the AND word table
 *                (and-word.ts) where the state is AND/OR/XOR.
 *   transitions  (q_trans: every step row but the last):
 *                rwc' = rwc + (slots used); same-context states: callId, codeHash, memoryWords unchanged,
 *                sp' = sp + spDelta, gas' = gas − gasCost, pc' = pc + 1 (flow 'next') or the gadget's rule;
 *                call end (STOP): pc' = 0, sp' = 1024, memoryWords' = 0, callId' = rwc' (the next call's id);
 *                padding is followed by padding, and only follows padding or a call end (a same-context step's
 *                successor is no padding: a call cannot stop short of its STOP).
 *   first row:   pc = 0, sp = 1024, memoryWords = 0, rwc = 1, callId = 1.
 *   last row:    padding, and c0 = rwc − 1: the number of RW operations of the block (the count seam).
 *   gadgets:     each gadget's own constraints and slot addresses, × s_gadget.
 *
 * Seams (proven elsewhere, composed by the super circuit):
 *  - the RW and bytecode tables' consistency: the state and bytecode circuits; stack bounds too — a read of a
 *    slot never written (underflow) fails the state circuit's "a stack key starts with a write", and addresses
 *    beyond 0 … 1023 cannot sit in its ordered key groups (steps of at most 2^160);
 *  - the operation count (c0 on the last row, returned by `assign`) is copy-constrained to the state circuit's
 *    count of non-padding RW rows: the steps' lookups use rw counters 1 … count, distinct, so the table holds
 *    exactly the steps' operations (see circuits/state/chip.ts);
 *  - BeginTx is not implemented yet: a call's initial gas and code hash are free here and will be bound to the
 *    tx table (gas limit − intrinsic gas) and the callee's CodeHash account read.
 */
import type { BitwiseTable } from '../gadgets/bitwise-table.js';
import { IsZeroChip } from '../gadgets/is-zero.js';
import type { RangeTable } from '../gadgets/range-table.js';
import { splitWord } from '../gadgets/word.js';
import { bytecodeByteLookup, type BytecodeTableColumns } from '../bytecode/table.js';
import { adviceColumns, mod } from '../gadgets/common.js';
import { constant, sum, type AssignedCell, type Column, type ConstraintSystem, type Expr, type Layouter, type Region, type Selector } from '../plonk/index.js';
import { rwLookupPairs, RwTag, type RwTableColumns } from '../state/table.js';
import type { EvmWitness, ExecStep } from '../witness/evm.js';
import { AndWordTable } from './and-word.js';
import { GADGETS } from './gadgets/index.js';
import { OPCODES, PADDING_STATE, stateId } from './opcodes.js';
import { RW_SLOTS, STACK_EMPTY, type AuxWitness, type ExecutionGadget, type StepExprs, type WordExpr } from './step.js';

export class EvmCircuitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvmCircuitError';
  }
}

/** Tables the EVM circuit looks up, owned by other circuits of the batch (or laid out by a test), and fixed tables it shares. */
export interface EvmTables { readonly rw: RwTableColumns; readonly bytecode: BytecodeTableColumns; readonly byte: RangeTable; readonly and: BitwiseTable }

/** Row budgets: step rows (the last is padding) and AND word operations (AND/OR/XOR steps). */
export interface EvmCapacity { readonly steps: number; readonly bitwiseOps: number }

interface SlotColumns { readonly address: Column; readonly lo: Column; readonly hi: Column; readonly prevLo: Column; readonly prevHi: Column }

const STATE_CELLS = ['pc', 'sp', 'gas', 'gasCost', 'param', 'spDelta', 'opcode', 'callId', 'rwc', 'memoryWords', 'codeHashLo', 'codeHashHi'] as const;
type StateCell = (typeof STATE_CELLS)[number];

const halves = (lo: Column, hi: Column): WordExpr => ({ lo: lo.cur(), hi: hi.cur() });
const recompose = (bytes: readonly Column[]): Expr => sum(bytes.map((b, i) => b.cur().mul(1n << BigInt(8 * i))));

export class EvmCircuit {
  private constructor(
    readonly qStep: Selector, readonly qFirst: Selector, readonly qTrans: Selector, readonly qLast: Selector,
    /** s_0 (padding), then one per gadget. */
    readonly states: readonly Column[],
    readonly cells: Readonly<Record<StateCell, Column>>,
    readonly slots: readonly SlotColumns[],
    readonly auxBytes: readonly Column[], readonly pushFlags: readonly Column[],
    readonly c0: Column, readonly c1: Column, readonly inv: Column,
    readonly table: Readonly<Record<'opcode' | 'state' | 'param' | 'gas' | 'spDelta', Column>>,
    private readonly isZero: ReadonlyMap<ExecutionGadget, IsZeroChip>,
    readonly andWord: AndWordTable,
  ) {}

  static configure(cs: ConstraintSystem, tables: EvmTables): EvmCircuit {
    const [qStep, qFirst, qTrans, qLast] = ['evm step', 'evm first', 'evm transition', 'evm last'].map((n) => cs.selector(n));
    const states = [cs.adviceColumn('evm s PADDING'), ...GADGETS.map((g) => cs.adviceColumn(`evm s ${g.name}`))];
    const cells = adviceColumns(cs, 'evm', STATE_CELLS);
    const slots = Array.from({ length: RW_SLOTS }, (_, j): SlotColumns => ({
      address: cs.adviceColumn(`evm slot ${j} address`), lo: cs.adviceColumn(`evm slot ${j} lo`), hi: cs.adviceColumn(`evm slot ${j} hi`),
      prevLo: cs.adviceColumn(`evm slot ${j} prev lo`), prevHi: cs.adviceColumn(`evm slot ${j} prev hi`),
    }));
    const auxBytes = Array.from({ length: 32 }, (_, j) => cs.adviceColumn(`evm aux byte ${j}`));
    const pushFlags = Array.from({ length: 32 }, (_, j) => cs.adviceColumn(`evm push flag ${j}`));
    const [c0, c1, inv] = ['evm c0', 'evm c1', 'evm inv'].map((n) => cs.adviceColumn(n));
    cs.enableEquality(c0);
    const table = {
      opcode: cs.fixedColumn('evm table opcode'), state: cs.fixedColumn('evm table state'), param: cs.fixedColumn('evm table param'),
      gas: cs.fixedColumn('evm table gas'), spDelta: cs.fixedColumn('evm table sp delta'),
    };

    const q = qStep.expr();
    const cur = (n: StateCell) => cells[n].cur();
    const s = (g: ExecutionGadget) => states[stateId(g)]!.cur();
    const statesWhere = (pred: (g: ExecutionGadget) => boolean): Expr => sum([constant(0), ...GADGETS.filter(pred).map(s)]);
    const pad = states[PADDING_STATE]!.cur();
    const one = constant(1);

    // state: one-hot, PUSH mask, reads keep their value
    const stateChecks: Array<[string, Expr]> = states.map((c) => [`${c.name} boolean`, c.cur().mul(one.sub(c.cur()))]);
    stateChecks.push(['one state', sum(states.map((c) => c.cur())).sub(1)]);
    pushFlags.forEach((f, j) => {
      stateChecks.push([`push flag ${j} boolean`, f.cur().mul(one.sub(f.cur()))]);
      if (j > 0) stateChecks.push([`push flag ${j} ⇒ flag ${j - 1}`, f.cur().mul(one.sub(pushFlags[j - 1]!.cur()))]);
    });
    const push = GADGETS.find((g) => g.name === 'PUSH')!;
    stateChecks.push(['Σ push flags = s_PUSH·n', sum(pushFlags.map((f) => f.cur())).sub(s(push).mul(cur('param')))]);
    const writes = (j: number) => statesWhere((g) => g.slots[j]?.write === true);
    const uses = (j: number) => statesWhere((g) => g.slots.length > j);
    slots.forEach((slot, j) => {
      const read = one.sub(writes(j));
      stateChecks.push([`slot ${j} read keeps lo`, read.mul(slot.prevLo.cur().sub(slot.lo.cur()))]);
      stateChecks.push([`slot ${j} read keeps hi`, read.mul(slot.prevHi.cur().sub(slot.hi.cur()))]);
    });
    cs.createGate('evm step', stateChecks.map(([n, e]): [string, Expr] => [n, q.mul(e)]));

    // transitions
    const t = qTrans.expr();
    const nxt = (n: StateCell) => cells[n].next();
    const same = statesWhere((g) => g.flow !== 'end');
    const ends = statesWhere((g) => g.flow === 'end');
    const slotsUsed = sum([constant(0), ...GADGETS.map((g) => s(g).mul(g.slots.length))]);
    cs.createGate('evm transition', {
      "rwc' = rwc + slots used": t.mul(nxt('rwc').sub(cur('rwc')).sub(slotsUsed)),
      'same call: callId': t.mul(same.mul(nxt('callId').sub(cur('callId')))),
      'same call: code hash lo': t.mul(same.mul(nxt('codeHashLo').sub(cur('codeHashLo')))),
      'same call: code hash hi': t.mul(same.mul(nxt('codeHashHi').sub(cur('codeHashHi')))),
      'same call: memory size': t.mul(same.mul(nxt('memoryWords').sub(cur('memoryWords')))),
      "same call: sp' = sp + delta": t.mul(same.mul(nxt('sp').sub(cur('sp')).sub(cur('spDelta')))),
      "same call: gas' = gas − cost": t.mul(same.mul(nxt('gas').sub(cur('gas')).add(cur('gasCost')))),
      "pc' = pc + 1": t.mul(statesWhere((g) => g.flow === 'next').mul(nxt('pc').sub(cur('pc')).sub(1))),
      "call end: pc' = 0": t.mul(ends.mul(nxt('pc'))),
      "call end: sp' = 1024": t.mul(ends.mul(nxt('sp').sub(STACK_EMPTY))),
      "call end: memory' = 0": t.mul(ends.mul(nxt('memoryWords'))),
      "call end: callId' = rwc'": t.mul(ends.mul(nxt('callId').sub(nxt('rwc')))),
      'padding stays padding': t.mul(pad.mul(one.sub(states[PADDING_STATE]!.next()))),
      // only a call end hands over to padding: otherwise a block's last call could stop short of its STOP (dropping
      // its last steps and the final gas range check, which only STOP makes)
      'same call: next step is no padding': t.mul(same.mul(states[PADDING_STATE]!.next())),
    });
    const f = qFirst.expr();
    cs.createGate('evm first', {
      'pc = 0': f.mul(cur('pc')), 'sp = 1024': f.mul(cur('sp').sub(STACK_EMPTY)), 'memory = 0': f.mul(cur('memoryWords')),
      'rwc = 1': f.mul(cur('rwc').sub(1)), 'callId = 1': f.mul(cur('callId').sub(1)),
    });
    const l = qLast.expr();
    cs.createGate('evm last', { 'last step is padding': l.mul(one.sub(pad)), 'c0 = rwc − 1 (operation count)': l.mul(c0.cur().sub(cur('rwc')).add(1)) });

    // lookups
    const hashLo = cur('codeHashLo');
    const hashHi = cur('codeHashHi');
    cs.lookup('evm opcode fetch', bytecodeByteLookup(tables.bytecode, q.mul(one.sub(pad)), hashLo, hashHi, cur('pc'), cur('opcode'), one));
    const stateExpr = sum(states.map((c, i) => c.cur().mul(i)));
    cs.lookup('evm opcode table', [
      [q.mul(cur('opcode')), table.opcode.cur()], [q.mul(stateExpr), table.state.cur()], [q.mul(cur('param')), table.param.cur()],
      [q.mul(cur('gasCost')), table.gas.cur()], [q.mul(cur('spDelta')), table.spDelta.cur()],
    ]);
    const zero = constant(0);
    slots.forEach((slot, j) => {
      cs.lookup(`evm rw slot ${j}`, rwLookupPairs(tables.rw, q.mul(uses(j)), {
        rwCounter: cur('rwc').add(j), isWrite: writes(j), tag: constant(BigInt(RwTag.Stack)), id: cur('callId'), address: slot.address.cur(),
        fieldTag: zero, storageKeyLo: zero, storageKeyHi: zero, valueLo: slot.lo.cur(), valueHi: slot.hi.cur(),
        valuePrevLo: slot.prevLo.cur(), valuePrevHi: slot.prevHi.cur(), committedValueLo: zero, committedValueHi: zero,
      }));
    });
    auxBytes.forEach((b, j) => tables.byte.lookup(cs, `evm aux byte ${j}`, q.mul(b.cur())));
    pushFlags.forEach((flag, j) => {
      const index = cur('pc').add(cur('param')).sub(j);
      cs.lookup(`evm push byte ${j}`, bytecodeByteLookup(tables.bytecode, q.mul(flag.cur()), hashLo, hashHi, index, auxBytes[j]!.cur(), zero));
    });

    // gadgets
    const andWord = AndWordTable.configure(cs, 'evm and word', tables.and);
    const step: StepExprs = {
      pc: cur('pc'), sp: cur('sp'), gas: cur('gas'), gasCost: cur('gasCost'), param: cur('param'), opcode: cur('opcode'),
      rwc: cur('rwc'), callId: cur('callId'), memoryWords: cur('memoryWords'),
      slot: (j) => halves(slots[j]!.lo, slots[j]!.hi),
      aux: { lo: recompose(auxBytes.slice(0, 16)), hi: recompose(auxBytes.slice(16)) },
      auxByte: (j) => auxBytes[j]!.cur(),
      pushFlag: (j) => pushFlags[j]!.cur(),
      c0: c0.cur(), c1: c1.cur(),
      next: { pc: nxt('pc'), opcode: nxt('opcode') },
    };
    cs.lookup('evm and word', andWord.lookupPairs(q.mul(statesWhere((g) => g.andLookup === true)), step.slot(0), step.slot(1), step.aux));
    const isZero = new Map<ExecutionGadget, IsZeroChip>();
    for (const g of GADGETS) {
      const active = q.mul(s(g));
      const constraints: Array<[string, Expr]> = g.slots.map((spec, j) => {
        const offset = cur('sp').add(spec.base).add(spec.perParam === 1 ? cur('param') : zero);
        return [`slot ${j} address`, slots[j]!.address.cur().sub(offset)];
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
    return new EvmCircuit(qStep, qFirst, qTrans, qLast, states, cells, slots, auxBytes, pushFlags, c0, c1, inv, table, isZero, andWord);
  }

  /** Fills the fixed opcode table (row 0 stays the padding tuple). */
  loadOpcodeTable(layouter: Layouter): void {
    layouter.assignRegion('evm opcode table', (region) => {
      [...OPCODES.values()].forEach((e, i) => {
        region.assignFixed('opcode', this.table.opcode, i + 1, BigInt(e.opcode));
        region.assignFixed('state', this.table.state, i + 1, BigInt(e.state));
        region.assignFixed('param', this.table.param, i + 1, BigInt(e.param));
        region.assignFixed('gas', this.table.gas, i + 1, BigInt(e.gas));
        region.assignFixed('sp delta', this.table.spDelta, i + 1, mod(BigInt(e.spDelta)));
      });
    });
  }

  /**
   * Lays out `capacity.steps` step rows: the witness's steps, then padding (without a witness — keygen — every
   * row is padding), and the AND word table. Returns the operation count cell (the state circuit's count of
   * RW rows, in the batch circuit).
   */
  assign(layouter: Layouter, { steps: capacity, bitwiseOps }: EvmCapacity, witness?: EvmWitness): AssignedCell {
    const steps = witness?.steps ?? [];
    this.andWord.assign(layouter, bitwiseOps, steps.filter((s) => s.spec.gadget.andLookup === true).map((s) => [s.rws[0]!.value, s.rws[1]!.value] as const));
    if (steps.length >= capacity) throw new EvmCircuitError(`${steps.length} steps do not fit ${capacity} step rows (one padding row is required at the end)`);
    const end = witness?.rwCounterEnd ?? 1;
    return layouter.assignRegion('evm steps', (region) => {
      let last: AssignedCell | undefined;
      for (let row = 0; row < capacity; row++) {
        region.enableSelector(this.qStep, row);
        if (row === 0) region.enableSelector(this.qFirst, row);
        if (row < capacity - 1) region.enableSelector(this.qTrans, row);
        else region.enableSelector(this.qLast, row);
        const step = steps[row];
        const state = step === undefined ? PADDING_STATE : step.spec.state;
        this.states.forEach((c, i) => region.assignAdvice(c.name, c, row, i === state ? 1n : 0n));
        if (step === undefined) {
          // padding: the state a finished call hands over (pc 0, empty stack, callId = rwc = the end counter)
          const values = { ...Object.fromEntries(STATE_CELLS.map((n) => [n, 0n])), sp: BigInt(STACK_EMPTY), callId: BigInt(end), rwc: BigInt(end) } as Record<StateCell, bigint>;
          this.assignState(region, row, values);
          last = this.assignAux(region, row, { c0: row === capacity - 1 ? BigInt(end - 1) : 0n }, 0);
          for (const slot of this.slots) for (const c of Object.values(slot)) region.assignAdvice(c.name, c, row, 0n);
          continue;
        }
        this.assignStep(region, row, step);
      }
      return last!;
    });
  }

  private assignStep(region: Region, row: number, step: ExecStep): void {
    const { spec } = step;
    const [hashLo, hashHi] = splitWord(step.codeHash);
    const values: Record<StateCell, bigint> = {
      pc: BigInt(step.pc), sp: BigInt(step.sp), gas: step.gasLeft, gasCost: BigInt(spec.gas), param: BigInt(spec.param),
      spDelta: mod(BigInt(spec.spDelta)), opcode: BigInt(spec.opcode), callId: BigInt(step.callId), rwc: BigInt(step.rwCounter),
      memoryWords: BigInt(step.memoryWords), codeHashLo: hashLo, codeHashHi: hashHi,
    };
    this.assignState(region, row, values);
    this.slots.forEach((slot, j) => {
      const rw = step.rws[j];
      const [lo, hi] = splitWord(rw?.value ?? 0n);
      const [prevLo, prevHi] = splitWord(rw?.valuePrev ?? 0n);
      region.assignAdvice(slot.address.name, slot.address, row, rw?.address ?? 0n);
      region.assignAdvice(slot.lo.name, slot.lo, row, lo);
      region.assignAdvice(slot.hi.name, slot.hi, row, hi);
      region.assignAdvice(slot.prevLo.name, slot.prevLo, row, prevLo);
      region.assignAdvice(slot.prevHi.name, slot.prevHi, row, prevHi);
    });
    const aux = spec.gadget.witness({ slots: step.rws.map((r) => r.value), pc: step.pc, gasLeft: step.gasLeft, gasCost: BigInt(spec.gas) });
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

  /** Aux bytes, PUSH mask (n flags set), carries and the inverse cell (the IsZero chip overwrites it where used); returns c0. */
  private assignAux(region: Region, row: number, w: AuxWitness, pushed: number): AssignedCell {
    this.auxBytes.forEach((c, j) => region.assignAdvice(c.name, c, row, ((w.aux ?? 0n) >> BigInt(8 * j)) & 0xffn));
    this.pushFlags.forEach((c, j) => region.assignAdvice(c.name, c, row, j < pushed ? 1n : 0n));
    region.assignAdvice('c1', this.c1, row, w.c1 ?? 0n);
    region.assignAdvice('inv', this.inv, row, 0n);
    return region.assignAdvice('c0', this.c0, row, w.c0 ?? 0n);
  }
}
