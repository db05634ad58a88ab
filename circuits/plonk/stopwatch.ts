/** Wall-clock time per named phase, for the prover's breakdown (benchmarks, progress reports). */
export class Stopwatch {
  readonly totals = new Map<string, number>();

  async time<T>(phase: string, work: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.totals.set(phase, (this.totals.get(phase) ?? 0) + performance.now() - t0);
    }
  }

  get(phase: string): number {
    return this.totals.get(phase) ?? 0;
  }
}
