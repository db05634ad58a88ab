/**
 * Contract-creation txs (to = null): the rows that replace BeginTx6 for a creation, and the code deposit after the
 * creating frame's RETURN (CREATE/CREATE2 from running code: create-opcode.ts, on the same code deposit).
 *
 * After BeginTxFunds1 (tx.ts), for a creation (A = the new address, CallContext CalleeAddress written by BeginTx2):
 *   CreateNonce     the sender's nonce N = tx.nonce as aux bytes 0 … 7 and its RLP form as one-hot flags: short
 *                   (c1; N < 128 — aux byte 9 = 127 − N, bytes 1 … 7 zero) or long with n bytes (flag n in the lo/hi
 *                   cells of slots 0 … 3, n = 1 … 8: bytes n … 7 zero, aux byte 8 = leading byte − 1, or − 128 for
 *                   n = 1), so exactly RLP's minimal form holds; c0 = (N = 0) by IsZero.
 *   CreateAddress   reads A and writes it warm (TxAccessListAccount, EIP-2929); the next row's aux word is rlp([sender, N]) (input byte i at aux byte 31 − i): list
 *                   header 0xc0 + L − 1, 0x94, the sender (looked up as tx.caller), then 0x80 (N = 0), N (short) or
 *                   0x80 + n and N's n bytes, zero after; L = 23 + n (long) or 23 (short). The digest of that input
 *                   (id = the next row's, length L) is (c0, aux hi) and A = c0 + (aux bytes 16 … 19)·2^128: the
 *                   low 20 bytes of keccak256(rlp([sender, nonce])) (Yellow Paper eq. 86).
 *   CreateRlp       the RLP rows: byte 4i + j of the input (aux byte 31 − j, the aux word shifted by 4 bytes a row) looked
 *                   up as input byte c0 + j of keccak id inv where flag j (slot j's lo) is set; r = c1 bytes left,
 *                   as KeccakBytes counts them (keccak.ts), so the rows hash exactly the L bytes.
 *   CreateBalance   A's balance b → b + tx.value, no carry; A's HasStorage reads 0 (EIP-7610). Or, where A has a nonce,
 *                   code or storage, CreateTxCollision: EIP-684/EIP-7610 fail the tx, below.
 *   CreateTx        A has no code and nonce 0 (EIP-684) and gets
 *                   nonce 1 (EIP-161); CallContext CodeHash = H, the digest of the init code (length tx.callDataLength,
 *                   keccak id of the next rows); gas −= 32000 + 2·w with 32·w = length + 31 − t (t, 31 − t in aux
 *                   bytes 0, 1, w in bytes 2, 3; EIP-3860's word cost), 49152 − length in bytes 4, 5 (EIP-3860's
 *                   limit) and the gas left in bytes 6 … 13 (the gas limit covers the creation's intrinsic gas).
 *   CreateInitCode  the init code rows: byte c0 + j of the tx's calldata (aux byte j) is byte c0 + j of the init code's
 *                   keccak input where flag j (slot 1 and 2's lo/hi) is set, counted as above; H carried in slot 0.
 *                   The last one starts the frame like BeginTx6: pc 0, empty stack and memory, code hash H (the
 *                   bytecode table holds the init code under H: the witness adds it), or EndTx when H is the empty code's.
 *
 * Code deposit: RETURN reads CallContext IsCreate; in a creating frame its next row is CodeDeposit (else EndTx):
 *   CodeDeposit     offset and size from RETURN's slots; reads A, writes A's CodeHash = the digest of the returned
 *                   bytes (id = the next row's, length = size); gas' = gas − 200·size; live = (size > 0) in slot 2's lo:
 *                   size − live and 24576 − size in aux bytes 0 … 3 (EIP-170); byte 0 of the input (c1) is not 0xEF
 *                   where live (EIP-3541: inv·(c1 − 0xEF) = live).
 *   CodeDepositBytes  KeccakBytes' rules as internal rows (keccak.ts): exactly memory[offset … offset + size − 1] are
 *                   the digest's input; then EndTx. The bytecode table gets the deployed code (the witness adds it).
 *   CodeDepositFail  instead of CodeDeposit where the deposit fails (a failing state, error.ts FAILURES: the frame's writes,
 *                   the new account's included, undone; gas' = 0): one reason flagged in aux bytes 8 … 10 and proven by aux
 *                   bytes 0 … 7 — size − 24577 (EIP-170), size − 1 with memory[offset] read as 0xEF (EIP-3541), or
 *                   200·size − gas − 1 (short of the deposit's gas). @ethereumjs charges all the frame's gas for each.
 * CreateBalance and CreateTx are `reversible` (step.ts): a failing init code or deposit undoes them (the reversion writes of circuit.ts).
 */
