/**
 * First-fit allocator over the kernel's shared linear memory. Allocations are few and large
 * (vectors, polynomials, point tables), so an address-ordered free list with coalescing is enough.
 */
export class OutOfMemoryError extends Error {
  constructor(readonly requested: number) {
    super(`kernel heap cannot grow to fit ${requested} bytes (wasm32 memory is limited to 4 GiB)`);
    this.name = 'OutOfMemoryError';
  }
}

const ALIGN = 64;
const PAGE = 65536;
const MAX_PAGES = 65536;

interface Block { start: number; size: number }

export class Heap {
  private free: Block[] = [];
  private readonly used = new Map<number, number>();
  private end: number;
  private allocated = 0;
  private readonly watchers = new Set<{ peak: number }>();

  constructor(private readonly memory: WebAssembly.Memory, heapBase: number) {
    this.end = heapBase;
    const top = memory.buffer.byteLength;
    if (top > heapBase) this.free.push({ start: heapBase, size: top - heapBase });
    this.end = top;
  }

  /** Returns the address of `bytes` bytes (64-byte aligned). */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let i = this.free.findIndex((b) => b.size >= size);
    if (i < 0) {
      this.grow(size);
      i = this.free.findIndex((b) => b.size >= size);
    }
    const block = this.free[i];
    const ptr = block.start;
    if (block.size === size) this.free.splice(i, 1);
    else { block.start += size; block.size -= size; }
    this.used.set(ptr, size);
    this.allocated += size;
    for (const w of this.watchers) w.peak = Math.max(w.peak, this.allocated);
    return ptr;
  }

  /** Returns a block to the heap; freeing an unknown address is a bug and throws. */
  release(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) throw new Error(`heap: release of unallocated address ${ptr}`);
    this.used.delete(ptr);
    this.allocated -= size;
    this.insertFree({ start: ptr, size });
  }

  /** Bytes currently allocated (for tests and leak checks). */
  get allocatedBytes(): number {
    return this.allocated;
  }

  /** Bytes the wasm memory spans (it never shrinks: its size is the peak of what was ever allocated, plus holes). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Follows the allocated bytes' high-water mark from now until stop() (several watches may overlap). */
  watch(): { readonly peak: number; stop(): number } {
    const w = { peak: this.allocated, stop: () => { this.watchers.delete(w); return w.peak; } };
    this.watchers.add(w);
    return w;
  }

  private insertFree(b: Block): void {
    let i = 0;
    while (i < this.free.length && this.free[i].start < b.start) i++;
    this.free.splice(i, 0, b);
    // coalesce with the next, then with the previous neighbour
    if (i + 1 < this.free.length && b.start + b.size === this.free[i + 1].start) {
      b.size += this.free[i + 1].size;
      this.free.splice(i + 1, 1);
    }
    if (i > 0 && this.free[i - 1].start + this.free[i - 1].size === b.start) {
      this.free[i - 1].size += b.size;
      this.free.splice(i, 1);
    }
  }

  private grow(atLeast: number): void {
    const pages = this.memory.buffer.byteLength / PAGE;
    const need = Math.ceil(atLeast / PAGE);
    const add = Math.min(MAX_PAGES - pages, Math.max(need, pages)); // double, within the 4 GiB limit
    if (add < need) throw new OutOfMemoryError(atLeast);
    try {
      this.memory.grow(add);
    } catch {
      // doubling may pass the memory's own maximum (or what the host can commit) when the need fits
      try { this.memory.grow(need); } catch { throw new OutOfMemoryError(atLeast); }
    }
    const newEnd = this.memory.buffer.byteLength;
    this.insertFree({ start: this.end, size: newEnd - this.end });
    this.end = newEnd;
  }
}
