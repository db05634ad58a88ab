/**
 * Poseidon for the node's state trees, run in a small WebAssembly module: the circuits' Montgomery field code
 * (circuits/field/montgomery-wat.ts, 9×29-bit limbs) plus one permutation loop, so a hash crosses into wasm
 * once instead of running ~800 BigInt products and reductions (BigInt Poseidon was the node's largest cost
 * per block). It computes circuits/poseidon's function (the spec, poseidon-lite compatible) with the same
 * parameters and the same input checks: differential tests. Until `initStatePoseidon()` has resolved (the
 * state tree awaits it when it opens), hashes are computed by the spec itself.
 *
 * Partial rounds use sparse matrices (the Poseidon paper's appendix B idea, derived here): a partial round's
 * matrix D factors as D = diag(1, D̂) · [[d₀₀, d₀ᵀ], [D̂⁻¹·d, I]]. The left factor leaves lane 0 alone, so it
 * commutes with the next partial round's lane-0 S-box and moves into that round (its matrix becomes M·diag(1,
 * D̂), its constants diag(1, D̂)⁻¹·c); only the right factor, 2t − 1 products instead of t², is applied. The
 * last partial round applies its whole matrix, since a full round follows.
 */
import wabtInit from 'wabt';
import { FR_MODULUS } from '../../circuits/field/constants.js';
import { modInverse } from '../../circuits/field/modular.js';
import { ELEMENT_BYTES, fieldConstants, LIMB_BITS, LIMBS, montgomeryWat, toLimbs } from '../../circuits/field/montgomery-wat.js';
import {
  poseidon, POSEIDON_MAX_INPUTS, PoseidonArityError, PoseidonInputError, poseidonParams,
} from '../../circuits/poseidon/index.js';

/** Memory map (bytes): field constants, a stack for the field code, two state vectors, a scratch element, then the per-width parameters. */
const FIELD_CONST = 1024;
const STACK_TOP = 8192;
const STATE = 8192;
const NEXT = STATE + 1024;
const TMP = NEXT + 1024;
const PARAMS = TMP + 1024;
const PAGES = 32;

/**
 * permute(t, rounds, partialStart, partialEnd, constants, mds, sparse, last, state, next) → address of the
 * output state. Lanes are read as plain integers, put into Montgomery form, permuted, and lane 0 of the result
 * is taken back out of Montgomery form. Each round adds its constants, applies x^5 (every lane in full rounds,
 * lane 0 in partial ones) and mixes: full rounds with the row-major `mds`, partial rounds but the last with
 * their sparse factor (d₀₀, d₀ᵀ, then the column under d₀₀; one block of 2t − 1 per round in `sparse`), the
 * last partial round with its row-major matrix `last`. All parameters are in Montgomery form.
 */
