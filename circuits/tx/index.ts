export { TX_TABLE_FIELDS, TxFieldTag, txLookupPairs, type TxLookupRow, type TxTableColumns } from './table.js';
export { TxChip, TxCircuitError, type TxCircuitParams } from './chip.js';
export { ACCESS_LIST_ITEM, END_OF_LIST, MAX_RLP_LENGTH, RlpTables, itemSequence, type ItemKind, type ItemSpec, type TxType } from './rlp.js';
