/**
 * The contract between the EVM circuit's step layout (circuit.ts) and its execution-state gadgets (gadgets/*.ts).
 *
 * A step is one row of the step region. Every row has the same cells: the shared state (pc, stack pointer,
 * gas left, memory size in words, tx id, call id, rw counter, code hash halves, opcode, the opcode's parameter
 * and gas cost), a two-hot execution-state selector (state-selector.ts), RW_SLOTS access slots, TX_LOOKUPS tx-table lookups and one
 * block-table lookup, an
 * auxiliary 256-bit word given as 32 range-checked bytes (little-endian), two carry cells and an inverse cell.
 * A gadget describes one execution state: which opcodes run it (with the constant gas and stack delta that go
 * into the fixed opcode table), which RW slots and tx fields it uses, how the next row follows, and its own
 * constraints over the row's cells (and its neighbours'); the framework gates those constraints with the
 * state's selector. Adding an opcode family = one gadget file.
 *
 * Internal states (BeginTx, EndTx) run no opcode: they are chains of rows, one state per row, each naming the
 * states that may follow it. Continuation states run no opcode either: they extend an opcode step by more rows
 * (memory bytes), inside the call. The cells of a slot a state does not use are scratch cells for that state (its
 * lookup is off there), which multi-row states use to hand values to the next row.
 */
import type { Column, Expr } from '../plonk/index.js';
import type { RwTag } from '../state/table.js';
import type { BlockFieldTag } from '../pi/block-table.js';
import type { SigLookupRow } from '../sig/table.js';
import type { ModexpLookup } from '../modexp/circuit.js';
import type { TxFieldTag } from '../tx/table.js';

/** RW slots per step: enough for SWAPn (two reads, two writes). */
export const RW_SLOTS = 4;
/** Tx-table lookups per step: enough for the fields one BeginTx row checks. */
export const TX_LOOKUPS = 4;
/** Keccak-table input lookups per step: one per memory byte a KECCAK256 continuation row reads. */
export const KECCAK_LOOKUPS = 4;
/** Stack pointer of an empty stack: the stack grows down from 1024, its top is at address sp. */
export const STACK_EMPTY = 1024;
/** State name of padding rows (state id 0). */
export const PADDING = 'PADDING';
/** In `successors`: any state that runs an opcode. */
export const ANY_OPCODE = '*opcode';

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
  /**
   * Stack items the opcode needs, where its continuation rows read some (LOGn's topics, the CALL family's operands):
   * ErrorStackUnderflow proves a shorter stack against it. Absent: the items its opcode row reads.
   */
  readonly stack?: number;
}

/**
 * Slot j's "on" flag (StepExprs.slotOn) says whether the step makes its access; the framework keeps the flags of a
 * step boolean and monotone (on_j ⇒ on_(j−1), so the accesses made have rw counters rwc … rwc + Σ on − 1). A slot is
 * on wherever its state is active unless it is `optional`: then the gadget constrains its flag (e.g. the bytes of a
 * variable-length memory read that fall on the row).
 */
interface SlotBase { readonly write: boolean; readonly optional?: true }

/**
 * A stack access of the step, in RW order: slot j has rw counter rwc + j. Its address is
 * sp + base + perParam·param, with sp the pointer before the step (top of the stack at sp).
 */
export interface StackSlot extends SlotBase { readonly base: number; readonly perParam?: 0 | 1 }

/** The key of a non-stack RW access (circuits/state/table.ts) as expressions of the step: absent fields are 0. */
export interface RwKey {
  readonly id: Expr;
  /** Absent: the slot's address cell is the address, and the gadget binds it (e.g. by a tx lookup). */
  readonly address?: Expr;
  readonly storageKey?: WordExpr;
  readonly committed?: WordExpr;
}

/**
 * Any other RW access (account, call context, storage, …): its tag, field tag (0 if none; 'param': the opcode's
 * parameter, so one state serves several fields) and key.
 */
export interface KeyedSlot extends SlotBase { readonly tag: RwTag; readonly field: number | 'param'; key(s: StepExprs): RwKey }

export type SlotSpec = StackSlot | KeyedSlot;

