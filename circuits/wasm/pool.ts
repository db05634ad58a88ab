/**
 * Worker pool for the kernel: every worker instantiates the same compiled module over the same
 * shared memory, with a stack of its own, and runs lists of kernel calls. Parallel algorithms
 * (MSM, NTT, vector ops) split their work into such call lists; no data is copied.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { kernel, LAYOUT } from './kernel.js';

/** One kernel call: export name and integer arguments (pointers, counts). */
export type KernelCall = [fn: string, ...args: number[]];

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, stackTop } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const ex = instance.exports;
ex.set_sp(stackTop);
parentPort.on('message', (calls) => {
  let i = 0;
  try {
    for (; i < calls.length; i++) {
      const [fn, ...args] = calls[i];
      if (typeof ex[fn] !== 'function') throw new Error('the kernel has no export named "' + fn + '"');
      ex[fn](...args);
    }
    parentPort.postMessage({ ok: true });
  } catch (e) {
    const [fn, ...args] = Array.isArray(calls[i]) ? calls[i] : ['?'];
    const where = 'call ' + (i + 1) + ' of ' + calls.length + ', ' + fn + '(' + args.join(', ') + ')';
    parentPort.postMessage({ ok: false, error: where + ': ' + String(e && e.stack || e) });
  }
});
`;

interface Slot { worker: Worker; stack: number }

class KernelPool {
  private readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly waiting: Array<(s: Slot) => void> = [];

  constructor(readonly size: number) {}

  private spawn(): Slot {
    const k = kernel();
    const stack = k.newStack();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: k.module, memory: k.memory, stackTop: stack },
    });
    worker.unref(); // an idle pool must not keep the process alive
    const slot = { worker, stack };
    this.slots.push(slot);
    return slot;
  }

  private acquire(): Promise<Slot> {
    const s = this.idle.pop();
    if (s) return Promise.resolve(s);
    if (this.slots.length < this.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(s: Slot): void {
    const next = this.waiting.shift();
    if (next) next(s);
    else this.idle.push(s);
  }

  /** Runs one list of calls on a worker. */
  async run(calls: KernelCall[]): Promise<void> {
    const slot = await this.acquire();
    slot.worker.ref();
    try {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (m: { ok: boolean; error?: string }) => {
          slot.worker.off('error', onError);
          if (m.ok) resolve();
          else reject(new Error(`kernel worker failed: ${m.error}`));
        };
        const onError = (e: Error) => {
          slot.worker.off('message', onMessage);
          reject(e);
        };
        slot.worker.once('message', onMessage);
        slot.worker.once('error', onError);
        slot.worker.postMessage(calls);
      });
    } finally {
      slot.worker.unref();
      this.releaseSlot(slot);
    }
  }

  /** Runs independent call lists in parallel (one task per list) and waits for all. */
  async runAll(tasks: KernelCall[][]): Promise<void> {
    await Promise.all(tasks.map((t) => this.run(t)));
  }

  /** Terminates the workers (tests, clean shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) kernel().heap.release(s.stack - LAYOUT.stackBytes);
    this.slots.length = 0;
    this.idle.length = 0;
  }
}

let pool: KernelPool | undefined;

/** Number of worker threads: ZKEVM_THREADS or the machine's available parallelism. */
export function threadCount(): number {
  const env = Number(process.env.ZKEVM_THREADS);
  return Number.isInteger(env) && env > 0 ? env : availableParallelism();
}

/** The process-wide kernel pool (created on first use). */
export function kernelPool(): KernelPool {
  pool ??= new KernelPool(threadCount());
  return pool;
}

/** Splits [0, n) into at most `parts` contiguous ranges of nearly equal size, each ≥ minChunk. */
export function splitRange(n: number, parts: number, minChunk = 1): Array<[start: number, count: number]> {
  const k = Math.max(1, Math.min(parts, Math.floor(n / Math.max(1, minChunk)) || 1));
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < k; i++) {
    const count = Math.floor((n - start) / (k - i));
    if (count > 0) out.push([start, count]);
    start += count;
  }
  return out;
}
