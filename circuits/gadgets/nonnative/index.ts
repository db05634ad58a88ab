export {
  LIMB_BITS, LIMB_COUNT, LIMB_BASE, BIGINT_RING, toLimbs, fromLimbs, lowProductColumns, identityColumns, carryChain,
  type Limbs, type NonNativeOp, type Ring,
} from './limbs.js';
export { LimbRangeChip, BYTE_COLUMNS, type LimbWidth } from './limb-range.js';
export { NonNativeChip, nonNativeColumns, elementValue, BLOCK, CARRY_SHIFT, type Element, type NonNativeColumns, type WordElement } from './chip.js';
export { NonNativeDotChip, dotColumns, DOT, DOT_CARRY_SHIFT, type DotSign } from './dot.js';
export { NonNativeAddChip, ADD, type AddOp } from './add.js';