export const isKeyed = (slot: SlotSpec): slot is KeyedSlot => 'tag' in slot;

/**
 * "Field `tag` of the step's tx is `value`" (`index` for calldata bytes), looked up in the tx table where `enabled`
 * (a 0/1 expression the gadget constrains; absent: always) is 1.
 */
export interface TxLookup { readonly tag: TxFieldTag; readonly value: WordExpr; readonly index?: Expr; readonly enabled?: Expr }

/** "Field `tag` of the block the step's tx runs in is `value`" ('param': the opcode's parameter names the field), looked up in the block table. */
export interface BlockLookup { readonly tag: BlockFieldTag | 'param'; readonly value: WordExpr }

/** "Byte `index` of keccak input `id` is `byte`", looked up in the keccak table where `enabled` (0/1; absent: always) is 1. */
export interface KeccakInputLookup { readonly id: Expr; readonly index: Expr; readonly byte: Expr; readonly enabled?: Expr }

/** "Byte `index` of the running code is `byte`, `isCode` (not push data)", looked up in the bytecode table where `enabled` (0/1). */
export interface CodeByteLookup { readonly index: Expr; readonly byte: Expr; readonly isCode: Expr; readonly enabled: Expr }

/** A row of the signature table (circuits/sig/table.ts) looked up where `enabled` (0/1) is 1: a recovery the sig circuit proves. */
export interface SigLookup { readonly row: SigLookupRow; readonly enabled: Expr }

/** "Keccak input `id` has `length` bytes and digest `hash`", looked up in the keccak table. */
export interface KeccakDigestLookup { readonly id: Expr; readonly length: Expr; readonly hash: WordExpr }

/** A binary row (opcode, a, b, 0, r) of the word arithmetic table that is not the step's own opcode on its slots (BYTE's SHL). */
export interface ArithRow {
  /** The row's opcode: a constant, or a cell of the step (SDIV/SMOD's DIV or MOD row, handed over by the opcode row). */
  readonly opcode: number | ((s: StepExprs) => Expr);
  row(s: StepExprs): { readonly a: WordExpr; readonly b: WordExpr; readonly r: WordExpr };
  /** The opcode (where it is a cell) and the operands a, b from the step's slot values and aux cells (the witness side of the table). */
  operands(slots: readonly bigint[], aux: AuxWitness | undefined): { readonly opcode?: number; readonly a: bigint; readonly b: bigint };
}

/** A 256-bit word as (lo, hi) expressions. */
/** A lookup into an EC precompile table: its fields in the table's order (circuits/ecc precompile-table.ts), where `enabled`. */
export interface EcTableLookup { readonly row: readonly Expr[]; readonly enabled: Expr }
/** The EC precompile tables a step may look up: ecAdd's (0x06) and ecMul's (0x07). */
export interface EcLookups { readonly ecAdd?: EcTableLookup; readonly ecMul?: EcTableLookup }

export interface WordExpr { readonly lo: Expr; readonly hi: Expr }

