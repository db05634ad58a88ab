/**
 * BeginTx and EndTx: the rows around a transaction's root call (v1: one frame — a call, or a creation whose rows
 * create.ts adds). They run no opcode; each is one row with up to RW_SLOTS accesses and TX_LOOKUPS tx-table
 * lookups, chained by `successors`. Values a later row needs travel in scratch slot cells (slot 3) or are looked
 * up again in the tx table. Gas: the `gas` cell carries the gas left of the call through the chain.
 *
 *   BeginTx   callId = rwc; CallContext writes TxId = txId, CallerAddress = tx.caller (as the aux word, so its
 *             halves are canonical), Depth = 1; gas = tx.gasLimit − 21000.
 *   BeginTx1  CallContext writes Value = tx.value, CallDataLength = tx.callDataLength (0 for a creation, by the next
 *             row's IsCreate: its frame's input is the init code, not calldata), CallDataOffset = 0,
 *             IsStatic = 0; gas −= tx.callDataGasCost + tx.accessListGasCost (the intrinsic gas, EIP-2028/2930);
 *             the nonce BeginTx2 writes as the aux word with bytes 8 … 31 zero (EIP-2681: nonce < 2^64 − 1).
 *   BeginTx2  CallContext writes IsRoot = 1, IsCreate = tx.isCreate, CalleeAddress = tx.callee (as the aux word; for a
 *             creation the tx table's callee is 0, so the lookup is off and CreateAddress proves the new address); caller
 *             nonce: tx.nonce → tx.nonce + 1.
 *   BeginTxCallee  the callee (c0) written warm (EIP-2929), unless a creation. The gas left after the intrinsic gas
 *             is aux bytes 0 … 7: a tx whose gas limit is below its intrinsic gas is invalid (the gas would wrap to
 *             p − x, and a failing state, which consumes the gas left without a range check, would end it at 0 as if
 *             it had run out of gas). n = tx.accessListItems (c1):
 *             the next row is BeginTxAccessListAddress iff n ≠ 0 (its inverse in slot 1 lo), else BeginTxGasPrice.
 *   BeginTxAccessListAddress, BeginTxAccessListKey  one row per EIP-2930 access-list item i = 0 … n − 1 (c0), in the
 *             list's order: the tx table's (AccessListAddress, i) = a writes TxAccessListAccount (tx id, a) ← 1; its
 *             (AccessListStorageKey, i) = the aux word k writes TxAccessListStorage (tx id, a, k) ← 1, a (c1) carried from
 *             the item before (a key row follows an item row; item 0 is an address, as the tx circuit's list starts).
 *             n (slot 1 lo) is looked up on every row: the next row is another item iff n − i − 1 ≠ 0 (its inverse in
 *             inv), else BeginTxGasPrice. So every item is written once (a duplicate again: warm once, charged twice
 *             by the tx circuit's AccessListGasCost) and the accesses after see them warm, as EIP-2929 pre-warms them.
 *             Not reversible: warmth does not outlive the tx.
 *   BeginTxGasPrice  tx.gasPrice = min(tx.maxFeePerGas, block.baseFee + tx.maxPriorityFeePerGas) (EIP-1559's
 *             effective price; for legacy and 2930 txs the tx circuit makes both caps the gas price, so it is the
 *             gas price): below = (max fee < base fee + priority fee) with max fee − (base fee + priority fee) +
 *             below·2^128 as the aux word's lo half, so below is the true comparison; the hi half is
 *             max fee − priority fee, so the priority fee does not exceed the max fee.
 *   BeginTx3  m = tx.gasLimit · tx.gasPrice as the aux word (bytes 24 … 31 zero, so the product identity is an
 *             integer one: gasLimit < 2^64 and gasPrice < 2^128 are the tx circuit's field ranges); m → slot 3.
 *   BeginTx4  caller balance b → b − m, no borrow (the sender can buy its gas).
 *   BeginTx5  caller balance b → b − tx.value, no borrow; the caller's code hash is the empty code's (EIP-3607).
 *             Reversible (as BeginTx6's credit): a failed tx's value goes back (circuit.ts reversion, error.ts).
 *   BeginTxFunds, BeginTxFunds1  d = tx.gasLimit · (tx.maxFeePerGas − tx.gasPrice) as an integer below 2^192 (so also
 *             maxFee ≥ price), and the balance left after BeginTx5 minus d without borrow: the sender could have paid
 *             gasLimit · maxFee + value (EIP-1559's validity rule), though it pays gasLimit · price.
 *             BeginTxFunds1's next row is BeginTx6 for a call, CreateNonce (create.ts) for a creation: the tx's
 *             IsCreate is looked up as "the next row is CreateNonce"; BeginTxPrecompile exactly when the tx's callee x
 *             is a precompile (0x01 … 0x0a in Cancun), which runs no code: p = (x − 1)·…·(x − 10) as a chain of
 *             products in slot cells (x, t1 = (x − 1)(x − 2)(x − 3) in slot 0, t2 = t1·(x − 4)(x − 5)(x − 6),
 *             t3 = t2·(x − 7)(x − 8)(x − 9) in slot 1, p = t3·(x − 10)), next = [p = 0] by IsZero (inverse in inv).
 *             Without it a call to a precompile would pass as a transfer (a creation's tx-table callee is 0: p ≠ 0).
 *   BeginTxPrecompile  (instead of BeginTx6, reversible) callee balance c → c + tx.value, no carry; the next row is
 *             the precompile's (precompile-root.ts PrecompileRoot, or PrecompileRootOutOfGas, which undoes the transfer;
 *             for ecAdd and ecMul ec-precompile.ts PrecompileRootEc, or EcFailure short of their gas; for MODEXP
 *             modexp.ts PrecompileRootModexp; for BLAKE2F blake2f-root.ts PrecompileRootBlake2f).
 *   BeginTx6  callee balance c → c + tx.value, no carry; reads the callee's code hash H, writes CallContext
 *             CodeHash = H. The next row is the call's first opcode step (pc = 0, empty stack, no memory, code
 *             hash H — its opcode fetch proves the code is not empty) or, when H is the empty code's hash,
 *             EndTx. Either way the gas left carries over.
 *   EndTx     the gas left as aux bytes 0 … 7 (0 ≤ gas < 2^64) and block.gasLimit − tx.gasLimit as bytes 8 … 15 (a
 *             tx's gas limit fits its block's).
 *   EndTxRefund  gas carried from EndTx; reads the tx's refund counter R (SSTORE's rows write it): with gas used = gasLimit − gas = 5q + rem
 *             (q, rem, 4 − rem, R and |R − q| in aux bytes, so all are exact) the next row's gas is gas + min(R, q)
 *             (EIP-3529). Every later row carries that gas.
 *   EndTx1    r = gas left · tx.gasPrice as the aux word (as BeginTx3); r → slot 3.
 *   EndTx2    caller balance b → b + r (the unused gas is refunded), no carry.
 *   EndTx3    f = (tx.gasLimit − gas left) · (tx.gasPrice − block.baseFee) as the aux word (bytes 24 … 31 zero; a
 *             price below the base fee or more gas left than the limit would wrap far above 2^192, so both
 *             differences are proven non-negative); f → slot 3, the base fee in slot 2.
 *   EndTx4    coinbase balance c → c + f (the priority fee, EIP-1559), no carry; the coinbase from the block table.
 *             The next row is the next tx's BeginTx, or padding.
 *
 * A failed root call (error.ts: REVERT, INVALID, the error states) reaches EndTx with its writes undone (the reversion
 * writes sit at the rw counters just before EndTx's; circuit.ts), the refund counter among them (EndTxRefund reads 0),
 * so these rows settle it as Ethereum does: the gas left refunded, the fee paid, the nonce kept. The tx's receipt
 * status is EndTx's `persistent` cell (circuit.ts), proven 1 − (the call failed).
 *
 * The addresses EIP-2929/3651 pre-warm (sender, callee, coinbase, precompiles) get no rows here: the one state that
 * asks (account.ts AccountPrewarm) proves membership itself; EIP-2930 access-list items are written warm by their rows.
 *
 * The tx's gas used (EndTx3: gas limit − gas left after the refund) is what circuits/pi/block-chain.ts sums into its
 * block's gas used, at most the block's gas limit (EvmCircuit.txGasUsedTable).
 *
 * Not yet constrained (listed in coverage.ts): a receipt in the RW table (TxReceipt rows of the status and the
 * cumulative gas; each would cost every tx RW rows).
 */
