/**
 * Stack arity of the Cancun opcodes: how many items each pops and pushes. The tracer uses it to split a step's
 * stack change into pops and pushes (DUPn pops n and pushes n+1, SWAPn pops and pushes n+1).
 */
export interface Arity {
  pops: number;
  pushes: number;
}

const table = new Map<number, Arity>();
const set = (codes: number[], pops: number, pushes: number): void => {
  for (const code of codes) table.set(code, { pops, pushes });
};
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

set([0x00, 0x5b, 0xfe], 0, 0); // STOP, JUMPDEST, INVALID
set([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0a, 0x0b], 2, 1); // arithmetic, EXP, SIGNEXTEND
set([0x08, 0x09], 3, 1); // ADDMOD, MULMOD
set([0x10, 0x11, 0x12, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1a, 0x1b, 0x1c, 0x1d, 0x20], 2, 1); // compare, bitwise, KECCAK256
set([0x15, 0x19], 1, 1); // ISZERO, NOT
set([0x30, 0x32, 0x33, 0x34, 0x36, 0x38, 0x3a, 0x3d], 0, 1); // environment getters
set([0x31, 0x35, 0x3b, 0x3f, 0x40, 0x49], 1, 1); // BALANCE, CALLDATALOAD, EXTCODESIZE, EXTCODEHASH, BLOCKHASH, BLOBHASH
set([0x37, 0x39, 0x3e, 0x5e], 3, 0); // CALLDATACOPY, CODECOPY, RETURNDATACOPY, MCOPY
set([0x3c], 4, 0); // EXTCODECOPY
set(range(0x41, 0x48), 0, 1); // COINBASE … BASEFEE
set([0x4a, 0x58, 0x59, 0x5a, 0x5f], 0, 1); // BLOBBASEFEE, PC, MSIZE, GAS, PUSH0
set([0x50, 0x56, 0xff], 1, 0); // POP, JUMP, SELFDESTRUCT
set([0x51, 0x54, 0x5c], 1, 1); // MLOAD, SLOAD, TLOAD
set([0x52, 0x53, 0x55, 0x57, 0x5d, 0xf3, 0xfd], 2, 0); // MSTORE, MSTORE8, SSTORE, JUMPI, TSTORE, RETURN, REVERT
set(range(0x60, 0x7f), 0, 1); // PUSH1 … PUSH32
for (let n = 1; n <= 16; n++) {
  set([0x7f + n], n, n + 1); // DUPn
  set([0x8f + n], n + 1, n + 1); // SWAPn
}
for (let n = 0; n <= 4; n++) set([0xa0 + n], n + 2, 0); // LOGn
set([0xf0], 3, 1); // CREATE
set([0xf5], 4, 1); // CREATE2
set([0xf1, 0xf2], 7, 1); // CALL, CALLCODE
set([0xf4, 0xfa], 6, 1); // DELEGATECALL, STATICCALL

/** Arity of `opcode`; unknown opcodes (which abort the frame) pop and push nothing. */
export const stackArity = (opcode: number): Arity => table.get(opcode) ?? { pops: 0, pushes: 0 };

/** A memory range an opcode reads or writes, given its stack before it runs (top last). */
export interface MemoryRange {
  isWrite: boolean;
  offset: bigint;
  length: bigint;
}

/** Stack item i from the top (0 = top); a missing one (stack underflow, the step fails) reads as 0. */
const arg = (stack: readonly bigint[], i: number): bigint => stack[stack.length - 1 - i] ?? 0n;
const read = (offset: bigint, length: bigint): MemoryRange => ({ isWrite: false, offset, length });
const write = (offset: bigint, length: bigint): MemoryRange => ({ isWrite: true, offset, length });
const NONE: readonly MemoryRange[] = [];

/**
 * Memory ranges the opcode touches (zero-length ranges omitted); reads precede writes. Runs for every traced
 * step, so it creates no closures and returns one shared empty list for the opcodes that touch no memory.
 */
export const memoryRanges = (opcode: number, stack: readonly bigint[]): readonly MemoryRange[] => {
  let ranges: MemoryRange[];
  switch (opcode) {
    case 0x51: ranges = [read(arg(stack, 0), 32n)]; break; // MLOAD
    case 0x52: ranges = [write(arg(stack, 0), 32n)]; break; // MSTORE
    case 0x53: ranges = [write(arg(stack, 0), 1n)]; break; // MSTORE8
    case 0x20: // KECCAK256
    case 0xf3: // RETURN
    case 0xfd: // REVERT
      ranges = [read(arg(stack, 0), arg(stack, 1))];
      break;
    case 0x37: case 0x39: case 0x3e: ranges = [write(arg(stack, 0), arg(stack, 2))]; break; // CALLDATACOPY, CODECOPY, RETURNDATACOPY
    case 0x3c: ranges = [write(arg(stack, 1), arg(stack, 3))]; break; // EXTCODECOPY
    case 0x5e: ranges = [read(arg(stack, 1), arg(stack, 2)), write(arg(stack, 0), arg(stack, 2))]; break; // MCOPY
    case 0xf0: case 0xf5: ranges = [read(arg(stack, 1), arg(stack, 2))]; break; // CREATE, CREATE2
    case 0xf1: case 0xf2: ranges = [read(arg(stack, 3), arg(stack, 4)), write(arg(stack, 5), arg(stack, 6))]; break; // CALL, CALLCODE
    case 0xf4: case 0xfa: ranges = [read(arg(stack, 2), arg(stack, 3)), write(arg(stack, 4), arg(stack, 5))]; break; // DELEGATECALL, STATICCALL
    default:
      if (opcode < 0xa0 || opcode > 0xa4) return NONE;
      ranges = [read(arg(stack, 0), arg(stack, 1))]; // LOGn
  }
  return ranges.filter((r) => r.length > 0n);
};
