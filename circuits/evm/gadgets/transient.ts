/**
 * Transient storage (EIP-1153): TLOAD, TSTORE. TransientStorage rows of the RW table are keyed by (tx id, contract,
 * slot) and start at 0 in every key group (the state circuit's initZero rule, tag-table.ts): with the tx id in the key,
 * a value never outlives its tx, and no committed value or warm/cold state exists — both cost a flat 100.
 * The contract is the running call's CallContext CalleeAddress, read on the same row (a creating frame's is its new
 * address), so the key cannot name another contract.
 *
 *   TLOAD:  read key (sp); read CalleeAddress; read TransientStorage (contract, key) = v; write sp ← v.
 *   TSTORE: read key (sp), read value n (sp + 1); read CalleeAddress; write TransientStorage (contract, key) ← n.
 * v1 runs only the root call, which is never static, so TSTORE's static-call failure cannot arise yet.
 */
import { CallContextField, RwTag } from '../../state/table.js';
import type { ExecutionGadget, KeyedSlot } from '../step.js';
import { address, callContext, is } from './common.js';

/** EIP-1153: TLOAD and TSTORE both cost the warm storage read. */
export const TRANSIENT_GAS = 100;

/** The running contract's transient slot `slot 0`; the contract is the CalleeAddress read in slot `callee`. */
const transientSlot = (write: boolean, callee: number): KeyedSlot => ({
  write, tag: RwTag.TransientStorage, field: 0,
  key: (s) => ({ id: s.txId, address: address(s.slot(callee)).lo, storageKey: s.slot(0) }),
});

export const TLOAD: ExecutionGadget = {
  name: 'TLOAD',
  opcodes: [{ opcode: 0x5c, name: 'TLOAD', param: 0, gas: TRANSIENT_GAS, spDelta: 0 }],
  slots: [{ write: false, base: 0 }, callContext(CallContextField.CalleeAddress, false), transientSlot(false, 1), { write: true, base: 0 }],
  flow: 'next',
  configure(c) {
    c.gate(is(c.step.slot(3), c.step.slot(2), 'pushed = stored'));
  },
  witness: () => ({}),
};

export const TSTORE: ExecutionGadget = {
  name: 'TSTORE',
  writesState: true,
  reversible: true,
  opcodes: [{ opcode: 0x5d, name: 'TSTORE', param: 0, gas: TRANSIENT_GAS, spDelta: 2 }],
  slots: [{ write: false, base: 0 }, { write: false, base: 1 }, callContext(CallContextField.CalleeAddress, false), transientSlot(true, 2)],
  flow: 'next',
  configure(c) {
    c.gate(is(c.step.slot(3), c.step.slot(1), 'stored = value'));
  },
  witness: () => ({}),
};
