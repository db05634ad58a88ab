/**
 * EcChainChip: point doubling and addition on y² = x³ + b (a = 0) as one block of rows per operation, and
 * scalar multiplication as a chain of such blocks. Each block proves its three curve equations directly
 * as non-native identities over the limb column v (one gate per block kind, read through rotations), so an
 * operation costs 30 range-checked limb cells instead of ~10 NonNativeChip operations (~250 rows).
 *
 * Width: a block's cells are laid across the W limb columns of its NonNativeColumns (`values`), cell i at
 * column i mod W, row ⌊i/W⌋ from the block start, so a block takes 30/W rows (W ∈ {1, 2, 3}: 30, 15 or 10)
 * for the same identities: rows are what bound a circuit's k, and a wider chain trades them for columns.
 *
 * Block layout (cells from the block start; the input point is the previous block's output):
 *   x 0..2, y 3..5      input A (88/88/80-bit limbs, checked where produced)
 *   λ 6..8              slope (88/88/80)
 *   id k = 0, 1, 2      q'_k at 9+7k..11+7k (88/88/88), carries at 12+7k..15+7k (96 bits, stored + 2^94)
 *   x3 30..32, y3 33..35  output (88/88/80): the next block's input
 * add blocks also use aux: T's limbs 0..5 and the sign σ 6 (the block adds d·T, d = 2σ − 1); see windows below.
 *
 * Identities (E_k ≡ 0 mod p), with d = 2σ − 1 the sign of an add block (adds d·T):
 *   double  E0 = 2λy − 3x²            add  E0 = λ(x_T − x) − (d·y_T − y)
 *           E1 = λ² − 2x − x3              E1 = λ² − x − x_T − x3
 *           E2 = λ(x − x3) − y − y3        E2 = λ(x − x3) − y − y3
 * Each is proven as the integer identity E_k + Q0·p − q'_k·p = 0 (q_k = q'_k − Q0, Q0 = 2^262 makes the
 * quotient non-negative) column by column in base 2^88: with col_j the 5 limb-product columns,
 *   col_0 = c_0·2^88,  col_j + c_{j−1} = c_j·2^88 (j = 1..3),  col_4 + c_3 = 0.
 * Every term is below 2^186 in absolute value (limbs < 2^88, carries < 2^96), far below r, so each
 * column equation holds over the integers and Σ_j col_j·2^(88j) = 0 exactly: E_k ≡ 0 (mod p). (T's limbs in
 * aux are copies of checked cells, or looked up: checked chain cells or fixed limbs of canonical constants.)
 * Completeness: honest values are canonical (< p), so |E_k| < 5p², |q_k| < 5p < 2^259 and q' ∈ (0, 2^264);
 * columns stay below 2^181, so |c_j| < 2^94.
 *
 * Soundness of a block needs a unique λ: 2y ≢ 0 for a double (true for every affine point of a curve of
 * odd prime order) and x_T ≢ x for an add. ScalarMulChip (scalar-mul.ts) shows its chains never meet x_T ≡ x.
 *
 * Windows: a window digit (aux rows 0..9 of an add block, or of a chain's first window alone) adds d·T_j, with
 * T_j = (2j + 1)·B row j ∈ [0, 8) of a multiples table and d = 2σ − 1; its 4 bits are k = 7 − j + σ·(1 + 2j)
 * ∈ [0, 16), whose signed value 2k − 15 = d·(2j + 1). aux: T's limbs 0..5, σ 6, j 7, z 8, z_prev 9.
 *   gate "window":          σ boolean, z = 16·z_prev + k   (z_prev copied from the previous window's z)
 *   gate "window restart":  σ boolean, z = k
 *   lookup "multiple":      (call tag, j, T's limbs) ∈ the rows (tag, index, limbs) of the multiples tables
 * A table row is either an entry row of a chain (selector "table entry"; its limbs are the chain point in
 * cells 0..5 there, proven by the blocks that produced it) or, with fixed-base columns, fixed limbs. Tags and
 * indices are fixed columns, the call tag too: a digit reaches only its own table (distinct tables must have
 * distinct nonzero tags), and j ∈ [0, 8) follows from the lookup. Rows outside tables hold (0, 0, 0 …), the
 * tuple disabled digits look up.
 */
