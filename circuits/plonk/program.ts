/**
 * Compiles the quotient's constraint expressions into one straight-line program over Fr vectors (the kernel's
 * poly_program, see poly/program-wat.ts), evaluated per part of the extended coset.
 *
 * What makes it cheaper than walking each expression: constants and challenges are folded into scalars (a
 * selector times a constant is one SCALE, not a filled vector and a product), structurally equal subexpressions
 * across all constraints are computed once (hash-consing on operand ids: the lookups' θ-compressed tuples, the
 * permutation's factors, 1 − l_last, …), a gate's selector multiplies the Horner sum of its constraints once, and
 * temporaries are reused as soon as their last reader has run. Every rewrite is an identity in Fr, so the quotient
 * — and the proof — is exactly what the expressions define.
 */
import { frMod, frPow } from '../field/fr-scalar.js';
import { Fr, type Ptr } from '../field/index.js';
import { INSTRUCTION_WORDS, PROGRAM_BLOCK, ProgramOp } from '../poly/program-wat.js';
import { kernel } from '../wasm/kernel.js';
import { kernelPool, splitRange, threadCount, type KernelCall } from '../wasm/pool.js';
import { allocVec, copyVec, fillVec, freeVec } from './vectors.js';
import type { ChallengeName, Column, Expr } from './expression.js';

/** A compiled operand: a scalar, a column read at a rotation, a temporary, or the accumulator. */
export type Operand =
  | { readonly kind: 'scalar'; readonly index: number }
  | { readonly kind: 'query'; readonly column: Column; readonly rotation: number }
  | { readonly kind: 'temp'; readonly slot: number }
  | { readonly kind: 'acc' };

export interface Instruction { readonly op: number; readonly dst: Operand; readonly a: Operand; readonly b: Operand }

export interface ConstraintProgram {
  readonly instructions: readonly Instruction[];
  /** The scalars the instructions refer to by index. */
  readonly scalars: readonly bigint[];
  /** Temporary vectors the program needs at once. */
  readonly temps: number;
  /** Largest |rotation| read (column buffers need that many wrap-around rows each side). */
  readonly margin: number;
}

type ScalarValue = { readonly scalar: bigint };
type Value = ScalarValue | { readonly id: number };

interface Def { readonly op: number; readonly a: number; readonly b: number }

/**
 * acc ← Σ y^(m−1−i)·C_i over the m constraints (Horner in y, the order the prover combines them), with the
 * challenges' values substituted. `constant` gives the value of a column that holds one value on every row (its
 * polynomial is that constant): its queries fold like constants, and it needs no evaluations. The accumulator must
 * be zero before the program runs.
 */
