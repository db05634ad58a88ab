/**
 * EC precompile circuits (issue 11): ecAdd (0x06) and ecMul (0x07) with their precompile tables.
 *
 *   FlagChip        boolean and / and-not / one-of on flag cells (3 rows each)
 *   EcAddTable      one row per ecAdd call: success, input and output words as (lo, hi)
 *   EcMulTable      one row per ecMul call: success, point, scalar and output words
 *   EcAddChip       EIP-196 ecAdd over non-native BN254 Fq, invalid inputs proven as success = 0
 *   EcChainChip     one block per point double / add (curve equations as non-native identities): 30 limb
 *                   cells on 30 rows of one column, or on 10 rows of three
 *   ScalarMulChip   s·T by a signed-digit chain of EcChainChip blocks (a = 0 curves of prime order)
 *   EcMulChip       EIP-196 ecMul on ScalarMulChip
 */
export { FlagChip, type FlagOp } from './flags.js';
export { PrecompileTable, EcAddTable, EcMulTable, EC_ADD_TABLE_FIELDS, EC_MUL_TABLE_FIELDS } from './precompile-table.js';
export { BN254_G1, SECP256K1, TOY_CURVE, assertCurve, chainDigits, type CurveParams } from './curve.js';
export { RegionOps, loadPoint, type LoadedPoint } from './point.js';
export { EcAddChip, type EcAddCall, type EcAddResult } from './ec-add.js';
export { EcAddCircuit, type EcAddConfig } from './ec-add-circuit.js';
export { EcChainChip, CHAIN, CHAIN_CARRY_SHIFT, type ChainPoint, type SumMode, type BlockKind } from './chain.js';
export { ScalarMulChip, type Multiple } from './scalar-mul.js';
export { EcMulChip, type EcMulCall, type EcMulResult } from './ec-mul.js';
export { EcMulCircuit, type EcMulConfig } from './ec-mul-circuit.js';