import { KECCAK_EMPTY } from '../../bytecode/table.js';
import { TWO_128, splitWord } from '../../gadgets/word.js';
import { constant, type Expr } from '../../plonk/index.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import { BlockFieldTag } from '../../pi/block-table.js';
import { ANY_OPCODE, PADDING, STACK_EMPTY, type BlockLookup, type ExecutionGadget, type GadgetConfigurer, type KeyedSlot, type StepExprs, type TxLookup, type WordExpr } from '../step.js';
import { addRelation } from './arithmetic.js';
import { account, address, addressAux, auxBytes, callContext, is, isZeroRules, small, upperBytesZero, ZERO } from './common.js';

/** EIP-3529: at most gas used / 5 is refunded. */
export const MAX_REFUND_QUOTIENT = 5n;
/** Intrinsic gas of every tx (Yellow Paper G_transaction). */
export const TX_BASE_GAS = 21_000n;
/** The slot internal rows hand values over in. */
export const SCRATCH = 3;
/** Scratch slots of BeginTxGasPrice, EndTx3 and EndTx4 for the block values they look up, and of BeginTxGasPrice's flag. */
export const BASE_FEE = 2;
export const COINBASE = 2;
export const FEE_CAP_BELOW = 1;
/** Scratch slots of BeginTxFunds: the gas price and the sender's balance after BeginTx5. */
export const PRICE = 2;
export const LEFT = 1;
/** The access-list rows (BeginTxCallee's next when the list has items) and the row after them. */
export const AL_ADDRESS = 'BeginTxAccessListAddress';
export const AL_KEY = 'BeginTxAccessListKey';
const AFTER_ACCESS_LIST = 'BeginTxGasPrice';
/** The first row of a creation's rows (create.ts), which follow BeginTxFunds1 instead of BeginTx6. */
export const CREATE_FIRST = 'CreateNonce';
/** BeginTxFunds1's next row for a tx whose callee is a precompile, and the precompile's rows after it (precompile-root.ts). */
export const BEGIN_TX_PRECOMPILE = 'BeginTxPrecompile';
export const PRECOMPILE_ROOT = 'PrecompileRoot';
export const PRECOMPILE_ROOT_OOG = 'PrecompileRootOutOfGas';
/** The rows of a tx to ecAdd or ecMul (ec-precompile.ts): its head, or short of the gas the failure row its calls share. */
export const PRECOMPILE_ROOT_EC = 'PrecompileRootEc';
export const EC_FAILURE = 'EcFailure';
/** The head of a tx to MODEXP (modexp.ts): its windows over the tx's calldata, the MODEXP table's gas. */
export const PRECOMPILE_ROOT_MODEXP = 'PrecompileRootModexp';
/** The head of a tx to BLAKE2F (blake2f-root.ts): its length, rounds and final-block flag, looked up. */
export const PRECOMPILE_ROOT_BLAKE2F = 'PrecompileRootBlake2f';
/** The highest precompile address of the fork the circuits target (Cancun: 0x0a, point evaluation). */
export const LAST_PRECOMPILE = 0x0an;
/** Whether `a` is a precompile's address (0x01 … LAST_PRECOMPILE). */
export const isPrecompileAddress = (a: bigint): boolean => a >= 1n && a <= LAST_PRECOMPILE;

