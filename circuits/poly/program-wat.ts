/**
 * WebAssembly (text) for a straight-line program over Fr vectors: the prover evaluates its ~10⁴ constraint
 * operations per extended-coset point with it (plonk/program.ts compiles the expressions), so the hot loop runs in
 * the kernel, on every worker, instead of one JS call and one vector allocation per expression node.
 *
 * An instruction is 4 i32 words: op, dst, a, b. Vector operands are the byte address of their element at row 0
 * (row i is at + i·E); scalar operands (op ≥ SCALE) are the address of one element. Ops:
 *   ADD dst = a + b    SUB dst = a − b    MUL dst = a·b
 *   SCALE dst = a·s    ADDS dst = a + s   RSUBS dst = s − a   HORNER dst = dst·s + a   AXPY dst = dst + a·s
 *   (s = b, a scalar)
 * poly_program(prog, count, start, end) runs the program over rows [start, end) in blocks of BLOCK rows: every
 * instruction over a block before the next instruction, so a block's operands stay in cache while the
 * interpretation overhead is paid once per block. Blocks of different workers are disjoint rows of the same
 * vectors, so workers may share the destinations.
 */
import { ELEMENT_BYTES } from '../field/montgomery-wat.js';

export const ProgramOp = { ADD: 0, SUB: 1, MUL: 2, SCALE: 3, ADDS: 4, RSUBS: 5, HORNER: 6, AXPY: 7 } as const;
export const INSTRUCTION_WORDS = 4;
/** Rows per block: 64 rows × 36 bytes keeps a few dozen live operands inside L1/L2. */
export const PROGRAM_BLOCK = 64;

export function programWat(): string {
  const E = ELEMENT_BYTES;
  // one element-wise loop per op over $len rows from $d/$x/$y (vector y advances, scalar y does not)
  const loop = (label: string, body: string, yStep: number) => `
      (block $${label}_done (loop $${label}
        (br_if $${label}_done (i32.eqz (local.get $len)))
        ${body}
        (local.set $d (i32.add (local.get $d) (i32.const ${E})))
        (local.set $x (i32.add (local.get $x) (i32.const ${E})))
        ${yStep ? `(local.set $y (i32.add (local.get $y) (i32.const ${yStep})))` : ''}
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $${label})))`;
  return `
  (func $poly_program (export "poly_program") (param $prog i32) (param $count i32) (param $start i32) (param $end i32)
    (local $row i32) (local $rows i32) (local $ip i32) (local $op i32) (local $off i32)
    (local $d i32) (local $x i32) (local $y i32) (local $len i32) (local $t i32)
    (local.set $t (call $stack_alloc (i32.const ${E})))
    (local.set $row (local.get $start))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $row) (local.get $end)))
      (local.set $rows (i32.sub (local.get $end) (local.get $row)))
      (if (i32.gt_u (local.get $rows) (i32.const ${PROGRAM_BLOCK})) (then (local.set $rows (i32.const ${PROGRAM_BLOCK}))))
      (local.set $off (i32.mul (local.get $row) (i32.const ${E})))
      (local.set $ip (local.get $prog))
      (block $prog_done (loop $prog_loop
        (br_if $prog_done (i32.ge_u (local.get $ip) (i32.add (local.get $prog) (i32.shl (local.get $count) (i32.const 4)))))
        (local.set $op (i32.load (local.get $ip)))
        (local.set $d (i32.add (i32.load offset=4 (local.get $ip)) (local.get $off)))
        (local.set $x (i32.add (i32.load offset=8 (local.get $ip)) (local.get $off)))
        (local.set $y (i32.load offset=12 (local.get $ip)))
        (if (i32.lt_u (local.get $op) (i32.const ${ProgramOp.SCALE})) (then (local.set $y (i32.add (local.get $y) (local.get $off)))))
        (local.set $len (local.get $rows))
        (block $dispatched
          (block $axpy (block $horner (block $rsubs (block $adds (block $scale (block $mul (block $sub (block $add
            (br_table $add $sub $mul $scale $adds $rsubs $horner $axpy $dispatched (local.get $op)))
            ${loop('l_add', '(call $fr_add (local.get $x) (local.get $y) (local.get $d))', E)}
            (br $dispatched))
            ${loop('l_sub', '(call $fr_sub (local.get $x) (local.get $y) (local.get $d))', E)}
            (br $dispatched))
            ${loop('l_mul', '(call $fr_mul (local.get $x) (local.get $y) (local.get $d))', E)}
            (br $dispatched))
            ${loop('l_scale', '(call $fr_mul (local.get $x) (local.get $y) (local.get $d))', 0)}
            (br $dispatched))
            ${loop('l_adds', '(call $fr_add (local.get $x) (local.get $y) (local.get $d))', 0)}
            (br $dispatched))
            ${loop('l_rsubs', '(call $fr_sub (local.get $y) (local.get $x) (local.get $d))', 0)}
            (br $dispatched))
            ${loop('l_horner', '(call $fr_mul (local.get $d) (local.get $y) (local.get $d)) (call $fr_add (local.get $d) (local.get $x) (local.get $d))', 0)}
            (br $dispatched))
          ${loop('l_axpy', '(call $fr_mul (local.get $x) (local.get $y) (local.get $t)) (call $fr_add (local.get $d) (local.get $t) (local.get $d))', 0)})
        (local.set $ip (i32.add (local.get $ip) (i32.const ${4 * INSTRUCTION_WORDS})))
        (br $prog_loop)))
      (local.set $row (i32.add (local.get $row) (local.get $rows)))
      (br $rows_loop)))
    (call $stack_free (i32.const ${E}))
  )`;
}
