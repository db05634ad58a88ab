export * from './table.js';
export { CopyChip, CopyCircuitError, type CopyTables } from './circuit.js';
export * from './precompile-io-table.js';