const PERMUTE_WAT = `
(func $dense (param $t i32) (param $m i32) (param $s i32) (param $n i32)
  (local $i i32) (local $j i32) (local $y i32)
  (block $rows (loop $row
    (br_if $rows (i32.ge_u (local.get $i) (local.get $t)))
    (local.set $y (i32.add (local.get $n) (i32.mul (local.get $i) (i32.const ${ELEMENT_BYTES}))))
    (call $fr_mul (local.get $m) (local.get $s) (local.get $y))
    (local.set $m (i32.add (local.get $m) (i32.const ${ELEMENT_BYTES})))
    (local.set $j (i32.const 1))
    (block $cols (loop $col
      (br_if $cols (i32.ge_u (local.get $j) (local.get $t)))
      (call $fr_mul (local.get $m) (i32.add (local.get $s) (i32.mul (local.get $j) (i32.const ${ELEMENT_BYTES}))) (i32.const ${TMP}))
      (call $fr_add (local.get $y) (i32.const ${TMP}) (local.get $y))
      (local.set $m (i32.add (local.get $m) (i32.const ${ELEMENT_BYTES})))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $col)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $row))))
(func $sparse (param $t i32) (param $m i32) (param $s i32) (param $n i32) (result i32)
  (local $i i32) (local $x i32) (local $y i32)
  (call $fr_mul (local.get $m) (local.get $s) (local.get $n))
  (local.set $i (i32.const 1))
  (block $row0 (loop $col
    (br_if $row0 (i32.ge_u (local.get $i) (local.get $t)))
    (local.set $m (i32.add (local.get $m) (i32.const ${ELEMENT_BYTES})))
    (call $fr_mul (local.get $m) (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const ${ELEMENT_BYTES}))) (i32.const ${TMP}))
    (call $fr_add (local.get $n) (i32.const ${TMP}) (local.get $n))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $col)))
  (local.set $i (i32.const 1))
  (block $rest (loop $lane
    (br_if $rest (i32.ge_u (local.get $i) (local.get $t)))
    (local.set $m (i32.add (local.get $m) (i32.const ${ELEMENT_BYTES})))
    (local.set $x (i32.mul (local.get $i) (i32.const ${ELEMENT_BYTES})))
    (local.set $y (i32.add (local.get $n) (local.get $x)))
    (call $fr_mul (local.get $m) (local.get $s) (local.get $y))
    (call $fr_add (local.get $y) (i32.add (local.get $s) (local.get $x)) (local.get $y))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $lane)))
  (i32.add (local.get $m) (i32.const ${ELEMENT_BYTES})))
(func $permute (export "permute") (param $t i32) (param $rounds i32) (param $pstart i32) (param $pend i32)
    (param $c i32) (param $mds i32) (param $sp i32) (param $last i32) (param $s i32) (param $n i32) (result i32)
  (local $r i32) (local $i i32) (local $x i32) (local $full i32) (local $swap i32)
  (block $in (loop $lanes
    (br_if $in (i32.ge_u (local.get $i) (local.get $t)))
    (local.set $x (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const ${ELEMENT_BYTES}))))
    (call $fr_to_mont (local.get $x) (local.get $x))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $lanes)))
  (block $done (loop $round
    (br_if $done (i32.ge_u (local.get $r) (local.get $rounds)))
    (local.set $full (i32.or (i32.lt_u (local.get $r) (local.get $pstart)) (i32.ge_u (local.get $r) (local.get $pend))))
    (local.set $i (i32.const 0))
    (block $arc (loop $lane
      (br_if $arc (i32.ge_u (local.get $i) (local.get $t)))
      (local.set $x (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const ${ELEMENT_BYTES}))))
      (call $fr_add (local.get $x) (local.get $c) (local.get $x))
      (local.set $c (i32.add (local.get $c) (i32.const ${ELEMENT_BYTES})))
      (if (i32.or (local.get $full) (i32.eqz (local.get $i)))
        (then
          (call $fr_sqr (local.get $x) (i32.const ${TMP}))
          (call $fr_sqr (i32.const ${TMP}) (i32.const ${TMP}))
          (call $fr_mul (i32.const ${TMP}) (local.get $x) (local.get $x))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $lane)))
    (if (local.get $full)
      (then (call $dense (local.get $t) (local.get $mds) (local.get $s) (local.get $n)))
      (else (if (i32.eq (local.get $r) (i32.sub (local.get $pend) (i32.const 1)))
        (then (call $dense (local.get $t) (local.get $last) (local.get $s) (local.get $n)))
        (else (local.set $sp (call $sparse (local.get $t) (local.get $sp) (local.get $s) (local.get $n)))))))
    (local.set $swap (local.get $s)) (local.set $s (local.get $n)) (local.set $n (local.get $swap))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br $round)))
  (call $fr_from_mont (local.get $s) (local.get $s))
  (local.get $s))
`;

/** The stack the field code's temporaries live on (montgomeryWat requires a \`$sp\` growing down). */
const STACK_WAT = `
(global $sp (mut i32) (i32.const ${STACK_TOP}))
(func $stack_alloc (param $n i32) (result i32)
  (global.set $sp (i32.sub (global.get $sp) (local.get $n))) (global.get $sp))
(func $stack_free (param $n i32) (global.set $sp (i32.add (global.get $sp) (local.get $n))))
`;

type Permute = (t: number, rounds: number, pstart: number, pend: number, c: number, mds: number, sparse: number, last: number, s: number, n: number) => number;

/** A width's parameters in module memory (addresses). */
interface Width { t: number; rounds: number; pstart: number; pend: number; constants: number; mds: number; sparse: number; last: number }

interface Engine {
  permute: Permute;
  u32: Uint32Array;
  widths: Map<number, Width>;
  /** Next free byte of the parameter area. */
  free: number;
}

let engine: Engine | undefined;
let pending: Promise<void> | undefined;

/** Compiles the module (once per process, ~0.1 s); hashes use it from then on. */
export function initStatePoseidon(): Promise<void> {
  pending ??= (async () => {
    const wabt = await wabtInit();
    const wat = `(module (memory (export "memory") ${PAGES}) ${STACK_WAT} ${montgomeryWat('fr', FR_MODULUS, FIELD_CONST)} ${PERMUTE_WAT})`;
    const parsed = wabt.parseWat('state-poseidon.wat', wat, { mutable_globals: true });
    let binary: Uint8Array;
    try {
      parsed.resolveNames();
      parsed.validate();
      binary = parsed.toBinary({}).buffer;
    } finally {
      parsed.destroy();
    }
    const instance = new WebAssembly.Instance(new WebAssembly.Module(binary), {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    new Uint8Array(memory.buffer).set(fieldConstants(FR_MODULUS), FIELD_CONST);
    engine = { permute: instance.exports.permute as Permute, u32: new Uint32Array(memory.buffer), widths: new Map(), free: PARAMS };
  })();
  return pending;
}

/** Writes x (< 2^261) as plain limbs at byte address `at`. */
const writeLimbs = (u32: Uint32Array, at: number, x: bigint): void => {
  const limbs = toLimbs(x);
  for (let i = 0; i < LIMBS; i++) u32[(at >> 2) + i] = limbs[i];
};

type Matrix = bigint[][];
const P = FR_MODULUS;

const multiply = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((acc, x, k) => acc + x * b[k][j], 0n) % P));