import type { Column, ConstraintSystem, Expr, Region, Selector, AssignedCell, Value } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { modInverse } from '../field/modular.js';
import { GadgetError, assignInput, type CellInput } from '../gadgets/common.js';
import { LIMB_BITS, carryChain, fromLimbs, toLimbs, type LimbRangeChip, type LimbWidth, type NonNativeColumns, type Element, type Limbs } from '../gadgets/nonnative/index.js';
import type { CurveParams } from './curve.js';

/** Integer arithmetic over gate expressions or bigints, so gates and witnesses share the identity formulas. */
interface ZRing<T> { add(a: T, b: T): T; sub(a: T, b: T): T; mul(a: T, b: T): T; k(c: bigint): T }
const BIG: ZRing<bigint> = { add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, k: (c) => c };
const EXP: ZRing<Expr> = { add: (a, b) => a.add(b), sub: (a, b) => a.sub(b), mul: (a, b) => a.mul(b), k: (c) => constant(c) };

const COLS = 5;
const BASE = 1n << 88n;
const Q0 = 1n << 262n;
export const CHAIN_CARRY_SHIFT = 1n << 94n;

/** The 5 base-2^88 columns of the product of two 3-limb integers. */
function product<T>(R: ZRing<T>, a: readonly T[], b: readonly T[]): T[] {
  return Array.from({ length: COLS }, (_, j) => {
    let acc = R.k(0n);
    for (let i = Math.max(0, j - 2); i <= Math.min(2, j); i++) acc = R.add(acc, R.mul(a[i], b[j - i]));
    return acc;
  });
}
const pad = <T>(R: ZRing<T>, a: readonly T[]): T[] => Array.from({ length: COLS }, (_, j) => a[j] ?? R.k(0n));
const lin = <T>(R: ZRing<T>, f: (x: T, y: T) => T, a: readonly T[], b: readonly T[]): T[] => a.map((x, i) => f(x, b[i]));
const scale = <T>(R: ZRing<T>, c: bigint, a: readonly T[]): T[] => a.map((x) => R.mul(R.k(c), x));

/** A constant as 5 base-2^88 columns (the top column takes everything above 2^352). */
function constantColumns(c: bigint): bigint[] {
  return Array.from({ length: COLS }, (_, j) => (j === COLS - 1 ? c >> BigInt(88 * j) : (c >> BigInt(88 * j)) & (BASE - 1n)));
}

export type BlockKind = 'double' | 'add';

interface BlockValues<T> { x: T[]; y: T[]; l: T[]; x3: T[]; y3: T[]; tx: T[]; ty: T[]; d: T }

/** E_0, E_1, E_2 of a block as 5 columns each (before the quotient terms). */
function identities<T>(R: ZRing<T>, kind: BlockKind, v: BlockValues<T>): T[][] {
  const e0 = kind === 'double'
    ? lin(R, R.sub, scale(R, 2n, product(R, v.l, v.y)), scale(R, 3n, product(R, v.x, v.x)))
    : lin(R, R.sub, product(R, v.l, lin(R, R.sub, v.tx, v.x)), pad(R, lin(R, R.sub, v.ty.map((t) => R.mul(v.d, t)), v.y)));
  const x2 = kind === 'double' ? v.x : v.tx;
  const e1 = lin(R, R.sub, product(R, v.l, v.l), pad(R, lin(R, R.add, lin(R, R.add, v.x, x2), v.x3)));
  const e2 = lin(R, R.sub, product(R, v.l, lin(R, R.sub, v.x, v.x3)), pad(R, lin(R, R.add, v.y, v.y3)));
  return [e0, e1, e2];
}

