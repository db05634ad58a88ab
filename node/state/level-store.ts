import { ClassicLevel } from 'classic-level';
import type { KeyValueStore, KvOp } from './kv.js';

/** LevelDB (classic-level) as a `KeyValueStore`; `batch` is LevelDB's atomic write batch. */
export class LevelStore implements KeyValueStore {
  private constructor(private readonly db: ClassicLevel<Uint8Array, Uint8Array>) {}

  static async open(location: string): Promise<LevelStore> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    return new LevelStore(db);
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
