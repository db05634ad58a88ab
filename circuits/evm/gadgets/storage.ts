/**
 * Storage: SLOAD (v1: in the root call, whose address is its tx's callee). Storage rows of the RW table are keyed
 * by (tx id, contract, slot) with the slot's value at the tx's start as the committed value (the state circuit
 * makes a key's first access start from it); EIP-2929 warm slots are TxAccessListStorage rows (tx id, contract,
 * slot) whose value becomes 1 once the slot is accessed — every writer writes 1, so a row's value before is 1 iff
 * the slot was warm.
 *
 *   SLOAD: read key (sp); read Storage (contract, key) = v with committed value = the aux word; write
 *          TxAccessListStorage (contract, key) ← 1; write sp ← v. Gas: 100 (warm) + 2000 if the slot was cold
 *          (EIP-2929's 2100). The contract is c0, the tx's callee (a tx-table lookup).
 */
import { constant } from '../../plonk/index.js';
import { RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { ExecutionGadget, KeyedSlot } from '../step.js';
import { is, small } from './common.js';

/** EIP-2929: warm storage read cost and the cold surcharge on top of it. */
export const WARM_STORAGE_READ = 100n;
export const COLD_SLOAD_SURCHARGE = 2000n;

/** The running contract's slot `slot 0` (the key popped first), in the per-tx Storage or warm-slot rows. */
const slotOf = (tag: RwTag.Storage | RwTag.TxAccessListStorage, write: boolean): KeyedSlot => ({
  write, tag, field: 0,
  key: (s) => ({ id: s.txId, address: s.c0, storageKey: s.slot(0), committed: tag === RwTag.Storage ? s.aux : undefined }),
});

export const SLOAD: ExecutionGadget = {
  name: 'SLOAD',
  opcodes: [{ opcode: 0x54, name: 'SLOAD', param: 0, gas: Number(WARM_STORAGE_READ), spDelta: 0 }],
  slots: [{ write: false, base: 0 }, slotOf(RwTag.Storage, false), slotOf(RwTag.TxAccessListStorage, true), { write: true, base: 0 }],
  flow: 'next',
  txLookups: (s) => [{ tag: TxFieldTag.CalleeAddress, value: small(s.c0) }],
  dynamicGas: (s) => constant(1).sub(s.slotPrev(2).lo).mul(COLD_SLOAD_SURCHARGE),
  configure(c) {
    const s = c.step;
    c.gate({ ...is(s.slot(2), small(constant(1)), 'slot warm'), ...is(s.slot(3), s.slot(1), 'pushed = stored') });
  },
  // the builder fills the aux word (the committed value) and c0: storage rows come from the trace
  witness: () => ({}),
};
