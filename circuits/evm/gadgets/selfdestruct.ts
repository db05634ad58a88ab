/**
 * SELFDESTRUCT with Cancun's EIP-6780 semantics, where "created in this tx" is "the frame is the creation tx's"
 * (CallContext IsCreate): a nested frame may SELFDESTRUCT only in a tx that is no creation (a tx lookup: IsCreate = 0)
 * and only an account no CREATE/CREATE2 of the tx made (its TxCreated mark, create-opcode.ts, reads 0), so it never
 * misses a created account; it ends with CallReturn instead of EndTx.
 *
 *   SELFDESTRUCT  pop the beneficiary word w (sp) = the aux word; the beneficiary a = aux bytes 0 … 19 (the EVM takes
 *                 w's low 160 bits; bytes 20 … 31 are w's discarded rest, range-checked like the rest); write
 *                 TxAccessListAccount (tx id, a) ← 1, whose value before says whether a was accessed before. Gas
 *                 5000 + 2600 if a is cold (the next row's cold byte; no warm fee). The call ends; the next row is
 *                 SelfdestructPrewarm, never EndTx directly. Reversible (the warm mark): a nested frame's SELFDESTRUCT
 *                 succeeds, but a caller that fails later undoes it, and a is cold again after (EIP-2929).
 *   SelfdestructPrewarm  AccountPrewarm's rules (account.ts) for a: cold unless accessed before or pre-warmed (EIP-2929/
 *                 3651); its "a = callee" byte is `self`.
 *   SelfdestructBeneficiary  reads a's Nonce, Balance and CodeHash before any transfer; empty (EIP-161) by
 *                 ExtCodeHashEmpty's rules (account.ts; the hash hi inverse in slot 3's lo); self carried to aux byte 7.
 *   SelfdestructDebit  (reversible) the callee's Balance b → 0 (CalleeAddress read); reads IsCreate (created); z = (b = 0)
 *                 by IsZero (inv); surcharge = empty·(1 − z): gas' = gas − 25000·surcharge (EIP-161: value sent to an
 *                 empty account); burn = self·created. Created: its Nonce 1 → 0 (an optional slot, on = created). Its
 *                 code hash is still keccak("") (CreateTx proved it; no code deposit ran) and its balance is 0 after
 *                 this row and the next, so it holds the absent account's fields, which the SMT binding applies as a
 *                 deletion (circuits/smt/binding.ts) — only without storage (that binding cannot delete a storage tree):
 *                 created ⇒ reversible = 4 (BeginTx5, CreateBalance, CreateTx, the SELFDESTRUCT row's warm mark: no SSTORE
 *                 or TSTORE ran in the frame).
 *                 Created ⇒ the callee is not the block's coinbase (the SelfdestructPrewarm row's, two rows back), by
 *                 the inverse of their difference in c0: see below.
 *   SelfdestructCredit  (reversible) a's Balance x → x + b·(1 − burn), no carry; x is after the debit, so to itself a
 *                 called contract gets b back (no change, EIP-6780) and a created one burns it; then EndTx (or CallReturn), gas carried.
 *
 * EIP-6780 deletes the account at the tx's end; here its fields are cleared on SELFDESTRUCT's rows. The same in v1: the
 * frame has ended and EndTx writes only the sender's and the coinbase's balances. The sender is never the created
 * address (that would need a keccak preimage), but the coinbase is the block's choice: Ethereum pays it the priority
 * fee and then deletes the account, while EndTx4 would credit the cleared account and leave it in the state. That
 * case is refused (unprovable, circuits/witness/evm.ts) and SelfdestructDebit's gate excludes it. No refund (EIP-3529 removed SELFDESTRUCT's): the refund counter is not touched.
 *   ErrorOutOfGasSelfdestruct  (a failing state, error.ts FAILURES) instead of SelfdestructDebit where the gas left after the
 *                 5000 and the cold access is short of the new account's 25000: reads CalleeAddress and the callee's balance b,
 *                 b ≠ 0 (its inverse), the beneficiary empty (SelfdestructBeneficiary's byte), 25000 − gas − 1 as aux bytes
 *                 0 … 7; all gas consumed. (Short of 5000: ErrorOutOfGas; of a cold beneficiary's 2600: ErrorOutOfGasAccountAccess.)
 */
import { constant, type Expr } from '../../plonk/index.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import type { ExecutionGadget, KeyedSlot, StepExprs } from '../step.js';
import { ACCOUNT_PREWARM, COLD_ACCOUNT_SURCHARGE, COLD_BYTE, EMPTY_BYTE, emptyRules, EQ_CALLEE_BYTE, prewarmRules, WARM_ACCOUNT_ACCESS } from './account.js';
import { TxFieldTag } from '../../tx/table.js';
import { address, auxBytes, callContext, is, isZeroRules, small, upperBytesZero, ZERO } from './common.js';
import { balanceUpdate, COINBASE, gasCarried } from './tx.js';

