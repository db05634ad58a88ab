/**
 * ecMul (circuits/ecc, EIP-196 0x07): EcMulCircuit on the 13-bit toy curve (the chip is generic over a = 0
 * curves; BN254's 254-digit chains need k = 14), a generic call and a scalar-0 call, k = 12. Built through the
 * circuit's public API only (the scalar-mul internals are being reworked).
 */
import { EC_MUL_TABLE_FIELDS, EcMulCircuit, TOY_CURVE, type EcMulCall } from '../../../circuits/ecc/index.js';
import type { NegativeTest, SoundnessTarget } from '../types.js';
import { PADDING } from './examples.js';
import { equalOperandsInverses, sharedChipExceptions } from './ecc.js';

/** G·1234 and (2·G)·0 on the toy curve (G = (1, 256), 2·G = (2302, 3970)). */
const CALLS: EcMulCall[] = [{ x: TOY_CURVE.gx, y: TOY_CURVE.gy, s: 1234n }, { x: 2302n, y: 3970n, s: 0n }];

export const ecMul: SoundnessTarget = {
  name: 'ec-mul',
  family: 'ecc',
  description: 'circuits/ecc: EcMulCircuit (ecMul 0x07: signed-digit chain of curve blocks, flags, precompile table) on the toy curve',
  honest: () => ({ circuit: new EcMulCircuit(CALLS, TOY_CURVE), k: 12, instances: [] }),
  negatives: EC_MUL_TABLE_FIELDS.map((f): NegativeTest => ({ name: `precompile table: ${f} + 1`, mutate: (w) => w.add(`ecmul ${f}`, 0, 1n) })),
  allow: [PADDING, equalOperandsInverses(() => ecMul.honest(), ['fq', 'fn'])],
  exceptions: sharedChipExceptions(['fq', 'fn']),
};

export const ecMulTargets: readonly SoundnessTarget[] = [ecMul];
