/**
 * Reader for snarkjs / iden3 "powers of tau" (.ptau) files over BN254.
 *
 * File: "ptau" magic, u32 version, u32 section count, then sections (u32 id, u64 size, bytes).
 * Section 1 (header): u32 n8 = 32, q as n8 bytes LE, u32 power, u32 ceremony power.
 * Section 2: 2^(power+1) − 1 points τ^i·G1; section 3: 2^power points τ^i·G2.
 * Coordinates are n8-byte little-endian integers in Montgomery form with R = 2^256 (ffjavascript's
 * representation); G2 coordinates are (c0, c1) pairs.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { FQ_MODULUS } from '../field/constants.js';
import { modInverse } from '../field/modular.js';

export class PtauFormatError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: invalid .ptau file: ${detail}`);
    this.name = 'PtauFormatError';
  }
}

export interface PtauHeader {
  power: number;
  ceremonyPower: number;
  /** Byte offset and size of each section by id. */
  sections: Map<number, { offset: number; size: number }>;
}

const G1_BYTES = 64;
const G2_BYTES = 128;

/** The powers read from a .ptau file, as raw Montgomery-LE (R = 2^256) coordinate bytes. */
export interface PtauPowers {
  header: PtauHeader;
  /** 2^k G1 points, 64 bytes each (x ‖ y). */
  g1: Uint8Array;
  /** G2 generator and τ·G2 as standard integers (x = c0 + c1·u). */
  g2: G2Coordinates;
  tauG2: G2Coordinates;
}

export interface G2Coordinates { x: [bigint, bigint]; y: [bigint, bigint] }

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  if (bytesRead !== length) throw new Error(`short read: ${bytesRead} of ${length} bytes at ${offset}`);
  return buf;
}

const le = (b: Uint8Array, off: number, n: number): bigint => {
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[off + i]);
  return x;
};

export async function readPtauHeader(file: string, fh: FileHandle): Promise<PtauHeader> {
  const { size } = await fh.stat();
  const head = await readAt(fh, 0, 12);
  if (String.fromCharCode(...head.subarray(0, 4)) !== 'ptau') throw new PtauFormatError(file, 'missing "ptau" magic');
  const view = new DataView(head.buffer);
  const version = view.getUint32(4, true);
  if (version !== 1) throw new PtauFormatError(file, `unsupported version ${version} (expected 1)`);
  const count = view.getUint32(8, true);
  const sections = new Map<number, { offset: number; size: number }>();
  let pos = 12;
  for (let i = 0; i < count; i++) {
    const sh = new DataView((await readAt(fh, pos, 12)).buffer);
    const id = sh.getUint32(0, true);
    const len = Number(sh.getBigUint64(4, true));
    if (pos + 12 + len > size) throw new PtauFormatError(file, `section ${id} runs past the end of the file`);
    if (sections.has(id)) throw new PtauFormatError(file, `duplicate section ${id}`);
    sections.set(id, { offset: pos + 12, size: len });
    pos += 12 + len;
  }
  const h = sections.get(1);
  if (!h) throw new PtauFormatError(file, 'missing header section 1');
  const hb = await readAt(fh, h.offset, h.size);
  const hv = new DataView(hb.buffer);
  const n8 = hv.getUint32(0, true);
  if (n8 !== 32 || h.size !== 4 + n8 + 8) throw new PtauFormatError(file, `header field size ${n8}, expected 32 (BN254)`);
  const q = le(hb, 4, 32);
  if (q !== FQ_MODULUS) throw new PtauFormatError(file, `curve prime 0x${q.toString(16)} is not BN254's`);
  return { power: hv.getUint32(36, true), ceremonyPower: hv.getUint32(40, true), sections };
}

/** (2^256)^-1 mod q, to turn ffjavascript's Montgomery coordinates into integers. */
const R_INV_256 = modInverse(1n << 256n, FQ_MODULUS);

/** Integer value of a 32-byte Montgomery-LE coordinate; rejects values ≥ q. */
export function ptauCoordinate(bytes: Uint8Array, off: number): bigint {
  const m = le(bytes, off, 32);
  if (m >= FQ_MODULUS) throw new RangeError(`coordinate 0x${m.toString(16)} ≥ q`);
  return (m * R_INV_256) % FQ_MODULUS;
}

function g2At(bytes: Uint8Array, off: number): G2Coordinates {
  return {
    x: [ptauCoordinate(bytes, off), ptauCoordinate(bytes, off + 32)],
    y: [ptauCoordinate(bytes, off + 64), ptauCoordinate(bytes, off + 96)],
  };
}

/** Reads the first 2^k powers of τ in G1 and [1]G2, [τ]G2 from a .ptau file. */
export async function readPtauPowers(file: string, k: number): Promise<PtauPowers> {
  const fh = await open(file, 'r');
  try {
    const header = await readPtauHeader(file, fh);
    if (k > header.power) throw new PtauFormatError(file, `holds 2^${header.power} powers, 2^${k} requested`);
    const s2 = header.sections.get(2);
    const s3 = header.sections.get(3);
    if (!s2 || s2.size !== (2 ** (header.power + 1) - 1) * G1_BYTES) throw new PtauFormatError(file, 'tauG1 section 2 missing or of the wrong size');
    if (!s3 || s3.size !== 2 ** header.power * G2_BYTES) throw new PtauFormatError(file, 'tauG2 section 3 missing or of the wrong size');
    const g1 = await readAt(fh, s2.offset, (1 << k) * G1_BYTES);
    const g2b = await readAt(fh, s3.offset, 2 * G2_BYTES);
    return { header, g1, g2: g2At(g2b, 0), tauG2: g2At(g2b, G2_BYTES) };
  } finally {
    await fh.close();
  }
}
