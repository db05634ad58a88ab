/**
 * Signatures (issue 11): the signature table other circuits look up into, and the ECDSA public-key
 * recovery chip (secp256k1) that proves its rows.
 */
export { SIG_TABLE_FIELDS, sigLookupPairs, type SigTableColumns, type SigLookupRow } from './table.js';
export { SigChip, publicKeyBytes, type SigCall, type SigResult } from './recover.js';
export { keyAddress, recoveredKey, sigTableRow, type Recovery } from './witness.js';
export { SIG_CHAIN_WIDTH, SigCircuit, type SigConfig, type KeccakSource } from './circuit.js';
