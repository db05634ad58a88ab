/**
 * Account reads: SELFBALANCE (EIP-1884) of the running contract, BALANCE of any address with EIP-2929's warm/cold gas.
 *
 *   SELFBALANCE: read CalleeAddress (a creating frame's is its new address); read the Account Balance of that address
 *                (the slot's address cell, bound to the callee read); write sp − 1 ← the balance. Gas 5.
 *   BALANCE:     read the address word w (sp) = the aux word; the account a is aux bytes 0 … 19, w's low 160 bits as
 *                the EVM masks it (bytes 20 … 31 are w's discarded rest); write TxAccessListAccount (tx id, a) ← 1, whose value before is 1
 *                iff a was accessed before in the tx (or is in its EIP-2930 access list: BeginTxAccessListAddress wrote it,
 *                tx.ts); read Account Balance (a); write sp ← the balance. Gas 100 + 2500 if
 *                cold (AccountPrewarm's cold byte).
 *   AccountPrewarm (BALANCE's next row): EIP-2929/3651 make the sender, the callee (a creating frame's new address),
 *                the coinbase and the precompiles 0x01 … 0x0a warm from the tx's start. No RW row records that (it would
 *                cost every tx 13 rows), so this row proves whether a is one of them, and the opcode's cold surcharge is
 *                charged only when a was neither accessed before (the warm row's value before) nor pre-warmed:
 *                eqCallee, eqSender, eqCoinbase = IsZero(a − x) with x the CallContext CalleeAddress read, the tx
 *                table's CallerAddress (slot 1 lo) and the block table's Coinbase (slot 2's halves); zero = IsZero(a);
 *                the boolean p = [1 ≤ a ≤ 10] by aux bytes 0 … 19 = p·(a − 1) + m·(a − 11), m = (1 − p)(1 − zero) (a ≥ 11
 *                unless p or a = 0) and aux byte 20 = p·(10 − a) (a ≤ 10 if p); the inverses in inv, c0, c1 and
 *                slot 3 lo; cold = (1 − accessed)(1 − eqCallee)(1 − eqSender)(1 − eqCoinbase)(1 − p) as a chain
 *                of products in aux bytes, so each rule stays of degree ≤ 2. (prewarmRules: SELFDESTRUCT's beneficiary too.)
 *   AccountPrewarm's next row is ErrorOutOfGasAccountAccessCold exactly after ErrorOutOfGasAccountAccess (error.ts: a cold
 *                access short of its 2600 gas), whose rows take BALANCE's layout and this row's cold byte.
 *   EXTCODESIZE: BALANCE's layout with the Account CodeHash read h; the pushed size L (hi 0) is the length of keccak input
 *                c1 whose digest is h (keccak table lookup; the builder hashes the code, keccak("") an empty input, so a
 *                code-less or missing account gives 0); then AccountPrewarm.
 *   EXTCODEHASH: BALANCE's layout with the Account CodeHash read, then AccountPrewarm, then
 *   ExtCodeHashEmpty: read Nonce (a) and Balance (a); empty = (nonce = 0)·(balance = 0)·(code hash = keccak("")) from
 *                IsZeros (inverses in inv, c0, c1 and slot 2's lo; outputs and products in aux bytes); the word pushed
 *                two rows before is 0 if empty (EIP-1052/161: no account), else the code hash. (emptyRules: SELFDESTRUCT's
 *                new-account surcharge too.)
 */
import { constant, type Expr } from '../../plonk/index.js';
import { BlockFieldTag } from '../../pi/block-table.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot, StepExprs, WordExpr } from '../step.js';
import { account, address, auxBytes, callContext, is, isZeroInverse, isZeroRules, small, upperBytesZero } from './common.js';
import { isPrecompileAddress, LAST_PRECOMPILE } from './tx.js';
import { KECCAK_EMPTY } from '../../bytecode/table.js';
import { mod } from '../../gadgets/common.js';

/** EIP-2929: a warm account access, and the surcharge of a cold one. */
export const WARM_ACCOUNT_ACCESS = 100;
export const COLD_ACCOUNT_SURCHARGE = 2500n;
/** EIP-2929's cold account access cost, whole. */
export const COLD_ACCOUNT_COST = BigInt(WARM_ACCOUNT_ACCESS) + COLD_ACCOUNT_SURCHARGE;

