export { KeccakChip, LAYOUT, ROWS_PER_BLOCK, SLOTS } from './circuit.js';
export { KeccakCircuit } from './keccak-circuit.js';
export { keccakWitness, blocksFor, KeccakCapacityError, type KeccakBlock } from './witness.js';
export { NormalizeTable, PART_DIGITS, partTag, type DigitMap } from './normalize-table.js';
export { DIGEST_ROW, INPUT_ROW, keccakDigestLookup, keccakInputLookup, type KeccakTableColumns } from './table.js';
