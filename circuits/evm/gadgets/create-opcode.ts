/**
 * CREATE and CREATE2 (EIP-1014): a creation from running code. The caller's rows hash the init code, bump its nonce,
 * derive and warm the new address and switch to the new frame as a call does (call.ts: the switch's rules, the callee's
 * CallDebit and CallCredit, the return through CallReturn … CallResume with the address pushed); the init code runs as
 * the frame's code, and its RETURN deposits the code (create.ts CodeDeposit, then CallReturn).
 *
 * Caller's rows (the callee id is CreateInit's rw counter; the later rows name it by their fixed operation counts):
 *   CREATE       (0xf0, param 0; 0xf5 CREATE2, param 1) read offset (sp + 1), size (sp + 2): KECCAK256's opener
 *                (keccak.ts hashedRange: expansion, keccak id, w = ⌈size/32⌉), gas 32000 + (2 + 6·param)·w + the
 *                expansion (EIP-3860's word cost, CREATE2's hashing); the first KeccakBytes row holds 49152 − size
 *                (EIP-3860's limit) and the creation flags, which the rows carry to CreateInit. Not in a static frame.
 *   KeccakBytes  the init code: memory[offset … offset + size − 1] as one keccak input. Then CreateInit, or
 *                CreateNoFrame where the caller's balance is short of the value or its nonce is 2^64 − 1 (below).
 *   CreateInit   read the value v (sp' − 2 − CREATE2) and the word at sp' (CREATE2's salt; CREATE's size again);
 *                write the callee's Value = v and CodeHash = H, the init code's digest (id and length from the last
 *                KeccakBytes row); c0 = CREATE2.
 *   CreateSender (reversible: the caller's) the caller's own address S (its CalleeAddress): its Nonce N → N + 1 with
 *                N ≤ 2^64 − 2 (EIP-2681; aux bytes 19 … 26) and N's RLP form (create.ts nonceForm, the flags in aux
 *                bytes 10 … 18); write the callee's CallerAddress = S and CalleeAddress = A (CreateHash binds A).
 *   CreateHash   (reversible: the caller's) A = the low 20 bytes of the digest (c0, aux hi) of the next rows' input,
 *                written warm (EIP-2929: before the creation's own checks, and kept where only the creation fails) and
 *                TxCreated (EIP-6780; never undone: SELFDESTRUCT refuses a nested frame of such an account, selfdestruct.ts);
 *                c1 = CREATE2. The input: CREATE rlp([S, N]) (create.ts rlpRules); CREATE2 0xff ‖ S ‖ salt ‖ H, 85
 *                bytes, whose first 21 are bound here and salt and H handed to the rows in slots 2 and 3.
 *   CreateInputBytes  4 input bytes a row, counted as CreateRlp's (create.ts countedBytes); the window (the aux word,
 *                input byte 4i + k at aux byte 31 − k) moves 4 bytes a row, the 4 entering bytes free; CREATE2's rows
 *                5, 9, 13 and 17 (CreateHash 6, 10, 14, 18 rows back) hold salt hi, salt lo, H hi, H lo in their
 *                bytes 15 … 30 (input bytes 4i + 1 … 4i + 16), which binds every input byte.
 *   CreateGas    read the caller's Depth d; write the callee's Depth d + 1 (1023 − d in aux bytes 0, 1), CallerId and
 *                IsCreate = 1; the gas g = 64·q + r (q aux bytes 2 … 9, r byte 10, 63 − r byte 11): the callee gets
 *                G = g − q, all but a 64th (EIP-150: a creation has no gas operand), in inv — the row's dynamic gas.
 *   CreateSave   CallSave's rules (call.ts saveRow).
 *   CreateSwitch CallSwitch's rules with G, a frame that is not static and the success flag in c1; pushes
 *                success·A at sp' (CreateAccount checks the word).
 * The callee's first row:
 *   CreateAccount  (reversible) read the callee's Value v and CalleeAddress A; A's Nonce 0 → 1 (EIP-161) and its code
 *                empty (EIP-684: no collision); the pushed word is success·A; aux = v and c0 = 0 (no precompile) for
 *                CallDebit and CallCredit, which move v from S to A and run the init code H (or return at once).
 *                (CallDebit also reads A's HasStorage = 0: EIP-7610, no collision.)
 *   CreateCollision  (instead, at an address with a nonce, code or storage: create.ts) the creation fails, all its gas consumed.
 * The frame ends as a call's does; a RETURN in it is followed by CodeDeposit (whose code hash write is reversible:
 * a failing caller undoes it) or CodeDepositFail, and CallReturn. Unprovable (coverage.ts): the depth limit, init code
 * above 49152 bytes (the caller fails).
 */