import { splitWord, TWO_128 } from '../../gadgets/word.js';
import { KECCAK_EMPTY } from '../../bytecode/table.js';
import { FR_MODULUS } from '../../field/constants.js';
import { modInverse } from '../../field/modular.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { TxTrace } from '../../witness/trace.js';
import { ANY_OPCODE, STACK_EMPTY, type AuxWitness, type ExecutionGadget, type GadgetConfigurer, type StepExprs } from '../step.js';
import { account, address, auxBytes, callContext, hasStorageOf, is, small, upperBytesZero } from './common.js';
import { keccakBytesRows } from './keccak.js';
import { memoryExpansion, rangeIndex } from './memory.js';
import { balanceUpdate, CREATE_FIRST, EMPTY_CODE_HASH, gasCarried, internal, SCRATCH } from './tx.js';
import { auxShifted } from './word-rows.js';

/** Gas of a creation tx beyond 21000 (Yellow Paper G_txcreate) and per init code word (EIP-3860). */
export const TX_CREATE_GAS = 32_000n;
export const INIT_CODE_WORD_GAS = 2n;
/** EIP-3860: the longest init code; EIP-170: the longest deployed code. */
export const MAX_INIT_CODE_SIZE = 49_152n;
export const MAX_CODE_SIZE = 24_576n;
/** Gas per deployed byte (Yellow Paper G_codedeposit). */
export const CODE_DEPOSIT_GAS = 200n;
/** EIP-3541: deployed code may not start with this byte. */
const EOF_MAGIC = 0xefn;
const BYTES_PER_ROW = 4;
/** RLP: an RLP string header byte, a list header byte, the header of a 20-byte string. */
const STRING = 0x80n;
const LIST = 0xc0n;
const ADDRESS_HEADER = 0x94n;
/** rlp([20-byte sender, nonce]) without the nonce's long-form bytes: list header, address header, 20 bytes, one nonce byte. */
const RLP_BASE_LENGTH = 23n;

const ONE = constant(1);
const B = 256n;
/** The nonce's long-form flag for n = 1 … 8 bytes (slot lo/hi cells of CreateNonce). */
const longFlag = (s: StepExprs, n: number): Expr => (n % 2 === 1 ? s.slot((n - 1) >> 1).lo : s.slot((n - 1) >> 1).hi);
const shortFlag = (s: StepExprs): Expr => s.c1;
const LONG = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export const nonceOf = (s: StepExprs): Expr => auxBytes(s, 0, 8);
const calleeRead = callContext(CallContextField.CalleeAddress, false);
const addressOf = (s: StepExprs, j: number): Expr => address(s.slot(j)).lo;
export const bool = (e: Expr): Expr => e.mul(ONE.sub(e));

/**
 * Byte-counting rules of a chain of rows `name` that look up up to 4 bytes each (flag j for byte j; c1 = bytes left,
 * c0 = index of the row's first byte, inv = keccak id), as KeccakBytes counts its memory reads.
 */
export function countedBytes(s: StepExprs, name: string, flag: (j: number) => Expr): Record<string, Expr> {
  const n = s.next;
  const more = n.state(name);
  const flags = Array.from({ length: BYTES_PER_ROW }, (_, j) => flag(j));
  const rest = s.c1.sub(sum(flags));
  const rules: Record<string, Expr> = {
    'a row not full leaves nothing': ONE.sub(flags[BYTES_PER_ROW - 1]!).mul(rest),
    'last: nothing left': ONE.sub(more).mul(rest),
    "more: r' = r − Σ flags": more.mul(n.c1.sub(rest)),
    "more: index' = index + 4": more.mul(n.c0.sub(s.c0).sub(BYTES_PER_ROW)),
    "more: id' = id": more.mul(n.inv.sub(s.inv)),
  };
  flags.forEach((f, j) => {
    rules[`flag ${j} boolean`] = bool(f);
    if (j > 0) rules[`flag ${j} ⇒ flag ${j - 1}`] = f.mul(ONE.sub(flags[j - 1]!));
  });
  return rules;
}

/** Where a nonce's RLP form flags are: the short form's (N < 128) and the long form's of n = 1 … 8 bytes. */
export interface NonceFlags { readonly short: (s: StepExprs) => Expr; readonly long: (s: StepExprs, n: number) => Expr }
/** CreateNonce's flags: c1 and the lo/hi cells of slots 0 … 3. */
const CELL_FLAGS: NonceFlags = { short: shortFlag, long: longFlag };

/**
 * The nonce N (aux bytes 0 … 7) in exactly one RLP form (`flags`): bytes past the form's length 0, aux byte 8 = the
 * leading byte − 1 (− 128 for n = 1), aux byte 9 = 127 − N for the short form; c0 = (N = 0) by IsZero.
 */
