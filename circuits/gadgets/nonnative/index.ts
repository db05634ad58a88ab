export { LIMB_BITS, LIMB_COUNT, LIMB_BASE, toLimbs, fromLimbs, type Limbs } from './limbs.js';
export { LimbRangeChip, BYTE_COLUMNS, type LimbWidth } from './limb-range.js';
export { NonNativeChip, nonNativeColumns, elementValue, type Element, type NonNativeColumns, type NonNativeOp, type WordElement } from './chip.js';
