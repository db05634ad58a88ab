/**
 * The key-value seam under the node's persistence: LevelDB on disk (`LevelKv`) or a Map in memory
 * (`MemoryKv`, tests and `--in-memory`). Writes of one block go through a single `batch`, which is atomic.
 */
export type KvOp = { type: "put"; key: Uint8Array; value: Uint8Array } | { type: "del"; key: Uint8Array };

export interface KvStore {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Applies all operations atomically: after a crash either all of them are visible or none. */
  batch(ops: KvOp[]): Promise<void>;
  close(): Promise<void>;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");

export class MemoryKv implements KvStore {
  private readonly map = new Map<string, Uint8Array>();

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.map.get(hex(key));
  }

  async batch(ops: KvOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === "put") this.map.set(hex(op.key), op.value.slice()); // a copy: callers may reuse their buffers
      else this.map.delete(hex(op.key));
    }
  }

  async close(): Promise<void> {}
}
