/**
 * WebAssembly (text format) generator for Montgomery arithmetic in a prime field below 2^254.
 *
 * Representation: 9 limbs of 29 bits, little-endian, each stored as a u32 (36 bytes an element),
 * in Montgomery form x·R mod p with R = 2^261, always fully reduced (canonical, so equality is
 * limb equality). 29-bit limbs keep every partial product below 2^58, so a Montgomery product
 * accumulates its 18 column terms in one u64 without carry handling inside the loop — the carry
 * chains that dominate a 32-bit-limb implementation in wasm disappear (Mitscha-Baude's trick).
 *
 * Every function takes pointers into the shared linear memory; outputs may alias inputs.
 */

import { modInverse } from './modular.js';

export const LIMBS = 9;
export const LIMB_BITS = 29;
export const ELEMENT_BYTES = LIMBS * 4;
const MASK = (1n << BigInt(LIMB_BITS)) - 1n;

/** Montgomery radix R = 2^(LIMBS·LIMB_BITS). */
export const MONTGOMERY_R = 1n << BigInt(LIMBS * LIMB_BITS);

/** Splits a non-negative integer below 2^261 into 29-bit limbs. */
export function toLimbs(x: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; i < LIMBS; i++) {
    out.push(Number(x & MASK));
    x >>= BigInt(LIMB_BITS);
  }
  if (x !== 0n) throw new RangeError(`integer does not fit in ${LIMBS}×${LIMB_BITS}-bit limbs`);
  return out;
}

/** Byte layout of the constants a field keeps in the shared read-only constant area. */
export const CONST_ONE = 0;
export const CONST_R2 = ELEMENT_BYTES;
export const CONST_P_MINUS_2 = 2 * ELEMENT_BYTES; // exponent for Fermat inversion, 8 u32 words LE
export const FIELD_CONST_BYTES = 2 * ELEMENT_BYTES + 32;