/** Constant gas (Yellow Paper G_selfdestruct), the cold access (EIP-2929: no warm fee) and the new-account surcharge. */
export const SELFDESTRUCT_GAS = 5000;
export const SELFDESTRUCT_COLD_GAS = BigInt(WARM_ACCOUNT_ACCESS) + COLD_ACCOUNT_SURCHARGE;
export const NEW_ACCOUNT_GAS = 25_000n;
/** Reversible rows of a creation tx before its init code runs (BeginTx5, CreateBalance, CreateTx). */
export const CREATION_REVERSIBLE_ROWS = 3;
/** SelfdestructBeneficiary's aux byte carrying `self`; SelfdestructDebit's bytes. */
export const SELF_BYTE = 7;
export const DEBIT = { zero: 0, surcharge: 1, burn: 2 } as const;

const PREWARM = 'SelfdestructPrewarm';
const BENEFICIARY = 'SelfdestructBeneficiary';
const DEBIT_ROW = 'SelfdestructDebit';
const CREDIT = 'SelfdestructCredit';
export const SELFDESTRUCT_OUT_OF_GAS = 'ErrorOutOfGasSelfdestruct';

/** The beneficiary: the low 160 bits of the popped word, from the SELFDESTRUCT row's aux bytes. */
const beneficiary = (op: StepExprs): Expr => auxBytes(op, 0, 20);
const ONE = constant(1);

export const SELFDESTRUCT: ExecutionGadget = {
  name: 'SELFDESTRUCT',
  writesState: true,
  opcodes: [{ opcode: 0xff, name: 'SELFDESTRUCT', param: 0, gas: SELFDESTRUCT_GAS, spDelta: 1 }],
  slots: [
    { write: false, base: 0 },
    { write: true, tag: RwTag.TxAccessListAccount, field: 0, key: (s) => ({ id: s.txId, address: beneficiary(s) }) },
    // whether a CREATE or CREATE2 of the tx made the running account (its address: SelfdestructPrewarm's CalleeAddress)
    { write: false, tag: RwTag.TxCreated, field: 0, key: (s) => ({ id: s.txId, address: address(s.next.slot(0)).lo }) },
  ],
  flow: 'end',
  successors: [PREWARM],
  // the beneficiary's warm mark is undone if a caller of a nested frame fails (EIP-2929, as BALANCE's and CallAccess's)
  reversible: true,
  // EIP-6780's "created in the tx" is the frame's IsCreate: a nested frame of a creation tx could be the created account's
  txLookups: (s) => [{ tag: TxFieldTag.IsCreate, value: ZERO, enabled: ONE.sub(s.isRoot) }],
  dynamicGas: (s) => s.next.auxByte(COLD_BYTE).mul(SELFDESTRUCT_COLD_GAS),
  configure(c) {
    const s = c.step;
    c.gate({
      ...is(s.slot(0), s.aux, 'beneficiary word = aux'), ...is(s.slot(1), small(ONE), 'beneficiary warm'), 'next is SelfdestructPrewarm': ONE.sub(s.next.state(PREWARM)),
      // EIP-6780 would delete such an account at the tx's end, which the rows below cannot tell from a nested frame
      'a nested frame\'s account was not made by a CREATE of the tx': ONE.sub(s.isRoot).mul(s.slot(2).lo), 'TxCreated hi = 0': s.slot(2).hi,
    });
  },
  witness: ({ slots: [w] }) => ({ aux: w }),
};

const SELFDESTRUCT_PREWARM: ExecutionGadget = {
  name: PREWARM,
  opcodes: [],
  slots: ACCOUNT_PREWARM.slots,
  txLookups: ACCOUNT_PREWARM.txLookups,
  blockLookup: ACCOUNT_PREWARM.blockLookup,
  flow: 'internal',
  successors: [BENEFICIARY],
  configure(c) {
    const op = c.step.at(-1);
    c.gate(prewarmRules(c.step, beneficiary(op), op.slotPrev(1).lo));
  },
  witness: () => ({}),
};

/** A read of field `field` of the beneficiary (two rows back is the SELFDESTRUCT row). */
const beneficiaryRead = (field: AccountField): KeyedSlot => ({ write: false, tag: RwTag.Account, field, key: (s) => ({ id: constant(0), address: beneficiary(s.at(-2)) }) });

const SELFDESTRUCT_BENEFICIARY: ExecutionGadget = {
  name: BENEFICIARY,
  opcodes: [],
  slots: [beneficiaryRead(AccountField.Nonce), beneficiaryRead(AccountField.Balance), beneficiaryRead(AccountField.CodeHash)],
  flow: 'internal',
  successors: [DEBIT_ROW, SELFDESTRUCT_OUT_OF_GAS],
  configure(c) {
    const s = c.step;
    c.gate({
      ...emptyRules(s, s.slot(2), s.slot(3).lo), 'self carried': s.auxByte(SELF_BYTE).sub(s.at(-1).auxByte(EQ_CALLEE_BYTE)),
      ...upperBytesZero(s, SELF_BYTE + 1), ...gasCarried(s),
    });
  },
  witness: () => ({}),
};

