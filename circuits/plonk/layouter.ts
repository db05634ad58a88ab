/**
 * Witness assignment: circuits describe regions (blocks of rows they fill, cells named, offsets
 * relative to the region start); the layouter places each region at the first rows where all of
 * its columns are free (like halo2's SimpleFloorPlanner), records copy constraints, and collects
 * constants into the constant columns.
 *
 * A region body runs twice — once to measure its shape, once to assign — so it must not have side
 * effects beyond the region calls. Values may be bigints or thunks; thunks run only when the value
 * is needed (keygen assigns no witness values), so circuits without a witness can still be laid out.
 */
import type { Column, Selector } from './expression.js';
import { ConstraintSystem, ConstraintSystemError } from './constraint-system.js';

export type Value = bigint | (() => bigint);

export interface Cell { readonly column: Column; readonly row: number }

export class AssignedCell implements Cell {
  private cached?: bigint;
  constructor(readonly column: Column, readonly row: number, private readonly source: Value) {}
  /** The assigned value (computes a thunk on first use). */
  get value(): bigint {
    if (this.cached === undefined) this.cached = typeof this.source === 'bigint' ? this.source : this.source();
    return this.cached;
  }
}

export class AssignmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssignmentError';
  }
}

/** Where assignments land: the cells of every column plus the copy constraints. */
export class Assignment {
  readonly n: number;
  readonly usableRows: number;
  /** values[kind][column][row]; advice values stay undefined when witnesses are not computed. */
  readonly advice: bigint[][];
  readonly fixed: bigint[][];
  readonly instance: bigint[][];
  /** The public inputs as given (instance columns without the zero padding). */
  readonly publicInputs: readonly (readonly bigint[])[];
  readonly copies: Array<[Cell, Cell]> = [];
  /** Region name and start row of each region, for error messages. */
  readonly regions: Array<{ name: string; start: number; rows: number; columns: Column[] }> = [];

  /** `instances` undefined: every instance column empty (a layout without public inputs, e.g. keygen's). */
  constructor(readonly cs: ConstraintSystem, readonly k: number, given: readonly (readonly bigint[])[] | undefined, readonly withWitness: boolean) {
    const instances = given ?? cs.instance.map(() => []);
    this.n = 1 << k;
    this.usableRows = this.n - 1;
    const zeros = (count: number) => Array.from({ length: count }, () => new Array<bigint>(this.n).fill(0n));
    this.advice = zeros(cs.advice.length);
    this.fixed = zeros(cs.fixed.length);
    if (instances.length !== cs.instance.length) {
      throw new AssignmentError(`the circuit has ${cs.instance.length} instance columns, ${instances.length} given`);
    }
    this.publicInputs = instances.map((col) => [...col]);
    this.instance = instances.map((col, i) => {
      if (col.length > this.usableRows) throw new AssignmentError(`instance column ${i} has ${col.length} values, at most ${this.usableRows} fit at k = ${k}`);
      const out = new Array<bigint>(this.n).fill(0n);
      col.forEach((v, r) => { out[r] = v; });
      return out;
    });
  }

  checkRow(column: Column, row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.usableRows) {
      throw new AssignmentError(`row ${row} of ${column} is outside the ${this.usableRows} usable rows (k = ${this.k}); use a larger k`);
    }
  }

  set(column: Column, row: number, value: Value): AssignedCell {
    this.checkRow(column, row);
    const cell = new AssignedCell(column, row, value);
    if (column.kind === 'instance') throw new AssignmentError(`instance cells are public inputs and cannot be assigned (${column})`);
    if (column.kind === 'fixed') this.fixed[column.index][row] = cell.value;
    else if (this.withWitness) this.advice[column.index][row] = cell.value;
    return cell;
  }

  copy(a: Cell, b: Cell): void {
    for (const c of [a, b]) {
      this.checkRow(c.column, c.row);
      if (!this.cs.equality.includes(c.column)) {
        throw new AssignmentError(`copy constraint on ${c.column}, which does not have equality enabled (cs.enableEquality)`);
      }
    }
    this.copies.push([a, b]);
  }

  /** "region "name" offset o" for the region holding (column, row), or "" if none. */
  describe(column: Column, row: number): string {
    const r = this.regions.find((g) => row >= g.start && row < g.start + g.rows && g.columns.includes(column));
    return r ? `region "${r.name}" offset ${row - r.start}` : '';
  }
}

/** The cells a region touched and how many rows it needs (pass one). */
interface Shape { columns: Set<Column>; rows: number }

export class Region {
  constructor(
    readonly name: string,
    private readonly start: number,
    private readonly sink: Assignment | Shape,
    private readonly layouter: Layouter,
  ) {}

