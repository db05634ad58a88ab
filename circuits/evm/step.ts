/**
 * The contract between the EVM circuit's step layout (circuit.ts) and its opcode gadgets (gadgets/*.ts).
 *
 * A step is one row of the step region. Every row has the same cells: the shared state (pc, stack pointer,
 * gas left, memory size in words, call id, rw counter, code hash halves, opcode, the opcode's parameter and
 * gas cost), a one-hot execution-state selector, RW_SLOTS stack access slots, an auxiliary 256-bit word
 * given as 32 range-checked bytes (little-endian), two carry cells and an inverse cell. A gadget describes one
 * execution state: which opcodes run it (with the constant gas and stack delta that go into the fixed opcode
 * table), which RW slots it uses, how the next pc follows, and its own constraints over the row's cells; the
 * framework gates those constraints with the state's selector. Adding an opcode family = one gadget file.
 */
import type { Column, Expr } from '../plonk/index.js';

/** RW slots per step: enough for SWAPn (two reads, two writes). */
export const RW_SLOTS = 4;
/** Stack pointer of an empty stack: the stack grows down from 1024, its top is at address sp. */
export const STACK_EMPTY = 1024;

/** One opcode an execution state runs, as a row of the fixed opcode table. */
export interface OpcodeSpec {
  readonly opcode: number;
  readonly name: string;
  /** PUSHn: n; DUPn, SWAPn: n; otherwise 0. */
  readonly param: number;
  /** Constant gas (the opcode's whole cost for the families supported so far). */
  readonly gas: number;
  /** Stack pointer change: pops − pushes (the stack grows down). */
  readonly spDelta: number;
}

/**
 * A stack access of the step, in RW order: slot j has rw counter rwc + j. Its address is
 * sp + base + perParam·param, with sp the pointer before the step (top of the stack at sp).
 */
export interface SlotSpec { readonly write: boolean; readonly base: number; readonly perParam?: 0 | 1 }

/** A 256-bit word as (lo, hi) expressions. */
export interface WordExpr { readonly lo: Expr; readonly hi: Expr }

/** Expressions of the current step row (and `next`, the following step) that gadgets constrain. */
export interface StepExprs {
  readonly pc: Expr; readonly sp: Expr; readonly gas: Expr; readonly gasCost: Expr; readonly param: Expr;
  readonly opcode: Expr; readonly rwc: Expr; readonly callId: Expr; readonly memoryWords: Expr;
  /** Value of RW slot j. */
  slot(j: number): WordExpr;
  /** The auxiliary word: Σ byte_j·256^j over 16 bytes per half, each byte range-checked. */
  readonly aux: WordExpr;
  /** Auxiliary byte j (little-endian). */
  auxByte(j: number): Expr;
  /** PUSH mask flag j: byte j of the aux word is pushed data (j < n). */
  pushFlag(j: number): Expr;
  readonly c0: Expr; readonly c1: Expr;
  readonly next: { readonly pc: Expr; readonly opcode: Expr };
}

/** What `configure` may declare besides plain gates. */
export interface GadgetConfigurer {
  readonly step: StepExprs;
  /** Constraints that hold where this state is active (each multiplied by q_step·s_state). */
  gate(constraints: Record<string, Expr>): void;
  /** out = (value == 0) via the row's inverse cell (IsZeroChip), where this state is active. */
  isZero(value: Expr, out: Column): void;
  /** The column of slot j's value lo half (IsZero outputs land there). */
  slotLo(j: number): Column;
  readonly c0Column: Column;
}

/** The values a gadget's witness sees: slot values in slot order, and the step's state. */
export interface StepValues {
  readonly slots: readonly bigint[];
  readonly pc: number;
  readonly gasLeft: bigint;
  readonly gasCost: bigint;
}

/** Witness of the step's auxiliary cells (absent ones are 0). */
export interface AuxWitness { aux?: bigint; c0?: bigint; c1?: bigint; isZero?: bigint }

export interface ExecutionGadget {
  /** Execution-state name (the Yellow Paper's opcode family). */
  readonly name: string;
  readonly opcodes: readonly OpcodeSpec[];
  readonly slots: readonly SlotSpec[];
  /**
   * How the step hands over to the next one. 'next': same context, pc + 1. 'custom': same context, the
   * gadget constrains the next pc itself. 'end': the call ends; the next step starts a new call (or is padding).
   */
  readonly flow: 'next' | 'custom' | 'end';
  /** aux = slot 0 AND slot 1, by the step's one shared lookup into the AND word table (and-word.ts). */
  readonly andLookup?: boolean;
  configure(c: GadgetConfigurer): void;
  /** Values of the aux word, carries and the IsZero input for this step. */
  witness(v: StepValues): AuxWitness;
}