const [EMPTY_LO, EMPTY_HI] = splitWord(KECCAK_EMPTY);
export const EMPTY_CODE_HASH: WordExpr = { lo: constant(EMPTY_LO), hi: constant(EMPTY_HI) };
/** A read of the code hash of the account in slot `j`'s address cell. */
export const codeHashOf = (j: number): KeyedSlot => ({ write: false, tag: RwTag.Account, field: AccountField.CodeHash, key: (s) => ({ id: constant(0), address: s.slotAddress(j) }) });
export const gasCarried = (s: StepExprs): Record<string, Expr> => ({ 'gas carried': s.gas.sub(s.at(-1).gas) });

/** aux = a·b as an integer below 2^192 (bytes 24 … 31 zero), copied to the scratch slot. */
function product(s: StepExprs, a: Expr, b: Expr): Record<string, Expr> {
  return { 'aux = a·b': s.aux.lo.add(s.aux.hi.mul(TWO_128)).sub(a.mul(b)), ...upperBytesZero(s, 24), ...is(s.slot(SCRATCH), s.aux, 'scratch = aux') };
}

/** slot 0 (a balance write) = aux, with x + y = z and no carry out of 256 bits. */
export function balanceUpdate(s: StepExprs, x: WordExpr, y: WordExpr, z: WordExpr): Record<string, Expr> {
  return { ...addRelation(s, x, y, z), 'no overflow: c1 = 0': s.c1, ...is(s.slot(0), s.aux, 'balance = aux') };
}