/** Expressions of the current step row (and `next`, the following step) that gadgets constrain. */
export interface StepExprs {
  readonly pc: Expr; readonly sp: Expr; readonly gas: Expr; readonly gasCost: Expr; readonly param: Expr; readonly spDelta: Expr;
  readonly opcode: Expr; readonly rwc: Expr; readonly txId: Expr; readonly callId: Expr; readonly memoryWords: Expr;
  /** Rows of the call so far whose state is `reversible` (0 at its first row): how many reversion writes a failing call owes. */
  readonly reversible: Expr;
  /** 1 where the call (and all its callers) will succeed: its writes stay (circuit.ts, reversion). */
  readonly persistent: Expr;
  /** The rw counter of the call's last reversion write, where it fails or a caller does. */
  readonly revertEnd: Expr;
  /** 1 in the tx's root call (and its BeginTx/EndTx rows), 0 in a nested call (gadgets/call.ts). */
  readonly isRoot: Expr;
  /** 1 in a static frame (EIP-214: STATICCALL's callee and all it calls), 0 elsewhere (gadgets/call.ts). */
  readonly isStatic: Expr;
  readonly codeHash: WordExpr;
  /** Value of RW slot j (after the access; for a slot the state does not use, a scratch word). */
  slot(j: number): WordExpr;
  /** Value of RW slot j before the access. */
  slotPrev(j: number): WordExpr;
  /** The address cell of RW slot j. */
  slotAddress(j: number): Expr;
  /** Slot j's on flag: 1 where the step makes the access (see SlotBase). */
  slotOn(j: number): Expr;
  /** The auxiliary word: Σ byte_j·256^j over 16 bytes per half, each byte range-checked. */
  readonly aux: WordExpr;
  /** Auxiliary byte j (little-endian). */
  auxByte(j: number): Expr;
  /** PUSH mask flag j: byte j of the aux word is pushed data (j < n). */
  pushFlag(j: number): Expr;
  readonly c0: Expr; readonly c1: Expr;
  /** The row's inverse cell (the IsZero chip's where the state declares one; a free cell otherwise). */
  readonly inv: Expr;
  /** Selector of execution state `name` ('PADDING' or a gadget's name) on this row. */
  state(name: string): Expr;
  /** Σ of the selectors of the gadgets' states where `pred` holds, on this row (one expression, grouped: state-selector.ts). */
  statesWhere(pred: (g: ExecutionGadget) => boolean): Expr;
  /** The same cells `rotation` rows away (−1 the previous step, 1 the next). */
  at(rotation: number): StepExprs;
  /** at(1). */
  readonly next: StepExprs;
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
  /** Memory size in words before the step. */
  readonly memoryWords: number;
}

/** Witness of the step's auxiliary cells (absent ones are 0). */
export interface AuxWitness {
  aux?: bigint; c0?: bigint; c1?: bigint; isZero?: bigint;
  /** The inverse cell, where the state uses it without the IsZero chip. */
  inv?: bigint;
  /** Words held in the cells of slots the state does not use (internal states' hand-over values). */
  scratch?: ReadonlyMap<number, bigint>;
  /** Field elements held in the lo and hi cells of slots the state does not use. */
  cells?: ReadonlyMap<number, { readonly lo: bigint; readonly hi: bigint }>;
}