/** An account field of the callee (slot 2's CalleeAddress read). */
const calleeField = (field: AccountField, optional?: true): KeyedSlot =>
  ({ write: true, tag: RwTag.Account, field, key: (s) => ({ id: constant(0), address: address(s.slot(2)).lo }), ...(optional === undefined ? {} : { optional }) });

const SELFDESTRUCT_DEBIT: ExecutionGadget = {
  name: DEBIT_ROW,
  opcodes: [],
  slots: [calleeField(AccountField.Balance), callContext(CallContextField.IsCreate, false), callContext(CallContextField.CalleeAddress, false), calleeField(AccountField.Nonce, true)],
  flow: 'internal',
  successors: [CREDIT],
  reversible: true,
  configure(c) {
    const s = c.step;
    const b = s.slotPrev(0);
    const created = s.slot(1).lo;
    const byte = (k: keyof typeof DEBIT) => s.auxByte(DEBIT[k]);
    c.gate({
      ...is(s.slot(0), ZERO, 'balance → 0'),
      ...isZeroRules('balance before = 0', b.lo.add(b.hi), s.inv, byte('zero')),
      'surcharge = empty, balance sent': byte('surcharge').sub(s.at(-1).auxByte(EMPTY_BYTE).mul(ONE.sub(byte('zero')))),
      'burn = self, created': byte('burn').sub(s.at(-1).auxByte(SELF_BYTE).mul(created)),
      ...upperBytesZero(s, DEBIT.burn + 1),
      'created: nonce written': s.slotOn(3).sub(created),
      'created: nonce → 0 lo': created.mul(s.slot(3).lo), 'created: nonce → 0 hi': created.mul(s.slot(3).hi),
      // the SMT binding cannot delete an account's storage: a created account that wrote any is refused
      // (+ 1: the SELFDESTRUCT row's own warm mark)
      'created: no storage written': created.mul(s.reversible.sub(CREATION_REVERSIBLE_ROWS + 1)),
      // EndTx4 pays the coinbase after these rows: were it this account, it would be credited after its deletion
      'created: callee ≠ coinbase': created.mul(address(s.slot(2)).lo.sub(address(s.at(-2).slot(COINBASE)).lo).mul(s.c0).sub(ONE)),
      ...gasCarried(s), "gas' = gas − 25000·surcharge": s.next.gas.sub(s.gas).add(byte('surcharge').mul(NEW_ACCOUNT_GAS)),
    });
  },
  witness: () => ({}),
};

const SELFDESTRUCT_CREDIT: ExecutionGadget = {
  name: CREDIT,
  opcodes: [],
  // the beneficiary: SelfdestructBeneficiary's reads' address
  slots: [{ write: true, tag: RwTag.Account, field: AccountField.Balance, key: (s) => ({ id: constant(0), address: s.at(-2).slotAddress(0) }) }],
  flow: 'internal',
  // (the root call's end is EndTx, a nested one's CallReturn: their isRoot rules pick)
  successors: ['EndTx', 'CallReturn'],
  reversible: true,
  configure(c) {
    const s = c.step;
    const debit = s.at(-1);
    const kept = ONE.sub(debit.auxByte(DEBIT.burn));
    const sent = { lo: debit.slotPrev(0).lo.mul(kept), hi: debit.slotPrev(0).hi.mul(kept) };
    c.gate({ ...balanceUpdate(s, s.slotPrev(0), sent, s.aux), "gas' = gas": s.next.gas.sub(s.gas) });
  },
  witness: () => ({}),
};

/** The callee's balance, read (SelfdestructOutOfGas: slot 0's CalleeAddress). */
const calleeBalance: KeyedSlot = { write: false, tag: RwTag.Account, field: AccountField.Balance, key: (s) => ({ id: constant(0), address: address(s.slot(0)).lo }) };

export const SELFDESTRUCT_OOG: ExecutionGadget = {
  name: SELFDESTRUCT_OUT_OF_GAS,
  opcodes: [],
  slots: [callContext(CallContextField.CalleeAddress, false), calleeBalance],
  flow: 'internal',
  successors: ['EndTx', 'CallReturn'],
  configure(c) {
    const s = c.step;
    const b = s.slot(1);
    c.gate({
      ...gasCarried(s), 'a balance to send: (b lo + b hi)·inv = 1': b.lo.add(b.hi).mul(s.inv).sub(ONE),
      'to an empty beneficiary (EIP-161)': ONE.sub(s.at(-1).auxByte(EMPTY_BYTE)),
      'aux bytes 0 … 7 = 25000 − gas − 1 (short of the new account)': auxBytes(s, 0, 8).sub(constant(NEW_ACCOUNT_GAS).sub(s.gas).sub(1)), ...upperBytesZero(s, 8),
      "all gas consumed: gas' = 0": s.next.gas,
    });
  },
  witness: () => ({}),
};

export const SELFDESTRUCT_ROWS: readonly ExecutionGadget[] = [SELFDESTRUCT_PREWARM, SELFDESTRUCT_BENEFICIARY, SELFDESTRUCT_DEBIT, SELFDESTRUCT_CREDIT];