import { TWO_128 } from '../../gadgets/word.js';
import { constant, type Expr } from '../../plonk/index.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot, StepExprs, WordExpr } from '../step.js';
import { context, followedBy, MAX_DEPTH, read, saveRow, SWITCH_SLOTS, switchRules } from './call.js';
import { account, address, auxBytes, callContext, is, small, stackAt, upperBytesZero, ZERO } from './common.js';
import { addRelation } from './arithmetic.js';
import { CREATE_COLLISION_NAME, countedBytes, createNonceRow, INIT_CODE_WORD_GAS, lowBytesZero, MAX_INIT_CODE_SIZE, nonceForm, nonceOf, rlpFlag, rlpRules, type NonceFlags } from './create.js';
import { CREATE_INIT, CREATION, hashedRange, hashedWords, KECCAK_BYTES_PER_ROW } from './keccak.js';
import { expansionGas, rangeIndex } from './memory.js';
import { EMPTY_CODE_HASH, internal } from './tx.js';

/** The constant gas of CREATE and CREATE2 (Yellow Paper G_create) and CREATE2's hashing per word (EIP-1014). */
export const CREATE_GAS = 32_000;
export const CREATE2_WORD_GAS = 6n;
/** CREATE2's address input: 0xff, the sender, the salt, the init code's hash. */
export const CREATE2_INPUT_LENGTH = 85;
const CREATE2_PREFIX = 0xff;
const ONE = constant(1);

/** The callee's call context field, written by a row whose first operation is `offset` after CreateInit's first. */
const OFFSET = { CreateInit: 0, CreateSender: 4, CreateGas: 10, CreateSwitch: 18 } as const;
const calleeWrite = (row: keyof typeof OFFSET, field: CallContextField): KeyedSlot => context(field, true, (s) => s.rwc.sub(OFFSET[row]));

export const CREATE: ExecutionGadget = {
  name: 'CREATE',
  opcodes: [{ opcode: 0xf0, name: 'CREATE', param: 0, gas: CREATE_GAS, spDelta: 2, stack: 3 }, { opcode: 0xf5, name: 'CREATE2', param: 1, gas: CREATE_GAS, spDelta: 3, stack: 4 }],
  slots: [read(1), read(2)],
  flow: 'next',
  continuation: 'KeccakBytes',
  expandsMemory: true,
  writesState: true,
  dynamicGas: (s) => hashedWords(s).mul(s.param.mul(CREATE2_WORD_GAS).add(INIT_CODE_WORD_GAS)).add(expansionGas(s, s.next.memoryWords)),
  configure(c) {
    const s = c.step;
    const n = s.next;
    c.gate({
      ...hashedRange(c, s), "the first row's bytes 12, 13 = 49152 − size (EIP-3860)": auxBytes(n, CREATION.bound, 2).sub(constant(MAX_INIT_CODE_SIZE).sub(s.slot(1).lo)),
      'the rows hash init code': n.auxByte(CREATION.creates).sub(1), 'their CREATE2 flag = param': n.auxByte(CREATION.create2).sub(s.param),
    });
  },
  // the builder fills this row (keccakWitness)
  witness: () => ({}),
};

/** The CREATE2 flag the last KeccakBytes row carries. */
const create2Of = (bytes: StepExprs): Expr => bytes.auxByte(CREATION.create2);

