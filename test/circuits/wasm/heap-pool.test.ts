/**
 * The kernel's shared-memory heap (first-fit, coalescing, growth) and the worker pool (parallel
 * call lists over the same memory, error reporting, recovery).
 */
import { expect } from 'chai';
import { Heap, OutOfMemoryError } from '../../../circuits/wasm/heap.js';
import { initKernel, kernel, LAYOUT } from '../../../circuits/wasm/kernel.js';
import { kernelPool, splitRange, threadCount, type KernelCall } from '../../../circuits/wasm/pool.js';
import { Fr, type Ptr } from '../../../circuits/field/index.js';
import { ELEMENT_BYTES } from '../../../circuits/field/montgomery-wat.js';
import { Rng } from '../field/rng.js';

const PAGE = 65536;

function sharedMemory(initial: number, maximum: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial, maximum, shared: true });
}

describe('wasm heap', () => {
  it('allocates 64-byte aligned, non-overlapping blocks from the heap base', () => {
    const heap = new Heap(sharedMemory(4, 64), PAGE);
    const sizes = [1, 63, 64, 65, 100, 1000, 0];
    const blocks = sizes.map((n) => ({ ptr: heap.alloc(n), size: Math.max(64, Math.ceil(n / 64) * 64) }));
    expect(blocks[0].ptr).to.equal(PAGE);
    for (const b of blocks) expect(b.ptr % 64).to.equal(0);
    const sorted = [...blocks].sort((x, y) => x.ptr - y.ptr);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].ptr).to.be.at.least(sorted[i - 1].ptr + sorted[i - 1].size);
    expect(heap.allocatedBytes).to.equal(blocks.reduce((s, b) => s + b.size, 0));
    for (const b of blocks) heap.release(b.ptr);
    expect(heap.allocatedBytes).to.equal(0);
  });

  it('reuses released blocks first-fit and coalesces neighbours in any release order', () => {
    for (const order of [[0, 1, 2], [2, 1, 0], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1]]) {
      const memory = sharedMemory(4, 64);
      const heap = new Heap(memory, PAGE);
      const a = heap.alloc(1024), b = heap.alloc(2048), c = heap.alloc(4096);
      const guard = heap.alloc(64); // keeps the three blocks from merging with the tail
      expect([b - a, c - b]).to.deep.equal([1024, 2048]);
      const ptrs = [a, b, c];
      for (const i of order) heap.release(ptrs[i]);
      // the three freed blocks must have become one: a block of their total size fits at a
      const before = memory.buffer.byteLength;
      expect(heap.alloc(1024 + 2048 + 4096), `release order ${order}`).to.equal(a);
      expect(memory.buffer.byteLength, 'no growth needed').to.equal(before);
      heap.release(a);
      heap.release(guard);
      // everything free again: the whole memory above the base is one block
      expect(heap.alloc(memory.buffer.byteLength - PAGE)).to.equal(PAGE);
    }
    const heap = new Heap(sharedMemory(4, 64), PAGE);
    const x = heap.alloc(128);
    heap.alloc(64);
    heap.release(x);
    expect(heap.alloc(64), 'first fit takes the freed hole').to.equal(x);
    expect(heap.alloc(64), 'the rest of the hole').to.equal(x + 64);
  });

  it('throws on releasing an unknown, interior or already released address', () => {
    const heap = new Heap(sharedMemory(4, 64), PAGE);
    const a = heap.alloc(256);
    expect(() => heap.release(a + 64)).to.throw(Error, `heap: release of unallocated address ${a + 64}`);
    expect(() => heap.release(12345)).to.throw(Error, /unallocated address 12345/);
    heap.release(a);
    expect(() => heap.release(a)).to.throw(Error, /unallocated address/);
    expect(heap.allocatedBytes).to.equal(0);
  });

  it('grows the shared memory beyond its initial size and keeps the data intact', () => {
    const memory = sharedMemory(2, 256);
    const heap = new Heap(memory, PAGE);
    const a = heap.alloc(40_000);
    new Uint8Array(memory.buffer, a, 40_000).fill(0xab);
    const b = heap.alloc(5 * PAGE); // more than the memory holds: grows
    expect(memory.buffer.byteLength).to.be.at.least(2 * PAGE + 5 * PAGE);
    const u8 = new Uint8Array(memory.buffer);
    expect(u8.subarray(a, a + 40_000).every((v) => v === 0xab), 'old data intact').to.equal(true);
    expect(b).to.be.at.least(a + 40_000);
    u8.fill(0xcd, b, b + 5 * PAGE);
    expect(u8.subarray(a, a + 40_000).every((v) => v === 0xab)).to.equal(true);
    heap.release(a);
    heap.release(b);
    expect(heap.alloc(memory.buffer.byteLength - PAGE), 'grown tail coalesced with the old free space').to.equal(PAGE);
  });

  it('throws OutOfMemoryError when the memory cannot grow, and stays usable', () => {
    const memory = sharedMemory(5, 8);
    const heap = new Heap(memory, PAGE);
    const a = heap.alloc(4 * PAGE); // fills the initial memory
    // doubling (5 → 10 pages) would exceed the maximum of 8, but the exact need (3 pages) fits
    const b = heap.alloc(3 * PAGE);
    expect(memory.buffer.byteLength).to.be.at.most(8 * PAGE);
    let err: unknown;
    try { heap.alloc(16 * PAGE); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(OutOfMemoryError);
    expect((err as OutOfMemoryError).requested).to.equal(16 * PAGE);
    expect((err as Error).message).to.match(/cannot grow to fit 1048576 bytes/);
    heap.release(b);
    expect(heap.alloc(64)).to.be.a('number');
    heap.release(a);
  });

  it('the kernel heap grows its 16 MiB memory with live field data intact', async () => {
    const k = await initKernel();
    const n = 1000;
    const v = Fr.alloc(n);
    const xs = Array.from({ length: n }, (_, i) => BigInt(i) * 0x123456789n + 7n);
    Fr.writeVec(v, xs);
    const size = k.memory.buffer.byteLength;
    const big = k.heap.alloc(size); // cannot fit without growing
    expect(k.memory.buffer.byteLength).to.be.greaterThan(size);
    new Uint8Array(k.memory.buffer, big, size).fill(0xff);
    expect(Fr.readVec(v, n)).to.deep.equal(xs);
    // the kernel still computes on the old data, and on data placed in the grown part
    const far = big + size - n * ELEMENT_BYTES - 64;
    Fr.vecMul(v, v, far, n);
    expect(Fr.readVec(far, n)).to.deep.equal(xs.map((x) => (x * x) % Fr.modulus));
    k.heap.release(big);
    Fr.free(v);
  });
});

