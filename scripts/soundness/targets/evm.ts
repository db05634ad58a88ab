/**
 * EVM family (circuits/evm): EvmFixtureCircuit — the EVM circuit over plain-advice RW, bytecode, tx and block tables
 * (circuits/evm/fixture.ts) — on one block executed by @ethereumjs (evm-block.ts): an ETH transfer, then a call of a
 * contract running an opcode of every family (see `program`), then one running KECCAK256, LOG0 … LOG4, BYTE, SIGNEXTEND,
 * SDIV and SMOD (`hasher`), then the copies, EXP and account reads (`copier`), a creation tx (`INIT`), one tx per
 * failure or ending (`ENDINGS`: REVERT, INVALID, stack underflow, the implicit STOP, out of gas), then EXTCODECOPY,
 * EXTCODESIZE, BLOBBASEFEE and a SELFDESTRUCT to a cold empty account (`accounts`), a creation that self-destructs
 * (burned, deleted), and a failed root call whose storage, transient and log writes are reverted (an invalid jump,
 * `REVERTED`), the size-0 forms (`empties`); then the call frames (`calls`: the CALL family into code, an empty account
 * and the ecrecover, identity and MODEXP precompiles, failing callees, no-frame calls, CREATE and CREATE2 from code, a
 * collision; its tx with an access list), two txs to the SHA-256 precompile (one short of its gas), root calls short of
 * their opcodes' dynamic gas (`SHORT_ROOTS`), a creation whose deposit fails (0xEF), SHA-256 called from code (and short
 * of its gas), an invalid jump to 2^128, a 1025th push (stack overflow), SELFDESTRUCT short of the new account's 25000,
 * a creation tx at an address in use and ecAdd/ecMul calls (`ecCalls`: valid, an invalid point, short of gas; the EC
 * tables a fixture), txs to ecAdd/ecMul (`EC_ROOTS`), copies from offsets ≥ 2^32 (`farCopies`), a tx to MODEXP, a call
 * with a range at 2^32 (`FAR_CALLER`), txs to BLAKE2F; k = 13.
 * Every execution state runs.
 * Txs are appended, so the rows of the earlier ones (and the negatives numbered by them) stay put. The fixture tables
 * (a MODEXP one and the EC ones too: EvmFixtureCircuit's options) are proven by the state, bytecode, tx, public-input, sig,
 * MODEXP, SHA-256 and EC precompile circuits, not here: their cells are allow-listed, and a
 * negative may edit them so that the tables agree with the lie and only the EVM rule under attack objects (`slotEdit`;
 * the edit search writes rows past a table's end, search.ts tableRepair).
 * On demand: the witness needs an async VM run (`prepare`).
 *
 * The negatives are searched (search.ts → evm-edits.ts: one-cell edits on the rows where an item binds, slot edits
 * with the RW table agreeing, one-cell edits repaired by a second solved cell and by table rows) plus the lies written
 * below (PUSH32 bytes; a PUSH1's flag mask shifted; KECCAK256 and LOG ids handed over across their rows, the keccak
 * fixture or RW table agreeing; a tx-wide revertEnd or reversible count; a row with no state). Not yet isolated, by category:
 * the selector booleans (a non-boolean selector needs another one set beside it, so a lie breaks two booleans or
 * makes the row satisfy a second state's rules) and the state machine's shape (which state follows which, first/last
 * row: a lie must rewrite whole rows as another state); continuation hand-overs and chains (a lie must be carried
 * along every later row of the chain: copy and EXP rows, memory/calldata word rows); booleans and flags whose other
 * value needs a consistent rewrite of the word they select; word arithmetic table internals. The score per family is
 * in REPORT.md.
 */
