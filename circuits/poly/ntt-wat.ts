/**
 * WebAssembly (text) for the polynomial hot loops over Fr: radix-2 NTT stages with the butterfly
 * and its Montgomery product inlined, bit-reversal, index reversal (for the inverse transform),
 * scaling by powers (coset shifts), Horner evaluation and synthetic division by (X - z).
 *
 * NTT scheme (natural order in, bit-reversed order out, then one bit-reversal pass):
 * Cooley–Tukey butterflies (a, b) ← (a + w·b, a - w·b) where, at every layer, block i (of the
 * 2^l blocks of layer l) uses ONE twiddle T[i] = ω_{2^(l+1)}^{bitrev_l(i)}. That value does not
 * depend on l (see twiddles.ts), so a single table T of n/2 elements serves every layer and every
 * smaller domain, is read sequentially, and the twiddle's limbs stay in registers for a whole block.
 *
 * Cache blocking: the n = R·C elements are seen as R rows of C contiguous elements. The first
 * log R layers pair elements of the same column, so they run per slice of COL_WIDTH columns
 * (R·COL_WIDTH elements, cache resident); the last log C layers stay inside a row and run per row.
 * Both phases split into independent ranges (column slices, rows) for the worker pool.
 *
 * Lazy reduction: between layers values lie in [0, 4p) (see butterfly()); the last layer
 * (poly_stage_last) makes them canonical again, so every exported function returns canonical data.
 *
 * Element format and constants: see field/montgomery-wat.ts (9×29-bit limbs, Montgomery, canonical).
 */
import { FR_MODULUS } from '../field/constants.js';
import { ELEMENT_BYTES, LIMB_BITS, LIMBS, toLimbs } from '../field/montgomery-wat.js';
import { modInverse } from '../field/modular.js';

/** Columns processed together in the column phase (contiguous elements sharing a twiddle). */
export const COL_WIDTH = 8;

const E = ELEMENT_BYTES;
const MASK = (1 << LIMB_BITS) - 1;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The butterfly on the elements at $x and $y with the twiddle limbs in $w0..$w8 (i64), with lazy
 * (Harvey) reduction: inputs and outputs lie in [0, 4p), the twiddle is canonical.
 *   a ← [x] reduced to [0, 2p); m ← w·[y]·R^-1 ∈ [0, 2p) (Montgomery without the final
 *   subtraction, valid because 4p·p < R·p); [x] ← a + m, [y] ← a - m + 2p, both in [0, 4p).
 * With `twiddleIsOne`, m ← [y] reduced to [0, 2p). With `canonical` (the last layer), both outputs
 * are reduced to [0, p). Limbs stay 29-bit normalized in memory.
 *
 * The product accumulates row by row into 18 column sums (operand scanning: Montgomery step i
 * right after row i). Measured against column-wise (Comba) accumulation and against all products
 * first (SOS), with operands in locals or re-read from memory: this order was fastest under V8.
 */