export function internal(name: string, successors: readonly string[], slots: readonly KeyedSlot[], txLookups: (s: StepExprs) => readonly TxLookup[],
  configure: (c: GadgetConfigurer) => void, endsTx = false, blockLookup?: (s: StepExprs) => BlockLookup): ExecutionGadget {
  return { name, opcodes: [], slots, flow: 'internal', successors, endsTx, txLookups, blockLookup, configure, witness: () => ({}) };
}

/**
 * An access-list item row: item c0 of the tx table's `tag` is `value`, its warm write in slot 0; n = the items (slot 1
 * lo); the next row is an item row iff n − c0 − 1 ≠ 0 (inverse in inv).
 */
function accessListRow(name: string, slot: KeyedSlot, tag: TxFieldTag, value: (s: StepExprs) => WordExpr, rules: (s: StepExprs) => Record<string, Expr>): ExecutionGadget {
  return internal(name, [AL_ADDRESS, AL_KEY, AFTER_ACCESS_LIST], [slot],
    (s) => [{ tag, value: value(s), index: s.c0 }, { tag: TxFieldTag.AccessListItems, value: small(s.slot(1).lo) }],
    (c) => {
      const s = c.step;
      const left = s.slot(1).lo.sub(s.c0).sub(1);
      c.gate({
        ...rules(s), ...is(s.slot(0), small(constant(1)), 'item warm'), ...gasCarried(s),
        'another item next iff n − i − 1 ≠ 0: next = (n − i − 1)·inv': s.next.state(AL_ADDRESS).add(s.next.state(AL_KEY)).sub(left.mul(s.inv)),
        'the list ends at i = n − 1': left.mul(s.next.state(AFTER_ACCESS_LIST)),
      });
    });
}

const ACCESS_LIST_ROWS: readonly ExecutionGadget[] = [
  accessListRow(AL_ADDRESS, { write: true, tag: RwTag.TxAccessListAccount, field: 0, key: (s) => ({ id: s.txId }) }, TxFieldTag.AccessListAddress, (s) => small(s.slotAddress(0)),
    (s) => ({
      'i = 0 after BeginTxCallee, else the previous i + 1': s.c0.sub(constant(1).sub(s.at(-1).state('BeginTxCallee')).mul(s.at(-1).c0.add(1))),
      'c1 = the address': s.c1.sub(s.slotAddress(0)),
    })),
  accessListRow(AL_KEY, { write: true, tag: RwTag.TxAccessListStorage, field: 0, key: (s) => ({ id: s.txId, address: s.c1, storageKey: s.aux }) }, TxFieldTag.AccessListStorageKey, (s) => s.aux,
    (s) => ({
      'a key follows an item': constant(1).sub(s.at(-1).state(AL_ADDRESS)).sub(s.at(-1).state(AL_KEY)),
      'i = the previous i + 1': s.c0.sub(s.at(-1).c0).sub(1), 'the address as on the previous row': s.c1.sub(s.at(-1).c1),
    })),
];

/** The gadget with its first keyed write undone when the tx fails (circuit.ts revertedSlot). */
const reversible = (g: ExecutionGadget): ExecutionGadget => ({ ...g, reversible: true });

