import { kernelIfReady } from '../wasm/kernel.js';

/**
 * Wall-clock time per named phase, for the prover's breakdown (benchmarks, progress reports), and the kernel heap's
 * high-water mark during each phase (bytes allocated in the wasm32 memory: what bounds the circuits a prover fits).
 */
export class Stopwatch {
  readonly totals = new Map<string, number>();
  readonly heapPeaks = new Map<string, number>();

  async time<T>(phase: string, work: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    const watch = kernelIfReady()?.heap.watch();
    try {
      return await work();
    } finally {
      this.totals.set(phase, (this.totals.get(phase) ?? 0) + performance.now() - t0);
      if (watch) this.heapPeaks.set(phase, Math.max(this.heapPeaks.get(phase) ?? 0, watch.stop()));
    }
  }

  get(phase: string): number {
    return this.totals.get(phase) ?? 0;
  }
}
