export { BLOCK_ROWS, DIGEST_OFFSET, Sha256Chip, outputRow, roundRow } from './circuit.js';
export { Sha256Circuit } from './sha256-circuit.js';
export { BLOCK_BYTES, IV, K, Sha256CapacityError, blocksFor, compress, digestHalves, padSha256, sha256Witness, type Compression, type Sha256Block } from './witness.js';
export { DIGEST_ROW, INPUT_ROW, sha256DigestLookup, sha256InputLookup, type Sha256TableColumns } from './table.js';