/** Values of the constant area of a field (written once by the host at start-up). */
export function fieldConstants(p: bigint): Uint8Array {
  const bytes = new Uint8Array(FIELD_CONST_BYTES);
  const view = new DataView(bytes.buffer);
  const put = (off: number, x: bigint) => toLimbs(x).forEach((l, i) => view.setUint32(off + 4 * i, l, true));
  put(CONST_ONE, MONTGOMERY_R % p);
  put(CONST_R2, (MONTGOMERY_R * MONTGOMERY_R) % p);
  let e = p - 2n;
  for (let i = 0; i < 8; i++, e >>= 32n) view.setUint32(CONST_P_MINUS_2 + 4 * i, Number(e & 0xffffffffn), true);
  return bytes;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Functions emitted, each prefixed by `name_`:
 *   add sub neg double mul sqr copy zero one is_zero eq to_mont from_mont pow inv
 *   vec_add vec_sub vec_mul vec_scale vec_to_mont vec_from_mont batch_inv
 * `constBase` is the address of this field's constant area (see fieldConstants).
 * Requires the module to define `global $sp` (a per-instance stack pointer growing down).
 */
export function montgomeryWat(name: string, p: bigint, constBase: number): string {
  if (p >= 1n << 254n || p % 2n === 0n) throw new RangeError('modulus must be odd and below 2^254');
  const P = toLimbs(p);
  const mu = (-modInverse(p, 1n << BigInt(LIMB_BITS)) & MASK) + 0n;
  const f = (s: string) => `$${name}_${s}`;
  const E = ELEMENT_BYTES;
  const out: string[] = [];

  // Conditional subtraction of p from the normalized limbs held in locals $r0..$r8 (i64), stored to $r.
  const reduceAndStore = (): string[] => {
    const c: string[] = ['(local.set $bw (i64.const 0))'];
    for (const k of range(LIMBS)) {
      c.push(`(local.set $d${k} (i64.sub (i64.sub (local.get $r${k}) (i64.const ${P[k]})) (local.get $bw)))`);
      c.push(`(local.set $bw (i64.shr_u (local.get $d${k}) (i64.const 63)))`);
      c.push(`(local.set $d${k} (i64.and (local.get $d${k}) (i64.const ${MASK})))`);
    }
    // borrow = 1 ⇒ r < p, keep r; otherwise keep r - p.
    for (const k of range(LIMBS)) {
      c.push(`(i32.store offset=${4 * k} (local.get $out) (i32.wrap_i64 (select (local.get $r${k}) (local.get $d${k}) (i32.wrap_i64 (local.get $bw)))))`);
    }
    return c;
  };
  const rLocals = range(LIMBS).map((k) => `(local $r${k} i64) (local $d${k} i64)`).join(' ') + ' (local $bw i64) (local $c i64)';

  // add: r = a + b mod p
  out.push(`(func ${f('add')} (export "${name}_add") (param $a i32) (param $b i32) (param $out i32) ${rLocals}`,
    ...range(LIMBS).flatMap((k) => [
      `(local.set $c (i64.add (local.get $c) (i64.add (i64.load32_u offset=${4 * k} (local.get $a)) (i64.load32_u offset=${4 * k} (local.get $b)))))`,
      `(local.set $r${k} (i64.and (local.get $c) (i64.const ${MASK})))`,
      `(local.set $c (i64.shr_u (local.get $c) (i64.const ${LIMB_BITS})))`,
    ]),
    ...reduceAndStore(), ')');

  // sub: r = a - b mod p (add p back when the subtraction borrows)
  out.push(`(func ${f('sub')} (export "${name}_sub") (param $a i32) (param $b i32) (param $out i32) ${rLocals}`,
    ...range(LIMBS).flatMap((k) => [
      `(local.set $r${k} (i64.sub (i64.sub (i64.load32_u offset=${4 * k} (local.get $a)) (i64.load32_u offset=${4 * k} (local.get $b))) (local.get $bw)))`,
      `(local.set $bw (i64.shr_u (local.get $r${k}) (i64.const 63)))`,
      `(local.set $r${k} (i64.and (local.get $r${k}) (i64.const ${MASK})))`,
    ]),
    // if borrow: add p (the final carry out cancels the borrow)
    ...range(LIMBS).flatMap((k) => [
      `(local.set $c (i64.add (local.get $c) (i64.add (local.get $r${k}) (i64.mul (local.get $bw) (i64.const ${P[k]})))))`,
      `(i32.store offset=${4 * k} (local.get $out) (i32.wrap_i64 (i64.and (local.get $c) (i64.const ${MASK}))))`,
      `(local.set $c (i64.shr_u (local.get $c) (i64.const ${LIMB_BITS})))`,
    ]), ')');

  // neg: r = -a = (0 - a) mod p
  out.push(`(func ${f('neg')} (export "${name}_neg") (param $a i32) (param $out i32)`,
    `(local $z i32) (local.set $z (call $stack_alloc (i32.const ${E})))`,
    `(call ${f('zero')} (local.get $z)) (call ${f('sub')} (local.get $z) (local.get $a) (local.get $out))`,
    `(call $stack_free (i32.const ${E})))`);
  out.push(`(func ${f('double')} (export "${name}_double") (param $a i32) (param $out i32) (call ${f('add')} (local.get $a) (local.get $a) (local.get $out)))`);

  // mul: Montgomery product a·b·R^-1 mod p, column accumulators $t0..$t17 (see header comment).
  const xs = range(LIMBS).map((k) => `(local $x${k} i64) (local $y${k} i64)`).join(' ');
  const ts = range(2 * LIMBS).map((k) => `(local $t${k} i64)`).join(' ');
  const mulBody: string[] = [];
  for (const k of range(LIMBS)) {
    mulBody.push(`(local.set $x${k} (i64.load32_u offset=${4 * k} (local.get $a)))`);
    mulBody.push(`(local.set $y${k} (i64.load32_u offset=${4 * k} (local.get $b)))`);
  }
  for (const i of range(LIMBS)) {
    for (const j of range(LIMBS)) {
      mulBody.push(`(local.set $t${i + j} (i64.add (local.get $t${i + j}) (i64.mul (local.get $x${i}) (local.get $y${j}))))`);
    }
    mulBody.push(`(local.set $q (i64.and (i64.mul (local.get $t${i}) (i64.const ${mu})) (i64.const ${MASK})))`);
    for (const j of range(LIMBS)) {
      if (P[j] === 0) continue;
      mulBody.push(`(local.set $t${i + j} (i64.add (local.get $t${i + j}) (i64.mul (local.get $q) (i64.const ${P[j]}))))`);
    }
    mulBody.push(`(local.set $t${i + 1} (i64.add (local.get $t${i + 1}) (i64.shr_u (local.get $t${i}) (i64.const ${LIMB_BITS}))))`);
  }
  // normalize the upper half into 29-bit limbs; the value is below 2p < 2^261
  for (const k of range(LIMBS)) {
    const src = k === 0 ? `(local.get $t${LIMBS})` : `(i64.add (local.get $t${LIMBS + k}) (local.get $c))`;
    mulBody.push(`(local.set $c ${src})`);
    mulBody.push(`(local.set $r${k} (i64.and (local.get $c) (i64.const ${MASK})))`);
    mulBody.push(`(local.set $c (i64.shr_u (local.get $c) (i64.const ${LIMB_BITS})))`);
  }
  out.push(`(func ${f('mul')} (export "${name}_mul") (param $a i32) (param $b i32) (param $out i32) ${xs} ${ts} (local $q i64) ${rLocals}`,
    ...mulBody, ...reduceAndStore(), ')');
  out.push(`(func ${f('sqr')} (export "${name}_sqr") (param $a i32) (param $out i32) (call ${f('mul')} (local.get $a) (local.get $a) (local.get $out)))`);

  // small helpers
  out.push(`(func ${f('copy')} (export "${name}_copy") (param $a i32) (param $out i32)`,
    ...range(LIMBS).map((k) => `(i32.store offset=${4 * k} (local.get $out) (i32.load offset=${4 * k} (local.get $a)))`), ')');
  out.push(`(func ${f('zero')} (export "${name}_zero") (param $out i32)`,
    ...range(LIMBS).map((k) => `(i32.store offset=${4 * k} (local.get $out) (i32.const 0))`), ')');
  out.push(`(func ${f('one')} (export "${name}_one") (param $out i32) (call ${f('copy')} (i32.const ${constBase + CONST_ONE}) (local.get $out)))`);
  out.push(`(func ${f('is_zero')} (export "${name}_is_zero") (param $a i32) (result i32)`,
    `(i32.eqz ${range(LIMBS).map((k) => `(i32.load offset=${4 * k} (local.get $a))`).reduce((acc, x) => `(i32.or ${acc} ${x})`)}))`);
  out.push(`(func ${f('eq')} (export "${name}_eq") (param $a i32) (param $b i32) (result i32)`,
    `(i32.eqz ${range(LIMBS).map((k) => `(i32.xor (i32.load offset=${4 * k} (local.get $a)) (i32.load offset=${4 * k} (local.get $b)))`).reduce((acc, x) => `(i32.or ${acc} ${x})`)}))`);
  // to_mont: a·R^2·R^-1; from_mont: a·1·R^-1 (1 as a plain integer, not in Montgomery form)
  out.push(`(func ${f('to_mont')} (export "${name}_to_mont") (param $a i32) (param $out i32) (call ${f('mul')} (local.get $a) (i32.const ${constBase + CONST_R2}) (local.get $out)))`);
  out.push(`(func ${f('from_mont')} (export "${name}_from_mont") (param $a i32) (param $out i32) (local $u i32)`,
    `(local.set $u (call $stack_alloc (i32.const ${E}))) (call ${f('zero')} (local.get $u)) (i32.store (local.get $u) (i32.const 1))`,
    `(call ${f('mul')} (local.get $a) (local.get $u) (local.get $out)) (call $stack_free (i32.const ${E})))`);

  // pow: out = a^e, e given as `words` u32 words little-endian at $e (left-to-right square and multiply)
  out.push(`(func ${f('pow')} (export "${name}_pow") (param $a i32) (param $e i32) (param $words i32) (param $out i32) (local $acc i32) (local $base i32) (local $i i32) (local $w i32)`,
    `(local.set $acc (call $stack_alloc (i32.const ${2 * E}))) (local.set $base (i32.add (local.get $acc) (i32.const ${E})))`,
    `(call ${f('copy')} (local.get $a) (local.get $base)) (call ${f('one')} (local.get $acc))`,
    `(local.set $i (i32.mul (local.get $words) (i32.const 32)))`,
    `(block $done (loop $bits`,
    `  (br_if $done (i32.eqz (local.get $i)))`,
    `  (local.set $i (i32.sub (local.get $i) (i32.const 1)))`,
    `  (call ${f('mul')} (local.get $acc) (local.get $acc) (local.get $acc))`,
    `  (local.set $w (i32.load (i32.add (local.get $e) (i32.shl (i32.shr_u (local.get $i) (i32.const 5)) (i32.const 2)))))`,
    `  (if (i32.and (i32.shr_u (local.get $w) (i32.and (local.get $i) (i32.const 31))) (i32.const 1))`,
    `    (then (call ${f('mul')} (local.get $acc) (local.get $base) (local.get $acc))))`,
    `  (br $bits)))`,
    `(call ${f('copy')} (local.get $acc) (local.get $out)) (call $stack_free (i32.const ${2 * E})))`);
  // inv: a^(p-2); inv(0) = 0 (callers that care check is_zero first)
  out.push(`(func ${f('inv')} (export "${name}_inv") (param $a i32) (param $out i32) (call ${f('pow')} (local.get $a) (i32.const ${constBase + CONST_P_MINUS_2}) (i32.const 8) (local.get $out)))`);

  // element-wise vector ops over n contiguous elements
  const vec2 = (op: string) => out.push(`(func ${f('vec_' + op)} (export "${name}_vec_${op}") (param $a i32) (param $b i32) (param $out i32) (param $n i32)`,
    `(block $done (loop $l (br_if $done (i32.eqz (local.get $n)))`,
    `  (call ${f(op)} (local.get $a) (local.get $b) (local.get $out))`,
    `  (local.set $a (i32.add (local.get $a) (i32.const ${E}))) (local.set $b (i32.add (local.get $b) (i32.const ${E})))`,
    `  (local.set $out (i32.add (local.get $out) (i32.const ${E}))) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))`);
  vec2('add'); vec2('sub'); vec2('mul');
  const vec1 = (op: string) => out.push(`(func ${f('vec_' + op)} (export "${name}_vec_${op}") (param $a i32) (param $out i32) (param $n i32)`,
    `(block $done (loop $l (br_if $done (i32.eqz (local.get $n)))`,
    `  (call ${f(op)} (local.get $a) (local.get $out))`,
    `  (local.set $a (i32.add (local.get $a) (i32.const ${E}))) (local.set $out (i32.add (local.get $out) (i32.const ${E})))`,
    `  (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))`);
  vec1('to_mont'); vec1('from_mont');
  // vec_scale: out[i] = a[i]·s; s is copied first, since it may lie inside out (e.g. s = &a[0], out = a)
  out.push(`(func ${f('vec_scale')} (export "${name}_vec_scale") (param $a i32) (param $s i32) (param $out i32) (param $n i32) (local $sc i32)`,
    `(local.set $sc (call $stack_alloc (i32.const ${E}))) (call ${f('copy')} (local.get $s) (local.get $sc))`,
    `(block $done (loop $l (br_if $done (i32.eqz (local.get $n)))`,
    `  (call ${f('mul')} (local.get $a) (local.get $sc) (local.get $out))`,
    `  (local.set $a (i32.add (local.get $a) (i32.const ${E}))) (local.set $out (i32.add (local.get $out) (i32.const ${E})))`,
    `  (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))`,
    `(call $stack_free (i32.const ${E})))`);
  // batch_inv (Montgomery's trick): out[i] = a[i]^-1, zeros map to zero; $tmp holds n elements of scratch.
  out.push(`(func ${f('batch_inv')} (export "${name}_batch_inv") (param $a i32) (param $out i32) (param $n i32) (param $tmp i32) (local $i i32) (local $acc i32) (local $t i32)`,
    `(local.set $acc (call $stack_alloc (i32.const ${2 * E}))) (local.set $t (i32.add (local.get $acc) (i32.const ${E})))`,
    `(call ${f('one')} (local.get $acc))`,
    // forward: tmp[i] = product of the non-zero a[0..i)
    `(local.set $i (i32.const 0))`,
    `(block $done (loop $l (br_if $done (i32.ge_u (local.get $i) (local.get $n)))`,
    `  (call ${f('copy')} (local.get $acc) (i32.add (local.get $tmp) (i32.mul (local.get $i) (i32.const ${E}))))`,
    `  (if (i32.eqz (call ${f('is_zero')} (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const ${E})))))`,
    `    (then (call ${f('mul')} (local.get $acc) (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const ${E}))) (local.get $acc))))`,
    `  (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))`,
    `(call ${f('inv')} (local.get $acc) (local.get $acc))`,
    // backward: out[i] = acc·tmp[i]; acc ← acc·a[i]
    `(block $done2 (loop $l2 (br_if $done2 (i32.eqz (local.get $i)))`,
    `  (local.set $i (i32.sub (local.get $i) (i32.const 1)))`,
    `  (if (call ${f('is_zero')} (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const ${E}))))`,
    `    (then (call ${f('zero')} (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const ${E})))))`,
    `    (else`,
    `      (call ${f('mul')} (local.get $acc) (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const ${E}))) (local.get $t))`,
    `      (call ${f('mul')} (local.get $acc) (i32.add (local.get $tmp) (i32.mul (local.get $i) (i32.const ${E}))) (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const ${E}))))`,
    `      (call ${f('copy')} (local.get $t) (local.get $acc))))`,
    `  (br $l2)))`,
    `(call $stack_free (i32.const ${2 * E})))`);
  return out.join('\n');
}
