/**
 * Hand-made RW rows for the state circuit's tests and its soundness target: every tag, reads and writes, first accesses, a
 * 160-bit address, 256-bit keys and values, the extreme rwCounter 2^32. `rwCounter` is the execution
 * order; the rows are listed by key, the witness builder sorts them anyway.
 */
import { AccountField, CallContextField, LogField, ReceiptField, RwTag, type RwRow } from './table.js';

const CONTRACT = (1n << 160n) - 1n;
const OTHER = 0x1234n;
const SLOT = (1n << 255n) + 7n;
const COMMITTED = (3n << 200n) + 11n;
const WRITTEN = (5n << 129n) + 1n;

type Op = Partial<RwRow> & Pick<RwRow, 'rwCounter' | 'tag'>;
const row = (o: Op): RwRow => ({ isWrite: false, id: 0, address: 0n, fieldTag: 0, storageKey: 0n, value: 0n, valuePrev: 0n, committedValue: 0n, ...o });
const write = (o: Op & { value: bigint; valuePrev: bigint }) => row({ isWrite: true, ...o });
const read = (o: Op & { value: bigint }) => row({ valuePrev: o.value, ...o });

/** Named so tests can find a row's position in the sorted table. */
export const OPS = {
  stackPush0: write({ rwCounter: 1, tag: RwTag.Stack, id: 1, address: 1023n, value: 0n, valuePrev: 0n }),
  stackPush: write({ rwCounter: 2, tag: RwTag.Stack, id: 1, address: 1022n, value: 5n, valuePrev: 0n }),
  stackPop: read({ rwCounter: 3, tag: RwTag.Stack, id: 1, address: 1022n, value: 5n }),
  stackOverwrite: write({ rwCounter: 4, tag: RwTag.Stack, id: 1, address: 1022n, value: (1n << 256n) - 1n, valuePrev: 5n }),
  stackOtherCall: write({ rwCounter: 30, tag: RwTag.Stack, id: 2, address: 1023n, value: 9n, valuePrev: 0n }),
  memWrite: write({ rwCounter: 5, tag: RwTag.Memory, id: 1, address: 0x40n, value: 0x80n, valuePrev: 0n }),
  memRead: read({ rwCounter: 6, tag: RwTag.Memory, id: 1, address: 0x40n, value: 0x80n }),
  memFirstRead: read({ rwCounter: 7, tag: RwTag.Memory, id: 1, address: 0x41n, value: 0n }),
  memLastWrite: write({ rwCounter: 8, tag: RwTag.Memory, id: 1, address: 0x5fn, value: 0xffn, valuePrev: 0n }),
  sload: read({ rwCounter: 9, tag: RwTag.Storage, id: 1, address: CONTRACT, storageKey: SLOT, value: COMMITTED, committedValue: COMMITTED }),
  sstore: write({ rwCounter: 10, tag: RwTag.Storage, id: 1, address: CONTRACT, storageKey: SLOT, value: WRITTEN, valuePrev: COMMITTED, committedValue: COMMITTED }),
  sloadAgain: read({ rwCounter: 11, tag: RwTag.Storage, id: 1, address: CONTRACT, storageKey: SLOT, value: WRITTEN, committedValue: COMMITTED }),
  sstoreFresh: write({ rwCounter: 12, tag: RwTag.Storage, id: 1, address: CONTRACT, storageKey: 0n, value: 42n, valuePrev: 0n }),
  sloadNextTx: read({ rwCounter: 31, tag: RwTag.Storage, id: 2, address: CONTRACT, storageKey: SLOT, value: WRITTEN, committedValue: WRITTEN }),
  tstore: write({ rwCounter: 13, tag: RwTag.TransientStorage, id: 1, address: CONTRACT, storageKey: 1n, value: 9n, valuePrev: 0n }),
  tload: read({ rwCounter: 14, tag: RwTag.TransientStorage, id: 1, address: CONTRACT, storageKey: 1n, value: 9n }),
  balance: read({ rwCounter: 15, tag: RwTag.Account, address: CONTRACT, fieldTag: AccountField.Balance, value: 10n ** 20n }),
  balanceDebit: write({ rwCounter: 16, tag: RwTag.Account, address: CONTRACT, fieldTag: AccountField.Balance, value: 10n ** 20n - 1n, valuePrev: 10n ** 20n }),
  nonce: write({ rwCounter: 17, tag: RwTag.Account, address: OTHER, fieldTag: AccountField.Nonce, value: 8n, valuePrev: 7n }),
  hasStorage: read({ rwCounter: 25, tag: RwTag.Account, address: CONTRACT, fieldTag: AccountField.HasStorage, value: 1n }),
  callee: write({ rwCounter: 18, tag: RwTag.CallContext, id: 1, fieldTag: CallContextField.CalleeAddress, value: CONTRACT, valuePrev: 0n }),
  calleeRead: read({ rwCounter: 19, tag: RwTag.CallContext, id: 1, fieldTag: CallContextField.CalleeAddress, value: CONTRACT }),
  logTopic: write({ rwCounter: 20, tag: RwTag.TxLog, id: 1, fieldTag: LogField.Topic, storageKey: 1n, value: SLOT, valuePrev: 0n }),
  receipt: write({ rwCounter: 21, tag: RwTag.TxReceipt, id: 1, fieldTag: ReceiptField.CumulativeGasUsed, value: 43_512n, valuePrev: 0n }),
  warmAccount: write({ rwCounter: 22, tag: RwTag.TxAccessListAccount, id: 1, address: CONTRACT, value: 1n, valuePrev: 0n }),
  warmSlot: write({ rwCounter: 23, tag: RwTag.TxAccessListStorage, id: 1, address: CONTRACT, storageKey: SLOT, value: 1n, valuePrev: 0n }),
  refund: write({ rwCounter: 24, tag: RwTag.TxRefund, id: 1, value: 4800n, valuePrev: 0n }),
  refundRead: read({ rwCounter: 2 ** 32, tag: RwTag.TxRefund, id: 1, value: 4800n }),
} satisfies Record<string, RwRow>;

export type OpName = keyof typeof OPS;
export const ALL_OPS: readonly RwRow[] = Object.values(OPS);
