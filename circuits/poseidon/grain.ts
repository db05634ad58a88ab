/**
 * The Grain LFSR of the Poseidon paper (eprint 2019/458, appendix F), the pseudo-random source of its
 * reference parameter script (hadeshash `generate_parameters_grain.sage`) and hence of circomlib's constants.
 *
 * The 80-bit register is seeded with the instance description — field kind (2 bits), S-box kind (4 bits),
 * field size n (12 bits), width t (12 bits), R_F (10 bits), R_P (10 bits), then 30 one-bits, all MSB first —
 * clocked 160 times with the feedback b62 ⊕ b51 ⊕ b38 ⊕ b23 ⊕ b13 ⊕ b0, and then read through a
 * self-shrinking step: of each pair of clocked bits, the second is output when the first is 1, and both are
 * discarded otherwise.
 */

const STATE_BITS = 80;
/** The register slides along this buffer and is copied back to its start when it reaches the end. */
const BUFFER_BITS = 1 << 16;
const WARMUP_CLOCKS = 160;

/** Field kind of the seed: 1 = prime field GF(p). */
const FIELD_PRIME = 1;
/** S-box kind of the seed: 0 = x^alpha. */
const SBOX_POWER = 0;

export interface GrainSeed {
  /** Bits of the field modulus (n). */
  fieldBits: number;
  /** State width t. */
  width: number;
  roundsFull: number;
  roundsPartial: number;
}

export class Grain {
  /** The register is `buf[head .. head + 80)`; each clock appends a bit and advances head. */
  private readonly buf = new Uint8Array(BUFFER_BITS);
  private head = 0;

  constructor(seed: GrainSeed) {
    let i = 0;
    const push = (value: number, bits: number) => {
      for (let b = bits - 1; b >= 0; b--) this.buf[i++] = (value >>> b) & 1;
    };
    push(FIELD_PRIME, 2);
    push(SBOX_POWER, 4);
    push(seed.fieldBits, 12);
    push(seed.width, 12);
    push(seed.roundsFull, 10);
    push(seed.roundsPartial, 10);
    while (i < STATE_BITS) this.buf[i++] = 1;
    for (let k = 0; k < WARMUP_CLOCKS; k++) this.clock();
  }

  /** One LFSR step: returns the new bit, which becomes the last of the register as the first drops out. */
  private clock(): number {
    const b = this.buf;
    let h = this.head;
    if (h + STATE_BITS === BUFFER_BITS) {
      b.copyWithin(0, h);
      h = 0;
    }
    const bit = b[h + 62] ^ b[h + 51] ^ b[h + 38] ^ b[h + 23] ^ b[h + 13] ^ b[h];
    b[h + STATE_BITS] = bit;
    this.head = h + 1;
    return bit;
  }

  /** The next output bit of the self-shrinking generator. */
  nextBit(): number {
    for (;;) {
      const select = this.clock();
      const bit = this.clock();
      if (select === 1) return bit;
    }
  }

  /** The next `bits` output bits as an integer, first bit most significant. */
  nextInteger(bits: number): bigint {
    let x = 0n;
    for (let done = 0; done < bits; ) {
      const chunk = Math.min(30, bits - done);
      let word = 0;
      for (let i = 0; i < chunk; i++) word = (word << 1) | this.nextBit();
      x = (x << BigInt(chunk)) | BigInt(word);
      done += chunk;
    }
    return x;
  }
}
