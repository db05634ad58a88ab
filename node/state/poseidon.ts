/**
 * Poseidon for the node's state trees, run in a small WebAssembly module: the circuits' Montgomery field code
 * (circuits/field/montgomery-wat.ts, 9×29-bit limbs) plus one permutation loop, so a hash crosses into wasm
 * once instead of running ~800 BigInt products and reductions (BigInt Poseidon was the node's largest cost
 * per block). It computes circuits/poseidon's function (the spec, poseidon-lite compatible) with the same
 * parameters and the same input checks: differential tests. Until `initStatePoseidon()` has resolved (the
 * state tree awaits it when it opens), hashes are computed by the spec itself.
 */
import wabtInit from 'wabt';
import { FR_MODULUS } from '../../circuits/field/constants.js';
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
const PAGES = 16;

/**
 * permute(t, rounds, partialStart, partialEnd, constants, mds, state, next) → address of the output state.
 * Lanes are read as plain integers, put into Montgomery form, permuted (add the round's constants; x^5 on
 * every lane in full rounds, on lane 0 in partial ones; multiply by the row-major MDS matrix), and lane 0 of
 * the result is taken back out of Montgomery form. Round constants and MDS entries are in Montgomery form.
 */
const PERMUTE_WAT = `
(func $permute (export "permute") (param $t i32) (param $rounds i32) (param $pstart i32) (param $pend i32)
    (param $c i32) (param $mds i32) (param $s i32) (param $n i32) (result i32)
  (local $r i32) (local $i i32) (local $j i32) (local $x i32) (local $y i32) (local $m i32) (local $full i32) (local $swap i32)
  (local.set $i (i32.const 0))
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
    (local.set $m (local.get $mds))
    (local.set $i (i32.const 0))
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
      (br $row)))
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

type Permute = (t: number, rounds: number, pstart: number, pend: number, c: number, mds: number, s: number, n: number) => number;

/** A width's parameters in module memory. */
interface Width { t: number; rounds: number; pstart: number; pend: number; constants: number; mds: number }

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

/** The width's round constants and MDS matrix, written into memory (Montgomery form) on first use. */
function widthOf(e: Engine, t: number): Width {
  let width = e.widths.get(t);
  if (width === undefined) {
    const params = poseidonParams(t);
    const montgomery = (x: bigint) => (x << BigInt(LIMBS * LIMB_BITS)) % FR_MODULUS;
    const constants = e.free;
    params.roundConstants.forEach((c, k) => writeLimbs(e.u32, constants + k * ELEMENT_BYTES, montgomery(c)));
    const mds = constants + params.roundConstants.length * ELEMENT_BYTES;
    params.mds.flat().forEach((m, k) => writeLimbs(e.u32, mds + k * ELEMENT_BYTES, montgomery(m)));
    e.free = mds + t * t * ELEMENT_BYTES;
    if (e.free > PAGES * 65536) throw new RangeError(`state Poseidon: the parameters of width ${t} do not fit in ${PAGES} pages`);
    const half = params.roundsFull / 2;
    width = { t, rounds: params.roundsFull + params.roundsPartial, pstart: half, pend: half + params.roundsPartial, constants, mds };
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
  const out = e.permute(w.t, w.rounds, w.pstart, w.pend, w.constants, w.mds, STATE, NEXT) >> 2;
  let x = 0n;
  for (let i = LIMBS - 1; i >= 0; i--) x = (x << BigInt(LIMB_BITS)) | BigInt(e.u32[out + i]);
  return x;
}