export const CREATE_INIT_ROW: ExecutionGadget = {
  name: CREATE_INIT,
  opcodes: [],
  slots: [stackAt((s) => s.sp.sub(2).sub(create2Of(s.at(-1)))), stackAt((s) => s.sp), calleeWrite('CreateInit', CallContextField.Value), calleeWrite('CreateInit', CallContextField.CodeHash)],
  flow: 'continuation',
  continuation: 'CreateSender',
  keccakDigest: (s) => {
    const last = s.at(-1);
    return { id: last.inv, length: rangeIndex(last).add(last.c1), hash: s.slot(3) };
  },
  configure(c) {
    const s = c.step;
    c.gate({ ...is(s.slot(2), s.slot(0), 'Value = v'), 'c0 = CREATE2': s.c0.sub(create2Of(s.at(-1))), ...followedBy(s, 'CreateSender') });
  },
  witness: () => ({}),
};

/**
 * CreateNoFrame (instead of CreateInit, after the init code rows): the EVM's checks before the nonce bump fail, so the
 * creation enters no frame: read the value v (sp' − 2 − CREATE2), the caller's address S and its Balance b; unless
 * CreateNoFrameReturn flags the nonce (m), the caller cannot pay the value: b + d = v with d ≠ 0 (aux, no carry out;
 * d's inverse in inv), else those cells are 0; push 0. The gas the opcode row charged stays charged, no nonce moves,
 * nothing is warmed. CreateNoFrameReturn empties the return data (LastCalleeReturnDataLength ← 0: RETURNDATASIZE is 0
 * after it, as after any creation that returns none); m (aux byte 0): the caller's Nonce (S's, read) is 2^64 − 1, which
 * EIP-2681 forbids bumping.
 */
export const CREATE_NO_FRAME: ExecutionGadget = {
  name: 'CreateNoFrame',
  opcodes: [],
  slots: [CREATE_INIT_ROW.slots[0]!, callContext(CallContextField.CalleeAddress, false), account(AccountField.Balance, false), { write: true, base: 0 }],
  flow: 'continuation',
  continuation: 'CreateNoFrameReturn',
  configure(c) {
    const s = c.step;
    const d = s.aux;
    const m = nonceAtLimit(s.next);
    const short = ONE.sub(m);
    const relation = Object.entries(addRelation(s, s.slot(2), d, s.slot(0))).map(([name, rule]) => [`short: ${name}`, short.mul(rule)]);
    c.gate({
      "the caller's balance": s.slotAddress(2).sub(address(s.slot(1)).lo), ...Object.fromEntries(relation), 'no carry out: c1 = 0': s.c1,
      'short: d ≠ 0 (the balance is short)': short.mul(ONE.sub(d.lo.add(d.hi).mul(s.inv))),
      'nonce at the limit: d lo = 0': m.mul(d.lo), 'nonce at the limit: d hi = 0': m.mul(d.hi), 'nonce at the limit: c0 = 0': m.mul(s.c0), 'nonce at the limit: inv = 0': m.mul(s.inv),
      ...is(s.slot(3), ZERO, 'pushed 0'), ...followedBy(s, 'CreateNoFrameReturn'),
    });
  },
  witness: () => ({}),
};

/** EIP-2681: the largest nonce; a creation leaves the caller's below it, and one by an account holding it enters no frame. */
export const MAX_NONCE = (1n << 64n) - 1n;
/** CreateNoFrameReturn's flag: the creation enters no frame because of the caller's nonce. */
const nonceAtLimit = (s: StepExprs): Expr => s.auxByte(0);
export const CREATE_NO_FRAME_RETURN: ExecutionGadget = {
  name: 'CreateNoFrameReturn',
  opcodes: [],
  slots: [callContext(CallContextField.LastCalleeReturnDataLength), { ...account(AccountField.Nonce, false), optional: true }],
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    const m = nonceAtLimit(s);
    c.gate({
      ...is(s.slot(0), ZERO, 'no return data'), 'one row': s.next.state('CreateNoFrameReturn'),
      'm boolean': m.mul(ONE.sub(m)), 'the nonce read iff m': s.slotOn(1).sub(m), "m: the caller's nonce": m.mul(s.slotAddress(1).sub(address(s.at(-1).slot(1)).lo)),
      'm: nonce lo = 2^64 − 1': m.mul(s.slot(1).lo.sub(MAX_NONCE)), 'm: nonce hi = 0': m.mul(s.slot(1).hi), ...upperBytesZero(s, 1),
    });
  },
  witness: () => ({}),
};

