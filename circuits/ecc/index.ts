/**
 * EC precompile circuits (issue 11). So far: ecAdd (0x06) with its precompile table.
 *
 *   FlagChip     boolean and / and-not / one-of on flag cells (3 rows each)
 *   EcAddTable   one row per ecAdd call: success, input and output words as (lo, hi)
 *   EcAddChip    EIP-196 ecAdd over non-native BN254 Fq, invalid inputs proven as success = 0
 */
export { FlagChip, type FlagOp } from './flags.js';
export { EcAddTable, EC_ADD_TABLE_FIELDS } from './precompile-table.js';
export { EcAddChip, type EcAddCall, type EcAddResult } from './ec-add.js';
export { EcAddCircuit, type EcAddConfig } from './ec-add-circuit.js';
