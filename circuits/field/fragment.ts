/** The field part of the kernel: Montgomery arithmetic for Fr and Fq. */
import type { KernelFragment } from '../wasm/kernel.js';
import { FQ_MODULUS, FR_MODULUS } from './constants.js';
import { fieldConstants, montgomeryWat } from './montgomery-wat.js';

export const FR_CONST_BASE = 1024;
export const FQ_CONST_BASE = 1280;

export function fieldFragment(): KernelFragment {
  return {
    wat: [montgomeryWat('fr', FR_MODULUS, FR_CONST_BASE), montgomeryWat('fq', FQ_MODULUS, FQ_CONST_BASE)].join('\n'),
    constants: [
      { address: FR_CONST_BASE, bytes: fieldConstants(FR_MODULUS) },
      { address: FQ_CONST_BASE, bytes: fieldConstants(FQ_MODULUS) },
    ],
  };
}