export function nonceForm(c: GadgetConfigurer, flags: NonceFlags): Record<string, Expr> {
  const s = c.step;
  c.isZero(nonceOf(s), c.c0Column);
  const short = flags.short(s);
  const long = (n: number) => flags.long(s, n);
  const rules: Record<string, Expr> = { 'short flag boolean': bool(short), 'one nonce form': sum([short, ...LONG.map(long)]).sub(1) };
  for (const n of LONG) rules[`long ${n} flag boolean`] = bool(long(n));
  // bytes past the form's length are 0: byte k needs a long form of more than k bytes
  for (let k = 1; k < 8; k++) rules[`nonce byte ${k} = 0 past its length`] = s.auxByte(k).mul(sum([short, ...LONG.filter((n) => n <= k).map(long)]));
  rules['aux byte 8 = leading byte − (n = 1 ? 128 : 1)'] = s.auxByte(8).sub(sum(LONG.map((n) => long(n).mul(s.auxByte(n - 1).sub(n === 1 ? 128 : 1)))));
  rules['aux byte 9 = short ? 127 − nonce : 0'] = s.auxByte(9).sub(short.mul(constant(127).sub(s.auxByte(0))));
  return rules;
}

/**
 * The first row of rlp([sender, N]) in `n`'s aux word (input byte i at aux byte 31 − i; the sender's 20 bytes are
 * aux bytes 10 … 29, which the caller binds), N's form from row `p` (nonceForm with `flags`): list header, address
 * header, N's encoding, zeros after; n's c1 = L = 23 + long bytes, its index c0 = 0.
 */
export function rlpRules(n: StepExprs, p: StepExprs, flags: NonceFlags): Record<string, Expr> {
  const nonce = nonceOf(p);
  const long = sum(LONG.map((k) => flags.long(p, k).mul(k)));
  // rlp input bytes 22 … 31 (aux bytes 9 … 0): the nonce's encoding, then zeros
  const top = B ** 9n;
  const tail = sum([
    flags.short(p).mul(nonce.add(p.c0.mul(STRING))).mul(top),
    ...LONG.map((k) => flags.long(p, k).mul(constant((STRING + BigInt(k)) * top).add(nonce.mul(B ** BigInt(9 - k))))),
  ]);
  return {
    'rlp length L = 23 + long bytes': n.c1.sub(long.add(RLP_BASE_LENGTH)),
    'rlp list header = 0xc0 + L − 1': n.auxByte(31).sub(long.add(LIST + RLP_BASE_LENGTH - 1n)),
    'rlp address header = 0x94': n.auxByte(30).sub(ADDRESS_HEADER),
    'rlp nonce bytes': auxBytes(n, 0, 10).sub(tail),
    'rlp rows start at index 0': n.c0,
  };
}

const CREATE_NONCE: ExecutionGadget = internal(CREATE_FIRST, ['CreateAddress'], [],
  (s) => [{ tag: TxFieldTag.Nonce, value: small(nonceOf(s)) }],
  (c) => c.gate({ ...nonceForm(c, CELL_FLAGS), ...upperBytesZero(c.step, 10), ...gasCarried(c.step) }));

const CREATE_ADDRESS: ExecutionGadget = {
  // (EIP-2929: the new address is warm from the start: written here, so nested frames see it accessed)
  ...internal('CreateAddress', ['CreateRlp'], [calleeRead, { write: true, tag: RwTag.TxAccessListAccount, field: 0, key: (s) => ({ id: s.txId, address: addressOf(s, 0) }) }],
    (s) => [{ tag: TxFieldTag.CallerAddress, value: small(auxBytes(s.next, 10, 20)) }],
    (c) => {
      const s = c.step;
      c.gate({
        ...rlpRules(s.next, s.at(-1), CELL_FLAGS),
        'new address = low 20 bytes of the hash': addressOf(s, 0).sub(s.c0.add(auxBytes(s, 16, 4).mul(TWO_128))), ...is(s.slot(1), small(ONE), 'new address warm'),
        ...lowBytesZero(s, 16), ...gasCarried(s),
      });
    }),
  keccakDigest: (s) => ({ id: s.next.inv, length: s.next.c1, hash: { lo: s.c0, hi: s.aux.hi } }),
};

/** Aux bytes 0 … n − 1 are zero. */
export const lowBytesZero = (s: StepExprs, n: number): Record<string, Expr> => Object.fromEntries(Array.from({ length: n }, (_, j) => [`aux byte ${j} = 0`, s.auxByte(j)]));