export function compileConstraints(
  exprs: readonly Expr[], challenges: Readonly<Record<ChallengeName, bigint>>, y: bigint, constant: (c: Column) => bigint | undefined = () => undefined,
): ConstraintProgram {
  const scalars: bigint[] = [];
  const scalarIndex = new Map<bigint, number>();
  const scalar = (v: bigint) => {
    let i = scalarIndex.get(v);
    if (i === undefined) { i = scalars.length; scalars.push(v); scalarIndex.set(v, i); }
    return i;
  };
  // value ids: queries and operations, each defined once (hash-consed)
  const queries: Array<{ column: Column; rotation: number } | undefined> = [];
  const defs: Array<Def | undefined> = [];
  const ids = new Map<string, number>();
  const intern = (key: string, make: () => void): number => {
    let id = ids.get(key);
    if (id === undefined) { id = defs.length; make(); ids.set(key, id); }
    return id;
  };
  const query = (column: Column, rotation: number): Value => ({
    id: intern(`q${column.kind}:${column.index}@${rotation}`, () => { queries.push({ column, rotation }); defs.push(undefined); }),
  });
  const op = (code: number, a: number, b: number, commutative: boolean): Value => {
    const [x, z] = commutative && b < a ? [b, a] : [a, b];
    return { id: intern(`${code}:${x}:${z}`, () => { queries.push(undefined); defs.push({ op: code, a: x, b: z }); }) };
  };
  const isScalar = (v: Value): v is ScalarValue => 'scalar' in v;

  const add = (a: Value, b: Value): Value => {
    if (isScalar(a) && isScalar(b)) return { scalar: frMod(a.scalar + b.scalar) };
    if (isScalar(a)) return add(b, a);
    if (isScalar(b)) return b.scalar === 0n ? a : op(ProgramOp.ADDS, a.id, scalar(b.scalar), false);
    return op(ProgramOp.ADD, a.id, b.id, true);
  };
  const negate = (a: Value): Value => (isScalar(a) ? { scalar: frMod(-a.scalar) } : op(ProgramOp.RSUBS, a.id, scalar(0n), false));
  const mul = (a: Value, b: Value): Value => {
    if (isScalar(a) && isScalar(b)) return { scalar: frMod(a.scalar * b.scalar) };
    if (isScalar(a)) return mul(b, a);
    if (isScalar(b)) return b.scalar === 0n ? b : b.scalar === 1n ? a : op(ProgramOp.SCALE, a.id, scalar(b.scalar), false);
    return op(ProgramOp.MUL, a.id, b.id, true);
  };

  const memo = new Map<Expr, Value>();
  const compile = (e: Expr): Value => {
    const hit = memo.get(e);
    if (hit) return hit;
    const n = e.node;
    let v: Value;
    switch (n.kind) {
      case 'constant': v = { scalar: frMod(n.value) }; break;
      case 'challenge': v = { scalar: challenges[n.name] }; break;
      case 'query': {
        const c = constant(n.column);
        v = c === undefined ? query(n.column, n.rotation) : { scalar: c };
        break;
      }
      case 'neg': v = negate(compile(n.a)); break;
      case 'sum': {
        // a + (−b) is one subtraction
        const a = compile(n.a);
        const b = n.b.node.kind === 'neg' ? compile(n.b.node.a) : undefined;
        v = b && !isScalar(a) && !isScalar(b) ? op(ProgramOp.SUB, a.id, b.id, false) : add(a, compile(n.b));
        break;
      }
      case 'product': v = mul(compile(n.a), compile(n.b)); break;
    }
    memo.set(e, v);
    return v;
  };
  // each constraint's new definitions, then its Horner step: its temporaries die before the next one starts. A
  // constraint f·e (f a vector: a gate's selector) keeps f apart, so that a run of L consecutive constraints with
  // the same f becomes acc·y^L + f·(Horner of the e_i in y): L + 1 multiplications instead of 2L.
  const steps: Array<{ id?: number; result?: Value; factor?: number }> = [];
  for (const e of exprs) {
    const first = defs.length;
    let result: Value;
    let factor: number | undefined;
    if (e.node.kind === 'product') {
      const f = compile(e.node.a);
      const inner = compile(e.node.b);
      if (!isScalar(f) && !isScalar(inner)) { factor = f.id; result = inner; } else result = mul(f, inner);
    } else {
      result = compile(e);
    }
    for (let id = first; id < defs.length; id++) if (defs[id]) steps.push({ id });
    steps.push({ result, factor });
  }
  // run length of the factor run each constraint ends (0 inside a run), and whether it starts one
  const resultSteps = steps.flatMap((s, i) => (s.result ? [i] : []));
  const runEnd = new Map<number, number>();
  const runStart = new Set<number>();
  for (let r = 0; r < resultSteps.length;) {
    const f = steps[resultSteps[r]].factor;
    let e = r + 1;
    while (f !== undefined && e < resultSteps.length && steps[resultSteps[e]].factor === f) e++;
    runStart.add(resultSteps[r]);
    runEnd.set(resultSteps[e - 1], e - r);
    r = e;
  }

  // liveness backwards: a definition no later step reads (folded away) is dead, and so marks no operand
  const lastUse = new Int32Array(defs.length).fill(-1);
  const use = (id: number, i: number) => { if (lastUse[id] < 0) lastUse[id] = i; };
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    const d = s.id === undefined ? undefined : defs[s.id];
    if (d && lastUse[s.id!] >= 0) { use(d.a, i); if (d.op < ProgramOp.SCALE) use(d.b, i); }
    if (s.result && !isScalar(s.result)) use(s.result.id, i);
    if (s.factor !== undefined) use(s.factor, i);
  }
  const slotOf = new Int32Array(defs.length).fill(-1);
  const free: number[] = [];
  let temps = 0;
  let margin = 0;
  const operand = (id: number): Operand => {
    const q = queries[id];
    if (q) return { kind: 'query', column: q.column, rotation: q.rotation };
    return { kind: 'temp', slot: slotOf[id] };
  };
  const release = (id: number, i: number) => { if (lastUse[id] === i && slotOf[id] >= 0) free.push(slotOf[id]); };
  const instructions: Instruction[] = [];
  const acc: Operand = { kind: 'acc' };
  const yIndex = scalar(y);
  let runSlot = -1;
  steps.forEach((s, i) => {
    if (s.id !== undefined) {
      const d = defs[s.id]!;
      if (lastUse[s.id] < 0) return;
      const a = operand(d.a);
      const b: Operand = d.op < ProgramOp.SCALE ? operand(d.b) : { kind: 'scalar', index: d.b };
      release(d.a, i);
      if (d.op < ProgramOp.SCALE && d.b !== d.a) release(d.b, i);
      const slot = free.pop() ?? temps++;
      slotOf[s.id] = slot;
      instructions.push({ op: d.op, dst: { kind: 'temp', slot }, a, b });
      return;
    }
    const r = s.result!;
    if (isScalar(r)) {
      instructions.push({ op: ProgramOp.SCALE, dst: acc, a: acc, b: { kind: 'scalar', index: yIndex } });
      if (r.scalar !== 0n) instructions.push({ op: ProgramOp.ADDS, dst: acc, a: acc, b: { kind: 'scalar', index: scalar(r.scalar) } });
      return;
    }
    const inner = operand(r.id);
    release(r.id, i);
    if (s.factor === undefined) {
      instructions.push({ op: ProgramOp.HORNER, dst: acc, a: inner, b: { kind: 'scalar', index: yIndex } });
      return;
    }
    // the run's Horner sum in a temporary `run`, times the factor at its end, then into acc
    const len = runEnd.get(i);
    const f = operand(s.factor);
    if (len !== undefined && s.factor !== r.id) release(s.factor, i);
    if (runStart.has(i)) runSlot = free.pop() ?? temps++;
    const run: Operand = { kind: 'temp', slot: runSlot };
    if (len === 1) {
      instructions.push({ op: ProgramOp.MUL, dst: run, a: inner, b: f });
    } else {
      if (runStart.has(i)) instructions.push({ op: ProgramOp.ADDS, dst: run, a: inner, b: { kind: 'scalar', index: scalar(0n) } });
      else instructions.push({ op: ProgramOp.HORNER, dst: run, a: inner, b: { kind: 'scalar', index: yIndex } });
      if (len === undefined) return;
      instructions.push({ op: ProgramOp.MUL, dst: run, a: run, b: f });
    }
    instructions.push({ op: ProgramOp.HORNER, dst: acc, a: run, b: { kind: 'scalar', index: scalar(frPow(y, BigInt(len))) } });
    free.push(runSlot);
  });
  for (const q of queries) if (q) margin = Math.max(margin, Math.abs(q.rotation));
  return { instructions, scalars, temps, margin };
}

