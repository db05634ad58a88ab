export { SuperCircuit, type SignatureParts, type SuperConfig } from './circuit.js';
export { SuperCircuitError } from './errors.js';
export { TxCountChip } from './tx-count.js';