/** The inverse mod r of a square matrix (Gauss–Jordan); throws if it is singular. */
function invert(m: Matrix): Matrix {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1n : 0n))]);
  for (let col = 0; col < n; col++) {
    const pivot = a.findIndex((row, i) => i >= col && row[col] !== 0n);
    if (pivot < 0) throw new RangeError('state Poseidon: a partial-round matrix block is singular');
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const inv = modInverse(a[col][col], P);
    a[col] = a[col].map((x) => (x * inv) % P);
    for (let i = 0; i < n; i++) {
      if (i === col || a[i][col] === 0n) continue;
      const f = a[i][col];
      a[i] = a[i].map((x, j) => (((x - f * a[col][j]) % P) + P) % P);
    }
  }
  return a.map((row) => row.slice(n));
}

/** diag(1, X). */
const withUnitCorner = (x: Matrix): Matrix => [[1n, ...x.map(() => 0n)], ...x.map((row) => [0n, ...row])];

/**
 * The parameters in the form `permute` runs: full rounds as specified; partial round r with constants
 * Pᵣ⁻¹·cᵣ and the sparse factor of Dᵣ = M·Pᵣ (all but the last, which keeps Dᵣ), where Pᵣ = diag(1, D̂ᵣ₋₁) is
 * the factor the previous partial round left to it (the identity for the first).
 */
function sparseForm(t: number): { constants: bigint[]; mds: Matrix; sparse: bigint[]; last: Matrix; half: number; partial: number } {
  const params = poseidonParams(t);
  const mds = params.mds.map((row) => [...row]);
  const half = params.roundsFull / 2;
  const constants = [...params.roundConstants];
  const sparse: bigint[] = [];
  const identity: Matrix = mds.map((row, i) => row.map((_, j) => (i === j ? 1n : 0n)));
  let carried = identity, carriedInverse = identity;
  let last: Matrix = mds;
  for (let r = half; r < half + params.roundsPartial; r++) {
    const c = constants.slice(r * t, r * t + t).map((x) => [x]);
    multiply(carriedInverse, c).forEach(([x], i) => (constants[r * t + i] = x));
    const d = multiply(mds, carried);
    if (r === half + params.roundsPartial - 1) {
      last = d;
      break;
    }
    const corner = d.slice(1).map((row) => row.slice(1));
    const cornerInverse = invert(corner);
    const column = multiply(cornerInverse, d.slice(1).map((row) => [row[0]]));
    sparse.push(d[0][0], ...d[0].slice(1), ...column.map(([x]) => x));
    carried = withUnitCorner(corner);
    carriedInverse = withUnitCorner(cornerInverse);
  }
  return { constants, mds, sparse, last, half, partial: params.roundsPartial };
}

/** The width's parameters, written into memory (Montgomery form) on first use. */
function widthOf(e: Engine, t: number): Width {
  let width = e.widths.get(t);
  if (width === undefined) {
    const form = sparseForm(t);
    const montgomery = (x: bigint) => (x << BigInt(LIMBS * LIMB_BITS)) % P;
    const put = (values: readonly bigint[]): number => {
      const at = e.free;
      values.forEach((x, k) => writeLimbs(e.u32, at + k * ELEMENT_BYTES, montgomery(x)));
      e.free = at + values.length * ELEMENT_BYTES;
      if (e.free > PAGES * 65536) throw new RangeError(`state Poseidon: the parameters of width ${t} do not fit in ${PAGES} pages`);
      return at;
    };
    width = {
      t,
      rounds: form.constants.length / t,
      pstart: form.half,
      pend: form.half + form.partial,
      constants: put(form.constants),
      mds: put(form.mds.flat()),
      sparse: put(form.sparse),
      last: put(form.last.flat()),
    };
    e.widths.set(t, width);
  }
  return width;
}

/** Poseidon of 1 to 16 Fr elements: circuits/poseidon's `poseidon` (same value, same errors), faster. */
export function statePoseidon(inputs: readonly bigint[]): bigint {
  const e = engine;
  if (e === undefined) return poseidon(inputs);
  const n = inputs.length;
  if (n < 1 || n > POSEIDON_MAX_INPUTS) throw new PoseidonArityError(n, POSEIDON_MAX_INPUTS);
  const w = widthOf(e, n + 1);
  writeLimbs(e.u32, STATE, 0n);
  for (let i = 0; i < n; i++) {
    const x = inputs[i];
    if (x < 0n || x >= FR_MODULUS) throw new PoseidonInputError(i, x);
    writeLimbs(e.u32, STATE + (i + 1) * ELEMENT_BYTES, x);
  }
  const out = e.permute(w.t, w.rounds, w.pstart, w.pend, w.constants, w.mds, w.sparse, w.last, STATE, NEXT) >> 2;
  let x = 0n;
  for (let i = LIMBS - 1; i >= 0; i--) x = (x << BigInt(LIMB_BITS)) | BigInt(e.u32[out + i]);
  return x;
}
