/** Coefficient-form helpers over Fr (pointers into kernel memory, see field/). */
import { Fr } from '../field/index.js';
import { kernel } from '../wasm/kernel.js';
import { kernelPool, splitRange, threadCount, type KernelCall } from '../wasm/pool.js';

/** out = p(x) for the n coefficients at coeffsPtr (Horner, in wasm); out may alias x. */
export function evaluate(coeffsPtr: number, n: number, xPtr: number, outPtr: number): void {
  kernel().exports.poly_evaluate(coeffsPtr, n, xPtr, outPtr);
}

/** p_i(z_i) for many (coefficients, point) pairs of n coefficients each, the Horner loops spread over the workers. */
export async function evaluateMany(items: ReadonlyArray<readonly [coeffs: number, z: bigint]>, n: number, threads = threadCount()): Promise<bigint[]> {
  const points = new Map<bigint, number>();
  const outs = Fr.alloc(Math.max(1, items.length));
  try {
    for (const [, z] of items) if (!points.has(z)) points.set(z, Fr.from(z));
    const calls = items.map(([coeffs, z], i): KernelCall => ['poly_evaluate', coeffs, n, points.get(z)!, Fr.at(outs, i)]);
    const lists = splitRange(calls.length, threads).map(([s, c]) => calls.slice(s, s + c));
    if (threads <= 1 || lists.length <= 1) {
      for (const [, ...args] of calls) kernel().exports.poly_evaluate(...args);
    } else {
      await kernelPool().runAll(lists);
    }
    return Fr.readVec(outs, items.length);
  } finally {
    Fr.free(outs);
    for (const p of points.values()) Fr.free(p);
  }
}

/**
 * Synthetic division by (X - z): writes the n - 1 coefficients of the quotient q, p = q·(X - z) + p(z),
 * to outPtr (which may equal coeffsPtr: the quotient then replaces the low n - 1 coefficients), and
 * p(z) to remainderPtr if given. This is the KZG opening quotient when p(z) is subtracted first.
 */
export function divideByLinear(coeffsPtr: number, n: number, zPtr: number, outPtr: number, remainderPtr = 0): void {
  kernel().exports.poly_divide_linear(coeffsPtr, n, zPtr, outPtr, remainderPtr);
}
