/** Allocation-free repacking between 32-byte integers and the kernel's 9×29-bit limbs. */
import { LIMB_BITS, LIMBS } from './montgomery-wat.js';

const MASK = (1 << LIMB_BITS) - 1;

/**
 * Writes the 256-bit little-endian integer at bytes[off..off+32) as 9 raw 29-bit limbs at
 * u32[index..index+9) — no Montgomery conversion, no range check.
 */
export function packLE256(bytes: Uint8Array, off: number, u32: Uint32Array, index: number): void {
  let acc = 0; // bit accumulator, at most 29 + 8 bits wide, kept below 2^53
  let bits = 0;
  let limb = 0;
  for (let i = 0; i < 32 && limb < LIMBS; i++) {
    acc += bytes[off + i] * 2 ** bits;
    bits += 8;
    if (bits >= LIMB_BITS) {
      u32[index + limb++] = acc % 2 ** LIMB_BITS;
      acc = Math.floor(acc / 2 ** LIMB_BITS);
      bits -= LIMB_BITS;
    }
  }
  if (limb < LIMBS) u32[index + limb++] = acc & MASK;
  while (limb < LIMBS) u32[index + limb++] = 0;
}
