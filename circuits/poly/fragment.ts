/** The polynomial part of the kernel: NTT stages and polynomial helpers over Fr. */
import type { KernelFragment } from '../wasm/kernel.js';
import { nttWat } from './ntt-wat.js';
import { programWat } from './program-wat.js';
import { POLY_CONST_BASE, polyConstants } from './roots.js';

export function polyFragment(): KernelFragment {
  return { wat: nttWat() + programWat(), constants: [{ address: POLY_CONST_BASE, bytes: polyConstants() }] };
}
