/** Multiplicative subgroups of Fr of size 2^k (and their coset by 7): the NTT evaluation domains. */
import { ELEMENT_BYTES } from '../field/montgomery-wat.js';
import { threadCount } from '../wasm/pool.js';
import { transform, transformParallel } from './ntt.js';
import {
  COSET_GENERATOR, COSET_GENERATOR_ADDRESS, COSET_GENERATOR_INV_ADDRESS, MAX_DOMAIN_LOG,
  domainConstAddresses, rootOfUnity,
} from './roots.js';
import { frInv, frPow } from '../field/fr-scalar.js';

/** A domain larger than Fr supports (r - 1 is divisible by 2^28 only). */
export class DomainTooLargeError extends RangeError {
  constructor(readonly k: number, readonly maxK: number = MAX_DOMAIN_LOG) {
    super(`evaluation domain of size 2^${k} is too large: Fr has 2-adicity ${maxK}, so domains are limited to 2^${maxK} elements`);
    this.name = 'DomainTooLargeError';
  }
}

/**
 * H = {ω^i : 0 ≤ i < n}, n = 2^k, ω = 7^((r-1)/n), and the coset g·H with g = 7.
 *
 * Transforms work in place on n contiguous Fr elements in kernel memory (a pointer, see field/):
 *   ntt:       coefficients → evaluations on H, natural order (a[i] ← p(ω^i))
 *   intt:      the inverse
 *   cosetNtt:  coefficients → evaluations on g·H (a[i] ← p(g·ω^i))
 *   cosetIntt: the inverse
 * The *Parallel variants split the work over the kernel worker pool; below 2^12 they run synchronously.
 * Domains hold no memory of their own: constants are in the kernel's poly constant area and the
 * twiddle table is shared (twiddles.ts).
 */
export class EvaluationDomain {
  readonly n: number;
  readonly omega: bigint;
  readonly omegaInv: bigint;
  readonly nInv: bigint;
  readonly cosetGenerator = COSET_GENERATOR;
  readonly cosetGeneratorInv = frInv(COSET_GENERATOR);
  /** Kernel addresses (read-only constants) of ω, ω^-1, n^-1, g and g^-1. */
  readonly ptrs: { readonly omega: number; readonly omegaInv: number; readonly nInv: number; readonly cosetGenerator: number; readonly cosetGeneratorInv: number };

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`domain log-size must be a non-negative integer, got ${k}`);
    if (k > MAX_DOMAIN_LOG) throw new DomainTooLargeError(k);
    this.n = 2 ** k;
    this.omega = rootOfUnity(k);
    this.omegaInv = frInv(this.omega);
    this.nInv = frInv(BigInt(this.n));
    this.ptrs = { ...domainConstAddresses(k), cosetGenerator: COSET_GENERATOR_ADDRESS, cosetGeneratorInv: COSET_GENERATOR_INV_ADDRESS };
  }

  /** The smallest domain with at least `size` elements. */
  static ofSize(size: number): EvaluationDomain {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`domain size must be a positive integer, got ${size}`);
    const k = Math.ceil(Math.log2(size));
    return new EvaluationDomain(2 ** k >= size ? k : k + 1);
  }

  /** ω^i as an integer. */
  element(i: number): bigint {
    return frPow(this.omega, BigInt(((i % this.n) + this.n) % this.n));
  }

  /** Bytes of one vector over the domain. */
  get vectorBytes(): number {
    return this.n * ELEMENT_BYTES;
  }

  ntt(ptr: number): void { transform(ptr, this.k, 'ntt'); }
  intt(ptr: number): void { transform(ptr, this.k, 'intt'); }
  cosetNtt(ptr: number): void { transform(ptr, this.k, 'cosetNtt'); }
  cosetIntt(ptr: number): void { transform(ptr, this.k, 'cosetIntt'); }

  nttParallel(ptr: number, threads = threadCount()): Promise<void> { return transformParallel(ptr, this.k, 'ntt', threads); }
  inttParallel(ptr: number, threads = threadCount()): Promise<void> { return transformParallel(ptr, this.k, 'intt', threads); }
  cosetNttParallel(ptr: number, threads = threadCount()): Promise<void> { return transformParallel(ptr, this.k, 'cosetNtt', threads); }
  cosetInttParallel(ptr: number, threads = threadCount()): Promise<void> { return transformParallel(ptr, this.k, 'cosetIntt', threads); }
}
