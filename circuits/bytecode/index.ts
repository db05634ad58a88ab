export * from './table.js';
export { PushTable, pushSize } from './push-table.js';
export { BytecodeChip, BytecodeCircuitError } from './chip.js';