/** Row offsets inside a block. */
export const CHAIN = { x: 0, y: 3, l: 6, id: 9, idRows: 7, out: 30, stride: 30, rows: 36 } as const;
/** Limb columns a chain may span: the block's 30 cells must fill whole rows, and the aux rows of an add block (10) must fit in one. */
const WIDTHS = [1, 2, 3];
/** aux rows of an add block and of a window digit (T's limbs, the sign σ, and for windows j, z, z_prev). */
export const AUX = { t: 0, sign: 6, j: 7, z: 8, zPrev: 9, rows: 10 } as const;
/** A multiples table holds (2j + 1)·B for j ∈ [0, 8): with the sign, the odd digits ±1 … ±15 of 4-bit windows. */
export const WINDOW = { bits: 4, entries: 8 } as const;

/** A point as limb cells (any representative below 2^256; chain outputs are not reduced below p). */
export interface ChainPoint { x: Limbs<AssignedCell>; y: Limbs<AssignedCell> }

/** How a window digit's running sum z starts: from the previous window's z (copied in), or afresh. */
export type SumMode = 'window' | 'restart';

/**
 * One window digit: the point added is (2σ − 1)·T_j with T_j = row j of the multiples table `tag`; `entry`
 * gives T_j's six limbs (witness side); `zPrev` (absent: restart) is the previous window's running sum.
 */
export interface WindowDigit { tag: bigint; sign: Value; index: Value; entry: (j: number) => readonly bigint[]; zPrev?: AssignedCell }

/** A window digit's cells: T's limbs (x 0..2, y 3..5), the sign and the running sum. */
export interface DigitCells { t: AssignedCell[]; sign: AssignedCell; z: AssignedCell }

interface TableColumns { tag: Column; index: Column; callTag: Column; base?: Column[] }

export class EcChainChip {
  private constructor(
    readonly name: string,
    readonly curve: CurveParams,
    private readonly values: readonly LimbRangeChip[],
    readonly aux: Column,
    private readonly table: TableColumns,
    private readonly q: { double: Selector; add: Selector; entry: Selector; sum: Record<SumMode, Selector> },
  ) {}

