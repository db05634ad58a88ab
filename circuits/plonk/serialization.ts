/**
 * Verifying and proving keys to bytes and back.
 *
 * Verifying key: UTF-8 JSON {format: "zkevm-ts/vk/1", k, cs, fixedCommitments (64-byte G1 hex),
 * g2, tauG2 (128-byte EIP-197 G2 hex), digest}. The constraint system is stored structurally
 * (columns by name, expressions as trees), and loading recomputes the digest, so a key whose
 * shape or commitments were altered is refused.
 * Proving key: "ZKPK" ‖ u32 version ‖ u32 vk length ‖ vk bytes ‖ u32 columns ‖ u32 n ‖ the fixed
 * columns' values (circuit fixed, then σ) as 32-byte big-endian scalars, column after column.
 */
import { decodeG1, decodeG2, encodeG1, encodeG2 } from '../curve/index.js';
import { encode32, Fr, FR_MODULUS } from '../field/index.js';
import { csFromJson, csToJson, KeyFormatError, type CsJson } from './cs-json.js';
import { provingPolys, vkDigest, type ProvingKey, type VerifyingKey } from './keygen.js';
import { Protocol } from './protocol.js';
import { allocVec } from './vectors.js';
import { HostVec } from './host-vec.js';

export { KeyFormatError };

const VK_FORMAT = 'zkevm-ts/vk/1';
const PK_MAGIC = 'ZKPK';
const PK_VERSION = 1;

interface VkJson {
  format: string;
  k: number;
  cs: CsJson;
  fixedCommitments: string[];
  g2: string;
  tauG2: string;
  digest: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string, what: string) => {
  if (typeof s !== 'string' || !/^([0-9a-f]{2})*$/.test(s)) throw new KeyFormatError(`${what}: expected lowercase hex`);
  return new Uint8Array(Buffer.from(s, 'hex'));
};

export function serializeVerifyingKey(vk: VerifyingKey): Uint8Array {
  const j: VkJson = {
    format: VK_FORMAT,
    k: vk.k,
    cs: csToJson(vk.cs),
    fixedCommitments: vk.fixedCommitments.map((c) => hex(encodeG1(c))),
    g2: hex(encodeG2(vk.g2)),
    tauG2: hex(encodeG2(vk.tauG2)),
    digest: vk.digest.toString(16),
  };
  return new TextEncoder().encode(JSON.stringify(j));
}

export function deserializeVerifyingKey(bytes: Uint8Array): VerifyingKey {
  let j: VkJson;
  try {
    j = JSON.parse(new TextDecoder().decode(bytes)) as VkJson;
  } catch (e) {
    throw new KeyFormatError(`verifying key is not JSON: ${(e as Error).message}`);
  }
  if (j?.format !== VK_FORMAT) throw new KeyFormatError(`unsupported verifying key format ${JSON.stringify(j?.format)}, expected "${VK_FORMAT}"`);
  if (!Number.isInteger(j.k) || j.k < 1 || j.k > 27) throw new KeyFormatError(`k = ${j.k} is out of range`);
  const cs = csFromJson(j.cs);
  const fixedCommitments = j.fixedCommitments.map((c, i) => decodeG1(unhex(c, `fixed commitment ${i}`)));
  const protocol = new Protocol(cs, j.k, fixedCommitments);
  if (fixedCommitments.length !== protocol.fixedCount) {
    throw new KeyFormatError(`${fixedCommitments.length} fixed commitments, the circuit has ${protocol.fixedCount} fixed columns (σ included)`);
  }
  const g2 = decodeG2(unhex(j.g2, 'g2'));
  const tauG2 = decodeG2(unhex(j.tauG2, 'tauG2'));
  const digest = vkDigest(j.k, cs, fixedCommitments, g2, tauG2);
  if (digest.toString(16) !== j.digest) throw new KeyFormatError(`digest mismatch: the key's content hashes to ${digest.toString(16)}, it claims ${j.digest}`);
  return { k: j.k, cs, protocol, fixedCommitments, g2, tauG2, digest };
}

export function serializeProvingKey(pk: ProvingKey): Uint8Array {
  const vk = serializeVerifyingKey(pk.vk);
  const n = pk.domain.n;
  const out = new Uint8Array(16 + vk.length + 8 + pk.fixed.length * n * 32);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(PK_MAGIC), 0);
  view.setUint32(4, PK_VERSION, true);
  view.setUint32(8, vk.length, true);
  out.set(vk, 12);
  let off = 12 + vk.length;
  view.setUint32(off, pk.fixed.length, true);
  view.setUint32(off + 4, n, true);
  off += 8;
  for (const p of pk.fixed) {
    const values = p.values.readAll();
    for (let i = 0; i < n; i++, off += 32) out.set(encode32(values[i]), off);
  }
  return out.subarray(0, off);
}

export async function deserializeProvingKey(bytes: Uint8Array): Promise<ProvingKey> {
  const fail = (m: string) => { throw new KeyFormatError(`proving key: ${m}`); };
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== PK_MAGIC) fail('missing "ZKPK" magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4, true) !== PK_VERSION) fail(`unsupported version ${view.getUint32(4, true)}`);
  const vkLen = view.getUint32(8, true);
  if (12 + vkLen + 8 > bytes.length) fail('truncated verifying key');
  const vk = deserializeVerifyingKey(bytes.subarray(12, 12 + vkLen));
  let off = 12 + vkLen;
  const columns = view.getUint32(off, true);
  const n = view.getUint32(off + 4, true);
  off += 8;
  if (columns !== vk.protocol.fixedCount || n !== 1 << vk.k) fail(`holds ${columns} columns of ${n} rows, the key needs ${vk.protocol.fixedCount} of ${1 << vk.k}`);
  if (bytes.length !== off + columns * n * 32) fail(`expected ${off + columns * n * 32} bytes, got ${bytes.length}`);
  const values = [];
  for (let c = 0; c < columns; c++) {
    const v = allocVec(n);
    for (let i = 0; i < n; i++, off += 32) {
      const x = Fr.decode(bytes.subarray(off, off + 32));
      Fr.write(Fr.at(v, i), x % FR_MODULUS);
    }
    values.push(HostVec.spill(v, n));
  }
  return { vk, ...(await provingPolys(vk.protocol, values)) };
}
