/**
 * StateRootChip: a 256-bit word given as 128-bit halves (hi, lo) — a public-input field — names the same state
 * root as a field element (the SMT binding's root cell). The node's batch roots are the SMT roots (< r) as
 * 32-byte big-endian words, so the statement is: word = hi·2^128 + lo as an integer, word < r, root = word.
 *
 * hi, lo < 2^128 come from the caller (the public input's halves are 16 keccak-checked bytes each). Then
 * root = hi·2^128 + lo (mod r) alone would let up to six words (w, w + r, …, < 2^256) name one root; canonicity
 * closes it: word ≤ r − 1 as a 256-bit subtraction with a borrow b:
 *
 *   row 0:  root, hi, lo, b, d = dLo        gate "state root/...": root = hi·2^128 + lo, b boolean,
 *   row 1:  d = dHi                                    dLo = (r_lo − 1) − lo + b·2^128, dHi = r_hi − hi − b
 *
 * with dLo, dHi in [0, 2^128) (16 byte chunks each, RangeCheckChip over the byte table). Both in range iff
 * hi·2^128 + lo ≤ r − 1 (dHi wraps to ≥ r − 2^128 when hi + b > r_hi, dLo to ≥ r − 2^128 unless b is the borrow).
 */
import { adviceColumns, assignInput, RangeCheckChip, type RangeTable } from '../gadgets/index.js';
import { FR_MODULUS } from '../field/constants.js';
import type { AssignedCell, Column, ConstraintSystem, Layouter, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import type { HalvesCells } from '../pi/circuit.js';

const TWO_128 = 1n << 128n;
const [R_HI, R_LO] = [FR_MODULUS >> 128n, FR_MODULUS & (TWO_128 - 1n)];

export class StateRootChip {
  private constructor(private readonly cols: Record<'root' | 'hi' | 'lo' | 'b' | 'd', Column>, private readonly range: RangeCheckChip, private readonly q: Selector) {}

  static configure(cs: ConstraintSystem, bytes: RangeTable): StateRootChip {
    const cols = adviceColumns(cs, 'state root', ['root', 'hi', 'lo', 'b', 'd'] as const);
    const chunks = Array.from({ length: 16 }, (_, i) => cs.adviceColumn(`state root chunk ${i}`));
    const range = RangeCheckChip.configure(cs, 'state root range', bytes, cols.d, chunks);
    for (const c of [cols.root, cols.hi, cols.lo]) cs.enableEquality(c);
    const q = cs.selector('state root');
    const s = q.expr();
    const [root, hi, lo, b] = [cols.root.cur(), cols.hi.cur(), cols.lo.cur(), cols.b.cur()];
    cs.createGate('state root', {
      'root = hi·2^128 + lo': s.mul(root.sub(hi.mul(TWO_128).add(lo))),
      'borrow is boolean': s.mul(b.mul(b.sub(constant(1n)))),
      'dLo = r_lo − 1 − lo + borrow·2^128': s.mul(cols.d.cur().sub(constant(R_LO - 1n).sub(lo).add(b.mul(TWO_128)))),
      'dHi = r_hi − hi − borrow': s.mul(cols.d.next().sub(constant(R_HI).sub(hi).sub(b))),
    });
    return new StateRootChip(cols, range, q);
  }

  /** Binds the word `halves` to the field element `root`. */
  assign(layouter: Layouter, halves: HalvesCells, root: AssignedCell): void {
    layouter.assignRegion('state root', (r) => {
      r.enableSelector(this.q, 0);
      assignInput(r, 'state root root', this.cols.root, 0, root);
      const [hi, lo] = [assignInput(r, 'state root hi', this.cols.hi, 0, halves.hi), assignInput(r, 'state root lo', this.cols.lo, 0, halves.lo)];
      const borrow = () => (lo.value > R_LO - 1n ? 1n : 0n);
      r.assignAdvice('state root b', this.cols.b, 0, borrow);
      this.range.assign(r, 0, () => R_LO - 1n - lo.value + borrow() * TWO_128);
      this.range.assign(r, 1, () => R_HI - hi.value - borrow());
    });
  }
}