describe('wasm kernel pool', function () {
  this.timeout(30_000);
  const N = 1 << 14;
  let a: Ptr, b: Ptr, single: Ptr, parallel: Ptr;

  before(async () => {
    await initKernel();
    const rng = new Rng(0x5eed);
    a = Fr.alloc(N); b = Fr.alloc(N); single = Fr.alloc(N); parallel = Fr.alloc(N);
    for (let i = 0; i < N; i++) {
      Fr.write(Fr.at(a, i), rng.below(Fr.modulus));
      Fr.write(Fr.at(b, i), i % 97 === 0 ? 0n : rng.below(Fr.modulus));
    }
  });
  after(async () => {
    for (const x of [a, b, single, parallel]) Fr.free(x);
  });

  /** Index of the first element where the vectors at x and y differ, or -1 (compact failure output). */
  const firstDiff = (x: Ptr, y: Ptr, n: number): number => {
    const u8 = kernel().u8();
    for (let i = 0; i < n * ELEMENT_BYTES; i++) if (u8[x + i] !== u8[y + i]) return Math.floor(i / ELEMENT_BYTES);
    return -1;
  };
  const clear = (ptr: Ptr, n: number) => kernel().u8().fill(0, ptr, ptr + n * ELEMENT_BYTES);
  const mulTasks = (parts: number, out: Ptr): KernelCall[][] =>
    splitRange(N, parts).map(([s, c]) => [['fr_vec_mul', Fr.at(a, s), Fr.at(b, s), Fr.at(out, s), c]]);

  it('splitRange covers [0, n) contiguously with near-equal chunks ≥ minChunk', () => {
    expect(splitRange(0, 4)).to.deep.equal([]);
    expect(splitRange(10, 1)).to.deep.equal([[0, 10]]);
    expect(splitRange(10, 3)).to.deep.equal([[0, 3], [3, 3], [6, 4]]);
    expect(splitRange(5, 8)).to.deep.equal([[0, 1], [1, 1], [2, 1], [3, 1], [4, 1]]);
    expect(splitRange(100, 8, 40)).to.deep.equal([[0, 50], [50, 50]]);
    expect(splitRange(10, 4, 100), 'n below minChunk: one chunk').to.deep.equal([[0, 10]]);
    for (const n of [1, 7, 1000, 1 << 14, 12345]) {
      for (const parts of [1, 2, 3, 16]) {
        for (const minChunk of [1, 64, 5000]) {
          const chunks = splitRange(n, parts, minChunk);
          expect(chunks.length).to.be.at.most(parts).and.at.least(1);
          let next = 0;
          for (const [s, c] of chunks) {
            expect(s).to.equal(next);
            expect(c).to.be.greaterThan(0);
            if (chunks.length > 1) expect(c).to.be.at.least(minChunk);
            next += c;
          }
          expect(next).to.equal(n);
          const counts = chunks.map(([, c]) => c);
          expect(Math.max(...counts) - Math.min(...counts)).to.be.at.most(1);
        }
      }
    }
  });

  it(`runAll over splitRange chunks equals a single-thread fr_vec_mul over 2^14 elements (${threadCount()} threads)`, async () => {
    Fr.vecMul(a, b, single, N);
    for (const parts of [threadCount(), 2, 8, 13]) {
      clear(parallel, N);
      await kernelPool().runAll(mulTasks(parts, parallel));
      expect(firstDiff(parallel, single, N), `first differing element, ${parts} chunks`).to.equal(-1);
    }
    for (const i of [0, 1, 97, N - 1]) {
      expect(Fr.read(Fr.at(parallel, i))).to.equal((Fr.read(Fr.at(a, i)) * Fr.read(Fr.at(b, i))) % Fr.modulus);
    }
  });

  it('runs several calls per task in order, with per-worker stacks (pow, batch_inv)', async () => {
    // each task: parallel[s..] = a·b, then invert it in place, then square it (uses the worker's stack)
    const chunks = splitRange(N, 4);
    const tmp = Fr.alloc(N);
    const tasks: KernelCall[][] = chunks.map(([s, c]) => [
      ['fr_vec_mul', Fr.at(a, s), Fr.at(b, s), Fr.at(parallel, s), c],
      ['fr_batch_inv', Fr.at(parallel, s), Fr.at(parallel, s), c, Fr.at(tmp, s)],
      ['fr_vec_mul', Fr.at(parallel, s), Fr.at(parallel, s), Fr.at(parallel, s), c],
    ]);
    await kernelPool().runAll(tasks);
    Fr.vecMul(a, b, single, N);
    Fr.batchInvert(single, single, N);
    Fr.vecMul(single, single, single, N);
    expect(firstDiff(parallel, single, N), 'first differing element').to.equal(-1);
    Fr.free(tmp);
  });

  it('rejects with a clear error on a bad call (unknown export, wasm trap) and stays usable', async () => {
    const pool = kernelPool();
    let err: unknown;
    try { await pool.run([['fr_no_such_export', 0, 0]]); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(/kernel worker failed/).and.to.contain('no export named "fr_no_such_export"');

    err = undefined;
    try { await pool.run([['fr_mul', 0xfffffff0, 0, 0]]); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(/kernel worker failed.*fr_mul.*out of bounds/s);

    // one failing task among good ones: runAll rejects; the good tasks still run to completion
    Fr.vecMul(a, b, single, N);
    const scratch = Fr.alloc(N);
    const mixed = mulTasks(4, scratch);
    mixed.splice(2, 0, [['nope', 1]]);
    let rejected: unknown;
    await pool.runAll(mixed).catch((e) => { rejected = e; });
    expect(String(rejected)).to.contain('no export named "nope"');
    clear(parallel, N);
    const tasks = mulTasks(4, parallel);
    tasks.splice(2, 0, [['nope', 1]]);
    const settled = await Promise.allSettled(tasks.map((t) => pool.run(t)));
    expect(settled.map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(firstDiff(parallel, single, N), 'the good tasks completed').to.equal(-1);

    // the pool still works: every worker runs full jobs again
    for (let round = 0; round < 3; round++) {
      clear(parallel, N);
      await pool.runAll(mulTasks(2 * threadCount(), parallel));
      expect(firstDiff(parallel, single, N), `round ${round}`).to.equal(-1);
    }
    await pool.runAll(mulTasks(pool.size, parallel)); // every worker is idle again before scratch goes
    Fr.free(scratch);
  });

  it('sees memory grown after the workers started', async () => {
    const pool = kernelPool();
    await pool.runAll(mulTasks(pool.size, parallel)); // workers exist
    const k = kernel();
    const big = k.heap.alloc(k.memory.buffer.byteLength); // forces growth
    const far = big + k.memory.buffer.byteLength / 2;
    Fr.vecMul(a, b, single, 64);
    await pool.runAll([[['fr_vec_mul', a, b, far, 32]], [['fr_vec_mul', Fr.at(a, 32), Fr.at(b, 32), Fr.at(far, 32), 32]]]);
    expect(firstDiff(far, single, 64)).to.equal(-1);
    k.heap.release(big);
  });

  it('close() terminates the workers and returns their stacks; the pool restarts on demand', async () => {
    const pool = kernelPool();
    const before = kernel().heap.allocatedBytes;
    await pool.close();
    expect(kernel().heap.allocatedBytes).to.equal(before - pool.size * LAYOUT.stackBytes);
    Fr.vecMul(a, b, single, N);
    clear(parallel, N);
    await pool.runAll(mulTasks(pool.size, parallel));
    expect(firstDiff(parallel, single, N)).to.equal(-1);
    await pool.close();
  });
});
