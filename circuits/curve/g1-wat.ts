/**
 * WebAssembly (text format) for BN254 G1: y² = x³ + 3 over Fq, on top of the field fragment's `$fq_*`.
 *
 * Layouts in kernel memory (Fq elements in Montgomery form, 36 bytes each, see montgomery-wat.ts):
 *   affine   (x, y)     72 bytes; (0, 0) is the point at infinity (no curve point has y = 0, since the
 *                       group has odd order, so `y = 0` alone identifies infinity for valid points)
 *   Jacobian (X, Y, Z)  108 bytes, affine (X/Z², Y/Z³); Z = 0 is the point at infinity
 * Scalars for `g1_jac_mul` are plain integers (not Montgomery) as nine 29-bit limbs (the layout
 * `fr_from_mont` produces), so any value below 2^261 works, e.g. the unreduced 256-bit ecMul input.
 *
 * Exports (pointers first, output last; outputs may alias inputs unless noted):
 *   g1_jac_set_inf(out)  g1_jac_is_inf(p)→i32  g1_jac_copy(p,out)  g1_jac_neg(p,out)
 *   g1_jac_double(p,out)  g1_jac_add(p,q,out)  g1_jac_add_mixed(p,a,out)  g1_jac_eq(p,q)→i32
 *   g1_jac_on_curve(p)→i32  g1_jac_to_affine(p,a)  g1_aff_to_jac(a,p) (no alias)
 *   g1_aff_is_inf(a)→i32  g1_aff_neg(a,out)  g1_aff_on_curve(a)→i32
 *   g1_jac_mul(p,k,out)              4-bit fixed window, k as above
 *   g1_batch_to_affine(jacs,affs,n,scratch)        one inversion; scratch n·36 bytes; no alias
 *   g1_batch_add_pairs(src,dst,n,scratch)          dst[i] = src[2i] + src[2i+1] (affine), one inversion;
 *                                                  scratch n·36 bytes; dst may equal src (in place)
 *   g1_msm_digits / g1_msm_window / g1_msm_combine  the MSM pipeline (see msm.ts)
 */
import type { KernelFragment } from '../wasm/kernel.js';
import { FQ_MODULUS } from '../field/constants.js';
import { ELEMENT_BYTES, LIMBS, LIMB_BITS, MONTGOMERY_R, toLimbs } from '../field/montgomery-wat.js';

/** Constant area of the curve fragment (2048–4095 is reserved for circuits/curve). */
export const G1_CONST_BASE = 2048;
const CONST_B = G1_CONST_BASE; // b = 3 in Montgomery form

export const G1_AFFINE_BYTES = 2 * ELEMENT_BYTES;
export const G1_JACOBIAN_BYTES = 3 * ELEMENT_BYTES;

const E = ELEMENT_BYTES;
const AFF = G1_AFFINE_BYTES;
const JAC = G1_JACOBIAN_BYTES;
/** Per-pair slot of the addition rounds: prefix product, denominator, kind (i32), padding. */
const PAIR_SLOT = 2 * E + 8;

/** Workspace bytes `g1_msm_window` needs for `count` points and window size c. */
export function msmWindowWorkspaceBytes(count: number, c: number): number {
  const buckets = 1 << (c - 1);
  return 8 * buckets + (AFF + PAIR_SLOT) * Math.max(1, count);
}

type Ref = string;
const at = (p: Ref, off: number): Ref => (off === 0 ? p : `(i32.add ${p} (i32.const ${off}))`);
const X = (p: Ref) => p;
const Y = (p: Ref) => at(p, E);
const Z = (p: Ref) => at(p, 2 * E);
const get = (n: string) => `(local.get $${n})`;

const mul = (a: Ref, b: Ref, o: Ref) => `(call $fq_mul ${a} ${b} ${o})`;
const sqr = (a: Ref, o: Ref) => `(call $fq_mul ${a} ${a} ${o})`;
const add = (a: Ref, b: Ref, o: Ref) => `(call $fq_add ${a} ${b} ${o})`;
const sub = (a: Ref, b: Ref, o: Ref) => `(call $fq_sub ${a} ${b} ${o})`;
const dbl = (a: Ref, o: Ref) => `(call $fq_add ${a} ${a} ${o})`;
const neg = (a: Ref, o: Ref) => `(call $fq_neg ${a} ${o})`;
const copy = (a: Ref, o: Ref) => `(call $fq_copy ${a} ${o})`;
const one = (o: Ref) => `(call $fq_one ${o})`;
const zero = (o: Ref) => `(call $fq_zero ${o})`;
const isZero = (a: Ref) => `(call $fq_is_zero ${a})`;
const eq = (a: Ref, b: Ref) => `(call $fq_eq ${a} ${b})`;

