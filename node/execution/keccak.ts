import { keccak_256 } from "@noble/hashes/sha3.js";
import { createRequire } from "node:module";
import { dirname } from "node:path";

/** The Keccak sponge of the `keccak` package's N-API addon (the state object its own hashers wrap). */
interface KeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  squeeze(length: number): Buffer;
}

/**
 * One native sponge, loaded as the `keccak` package loads it (node-gyp-build picks its prebuilt addon), or
 * undefined where no addon fits this platform. The package's public hashers are Transform streams: building one
 * per hash costs more than @noble/hashes' whole hash of a short input, so the sponge is used directly and reused
 * (calls are synchronous; each worker thread loads its own).
 */
const nativeSponge = (): KeccakState | undefined => {
  try {
    const root = dirname(require.resolve("keccak/package.json"));
    const load = createRequire(require.resolve("keccak/package.json"))("node-gyp-build") as (dir: string) => new () => KeccakState;
    return new (load(root))();
  } catch {
    return undefined; // no prebuilt addon for this platform: @noble/hashes below
  }
};

const sponge = nativeSponge();

/** Whether `keccak256` runs natively (false: @noble/hashes). */
export const NATIVE_KECCAK = sponge !== undefined;

/**
 * keccak256 (Ethereum's, rate 1088 bits, padding 0x01), natively where the addon loads: 3–6× faster than
 * @noble/hashes here (about 1.5 µs vs 6 µs for a 32–116-byte input, 6 µs vs 35 µs for 600 bytes), and block
 * production hashes every tx, receipt and trie node. Returns a fresh Uint8Array (not a Buffer from Node's pool).
 */
export const keccak256: (data: Uint8Array) => Uint8Array =
  sponge === undefined
    ? keccak_256
    : (data) => {
        sponge.initialize(1088, 512);
        sponge.absorb(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        return new Uint8Array(sponge.squeeze(32));
      };