export const SELFBALANCE: ExecutionGadget = {
  name: 'SELFBALANCE',
  opcodes: [{ opcode: 0x47, name: 'SELFBALANCE', param: 0, gas: 5, spDelta: -1 }],
  slots: [callContext(CallContextField.CalleeAddress, false), account(AccountField.Balance, false), { write: true, base: -1 }],
  flow: 'next',
  configure(c) {
    const s = c.step;
    c.gate({ 'balance of the callee': s.slotAddress(1).sub(address(s.slot(0)).lo), ...is(s.slot(2), s.slot(1), 'pushed = balance') });
  },
  witness: () => ({}),
};

const PREWARM = 'AccountPrewarm';
/** The out-of-gas rows of a cold account access (error.ts): the opcode's layout, then AccountPrewarm, then the failing row. */
export const ACCOUNT_ACCESS_OOG = 'ErrorOutOfGasAccountAccess';
export const ACCOUNT_ACCESS_OOG_COLD = 'ErrorOutOfGasAccountAccessCold';
/** AccountPrewarm's aux bytes after the 20-byte range of a: p's bound, the IsZero outputs, p, the products (m: neither p nor a = 0). */
const P = { bound: 20, eqCallee: 21, eqSender: 22, eqCoinbase: 23, zero: 24, p: 25, m: 26, n1: 27, n2: 28, n3: 29, cold: 30 } as const;

/** The account an account-reading opcode row names: the popped word's low 160 bits, its aux bytes 0 … 19 (the word = aux). */
export const popped = (s: StepExprs): Expr => auxBytes(s, 0, 20);

export const BALANCE: ExecutionGadget = {
  name: 'BALANCE',
  opcodes: [{ opcode: 0x31, name: 'BALANCE', param: 0, gas: WARM_ACCOUNT_ACCESS, spDelta: 0 }],
  slots: [
    { write: false, base: 0 },
    { write: true, tag: RwTag.TxAccessListAccount, field: 0, key: (s) => ({ id: s.txId, address: popped(s) }) },
    { write: false, tag: RwTag.Account, field: AccountField.Balance, key: (s) => ({ id: constant(0), address: popped(s) }) },
    { write: true, base: 0 },
  ],
  flow: 'next',
  continuation: PREWARM,
  // the warm mark (EIP-2929: a failed call's accesses are cold again)
  reversible: true,
  dynamicGas: (s) => s.next.auxByte(P.cold).mul(COLD_ACCOUNT_SURCHARGE),
  configure(c) {
    c.gate({ ...accessRules(c.step), ...is(c.step.slot(3), c.step.slot(2), 'pushed = balance') });
  },
  witness: ({ slots: [a] }) => ({ aux: a }),
};

/** The popped word is the aux word (whose low 20 bytes name the account) and the account is warm afterwards. */
function accessRules(s: StepExprs): Record<string, Expr> {
  return { ...is(s.slot(0), s.aux, 'address word = aux'), ...is(s.slot(1), small(constant(1)), 'account warm') };
}

const codeHashRead: KeyedSlot = { write: false, tag: RwTag.Account, field: AccountField.CodeHash, key: (s) => ({ id: constant(0), address: popped(s) }) };

export const EXTCODESIZE: ExecutionGadget = {
  ...BALANCE,
  name: 'EXTCODESIZE',
  opcodes: [{ opcode: 0x3b, name: 'EXTCODESIZE', param: 0, gas: WARM_ACCOUNT_ACCESS, spDelta: 0 }],
  slots: [BALANCE.slots[0]!, BALANCE.slots[1]!, codeHashRead, BALANCE.slots[3]!],
  keccakDigest: (s) => ({ id: s.c1, length: s.slot(3).lo, hash: s.slot(2) }),
  configure(c) {
    c.gate({ ...accessRules(c.step), 'size hi = 0': c.step.slot(3).hi });
  },
};

export const EXTCODEHASH: ExecutionGadget = {
  ...BALANCE,
  name: 'EXTCODEHASH',
  opcodes: [{ opcode: 0x3f, name: 'EXTCODEHASH', param: 0, gas: WARM_ACCOUNT_ACCESS, spDelta: 0 }],
  slots: [BALANCE.slots[0]!, BALANCE.slots[1]!, codeHashRead, BALANCE.slots[3]!],
  configure(c) {
    c.gate(accessRules(c.step));
  },
};