export const BEGIN_TX: readonly ExecutionGadget[] = [
  internal('BeginTx', ['BeginTx1'],
    [callContext(CallContextField.TxId), callContext(CallContextField.CallerAddress), callContext(CallContextField.Depth)],
    (s) => [{ tag: TxFieldTag.CallerAddress, value: address(s.slot(1)) }, { tag: TxFieldTag.GasLimit, value: small(s.c0) }],
    (c) => {
      const s = c.step;
      c.gate({
        'callId = rwc': s.callId.sub(s.rwc), ...is(s.slot(0), small(s.txId), 'TxId'), ...addressAux(s, 1, 'CallerAddress'),
        ...is(s.slot(2), small(constant(1)), 'Depth'), 'gas = gas limit − 21000': s.gas.add(TX_BASE_GAS).sub(s.c0),
      });
    }),
  internal('BeginTx1', ['BeginTx2'],
    [callContext(CallContextField.Value), callContext(CallContextField.CallDataLength), callContext(CallContextField.CallDataOffset), callContext(CallContextField.IsStatic)],
    (s) => [
      { tag: TxFieldTag.Value, value: s.slot(0) }, { tag: TxFieldTag.CallDataLength, value: small(s.inv) },
      { tag: TxFieldTag.CallDataGasCost, value: small(s.c0) }, { tag: TxFieldTag.AccessListGasCost, value: small(s.c1) },
    ],
    (c) => {
      const s = c.step;
      c.gate({
        ...is(s.slot(2), ZERO, 'CallDataOffset'), ...is(s.slot(3), ZERO, 'IsStatic'),
        // a creation's frame has no calldata (its init code is the tx's data): BeginTx2's IsCreate write decides
        ...is(s.slot(1), small(s.inv.mul(constant(1).sub(s.next.slot(1).lo))), 'CallDataLength = create ? 0 : tx calldata length'), 'gas −= intrinsic data and access list gas': s.gas.sub(s.at(-1).gas).add(s.c0).add(s.c1),
        // EIP-2681: the sender's nonce is below 2^64 − 1, i.e. the nonce BeginTx2 writes fits 8 bytes
        "aux = BeginTx2's new nonce": s.aux.lo.sub(s.next.slot(2).lo), ...upperBytesZero(s, 8),
      });
    }),
  internal('BeginTx2', ['BeginTxCallee'],
    [callContext(CallContextField.IsRoot), callContext(CallContextField.IsCreate), account(AccountField.Nonce, true), callContext(CallContextField.CalleeAddress)],
    (s) => [
      { tag: TxFieldTag.CallerAddress, value: small(s.slotAddress(2)) }, { tag: TxFieldTag.Nonce, value: s.slotPrev(2) },
      { tag: TxFieldTag.IsCreate, value: s.slot(1) },
      // a creation's callee is the new address, which the create rows derive (the tx table's is 0)
      { tag: TxFieldTag.CalleeAddress, value: address(s.slot(3)), enabled: constant(1).sub(s.slot(1).lo) },
    ],
    (c) => {
      const s = c.step;
      c.gate({
        ...is(s.slot(0), small(constant(1)), 'IsRoot'), ...is(s.slot(2), small(s.slotPrev(2).lo.add(1)), 'nonce + 1'),
        ...addressAux(s, 3, 'CalleeAddress'), ...gasCarried(s),
      });
    }),
  // EIP-2929 makes the callee warm from the start: written here (a creation's new address is the root call's own
  // callee, which AccountPrewarm knows); a precompile callee is BeginTxFunds1's to tell
  internal('BeginTxCallee', [AL_ADDRESS, AFTER_ACCESS_LIST], [{ write: true, optional: true, tag: RwTag.TxAccessListAccount, field: 0, key: (s) => ({ id: s.txId, address: s.c0 }) }],
    (s) => [{ tag: TxFieldTag.CalleeAddress, value: small(s.c0) }, { tag: TxFieldTag.AccessListItems, value: small(s.c1) }],
    (c) => {
      const s = c.step;
      const warm = s.slotOn(0);
      c.gate({
        'the callee written warm unless a creation': warm.sub(constant(1).sub(s.at(-1).slot(1).lo)), 'warm = 1 lo': warm.mul(s.slot(0).lo.sub(1)), 'warm = 1 hi': s.slot(0).hi,
        'aux bytes 0 … 7 = gas left (gas limit ≥ intrinsic gas)': auxBytes(s, 0, 8).sub(s.gas), ...upperBytesZero(s, 8), ...gasCarried(s),
        'access list next iff it has items: next = n·inv': s.next.state(AL_ADDRESS).sub(s.c1.mul(s.slot(1).lo)),
        'no items when the list is skipped': s.c1.mul(s.next.state(AFTER_ACCESS_LIST)),
      });
    }),
  ...ACCESS_LIST_ROWS,
  internal('BeginTxGasPrice', ['BeginTx3'], [],
    (s) => [
      { tag: TxFieldTag.MaxFeePerGas, value: small(s.c0) }, { tag: TxFieldTag.MaxPriorityFeePerGas, value: small(s.c1) },
      { tag: TxFieldTag.GasPrice, value: small(s.slot(SCRATCH).lo) },
    ],
    (c) => {
      const s = c.step;
      const lt = s.slot(FEE_CAP_BELOW).lo;
      const capped = s.slot(BASE_FEE).lo.add(s.c1); // base fee + priority fee
      c.gate({
        'fee cap below: boolean': lt.mul(constant(1).sub(lt)),
        'aux = max fee − (base fee + priority fee) + below·2^128': s.aux.lo.sub(s.c0.sub(capped).add(lt.mul(TWO_128))),
        // EIP-1559 validity: the priority fee does not exceed the max fee (a 128-bit difference: both are below 2^128)
        'aux hi = max fee − priority fee': s.aux.hi.sub(s.c0.sub(s.c1)),
        'gas price = below ? max fee : base fee + priority fee': s.slot(SCRATCH).lo.sub(lt.mul(s.c0).add(constant(1).sub(lt).mul(capped))),
        'fee cap below: hi = 0': s.slot(FEE_CAP_BELOW).hi, 'base fee hi = 0': s.slot(BASE_FEE).hi, 'gas price hi = 0': s.slot(SCRATCH).hi, ...gasCarried(s),
      });
    },
    false, (s) => ({ tag: BlockFieldTag.BaseFee, value: s.slot(BASE_FEE) })),
  internal('BeginTx3', ['BeginTx4'], [],
    (s) => [{ tag: TxFieldTag.GasLimit, value: small(s.c0) }, { tag: TxFieldTag.GasPrice, value: small(s.c1) }],
    (c) => c.gate({ ...product(c.step, c.step.c0, c.step.c1), ...gasCarried(c.step) })),
  internal('BeginTx4', ['BeginTx5'], [account(AccountField.Balance, true)],
    (s) => [{ tag: TxFieldTag.CallerAddress, value: small(s.slotAddress(0)) }],
    (c) => c.gate({ ...balanceUpdate(c.step, c.step.aux, c.step.at(-1).slot(SCRATCH), c.step.slotPrev(0)), ...gasCarried(c.step) })),
  // reversible: a failed tx gets its value back (error.ts)
  reversible(internal('BeginTx5', ['BeginTxFunds'], [account(AccountField.Balance, true), codeHashOf(0)],
    (s) => [{ tag: TxFieldTag.CallerAddress, value: small(s.slotAddress(0)) }, { tag: TxFieldTag.Value, value: s.slot(SCRATCH) }],
    (c) => c.gate({
      ...balanceUpdate(c.step, c.step.aux, c.step.slot(SCRATCH), c.step.slotPrev(0)), ...gasCarried(c.step),
      ...is(c.step.slot(1), EMPTY_CODE_HASH, 'sender has no code (EIP-3607)'),
    }))),
  // EIP-1559 validity: the sender could pay gasLimit · maxFee + value, i.e. what is left, b − gasLimit·price − value,
  // covers gasLimit · (maxFee − price)
  internal('BeginTxFunds', ['BeginTxFunds1'], [],
    (s) => [{ tag: TxFieldTag.GasLimit, value: small(s.c0) }, { tag: TxFieldTag.MaxFeePerGas, value: small(s.c1) }, { tag: TxFieldTag.GasPrice, value: small(s.slot(PRICE).lo) }],
    (c) => {
      const s = c.step;
      c.gate({
        ...product(s, s.c0, s.c1.sub(s.slot(PRICE).lo)), 'price hi = 0': s.slot(PRICE).hi,
        ...is(s.slot(LEFT), s.at(-1).slot(0), 'balance left = the sender\'s balance after BeginTx5'), ...gasCarried(s),
      });
    }),
  // the create rows (create.ts) take BeginTx6's place exactly when the tx is a creation, BeginTxPrecompile's when its
  // callee is a precompile (p = (x − 1)·…·(x − 10) = 0, its factors chained through slot cells to keep the degree low)
  internal('BeginTxFunds1', ['BeginTx6', CREATE_FIRST, BEGIN_TX_PRECOMPILE], [],
    (s) => [{ tag: TxFieldTag.IsCreate, value: small(s.next.state(CREATE_FIRST)) }, { tag: TxFieldTag.CalleeAddress, value: small(s.slot(0).lo) }],
    (c) => {
      const s = c.step;
      const prev = s.at(-1);
      const x = s.slot(0).lo;
      const factors = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => x.sub(from + i)).reduce((a, b) => a.mul(b));
      const [t1, t2, t3] = [s.slot(0).hi, s.slot(1).lo, s.slot(1).hi];
      c.gate({
        ...addRelation(s, s.aux, prev.slot(SCRATCH), prev.slot(LEFT)), 'no borrow: c1 = 0': s.c1, ...gasCarried(s),
        't1 = (x − 1)(x − 2)(x − 3)': t1.sub(factors(1, 3)), 't2 = t1·(x − 4)(x − 5)(x − 6)': t2.sub(t1.mul(factors(4, 6))), 't3 = t2·(x − 7)(x − 8)(x − 9)': t3.sub(t2.mul(factors(7, 9))),
        ...isZeroRules('a precompile callee: next is BeginTxPrecompile', t3.mul(x.sub(LAST_PRECOMPILE)), s.inv, s.next.state(BEGIN_TX_PRECOMPILE)),
      });
    }),
  reversible(internal('BeginTx6', [ANY_OPCODE, 'EndTx'],
    [account(AccountField.Balance, true), codeHashOf(0), callContext(CallContextField.CodeHash)],
    (s) => [{ tag: TxFieldTag.CalleeAddress, value: small(s.slotAddress(0)) }, { tag: TxFieldTag.Value, value: s.slot(SCRATCH) }],
    (c) => {
      const s = c.step;
      const n = s.next;
      const runs = constant(1).sub(n.state('EndTx'));
      c.gate({
        ...balanceUpdate(s, s.slotPrev(0), s.slot(SCRATCH), s.aux), ...gasCarried(s), ...is(s.slot(2), s.slot(1), 'CallContext CodeHash = code hash'),
        "code runs: pc' = 0": runs.mul(n.pc), "code runs: sp' = 1024": runs.mul(n.sp.sub(STACK_EMPTY)), "code runs: memory' = 0": runs.mul(n.memoryWords),
        "code runs: code hash' lo": runs.mul(n.codeHash.lo.sub(s.slot(1).lo)), "code runs: code hash' hi": runs.mul(n.codeHash.hi.sub(s.slot(1).hi)),
        "gas' = gas": n.gas.sub(s.gas),
        'no code: code hash lo is the empty hash': n.state('EndTx').mul(s.slot(1).lo.sub(EMPTY_CODE_HASH.lo)),
        'no code: code hash hi is the empty hash': n.state('EndTx').mul(s.slot(1).hi.sub(EMPTY_CODE_HASH.hi)),
      });
    })),
  // a precompile runs no code: its rows follow (precompile-root.ts), and fail by undoing this transfer
  reversible(internal(BEGIN_TX_PRECOMPILE, [PRECOMPILE_ROOT, PRECOMPILE_ROOT_OOG, PRECOMPILE_ROOT_EC, EC_FAILURE, PRECOMPILE_ROOT_MODEXP, PRECOMPILE_ROOT_BLAKE2F], [account(AccountField.Balance, true)],
    (s) => [{ tag: TxFieldTag.CalleeAddress, value: small(s.slotAddress(0)) }, { tag: TxFieldTag.Value, value: s.slot(SCRATCH) }],
    (c) => c.gate({ ...balanceUpdate(c.step, c.step.slotPrev(0), c.step.slot(SCRATCH), c.step.aux), ...gasCarried(c.step) }))),
];

