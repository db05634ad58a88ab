/**
 * Account reads of the running contract: SELFBALANCE (EIP-1884; no EIP-2929 access cost — the contract is warm).
 *
 *   SELFBALANCE: read CalleeAddress (a creating frame's is its new address); read the Account Balance of that address
 *                (the slot's address cell, bound to the callee read); write sp − 1 ← the balance. Gas 5.
 */
import { AccountField, CallContextField } from '../../state/table.js';
import type { ExecutionGadget } from '../step.js';
import { account, address, callContext, is } from './common.js';

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
