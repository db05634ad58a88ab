/** The EVM circuit: the step state machine, its gadgets' contract, the opcode table and the coverage table. */
export { EvmCircuit, EvmCircuitError, evmStateCells, type EvmCapacity, type EvmTables } from './circuit.js';
export { AndWordTable } from './and-word.js';
export { coverage, opcodeName, unsupportedOps, untestedGadgets, type CoverageEntry, type Support } from './coverage.js';
export { OPCODES, PADDING_STATE, stateId, type OpcodeEntry } from './opcodes.js';
export { RW_SLOTS, STACK_EMPTY, type ExecutionGadget, type OpcodeSpec, type SlotSpec, type StepExprs } from './step.js';
export { GADGETS } from './gadgets/index.js';
