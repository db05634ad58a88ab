/**
 * Job inputs cross to worker threads and Redis as JSON; the batch circuit's (block traces, the SMT binding
 * witness) hold bigints and byte arrays, which JSON has no form for. `toJson` tags them ({"$n": decimal},
 * {"$b": hex}) and `fromJson` restores them; everything else passes as JSON has it.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class JobInputError extends Error {
  constructor(detail: string) {
    super(`job input: ${detail}`);
    this.name = "JobInputError";
  }
}

export function toJson(value: unknown): Json {
  if (typeof value === "bigint") return { $n: value.toString() };
  if (value instanceof Uint8Array) return { $b: Buffer.from(value).toString("hex") };
  if (Array.isArray(value)) return value.map(toJson);
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  throw new JobInputError(`a ${Object.prototype.toString.call(value)} has no JSON form`);
}

export function fromJson(json: Json): unknown {
  if (Array.isArray(json)) return json.map(fromJson);
  if (json === null || typeof json !== "object") return json;
  const keys = Object.keys(json);
  if (keys.length === 1 && keys[0] === "$n" && typeof json.$n === "string") return BigInt(json.$n);
  if (keys.length === 1 && keys[0] === "$b" && typeof json.$b === "string") return Uint8Array.from(Buffer.from(json.$b, "hex"));
  return Object.fromEntries(keys.map((k) => [k, fromJson(json[k]!)]));
}
