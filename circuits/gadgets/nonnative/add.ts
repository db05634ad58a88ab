/**
 * NonNativeAddChip: r = a + b or r = a − b (mod p) in 14 rows instead of NonNativeChip's 20, for the
 * add-heavy pairing towers. An addition's quotient is one bit and only limb 0 needs a carry, because the
 * native check already covers all but a factor 2^88 of the range. Rows from the block start (column v):
 *
 *   r 0..2 + d, e, f   a NonNativeChip `load` block (r range-checked, r < p asserted)
 *   a 8..10, b 11..13  copied operands;   aux 1 = q, aux 2 = u, aux 3 = v   (carry c = u − v)
 *
 * Gate (σ = +1 for add, −1 for sub; q, u, v boolean, u·v = 0 so c ∈ {−1, 0, 1}):
 *   limb 0:   a₀ + σ·b₀ − σ·q·p₀ − r₀ = c·2^88          native:  A + σ·B − σ·q·P − R ≡ 0 (mod r)
 * Soundness: limbs are below 2^88, so limb 0's equation (terms < 2^91) holds over the integers and
 * X = A + σB − σqP − R ≡ 0 (mod 2^88); with the native check X ≡ 0 (mod 2^88·r), and |X| < 2^258 (A, B, R
 * < 2^256 by their range checks, P < 2^254) is far below 2^88·r ≈ 2^342, so X = 0: r ≡ a + σb (mod p),
 * r < p by the load block. Completeness: for canonical a, b, q = [a + b ≥ p] (add) or [a < b] (sub).
 */
import type { AssignedCell, ConstraintSystem, Expr, Region, Selector } from '../../plonk/index.js';
import { constant, sum } from '../../plonk/index.js';
import { assignInput, GadgetError, P as FR } from '../common.js';
import type { NonNativeChip, Element } from './chip.js';
import { fromLimbs, LIMB_BASE, toLimbs, type Limbs } from './limbs.js';

export type AddOp = 'add' | 'sub';
/** Row offsets inside an add block (and the aux rows of q and the carry's two bits). */
export const ADD = { r: 0, a: 8, b: 11, rows: 14, aux: { q: 1, u: 2, v: 3 } } as const;

export class NonNativeAddChip {
  static readonly ROWS = ADD.rows;

  private constructor(readonly name: string, readonly fq: NonNativeChip, private readonly q: Record<AddOp, Selector>) {}

  /** Gates over `fq`'s columns (its value column, range rows and aux column). */
  static configure(cs: ConstraintSystem, name: string, fq: NonNativeChip): NonNativeAddChip {
    const p = fq.p;
    const v = (rot: number) => fq.range.value.rot(rot);
    const limbs = (at: number): Limbs<Expr> => [v(at), v(at + 1), v(at + 2)];
    const native = (x: Limbs<Expr>) => sum(x.map((l, i) => l.mul(1n << BigInt(88 * i))));
    const [q, u, w] = [ADD.aux.q, ADD.aux.u, ADD.aux.v].map((r) => fq.aux.rot(r));
    const [a, b, r] = [limbs(ADD.a), limbs(ADD.b), limbs(ADD.r)];
    const p0 = toLimbs(p)[0];
    const selectors = { add: cs.selector(`${name} add (1-bit q)`), sub: cs.selector(`${name} sub (1-bit q)`) };
    const bool = (e: Expr) => e.mul(constant(1).sub(e));
    for (const op of ['add', 'sub'] as const) {
      const s = selectors[op].expr();
      const sign = op === 'add' ? 1n : -1n;
      cs.createGate(`${name} ${op} (1-bit q)`, {
        'q is boolean': s.mul(bool(q)),
        'u is boolean': s.mul(bool(u)),
        'v is boolean': s.mul(bool(w)),
        'u·v = 0': s.mul(u.mul(w)),
        'limb 0: a₀ ± b₀ ∓ q·p₀ − r₀ = (u − v)·2^88': s.mul(a[0].add(b[0].mul(sign)).sub(q.mul(sign * p0)).sub(r[0]).sub(u.sub(w).mul(LIMB_BASE))),
        'native: A ± B ∓ q·P − R (mod r)': s.mul(native(a).add(native(b).mul(sign)).sub(q.mul((sign * p) % FR)).sub(native(r))),
      });
    }
    return new NonNativeAddChip(name, fq, selectors);
  }

  /** a + b or a − b mod p (canonical operands) as a canonical element (an add block at `offset`). */
  assign(region: Region, offset: number, op: AddOp, a: Element, b: Element): Element {
    region.enableSelector(this.q[op], offset);
    const p = this.fq.p;
    const copy = (x: Element, at: number) => x.limbs.map((l, i) => assignInput(region, `${this.name} ${op} operand`, this.fq.range.value, offset + at + i, l));
    const [ca, cb] = [copy(a, ADD.a), copy(b, ADD.b)];
    const val = (x: AssignedCell[]) => fromLimbs(x.map((l) => l.value));
    let memo: { q: bigint; r: bigint; c: bigint } | undefined;
    const w = () => (memo ??= (() => {
      const [va, vb] = [val(ca), val(cb)];
      if (va >= p || vb >= p) throw new GadgetError('NonNativeAddChip', `${this.name} ${op}: operands must be below p`);
      const q = op === 'add' ? (va + vb >= p ? 1n : 0n) : (va < vb ? 1n : 0n);
      const r = op === 'add' ? va + vb - q * p : va - vb + q * p;
      const sign = op === 'add' ? 1n : -1n;
      const [la, lb, lr, lp] = [va, vb, r, p].map((x) => toLimbs(x)[0]);
      return { q, r, c: (la + sign * lb - sign * q * lp - lr) / LIMB_BASE };
    })());
    const r = this.fq.load(region, offset, () => w().r);
    const aux = (row: number, what: string, f: () => bigint) => region.assignAdvice(`${this.name} ${op} ${what}`, this.fq.aux, offset + row, f);
    aux(ADD.aux.q, 'quotient bit', () => w().q);
    aux(ADD.aux.u, 'carry +', () => (w().c === 1n ? 1n : 0n));
    aux(ADD.aux.v, 'carry −', () => (w().c === -1n ? 1n : 0n));
    return r;
  }
}