export const END_TX: readonly ExecutionGadget[] = [
  // gas left = aux bytes 0 … 7, block gas limit − tx gas limit = aux bytes 8 … 15: both in [0, 2^64)
  internal('EndTx', ['EndTxRefund'], [], (s) => [{ tag: TxFieldTag.GasLimit, value: small(s.c0) }],
    (c) => {
      const s = c.step;
      c.gate({ 'aux bytes 0 … 7 = gas left': auxBytes(s, 0, 8).sub(s.gas), 'aux bytes 8 … 15 = block gas limit − tx gas limit': auxBytes(s, 8, 8).sub(s.c1.sub(s.c0)), ...upperBytesZero(s, 16) });
    },
    false, (s) => ({ tag: BlockFieldTag.GasLimit, value: small(s.c1) })),
  // EIP-3529: the refund counter R pays back min(R, ⌊gas used / 5⌋) gas
  internal('EndTxRefund', ['EndTx1'], [{ write: false, tag: RwTag.TxRefund, field: 0, key: (s) => ({ id: s.txId, address: constant(0) }) }],
    (s) => [{ tag: TxFieldTag.GasLimit, value: small(s.c0) }],
    (c) => {
      const s = c.step;
      const q = auxBytes(s, 0, 8);
      const refund = s.slot(0).lo;
      const lt = s.c1;
      const notLt = constant(1).sub(lt);
      c.gate({
        'refund = aux bytes 18 … 25': refund.sub(auxBytes(s, 18, 8)), 'refund hi = 0': s.slot(0).hi,
        'gas used = 5·q + rem': s.c0.sub(s.gas).sub(q.mul(MAX_REFUND_QUOTIENT)).sub(s.auxByte(8)), 'rem + (4 − rem) = 4': s.auxByte(8).add(s.auxByte(9)).sub(MAX_REFUND_QUOTIENT - 1n),
        'refund below quotient: boolean': lt.mul(notLt),
        'aux bytes 10 … 17 = below ? q − refund − 1 : refund − q': auxBytes(s, 10, 8).sub(lt.mul(q.sub(refund).sub(1)).add(notLt.mul(refund.sub(q)))),
        "gas' = gas + min(refund, q)": s.next.gas.sub(s.gas).sub(lt.mul(refund).add(notLt.mul(q))),
        ...upperBytesZero(s, 26), ...gasCarried(s),
      });
    }),
  internal('EndTx1', ['EndTx2'], [],
    (s) => [{ tag: TxFieldTag.GasPrice, value: small(s.c1) }],
    (c) => c.gate(product(c.step, c.step.gas, c.step.c1))),
  internal('EndTx2', ['EndTx3'], [account(AccountField.Balance, true)],
    (s) => [{ tag: TxFieldTag.CallerAddress, value: small(s.slotAddress(0)) }],
    (c) => c.gate({ ...balanceUpdate(c.step, c.step.slotPrev(0), c.step.at(-1).slot(SCRATCH), c.step.aux), ...gasCarried(c.step) })),
  internal('EndTx3', ['EndTx4'], [],
    (s) => [{ tag: TxFieldTag.GasLimit, value: small(s.c0) }, { tag: TxFieldTag.GasPrice, value: small(s.c1) }],
    (c) => {
      const s = c.step;
      c.gate({ ...product(s, s.c0.sub(s.gas), s.c1.sub(s.slot(BASE_FEE).lo)), 'base fee hi = 0': s.slot(BASE_FEE).hi, ...gasCarried(s) });
    },
    false, (s) => ({ tag: BlockFieldTag.BaseFee, value: s.slot(BASE_FEE) })),
  internal('EndTx4', ['BeginTx', PADDING], [account(AccountField.Balance, true)], () => [],
    (c) => {
      const s = c.step;
      c.gate({ ...balanceUpdate(s, s.slotPrev(0), s.at(-1).slot(SCRATCH), s.aux), 'coinbase = block coinbase': s.slotAddress(0).sub(address(s.slot(COINBASE)).lo), ...gasCarried(s) });
    },
    true, (s) => ({ tag: BlockFieldTag.Coinbase, value: s.slot(COINBASE) })),
];
