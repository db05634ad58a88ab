/** ASCII codes of the lowercase hex digits. */
const DIGITS = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

/**
 * `0x`-prefixed lowercase hex of `bytes` (what @ethereumjs's bytesToHex and Address.toString return) as one
 * flat string. Those build it two characters at a time, which V8 keeps as a chain of concatenation nodes
 * (~32 B per byte): an address held in a trace costs ~0.7 KiB, a logs bloom ~8 KiB, and a large block's
 * traces and receipts hold thousands, so collecting them was most of the GC time of producing a block.
 */
export const toHex = (bytes: Uint8Array): `0x${string}` => {
  const out = Buffer.allocUnsafe(2 + 2 * bytes.length);
  out[0] = 0x30; // 0
  out[1] = 0x78; // x
  for (let i = 0, j = 2; i < bytes.length; i++, j += 2) {
    out[j] = DIGITS[bytes[i]! >> 4]!;
    out[j + 1] = DIGITS[bytes[i]! & 15]!;
  }
  return out.toString("latin1") as `0x${string}`;
};
