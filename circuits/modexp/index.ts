export { ModexpChip, modexpLookup, modexpLookupPairs, type ModexpLookup, type ModexpTableColumns } from './circuit.js';
export { ModexpCapacityError, ModexpCircuit, modexpTableOps, padModexpCalls, type ModexpCapacity } from './modexp-circuit.js';
export {
  GAS_DIVISOR, MAX_LENGTH, MIN_GAS, ModexpInputError, modexpArithOps, modexpGas, modexpWitness, multComplexity,
  type ModexpCall, type ModexpStep, type ModexpWitness,
} from './witness.js';