  /** `fixedBase`: also fixed limb columns for tables of constant multiples (fixedEntry). */
  static configure(cs: ConstraintSystem, name: string, curve: CurveParams, { values, aux }: NonNativeColumns, { fixedBase = false } = {}): EcChainChip {
    const W = values.length;
    if (!WIDTHS.includes(W)) throw new GadgetError('EcChainChip', `${name}: ${W} limb columns (supported: ${WIDTHS.join(', ')})`);
    const v = (i: number) => values[i % W].value.rot(Math.floor(i / W));
    const limbs = (at: number) => [v(at), v(at + 1), v(at + 2)];
    const a = (rot: number) => aux.rot(rot);
    const q = {
      double: cs.selector(`${name} double`), add: cs.selector(`${name} add`), entry: cs.selector(`${name} table entry`),
      sum: { window: cs.selector(`${name} window`), restart: cs.selector(`${name} window restart`) },
    };
    const pL = [0, 1, 2].map((i) => constant((curve.p >> BigInt(88 * i)) & (BASE - 1n)));
    const q0p = constantColumns(Q0 * curve.p).map((c) => constant(c));
    for (const kind of ['double', 'add'] as const) {
      const s = q[kind].expr();
      const values: BlockValues<Expr> = {
        x: limbs(CHAIN.x), y: limbs(CHAIN.y), l: limbs(CHAIN.l), x3: limbs(CHAIN.out), y3: limbs(CHAIN.out + 3),
        tx: [0, 1, 2].map((i) => a(AUX.t + i)), ty: [3, 4, 5].map((i) => a(AUX.t + i)), d: a(AUX.sign).mul(2).sub(1),
      };
      const constraints: Record<string, Expr> = {};
      identities(EXP, kind, values).forEach((e, k) => {
        const at = CHAIN.id + k * CHAIN.idRows;
        const cols = lin(EXP, EXP.sub, lin(EXP, EXP.add, e, q0p), product(EXP, limbs(at), pL));
        const c = [0, 1, 2, 3].map((j) => v(at + 3 + j).sub(CHAIN_CARRY_SHIFT));
        cols.forEach((col, j) => {
          const withCarry = j === 0 ? col : col.add(c[j - 1]);
          constraints[`E${k} column ${j}`] = s.mul(j === COLS - 1 ? withCarry : withCarry.sub(c[j].mul(BASE)));
        });
      });
      if (kind === 'add') constraints['sign is boolean'] = s.mul(a(AUX.sign)).mul(constant(1).sub(a(AUX.sign)));
      cs.createGate(`${name} ${kind}`, constraints);
    }
    // window digits: k = 7 − j + σ·(1 + 2j), i.e. 8 + j for σ = 1 and 7 − j for σ = 0 (2k − 15 = ±(2j + 1))
    const [sign, j, z] = [a(AUX.sign), a(AUX.j), a(AUX.z)];
    const k = constant(7).sub(j).add(sign.mul(constant(1).add(j.mul(2))));
    const bool = (s: Expr) => s.mul(sign).mul(constant(1).sub(sign));
    const [sw, sr] = [q.sum.window.expr(), q.sum.restart.expr()];
    cs.createGate(`${name} window`, { 'sign is boolean': bool(sw), 'z = 16·z_prev + k': sw.mul(z.sub(a(AUX.zPrev).mul(16)).sub(k)) });
    cs.createGate(`${name} window restart`, { 'sign is boolean': bool(sr), 'z = k': sr.mul(z.sub(k)) });
    // (call tag, j, T's limbs) ∈ multiples tables: chain points on entry rows, or fixed limbs
    const table: TableColumns = {
      tag: cs.fixedColumn(`${name} table tag`), index: cs.fixedColumn(`${name} table index`), callTag: cs.fixedColumn(`${name} call tag`),
      base: fixedBase ? Array.from({ length: 6 }, (_, i) => cs.fixedColumn(`${name} fixed limb ${i}`)) : undefined,
    };
    const sq = sw.add(sr);
    const se = q.entry.expr();
    cs.lookup(`${name} multiple`, [
      [sq.mul(table.callTag.cur()), table.tag.cur()],
      [sq.mul(j), table.index.cur()],
      ...Array.from({ length: 6 }, (_, i): [Expr, Expr] => {
        const limb = se.mul(v(i));
        return [sq.mul(a(AUX.t + i)), table.base ? limb.add(table.base[i].cur()) : limb];
      }),
    ]);
    return new EcChainChip(name, curve, values, aux, table, q);
  }

  /** Rows between consecutive blocks (a block's 30 cells over the limb columns). */
  get stride(): number { return CHAIN.stride / this.values.length; }

  /** Rows of one block, its output included (the next block's input). */
  get rows(): number { return Math.ceil(CHAIN.rows / this.values.length); }

  /** Copies a point into cells 0..5 of the block at `offset` (the input of a chain's first block). */
  copyIn(region: Region, offset: number, x: Element, y: Element): ChainPoint {
    const cells = [...x.limbs, ...y.limbs].map((l, i) => assignInput(region, `${this.name} input`, this.column(i).value, this.row(offset, i), l));
    return { x: [cells[0], cells[1], cells[2]], y: [cells[3], cells[4], cells[5]] };
  }

  /** 2A: a double block at `offset` whose input cells 0..5 hold A. */
  double(region: Region, offset: number, A: ChainPoint): ChainPoint {
    region.enableSelector(this.q.double, offset);
    return this.block(region, offset, 'double', A, () => ({ tx: [0n, 0n, 0n], ty: [0n, 0n, 0n], d: 0n }));
  }

