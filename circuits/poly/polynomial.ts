/** Coefficient-form helpers over Fr (pointers into kernel memory, see field/). */
import { kernel } from '../wasm/kernel.js';

/** out = p(x) for the n coefficients at coeffsPtr (Horner, in wasm); out may alias x. */
export function evaluate(coeffsPtr: number, n: number, xPtr: number, outPtr: number): void {
  kernel().exports.poly_evaluate(coeffsPtr, n, xPtr, outPtr);
}

/**
 * Synthetic division by (X - z): writes the n - 1 coefficients of the quotient q, p = q·(X - z) + p(z),
 * to outPtr (which may equal coeffsPtr: the quotient then replaces the low n - 1 coefficients), and
 * p(z) to remainderPtr if given. This is the KZG opening quotient when p(z) is subtracted first.
 */
export function divideByLinear(coeffsPtr: number, n: number, zPtr: number, outPtr: number, remainderPtr = 0): void {
  kernel().exports.poly_divide_linear(coeffsPtr, n, zPtr, outPtr, remainderPtr);
}