export interface ExecutionGadget {
  /** Execution-state name (the Yellow Paper's opcode family, or the internal state's). */
  readonly name: string;
  /** The opcodes that run this state; empty for internal states. */
  readonly opcodes: readonly OpcodeSpec[];
  readonly slots: readonly SlotSpec[];
  /** Tx-table lookups of the step (at most TX_LOOKUPS); the step's txId is the key. */
  txLookups?(s: StepExprs): readonly TxLookup[];
  /** The step's one block-table lookup; the step's txId is the key. */
  blockLookup?(s: StepExprs): BlockLookup;
  /** Keccak-table input lookups of the step (at most KECCAK_LOOKUPS). */
  keccakInputs?(s: StepExprs): readonly KeccakInputLookup[];
  /** The step's one keccak-table digest lookup. */
  keccakDigest?(s: StepExprs): KeccakDigestLookup;
  /** SHA-256-table input lookups of the step (at most KECCAK_LOOKUPS; the table has the keccak table's shape). */
  sha256Inputs?(s: StepExprs): readonly KeccakInputLookup[];
  /** The step's one SHA-256-table digest lookup. */
  sha256Digest?(s: StepExprs): KeccakDigestLookup;
  /** The step's one signature-table lookup (the ecrecover precompile's recovery). */
  sigLookup?(s: StepExprs): SigLookup;
  /** The step's lookups into the EC precompile tables (circuits/ecc precompile-table.ts), each under its flag. */
  ecLookups?(s: StepExprs): EcLookups;
  /** The step's one MODEXP-table lookup (the precompile's call: its lengths, operands, result and gas). */
  modexpLookup?(s: StepExprs): { readonly row: ModexpLookup; readonly enabled: Expr };
  /** A byte of the running code other than the opcode's (ErrorInvalidJump's destination). */
  codeByte?(s: StepExprs): CodeByteLookup;
  /** "The running code is `codeLength(s)` bytes long", looked up in the bytecode table's header rows (CODESIZE). */
  codeLength?(s: StepExprs): Expr;
  /**
   * How the step hands over to the next one. 'next': same context, pc + 1. 'custom': same context, the
   * gadget constrains the next pc itself. 'end': the call ends; the next row is EndTx's first.
   * 'internal': no opcode; the next row's state is one of `successors`, the gadget constrains the rest.
   * 'continuation': no opcode; a row that finishes the work of the opcode step before it (`continuation` of an opcode
   * state names it) or of the continuation row before it — e.g. memory bytes beyond one row's slots. It keeps the
   * call's pc, sp, gas, memory size and code hash (the opcode row's transition already applied them); its next row
   * is itself again, the continuation state it names, or the next opcode step.
   * 'call': no opcode; the last row of a call opcode's chain, still in the caller (its pc, sp, gas, memory size and
   * code hash are the caller's, as the continuation before it left them): the next row is one of `successors`, the
   * callee's first, and the gadget constrains that row's state (it `switchesFrame`).
   */
  readonly flow: 'next' | 'custom' | 'end' | 'internal' | 'continuation' | 'call';
  /**
   * Opcode states: the continuation state of the row after this one (the opcode's next row is exactly that state).
   * Continuation states: a second continuation state that may follow this one (besides itself and an opcode step).
   */
  readonly continuation?: string;
  /** Continuation states: a third state that may follow this one, a branch the gadget chooses (a creation with or without a frame). */
  readonly branch?: string;
  /** The state changes state (storage, transient storage, logs, accounts): it may not run in a static frame (EIP-214). */
  readonly writesState?: true;
  /** Opcode states: in a nested call the row after this one is this continuation state instead (CALLDATALOAD's caller's memory). */
  readonly nestedContinuation?: string;
  /** Gas the step costs beyond the opcode table's constant (e.g. memory expansion), charged by the gas transition. */
  dynamicGas?(s: StepExprs): Expr;
  /** The state sets the next row's memory size itself (memory expansion) instead of keeping it. */
  readonly expandsMemory?: boolean;
  /**
   * Internal states: the states (PADDING, ANY_OPCODE or gadget names) the next row may be in. 'end' states: states
   * the next row may be in besides EndTx (the gadget constrains which).
   */
  readonly successors?: readonly string[];
  /** Internal states: the row after this one belongs to the next tx (txId + 1). */
  readonly endsTx?: boolean;
  /**
   * The next row runs another call frame (a callee's first row, or the caller's step after a call returns): its
   * callId, reversible, persistent, revertEnd, isRoot and isStatic do not carry over; the gadget constrains them.
   */
  readonly switchesFrame?: true;
  /**
   * The state makes a write a failed call has to undo (storage, transient storage, the refund counter, the value
   * transfer, a creation's new account, an EIP-2929 warm mark): circuit.ts counts such writes in the `reversible` cell
   * and, in a failed call, looks each one's undoing write up at the end-of-reversion rw counters (circuit.ts header,
   * "reversion"). true: its first keyed write; 2: its first two (SSTORE's Storage and warm slot).
   */
  readonly reversible?: true | 2;
  /**
   * Opcode-less, yet the step fetches the opcode at pc, and its gasCost, param and spDelta are that opcode's
   * constant gas, stack need and stack delta: (opcode, gasCost, param, spDelta) is looked up in the opcode table,
   * whatever state runs the opcode (the error states of error.ts).
   */
  readonly fetched?: true;
  /**
   * Opcode-less, yet at the call's pc as an opcode step is (the implicit STOP past the code's end): may follow an
   * opcode step, and fetches no opcode.
   */
  readonly atPc?: true;
  /** aux = slot 0 AND slot 1, by the step's one shared lookup into the AND word table (and-word.ts). */
  readonly andLookup?: boolean;
  /**
   * (opcode, slot 0, slot 1, n, r) is a row of the word arithmetic table (arith-table.ts): 'binary' n = 0,
   * r = slot 2; 'ternary' n = slot 2, r = slot 3; an ArithRow: the binary row it names.
   */
  readonly arithLookup?: 'binary' | 'ternary' | ArithRow;
  configure(c: GadgetConfigurer): void;
  /** Values of the aux word, carries and the IsZero input for this step (internal states get theirs from the witness builder). */
  witness(v: StepValues): AuxWitness;
}