export const rlpFlag = (s: StepExprs, j: number): Expr => s.slot(j).lo;
/** A creation tx's state at an address in use (below). */
export const CREATE_TX_COLLISION_NAME = 'CreateTxCollision';
const CREATE_RLP: ExecutionGadget = {
  ...internal('CreateRlp', ['CreateRlp', 'CreateBalance', CREATE_TX_COLLISION_NAME], [], () => [],
    (c) => c.gate({ ...countedBytes(c.step, 'CreateRlp', (j) => rlpFlag(c.step, j)), ...auxShifted(c.step, c.step.next.state('CreateRlp')), ...gasCarried(c.step) })),
  keccakInputs: (s) => Array.from({ length: BYTES_PER_ROW }, (_, j) => ({ id: s.inv, index: s.c0.add(j), byte: s.auxByte(31 - j), enabled: rlpFlag(s, j) })),
};

// the new account's writes would be undone by a failing creation, which the failing states (error.ts) refuse
const CREATE_BALANCE: ExecutionGadget = {
  ...internal('CreateBalance', ['CreateTx'], [account(AccountField.Balance, true), calleeRead, hasStorageOf((s) => addressOf(s, 1))],
    (s) => [{ tag: TxFieldTag.Value, value: s.slot(SCRATCH) }],
    (c) => {
      const s = c.step;
      c.gate({
        'balance of the new address': s.slotAddress(0).sub(addressOf(s, 1)), ...balanceUpdate(s, s.slotPrev(0), s.slot(SCRATCH), s.aux), ...gasCarried(s),
        ...is(s.slot(2), small(constant(0)), 'no storage at the new address (EIP-7610)'),
      });
    }),
  reversible: true,
};

/**
 * A creation tx's init code of `length` bytes (EIP-3860) in aux bytes from … from + 13: t, 31 − t (bytes from, +1),
 * w = its words (+2, +3; 32·w = length + 31 − t), 49152 − length (+4, +5: the limit) and `gasLeft(w)` (+6 … +13),
 * the gas after its 32000 + 2·w, ≥ 0 (the gas limit covers the creation's intrinsic gas: a failing state would zero a
 * wrapped p − x unchecked).
 */
function initCodeRules(s: StepExprs, from: number, length: Expr, gasLeft: (words: Expr) => Expr): { rules: Record<string, Expr>; words: Expr } {
  const words = auxBytes(s, from + 2, 2);
  const rules = {
    't + (31 − t) = 31': s.auxByte(from).add(s.auxByte(from + 1)).sub(31),
    '32·w = length + 31 − t': words.mul(32).sub(length).sub(31).add(s.auxByte(from)),
    [`aux bytes ${from + 4}, ${from + 5} = 49152 − length (EIP-3860)`]: auxBytes(s, from + 4, 2).sub(constant(MAX_INIT_CODE_SIZE).sub(length)),
    [`aux bytes ${from + 6} … ${from + 13} = gas left (gas limit ≥ intrinsic gas)`]: auxBytes(s, from + 6, 8).sub(gasLeft(words)),
    ...upperBytesZero(s, from + 14),
  };
  return { rules, words };
}

const CREATE_TX: ExecutionGadget = {
  ...internal('CreateTx', ['CreateInitCode'], [calleeRead, account(AccountField.CodeHash, false), account(AccountField.Nonce, true), callContext(CallContextField.CodeHash)],
    (s) => [{ tag: TxFieldTag.CallDataLength, value: small(s.c0) }],
    (c) => {
      const s = c.step;
      const n = s.next;
      const a = addressOf(s, 0);
      const { rules, words } = initCodeRules(s, 0, s.c0, () => s.gas);
      c.gate({
        'code hash of the new address': s.slotAddress(1).sub(a), 'nonce of the new address': s.slotAddress(2).sub(a),
        ...is(s.slot(1), EMPTY_CODE_HASH, 'no code at the new address (EIP-684)'),
        ...is(s.slotPrev(2), small(constant(0)), 'nonce 0 before (EIP-684)'), ...is(s.slot(2), small(ONE), 'nonce 1 (EIP-161)'),
        ...rules, 'gas −= 32000 + 2·words': s.gas.sub(s.at(-1).gas).add(TX_CREATE_GAS).add(words.mul(INIT_CODE_WORD_GAS)),
        "init code rows: index' = 0": n.c0, "init code rows: r' = length": n.c1.sub(s.c0), ...is(n.slot(0), s.slot(3), "init code rows: hash' = H"),
      });
    }),
  keccakDigest: (s) => ({ id: s.next.inv, length: s.c0, hash: s.slot(3) }),
  reversible: true,
};