  private touch(column: Column, offset: number): number {
    if (!Number.isInteger(offset) || offset < 0) throw new AssignmentError(`region "${this.name}": offset must be a non-negative integer, got ${offset}`);
    if (!(this.sink instanceof Assignment)) {
      this.sink.columns.add(column);
      this.sink.rows = Math.max(this.sink.rows, offset + 1);
    }
    return this.start + offset;
  }

  private put(column: Column, offset: number, value: Value): AssignedCell {
    const row = this.touch(column, offset);
    return this.sink instanceof Assignment ? this.sink.set(column, row, value) : new AssignedCell(column, row, value);
  }

  /** Assigns an advice cell; `name` documents the cell (shown in failures via the region). */
  assignAdvice(_name: string, column: Column, offset: number, value: Value): AssignedCell {
    if (column.kind !== 'advice') throw new AssignmentError(`assignAdvice into ${column}`);
    return this.put(column, offset, value);
  }

  assignFixed(_name: string, column: Column, offset: number, value: bigint): AssignedCell {
    if (column.kind !== 'fixed') throw new AssignmentError(`assignFixed into ${column}`);
    return this.put(column, offset, value);
  }

  enableSelector(selector: Selector, offset: number): void {
    this.put(selector.column, offset, 1n);
  }

  /** Assigns an advice cell equal to a public input and copy-constrains the two. */
  assignAdviceFromInstance(name: string, instance: Column, instanceRow: number, column: Column, offset: number): AssignedCell {
    if (instance.kind !== 'instance') throw new AssignmentError(`assignAdviceFromInstance from ${instance}`);
    const cell = this.assignAdvice(name, column, offset, () => this.layouter.instanceValue(instance, instanceRow));
    this.constrainEqual(cell, { column: instance, row: instanceRow });
    return cell;
  }

  /** Assigns an advice cell fixed to a constant (through a copy to a constants column). */
  assignAdviceFromConstant(name: string, column: Column, offset: number, value: bigint): AssignedCell {
    const cell = this.assignAdvice(name, column, offset, value);
    this.constrainConstant(cell, value);
    return cell;
  }

  constrainEqual(a: Cell, b: Cell): void {
    if (this.sink instanceof Assignment) this.sink.copy(a, b);
  }

  constrainConstant(cell: Cell, value: bigint): void {
    if (this.sink instanceof Assignment) this.layouter.pendingConstants.push({ cell, value });
  }
}

export class Layouter {
  private readonly nextFree = new Map<Column, number>();
  /** @internal constants to place when the layout is finished. */
  readonly pendingConstants: Array<{ cell: Cell; value: bigint }> = [];

  constructor(readonly assignment: Assignment) {}

  /** Lays out one region and returns what its body returns. */
  assignRegion<T>(name: string, body: (region: Region) => T): T {
    const shape: Shape = { columns: new Set(), rows: 0 };
    body(new Region(name, 0, shape, this));
    const columns = [...shape.columns];
    const start = columns.reduce((s, c) => Math.max(s, this.nextFree.get(c) ?? 0), 0);
    for (const c of columns) this.nextFree.set(c, start + shape.rows);
    this.assignment.regions.push({ name, start, rows: shape.rows, columns });
    return body(new Region(name, start, this.assignment, this));
  }

  /** Copy-constrains a cell to a public input. */
  constrainInstance(cell: Cell, instance: Column, row: number): void {
    if (instance.kind !== 'instance') throw new AssignmentError(`constrainInstance to ${instance}`);
    this.assignment.copy(cell, { column: instance, row });
  }

  /** @internal */
  instanceValue(instance: Column, row: number): bigint {
    this.assignment.checkRow(instance, row);
    return this.assignment.instance[instance.index][row];
  }

  /** Places collected constants in the constant columns (after all regions). */
  finish(): void {
    const cols = this.assignment.cs.constants;
    if (this.pendingConstants.length > 0 && cols.length === 0) {
      throw new ConstraintSystemError('the circuit uses constants but no fixed column was given to cs.enableConstant');
    }
    let i = 0;
    for (const { cell, value } of this.pendingConstants) {
      const col = cols[i++ % cols.length];
      const row = this.nextFree.get(col) ?? 0;
      this.nextFree.set(col, row + 1);
      this.assignment.set(col, row, value);
      this.assignment.copy(cell, { column: col, row });
    }
    this.pendingConstants.length = 0;
  }
}

/** A circuit: its shape (configure) and how to fill it (synthesize). */
export interface Circuit<Config> {
  configure(cs: ConstraintSystem): Config;
  synthesize(config: Config, layouter: Layouter): void;
}

/** Runs configure + synthesize into a fresh assignment. */
export function synthesize<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[] | undefined, withWitness: boolean): Assignment {
  const cs = new ConstraintSystem();
  const config = circuit.configure(cs);
  const assignment = new Assignment(cs, k, instances, withWitness);
  const layouter = new Layouter(assignment);
  circuit.synthesize(config, layouter);
  layouter.finish();
  return assignment;
}