interface FnSpec {
  name: string;
  /** i32 parameters. */
  params: string[];
  /** Fq temporaries on the per-instance stack (36 bytes each), freed on every exit. */
  temps?: string[];
  /** Extra stack bytes addressed by `$__x` (after the temps). */
  extraBytes?: number;
  /** Extra i32 locals. */
  locals?: string[];
  /** Returns `$ret` (i32) if set. */
  result?: boolean;
  /** Body statements; `(br $body)` exits early. `v(name)` is a parameter or temporary pointer. */
  body: (v: (n: string) => Ref) => string[];
}

function fn(s: FnSpec): string {
  const temps = s.temps ?? [];
  const frame = temps.length * E + (s.extraBytes ?? 0);
  const v = (n: string): Ref => {
    const i = temps.indexOf(n);
    if (i >= 0) return at(get('__t'), i * E);
    if (s.params.includes(n) || (s.locals ?? []).includes(n)) return get(n);
    throw new Error(`g1-wat: unknown name ${n} in ${s.name}`);
  };
  const locals = [...(s.locals ?? []), ...(frame ? ['__t', '__x'] : []), ...(s.result ? ['ret'] : [])];
  return [
    `(func $${s.name} (export "${s.name}") ${s.params.map((p) => `(param $${p} i32)`).join(' ')}${s.result ? ' (result i32)' : ''}`,
    locals.map((l) => `(local $${l} i32)`).join(' '),
    frame ? `(local.set $__t (call $stack_alloc (i32.const ${frame}))) (local.set $__x (i32.add (local.get $__t) (i32.const ${temps.length * E})))` : '',
    '(block $body',
    ...s.body(v),
    ')',
    frame ? `(call $stack_free (i32.const ${frame}))` : '',
    s.result ? '(local.get $ret)' : '',
    ')',
  ].join('\n');
}

/** `for (var = from; var < to; var++) { body }` over i32 locals. */
const forUp = (v: string, from: string, to: string, body: string[]) => [
  `(local.set $${v} ${from})`,
  `(block $${v}_done (loop $${v}_loop (br_if $${v}_done (i32.ge_s (local.get $${v}) ${to}))`,
  ...body,
  `(local.set $${v} (i32.add (local.get $${v}) (i32.const 1))) (br $${v}_loop)))`,
];
/** `for (var = from - 1; var >= to; var--) { body }` over i32 locals. */
const forDown = (v: string, from: string, to: string, body: string[]) => [
  `(local.set $${v} ${from})`,
  `(block $${v}_done (loop $${v}_loop (br_if $${v}_done (i32.le_s (local.get $${v}) ${to}))`,
  `(local.set $${v} (i32.sub (local.get $${v}) (i32.const 1)))`,
  ...body,
  `(br $${v}_loop)))`,
];
const idx = (base: string, i: string, size: number) => `(i32.add (local.get $${base}) (i32.mul (local.get $${i}) (i32.const ${size})))`;