/** Flag j of an init code row: the lo/hi cells of slots 1 and 2 (slot 0 carries the hash). */
const initFlag = (s: StepExprs, j: number): Expr => (j % 2 === 0 ? s.slot(1 + (j >> 1)).lo : s.slot(1 + (j >> 1)).hi);
const CREATE_INIT_CODE: ExecutionGadget = {
  ...internal('CreateInitCode', ['CreateInitCode', ANY_OPCODE, 'EndTx'], [],
    (s) => Array.from({ length: BYTES_PER_ROW }, (_, j) => ({ tag: TxFieldTag.CallData, index: s.c0.add(j), value: small(s.auxByte(j)), enabled: initFlag(s, j) })),
    (c) => {
      const s = c.step;
      const n = s.next;
      const more = n.state('CreateInitCode');
      const runs = ONE.sub(more).sub(n.state('EndTx'));
      const hash = s.slot(0);
      c.gate({
        ...countedBytes(s, 'CreateInitCode', (j) => initFlag(s, j)),
        "more: hash' lo = hash lo": more.mul(n.slot(0).lo.sub(hash.lo)), "more: hash' hi = hash hi": more.mul(n.slot(0).hi.sub(hash.hi)),
        ...gasCarried(s), "gas' = gas": n.gas.sub(s.gas),
        "code runs: pc' = 0": runs.mul(n.pc), "code runs: sp' = 1024": runs.mul(n.sp.sub(STACK_EMPTY)), "code runs: memory' = 0": runs.mul(n.memoryWords),
        "code runs: code hash' lo": runs.mul(n.codeHash.lo.sub(hash.lo)), "code runs: code hash' hi": runs.mul(n.codeHash.hi.sub(hash.hi)),
        'no code: init code hash lo is the empty hash': n.state('EndTx').mul(hash.lo.sub(EMPTY_CODE_HASH.lo)),
        'no code: init code hash hi is the empty hash': n.state('EndTx').mul(hash.hi.sub(EMPTY_CODE_HASH.hi)),
      });
    }),
  keccakInputs: (s) => Array.from({ length: BYTES_PER_ROW }, (_, j) => ({ id: s.inv, index: s.c0.add(j), byte: s.auxByte(j), enabled: initFlag(s, j) })),
};

/** Slot of CodeDeposit's live flag (size > 0). */
const LIVE = 2;
const CODE_DEPOSIT: ExecutionGadget = {
  ...internal('CodeDeposit', ['CodeDepositBytes'], [calleeRead, account(AccountField.CodeHash, true)],
    () => [],
    (c) => {
      const s = c.step;
      const ret = s.at(-1);
      const n = s.next;
      const size = ret.slot(1).lo;
      const live = s.slot(LIVE).lo;
      c.gate({
        'code hash of the new address': s.slotAddress(1).sub(addressOf(s, 0)),
        'live boolean': bool(live), 'no bytes: live = 0': ONE.sub(live).mul(size),
        'aux bytes 0, 1 = size − live': auxBytes(s, 0, 2).sub(size.sub(live)),
        'aux bytes 2, 3 = 24576 − size (EIP-170)': auxBytes(s, 2, 2).sub(constant(MAX_CODE_SIZE).sub(size)),
        // the deposit is paid for: a nested creation's caller gets this back (a root creation's EndTx checks it too)
        "aux bytes 4 … 11 = gas' (≥ 0)": auxBytes(s, 4, 8).sub(n.gas), ...upperBytesZero(s, 12),
        'first byte is not 0xEF (EIP-3541)': s.inv.mul(s.c1.sub(EOF_MAGIC)).sub(live),
        "gas' = gas − 200·size": n.gas.sub(s.gas).add(size.mul(CODE_DEPOSIT_GAS)),
        "bytes rows: c0' = offset": n.c0.sub(ret.slot(0).lo), "bytes rows: r' = size": n.c1.sub(size), "bytes rows: index' = 0": rangeIndex(n),
      });
    }),
  keccakDigest: (s) => ({ id: s.next.inv, length: s.at(-1).slot(1).lo, hash: s.slot(1) }),
  keccakInputs: (s) => [{ id: s.next.inv, index: constant(0), byte: s.c1, enabled: s.slot(LIVE).lo }],
  // a nested creation's code is undone with the rest of it where a caller fails (create-opcode.ts)
  reversible: true,
};

/**
 * A (slot 0's address) is in use, read in slots 1 (Nonce) and 2 (CodeHash): one reason flagged in aux bytes 0 … 3 —
 * the nonce, the code hash's lo or its hi differs from an unused account's (EIP-684), with an inverse (inv, of 1 for
 * storage), or A has storage (EIP-7610: slot 3 reads A's HasStorage = 1, only for that reason).
 */
