/**
 * The base-field interface the pairing code (tower.ts, g2.ts, pairing-ops.ts) is written against, with two
 * implementations: `CircuitFq` (every operation a NonNativeChip, NonNativeDotChip or NonNativeAddChip
 * block in one region, so every result is a range-checked canonical Fq element proven by the chips'
 * gates) and `BigFq` (plain BigInt mod p, the reference: the same formulas run on both, so the BigInt run
 * is differential-tested against @noble/curves and the circuit run against the BigInt run on instances
 * that fit a test).
 *
 * Soundness of anything built on `CircuitFq` reduces to the chips' gates plus the explicit
 * `assertEqual` copy constraints: there is no other way to produce an Fq value. `witness` values are
 * only canonical (< p); the caller must constrain them (e.g. a slope λ with λ·den = num).
 *
 * `BigFq` also counts the rows each operation takes in the circuit (the chips' block sizes and
 * 3 flag rows per flag operation), so the cost of a full pairing is measured by running it in BigInt.
 */
import { GadgetError } from '../../gadgets/common.js';
import type { AssignedCell, ConstraintSystem } from '../../plonk/index.js';
import { NonNativeAddChip, NonNativeChip, NonNativeDotChip, elementValue, type DotSign, type Element } from '../../gadgets/nonnative/index.js';
import { FlagChip } from '../flags.js';
import type { RegionOps } from '../point.js';

/** Fq operations over element type T with boolean flags of type B. Every result is canonical. */
export interface FqOps<T, B> {
  readonly p: bigint;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** a·b + sign·c·d in one block (NonNativeDotChip). */
  dot(sign: DotSign, a: T, b: T, c: T, d: T): T;
  /** A constant c ∈ [0, p) (one block per distinct constant and region). */
  constant(c: bigint): T;
  /** An unconstrained canonical witness: the caller must constrain it. */
  witness(v: () => bigint): T;
  /** The value (for witness computation only). */
  value(a: T): bigint;
  /** Constrains a = b. */
  assertEqual(a: T, b: T): void;
  isEqual(a: T, b: T): B;
  isZero(a: T): B;
  /** c ? a : b */
  select(c: B, a: T, b: T): T;
  and(a: B, b: B): B;
  andNot(a: B, b: B): B;
  /** a + b for flags never both 1 (the gate checks it). */
  oneOf(a: B, b: B): B;
  flag(b: B): bigint;
}

/** The chips CircuitFq runs on: the Fq chip and the dot and add chips over its columns. */
export interface FqChips { fq: NonNativeChip; dots: NonNativeDotChip; adds: NonNativeAddChip }

/** The dot and add chips over `fq`'s columns (gate names "<name> dot ±", "<name> add/sub (1-bit q)"). */
export function configureFqChips(cs: ConstraintSystem, name: string, fq: NonNativeChip): FqChips {
  return { fq, dots: NonNativeDotChip.configure(cs, name, fq), adds: NonNativeAddChip.configure(cs, name, fq) };
}

/** Rows a computation takes in the non-native columns and in the flag column (BigFq's count = CircuitFq's, by test). */
export interface RowCount { nonNative: number; flags: number }

/** Reference implementation: BigInt mod p, counting the circuit rows the same calls would take. */
export class BigFq implements FqOps<bigint, bigint> {
  readonly rows: RowCount = { nonNative: 0, flags: 0 };
  private readonly constants = new Set<bigint>();

  constructor(readonly p: bigint) {}

  /** r mod p from a block of `rows` rows. */
  private block(rows: number, r: bigint): bigint {
    this.rows.nonNative += rows;
    return ((r % this.p) + this.p) % this.p;
  }

  private fl(r: bigint): bigint {
    this.rows.flags += FlagChip.ROWS;
    return r;
  }

  add(a: bigint, b: bigint): bigint { return this.block(NonNativeAddChip.ROWS, a + b); }
  sub(a: bigint, b: bigint): bigint { return this.block(NonNativeAddChip.ROWS, a - b); }
  mul(a: bigint, b: bigint): bigint { return this.block(NonNativeChip.OP_ROWS, a * b); }
  dot(sign: DotSign, a: bigint, b: bigint, c: bigint, d: bigint): bigint { return this.block(NonNativeDotChip.ROWS, a * b + BigInt(sign) * c * d); }

