/**
 * The SHA-256 table the precompile side (a CALL to 0x02) looks up into. Its rows have the keccak
 * table's shape (keccak/table.ts), so one lookup shape serves both hashes:
 *
 *   input rows:  (INPUT_ROW,  id, index, byte, 0,  0)      one per input byte, index = 0 … length − 1
 *   digest rows: (DIGEST_ROW, id, length, 0,  hashLo, hashHi)
 *
 * hashHi = H0‖H1‖H2‖H3 and hashLo = H4‖H5‖H6‖H7 (the digest's first and last 16 bytes, big-endian).
 * The SHA-256 circuit guarantees that for every id the input rows hold exactly bytes 0 … length − 1
 * (each < 256) and the digest row their SHA-256.
 */
import type { KeccakTableColumns } from '../keccak/table.js';

export { DIGEST_ROW, INPUT_ROW, keccakDigestLookup as sha256DigestLookup, keccakInputLookup as sha256InputLookup } from '../keccak/table.js';

/** The table's columns (advice, filled by the SHA-256 circuit; kind 0 on rows that are not table rows). */
export type Sha256TableColumns = KeccakTableColumns;