/** CreateSender's nonce form flags: aux byte 10 (short), 10 + n (n bytes long). */
const SENDER_FLAGS: NonceFlags = { short: (s) => s.auxByte(10), long: (s, n) => s.auxByte(10 + n) };
const NONCE_BOUND = 19;

export const CREATE_SENDER: ExecutionGadget = {
  name: 'CreateSender',
  opcodes: [],
  slots: [account(AccountField.Nonce, true), callContext(CallContextField.CalleeAddress, false), calleeWrite('CreateSender', CallContextField.CallerAddress), calleeWrite('CreateSender', CallContextField.CalleeAddress)],
  flow: 'continuation',
  continuation: 'CreateHash',
  // the nonce stays bumped where only the creation fails; a failing caller undoes it
  reversible: true,
  configure(c) {
    const s = c.step;
    const nonce = nonceOf(s);
    c.gate({
      ...nonceForm(c, SENDER_FLAGS),
      "the caller's nonce": s.slotAddress(0).sub(address(s.slot(1)).lo), ...is(s.slotPrev(0), small(nonce), 'nonce N before'), ...is(s.slot(0), small(nonce.add(1)), 'nonce N + 1 after'),
      'aux bytes 19 … 26 = 2^64 − 2 − N (EIP-2681)': auxBytes(s, NONCE_BOUND, 8).sub(constant(MAX_NONCE - 1n).sub(nonce)), ...upperBytesZero(s, NONCE_BOUND + 8),
      ...is(s.slot(2), s.slot(1), "CallerAddress = the caller's address"), ...followedBy(s, 'CreateHash'),
    });
  },
  witness: () => ({}),
};

/** A, the low 20 bytes of CreateHash's digest (c0 = its lo half, aux bytes 16 … 19 its hi half's low bytes). */
const hashedAddress = (s: StepExprs): WordExpr => ({ lo: s.c0, hi: auxBytes(s, 16, 4) });
/** CreateHash's per-tx marks of A: warm (EIP-2929), created in the tx (EIP-6780: a nested SELFDESTRUCT of it is refused). */
const newAccount = (tag: RwTag.TxAccessListAccount | RwTag.TxCreated): KeyedSlot => ({ write: true, tag, field: 0, key: (s) => ({ id: s.txId, address: s.c0.add(auxBytes(s, 16, 4).mul(TWO_128)) }) });

export const CREATE_HASH: ExecutionGadget = {
  name: 'CreateHash',
  opcodes: [],
  slots: [newAccount(RwTag.TxAccessListAccount), newAccount(RwTag.TxCreated)],
  flow: 'continuation',
  continuation: 'CreateInputBytes',
  reversible: true,
  keccakDigest: (s) => ({ id: s.next.inv, length: s.next.c1, hash: { lo: s.c0, hi: s.aux.hi } }),
  configure(c) {
    const s = c.step;
    const n = s.next;
    const [sender, init] = [s.at(-1), s.at(-2)];
    const create2 = s.c1;
    const create = ONE.sub(create2);
    const from = address(sender.slot(1)).lo;
    const rlp = Object.fromEntries(Object.entries(rlpRules(n, sender, SENDER_FLAGS)).map(([name, e]) => [`CREATE: ${name}`, create.mul(e)]));
    c.gate({
      'c1 = CREATE2': create2.sub(init.c0), ...is(sender.slot(3), hashedAddress(s), 'CalleeAddress = A, the low 20 bytes of the digest'),
      ...is(s.slot(0), small(ONE), 'A warm'), ...is(s.slot(1), small(ONE), 'A created in the tx'), ...lowBytesZero(s, 16),
      ...rlp, 'CREATE: input bytes 2 … 21 = the sender': create.mul(auxBytes(n, 10, 20).sub(from)),
      'CREATE2: input length 85': create2.mul(n.c1.sub(CREATE2_INPUT_LENGTH)), 'CREATE2: rows start at index 0': create2.mul(n.c0),
      'CREATE2: input byte 0 = 0xff': create2.mul(n.auxByte(31).sub(CREATE2_PREFIX)), 'CREATE2: input bytes 1 … 20 = the sender': create2.mul(auxBytes(n, 11, 20).sub(from)),
      ...is(s.slot(2), init.slot(1), 'slot 2 = the salt'), ...is(s.slot(3), init.slot(3), 'slot 3 = H'),
      // (review finding: without it the chain could stop here — nonce bumped, no frame, no account, nothing pushed)
      ...followedBy(s, 'CreateInputBytes'),
    });
  },
  witness: () => ({}),
};