  /** A + (2σ − 1)·T: an add block at `offset` whose input cells 0..5 hold A; T's limbs and σ are copied into aux. */
  add(region: Region, offset: number, A: ChainPoint, T: { x: Limbs<CellInput>; y: Limbs<CellInput> }, sign: CellInput): { point: ChainPoint; sign: AssignedCell } {
    region.enableSelector(this.q.add, offset);
    const t = [...T.x, ...T.y].map((l, i) => assignInput(region, `${this.name} T`, this.aux, offset + AUX.t + i, l));
    const s = assignInput(region, `${this.name} sign`, this.aux, offset + AUX.sign, sign);
    return { point: this.addBlock(region, offset, A, t, s), sign: s };
  }

  /** A + d·T_j for a window digit (see WindowDigit): an add block whose aux rows are the digit's. */
  windowAdd(region: Region, offset: number, A: ChainPoint, digit: WindowDigit): { point: ChainPoint; z: AssignedCell } {
    region.enableSelector(this.q.add, offset);
    const cells = this.digit(region, offset, digit);
    return { point: this.addBlock(region, offset, A, cells.t, cells.sign), z: cells.z };
  }

  /**
   * A window digit's aux rows 0..9 at `offset` (the lookup of T_j, σ, j, z, z_prev). An add block's rows
   * (windowAdd), or alone for a chain's first window, whose point (x, ±y) the caller builds from `t`.
   */
  digit(region: Region, offset: number, digit: WindowDigit): DigitCells {
    region.enableSelector(this.q.sum[digit.zPrev ? 'window' : 'restart'], offset);
    region.assignFixed(`${this.name} call tag`, this.table.callTag, offset, digit.tag);
    const j = region.assignAdvice(`${this.name} table index`, this.aux, offset + AUX.j, digit.index);
    const limb = (i: number) => () => {
      if (j.value < 0n || j.value >= BigInt(WINDOW.entries)) throw new GadgetError('EcChainChip', `${this.name}: table index ${j.value} is not in [0, ${WINDOW.entries})`);
      return digit.entry(Number(j.value))[i];
    };
    const t = Array.from({ length: 6 }, (_, i) => region.assignAdvice(`${this.name} T`, this.aux, offset + AUX.t + i, limb(i)));
    const sign = region.assignAdvice(`${this.name} sign`, this.aux, offset + AUX.sign, digit.sign);
    const zPrev = digit.zPrev ? assignInput(region, `${this.name} previous digit sum`, this.aux, offset + AUX.zPrev, digit.zPrev) : undefined;
    const z = region.assignAdvice(`${this.name} digit sum`, this.aux, offset + AUX.z, () => {
      const k = sign.value === 1n ? 8n + j.value : 7n - j.value;
      return (zPrev ? 16n * zPrev.value : 0n) + k;
    });
    return { t, sign, z };
  }

  /** Makes the chain point in cells 0..5 of the block at `offset` row `index` of multiples table `tag`. */
  tableEntry(region: Region, offset: number, tag: bigint, index: number): void {
    region.enableSelector(this.q.entry, offset);
    this.tableKey(region, offset, tag, index);
  }

  /** Row `index` of a fixed multiples table `tag` at `offset`: the point's six limbs in the fixed limb columns. */
  fixedEntry(region: Region, offset: number, tag: bigint, index: number, limbs: readonly bigint[]): void {
    if (!this.table.base) throw new GadgetError('EcChainChip', `${this.name}: configured without fixed-base columns`);
    this.tableKey(region, offset, tag, index);
    this.table.base.forEach((col, i) => region.assignFixed(`${this.name} fixed limb ${i}`, col, offset, limbs[i]));
  }

  private tableKey(region: Region, offset: number, tag: bigint, index: number): void {
    region.assignFixed(`${this.name} table tag`, this.table.tag, offset, tag);
    region.assignFixed(`${this.name} table index`, this.table.index, offset, BigInt(index));
  }

