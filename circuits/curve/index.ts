export { InvalidPointError, type InvalidPointReason } from './errors.js';
export { G1_AFFINE_BYTES, G1_JACOBIAN_BYTES } from './g1-wat.js';
export {
  G1, G1_B, G1_GENERATOR, G1_INFINITY, fromNoble, isInfinity, isOnCurve, toNoble,
  type G1Affine, type NobleG1,
} from './g1.js';
export { G1_ENCODED_BYTES, decodeG1, encodeG1, readG1Bytes, writeG1Bytes } from './encoding.js';
export { msm, msmSync, msmWindowBits, planMsm, windowCount, type MsmOptions, type MsmPlan } from './msm.js';
export { G2_ENCODED_BYTES, G2_GENERATOR, decodeG2, encodeG2, pairingCheck, type NobleG2 } from './pairing.js';
