/**
 * Proving jobs in the node's KV store, so a restart resumes the unfinished ones. Namespace byte 'P' (batch records
 * use 'B', the chain H n b r t, the state trees s z), then a kind byte:
 *
 *   'P' 'j' u64(batch) → JobRecord JSON     'P' 'p' u64(batch) → accepted (verified) proof bytes
 *   'P' 'o'            → JSON array of the batch indices whose job is open (the store has no key iteration)
 */
import type { Hex } from "viem";
import { decodeJson, encodeJson, u64 } from "../store/chain-store.js";
import type { KvOp, KvStore } from "../store/kv.js";

const NAMESPACE = 0x50; // 'P'
const KIND = { job: 0x6a, proof: 0x70, open: 0x6f } as const;

const key = (kind: number, index?: number): Uint8Array => {
  const body = index === undefined ? new Uint8Array() : u64(BigInt(index));
  const out = new Uint8Array(2 + body.length);
  out[0] = NAMESPACE;
  out[1] = kind;
  out.set(body, 2);
  return out;
};

/** open: waiting or running; done: its proof verified and stored; failed: every attempt failed. */
export type JobStatus = "open" | "done" | "failed";

export interface JobRecord {
  batchIndex: number;
  /** ProverCircuit id and the digest of the verifying key the proof must verify under. */
  circuit: string;
  vkHash: Hex;
  input: unknown;
  /** Attempts started so far (a rejected proof or a failed run ends one). */
  attempts: number;
  status: JobStatus;
  /** Why the last attempt failed. */
  error?: string;
  /** Unix milliseconds. */
  updatedAt: number;
}

export class JobStore {
  /** Writes are serialized: each one rewrites the open list it has just read. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly kv: KvStore) {}

  async get(index: number): Promise<JobRecord | undefined> {
    const raw = await this.kv.get(key(KIND.job, index));
    return raw === undefined ? undefined : decodeJson<JobRecord>(raw);
  }

  async proof(index: number): Promise<Uint8Array | undefined> {
    return this.kv.get(key(KIND.proof, index));
  }

  /** The open jobs, oldest batch first. */
  async open(): Promise<JobRecord[]> {
    const jobs = await Promise.all((await this.openIndices()).map((i) => this.get(i)));
    return jobs.filter((j): j is JobRecord => j?.status === "open");
  }

  /** Stores the record (with its proof when done) and its membership of the open list, atomically. */
  put(record: JobRecord, proof?: Uint8Array): Promise<void> {
    const write = this.writing.then(async () => {
      const open = new Set(await this.openIndices());
      if (record.status === "open") open.add(record.batchIndex);
      else open.delete(record.batchIndex);
      const ops: KvOp[] = [
        { type: "put", key: key(KIND.job, record.batchIndex), value: encodeJson({ ...record, updatedAt: Date.now() }) },
        { type: "put", key: key(KIND.open), value: encodeJson([...open].sort((a, b) => a - b)) },
      ];
      if (proof !== undefined) ops.push({ type: "put", key: key(KIND.proof, record.batchIndex), value: proof });
      await this.kv.batch(ops);
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  private async openIndices(): Promise<number[]> {
    const raw = await this.kv.get(key(KIND.open));
    return raw === undefined ? [] : decodeJson<number[]>(raw);
  }
}