  private addBlock(region: Region, offset: number, A: ChainPoint, t: readonly AssignedCell[], sign: AssignedCell): ChainPoint {
    return this.block(region, offset, 'add', A, () => ({
      tx: t.slice(0, 3).map((c) => c.value), ty: t.slice(3).map((c) => c.value), d: 2n * sign.value - 1n,
    }));
  }

  private block(region: Region, offset: number, kind: BlockKind, A: ChainPoint, extra: () => { tx: bigint[]; ty: bigint[]; d: bigint }): ChainPoint {
    const { p } = this.curve;
    let memo: ReturnType<typeof witness> | undefined;
    const witness = () => {
      const [x, y] = [fromLimbs(A.x.map((c) => c.value)), fromLimbs(A.y.map((c) => c.value))];
      const e = extra();
      const [tx, ty] = [fromLimbs(e.tx), fromLimbs(e.ty)];
      const [num, den] = kind === 'double' ? [3n * x * x, 2n * y] : [e.d * ty - y, tx - x];
      const dm = ((den % p) + p) % p;
      if (dm === 0n) throw new GadgetError('EcChainChip', `${this.name} ${kind}: exceptional case (denominator ≡ 0 mod p) — the chain's argument excludes it`);
      const l = ((((num % p) + p) % p) * modInverse(dm, p)) % p;
      const x3 = (((l * l - x - (kind === 'double' ? x : tx)) % p) + p) % p;
      const y3 = (((l * (x - x3) - y) % p) + p) % p;
      const split = (w: bigint) => [0, 1, 2].map((i) => (w >> BigInt(88 * i)) & (BASE - 1n));
      const vals: BlockValues<bigint> = { x: A.x.map((c) => c.value), y: A.y.map((c) => c.value), l: split(l), x3: split(x3), y3: split(y3), tx: e.tx, ty: e.ty, d: e.d };
      const q0p = constantColumns(Q0 * p);
      const pL = split(p);
      const ids = identities(BIG, kind, vals).map((cols) => {
        const value = fromLimbs(cols);
        if (value % p !== 0n) throw new GadgetError('EcChainChip', `${this.name} ${kind}: identity not ≡ 0 mod p (inconsistent witness)`);
        const qq = value / p + Q0;
        if (qq < 0n || qq >> 264n !== 0n) throw new GadgetError('EcChainChip', `${this.name} ${kind}: quotient ${qq} does not fit 264 bits`);
        const qL = split(qq);
        const carries = carryChain(lin(BIG, BIG.sub, lin(BIG, BIG.add, cols, q0p), product(BIG, qL, pL)));
        return { q: qL, c: carries.slice(0, 4) };
      });
      return { l, x3, y3, ids };
    };
    const w = () => (memo ??= witness());
    const put = (i: number, width: LimbWidth, value: () => bigint) => this.column(i).assign(region, this.row(offset, i), width, value);
    const limbs = (at: number, value: () => bigint): Limbs<AssignedCell> => {
      const cells = LIMB_BITS.map((width, i) => put(at + i, width as LimbWidth, () => toLimbs(value())[i]));
      return [cells[0], cells[1], cells[2]];
    };
    limbs(CHAIN.l, () => w().l);
    [0, 1, 2].forEach((k) => {
      const at = CHAIN.id + k * CHAIN.idRows;
      [0, 1, 2].forEach((i) => put(at + i, 88, () => w().ids[k].q[i]));
      [0, 1, 2, 3].forEach((j) => put(at + 3 + j, 96, () => w().ids[k].c[j] + CHAIN_CARRY_SHIFT));
    });
    return { x: limbs(CHAIN.out, () => w().x3), y: limbs(CHAIN.out + 3, () => w().y3) };
  }

  /** The limb column of a block's cell i, and its row for the block at `offset`. */
  private column(i: number): LimbRangeChip { return this.values[i % this.values.length]; }
  private row(offset: number, i: number): number { return offset + Math.floor(i / this.values.length); }
}