export const ACCOUNT_PREWARM: ExecutionGadget = {
  name: PREWARM,
  opcodes: [],
  slots: [callContext(CallContextField.CalleeAddress, false)],
  continuation: 'ExtCodeHashEmpty',
  txLookups: (s) => [{ tag: TxFieldTag.CallerAddress, value: small(s.slot(1).lo) }],
  blockLookup: (s) => ({ tag: BlockFieldTag.Coinbase, value: s.slot(2) }),
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    const op = s.at(-1);
    c.gate({
      ...prewarmRules(s, popped(op), op.slotPrev(1).lo),
      'one row': s.next.state(PREWARM),
      'ExtCodeHashEmpty follows EXTCODEHASH, only': s.next.state('ExtCodeHashEmpty').sub(op.state('EXTCODEHASH')),
      // (an access that runs out of gas ends there: the row it opens may not go on as a free access)
      [`${ACCOUNT_ACCESS_OOG_COLD} follows ${ACCOUNT_ACCESS_OOG}, only`]: s.next.state(ACCOUNT_ACCESS_OOG_COLD).sub(op.state(ACCOUNT_ACCESS_OOG)),
    });
  },
  witness: () => ({}),
};

/** AccountPrewarm's aux byte of the cold flag and of "a = callee" (SELFDESTRUCT's rows read them: selfdestruct.ts). */
export const COLD_BYTE = P.cold;
export const EQ_CALLEE_BYTE = P.eqCallee;
/** AccountPrewarm's aux byte of p: the address is a precompile (1 … 10), proven by prewarmRules. */
export const PRECOMPILE_BYTE = P.p;

/**
 * AccountPrewarm's rules on its row's cells (the layout above) for address a whose warm row's value before is
 * `accessed`: the cold byte is 1 iff a was neither accessed before nor pre-warmed (EIP-2929/3651).
 */
export function prewarmRules(s: StepExprs, a: Expr, accessed: Expr): Record<string, Expr> {
  const b = (k: keyof typeof P) => s.auxByte(P[k]);
  const one = constant(1);
  const p = b('p');
  return {
    ...isZeroRules('a = callee', a.sub(address(s.slot(0)).lo), s.inv, b('eqCallee')),
    ...isZeroRules('a = sender', a.sub(s.slot(1).lo), s.c0, b('eqSender')),
    ...isZeroRules('a = coinbase', a.sub(address(s.slot(2)).lo), s.c1, b('eqCoinbase')),
    ...isZeroRules('a = 0', a, s.slot(3).lo, b('zero')),
    'p boolean': p.mul(one.sub(p)),
    'm = neither p nor a = 0': b('m').sub(one.sub(p).mul(one.sub(b('zero')))),
    'aux bytes 0 … 19 = p ? a − 1 : m ? a − 11 : 0': auxBytes(s, 0, 20).sub(p.mul(a.sub(1))).sub(b('m').mul(a.sub(LAST_PRECOMPILE + 1n))),
    'aux byte 20 = p ? 10 − a : 0': b('bound').sub(p.mul(constant(LAST_PRECOMPILE).sub(a))),
    'n1 = not callee, not sender': b('n1').sub(one.sub(b('eqCallee')).mul(one.sub(b('eqSender')))),
    'n2 = n1, not coinbase': b('n2').sub(b('n1').mul(one.sub(b('eqCoinbase')))),
    'n3 = n2, no precompile': b('n3').sub(b('n2').mul(one.sub(p))),
    'cold = n3, not accessed before': b('cold').sub(b('n3').mul(one.sub(accessed))),
    ...upperBytesZero(s, P.cold + 1),
  };
}

/** ExtCodeHashEmpty's aux bytes: the IsZero outputs, the code hash's equality and the products. */
const E = { zNonce: 0, zBalance: 1, hashLo: 2, hashHi: 3, hashEmpty: 4, zeroFunds: 5, empty: 6 } as const;

export const EXTCODEHASH_EMPTY: ExecutionGadget = {
  name: 'ExtCodeHashEmpty',
  opcodes: [],
  slots: [
    { write: false, tag: RwTag.Account, field: AccountField.Nonce, key: (s) => ({ id: constant(0), address: popped(s.at(-2)) }) },
    { write: false, tag: RwTag.Account, field: AccountField.Balance, key: (s) => ({ id: constant(0), address: popped(s.at(-2)) }) },
  ],
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    const op = s.at(-2);
    const hash = op.slot(2);
    const empty = s.auxByte(E.empty);
    c.gate({
      ...emptyRules(s, hash, s.slot(2).lo),
      ...upperBytesZero(s, E.empty + 1),
      'pushed lo = empty ? 0 : hash lo': op.slot(3).lo.sub(constant(1).sub(empty).mul(hash.lo)),
      'pushed hi = empty ? 0 : hash hi': op.slot(3).hi.sub(constant(1).sub(empty).mul(hash.hi)),
      'one row': s.next.state('ExtCodeHashEmpty'),
    });
  },
  witness: () => ({}),
};

/** ExtCodeHashEmpty's aux byte of the EIP-161 empty flag. */
export const EMPTY_BYTE = E.empty;

