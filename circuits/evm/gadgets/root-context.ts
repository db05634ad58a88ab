/**
 * Values a root call of a blob-less tx fixes, proven from their sources rather than assumed:
 *
 *   RETURNDATASIZE: read the call's CallContext LastCalleeReturnDataLength, write sp − 1 ← it. Nothing writes that
 *                   field before the call makes a call (v1 makes none), so the state circuit's first-access rule
 *                   (CallContext starts at 0) gives 0. Gas 2.
 *   BLOBHASH:       pop the index, push 0: the tx's EIP-2718 type (tx table lookup, in aux byte 0) is 0, 1 or 2, none
 *                   of which carries blob versioned hashes (only type 3 does), so every index is out of range. Gas 3.
 *   BLOBBASEFEE:    push 1. EIP-4844's blob base fee is fake_exponential(1, excessBlobGas, 3338477), and this chain's
 *                   excess blob gas is 0 in every block: the genesis starts at 0 (node/execution/genesis.ts reads none)
 *                   and a block's excess grows only by blob gas used above the target, while every proven tx is of
 *                   type 0, 1 or 2 (the tx circuit decodes no other), so no block uses blob gas. Gas 2.
 */
import { CallContextField } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { ExecutionGadget } from '../step.js';
import { constant } from '../../plonk/index.js';
import { callContext, is, small, upperBytesZero, ZERO } from './common.js';

export const RETURNDATASIZE: ExecutionGadget = {
  name: 'RETURNDATASIZE',
  opcodes: [{ opcode: 0x3d, name: 'RETURNDATASIZE', param: 0, gas: 2, spDelta: -1 }],
  slots: [callContext(CallContextField.LastCalleeReturnDataLength, false), { write: true, base: -1 }],
  flow: 'next',
  configure(c) {
    c.gate(is(c.step.slot(1), c.step.slot(0), 'pushed = the last callee\'s return data length'));
  },
  witness: () => ({}),
};

export const BLOBHASH: ExecutionGadget = {
  name: 'BLOBHASH',
  opcodes: [{ opcode: 0x49, name: 'BLOBHASH', param: 0, gas: 3, spDelta: 0 }],
  slots: [{ write: false, base: 0 }, { write: true, base: 0 }],
  txLookups: (s) => [{ tag: TxFieldTag.Type, value: small(s.auxByte(0)) }],
  flow: 'next',
  configure(c) {
    const s = c.step;
    const type = s.auxByte(0);
    c.gate({
      'tx type is 0, 1 or 2 (no blobs)': type.mul(type.sub(1)).mul(type.sub(2)),
      ...upperBytesZero(s, 1),
      ...is(s.slot(1), ZERO, 'pushed = 0'),
    });
  },
  witness: () => ({}),
};

export const BLOBBASEFEE: ExecutionGadget = {
  name: 'BLOBBASEFEE',
  opcodes: [{ opcode: 0x4a, name: 'BLOBBASEFEE', param: 0, gas: 2, spDelta: -1 }],
  slots: [{ write: true, base: -1 }],
  flow: 'next',
  configure(c) {
    c.gate(is(c.step.slot(0), small(constant(1)), 'pushed = 1 (no excess blob gas)'));
  },
  witness: () => ({}),
};