const INPUT_BYTES = 'CreateInputBytes';
/** CREATE2's rows that hold a word half in their bytes 15 … 30: rows back to CreateHash, and which half of its slots. */
const CREATE2_HALVES: ReadonlyArray<readonly [number, string, (hash: StepExprs) => Expr]> = [
  [6, 'salt hi', (h) => h.slot(2).hi], [10, 'salt lo', (h) => h.slot(2).lo], [14, 'H hi', (h) => h.slot(3).hi], [18, 'H lo', (h) => h.slot(3).lo],
];

export const CREATE_INPUT_BYTES: ExecutionGadget = {
  name: INPUT_BYTES,
  opcodes: [],
  slots: [],
  flow: 'continuation',
  continuation: 'CreateGas',
  keccakInputs: (s) => Array.from({ length: KECCAK_BYTES_PER_ROW }, (_, j) => ({ id: s.inv, index: s.c0.add(j), byte: s.auxByte(31 - j), enabled: rlpFlag(s, j) })),
  configure(c) {
    const s = c.step;
    const n = s.next;
    const more = n.state(INPUT_BYTES);
    const rules: Record<string, Expr> = { ...countedBytes(s, INPUT_BYTES, (j) => rlpFlag(s, j)), 'last: next is CreateGas': ONE.sub(more).mul(ONE.sub(n.state('CreateGas'))) };
    for (let j = KECCAK_BYTES_PER_ROW; j < 32; j++) rules[`more: next aux byte ${j}`] = more.mul(n.auxByte(j).sub(s.auxByte(j - KECCAK_BYTES_PER_ROW)));
    for (const [back, name, half] of CREATE2_HALVES) {
      const hash = s.at(-back);
      rules[`CREATE2 row ${back - 1}: bytes 15 … 30 = ${name}`] = hash.state('CreateHash').mul(hash.c1).mul(auxBytes(s, 15, 16).sub(half(hash)));
    }
    c.gate(rules);
  },
  witness: () => ({}),
};

/** CreateGas's aux bytes: 1023 − depth, q, r, 63 − r. */
const CG = { depth: 0, q: 2, r: 10, rBound: 11 } as const;

export const CREATE_GAS_ROW: ExecutionGadget = {
  name: 'CreateGas',
  opcodes: [],
  slots: [context(CallContextField.Depth, false, (s) => s.callId), calleeWrite('CreateGas', CallContextField.Depth), calleeWrite('CreateGas', CallContextField.CallerId), calleeWrite('CreateGas', CallContextField.IsCreate)],
  flow: 'continuation',
  continuation: 'CreateSave',
  dynamicGas: (s) => s.inv,
  configure(c) {
    const s = c.step;
    const depth = s.slot(0).lo;
    const q = auxBytes(s, CG.q, 8);
    c.gate({
      'aux bytes 0, 1 = 1023 − depth (depth ≤ 1024)': auxBytes(s, CG.depth, 2).sub(constant(MAX_DEPTH - 1).sub(depth)),
      ...is(s.slot(1), small(depth.add(1)), 'Depth + 1'), ...is(s.slot(2), small(s.callId), 'CallerId'), ...is(s.slot(3), small(ONE), 'IsCreate'),
      'gas = 64·q + r': s.gas.sub(q.mul(64)).sub(s.auxByte(CG.r)), 'r + (63 − r) = 63': s.auxByte(CG.r).add(s.auxByte(CG.rBound)).sub(63),
      'inv = G = gas − q': s.inv.sub(s.gas.sub(q)), ...upperBytesZero(s, CG.rBound + 1), ...followedBy(s, 'CreateSave'),
    });
  },
  witness: () => ({}),
};

export const CREATE_SAVE = saveRow('CreateSave', 'CreateSwitch');