  constant(c: bigint): bigint {
    if (c < 0n || c >= this.p) throw new GadgetError('BigFq', `constant ${c} is not in [0, p)`);
    if (!this.constants.has(c)) this.rows.nonNative += NonNativeChip.CONSTANT_ROWS;
    this.constants.add(c);
    return c;
  }

  witness(v: () => bigint): bigint {
    const x = v();
    if (x < 0n || x >= this.p) throw new GadgetError('BigFq', `witness ${x} is not in [0, p)`);
    this.rows.nonNative += NonNativeChip.CANONICAL_ROWS;
    return x;
  }

  value(a: bigint): bigint { return a; }

  assertEqual(a: bigint, b: bigint): void {
    if (a !== b) throw new GadgetError('BigFq', `asserted equal: ${a} ≠ ${b}`);
  }

  isEqual(a: bigint, b: bigint): bigint { this.rows.nonNative += NonNativeChip.EQUAL_ROWS; return a === b ? 1n : 0n; }
  isZero(a: bigint): bigint { this.rows.nonNative += NonNativeChip.EQUAL_ROWS; return a === 0n ? 1n : 0n; }
  select(c: bigint, a: bigint, b: bigint): bigint { this.rows.nonNative += NonNativeChip.SELECT_ROWS; return c === 1n ? a : b; }
  and(a: bigint, b: bigint): bigint { return this.fl(a & b); }
  andNot(a: bigint, b: bigint): bigint { return this.fl(a & (1n - b)); }
  oneOf(a: bigint, b: bigint): bigint {
    if (a + b > 1n) throw new GadgetError('BigFq', 'one of: both flags are 1');
    return this.fl(a + b);
  }
  flag(b: bigint): bigint { return b; }

  /** A 256-bit word as an element (not reduced) and [w ≥ p], like NonNativeChip.fromWord. */
  read(w: bigint): { element: bigint; overflow: bigint } {
    this.rows.nonNative += NonNativeChip.CANONICAL_ROWS;
    return { element: w, overflow: w >= this.p ? 1n : 0n };
  }
}

/** The circuit implementation: the chips' blocks and flag rows taken one after another in one region. */
export class CircuitFq implements FqOps<Element, AssignedCell> {
  private readonly constants = new Map<bigint, Element>();

  private readonly fq: NonNativeChip;

  constructor(readonly ops: RegionOps, readonly chips: FqChips) {
    this.fq = chips.fq;
  }

  get p(): bigint { return this.fq.p; }
  add(a: Element, b: Element): Element { return this.chips.adds.assign(this.ops.region, this.ops.take(NonNativeAddChip.ROWS), 'add', a, b); }
  sub(a: Element, b: Element): Element { return this.chips.adds.assign(this.ops.region, this.ops.take(NonNativeAddChip.ROWS), 'sub', a, b); }
  mul(a: Element, b: Element): Element { return this.ops.mul(this.fq, a, b); }
  dot(sign: DotSign, a: Element, b: Element, c: Element, d: Element): Element {
    return this.chips.dots.assign(this.ops.region, this.ops.take(NonNativeDotChip.ROWS), sign, a, b, c, d);
  }

  constant(c: bigint): Element {
    let e = this.constants.get(c);
    if (!e) this.constants.set(c, (e = this.ops.constant(this.fq, c)));
    return e;
  }

  witness(v: () => bigint): Element { return this.ops.load(this.fq, v); }
  value(a: Element): bigint { return elementValue(a); }
  assertEqual(a: Element, b: Element): void { a.limbs.forEach((l, i) => this.ops.region.constrainEqual(l, b.limbs[i])); }
  isEqual(a: Element, b: Element): AssignedCell { return this.ops.equal(this.fq, a, b); }
  isZero(a: Element): AssignedCell { return this.ops.isZero(this.fq, a); }
  select(c: AssignedCell, a: Element, b: Element): Element { return this.ops.select(this.fq, c, a, b); }
  and(a: AssignedCell, b: AssignedCell): AssignedCell { return this.ops.and(a, b); }
  andNot(a: AssignedCell, b: AssignedCell): AssignedCell { return this.ops.andNot(a, b); }
  oneOf(a: AssignedCell, b: AssignedCell): AssignedCell { return this.ops.oneOf(a, b); }
  flag(b: AssignedCell): bigint { return b.value; }
}
