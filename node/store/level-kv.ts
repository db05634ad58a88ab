import { ClassicLevel } from "classic-level";
import type { KvOp, KvStore } from "./kv.js";

/** LevelDB (classic-level) behind the `KvStore` seam; `batch` maps to LevelDB's atomic write batch. */
export class LevelKv implements KvStore {
  private constructor(private readonly db: ClassicLevel<Uint8Array, Uint8Array>) {}

  static async open(location: string): Promise<LevelKv> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: "view", valueEncoding: "view" });
    await db.open();
    return new LevelKv(db);
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return (await this.db.get(key)) ?? undefined;
  }

  async batch(ops: KvOp[]): Promise<void> {
    await this.db.batch(ops);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