function butterfly(twiddleIsOne: boolean, canonical: boolean): string[] {
  const P = toLimbs(FR_MODULUS);
  const P2 = toLimbs(2n * FR_MODULUS);
  const mu = Number(-modInverse(FR_MODULUS, 1n << BigInt(LIMB_BITS)) & BigInt(MASK));
  const c: string[] = [];
  const g = (v: string) => `(local.get $${v})`;
  const set = (v: string, e: string) => c.push(`(local.set $${v} ${e})`);
  const yLimb = (k: number) => `(i64.load32_u offset=${4 * k} (local.get $y))`;
  // limbs `${p}k` ← limbs − M if that does not borrow (M = 2p or p)
  const condSub = (p: string, M: number[]) => {
    set('bw', '(i64.const 0)');
    for (const k of range(LIMBS)) {
      set(`d${k}`, `(i64.sub (i64.sub ${g(`${p}${k}`)} (i64.const ${M[k]})) ${g('bw')})`);
      set('bw', `(i64.shr_u ${g(`d${k}`)} (i64.const 63))`);
      set(`d${k}`, `(i64.and ${g(`d${k}`)} (i64.const ${MASK}))`);
    }
    for (const k of range(LIMBS)) set(`${p}${k}`, `(select ${g(`${p}${k}`)} ${g(`d${k}`)} (i32.wrap_i64 ${g('bw')}))`);
  };
  if (twiddleIsOne) {
    for (const k of range(LIMBS)) set(`m${k}`, yLimb(k));
    condSub('m', P2);
  } else {
    for (const k of range(LIMBS)) set(`v${k}`, yLimb(k));
    const touched = new Set<number>();
    const acc = (k: number, e: string) => {
      if (touched.has(k)) set(`t${k}`, `(i64.add ${g(`t${k}`)} ${e})`);
      else { touched.add(k); set(`t${k}`, e); }
    };
    for (const i of range(LIMBS)) {
      for (const j of range(LIMBS)) acc(i + j, `(i64.mul ${g(`v${i}`)} ${g(`w${j}`)})`);
      set('q', `(i64.and (i64.mul ${g(`t${i}`)} (i64.const ${mu})) (i64.const ${MASK}))`);
      for (const j of range(LIMBS)) if (P[j] !== 0) acc(i + j, `(i64.mul ${g('q')} (i64.const ${P[j]}))`);
      acc(i + 1, `(i64.shr_u ${g(`t${i}`)} (i64.const ${LIMB_BITS}))`);
    }
    for (const k of range(LIMBS)) {
      set('c', k === 0 ? g(`t${LIMBS}`) : `(i64.add ${g(`t${LIMBS + k}`)} ${g('c')})`);
      set(`m${k}`, k === LIMBS - 1 ? g('c') : `(i64.and ${g('c')} (i64.const ${MASK}))`);
      if (k < LIMBS - 1) set('c', `(i64.shr_u ${g('c')} (i64.const ${LIMB_BITS}))`);
    }
  }
  for (const k of range(LIMBS)) set(`a${k}`, `(i64.load32_u offset=${4 * k} (local.get $x))`);
  condSub('a', P2);
  // s = a + m (limbs in $s*), u = a + 2p - m (signed chain with arithmetic carries; u > 0)
  for (const k of range(LIMBS)) {
    set('c', k === 0 ? `(i64.add ${g('a0')} ${g('m0')})` : `(i64.add ${g('c')} (i64.add ${g(`a${k}`)} ${g(`m${k}`)}))`);
    set(`s${k}`, k === LIMBS - 1 ? g('c') : `(i64.and ${g('c')} (i64.const ${MASK}))`);
    if (k < LIMBS - 1) set('c', `(i64.shr_u ${g('c')} (i64.const ${LIMB_BITS}))`);
  }
  for (const k of range(LIMBS)) {
    const e = `(i64.sub (i64.add ${g(`a${k}`)} (i64.const ${P2[k]})) ${g(`m${k}`)})`;
    set('c', k === 0 ? e : `(i64.add ${g('c')} ${e})`);
    set(`u${k}`, k === LIMBS - 1 ? g('c') : `(i64.and ${g('c')} (i64.const ${MASK}))`);
    if (k < LIMBS - 1) set('c', `(i64.shr_s ${g('c')} (i64.const ${LIMB_BITS}))`);
  }
  if (canonical) for (const v of ['s', 'u']) { condSub(v, P2); condSub(v, P); }
  for (const k of range(LIMBS)) c.push(`(i32.store offset=${4 * k} (local.get $x) (i32.wrap_i64 ${g(`s${k}`)}))`);
  for (const k of range(LIMBS)) c.push(`(i32.store offset=${4 * k} (local.get $y) (i32.wrap_i64 ${g(`u${k}`)}))`);
  return c;
}

/**
 * One layer over `blocks` blocks of 2·len rows (row stride `stride` bytes) and `width` contiguous
 * columns; block b uses the twiddle T[b0 + b] at $tw (T[0] = 1 skips the product).
 */
