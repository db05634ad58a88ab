/**
 * The key-value seam under the state tree: `LevelStore` (classic-level) on disk, `MemoryStore` in tests.
 * Same shape as node/store's `KvStore`, so either side's stores are interchangeable and the state's
 * writes can join the block's atomic batch.
 */
export type KvOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

export interface KeyValueStore {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Applies all operations atomically: after a crash either all of them are visible or none. */
  batch(ops: KvOp[]): Promise<void>;
  close(): Promise<void>;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, Uint8Array>();

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.map.get(hex(key));
  }

  async batch(ops: KvOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') this.map.set(hex(op.key), op.value.slice());
      else this.map.delete(hex(op.key));
    }
  }

  async close(): Promise<void> {}
}