const COLLISION = { nonce: 0, hashLo: 1, hashHi: 2, storage: 3 } as const;
/** The aux bytes the flags take (CreateTxCollision's init code bytes follow them), as bits for the witness. */
const COLLISION_BYTES = COLLISION.storage + 1;
export const COLLISION_AUX_BITS = BigInt(8 * COLLISION_BYTES);
function collisionRules(s: StepExprs): Record<string, Expr> {
  const [nonce, hash] = [s.slot(1), s.slot(2)];
  const [f0, f1, f2, f3] = [COLLISION.nonce, COLLISION.hashLo, COLLISION.hashHi, COLLISION.storage].map((j) => s.auxByte(j)) as [Expr, Expr, Expr, Expr];
  const differs = f0.mul(nonce.lo.add(nonce.hi)).add(f1.mul(hash.lo.sub(EMPTY_CODE_HASH.lo))).add(f2.mul(hash.hi.sub(EMPTY_CODE_HASH.hi))).add(f3);
  return {
    'nonce of A': s.slotAddress(1).sub(addressOf(s, 0)), 'code hash of A': s.slotAddress(2).sub(addressOf(s, 0)),
    'nonce flag boolean': bool(f0), 'code lo flag boolean': bool(f1), 'code hi flag boolean': bool(f2), 'storage flag boolean': bool(f3),
    'one reason': f0.add(f1).add(f2).add(f3).sub(1),
    'the flagged field differs from an unused account\'s: (…)·inv = 1': differs.mul(s.inv).sub(1),
    'storage flag: HasStorage of A is read': s.slotOn(3).sub(f3), ...is(s.slot(3), { lo: f3, hi: constant(0) }, 'storage flag: A has storage (EIP-7610)'),
    "all gas consumed: gas' = 0": s.next.gas,
  };
}
const COLLISION_SLOTS = [calleeRead, account(AccountField.Nonce, false), account(AccountField.CodeHash, false), { ...hasStorageOf((s) => addressOf(s, 0)), optional: true as const }];

/**
 * CreateCollision: the first row of a CREATE/CREATE2 frame (after CreateSwitch, instead of CreateAccount) whose address
 * A is in use (collisionRules). A failing state (error.ts FAILURES): no value moves, no code runs, all the creation's
 * gas is consumed, 0 is pushed.
 */
export const CREATE_COLLISION_NAME = 'CreateCollision';
export const CREATE_COLLISION: ExecutionGadget = internal(CREATE_COLLISION_NAME, ['CallReturn'], COLLISION_SLOTS, () => [],
  (c) => c.gate({ ...collisionRules(c.step), ...upperBytesZero(c.step, COLLISION_BYTES) }));

/**
 * CreateTxCollision: a creation tx whose address A is in use (collisionRules; after CreateRlp, instead of CreateBalance).
 * A failing state (error.ts FAILURES): the tx keeps its nonce bump and gas purchase, its value goes back (BeginTx5's
 * reversible debit), A is left as it was, and all the gas is consumed — the gas limit still covers the creation's
 * intrinsic gas and the init code is within EIP-3860's limit (initCodeRules from aux byte 4, the tx's calldata length
 * in c0), as for a tx that creates.
 */
export const CREATE_TX_COLLISION: ExecutionGadget = internal(CREATE_TX_COLLISION_NAME, ['EndTx'], COLLISION_SLOTS,
  (s) => [{ tag: TxFieldTag.CallDataLength, value: small(s.c0) }],
  (c) => {
    const s = c.step;
    const { rules } = initCodeRules(s, COLLISION_BYTES, s.c0, (words) => s.gas.sub(TX_CREATE_GAS).sub(words.mul(INIT_CODE_WORD_GAS)));
    c.gate({ ...collisionRules(s), ...rules, ...gasCarried(s) });
  });

/**
 * CreateCollision's cells for A's nonce and code hash, or (where both are unused) for its storage — then `storage`: the
 * row reads A's HasStorage (slot 3); undefined where A is unused (no collision).
 */
export function createCollisionRow(nonce: bigint, hash: bigint, hasStorage: boolean): { cells: AuxWitness; storage: boolean } | undefined {
  const [[lo, hi], [emptyLo, emptyHi]] = [splitWord(hash), splitWord(KECCAK_EMPTY)];
  const [flag, v] = nonce !== 0n ? [COLLISION.nonce, nonce] : lo !== emptyLo ? [COLLISION.hashLo, lo - emptyLo] : hi !== emptyHi ? [COLLISION.hashHi, hi - emptyHi]
    : hasStorage ? [COLLISION.storage, 1n] : [undefined, 0n];
  if (flag === undefined) return undefined;
  return { cells: { aux: 1n << BigInt(8 * flag), inv: modInverse(((v % FR_MODULUS) + FR_MODULUS) % FR_MODULUS, FR_MODULUS) }, storage: flag === COLLISION.storage };
}

