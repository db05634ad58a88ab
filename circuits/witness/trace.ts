/**
 * Execution trace of L2 blocks: the data the circuits consume (the node's executor fills it, circuits/witness
 * turns it into per-circuit assignments). Plain data only — bigint, `0x` hex strings and Uint8Array — so the
 * circuits never depend on the node or on @ethereumjs types.
 *
 * Conventions:
 * - 256-bit words (stack items, storage slots and values, balances) are `bigint`.
 * - Addresses and hashes are lower-case `0x` hex strings (`Address`, `Hash`).
 * - Byte strings (calldata, memory chunks, code, keccak inputs) are `Uint8Array`.
 * - Every state access carries a global `rwc` (read/write counter) that orders all RW operations of a block,
 *   memory included, in execution order: the state circuit sorts by key and checks consistency by `rwc`.
 */

/** 20-byte address, `0x` + 40 lower-case hex digits. */
export type Address = `0x${string}`;
/** 32-byte hash, `0x` + 64 lower-case hex digits. */
export type Hash = `0x${string}`;

/** Fields of the block header that the circuits bind (block hash = keccak of the RLP of the full header). */
export interface BlockHeaderTrace {
  number: bigint;
  hash: Hash;
  parentHash: Hash;
  coinbase: Address;
  timestamp: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  baseFeePerGas: bigint;
  /** PREVRANDAO (mixHash) value of the block. */
  prevRandao: Hash;
  chainId: bigint;
  /** The full header RLP, for the keccak that yields `hash`. */
  rlp: Uint8Array;
}

/** A transaction as signed by its sender (type 0 legacy, 1 EIP-2930, 2 EIP-1559). */
export interface TxTrace {
  index: number;
  hash: Hash;
  type: 0 | 1 | 2;
  from: Address;
  /** `null` for contract creation. */
  to: Address | null;
  nonce: bigint;
  gasLimit: bigint;
  /** Legacy/2930: gasPrice; 1559: maxFeePerGas. */
  maxFeePerGas: bigint;
  /** Legacy/2930: equals gasPrice; 1559: maxPriorityFeePerGas. */
  maxPriorityFeePerGas: bigint;
  /** Price actually paid per gas: min(maxFee, baseFee + priority fee). */
  effectiveGasPrice: bigint;
  value: bigint;
  data: Uint8Array;
  accessList: { address: Address; storageKeys: Hash[] }[];
  v: bigint;
  r: bigint;
  s: bigint;
  /** The signed transaction bytes (typed envelope for types 1 and 2). */
  raw: Uint8Array;
  /** Keccak of the signing payload, the message that ecrecover checks. */
  signingHash: Hash;
  /** Outcome. */
  status: 0 | 1;
  gasUsed: bigint;
  /** Address of the created contract, for creations that succeeded. */
  contractAddress: Address | null;
  /** Return data of the top-level frame (revert data when status is 0). */
  returnData: Uint8Array;
  /** Opcode steps of all frames, in execution order. Empty for plain transfers to code-less accounts. */
  steps: StepTrace[];
  /** Call frames, in the order they were entered; frame 0 is the transaction's top-level frame. */
  frames: CallFrameTrace[];
  storage: StorageAccess[];
  accounts: AccountAccess[];
  logs: LogTrace[];
  keccaks: KeccakInput[];
  precompiles: PrecompileCall[];
}

/** A memory access of one opcode: `length` bytes at `offset`; for writes `bytes` is the memory after the op. */
export interface MemoryOp {
  rwc: number;
  isWrite: boolean;
  offset: number;
  bytes: Uint8Array;
}

/** One executed opcode (state *before* it runs, plus what it did). */
export interface StepTrace {
  /** Index of the call frame (into `TxTrace.frames`). */
  frame: number;
  /** Call depth, 0 for the top-level frame. */
  depth: number;
  pc: number;
  opcode: number;
  /** Mnemonic, e.g. "PUSH1", "SSTORE". */
  name: string;
  gasLeft: bigint;
  /** Gas charged for this opcode (static + dynamic; for calls, including the gas forwarded to the callee). */
  gasCost: bigint;
  /** Refund counter before the opcode. */
  gasRefund: bigint;
  /** Stack before the op, bottom first (so the top is the last element). */
  stack: bigint[];
  /** Items the op popped (top first) — the first `pops` entries from the end of `stack`. */
  pops: number;
  /** Items the op pushed (deepest first); empty when the op halted or failed. */
  pushes: bigint[];
  /** Memory size in bytes before the op. */
  memorySize: number;
  memory: MemoryOp[];
  /** Set when this step ended the frame with an exceptional error (out of gas, invalid jump, …). */
  error?: string;
}

/** SLOAD/SSTORE and other storage accesses. `committed` is the slot's value at the start of the transaction. */
export interface StorageAccess {
  rwc: number;
  /** Index of the step that made the access, or -1 for accesses outside opcode execution. */
  step: number;
  isWrite: boolean;
  address: Address;
  slot: bigint;
  committed: bigint;
  /** Value before the access. */
  valuePrev: bigint;
  /** Value after the access (equal to `valuePrev` for reads). */
  value: bigint;
}

/** An account field as seen (read) or changed (write) by execution. */
export interface AccountAccess {
  rwc: number;
  isWrite: boolean;
  address: Address;
  field: "nonce" | "balance" | "codeHash";
  valuePrev: bigint;
  value: bigint;
}

export interface LogTrace {
  /** Index of the log within the block. */
  index: number;
  address: Address;
  topics: Hash[];
  data: Uint8Array;
}

/** Input of one KECCAK256 (SHA3) opcode, CREATE2 address or code hash computation. */
export interface KeccakInput {
  input: Uint8Array;
  output: Hash;
}

/** A call into a precompiled contract (0x01–0x0a in Cancun). */
export interface PrecompileCall {
  address: Address;
  input: Uint8Array;
  output: Uint8Array;
  success: boolean;
  gasUsed: bigint;
}

export type CallKind = "CALL" | "CALLCODE" | "DELEGATECALL" | "STATICCALL" | "CREATE" | "CREATE2";

/** One message frame: the transaction's top-level call/creation or a nested call. */
export interface CallFrameTrace {
  index: number;
  /** Index of the parent frame, -1 for the top-level frame. */
  parent: number;
  /** Index (in the tx's steps) of the call or create step that entered the frame, -1 for the top-level frame. */
  callStep: number;
  depth: number;
  kind: CallKind;
  caller: Address;
  /** Storage/balance context (for DELEGATECALL/CALLCODE: the caller's). */
  address: Address;
  /** Whose code runs. */
  codeAddress: Address;
  value: bigint;
  gasLimit: bigint;
  input: Uint8Array;
  isStatic: boolean;
  /** Filled when the frame ends. */
  success: boolean;
  gasUsed: bigint;
  output: Uint8Array;
}

/** Bytecode that ran or was deployed in the block, keyed by its keccak hash. */
export interface BytecodeTrace {
  codeHash: Hash;
  code: Uint8Array;
}

/** Everything the circuits need about one block. */
export interface BlockTrace {
  header: BlockHeaderTrace;
  /** State root (of the node's state tree) before and after the block. */
  stateRootBefore: Hash;
  stateRootAfter: Hash;
  txs: TxTrace[];
  bytecodes: BytecodeTrace[];
}