/**
 * ExtCodeHashEmpty's rules on its row's cells: aux byte 6 = (the account is empty: nonce 0 in slot 0, balance 0 in
 * slot 1, code hash `hash` = keccak("")), by IsZeros with inverses in inv, c0, c1 and `hiInverse`.
 */
export function emptyRules(s: StepExprs, hash: WordExpr, hiInverse: Expr): Record<string, Expr> {
  const b = (k: keyof typeof E) => s.auxByte(E[k]);
  const [lo, hi] = [KECCAK_EMPTY & ((1n << 128n) - 1n), KECCAK_EMPTY >> 128n];
  return {
    ...isZeroRules('nonce = 0', s.slot(0).lo.add(s.slot(0).hi), s.inv, b('zNonce')),
    ...isZeroRules('balance = 0', s.slot(1).lo.add(s.slot(1).hi), s.c0, b('zBalance')),
    ...isZeroRules('hash lo = keccak("") lo', hash.lo.sub(lo), s.c1, b('hashLo')),
    ...isZeroRules('hash hi = keccak("") hi', hash.hi.sub(hi), hiInverse, b('hashHi')),
    'no code': b('hashEmpty').sub(b('hashLo').mul(b('hashHi'))),
    'no nonce, no balance': b('zeroFunds').sub(b('zNonce').mul(b('zBalance'))),
    'empty': b('empty').sub(b('zeroFunds').mul(b('hashEmpty'))),
  };
}

/** ExtCodeHashEmpty's cells for an account's nonce, balance and code hash (the hash hi inverse in slot `hiSlot`'s lo). */
export function extCodeHashEmptyWitness(nonce: bigint, balance: bigint, hash: bigint, hiSlot = 2): AuxWitness {
  const inv = isZeroInverse;
  const tested = [nonce, (balance & ((1n << 128n) - 1n)) + (balance >> 128n), (hash & ((1n << 128n) - 1n)) - (KECCAK_EMPTY & ((1n << 128n) - 1n)), (hash >> 128n) - (KECCAK_EMPTY >> 128n)];
  const [zNonce, zBalance, hashLo, hashHi] = tested.map((x) => (mod(x) === 0n ? 1n : 0n)) as [bigint, bigint, bigint, bigint];
  const bytes = [zNonce, zBalance, hashLo, hashHi, hashLo * hashHi, zNonce * zBalance, zNonce * zBalance * hashLo * hashHi];
  return {
    aux: bytes.reduce((acc, v, j) => acc | (v << BigInt(8 * j)), 0n), inv: inv(tested[0]!), c0: inv(tested[1]!), c1: inv(tested[2]!),
    cells: new Map([[hiSlot, { lo: inv(tested[3]!), hi: 0n }]]),
  };
}

/**
 * AccountPrewarm's cells for address a (below 2^160) whose warm row's value before is `accessed`, in a tx with `sender`,
 * `callee` and block `coinbase`; `cold` is what the opcode is charged for.
 */
export function prewarmWitness(a: bigint, accessed: boolean, sender: bigint, callee: bigint, coinbase: bigint): AuxWitness & { cold: boolean } {
  const inv = isZeroInverse;
  const bit = (x: boolean) => (x ? 1n : 0n);
  const [eqCallee, eqSender, eqCoinbase, zero] = [a === callee, a === sender, a === coinbase, a === 0n];
  const p = isPrecompileAddress(a);
  const n1 = !eqCallee && !eqSender;
  const n2 = n1 && !eqCoinbase;
  const n3 = n2 && !p;
  const cold = n3 && !accessed;
  const bytes: Record<keyof typeof P, bigint> = {
    bound: p ? LAST_PRECOMPILE - a : 0n, eqCallee: bit(eqCallee), eqSender: bit(eqSender), eqCoinbase: bit(eqCoinbase), zero: bit(zero),
    p: bit(p), m: bit(!p && !zero), n1: bit(n1), n2: bit(n2), n3: bit(n3), cold: bit(cold),
  };
  const range = p ? a - 1n : zero ? 0n : a - LAST_PRECOMPILE - 1n;
  const aux = (Object.keys(P) as Array<keyof typeof P>).reduce((acc, k) => acc | (bytes[k] << BigInt(8 * P[k])), range);
  return {
    aux, inv: inv(a - callee), c0: inv(a - sender), c1: inv(a - coinbase), cold,
    cells: new Map([[1, { lo: sender, hi: 0n }], [2, { lo: coinbase & ((1n << 128n) - 1n), hi: coinbase >> 128n }], [3, { lo: inv(a), hi: 0n }]]),
  };
}