/** CodeDepositFail's reasons, one-hot in aux bytes 8 … 10: the code too long (EIP-170), starting with 0xEF (EIP-3541), or not paid for. */
const DEPOSIT_FAIL = { tooLong: 8, eof: 9, short: 10 } as const;
export const CODE_DEPOSIT_FAIL: ExecutionGadget = internal('CodeDepositFail', ['CallReturn', 'EndTx'], [{ write: false, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.callId, address: s.at(-1).slot(0).lo }) }],
    () => [],
    (c) => {
      const s = c.step;
      const size = s.at(-1).slot(1).lo;
      const [tooLong, eof, short] = [DEPOSIT_FAIL.tooLong, DEPOSIT_FAIL.eof, DEPOSIT_FAIL.short].map((j) => s.auxByte(j)) as [Expr, Expr, Expr];
      c.gate({
        'too long boolean': bool(tooLong), 'EF boolean': bool(eof), 'short boolean': bool(short), 'one reason': tooLong.add(eof).add(short).sub(1),
        // (size < 2^32 where it is not 0: RETURN's expansion; so each difference below is ≥ 0 exactly when its bound holds)
        'aux bytes 0 … 7 = too long ? size − 24577 : EF ? size − 1 : 200·size − gas − 1': auxBytes(s, 0, 8)
          .sub(tooLong.mul(size.sub(MAX_CODE_SIZE + 1n)).add(eof.mul(size.sub(1))).add(short.mul(size.mul(CODE_DEPOSIT_GAS).sub(s.gas).sub(1)))),
        ...upperBytesZero(s, DEPOSIT_FAIL.short + 1),
        // EIP-3541: memory[offset], the code's first byte (size ≥ 1: RETURN's offset is its aux bytes, below 2^32)
        'EF: the first byte is read': s.slotOn(0).sub(eof), 'EF: the first byte is 0xEF': eof.mul(s.slot(0).lo.sub(EOF_MAGIC)),
        "all gas consumed: gas' = 0": s.next.gas,
      });
    });

export const CREATE_TX_ROWS: readonly ExecutionGadget[] = [CREATE_NONCE, CREATE_ADDRESS, CREATE_RLP, CREATE_BALANCE, CREATE_TX, CREATE_INIT_CODE];
export const CODE_DEPOSIT_ROWS: readonly ExecutionGadget[] = [CODE_DEPOSIT, keccakBytesRows('CodeDepositBytes', { successors: ['CodeDepositBytes', 'EndTx', 'CallReturn'] })];

// ---- witness side -------------------------------------------------------------------------------------------------

/** rlp([sender, nonce]) (Yellow Paper eq. 86's preimage). */
export function createRlp(sender: bigint, nonce: bigint): Uint8Array {
  const be = (x: bigint, n: number) => Array.from({ length: n }, (_, i) => Number((x >> BigInt(8 * (n - 1 - i))) & 0xffn));
  const n = nonce === 0n ? 0 : Math.ceil(nonce.toString(16).length / 2);
  const nonceBytes = nonce === 0n ? [Number(STRING)] : nonce < 128n ? [Number(nonce)] : [Number(STRING) + n, ...be(nonce, n)];
  const payload = [Number(ADDRESS_HEADER), ...be(sender, 20), ...nonceBytes];
  return Uint8Array.from([Number(LIST) + payload.length, ...payload]);
}

/** CreateNonce's aux cells for nonce N < 2^64. */
export function createNonceRow(nonce: bigint): AuxWitness {
  const n = nonce < 128n ? 0 : Math.ceil(nonce.toString(16).length / 2);
  const lead = n === 0 ? 0n : (nonce >> BigInt(8 * (n - 1))) - (n === 1 ? 128n : 1n);
  const cells = new Map(Array.from({ length: 4 }, (_, j) => [j, { lo: n === 2 * j + 1 ? 1n : 0n, hi: n === 2 * j + 2 ? 1n : 0n }] as const));
  return { aux: nonce | (lead << 64n) | ((n === 0 ? 127n - nonce : 0n) << 72n), isZero: nonce, c0: nonce === 0n ? 1n : 0n, c1: n === 0 ? 1n : 0n, cells };
}

