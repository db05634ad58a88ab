export { DEFAULT_UNITS, FULL_SLOTS, KeccakChip, KeccakLayout, LIGHT_SLOTS, keccakLayout, unitColumn, type Place, type StepKind } from './circuit.js';
export { KeccakCircuit } from './keccak-circuit.js';
export { keccakWitness, blocksFor, KeccakCapacityError, type KeccakBlock } from './witness.js';
export { NormalizeTable, PART_DIGITS, partTag, type DigitMap } from './normalize-table.js';
export { DIGEST_ROW, INPUT_ROW, keccakDigestLookup, keccakInputLookup, type KeccakTableColumns } from './table.js';