/** The program as the kernel reads it: 4 words an instruction, operands resolved to addresses at row 0. */
function encodeProgram(p: ConstraintProgram, address: (o: Operand) => number): Int32Array {
  const out = new Int32Array(p.instructions.length * INSTRUCTION_WORDS);
  p.instructions.forEach((ins, i) => {
    out.set([ins.op, address(ins.dst), address(ins.a), address(ins.b)], i * INSTRUCTION_WORDS);
  });
  return out;
}

/**
 * Runs a compiled program on the kernel: owns one buffer per column it reads (the column's n values on the
 * current part, with `margin` wrap-around rows each side so a rotation is an address offset), its temporaries,
 * its scalars and the accumulator. Fill the column buffers, then run(); free() when done.
 */
/** The columns the program reads, each once, in the order of their first read. */
export function programColumns(program: ConstraintProgram): Column[] {
  const cols = new Map<string, Column>();
  for (const ins of program.instructions) for (const o of [ins.a, ins.b]) if (o.kind === 'query') cols.set(colKey(o.column), o.column);
  return [...cols.values()];
}

export class ProgramEvaluator {
  /** The columns the program reads, each once. */
  readonly columns: readonly Column[];
  private readonly buffers = new Map<string, Ptr>();
  private readonly temps: Ptr[] = [];
  private readonly scalars: Ptr;
  private readonly acc: Ptr;
  private readonly code: Ptr;
  private readonly count: number;

