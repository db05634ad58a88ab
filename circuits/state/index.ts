export * from './table.js';
export { KEY_FIELDS, MAX_TAG, RwTagTable, TAG_FLAGS, tagFlags, type KeyField, type TagFlag } from './tag-table.js';
export { ACCOUNT_FIELDS, DIFF_BYTES, RW_COUNTER_BYTES, StateChip, StateCircuitError, rwRowCells } from './chip.js';
export { StateCircuit, type StateCircuitConfig } from './circuit.js';