function stageWat(name: string, canonical: boolean): string {
  const limbLocals = (p: string, n = LIMBS) => range(n).map((k) => `(local $${p}${k} i64)`).join(' ');
  return `(func $${name} (export "${name}") (param $base i32) (param $tw i32) (param $b0 i32) (param $blocks i32) (param $len i32) (param $stride i32) (param $width i32)
  (local $b i32) (local $j i32) (local $cc i32) (local $x i32) (local $y i32) (local $half i32) (local $row i32) (local $wp i32) (local $one i32)
  ${['w', 'v', 'a', 'm', 'd', 's', 'u'].map((p) => limbLocals(p)).join(' ')} ${limbLocals('t', 2 * LIMBS)}
  (local $q i64) (local $c i64) (local $bw i64)
  (local.set $half (i32.mul (local.get $len) (local.get $stride)))
  (block $bdone (loop $bl
    (br_if $bdone (i32.ge_u (local.get $b) (local.get $blocks)))
    (local.set $wp (i32.add (local.get $tw) (i32.mul (i32.add (local.get $b0) (local.get $b)) (i32.const ${E}))))
    ${range(LIMBS).map((k) => `(local.set $w${k} (i64.load32_u offset=${4 * k} (local.get $wp)))`).join(' ')}
    (local.set $one (i32.eqz (i32.add (local.get $b0) (local.get $b))))
    (local.set $row (i32.add (local.get $base) (i32.mul (local.get $b) (i32.shl (local.get $half) (i32.const 1)))))
    (local.set $j (local.get $len))
    (block $jdone (loop $jl
      (br_if $jdone (i32.eqz (local.get $j)))
      (local.set $x (local.get $row))
      (local.set $cc (local.get $width))
      (block $cdone (loop $cl
        (br_if $cdone (i32.eqz (local.get $cc)))
        (local.set $y (i32.add (local.get $x) (local.get $half)))
        (if (local.get $one)
          (then ${butterfly(true, canonical).join('\n')})
          (else ${butterfly(false, canonical).join('\n')}))
        (local.set $x (i32.add (local.get $x) (i32.const ${E})))
        (local.set $cc (i32.sub (local.get $cc) (i32.const 1)))
        (br $cl)))
      (local.set $row (i32.add (local.get $row) (local.get $stride)))
      (local.set $j (i32.sub (local.get $j) (i32.const 1)))
      (br $jl)))
    (local.set $b (i32.add (local.get $b) (i32.const 1)))
    (br $bl))))`;
}