  constructor(private readonly program: ConstraintProgram, private readonly n: number) {
    if (program.margin >= n) throw new RangeError(`a rotation of ${program.margin} rows does not fit a domain of ${n} rows`);
    this.columns = programColumns(program);
    const width = n + 2 * program.margin;
    for (const c of this.columns) this.buffers.set(colKey(c), allocVec(width));
    for (let i = 0; i < program.temps; i++) this.temps.push(allocVec(n));
    this.scalars = allocVec(program.scalars.length);
    program.scalars.forEach((v, i) => Fr.write(Fr.at(this.scalars, i), v));
    this.acc = allocVec(n);
    const words = encodeProgram(program, (o) => {
      switch (o.kind) {
        case 'scalar': return Fr.at(this.scalars, o.index);
        case 'query': return Fr.at(this.buffers.get(colKey(o.column))!, program.margin + o.rotation);
        case 'temp': return this.temps[o.slot];
        case 'acc': return this.acc;
      }
    });
    this.count = program.instructions.length;
    this.code = kernel().heap.alloc(Math.max(4, words.byteLength));
    kernel().u32().set(words, this.code >>> 2);
  }

  /** Where the column's n values go (then run() fills the wrap-around rows). */
  columnBuffer(c: Column): Ptr {
    return Fr.at(this.columnRows(c), this.program.margin);
  }

  /** Where runRows() reads the column: its rows −margin … count + margin − 1, relative to the chunk's first row. */
  columnRows(c: Column): Ptr {
    const b = this.buffers.get(colKey(c));
    if (b === undefined) throw new Error(`the program does not read ${c}`);
    return b;
  }

  /** Evaluates the program over the n rows; returns the accumulator (owned by the evaluator, valid until the next run). */
  async run(threads = threadCount()): Promise<Ptr> {
    const { n } = this;
    const m = this.program.margin;
    if (m > 0) {
      for (const b of this.buffers.values()) {
        copyVec(Fr.at(b, n), b, m); // rows −m..−1 are rows n−m..n−1
        copyVec(Fr.at(b, m), Fr.at(b, m + n), m); // rows n..n+m−1 are rows 0..m−1
      }
    }
    return this.runRows(n, threads);
  }

  /**
   * Evaluates the program over rows 0 … count − 1 of the buffers (count ≤ the evaluator's rows), whose margins the
   * caller filled: a chunk of a longer domain. Returns the accumulator, as run() does.
   */
  async runRows(count: number, threads = threadCount()): Promise<Ptr> {
    if (count > this.n) throw new RangeError(`${count} rows do not fit an evaluator of ${this.n}`);
    fillVec(this.acc, 0n, count);
    const ranges = splitRange(count, threads, PROGRAM_BLOCK * 4);
    if (ranges.length <= 1) kernel().exports.poly_program(this.code, this.count, 0, count);
    else await kernelPool().runAll(ranges.map(([s, c]): KernelCall[] => [['poly_program', this.code, this.count, s, s + c]]));
    return this.acc;
  }

  free(): void {
    for (const b of this.buffers.values()) freeVec(b);
    for (const t of this.temps) freeVec(t);
    freeVec(this.scalars);
    freeVec(this.acc);
    kernel().heap.release(this.code);
  }
}

const colKey = (c: Column) => `${c.kind}:${c.index}`;