export function g1Wat(): string {
  const out: string[] = [];

  // --- basic point helpers ---
  out.push(fn({ name: 'g1_jac_set_inf', params: ['out'], body: (v) => [one(X(v('out'))), one(Y(v('out'))), zero(Z(v('out')))] }));
  out.push(fn({ name: 'g1_jac_is_inf', params: ['p'], result: true, body: (v) => [`(local.set $ret ${isZero(Z(v('p')))})`] }));
  out.push(fn({ name: 'g1_jac_copy', params: ['p', 'out'], body: (v) => [copy(X(v('p')), X(v('out'))), copy(Y(v('p')), Y(v('out'))), copy(Z(v('p')), Z(v('out')))] }));
  out.push(fn({ name: 'g1_jac_neg', params: ['p', 'out'], body: (v) => [copy(X(v('p')), X(v('out'))), neg(Y(v('p')), Y(v('out'))), copy(Z(v('p')), Z(v('out')))] }));
  out.push(fn({ name: 'g1_aff_is_inf', params: ['a'], result: true, body: (v) => [`(local.set $ret (i32.and ${isZero(X(v('a')))} ${isZero(Y(v('a')))}))`] }));
  out.push(fn({ name: 'g1_aff_copy', params: ['a', 'out'], body: (v) => [copy(X(v('a')), X(v('out'))), copy(Y(v('a')), Y(v('out')))] }));
  out.push(fn({ name: 'g1_aff_neg', params: ['a', 'out'], body: (v) => [copy(X(v('a')), X(v('out'))), neg(Y(v('a')), Y(v('out')))] }));
  out.push(fn({
    name: 'g1_aff_to_jac', params: ['a', 'out'],
    body: (v) => [
      `(if (call $g1_aff_is_inf ${v('a')}) (then (call $g1_jac_set_inf ${v('out')}) (br $body)))`,
      copy(X(v('a')), X(v('out'))), copy(Y(v('a')), Y(v('out'))), one(Z(v('out'))),
    ],
  }));

  // --- doubling: dbl-2009-l (a = 0), 2M + 5S ---
  out.push(fn({
    name: 'g1_jac_double', params: ['p', 'out'], temps: ['A', 'B', 'C', 'D', 'EE', 'F', 'T'],
    body: (v) => {
      const p = v('p'), o = v('out');
      return [
        `(if (call $g1_jac_is_inf ${p}) (then (call $g1_jac_set_inf ${o}) (br $body)))`,
        sqr(X(p), v('A')), sqr(Y(p), v('B')), sqr(v('B'), v('C')),
        add(X(p), v('B'), v('D')), sqr(v('D'), v('D')), sub(v('D'), v('A'), v('D')), sub(v('D'), v('C'), v('D')), dbl(v('D'), v('D')),
        dbl(v('A'), v('EE')), add(v('EE'), v('A'), v('EE')),
        sqr(v('EE'), v('F')),
        mul(Y(p), Z(p), v('T')),
        // p is no longer read below
        dbl(v('T'), Z(o)),
        sub(v('F'), v('D'), X(o)), sub(X(o), v('D'), X(o)),
        sub(v('D'), X(o), v('T')), mul(v('EE'), v('T'), v('T')),
        dbl(v('C'), v('C')), dbl(v('C'), v('C')), dbl(v('C'), v('C')),
        sub(v('T'), v('C'), Y(o)),
      ];
    },
  }));

  // --- addition: add-2007-bl, 11M + 5S, complete (P = Q doubles, P = -Q gives infinity) ---
  out.push(fn({
    name: 'g1_jac_add', params: ['p', 'q', 'out'], temps: ['Z1Z1', 'Z2Z2', 'U1', 'U2', 'S1', 'S2', 'H', 'R', 'I', 'J', 'V', 'Z3', 'T'],
    body: (v) => {
      const p = v('p'), q = v('q'), o = v('out');
      return [
        `(if (call $g1_jac_is_inf ${p}) (then (call $g1_jac_copy ${q} ${o}) (br $body)))`,
        `(if (call $g1_jac_is_inf ${q}) (then (call $g1_jac_copy ${p} ${o}) (br $body)))`,
        sqr(Z(p), v('Z1Z1')), sqr(Z(q), v('Z2Z2')),
        mul(X(p), v('Z2Z2'), v('U1')), mul(X(q), v('Z1Z1'), v('U2')),
        mul(Y(p), Z(q), v('S1')), mul(v('S1'), v('Z2Z2'), v('S1')),
        mul(Y(q), Z(p), v('S2')), mul(v('S2'), v('Z1Z1'), v('S2')),
        sub(v('U2'), v('U1'), v('H')), sub(v('S2'), v('S1'), v('R')),
        `(if ${isZero(v('H'))} (then`,
        `  (if ${isZero(v('R'))} (then (call $g1_jac_double ${p} ${o})) (else (call $g1_jac_set_inf ${o})))`,
        '  (br $body)))',
        dbl(v('H'), v('I')), sqr(v('I'), v('I')), mul(v('H'), v('I'), v('J')), dbl(v('R'), v('R')), mul(v('U1'), v('I'), v('V')),
        add(Z(p), Z(q), v('Z3')), sqr(v('Z3'), v('Z3')), sub(v('Z3'), v('Z1Z1'), v('Z3')), sub(v('Z3'), v('Z2Z2'), v('Z3')), mul(v('Z3'), v('H'), v('Z3')),
        // p, q are no longer read below
        sqr(v('R'), v('T')), sub(v('T'), v('J'), v('T')), sub(v('T'), v('V'), v('T')), sub(v('T'), v('V'), X(o)),
        sub(v('V'), X(o), v('T')), mul(v('R'), v('T'), v('T')), mul(v('S1'), v('J'), v('S1')), dbl(v('S1'), v('S1')), sub(v('T'), v('S1'), Y(o)),
        copy(v('Z3'), Z(o)),
      ];
    },
  }));

  // --- mixed addition (Jacobian + affine): madd-2007-bl, 7M + 4S, complete ---
  out.push(fn({
    name: 'g1_jac_add_mixed', params: ['p', 'a', 'out'], temps: ['Z1Z1', 'U2', 'S2', 'H', 'HH', 'R', 'I', 'J', 'V', 'Z3', 'YJ', 'T'],
    body: (v) => {
      const p = v('p'), a = v('a'), o = v('out');
      return [
        `(if (call $g1_aff_is_inf ${a}) (then (call $g1_jac_copy ${p} ${o}) (br $body)))`,
        `(if (call $g1_jac_is_inf ${p}) (then (call $g1_aff_to_jac ${a} ${o}) (br $body)))`,
        sqr(Z(p), v('Z1Z1')), mul(X(a), v('Z1Z1'), v('U2')), mul(Y(a), Z(p), v('S2')), mul(v('S2'), v('Z1Z1'), v('S2')),
        sub(v('U2'), X(p), v('H')), sub(v('S2'), Y(p), v('R')),
        `(if ${isZero(v('H'))} (then`,
        `  (if ${isZero(v('R'))} (then (call $g1_jac_double ${p} ${o})) (else (call $g1_jac_set_inf ${o})))`,
        '  (br $body)))',
        sqr(v('H'), v('HH')), dbl(v('HH'), v('I')), dbl(v('I'), v('I')), mul(v('H'), v('I'), v('J')), dbl(v('R'), v('R')), mul(X(p), v('I'), v('V')),
        add(Z(p), v('H'), v('Z3')), sqr(v('Z3'), v('Z3')), sub(v('Z3'), v('Z1Z1'), v('Z3')), sub(v('Z3'), v('HH'), v('Z3')),
        mul(Y(p), v('J'), v('YJ')),
        // p, a are no longer read below
        sqr(v('R'), v('T')), sub(v('T'), v('J'), v('T')), sub(v('T'), v('V'), v('T')), sub(v('T'), v('V'), X(o)),
        sub(v('V'), X(o), v('T')), mul(v('R'), v('T'), v('T')), dbl(v('YJ'), v('YJ')), sub(v('T'), v('YJ'), Y(o)),
        copy(v('Z3'), Z(o)),
      ];
    },
  }));

  // --- equality, curve membership, conversion ---
  out.push(fn({
    name: 'g1_jac_eq', params: ['p', 'q'], temps: ['Z1Z1', 'Z2Z2', 'U1', 'U2'], locals: ['i1', 'i2'], result: true,
    body: (v) => {
      const p = v('p'), q = v('q');
      return [
        `(local.set $i1 (call $g1_jac_is_inf ${p})) (local.set $i2 (call $g1_jac_is_inf ${q}))`,
        '(if (i32.or (local.get $i1) (local.get $i2)) (then (local.set $ret (i32.and (local.get $i1) (local.get $i2))) (br $body)))',
        sqr(Z(p), v('Z1Z1')), sqr(Z(q), v('Z2Z2')),
        mul(X(p), v('Z2Z2'), v('U1')), mul(X(q), v('Z1Z1'), v('U2')),
        `(if (i32.eqz ${eq(v('U1'), v('U2'))}) (then (br $body)))`,
        mul(Y(p), Z(q), v('U1')), mul(v('U1'), v('Z2Z2'), v('U1')),
        mul(Y(q), Z(p), v('U2')), mul(v('U2'), v('Z1Z1'), v('U2')),
        `(local.set $ret ${eq(v('U1'), v('U2'))})`,
      ];
    },
  }));
  out.push(fn({
    name: 'g1_aff_on_curve', params: ['a'], temps: ['T', 'U'], result: true,
    body: (v) => {
      const a = v('a');
      return [
        `(if (call $g1_aff_is_inf ${a}) (then (local.set $ret (i32.const 1)) (br $body)))`,
        sqr(X(a), v('T')), mul(v('T'), X(a), v('T')), add(v('T'), `(i32.const ${CONST_B})`, v('T')),
        sqr(Y(a), v('U')),
        `(local.set $ret ${eq(v('T'), v('U'))})`,
      ];
    },
  }));
  out.push(fn({
    name: 'g1_jac_on_curve', params: ['p'], temps: ['Z2', 'Z6', 'T', 'U'], result: true,
    body: (v) => {
      const p = v('p');
      return [
        `(if (call $g1_jac_is_inf ${p}) (then (local.set $ret (i32.const 1)) (br $body)))`,
        sqr(Z(p), v('Z2')), sqr(v('Z2'), v('Z6')), mul(v('Z6'), v('Z2'), v('Z6')), mul(v('Z6'), `(i32.const ${CONST_B})`, v('Z6')),
        sqr(X(p), v('T')), mul(v('T'), X(p), v('T')), add(v('T'), v('Z6'), v('T')),
        sqr(Y(p), v('U')),
        `(local.set $ret ${eq(v('T'), v('U'))})`,
      ];
    },
  }));
  out.push(fn({
    name: 'g1_jac_to_affine', params: ['p', 'a'], temps: ['ZI', 'ZI2'],
    body: (v) => {
      const p = v('p'), a = v('a');
      return [
        `(if (call $g1_jac_is_inf ${p}) (then ${zero(X(a))} ${zero(Y(a))} (br $body)))`,
        `(call $fq_inv ${Z(p)} ${v('ZI')})`, sqr(v('ZI'), v('ZI2')),
        mul(X(p), v('ZI2'), X(a)), mul(v('ZI2'), v('ZI'), v('ZI2')), mul(Y(p), v('ZI2'), Y(a)),
      ];
    },
  }));

  // --- scalar windows: c bits of a 9×29-bit plain integer at bit position pos (bits ≥ 261 read as 0) ---
  out.push(`(func $g1_scalar_bits (export "g1_scalar_bits") (param $k i32) (param $pos i32) (param $c i32) (result i32) (local $l i32) (local $v i64)
  (local.set $l (i32.div_u (local.get $pos) (i32.const ${LIMB_BITS})))
  (if (i32.ge_u (local.get $l) (i32.const ${LIMBS})) (then (return (i32.const 0))))
  (local.set $v (i64.load32_u (i32.add (local.get $k) (i32.shl (local.get $l) (i32.const 2)))))
  (if (i32.lt_u (i32.add (local.get $l) (i32.const 1)) (i32.const ${LIMBS})) (then
    (local.set $v (i64.or (local.get $v) (i64.shl (i64.load32_u offset=4 (i32.add (local.get $k) (i32.shl (local.get $l) (i32.const 2)))) (i64.const ${LIMB_BITS}))))))
  (i32.and (i32.wrap_i64 (i64.shr_u (local.get $v) (i64.extend_i32_u (i32.rem_u (local.get $pos) (i32.const ${LIMB_BITS})))))
    (i32.sub (i32.shl (i32.const 1) (local.get $c)) (i32.const 1))))`);

  // --- scalar multiplication: fixed 4-bit windows over 264 bits, table of 0..15 multiples ---
  out.push(fn({
    name: 'g1_jac_mul', params: ['p', 'k', 'out'], extraBytes: 17 * JAC, locals: ['i', 'w', 'd', 'tab', 'acc'],
    body: () => [
      '(local.set $acc (local.get $__x)) (local.set $tab (i32.add (local.get $__x) (i32.const ' + JAC + ')))',
      '(call $g1_jac_set_inf (local.get $tab))',
      `(call $g1_jac_copy (local.get $p) (i32.add (local.get $tab) (i32.const ${JAC})))`,
      ...forUp('i', '(i32.const 2)', '(i32.const 16)', [
        `(call $g1_jac_add (i32.sub ${idx('tab', 'i', JAC)} (i32.const ${JAC})) (local.get $p) ${idx('tab', 'i', JAC)})`,
      ]),
      '(call $g1_jac_set_inf (local.get $acc))',
      ...forDown('w', '(i32.const 66)', '(i32.const 0)', [
        '(call $g1_jac_double (local.get $acc) (local.get $acc)) (call $g1_jac_double (local.get $acc) (local.get $acc))',
        '(call $g1_jac_double (local.get $acc) (local.get $acc)) (call $g1_jac_double (local.get $acc) (local.get $acc))',
        '(local.set $d (call $g1_scalar_bits (local.get $k) (i32.shl (local.get $w) (i32.const 2)) (i32.const 4)))',
        `(if (local.get $d) (then (call $g1_jac_add (local.get $acc) ${idx('tab', 'd', JAC)} (local.get $acc))))`,
      ]),
      '(call $g1_jac_copy (local.get $acc) (local.get $out))',
    ],
  }));

  // --- batch conversion to affine (Montgomery's trick over the Z coordinates) ---
  out.push(fn({
    name: 'g1_batch_to_affine', params: ['jacs', 'affs', 'n', 'scratch'], temps: ['ACC', 'ZI', 'ZI2'], locals: ['i', 'p', 'a'],
    body: (v) => [
      one(v('ACC')),
      ...forUp('i', '(i32.const 0)', '(local.get $n)', [
        `(local.set $p ${idx('jacs', 'i', JAC)})`,
        copy(v('ACC'), idx('scratch', 'i', E)),
        `(if (i32.eqz (call $g1_jac_is_inf (local.get $p))) (then ${mul(v('ACC'), Z(get('p')), v('ACC'))}))`,
      ]),
      `(call $fq_inv ${v('ACC')} ${v('ACC')})`,
      ...forDown('i', '(local.get $n)', '(i32.const 0)', [
        `(local.set $p ${idx('jacs', 'i', JAC)}) (local.set $a ${idx('affs', 'i', AFF)})`,
        `(if (call $g1_jac_is_inf (local.get $p)) (then ${zero(X(get('a')))} ${zero(Y(get('a')))}) (else`,
        mul(v('ACC'), idx('scratch', 'i', E), v('ZI')), mul(v('ACC'), Z(get('p')), v('ACC')),
        sqr(v('ZI'), v('ZI2')), mul(X(get('p')), v('ZI2'), X(get('a'))), mul(v('ZI2'), v('ZI'), v('ZI2')), mul(Y(get('p')), v('ZI2'), Y(get('a'))),
        '))',
      ]),
    ],
  }));

  // --- batch-affine pair addition ---
  // g1_pair_denom classifies a + b and writes the denominator to invert:
  //   0 generic (d = xb - xa), 1 doubling (d = 2ya), 2 a = ∞ (sum b), 3 b = ∞ (sum a), 4 a = -b (sum ∞).
  out.push(fn({
    name: 'g1_pair_denom', params: ['a', 'b', 'd'], result: true,
    body: (v) => {
      const a = v('a'), b = v('b'), d = v('d');
      return [
        `(if ${isZero(Y(a))} (then (local.set $ret (i32.const 2)) (br $body)))`,
        `(if ${isZero(Y(b))} (then (local.set $ret (i32.const 3)) (br $body)))`,
        `(if ${eq(X(a), X(b))} (then`,
        `  (if ${eq(Y(a), Y(b))} (then ${dbl(Y(a), d)} (local.set $ret (i32.const 1))) (else (local.set $ret (i32.const 4))))`,
        '  (br $body)))',
        sub(X(b), X(a), d),
      ];
    },
  }));
  // g1_pair_finish: out = a + b given kind and dinv = 1/d; out may alias a or b.
  out.push(fn({
    name: 'g1_pair_finish', params: ['a', 'b', 'kind', 'dinv', 'out'], temps: ['L', 'X3', 'T'],
    body: (v) => {
      const a = v('a'), b = v('b'), o = v('out');
      return [
        `(if (i32.eq (local.get $kind) (i32.const 2)) (then (call $g1_aff_copy ${b} ${o}) (br $body)))`,
        `(if (i32.eq (local.get $kind) (i32.const 3)) (then (call $g1_aff_copy ${a} ${o}) (br $body)))`,
        `(if (i32.eq (local.get $kind) (i32.const 4)) (then ${zero(X(o))} ${zero(Y(o))} (br $body)))`,
        `(if (local.get $kind) (then ${sqr(X(a), v('T'))} ${dbl(v('T'), v('L'))} ${add(v('L'), v('T'), v('L'))}) (else ${sub(Y(b), Y(a), v('L'))}))`,
        mul(v('L'), v('dinv'), v('L')),
        sqr(v('L'), v('X3')), sub(v('X3'), X(a), v('X3')), sub(v('X3'), X(b), v('X3')),
        sub(X(a), v('X3'), v('T')), mul(v('L'), v('T'), v('T')), sub(v('T'), Y(a), Y(o)),
        copy(v('X3'), X(o)),
      ];
    },
  }));
  out.push(fn({
    name: 'g1_batch_add_pairs', params: ['src', 'dst', 'n', 'scratch'], temps: ['ACC', 'D', 'DI'], locals: ['m', 'a', 'kind'],
    body: (v) => [
      one(v('ACC')),
      ...forDown('m', '(local.get $n)', '(i32.const 0)', [
        `(local.set $a ${idx('src', 'm', 2 * AFF)})`,
        `(if (i32.le_u (call $g1_pair_denom (local.get $a) ${at(get('a'), AFF)} ${v('D')}) (i32.const 1)) (then`,
        copy(v('ACC'), idx('scratch', 'm', E)), mul(v('ACC'), v('D'), v('ACC')), '))',
      ]),
      `(call $fq_inv ${v('ACC')} ${v('ACC')})`,
      ...forUp('m', '(i32.const 0)', '(local.get $n)', [
        `(local.set $a ${idx('src', 'm', 2 * AFF)})`,
        `(local.set $kind (call $g1_pair_denom (local.get $a) ${at(get('a'), AFF)} ${v('D')}))`,
        `(if (i32.le_u (local.get $kind) (i32.const 1)) (then`,
        mul(v('ACC'), idx('scratch', 'm', E), v('DI')), mul(v('ACC'), v('D'), v('ACC')), '))',
        `(call $g1_pair_finish (local.get $a) ${at(get('a'), AFF)} (local.get $kind) ${v('DI')} ${idx('dst', 'm', AFF)})`,
      ]),
    ],
  }));

  // --- MSM pipeline ---
  // g1_msm_digits: signed c-bit digits of scalars[start, start+count) (Fr, Montgomery form), digit of
  // point i in window w at digits[w·n + i] (i32, in [-2^(c-1), 2^(c-1)]); points at infinity get 0.
  out.push(fn({
    name: 'g1_msm_digits', params: ['scalars', 'points', 'digits', 'start', 'count', 'n', 'c', 'nw'],
    extraBytes: E, locals: ['i', 'w', 'end', 'raw', 'carry', 'half', 'full', 'inf'],
    body: () => [
      '(local.set $half (i32.shl (i32.const 1) (i32.sub (local.get $c) (i32.const 1))))',
      '(local.set $full (i32.shl (i32.const 1) (local.get $c)))',
      '(local.set $end (i32.add (local.get $start) (local.get $count)))',
      ...forUp('i', '(local.get $start)', '(local.get $end)', [
        `(local.set $inf ${isZero(Y(idx('points', 'i', AFF)))})`,
        `(call $fr_from_mont ${idx('scalars', 'i', E)} (local.get $__x))`,
        '(local.set $carry (i32.const 0))',
        ...forUp('w', '(i32.const 0)', '(local.get $nw)', [
          '(local.set $raw (i32.add (call $g1_scalar_bits (local.get $__x) (i32.mul (local.get $w) (local.get $c)) (local.get $c)) (local.get $carry)))',
          '(local.set $carry (i32.gt_u (local.get $raw) (local.get $half)))',
          '(if (local.get $carry) (then (local.set $raw (i32.sub (local.get $raw) (local.get $full)))))',
          '(i32.store (i32.add (local.get $digits) (i32.shl (i32.add (i32.mul (local.get $w) (local.get $n)) (local.get $i)) (i32.const 2)))',
          '  (select (i32.const 0) (local.get $raw) (local.get $inf)))',
        ]),
      ]),
    ],
  }));
  // g1_msm_window: Σ digit_i·P_i for one window over `count` points (digits at `digits`, stride 1),
  // result (Jacobian) at out. Buckets by counting sort, summed in batch-affine rounds (pairs within
  // each bucket, one inversion per round), then the running-sum reduction in Jacobian coordinates.
  // Workspace (msmWindowWorkspaceBytes): cnt[B] i32, start[B] i32, W[count] affine, slots[count]
  // (prefix product, denominator and kind of the pair written at W[s+k], kept from pass 1 to pass 2).
  out.push(fn({
    name: 'g1_msm_window', params: ['points', 'digits', 'count', 'c', 'ws', 'out'],
    temps: ['ACC', 'D', 'DI'], extraBytes: 2 * JAC,
    locals: ['B', 'cnt', 'st', 'wp', 'pre', 'slot', 'i', 'b', 'd', 'k', 'h', 'cb', 's', 'a', 'kind', 'pairs', 'run', 'tot'],
    body: (v) => {
      const cntAt = (b: string) => `(i32.add (local.get $cnt) (i32.shl (local.get $${b}) (i32.const 2)))`;
      const stAt = (b: string) => `(i32.add (local.get $st) (i32.shl (local.get $${b}) (i32.const 2)))`;
      const absD = '(select (i32.sub (i32.const 0) (local.get $d)) (local.get $d) (i32.lt_s (local.get $d) (i32.const 0)))';
      const loadD = '(local.set $d (i32.load (i32.add (local.get $digits) (i32.shl (local.get $i) (i32.const 2)))))';
      return [
        '(local.set $B (i32.shl (i32.const 1) (i32.sub (local.get $c) (i32.const 1))))',
        '(local.set $cnt (local.get $ws)) (local.set $st (i32.add (local.get $ws) (i32.shl (local.get $B) (i32.const 2))))',
        '(local.set $wp (i32.add (local.get $st) (i32.shl (local.get $B) (i32.const 2))))',
        `(local.set $pre (i32.add (local.get $wp) (i32.mul (local.get $count) (i32.const ${AFF}))))`,
        '(memory.fill (local.get $cnt) (i32.const 0) (i32.shl (local.get $B) (i32.const 2)))',
        // counting sort by bucket |d| - 1
        ...forUp('i', '(i32.const 0)', '(local.get $count)', [
          loadD,
          `(if (local.get $d) (then (local.set $b (i32.sub ${absD} (i32.const 1)))`,
          `  (i32.store ${cntAt('b')} (i32.add (i32.load ${cntAt('b')}) (i32.const 1)))))`,
        ]),
        '(local.set $s (i32.const 0))',
        ...forUp('b', '(i32.const 0)', '(local.get $B)', [
          `(i32.store ${stAt('b')} (local.get $s)) (local.set $s (i32.add (local.get $s) (i32.load ${cntAt('b')})))`,
        ]),
        ...forUp('i', '(i32.const 0)', '(local.get $count)', [
          loadD,
          `(if (local.get $d) (then (local.set $b (i32.sub ${absD} (i32.const 1)))`,
          `  (local.set $s (i32.load ${stAt('b')})) (i32.store ${stAt('b')} (i32.add (local.get $s) (i32.const 1)))`,
          `  (local.set $a ${idx('wp', 's', AFF)})`,
          `  ${copy(X(idx('points', 'i', AFF)), X(get('a')))}`,
          `  (if (i32.lt_s (local.get $d) (i32.const 0)) (then ${neg(Y(idx('points', 'i', AFF)), Y(get('a')))}) (else ${copy(Y(idx('points', 'i', AFF)), Y(get('a')))}))))`,
        ]),
        ...forUp('b', '(i32.const 0)', '(local.get $B)', [
          `(i32.store ${stAt('b')} (i32.sub (i32.load ${stAt('b')}) (i32.load ${cntAt('b')})))`,
        ]),
        // rounds: in every bucket with ≥ 2 points, W[s+k] = W[s+2k] + W[s+2k+1]
        '(block $rounds_done (loop $rounds',
        one(v('ACC')), '(local.set $pairs (i32.const 0))',
        ...forDown('b', '(local.get $B)', '(i32.const 0)', [
          `(local.set $cb (i32.load ${cntAt('b')}))`,
          '(if (i32.ge_u (local.get $cb) (i32.const 2)) (then',
          `  (local.set $s (i32.load ${stAt('b')})) (local.set $pairs (i32.add (local.get $pairs) (i32.const 1)))`,
          ...forDown('k', '(i32.shr_u (local.get $cb) (i32.const 1))', '(i32.const 0)', [
            `(local.set $a (i32.add (local.get $wp) (i32.mul (i32.add (local.get $s) (i32.shl (local.get $k) (i32.const 1))) (i32.const ${AFF}))))`,
            `(local.set $slot (i32.add (local.get $pre) (i32.mul (i32.add (local.get $s) (local.get $k)) (i32.const ${PAIR_SLOT}))))`,
            `(local.set $kind (call $g1_pair_denom (local.get $a) ${at(get('a'), AFF)} ${at(get('slot'), E)}))`,
            `(i32.store offset=${2 * E} (local.get $slot) (local.get $kind))`,
            '(if (i32.le_u (local.get $kind) (i32.const 1)) (then',
            copy(v('ACC'), get('slot')), mul(v('ACC'), at(get('slot'), E), v('ACC')), '))',
          ]),
          '))',
        ]),
        '(br_if $rounds_done (i32.eqz (local.get $pairs)))',
        `(call $fq_inv ${v('ACC')} ${v('ACC')})`,
        ...forUp('b', '(i32.const 0)', '(local.get $B)', [
          `(local.set $cb (i32.load ${cntAt('b')}))`,
          '(if (i32.ge_u (local.get $cb) (i32.const 2)) (then',
          `  (local.set $s (i32.load ${stAt('b')})) (local.set $h (i32.shr_u (local.get $cb) (i32.const 1)))`,
          ...forUp('k', '(i32.const 0)', '(local.get $h)', [
            `(local.set $a (i32.add (local.get $wp) (i32.mul (i32.add (local.get $s) (i32.shl (local.get $k) (i32.const 1))) (i32.const ${AFF}))))`,
            `(local.set $slot (i32.add (local.get $pre) (i32.mul (i32.add (local.get $s) (local.get $k)) (i32.const ${PAIR_SLOT}))))`,
            `(local.set $kind (i32.load offset=${2 * E} (local.get $slot)))`,
            '(if (i32.le_u (local.get $kind) (i32.const 1)) (then',
            mul(v('ACC'), get('slot'), v('DI')), mul(v('ACC'), at(get('slot'), E), v('ACC')), '))',
            `(call $g1_pair_finish (local.get $a) ${at(get('a'), AFF)} (local.get $kind) ${v('DI')} (i32.add (local.get $wp) (i32.mul (i32.add (local.get $s) (local.get $k)) (i32.const ${AFF}))))`,
          ]),
          '  (if (i32.and (local.get $cb) (i32.const 1)) (then',
          `    (call $g1_aff_copy (i32.add (local.get $wp) (i32.mul (i32.add (local.get $s) (i32.sub (local.get $cb) (i32.const 1))) (i32.const ${AFF})))`,
          `      (i32.add (local.get $wp) (i32.mul (i32.add (local.get $s) (local.get $h)) (i32.const ${AFF}))))))`,
          `  (i32.store ${cntAt('b')} (i32.sub (local.get $cb) (local.get $h)))))`,
        ]),
        '(br $rounds)))',
        // running-sum reduction: Σ_b (b+1)·bucket_b
        `(local.set $run (local.get $__x)) (local.set $tot (i32.add (local.get $__x) (i32.const ${JAC})))`,
        '(call $g1_jac_set_inf (local.get $run)) (call $g1_jac_set_inf (local.get $tot))',
        ...forDown('b', '(local.get $B)', '(i32.const 0)', [
          `(if (i32.load ${cntAt('b')}) (then (call $g1_jac_add_mixed (local.get $run) (i32.add (local.get $wp) (i32.mul (i32.load ${stAt('b')}) (i32.const ${AFF}))) (local.get $run))))`,
          '(call $g1_jac_add (local.get $tot) (local.get $run) (local.get $tot))',
        ]),
        '(call $g1_jac_copy (local.get $tot) (local.get $out))',
      ];
    },
  }));
  // g1_msm_combine: Σ_w 2^(c·w) · Σ_j res[w·parts + j] (Jacobian), by Horner's rule.
  out.push(fn({
    name: 'g1_msm_combine', params: ['res', 'nw', 'parts', 'c', 'out'], extraBytes: JAC, locals: ['w', 'j'],
    body: () => [
      '(call $g1_jac_set_inf (local.get $__x))',
      ...forDown('w', '(local.get $nw)', '(i32.const 0)', [
        ...forUp('j', '(i32.const 0)', '(local.get $c)', ['(call $g1_jac_double (local.get $__x) (local.get $__x))']),
        ...forUp('j', '(i32.const 0)', '(local.get $parts)', [
          `(call $g1_jac_add (local.get $__x) (i32.add (local.get $res) (i32.mul (i32.add (i32.mul (local.get $w) (local.get $parts)) (local.get $j)) (i32.const ${JAC}))) (local.get $__x))`,
        ]),
      ]),
      '(call $g1_jac_copy (local.get $__x) (local.get $out))',
    ],
  }));
  return out.join('\n');
}

function fqMontBytes(x: bigint): Uint8Array {
  const bytes = new Uint8Array(E);
  const view = new DataView(bytes.buffer);
  toLimbs((x * MONTGOMERY_R) % FQ_MODULUS).forEach((l, i) => view.setUint32(4 * i, l, true));
  return bytes;
}

/** The curve part of the kernel (registered in circuits/wasm/kernel.ts). */
export function g1Fragment(): KernelFragment {
  return { wat: g1Wat(), constants: [{ address: CONST_B, bytes: fqMontBytes(3n) }] };
}
