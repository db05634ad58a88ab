/**
 * The BN254 compute kernel: one WebAssembly module (field, curve and polynomial hot loops) over one
 * shared memory, instantiated on the main thread and in every worker of the pool. The module is
 * generated as text by the fragment generators and assembled with wabt once per process.
 */
import wabtInit from 'wabt';
import { Heap } from './heap.js';
import { fieldFragment } from '../field/fragment.js';
import { g1Fragment } from '../curve/g1-wat.js';
import { polyFragment } from '../poly/fragment.js';

/**
 * Memory map: [1024, 65536) holds the fragments' read-only constants (each fragment owns a fixed
 * address range: field 1024–2047, curve 2048–4095, poly 4096–8191), the heap starts at 64 KiB.
 */
export const LAYOUT = {
  heapBase: 65536,
  stackBytes: 1 << 18,
} as const;

/** A piece of the kernel: its functions (WAT) and the constant bytes it expects at fixed addresses. */
export interface KernelFragment {
  wat: string;
  constants: Array<{ address: number; bytes: Uint8Array }>;
}

export type KernelFn = (...args: number[]) => number;
export type KernelExports = Record<string, KernelFn>;

export interface Kernel {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  readonly heap: Heap;
  /** Fresh views over the current memory (the buffer is replaced when memory grows). */
  u8(): Uint8Array;
  u32(): Uint32Array;
  /** Bytes for a per-instance stack; the caller owns and releases it with the instance. */
  newStack(): number;
}

/** Every piece of the kernel, in module order. */
const FRAGMENTS: Array<() => KernelFragment> = [fieldFragment, polyFragment, g1Fragment];

const RUNTIME_WAT = `
(global $sp (mut i32) (i32.const 0))
(func $set_sp (export "set_sp") (param $p i32) (global.set $sp (local.get $p)))
(func $stack_alloc (param $n i32) (result i32)
  (global.set $sp (i32.sub (global.get $sp) (local.get $n))) (global.get $sp))
(func $stack_free (param $n i32) (global.set $sp (i32.add (global.get $sp) (local.get $n))))
`;

let current: Kernel | undefined;
let pending: Promise<Kernel> | undefined;

/** Assembles, compiles and instantiates the kernel once; later calls return the same one. */
export function initKernel(): Promise<Kernel> {
  if (current) return Promise.resolve(current);
  pending ??= build();
  return pending;
}

/** The initialized kernel; throws if initKernel() has not completed. */
export function kernel(): Kernel {
  if (!current) throw new Error('BN254 kernel not initialized: await initKernel() (or initBackend()) first');
  return current;
}

/** The kernel if initKernel() has completed, else undefined (for optional instrumentation). */
export function kernelIfReady(): Kernel | undefined {
  return current;
}

async function build(): Promise<Kernel> {
  const fragments = FRAGMENTS.map((make) => make());
  const wat = `(module
(import "env" "memory" (memory 1 65536 shared))
${RUNTIME_WAT}
${fragments.map((f) => f.wat).join('\n')}
)`;
  const wabt = await wabtInit();
  const features = { threads: true, mutable_globals: true };
  const parsed = wabt.parseWat('bn254-kernel.wat', wat, features);
  let binary: Uint8Array;
  try {
    parsed.resolveNames();
    (parsed.validate as (f: object) => void)(features);
    binary = parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
  const module = new WebAssembly.Module(binary);
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as KernelExports;
  const heap = new Heap(memory, LAYOUT.heapBase);
  const u8 = () => new Uint8Array(memory.buffer);
  for (const f of fragments) for (const c of f.constants) u8().set(c.bytes, c.address);
  const newStack = () => heap.alloc(LAYOUT.stackBytes) + LAYOUT.stackBytes;
  exports.set_sp(newStack());
  current = {
    module, memory, exports, heap, u8,
    u32: () => new Uint32Array(memory.buffer),
    newStack,
  };
  return current;
}