import { Address, bigIntToBytes, createAddressFromString, generateAddress } from '@ethereumjs/util';
import { bn254 } from '@noble/curves/bn254.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { EC_ADD_TABLE_FIELDS, EC_MUL_TABLE_FIELDS } from '../../../circuits/ecc/precompile-table.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { evmStateCells, evmTableOps } from '../../../circuits/evm/circuit.js';
import { GADGETS } from '../../../circuits/evm/gadgets/index.js';
import { arithSlots } from '../../../circuits/evm/arith-table.js';
import { EvmFixtureCircuit, evmFixtureInput, evmFixtureInstances, MODEXP_FIXTURE_FIELDS, type EvmFixtureInput } from '../../../circuits/evm/fixture.js';
import { BYTE_ROW, BYTECODE_TABLE_FIELDS } from '../../../circuits/bytecode/table.js';
import { BLOCK_TABLE_FIELDS } from '../../../circuits/pi/block-table.js';
import { RW_TABLE_FIELDS, RwTag } from '../../../circuits/state/index.js';
import { TX_TABLE_FIELDS } from '../../../circuits/tx/table.js';
import { SIG_TABLE_FIELDS } from '../../../circuits/sig/table.js';
import { RW_SLOTS } from '../../../circuits/evm/step.js';
import { KECCAK_BYTES_PER_ROW } from '../../../circuits/evm/gadgets/keccak.js';
import type { Assignment } from '../../../circuits/plonk/index.js';
import { liveReaders, synthesizeVariant } from '../engine.js';
import { cellEdit, type AllowRule, type NegativeTest, type SoundnessTarget, type WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';
import { asm, runBlock, SENDER, type Call } from './evm-block.js';
import { CELL_EDITS, REPAIRED_EDITS, SLOT_EDITS } from './evm-edits.js';

/** 2^12 rows: the block's RW operations (3836 since the call frames' tx) pass k = 11's 2047 usable rows. */
const K = 13;
const CONTRACT = createAddressFromString('0x00000000000000000000000000000000000e0e01');
const EOA = createAddressFromString('0x00000000000000000000000000000000000e0e02');
const HASHER = createAddressFromString('0x00000000000000000000000000000000000e0e03');

/**
 * x = calldata word 0; 2(x + 3) > x + 3, so the JUMPI is taken; then memory, storage, a JUMP, one opcode of every
 * other supported family (comparisons, bitwise, shifts, signed compares, DIV/MOD, ADDMOD/MULMOD, context reads), a
 * PUSH32 (every push flag and push byte lookup) and a RETURN of 34 bytes.
 */
function program(): Uint8Array {
  const binary = (op: string, a: number, b: number) => ['PUSH1', b, 'PUSH1', a, op, 'POP'];
  const parts = (dests: readonly number[]) => [
    'PUSH1', 0, 'CALLDATALOAD', 'PUSH1', 3, 'ADD', 'DUP1', 'PUSH1', 2, 'MUL', 'SWAP1', 'LT', 'ISZERO', 'ISZERO', 'PUSH1', 0x0f, 'AND',
    'PUSH1', dests[0]!, 'JUMPI', 'STOP', 'JUMPDEST', 'PUSH1', 0x2a, 'PUSH1', 0, 'MSTORE', 'PUSH1', 0x77, 'PUSH1', 0x21, 'MSTORE8', 'PUSH1', 0, 'MLOAD',
    'PUSH1', 1, 'SSTORE', 'PUSH1', 1, 'SLOAD', 'POP', 'PUSH1', dests[1]!, 'JUMP', 'JUMPDEST',
    ...binary('SUB', 9, 7), ...binary('GT', 9, 7), ...binary('EQ', 7, 7), ...binary('OR', 6, 3), ...binary('XOR', 6, 3), 'PUSH1', 6, 'NOT', 'POP',
    ...binary('SHL', 1, 4), ...binary('SHR', 1, 4), ...binary('SAR', 1, 4), ...binary('SLT', 1, 4), ...binary('SGT', 1, 4),
    ...binary('DIV', 10, 3), ...binary('MOD', 10, 3), 'PUSH1', 5, ...binary('ADDMOD', 3, 4), 'PUSH1', 5, ...binary('MULMOD', 3, 4),
    ...['PC', 'MSIZE', 'GAS', 'ORIGIN', 'GASPRICE', 'CALLER', 'CALLVALUE', 'NUMBER', 'TIMESTAMP'].flatMap((op) => [op, 'POP']),
    'PUSH32', (1n << 255n) + 0x0102n, 'POP', 'PUSH1', 0x22, 'PUSH1', 0, 'RETURN',
  ];
  // the JUMPDESTs' offsets: one byte past each jump's STOP or JUMP
  const code = asm(...parts([0, 0]));
  const dests = [...code.keys()].filter((i) => code[i] === 0x5b);
  return asm(...parts(dests));
}

/**
 * The third tx's contract, after the first two txs so that their rows (and the negatives numbered by them) stay put:
 * KECCAK256 of 5 bytes (a full and a partial byte row), LOG0 … LOG4 (sizes 3, 0, 2, 1, 2: full, partial and empty
 * data rows, 0 … 4 topic rows), BYTE and SIGNEXTEND on both sides of their index bound, SDIV and SMOD with a negative
 * operand each.
 */
function hasher(): Uint8Array {
  const binary = (op: string, a: number, b: number) => ['PUSH1', b, 'PUSH1', a, op, 'POP'];
  const negative = (x: number) => ['PUSH1', x, 'PUSH1', 0, 'SUB'];
  const log = (n: number, size: number) => [...Array.from({ length: n }, (_, t) => ['PUSH1', 0x70 + t]).flat(), 'PUSH1', size, 'PUSH1', 1, `LOG${n}`];
  return asm(
    'PUSH32', 0xa1a2a3a4a5a6a7a8n << 192n, 'PUSH1', 0, 'MSTORE', 'PUSH1', 5, 'PUSH1', 0, 'KECCAK256', 'POP',
    ...[3, 0, 2, 1, 2].flatMap((size, n) => log(n, size)),
    ...binary('BYTE', 30, 0x1234), ...binary('BYTE', 40, 0x1234), ...binary('SIGNEXTEND', 0, 0xff), ...binary('SIGNEXTEND', 40, 0xff),
    'PUSH1', 3, ...negative(10), 'SDIV', 'POP', ...negative(3), 'PUSH1', 10, 'SMOD', 'POP', 'STOP',
  );
}

/**
 * The fourth tx's contract (gadget families the first three do not run): CALLDATACOPY across the calldata's end, an
 * overlapping MCOPY, CODECOPY past the code's end, EXP with a one- and a two-byte exponent, CODESIZE, SELFBALANCE,
 * TSTORE/TLOAD, RETURNDATASIZE and RETURNDATACOPY of nothing, BLOBHASH, BALANCE, EXTCODEHASH.
 */
function copier(): Uint8Array {
  const copy = (op: string, dest: number, offset: number, size: number) => ['PUSH1', size, 'PUSH1', offset, 'PUSH1', dest, op];
  return asm(
    ...copy('CALLDATACOPY', 0, 3, 40), 'PUSH1', 33, 'PUSH1', 0, 'PUSH1', 5, 'MCOPY', ...copy('CODECOPY', 64, 0x50, 20),
    'PUSH1', 5, 'PUSH1', 3, 'EXP', 'POP', 'PUSH2', 0x0101, 'PUSH1', 7, 'EXP', 'POP',
    'CODESIZE', 'POP', 'SELFBALANCE', 'POP', 'PUSH1', 9, 'PUSH1', 1, 'TSTORE', 'PUSH1', 1, 'TLOAD', 'POP',
    'RETURNDATASIZE', 'POP', ...copy('RETURNDATACOPY', 0, 0, 0), 'PUSH0', 'BLOBHASH', 'POP',
    'PUSH20', BigInt(EOA.toString()), 'BALANCE', 'POP', 'PUSH20', BigInt(CONTRACT.toString()), 'EXTCODEHASH', 'POP', 'STOP',
  );
}

/** Init code of a creation tx: copies its 2-byte tail (the runtime) with CODECOPY and returns it. */
const INIT = (() => {
  const head = (n: number) => asm('PUSH1', 2, 'PUSH1', n, 'PUSH0', 'CODECOPY', 'PUSH1', 2, 'PUSH0', 'RETURN');
  return Uint8Array.from([...head(head(0).length), 0x60, 0x01]);
})();

/**
 * A call that runs out of gas on a constant-gas opcode: an MSTORE far out burns all but ~50 of the gas the call
 * starts with (runBlock: gas limit 10^6), then a JUMPDEST, PUSH1, JUMP loop (12 gas a round) runs dry.
 */
function outOfGas(): Uint8Array {
  const start = 1_000_000n - 21_000n - 9n; // PUSH1, PUSH4, MSTORE: 3 each before the expansion
  let words = 1n;
  while (start - (3n * (words + 1n) + (words + 1n) ** 2n / 512n) > 50n) words++;
  return asm('PUSH1', 1, 'PUSH4', 32n * (words - 1n), 'MSTORE', 'JUMPDEST', 'PUSH1', 8, 'JUMP');
}

/** Contracts of the txs after the third: each a failure or an ending the others do not reach. */
const ENDINGS: ReadonlyArray<readonly [string, Uint8Array]> = [
  ['REVERT', asm('PUSH32', 0xdeadn, 'PUSH0', 'MSTORE', 'PUSH1', 32, 'PUSH0', 'REVERT')],
  ['INVALID', Uint8Array.of(0x60, 1, 0xfe)],
  ['stack underflow', asm('PUSH1', 1, 'ADD')],
  ['implicit STOP', asm('PUSH1', 1, 'PUSH1', 2, 'ADD', 'POP')],
  ['out of gas', outOfGas()],
];
const COPIER = createAddressFromString('0x00000000000000000000000000000000000e0e04');
const ACCOUNTS = createAddressFromString('0x00000000000000000000000000000000000e0e05');
const REVERTER = createAddressFromString('0x00000000000000000000000000000000000e0e06');
/** SELFDESTRUCT's beneficiary: never touched before, so cold and empty (EIP-161's 25000 for the value sent). */
const HEIR = createAddressFromString('0x00000000000000000000000000000000000e0e07');

/**
 * The account reads and the ending the txs before do not reach: EXTCODECOPY of a cold account's code (HASHER's, across
 * its end), of nothing (warm), EXTCODESIZE warm and cold, BLOBBASEFEE, then SELFDESTRUCT of the value the tx sent to a
 * cold, empty account.
 */
function accounts(): Uint8Array {
  const extCopy = (a: bigint, dest: number, offset: number, size: number) => ['PUSH1', size, 'PUSH1', offset, 'PUSH1', dest, 'PUSH20', a, 'EXTCODECOPY'];
  const [h, c] = [HASHER, COPIER].map((a) => BigInt(a.toString())) as [bigint, bigint];
  return asm(
    // 5 bytes from 2 before the end of HASHER's code: past it
    ...extCopy(h, 0, hasher().length - 2, 5), ...extCopy(h, 32, 0, 0), 'PUSH20', h, 'EXTCODESIZE', 'POP', 'PUSH20', c, 'EXTCODESIZE', 'POP',
    'BLOBBASEFEE', 'POP', 'PUSH20', BigInt(HEIR.toString()), 'SELFDESTRUCT',
  );
}

/** Init code that self-destructs to itself: the value it was sent burned, the created account deleted (EIP-6780). */
const SELF_DESTRUCTING_INIT = asm('ADDRESS', 'SELFDESTRUCT');

/** PUSH32's immediate: its bytes distinct and non-zero, so that a PUSH1 after it reading one of them pushes another value. */
const PUSH_DATA = BigInt(`0x${Array.from({ length: 32 }, (_, i) => (0xc0 + i).toString(16)).join('')}`);
/**
 * A PUSH1 after a PUSH32 (the push data a lie about its flags would read, pushFlagEdit), both popped; then storage,
 * transient storage and a log written, and a jump to a non-JUMPDEST: the failed root call reverts every write.
 */
const REVERTED = asm('PUSH32', PUSH_DATA, 'PUSH1', 0x11, 'POP', 'POP',
  'PUSH1', 9, 'PUSH1', 1, 'SSTORE', 'PUSH1', 4, 'PUSH1', 3, 'TSTORE', 'PUSH0', 'PUSH0', 'LOG0', 'PUSH1', 0, 'JUMP');
const EMPTIES = createAddressFromString('0x00000000000000000000000000000000000e0e08');
const EMPTY_REVERT = createAddressFromString('0x00000000000000000000000000000000000e0e09');
/**
 * The size-0 forms (no memory access, no expansion, whatever the offsets): CALLDATACOPY, CODECOPY, MCOPY and KECCAK256
 * of nothing at offsets past the memory, then RETURN of nothing; EMPTY_REVERT's REVERT of nothing ends the last tx.
 */
function empties(): Uint8Array {
  const nothing = (op: string, ...offsets: number[]) => ['PUSH0', ...offsets.flatMap((o) => ['PUSH2', o]), op];
  return asm(...nothing('CALLDATACOPY', 7, 0x1234), ...nothing('CODECOPY', 3, 0x2345), ...nothing('MCOPY', 0x40, 0x3456), 'PUSH0', 'PUSH2', 0x4567, 'KECCAK256', 'POP',
    'PUSH0', 'PUSH2', 0x5678, 'RETURN');
}
/** The account at address n (the block's contracts sit at 0xe0e01 …). */
const addressOf = (n: number) => createAddressFromString(`0x${n.toString(16).padStart(40, '0')}`);
const CALLS = addressOf(0xe0e0a);
/** The callees of CALLS: one that stores its calldata word, copies 3 bytes of it and returns 2 bytes, a reader, a reverter, a writer (for a static frame). */
const [ECHO, READER, UNDONE, WRITER] = [0xe0e0b, 0xe0e0c, 0xe0e0d, 0xe0e0e].map(addressOf);
/** Callees that fail on their own CALL: a cold account below its 2600, a new account short of its 9000 + 25000. */
const [COLD_SHORT, VALUE_SHORT] = [0xe0e0f, 0xe0e20].map(addressOf);
/** Accounts nothing touches before their calls: cold and empty. */
const [FRESH, FRESH2] = [0xe0e21n, 0xe0e22n];
/**
 * Root calls that fail on the dynamic part of their opcode's gas (the failing states the calls' tx does not reach), each
 * with the gas limit that leaves it short: a cold SLOAD, an SSTORE at its EIP-2200 sentry and above it, EXP's 50 per
 * exponent byte, MSTORE's expansion (below 2^32 and at it), RETURNDATACOPY past the return data and a SELFDESTRUCT of
 * the value sent to a new account short of its 25000.
 */
const SHORT_ROOTS: ReadonlyArray<readonly [string, Uint8Array, bigint, bigint?]> = [
  ['SLOAD cold', asm('PUSH1', 1, 'SLOAD'), 500n],
  ['SSTORE sentry', asm('PUSH1', 1, 'PUSH1', 1, 'SSTORE'), 2000n],
  ['SSTORE set', asm('PUSH1', 1, 'PUSH1', 1, 'SSTORE'), 5000n],
  ['EXP', asm('PUSH2', 0x0101, 'PUSH1', 7, 'EXP'), 80n],
  ['MSTORE expansion', asm('PUSH1', 1, 'PUSH3', 0x10000, 'MSTORE'), 200n],
  ['MSTORE at 2^32', asm('PUSH1', 1, 'PUSH5', 1n << 32n, 'MSTORE'), 200n],
  ['RETURNDATACOPY', asm('PUSH1', 1, 'PUSH0', 'PUSH0', 'RETURNDATACOPY'), 1000n],
  ['SELFDESTRUCT', asm('PUSH20', 0xe0e24n, 'SELFDESTRUCT'), 8000n, 1n],
];
/** Init code returning one byte 0xEF: its code deposit fails (EIP-3541, CodeDepositFail). */
const EF_INIT = asm('PUSH1', 0xef, 'PUSH0', 'MSTORE8', 'PUSH1', 1, 'PUSH0', 'RETURN');
const shortRoot = (i: number) => addressOf(0xe0e30 + i);
/** An access-list entry no step touches (warm from the start, never loaded). */
const FRESH_LISTED = addressOf(0xe0e23);
/** The SHA-256 precompile: the txs to it run no code (its gas and success proven, gadgets/precompile-root.ts). */
const SHA256 = addressOf(2);
const CALLEES: ReadonlyArray<readonly [typeof ECHO, Uint8Array]> = [
  [ECHO, asm('PUSH0', 'CALLDATALOAD', 'PUSH1', 1, 'SSTORE', 'PUSH1', 3, 'PUSH1', 1, 'PUSH1', 0x20, 'CALLDATACOPY', 'PUSH1', 7, 'PUSH0', 'MSTORE', 'PUSH1', 2, 'PUSH1', 30, 'RETURN')],
  [READER, asm('PUSH1', 1, 'SLOAD', 'POP', 'STOP')],
  [UNDONE, asm('PUSH1', 5, 'PUSH1', 2, 'SSTORE', 'PUSH0', 'PUSH0', 'REVERT')],
  [WRITER, asm('PUSH1', 1, 'PUSH1', 1, 'SSTORE', 'STOP')],
  [COLD_SHORT, asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', FRESH2, 'PUSH0', 'CALL', 'POP')],
  [VALUE_SHORT, asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH1', 1, 'PUSH20', FRESH2, 'PUSH0', 'CALL', 'POP')],
];

/** A CALL-family call of `to` with `gas` (all left: GAS), `value` (CALL and CALLCODE), input memory[inAt, +inSize) and output memory[outAt, +outSize); its success popped. */
function call(op: 'CALL' | 'CALLCODE' | 'DELEGATECALL' | 'STATICCALL', to: bigint, io: readonly [number, number, number, number], value = 0n, gas?: number): Array<string | bigint | number> {
  const [inAt, inSize, outAt, outSize] = io;
  const withValue = op === 'CALL' || op === 'CALLCODE';
  return ['PUSH2', outSize, 'PUSH2', outAt, 'PUSH2', inSize, 'PUSH2', inAt, ...(withValue ? ['PUSH32', value] : []), 'PUSH20', to,
    ...(gas === undefined ? ['GAS'] : ['PUSH3', gas]), op, 'POP'];
}
/** A signature of a hash by a fixed key (ecrecover's input: hash, v, r, s). */
const ECRECOVER_INPUT = (() => {
  const hash = keccak_256(new TextEncoder().encode('evm soundness target'));
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(hash, keccak_256(new TextEncoder().encode('evm soundness key')), { prehash: false, format: 'recovered' }), 'recovered');
  return [BigInt(`0x${Buffer.from(hash).toString('hex')}`), 27n + BigInt(sig.recovery!), sig.r, sig.s];
})();
/** A CREATE (or a CREATE2 with `salt`) of the 4-byte init code at memory 0x300 with `value`; the address popped. */
const create = (value: bigint, salt?: number) => [...(salt === undefined ? [] : ['PUSH1', salt]), 'PUSH1', 4, 'PUSH2', 0x300, 'PUSH32', value, salt === undefined ? 'CREATE' : 'CREATE2', 'POP'];

/**
 * The call frames (the tx after EMPTY_REVERT's): BLOCKHASH of the current block, CALL of ECHO with value and input
 * (its word stored, 2 bytes returned: RETURNDATASIZE, RETURNDATACOPY), STATICCALL of READER, DELEGATECALL and CALLCODE (with value) of ECHO, a CALL of
 * UNDONE (its write and the value undone), a CALL with value to a cold empty account (EIP-161's 25000), one with more
 * value than the balance (no frame), a STATICCALL of WRITER (write protection), CALLs of COLD_SHORT and VALUE_SHORT
 * (their own CALLs out of gas); the identity, ecrecover (a valid signature) and MODEXP (3^5 mod 7, one-byte lengths)
 * called with and without enough gas; a CREATE with more value than the balance (no frame), CREATE and CREATE2 of a
 * one-byte runtime, the same CREATE2 again (a collision: it takes all the gas it is given, so it comes last).
 */
function calls(): Uint8Array {
  const word = (v: bigint, at: number) => ['PUSH32', v, 'PUSH2', at, 'MSTORE'];
  const [echo, reader, undone, writer, coldShort, valueShort] = CALLEES.map(([a]) => BigInt(a.toString()));
  const huge = 10n ** 30n;
  return asm(
    ...word(0x11223344n << 224n, 0), 'NUMBER', 'BLOCKHASH', 'POP',
    ...call('CALL', echo, [0, 4, 0x40, 32], 3n), 'RETURNDATASIZE', 'POP', 'PUSH1', 2, 'PUSH0', 'PUSH1', 0x80, 'RETURNDATACOPY',
    ...call('STATICCALL', reader, [0, 0, 0, 0]), ...call('DELEGATECALL', echo, [0, 4, 0x40, 32]), ...call('CALLCODE', echo, [0, 4, 0x40, 32], 1n),
    ...call('CALL', undone, [0, 0, 0, 0], 2n), ...call('CALL', FRESH, [0, 0, 0, 0], 1n), ...call('CALL', echo, [0, 0, 0, 0], huge),
    ...call('STATICCALL', writer, [0, 0, 0, 0], 0n, 30_000), ...call('CALL', coldShort, [0, 0, 0, 0], 0n, 2000), ...call('CALL', valueShort, [0, 0, 0, 0], 0n, 8000),
    // the identity: 5 bytes, then short of its 15 + 3
    ...call('CALL', 4n, [0, 5, 0xa0, 5]), ...call('STATICCALL', 4n, [0, 5, 0xa0, 5], 0n, 10),
    // ecrecover: a valid signature, then short of its 3000
    ...ECRECOVER_INPUT.flatMap((v, i) => word(v, 0x100 + 32 * i)), ...call('STATICCALL', 1n, [0x100, 128, 0x180, 32]), ...call('STATICCALL', 1n, [0x100, 128, 0x180, 32], 0n, 100),
    // MODEXP 3^5 mod 7 (lengths 1, 1, 1), then short of its 200
    ...[1n, 1n, 1n, 0x030507n << 232n].flatMap((v, i) => word(v, 0x200 + 32 * i)), ...call('STATICCALL', 5n, [0x200, 99, 0x280, 1]), ...call('STATICCALL', 5n, [0x200, 99, 0x280, 1], 0n, 100),
    // init code PUSH1 1 PUSH0 RETURN (a one-byte runtime)
    ...word(0x60015ff3n << 224n, 0x300), ...create(huge), ...create(0n), ...create(0n, 7), ...create(0n, 7),
    'STOP',
  );
}
const ending = (i: number) => addressOf(0xe0e10 + i);

/** SHA-256 called on 5 bytes (nothing asked back), then short of its 60 + 12. */
const SHA256_CALLER = addressOf(0xe0e24);
const sha256Calls = (): Uint8Array => asm('PUSH5', 0x0102030405n, 'PUSH0', 'MSTORE', ...call('STATICCALL', 2n, [27, 5, 0, 0]), ...call('STATICCALL', 2n, [27, 5, 0, 0], 0n, 50), 'STOP');
/** An invalid jump to 2^128 (ErrorInvalidJump's far flag). */
const FAR_JUMP = addressOf(0xe0e25);
/** A 1025th PUSH0 (ErrorStackOverflow). */
const OVERFLOW = addressOf(0xe0e26);
/** SELFDESTRUCT of a funded account to a cold empty one with its 5000 + 2600 but not the new account's 25000 (ErrorOutOfGasSelfdestruct). */
const SELFDESTRUCT_SHORT = addressOf(0xe0e27);
/**
 * ecAdd (G + 2G, by CALL with 1 wei) and ecMul ((2G.x)·G from the same 96 bytes), each asked 64 bytes back; then ecAdd of
 * a point not on the curve (EcFailure after EcResult) and ecAdd short of its 150 (EcFailure instead of PrecompileEc).
 */
const EC_CALLER = addressOf(0xe0e28);
const ecCalls = (): Uint8Array => {
  const twoG = bn254.G1.Point.BASE.double().toAffine();
  const words = [1n, 2n, twoG.x, twoG.y].flatMap((w, i) => ['PUSH32', w, 'PUSH1', 32 * i, 'MSTORE']);
  return asm(...words, ...call('CALL', 6n, [0, 128, 0x100, 64], 1n), ...call('STATICCALL', 7n, [0, 96, 0x100, 64]),
    'PUSH1', 3, 'PUSH1', 96, 'MSTORE', ...call('STATICCALL', 6n, [0, 128, 0x100, 64], 0n, 1000), ...call('STATICCALL', 6n, [0, 128, 0x100, 64], 0n, 149), 'STOP');
};
/**
 * Txs to ecAdd and ecMul (their root calls: PrecompileRootEc, EcRootInput): G + 2G, a 33-byte input (1, 0) not on the
 * curve (EcFailure after EcResult), ecMul one gas short of its 6000 (EcFailure after BeginTxPrecompile).
 */
const EC_ROOTS: readonly Call[] = (() => {
  const twoG = bn254.G1.Point.BASE.double().toAffine();
  const bytes = (...words: bigint[]) => Uint8Array.from(words.flatMap((w) => Array.from({ length: 32 }, (_, i) => Number((w >> BigInt(8 * (31 - i))) & 0xffn))));
  const mul = bytes(1n, 2n, 3n);
  const dataGas = (d: Uint8Array) => BigInt(d.reduce((n, b) => n + (b === 0 ? 4 : 16), 0));
  return [
    { to: addressOf(6), data: bytes(1n, 2n, twoG.x, twoG.y), value: 1n }, { to: addressOf(6), data: bytes(1n, 0n).subarray(0, 33) },
    { to: addressOf(7), data: mul, value: 2n, gasLimit: 21_000n + dataGas(mul) + 5_999n },
  ];
})();
/** Copies from offsets ≥ 2^32 (zeros; CopyFarOffset after the last bytes row): CALLDATACOPY, CODECOPY, and FAR_CALLEE's nested CALLDATACOPY. */
const FAR_COPIER = addressOf(0xe0e29);
const FAR_CALLEE = addressOf(0xe0e2a);
/** A STATICCALL whose return range starts at 2^32 (ErrorOutOfGasCallFar; its tx fails). */
const FAR_CALLER = addressOf(0xe0e2b);
const farCopies = (): Uint8Array => asm('PUSH1', 5, 'PUSH32', 1n << 32n, 'PUSH0', 'CALLDATACOPY', 'PUSH1', 3, 'PUSH32', 1n << 200n, 'PUSH1', 8, 'CODECOPY',
  ...call('STATICCALL', BigInt(FAR_CALLEE.toString()), [0, 8, 0, 0]), 'STOP');
/** A tx to MODEXP (PrecompileRootModexp, ModexpRootInput): 3^5 mod 7, EIP-198's header of 1-byte lengths. */
const MODEXP_ROOT_INPUT = Uint8Array.from([...[1, 1, 1].flatMap((n) => [...Array(31).fill(0), n]), 3, 5, 7]);
/** Txs to BLAKE2F: 12 rounds, the last block; then its first 212 bytes (Blake2fRootFailure). */
const BLAKE2F_ROOT_INPUT = Uint8Array.from({ length: 213 }, (_, i) => (i === 3 ? 12 : i === 212 ? 1 : i < 3 ? 0 : (i * 37 + 11) & 0xff));
/** Where the sender's creation tx with `nonce` (its txs before it) creates: the last tx's address, put in use beforehand. */
const createdBy = (nonce: number) => new Address(generateAddress(SENDER.bytes, bigIntToBytes(BigInt(nonce))));

let input: EvmFixtureInput | undefined;
const prepared = (): EvmFixtureInput => {
  if (input === undefined) throw new Error('evm target: call prepare() first (its witness comes from an async VM run)');
  return input;
};
const capacity = () => {
  const ops = evmTableOps(prepared().witness.steps);
  return { steps: prepared().witness.steps.length + 8, bitwiseOps: ops.and.length, arith: arithSlots(ops.arith) };
};

/**
 * KECCAK256's bytes from KeccakBytes row `from` on looked up under keccak input 2 instead of 1: those rows' id (inv)
 * is 2 and the fixture's rows of those bytes are relabelled 2, the digest row kept under id 1 — every lookup finds
 * its row, and only the id's hand-over into row `from` objects (the opener's rule for row 0, the chain's after).
 */
function keccakIdEdit(from: number): NegativeTest {
  return {
    name: `KECCAK256: the bytes of KeccakBytes row ${from} on hashed under keccak input 2, the rest and the digest under 1 (the fixture relabelled to agree)`,
    mutate: (w) => {
      const steps = prepared().witness.steps;
      const first = steps.findIndex((s) => s.spec.name === 'KECCAK256') + 1;
      for (let row = first + from; steps[row]?.spec.gadget.name === 'KeccakBytes'; row++) w.set('evm inv', row, 2n);
      for (let i = KECCAK_BYTES_PER_ROW * from; i < prepared().witness.keccakInputs[0]!.length; i++) w.set('keccak fixture id', i, 2n);
    },
  };
}

/**
 * `op`'s log written under another log id from its continuation row `from` on (LogData, then LogTopic rows): those
 * rows' id (inv), their TxLog slots' address cells and the RW table's addresses of those writes move by 1000 — every
 * lookup and key rule holds, and only the id's hand-over into row `from` objects (the opener's, LogData's or
 * LogTopic's chain rule).
 */
function logIdEdit(op: string, from: number): NegativeTest {
  return {
    name: `${op}: its log written under another id from continuation row ${from} on (the TxLog writes' keys in the RW table follow)`,
    mutate: (w) => {
      const steps = prepared().witness.steps;
      const opener = steps.findIndex((s) => s.spec.name === op);
      for (let row = opener + 1 + from; /^Log(Data|Topic)$/.test(steps[row]?.spec.gadget.name ?? ''); row++) {
        w.add('evm inv', row, 1000n);
        steps[row]!.rws.forEach((rw, j) => {
          if (rw.tag !== RwTag.TxLog) return;
          w.add(`evm slot ${j} address`, row, 1000n);
          w.add('rw table address', rw.rwCounter - 1, 1000n);
        });
      }
    },
  };
}

/**
 * The PUSH1 after REVERTED's PUSH32 told its one flag is flag j instead of flag 0: the mask still counts n = 1 and
 * byte j is looked up at pc + 1 − j, so it pushes that byte·256^j; the write, the POP's read and their RW table rows
 * follow. For 2 ≤ j ≤ 31 that byte is one of the PUSH32's data (isCode 0); for j = 1 it is the PUSH1 opcode itself,
 * and the bytecode table gains a row calling it push data (the bytecode circuit's to refuse). Only the mask's
 * monotonicity at j objects.
 */
function pushFlagEdit(j: number): NegativeTest {
  return {
    name: `PUSH1 with push flag ${j} instead of flag 0 (it reads the byte at ${j === 1 ? 'pc' : `pc − ${j - 1}`}${j === 1 ? ', a bytecode table row calling the opcode push data' : ''}; the write and the POP's read agree)`,
    mutate: (w) => {
      const steps = prepared().witness.steps;
      const row = steps.findIndex((s, i) => s.spec.name === 'PUSH1' && steps[i - 1]?.spec.name === 'PUSH32' && steps[i - 1]!.rws[0]!.value === PUSH_DATA);
      // the byte at pc + 1 − j: the opcode (j = 1) or PUSH32's data byte 33 − j from its first, i.e. little-endian byte j − 2
      const byte = j === 1 ? 0x60n : (PUSH_DATA >> BigInt(8 * (j - 2))) & 0xffn;
      if (j === 1) {
        const fields = [BYTE_ROW, w.get('evm codeHashLo', row), w.get('evm codeHashHi', row), w.get('evm pc', row), byte, 0n];
        BYTECODE_TABLE_FIELDS.forEach((f, k) => w.set(`bytecode table ${f}`, w.assignment.usableRows - 1, fields[k]!));
      }
      const old = w.get('evm aux byte 0', row);
      w.set('evm push flag 0', row, 0n);
      w.set(`evm push flag ${j}`, row, 1n);
      w.set('evm aux byte 0', row, 0n);
      w.set(`evm aux byte ${j}`, row, byte);
      movePushed(w, row, 'lo', -old);
      movePushed(w, row, j < 16 ? 'lo' : 'hi', byte << BigInt(8 * (j % 16)));
    },
  };
}

/**
 * `column` moved by `delta` on every row of tx `id` (BeginTx … EndTx4): the rule that it is constant within a tx holds,
 * the hand-overs into the next tx are free. For the first tx (an ETH transfer that succeeds) revertEnd and the
 * reversible-write count + 1 are read by nothing else (its failure rules and reversion lookup are off), so only the
 * rule pinning the cell on BeginTx or EndTx objects (HAND_NEGATIVES); the others break a lookup too (SEARCH_LIES).
 */
function txWideEdit(column: 'evm revertEnd' | 'evm reversible' | 'evm persistent', id: bigint, delta = 1n): NegativeTest {
  return {
    name: `${column} ${delta > 0n ? '+' : '−'} ${delta > 0n ? delta : -delta} on every row of tx ${id}`,
    mutate: (w) => { for (let row = 0; row < prepared().witness.steps.length; row++) if (w.get('evm txId', row) === id) w.add(column, row, delta); },
  };
}

/**
 * Lies over many rows that break an RW lookup too, for the edit search to settle (search.ts settleLie: the RW table
 * gains the rows they read): the first tx, which succeeds, told it failed (persistent 0: its reversible rows' undo
 * writes looked up), and the REVERT ending's tx (6, failed) told its reversion writes end one counter later.
 */
export const SEARCH_LIES: readonly NegativeTest[] = [txWideEdit('evm persistent', 1n, -1n), txWideEdit('evm revertEnd', 6n)];

/**
 * The first padding row left with no state at all (every selector 0): its statics follow the last tx's EndTx4 as a
 * row of that tx would (revertEnd, the reversible-write count, isRoot, persistent), every state-gated rule is off, and its opcode-table
 * tuple is all zero like padding's (state id 0). Only "one state hi" objects.
 */
const EMPTY_ROW: NegativeTest = {
  name: 'the first padding row with no state (its revertEnd, reversible count, isRoot and persistent those of the row before)',
  mutate: (w) => {
    const row = prepared().witness.steps.length;
    w.set('evm state hi 0', row, 0n); // padding's high selector cell (state id 0)
    for (const column of ['evm revertEnd', 'evm reversible', 'evm isRoot', 'evm persistent']) w.set(column, row, w.get(column, row - 1));
  },
};

/** The last row's count cell (c0: RW operations, c1: txs) and its public input raised together: only the count's rule objects. */
function countEdit(cell: 'evm c0' | 'evm c1', instanceRow: number): NegativeTest {
  return {
    name: `${cell} of the last row and public count ${instanceRow} both + 1`,
    mutate: (w) => {
      w.add(cell, capacity().steps - 1, 1n);
      w.add('rw and tx counts', instanceRow, 1n);
    },
  };
}

/**
 * The EC calls' table-bound cells (`ecCalls`' first ecAdd and first ecMul): a result word (x lo in EcResult's aux, y lo in
 * its slot 1) and the fixture table's row moved together, so only the output rows' hand-over objects; or the fixture
 * table's row alone moved (an input word), so only the lookup does.
 */
function ecEdit(name: string, edit: (w: WitnessEditor, result: number) => void, nth = 0): NegativeTest {
  return { name, mutate: (w) => edit(w, prepared().witness.steps.flatMap((step, i) => (step.spec.gadget.name === 'EcResult' ? [i] : []))[nth]!) };
}
const EC_NEGATIVES: readonly NegativeTest[] = [
  ecEdit("ecAdd's x lo + 1 at EcResult and in the table: not its output rows' x", (w, row) => { w.add('evm aux byte 0', row, 1n); w.add('ecadd fixture x3 lo', 0, 1n); }),
  ecEdit("ecAdd's y lo + 1 at EcResult (slot 1, unread: its prev too) and in the table: not its output rows' y", (w, row) => {
    for (const column of ['evm slot 1 lo', 'evm slot 1 prev lo']) w.add(column, row, 1n);
    w.add('ecadd fixture y3 lo', 0, 1n);
  }),
  ecEdit("ecAdd's table row with x1 lo + 1: no row for the call", (w) => w.add('ecadd fixture x1 lo', 0, 1n)),
  ecEdit("ecMul's table row with s lo + 1: no row for the call", (w) => w.add('ecmul fixture s lo', 0, 1n), 1),
];

/** The negatives written by hand (the searched ones are in evm-edits.ts). */
export const HAND_NEGATIVES: readonly NegativeTest[] = [...Array.from({ length: 32 }, (_, j) => pushByteEdit(j)), ...Array.from({ length: 31 }, (_, i) => pushFlagEdit(i + 1)), keccakIdEdit(0), keccakIdEdit(1),
  logIdEdit('LOG0', 0), logIdEdit('LOG0', 1), logIdEdit('LOG2', 1), logIdEdit('LOG2', 2), txWideEdit('evm revertEnd', 1n), txWideEdit('evm reversible', 1n), EMPTY_ROW,
  countEdit('evm c0', 0), countEdit('evm c1', 1), ...EC_NEGATIVES];

const RW_FIELD: Record<string, string> = { lo: 'valueLo', hi: 'valueHi', 'prev lo': 'valuePrevLo', 'prev hi': 'valuePrevHi', address: 'address' };
/**
 * "slot j f+g@row": slot j's cells f, g of the step on `row` + 1, and the same cells of its operation in the RW table,
 * so that the RW lookup agrees and only the state's rule on the value (or address) objects.
 */
export function slotEdit(spec: string): NegativeTest {
  const m = /^slot (\d) (.+)@(\d+)$/.exec(spec);
  if (!m) throw new Error(`bad slot edit "${spec}"`);
  const [, j, fields, row] = m;
  return {
    name: `${spec} (the RW table agrees)`,
    mutate: (w) => {
      const rwRow = prepared().witness.steps[Number(row)]!.rws[Number(j)]!.rwCounter - 1;
      for (const f of fields!.split('+')) {
        w.add(`evm slot ${j} ${f}`, Number(row), 1n);
        w.add(`rw table ${RW_FIELD[f]}`, rwRow, 1n);
      }
    },
  };
}
/**
 * PUSH32's immediate byte j + 1 (the aux byte), with the pushed word, its RW write and the POP's read of it following:
 * only push byte j's bytecode lookup objects (the code holds the old byte).
 */
function pushByteEdit(j: number): NegativeTest {
  return {
    name: `PUSH32 byte ${j} + 1 (the pushed word, its write and the POP's read agree)`,
    mutate: (w) => {
      const row = prepared().witness.steps.findIndex((s) => s.spec.name === 'PUSH32');
      const [half, shift] = j < 16 ? ['lo', j] as const : ['hi', j - 16] as const;
      w.add(`evm aux byte ${j}`, row, 1n);
      movePushed(w, row, half, 1n << BigInt(8 * shift));
    },
  };
}

/** The word a push on `row` writes moved by d in one half: its slot, the POP's read on the next row, their RW table rows. */
function movePushed(w: WitnessEditor, row: number, half: 'lo' | 'hi', d: bigint): void {
  const steps = prepared().witness.steps;
  const [value, prev] = half === 'lo' ? ['valueLo', 'valuePrevLo'] : ['valueHi', 'valuePrevHi'];
  w.add(`evm slot 0 ${half}`, row, d);
  w.add(`rw table ${value}`, steps[row]!.rws[0]!.rwCounter - 1, d);
  const pop = steps[row + 1]!.rws[0]!.rwCounter - 1;
  for (const f of [half, `prev ${half}`]) w.add(`evm slot 0 ${f}`, row + 1, d);
  for (const f of [value, prev]) w.add(`rw table ${f}`, pop, d);
}
/** The columns of a hash table fixture (keccak/fixture.ts: the keccak and the SHA-256 fixture). */
const HASH_FIXTURE_FIELDS = ['kind', 'id', 'indexOrLength', 'byte', 'hashLo', 'hashHi'];
const KECCAK_FIXTURE_COLUMNS = HASH_FIXTURE_FIELDS.map((f) => `keccak fixture ${f}`);
const FIXTURE_COLUMNS = [
  ...RW_TABLE_FIELDS.map((f) => `rw table ${f}`), ...BYTECODE_TABLE_FIELDS.map((f) => `bytecode table ${f}`),
  ...TX_TABLE_FIELDS.map((f) => `tx table ${f}`), ...BLOCK_TABLE_FIELDS.map((f) => `block table ${f}`),
  ...SIG_TABLE_FIELDS.map((f) => `sig table ${f}`), ...MODEXP_FIXTURE_FIELDS.map((f) => `modexp table ${f}`),
  ...HASH_FIXTURE_FIELDS.map((f) => `sha256 fixture ${f}`), ...EC_ADD_TABLE_FIELDS.map((f) => `ecadd fixture ${f}`), ...EC_MUL_TABLE_FIELDS.map((f) => `ecmul fixture ${f}`),
];
/** The fixture tables' columns, which the edit search may rewrite so that a table agrees with a lie (search.ts tableRepair). */
export const FIXTURE_TABLES = new RegExp(`^(${[...FIXTURE_COLUMNS, ...KECCAK_FIXTURE_COLUMNS].join('|')})$`);

/**
 * The per-row cells a state may leave unused: the aux word's bytes, c0, c1, inv and the access slots' cells, the
 * reversible-write counter (read by no rule on padding rows); and the
 * arithmetic table's inverse column, shared by the divisor's and the shift word's IsZero (unused on other rows).
 */
const SCRATCH_COLUMNS = [
  ...Array.from({ length: 32 }, (_, j) => `evm aux byte ${j}`), 'evm c0', 'evm c1', 'evm inv', 'evm arith inv', 'evm reversible',
  ...Array.from({ length: RW_SLOTS }, (_, j) => ['address', 'lo', 'hi', 'prev lo', 'prev hi'].map((f) => `evm slot ${j} ${f}`)).flat(),
];
let honestAssignment: Assignment | undefined;
/** A cell no rule depends on but the unconditional byte-range lookup of the aux bytes (checked, not assumed from the state's name). */
const unread = (column: string) => (row: number): boolean => {
  honestAssignment ??= synthesizeVariant(evm.honest());
  return liveReaders(honestAssignment, column, row).every((item) => /^lookup evm aux byte \d+$/.test(item));
};
const SCRATCH: AllowRule[] = SCRATCH_COLUMNS.map((column) => ({
  kind: 'cells', column, rows: unread(column),
  reason: 'scratch the row\'s state does not use: no gate, lookup or copy depends on the cell on this row (an aux byte: only its byte-range lookup) — e.g. unused slots, the aux word of a POP, an IsZero inverse of a zero value, a padding row\'s reversible counter',
}));

export const evm: SoundnessTarget = {
  name: 'evm',
  family: 'evm',
  description: 'circuits/evm: the EVM step state machine over fixture RW/bytecode/tx/block tables, one block run by @ethereumjs',
  async prepare() {
    const txs: Call[] = [
      { to: EOA, value: 1000n }, { to: CONTRACT, data: asm('PUSH32', 5n).slice(1) }, { to: HASHER },
      { to: COPIER, data: Uint8Array.from({ length: 40 }, (_, i) => i + 1), value: 7n }, { to: undefined as never, data: INIT },
      ...ENDINGS.map((_, i) => ({ to: ending(i) })),
      { to: ACCOUNTS, value: 5n }, { to: undefined as never, data: SELF_DESTRUCTING_INIT, value: 3n }, { to: REVERTER, value: 2n },
      { to: EMPTIES }, { to: EMPTY_REVERT },
      { to: CALLS, value: 100n, accessList: [{ address: READER, storageKeys: [1n] }, { address: FRESH_LISTED, storageKeys: [] }] },
      { to: SHA256, data: Uint8Array.of(1, 2, 3) }, { to: SHA256, data: Uint8Array.of(1, 2, 3), gasLimit: 21_000n + 3n * 16n + 60n },
      ...SHORT_ROOTS.map(([, , gas, value], i) => ({ to: shortRoot(i), gasLimit: 21_000n + gas, value })),
      { to: undefined as never, data: EF_INIT },
      { to: SHA256_CALLER }, { to: FAR_JUMP }, { to: OVERFLOW }, { to: SELFDESTRUCT_SHORT, value: 1n, gasLimit: 21_000n + 10_000n },
    ];
    // a creation at an address in use (its code, deployed before the block): CreateTxCollision
    const colliding = createdBy(txs.length);
    txs.push({ to: undefined as never, data: asm('STOP'), value: 4n }, { to: EC_CALLER, value: 1n }, ...EC_ROOTS, { to: FAR_COPIER, data: Uint8Array.of(1, 2, 3) }, { to: addressOf(5), data: MODEXP_ROOT_INPUT, value: 1n }, { to: FAR_CALLER },
      { to: addressOf(9), data: BLAKE2F_ROOT_INPUT, value: 1n }, { to: addressOf(9), data: BLAKE2F_ROOT_INPUT.subarray(0, 212) });
    input ??= evmFixtureInput((globalThis as any).__block = await runBlock(txs,
      [
        { address: CONTRACT, code: program(), storage: [[1n, 5n]] }, { address: HASHER, code: hasher() }, { address: COPIER, code: copier() },
        ...ENDINGS.map(([, code], i) => ({ address: ending(i), code })),
        { address: ACCOUNTS, code: accounts() }, { address: REVERTER, code: REVERTED }, { address: EMPTIES, code: empties() },
        { address: EMPTY_REVERT, code: asm('PUSH0', 'PUSH2', 0x6789, 'REVERT') },
        { address: CALLS, code: calls() }, ...CALLEES.map(([address, code]) => ({ address, code })),
        ...SHORT_ROOTS.map(([, code], i) => ({ address: shortRoot(i), code })),
        { address: SHA256_CALLER, code: sha256Calls() }, { address: FAR_JUMP, code: asm('PUSH17', 1n << 128n, 'JUMP') },
        { address: OVERFLOW, code: asm(...Array.from({ length: 1025 }, () => 'PUSH0')) }, { address: SELFDESTRUCT_SHORT, code: asm('PUSH20', 0xfee3n, 'SELFDESTRUCT') },
        { address: colliding, code: asm('STOP') }, { address: EC_CALLER, code: ecCalls() },
        { address: FAR_COPIER, code: farCopies() }, { address: FAR_CALLER, code: asm('PUSH1', 1, 'PUSH5', 1n << 32n, 'PUSH0', 'PUSH0', 'ADDRESS', 'GAS', 'STATICCALL', 'STOP') }, { address: FAR_CALLEE, code: asm('PUSH1', 3, 'PUSH32', 1n << 64n, 'PUSH1', 1, 'CALLDATACOPY', 'STOP') },
      ],
    ));
  },
  honest: () => ({ circuit: new EvmFixtureCircuit(capacity(), prepared(), { modexp: true, ec: 'fixture' }), k: K, instances: evmFixtureInstances(prepared().witness) }),
  negatives: [...CELL_EDITS.map(cellEdit), ...SLOT_EDITS.map(slotEdit), ...REPAIRED_EDITS.map(cellEdit), ...HAND_NEGATIVES],
  allow: [PADDING, ...SCRATCH, ...FIXTURE_COLUMNS.map((column) => ({
    kind: 'cells' as const, column, rows: () => true, reason: 'a fixture table column: plain advice proven by the state, bytecode, tx, public-input, sig, MODEXP, SHA-256 or EC precompile circuit, not by this one',
  })), ...KECCAK_FIXTURE_COLUMNS.map((column) => ({
    kind: 'cells' as const, column, rows: () => true,
    reason: 'the keccak fixture: plain advice proven by the keccak circuit (since CODECOPY runs: the bytes of a code no step copies are hashed there and looked up by the bytecode circuit under the same id, not by this one)',
  }))],
};

export const evmTargets: readonly SoundnessTarget[] = [evm];

/**
 * Where the edit search (search.ts isolateItem) looks for an item of the EVM circuit: a gadget's gates on the rows of
 * its state, the table chips' items on their regions' rows, the rest (state machine rules, step lookups) on every
 * step row.
 */
export function evmItemRows(honest: Assignment, item: string): number[] {
  const region = (name: string) => honest.regions.find((x) => x.name === name)!;
  const range = ({ start, rows }: { start: number; rows: number }) => Array.from({ length: rows }, (_, i) => start + i);
  const steps = range(region('evm steps'));
  const gate = /^gate evm (.+?)(?: is zero)?\//.exec(item)?.[1];
  const state = gate === undefined || !GADGETS.some((g) => g.name === gate) ? undefined
    : evmStateCells(gate, 0).filter((e) => e.value === 1n).map((e) => honest.cs.advice.find((c) => c.name === e.column)!.index);
  if (state) return steps.filter((row) => state.every((column) => honest.advice[column]![row] === 1n));
  if (gate === 'first') return [steps[0]!];
  if (gate === 'last') return [steps.at(-1)!];
  if (/^(gate|lookup) evm arith./.test(item)) return range(region('evm arith'));
  if (/^(gate|lookup) evm and word./.test(item)) return range(region('evm and word rows'));
  return steps;
}

const SLOT_FIELDS = ['address', 'lo', 'hi', 'prev lo', 'prev hi', 'lo+prev lo', 'hi+prev hi'];
/**
 * The edit search's candidates (search.ts) on the honest assignment: v + 1, 0 and 2 on every EVM cell of the step
 * rows (padding included) and of the AND word and arithmetic tables' regions; slot edits on every slot a step makes.
 */
export function evmCandidates(honest: Assignment): { cells: () => Iterable<[string, NegativeTest]>; slots: () => Iterable<[string, NegativeTest]> } {
  const region = (name: string) => { const r = honest.regions.find((x) => x.name === name)!; return { start: r.start, rows: r.rows }; };
  const steps = region('evm steps');
  const tables = ['evm and word rows', 'evm arith'].map(region);
  const own = honest.cs.advice.map((c) => c.name).filter((n) => n.startsWith('evm '));
  const isTable = (n: string) => n.startsWith('evm and word') || n.startsWith('evm arith');
  const rowsOf = (n: string) => (isTable(n) ? tables : [steps]).flatMap(({ start, rows }) => Array.from({ length: rows }, (_, i) => start + i));
  function* cells(): Iterable<[string, NegativeTest]> {
    for (const column of own) for (const row of rowsOf(column)) for (const v of ['+ 1', '= 0', '= 2']) {
      const spec = `${column}@${row} ${v}`;
      yield [spec, cellEdit(spec)];
    }
  }
  function* slots(): Iterable<[string, NegativeTest]> {
    const all = prepared().witness.steps;
    for (let row = 0; row < all.length; row++) for (let j = 0; j < all[row]!.rws.length; j++) for (const f of SLOT_FIELDS) {
      const spec = `slot ${j} ${f}@${row}`;
      yield [spec, slotEdit(spec)];
    }
  }
  return { cells, slots };
}
