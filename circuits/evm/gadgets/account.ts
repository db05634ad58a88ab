/**
 * Account reads: SELFBALANCE (EIP-1884) of the running contract, BALANCE of any address with EIP-2929's warm/cold gas.
 *
 *   SELFBALANCE: read CalleeAddress (a creating frame's is its new address); read the Account Balance of that address
 *                (the slot's address cell, bound to the callee read); write sp − 1 ← the balance. Gas 5.
 *   BALANCE:     read the address word a (sp), = the aux word with bytes 20 … 31 zero (a < 2^160: a larger word, which
 *                the EVM truncates, is refused); write TxAccessListAccount (tx id, a) ← 1, whose value before is 1
 *                iff a was warm; read Account Balance (a); write sp ← the balance. Gas 100 + 2500 if cold.
 *   AccountNotPrewarmed (BALANCE's next row): EIP-2929/3651 make the sender, the callee, the coinbase and the
 *                precompiles warm from the tx's start, but BeginTx writes no TxAccessListAccount rows for them (yet),
 *                so the warm bit above is only right for other addresses: this row proves a is none of them —
 *                a − callee (CallContext read), a − sender (tx table CallerAddress, slot 1 lo), a − coinbase (block
 *                table, slot 2's halves) each have an inverse (inv, c0, c1), and a − 11 fits 20 aux bytes (a is no
 *                precompile 0x01 … 0x0a, nor 0). BALANCE of those addresses is refused, not mispriced.
 */
import { constant, type Expr } from '../../plonk/index.js';
import { BlockFieldTag } from '../../pi/block-table.js';
import { AccountField, CallContextField, RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot } from '../step.js';
import { account, address, auxBytes, callContext, is, small, upperBytesZero } from './common.js';
import { LAST_PRECOMPILE } from './tx.js';
import { FR_MODULUS } from '../../field/constants.js';
import { modInverse } from '../../field/modular.js';
import { mod } from '../../gadgets/common.js';

/** EIP-2929: a warm account access, and the surcharge of a cold one. */
export const WARM_ACCOUNT_ACCESS = 100;
export const COLD_ACCOUNT_SURCHARGE = 2500n;

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

/** The popped address word as one field element (canonical: BALANCE's gate makes it the aux word, below 2^160). */
const popped = (s: Parameters<KeyedSlot['key']>[0]): Expr => address(s.slot(0)).lo;

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
  continuation: 'AccountNotPrewarmed',
  dynamicGas: (s) => constant(1).sub(s.slotPrev(1).lo).mul(COLD_ACCOUNT_SURCHARGE),
  configure(c) {
    const s = c.step;
    c.gate({
      ...is(s.slot(0), s.aux, 'address = aux'), ...upperBytesZero(s, 20),
      ...is(s.slot(1), small(constant(1)), 'account warm'), ...is(s.slot(3), s.slot(2), 'pushed = balance'),
    });
  },
  witness: ({ slots: [a] }) => ({ aux: a }),
};

export const ACCOUNT_NOT_PREWARMED: ExecutionGadget = {
  name: 'AccountNotPrewarmed',
  opcodes: [],
  slots: [callContext(CallContextField.CalleeAddress, false)],
  txLookups: (s) => [{ tag: TxFieldTag.CallerAddress, value: small(s.slot(1).lo) }],
  blockLookup: (s) => ({ tag: BlockFieldTag.Coinbase, value: s.slot(2) }),
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    const a = address(s.at(-1).aux).lo;
    c.gate({
      'a ≠ callee': a.sub(address(s.slot(0)).lo).mul(s.inv).sub(1),
      'a ≠ sender': a.sub(s.slot(1).lo).mul(s.c0).sub(1),
      'a ≠ coinbase': a.sub(address(s.slot(2)).lo).mul(s.c1).sub(1),
      'a − 11 fits 20 bytes (no precompile, not 0)': a.sub(LAST_PRECOMPILE + 1n).sub(auxBytes(s, 0, 20)), ...upperBytesZero(s, 20),
      'one row': s.next.state('AccountNotPrewarmed'),
    });
  },
  witness: () => ({}),
};

/** AccountNotPrewarmed's cells for address a of a tx with `sender`, `callee` and block `coinbase` (a is none of them, above 0x0a). */
export function notPrewarmedWitness(a: bigint, sender: bigint, callee: bigint, coinbase: bigint): AuxWitness {
  const inverse = (x: bigint) => modInverse(mod(a - x), FR_MODULUS);
  return {
    aux: a - LAST_PRECOMPILE - 1n, inv: inverse(callee), c0: inverse(sender), c1: inverse(coinbase),
    cells: new Map([[1, { lo: sender, hi: 0n }], [2, { lo: coinbase & ((1n << 128n) - 1n), hi: coinbase >> 128n }]]),
  };
}
