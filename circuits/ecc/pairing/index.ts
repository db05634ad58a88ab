/**
 * ecPairing (0x08, EIP-197) in-circuit:
 *
 *   FqOps / CircuitFq / BigFq   base-field interface: NonNativeChip blocks, or BigInt (reference + row count)
 *   Tower                       Fq2 / Fq6 / Fq12 over FqOps (the bn254 tower of @noble/curves and EIP-197)
 *   CurveOps                    G1 / twisted G2 checks, slopes, lines, ψ and the G2 membership test
 *   PairingOps                  Miller loop, final exponentiation, one EIP-197 pair; pairingCheck
 *   EcPairingTable              the precompile table (fixed `enabled` tag)
 *   PairingChip / EcPairingCircuit  one call per region, table rows copied from it
 */
export { BigFq, CircuitFq, configureFqChips, type FqChips, type FqOps, type RowCount } from './field-ops.js';
export { Tower, XI, FROBENIUS, fq2Inv, fq2Mul, fq2Pow, type Fq2, type Fq6, type Fq12 } from './tower.js';
export { CurveOps, naf, wnaf, BN_X, PSI_SCALAR, PSI_DIGITS, TWIST_B, G1_GENERATOR, G2_GENERATOR, type G1, type G2, type Line } from './g2.js';
export { PairingOps, pairingCheck, ATE_LOOP, ATE_DIGITS, ONE12, PAIR_BYTES, type LoopPair, type PairWords, type WordReader } from './pairing-ops.js';
export { fromNoble, toNoble, fq12Inverse } from './noble.js';
export { EcPairingTable, EC_PAIRING_TABLE_FIELDS } from './table.js';
export { PairingChip, pairingRows, slotWords, type EcPairingCall, type EcPairingResult } from './chip.js';
export { EcPairingCircuit, type EcPairingConfig } from './circuit.js';