export const CREATE_SWITCH: ExecutionGadget = {
  name: 'CreateSwitch',
  opcodes: [],
  slots: SWITCH_SLOTS,
  flow: 'call',
  switchesFrame: true,
  // (or, at an address in use, CreateCollision: create.ts)
  successors: ['CreateAccount', CREATE_COLLISION_NAME],
  configure(c) {
    const s = c.step;
    // (CREATE runs in no static frame: writesState)
    c.gate(switchRules(s, { callee: s.rwc.sub(OFFSET.CreateSwitch), gas: s.at(-2).inv, success: s.c1, isStatic: constant(0) }));
  },
  witness: () => ({}),
};

export const CREATE_ACCOUNT: ExecutionGadget = {
  ...internal('CreateAccount', ['CallDebit'],
    [callContext(CallContextField.Value, false), callContext(CallContextField.CalleeAddress, false), account(AccountField.Nonce, true), account(AccountField.CodeHash, false)], () => [],
    (c) => {
      const s = c.step;
      const a = s.slot(1);
      const success = s.at(-1).c1;
      c.gate({
        ...is(s.aux, s.slot(0), 'aux = the value moved'), 'c0 = 0 (no precompile)': s.c0,
        'nonce of the new address': s.slotAddress(2).sub(address(a).lo), ...is(s.slotPrev(2), small(constant(0)), 'nonce 0 before (EIP-684)'), ...is(s.slot(2), small(ONE), 'nonce 1 (EIP-161)'),
        'code hash of the new address': s.slotAddress(3).sub(address(a).lo), ...is(s.slot(3), EMPTY_CODE_HASH, 'no code at the new address (EIP-684)'),
        ...is(s.at(-1).slot(1), { lo: success.mul(a.lo), hi: success.mul(a.hi) }, 'pushed = success · A'), "gas' = gas": s.next.gas.sub(s.gas),
      });
    }),
  reversible: true,
};

/** The rows after the CREATE/CREATE2 opcode row, in the order GADGETS lists them. */
export const CREATE_ROWS: readonly ExecutionGadget[] = [CREATE_INIT_ROW, CREATE_SENDER, CREATE_HASH, CREATE_INPUT_BYTES, CREATE_GAS_ROW, CREATE_SAVE, CREATE_SWITCH, CREATE_ACCOUNT,
  CREATE_NO_FRAME, CREATE_NO_FRAME_RETURN];

// the callee ids above count the chain's operations (CreateInputBytes makes none): they must be the rows' slot counts
const chain = [CREATE_INIT_ROW, CREATE_SENDER, CREATE_HASH, CREATE_GAS_ROW, CREATE_SAVE, CREATE_SWITCH];
for (const [name, offset] of Object.entries(OFFSET)) {
  const k = chain.findIndex((g) => g.name === name);
  if (chain.slice(0, k).reduce((n, g) => n + g.slots.length, 0) !== offset) throw new Error(`create-opcode.ts: ${name}'s callee offset is not the operations before it`);
}

// ---- witness side -------------------------------------------------------------------------------------------------

/** CREATE2's address input: 0xff ‖ sender ‖ salt ‖ keccak256(init code) (EIP-1014). */
export function create2Input(sender: bigint, salt: bigint, initHash: bigint): Uint8Array {
  const be = (x: bigint, n: number) => Array.from({ length: n }, (_, i) => Number((x >> BigInt(8 * (n - 1 - i))) & 0xffn));
  return Uint8Array.from([CREATE2_PREFIX, ...be(sender, 20), ...be(salt, 32), ...be(initHash, 32)]);
}

/** CreateSender's aux cells for the caller's nonce N < 2^64 − 1 (CreateNonce's form, the flags as aux bytes). */
export function createSenderRow(nonce: bigint): AuxWitness {
  const form = createNonceRow(nonce);
  const n = nonce < 128n ? 0 : Math.ceil(nonce.toString(16).length / 2);
  return { aux: form.aux! | (1n << BigInt(8 * (10 + n))) | ((MAX_NONCE - 1n - nonce) << BigInt(8 * NONCE_BOUND)), isZero: form.isZero, c0: form.c0 };
}