export function nttWat(): string {
  const out: string[] = [];
  out.push(stageWat('poly_stage', false), stageWat('poly_stage_last', true));

  // poly_ntt_cols: the first logR layers for the columns [c0, c1), COL_WIDTH columns at a time.
  out.push(`(func $poly_ntt_cols (export "poly_ntt_cols") (param $a i32) (param $tw i32) (param $logR i32) (param $logC i32) (param $c0 i32) (param $c1 i32)
  (local $w i32) (local $l i32) (local $stride i32)
  (local.set $stride (i32.mul (i32.shl (i32.const 1) (local.get $logC)) (i32.const ${E})))
  (block $done (loop $slices
    (br_if $done (i32.ge_u (local.get $c0) (local.get $c1)))
    (local.set $w (i32.sub (local.get $c1) (local.get $c0)))
    (if (i32.gt_u (local.get $w) (i32.const ${COL_WIDTH})) (then (local.set $w (i32.const ${COL_WIDTH}))))
    (local.set $l (i32.const 0))
    (block $ldone (loop $layers
      (br_if $ldone (i32.ge_u (local.get $l) (local.get $logR)))
      (call $poly_stage (i32.add (local.get $a) (i32.mul (local.get $c0) (i32.const ${E}))) (local.get $tw) (i32.const 0)
        (i32.shl (i32.const 1) (local.get $l)) (i32.shr_u (i32.shl (i32.const 1) (local.get $logR)) (i32.add (local.get $l) (i32.const 1)))
        (local.get $stride) (local.get $w))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br $layers)))
    (local.set $c0 (i32.add (local.get $c0) (local.get $w)))
    (br $slices))))`);

  // poly_ntt_rows: the last logC ≥ 1 layers inside each row of [r0, r1); row r's blocks at local
  // layer l are the global blocks r·2^l + (0..2^l). The last layer leaves canonical values.
  const rowStageArgs = `(i32.add (local.get $a) (i32.mul (local.get $r0) (local.get $rowBytes))) (local.get $tw)
        (i32.shl (local.get $r0) (local.get $l)) (i32.shl (i32.const 1) (local.get $l))
        (i32.shr_u (i32.shl (i32.const 1) (local.get $logC)) (i32.add (local.get $l) (i32.const 1))) (i32.const ${E}) (i32.const 1)`;
  out.push(`(func $poly_ntt_rows (export "poly_ntt_rows") (param $a i32) (param $tw i32) (param $logR i32) (param $logC i32) (param $r0 i32) (param $r1 i32)
  (local $l i32) (local $rowBytes i32)
  (local.set $rowBytes (i32.mul (i32.shl (i32.const 1) (local.get $logC)) (i32.const ${E})))
  (block $done (loop $rows
    (br_if $done (i32.ge_u (local.get $r0) (local.get $r1)))
    (local.set $l (i32.const 0))
    (block $ldone (loop $layers
      (br_if $ldone (i32.ge_u (i32.add (local.get $l) (i32.const 1)) (local.get $logC)))
      (call $poly_stage ${rowStageArgs})
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br $layers)))
    (call $poly_stage_last ${rowStageArgs})
    (local.set $r0 (i32.add (local.get $r0) (i32.const 1)))
    (br $rows))))`);

  // element swap helpers (36 bytes = 4 × i64 + 1 × i32)
  const swap = (p: string, q: string) => [
    ...range(4).map((k) => `(local.set $s${k} (i64.load offset=${8 * k} ${p}))`),
    `(local.set $s4 (i64.load32_u offset=32 ${p}))`,
    ...range(4).map((k) => `(i64.store offset=${8 * k} ${p} (i64.load offset=${8 * k} ${q}))`),
    `(i32.store offset=32 ${p} (i32.load offset=32 ${q}))`,
    ...range(4).map((k) => `(i64.store offset=${8 * k} ${q} (local.get $s${k}))`),
    `(i64.store32 offset=32 ${q} (local.get $s4))`,
  ].join(' ');
  const swapLocals = range(5).map((k) => `(local $s${k} i64)`).join(' ');

  // poly_bitrev: swaps a[i] and a[bitrev_logn(i)] for i in [i0, i1) with i < bitrev(i). Every pair
  // is handled by its smaller index only, so disjoint ranges may run concurrently.
  out.push(`(func $poly_bitrev (export "poly_bitrev") (param $a i32) (param $logn i32) (param $i0 i32) (param $i1 i32)
  (local $j i32) (local $v i32) (local $p i32) (local $q i32) ${swapLocals}
  (if (i32.eqz (local.get $logn)) (then (return)))
  (block $done (loop $l
    (br_if $done (i32.ge_u (local.get $i0) (local.get $i1)))
    ;; 32-bit reversal: swap bits, pairs, nibbles, bytes, then halves (rotation)
    (local.set $v (local.get $i0))
    (local.set $v (i32.or (i32.and (i32.shr_u (local.get $v) (i32.const 1)) (i32.const 0x55555555)) (i32.shl (i32.and (local.get $v) (i32.const 0x55555555)) (i32.const 1))))
    (local.set $v (i32.or (i32.and (i32.shr_u (local.get $v) (i32.const 2)) (i32.const 0x33333333)) (i32.shl (i32.and (local.get $v) (i32.const 0x33333333)) (i32.const 2))))
    (local.set $v (i32.or (i32.and (i32.shr_u (local.get $v) (i32.const 4)) (i32.const 0x0f0f0f0f)) (i32.shl (i32.and (local.get $v) (i32.const 0x0f0f0f0f)) (i32.const 4))))
    (local.set $v (i32.or (i32.and (i32.shr_u (local.get $v) (i32.const 8)) (i32.const 0x00ff00ff)) (i32.shl (i32.and (local.get $v) (i32.const 0x00ff00ff)) (i32.const 8))))
    (local.set $v (i32.rotl (local.get $v) (i32.const 16)))
    (local.set $j (i32.shr_u (local.get $v) (i32.sub (i32.const 32) (local.get $logn))))
    (if (i32.lt_u (local.get $i0) (local.get $j)) (then
      (local.set $p (i32.add (local.get $a) (i32.mul (local.get $i0) (i32.const ${E}))))
      (local.set $q (i32.add (local.get $a) (i32.mul (local.get $j) (i32.const ${E}))))
      ${swap('(local.get $p)', '(local.get $q)')}))
    (local.set $i0 (i32.add (local.get $i0) (i32.const 1)))
    (br $l))))`);

  // poly_reverse_scale: for i in [i0, i1) ⊆ [0, n/2]: (a[i], a[-i mod n]) ← (s·a[-i], s·a[i]);
  // s = 0 (null pointer) means no scaling. Turns NTT into n·INTT: INTT(x)_i = NTT(x)_{-i} / n.
  out.push(`(func $poly_reverse_scale (export "poly_reverse_scale") (param $a i32) (param $n i32) (param $s i32) (param $i0 i32) (param $i1 i32)
  (local $j i32) (local $p i32) (local $q i32) (local $t i32) ${swapLocals}
  (local.set $t (call $stack_alloc (i32.const ${E + 4})))
  (block $done (loop $l
    (br_if $done (i32.ge_u (local.get $i0) (local.get $i1)))
    (local.set $j (i32.and (i32.sub (local.get $n) (local.get $i0)) (i32.sub (local.get $n) (i32.const 1))))
    (local.set $p (i32.add (local.get $a) (i32.mul (local.get $i0) (i32.const ${E}))))
    (local.set $q (i32.add (local.get $a) (i32.mul (local.get $j) (i32.const ${E}))))
    (if (i32.eq (local.get $i0) (local.get $j))
      (then (if (local.get $s) (then (call $fr_mul (local.get $p) (local.get $s) (local.get $p)))))
      (else (if (local.get $s)
        (then (call $fr_mul (local.get $p) (local.get $s) (local.get $t))
              (call $fr_mul (local.get $q) (local.get $s) (local.get $p))
              (call $fr_copy (local.get $t) (local.get $q)))
        (else ${swap('(local.get $p)', '(local.get $q)')}))))
    (local.set $i0 (i32.add (local.get $i0) (i32.const 1)))
    (br $l)))
  (call $stack_free (i32.const ${E + 4})))`);

  // poly_powers_scale: a[i] ← a[i]·c·g^(start+i) for i in [0, count); c = 0 (null) means 1.
  out.push(`(func $poly_powers_scale (export "poly_powers_scale") (param $a i32) (param $count i32) (param $c i32) (param $g i32) (param $start i32)
  (local $acc i32) (local $e i32)
  (local.set $acc (call $stack_alloc (i32.const ${E + 4})))
  (local.set $e (i32.add (local.get $acc) (i32.const ${E})))
  (i32.store (local.get $e) (local.get $start))
  (call $fr_pow (local.get $g) (local.get $e) (i32.const 1) (local.get $acc))
  (if (local.get $c) (then (call $fr_mul (local.get $acc) (local.get $c) (local.get $acc))))
  (block $done (loop $l
    (br_if $done (i32.eqz (local.get $count)))
    (call $fr_mul (local.get $a) (local.get $acc) (local.get $a))
    (call $fr_mul (local.get $acc) (local.get $g) (local.get $acc))
    (local.set $a (i32.add (local.get $a) (i32.const ${E})))
    (local.set $count (i32.sub (local.get $count) (i32.const 1)))
    (br $l)))
  (call $stack_free (i32.const ${E + 4})))`);

  // poly_evaluate: out = Σ coeffs[i]·x^i (Horner); out may alias x or a coefficient.
  out.push(`(func $poly_evaluate (export "poly_evaluate") (param $a i32) (param $n i32) (param $x i32) (param $out i32)
  (local $acc i32) (local $xx i32)
  (local.set $acc (call $stack_alloc (i32.const ${2 * E})))
  (local.set $xx (i32.add (local.get $acc) (i32.const ${E})))
  (call $fr_copy (local.get $x) (local.get $xx))
  (call $fr_zero (local.get $acc))
  (block $done (loop $l
    (br_if $done (i32.eqz (local.get $n)))
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (call $fr_mul (local.get $acc) (local.get $xx) (local.get $acc))
    (call $fr_add (local.get $acc) (i32.add (local.get $a) (i32.mul (local.get $n) (i32.const ${E}))) (local.get $acc))
    (br $l)))
  (call $fr_copy (local.get $acc) (local.get $out))
  (call $stack_free (i32.const ${2 * E})))`);

  // poly_divide_linear: synthetic division of the n coefficients by (X - z): writes the n - 1
  // quotient coefficients to out (out may equal a) and, if rem ≠ 0, the remainder p(z) to rem.
  out.push(`(func $poly_divide_linear (export "poly_divide_linear") (param $a i32) (param $n i32) (param $z i32) (param $out i32) (param $rem i32)
  (local $acc i32) (local $zz i32) (local $cur i32) (local $i i32)
  (local.set $acc (call $stack_alloc (i32.const ${3 * E})))
  (local.set $zz (i32.add (local.get $acc) (i32.const ${E})))
  (local.set $cur (i32.add (local.get $acc) (i32.const ${2 * E})))
  (call $fr_copy (local.get $z) (local.get $zz))
  (call $fr_zero (local.get $acc))
  (call $fr_zero (local.get $cur))
  (if (local.get $n) (then
    (local.set $i (i32.sub (local.get $n) (i32.const 1)))
    (call $fr_copy (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const ${E}))) (local.get $cur))
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $i)))
      (call $fr_mul (local.get $acc) (local.get $zz) (local.get $acc))
      (call $fr_add (local.get $acc) (local.get $cur) (local.get $acc))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (call $fr_copy (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const ${E}))) (local.get $cur))
      (call $fr_copy (local.get $acc) (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const ${E}))))
      (br $l)))))
  (if (local.get $rem) (then
    (call $fr_mul (local.get $acc) (local.get $zz) (local.get $acc))
    (call $fr_add (local.get $acc) (local.get $cur) (local.get $rem))))
  (call $stack_free (i32.const ${3 * E})))`);

  return out.join('\n');
}
