export { EMPTY, SMT_MAX_DEPTH, hashBranch, hashLeaf, hashStep, keyBit, nodeHash, pathHashes, foldPath, type SmtNode } from './hash.js';
export { PoseidonTable, capacityOf, type HashEntry, type HashWidth, type PoseidonTableCapacity } from './poseidon-table.js';
export { KeyBitsChip, LEVELS, assignLevels, configureLevels, canonicalBits, rBit, type LevelLayout } from './key-bits.js';
export { SmtUpdateChip, type AssignedSmtOp } from './update.js';
export {
  smtWitness, chainWitness, opHashes, paddingOp, type SmtOperation, type SmtPathProof, type SmtLeafRef, type SmtNodeSource, type SmtOpWitness, type SmtPath, type SmtWitness, type OldTerminal,
} from './witness.js';
export { SmtCircuit, exactCapacity, smtRows, type SmtCapacity, type SmtCircuitConfig } from './circuit.js';
export { SmtProofMismatchError, SmtMissingNodeError, SmtCapacityError, SmtFieldRangeError } from './errors.js';
export {
  SmtBindingChip, ABSENT_ACCOUNT, accountKey, storageKey, storageLeaf, accountLeaf, bindingHashes,
  type AccountState, type BindingOp, type BindingRow, type SmtBindingDeps, type AssignedBinding,
} from './binding.js';
export {
  SmtBindingCircuit, configureBinding, assignBinding, exactBindingCapacity, bindingRows,
  type SmtBindingWitness, type SmtBindingCapacity, type SmtBindingConfig, type SmtBindingCircuitConfig,
} from './binding-circuit.js';