/** The aux cells of a chain of rows that look up `bytes` 4 a row (CreateRlp: big-endian in the aux word; CreateInitCode: aux bytes 0 … 3), keccak id `id`. */
export function countedRows(bytes: Uint8Array, id: number, kind: 'rlp' | 'init', carried?: bigint): AuxWitness[] {
  const rows = Math.max(1, Math.ceil(bytes.length / BYTES_PER_ROW));
  return Array.from({ length: rows }, (_, i) => {
    const chunk = bytes.subarray(BYTES_PER_ROW * i, BYTES_PER_ROW * (i + 1));
    const flags = Array.from({ length: BYTES_PER_ROW }, (_, j) => (j < chunk.length ? 1n : 0n));
    const word = kind === 'rlp'
      ? [...bytes.subarray(BYTES_PER_ROW * i)].slice(0, 32).reduce((acc, b, k) => acc | (BigInt(b) << BigInt(8 * (31 - k))), 0n)
      : chunk.reduce((acc, b, j) => acc | (BigInt(b) << BigInt(8 * j)), 0n);
    const cells = kind === 'rlp'
      ? new Map(flags.map((f, j) => [j, { lo: f, hi: 0n }] as const))
      : new Map([[1, { lo: flags[0]!, hi: flags[1]! }], [2, { lo: flags[2]!, hi: flags[3]! }]] as const);
    const scratch = carried === undefined ? undefined : new Map([[0, carried]]);
    return { aux: word, c0: BigInt(BYTES_PER_ROW * i), c1: BigInt(bytes.length - BYTES_PER_ROW * i), inv: BigInt(id), cells, ...(scratch === undefined ? {} : { scratch }) };
  });
}

/** CreateTx's aux word for init code of `length` bytes. */
export function createTxAux(length: number, gasLeft: bigint): bigint {
  const t = BigInt((length + 31) % 32);
  return t | ((31n - t) << 8n) | (BigInt(Math.ceil(length / 32)) << 16n) | ((MAX_INIT_CODE_SIZE - BigInt(length)) << 32n) | (gasLeft << 48n);
}

/** Intrinsic gas a creation adds: 32000 and 2 per init code word (EIP-3860). */
export const createIntrinsicGas = (length: number): bigint => TX_CREATE_GAS + INIT_CODE_WORD_GAS * BigInt(Math.ceil(length / 32));

/**
 * CodeDepositFail's aux word for `code` (the returned bytes) with `gasLeft` after RETURN, and whether it reads the code's
 * first byte (EIP-3541); undefined where the deposit succeeds.
 */
export function codeDepositFailRow(code: Uint8Array, gasLeft: bigint): { aux: AuxWitness; readsFirst: boolean } | undefined {
  const size = BigInt(code.length);
  const [reason, v] = size > MAX_CODE_SIZE ? [DEPOSIT_FAIL.tooLong, size - MAX_CODE_SIZE - 1n]
    : code[0] === Number(EOF_MAGIC) ? [DEPOSIT_FAIL.eof, size - 1n]
    : CODE_DEPOSIT_GAS * size > gasLeft ? [DEPOSIT_FAIL.short, CODE_DEPOSIT_GAS * size - gasLeft - 1n] : [undefined, 0n];
  return reason === undefined ? undefined : { aux: { aux: v | (1n << BigInt(8 * reason)) }, readsFirst: reason === DEPOSIT_FAIL.eof };
}

/**
 * Whether step i of `tx` is a creating frame's RETURN that ran (its memory expansion paid) and whose code deposit failed:
 * @ethereumjs names the frame's failure (out of gas, EIP-170's size, EIP-3541's 0xEF) as that step's error. CodeDepositFail
 * proves it; a RETURN short of its memory expansion is ErrorOutOfGasMemory's (memory-oog.ts).
 */
export function depositFails(tx: TxTrace, i: number): boolean {
  const step = tx.steps[i]!;
  const kind = tx.frames[step.frame]?.kind;
  if (step.name !== 'RETURN' || step.error === undefined || (kind !== 'CREATE' && kind !== 'CREATE2')) return false;
  const [offset, size] = [step.stack.at(-1)!, step.stack.at(-2)!];
  // (an empty code deposits at no cost: it cannot fail)
  return size > 0n && offset < 1n << 32n && size < 1n << 32n && memoryExpansion(BigInt(Math.ceil(step.memorySize / 32)), offset, size).gas <= step.gasLeft;
}

/** CodeDeposit's aux cells for `code` (the returned bytes). */
export function codeDepositRow(code: Uint8Array, gasAfter: bigint): AuxWitness {
  const live = code.length > 0 ? 1n : 0n;
  const first = BigInt(code[0] ?? 0);
  return {
    aux: (BigInt(code.length) - live) | ((MAX_CODE_SIZE - BigInt(code.length)) << 16n) | (gasAfter << 32n),
    c1: first, inv: live === 1n ? modInverse(((first - EOF_MAGIC) % FR_MODULUS + FR_MODULUS) % FR_MODULUS, FR_MODULUS) : 0n,
    scratch: new Map([[LIVE, live]]),
  };
}
