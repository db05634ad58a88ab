/**
 * Selector compression (halo2's `compress_selectors`): selectors that are never enabled on the same row share one
 * fixed column. A group of k such selectors becomes a column c holding i on the rows where member i is enabled
 * (1 … k) and 0 elsewhere, and each member's queries become its Lagrange polynomial in c,
 *
 *   q_i(c) = ∏_{j ∈ 0…k, j ≠ i} (c − j) / (i − j),
 *
 * which is 1 where member i is enabled and 0 on every other row — the selector's own values, row by row, so every
 * constraint holds on exactly the rows it held before. The price is degree: q_i has degree k, so a member may join
 * a group only while every constraint that queries a member stays within the proof's degree. Each group of two or more
 * saves the verifier a fixed commitment per member but one (an ecMul and an opening on chain).
 *
 * Compressed: selectors queried at rotation 0 by gates only (a lookup's or shuffle's degree shapes its helper columns),
 * not in the equality set. The grouping depends only on where the selectors are enabled, which keygen and the prover lay
 * out alike, so both derive the same constraint system. The MockProver checks the uncompressed one (its names).
 */
import { FR_MODULUS } from '../field/constants.js';
import { modInverse } from '../field/modular.js';
import { csFromJson, csToJson, type CsJson, type ExprJson } from './cs-json.js';
import type { Column, Expr } from './expression.js';
import { Assignment, type Cell } from './layouter.js';
import { Protocol } from './protocol.js';

interface Group { readonly members: number[]; readonly rows: Uint8Array }

/** The degree of `e` with fixed column i's queries of degree `fixedDegree(i)` (1 unless given). */
function degreeWith(e: Expr, fixedDegree: ReadonlyMap<number, number>): number {
  return e.evaluate<number>({
    constant: () => 0, challenge: () => 0, neg: (a) => a, sum: (a, b) => Math.max(a, b), product: (a, b) => a + b,
    query: (c) => (c.kind === 'fixed' ? fixedDegree.get(c.index) ?? 1 : 1),
  });
}

const queries = (e: Expr): Array<[Column, number]> => {
  const out: Array<[Column, number]> = [];
  e.evaluate<void>({ constant: () => undefined, challenge: () => undefined, neg: () => undefined, sum: () => undefined, product: () => undefined, query: (c, r) => { out.push([c, r]); } });
  return out;
};

/** The selectors' groups: first fit, by decreasing degree of the constraints that query them. */
function groups(a: Assignment, degree: number): Group[] {
  const { cs } = a;
  const constraints = cs.gates.flatMap((g) => g.constraints.map((c) => c.expr));
  const selectorColumns = new Set(cs.selectors.map((s) => s.column.index));
  const compressible = new Set(selectorColumns);
  const usedBy = new Map<number, Expr[]>();
  for (const e of constraints) {
    for (const [c, r] of queries(e)) {
      if (c.kind !== 'fixed' || !selectorColumns.has(c.index)) continue;
      if (r !== 0) compressible.delete(c.index);
      const list = usedBy.get(c.index) ?? [];
      if (!list.includes(e)) list.push(e);
      usedBy.set(c.index, list);
    }
  }
  for (const e of [...cs.lookups.flatMap((l) => [...l.inputs, ...l.table]), ...cs.shuffles.flatMap((s) => [...s.inputs, ...s.shuffle])]) {
    for (const [c] of queries(e)) if (c.kind === 'fixed') compressible.delete(c.index);
  }
  for (const c of [...cs.equality, ...cs.constants]) if (c.kind === 'fixed') compressible.delete(c.index);
  const candidates = [...compressible].filter((i) => usedBy.has(i) && a.fixed[i]!.every((v) => v === 0n || v === 1n));
  const ownDegree = (i: number) => Math.max(...usedBy.get(i)!.map((e) => e.degree()));
  candidates.sort((x, y) => ownDegree(y) - ownDegree(x) || x - y);
  const out: Group[] = [];
  /** Each grouped selector's degree so far: its group's size (a constraint may read selectors of several groups). */
  const degrees = new Map<number, number>();
  for (const i of candidates) {
    const values = a.fixed[i]!;
    const fits = (g: Group) => {
      if (values.some((v, r) => v === 1n && g.rows[r] === 1)) return false;
      const members = [...g.members, i];
      const trial = new Map([...degrees, ...members.map((m) => [m, members.length] as const)]);
      return members.every((m) => usedBy.get(m)!.every((e) => degreeWith(e, trial) <= degree));
    };
    let group = out.find(fits);
    if (group === undefined) out.push(group = { members: [], rows: new Uint8Array(a.n) });
    group.members.push(i);
    for (const m of group.members) degrees.set(m, group.members.length);
    values.forEach((v, r) => { if (v === 1n) group.rows[r] = 1; });
  }
  return out.filter((g) => g.members.length > 1);
}

const hexConstant = (v: bigint): ExprJson => ['c', v < 0n ? `-${(-v).toString(16)}` : v.toString(16)];

/** Member `i` (1 … k) of a group of k over the column `c`: its Lagrange polynomial on 0 … k. */
function lagrange(c: ExprJson, i: number, k: number): ExprJson {
  let denominator = 1n;
  let poly: ExprJson | undefined;
  for (let j = 0; j <= k; j++) {
    if (j === i) continue;
    denominator *= BigInt(i - j);
    const factor: ExprJson = j === 0 ? c : ['+', c, hexConstant(-BigInt(j))];
    poly = poly === undefined ? factor : ['*', poly, factor];
  }
  const inverse = modInverse(((denominator % FR_MODULUS) + FR_MODULUS) % FR_MODULUS, FR_MODULUS);
  return ['*', hexConstant(inverse), poly!];
}

/**
 * The assignment with its compressible selectors grouped (module comment); itself where no group forms. Advice and
 * instance columns keep their indices; the fixed columns left keep their order, the groups' columns follow them.
 */
export function compressSelectors(a: Assignment): Assignment {
  const degree = new Protocol(a.cs, a.k).degree;
  const found = groups(a, degree);
  if (found.length === 0) return a;
  const json = csToJson(a.cs);
  const removed = new Set(found.flatMap((g) => g.members));
  const kept = a.cs.fixed.map((c) => c.index).filter((i) => !removed.has(i));
  const newIndex = new Map(kept.map((old, i) => [old, i]));
  const groupIndex = (g: number) => kept.length + g;
  /** old selector column → (its group's new column, its value there). */
  const member = new Map(found.flatMap((g, gi) => g.members.map((m, v) => [m, { column: groupIndex(gi), value: v + 1, k: g.members.length }] as const)));
  const rewrite = (e: ExprJson): ExprJson => {
    switch (e[0]) {
      case 'c': return e;
      case 'q': {
        if (e[1] !== 'fixed') return e;
        const m = member.get(e[2]);
        return m === undefined ? ['q', 'fixed', newIndex.get(e[2])!, e[3]] : lagrange(['q', 'fixed', m.column, 0], m.value, m.k);
      }
      case 'neg': return ['neg', rewrite(e[1])];
      default: return [e[0], rewrite(e[1]), rewrite(e[2])];
    }
  };
  const removedNames = new Set([...removed].map((i) => a.cs.fixed[i]!.name));
  const compressed: CsJson = {
    ...json,
    fixed: [...kept.map((i) => json.fixed[i]!), ...found.map((g) => `selectors ${g.members.map((m) => a.cs.fixed[m]!.name.replace(/^selector:/, '')).join(' | ')}`)],
    selectors: json.selectors.filter((s) => !removedNames.has(`selector:${s}`)),
    gates: json.gates.map((g) => ({ ...g, constraints: g.constraints.map((c) => ({ ...c, expr: rewrite(c.expr) })) })),
    lookups: json.lookups.map((l) => ({ ...l, inputs: l.inputs.map(rewrite), table: l.table.map(rewrite) })),
    shuffles: json.shuffles.map((s) => ({ ...s, inputs: s.inputs.map(rewrite), shuffle: s.shuffle.map(rewrite) })),
    equality: json.equality.map(([kind, i]) => [kind, kind === 'fixed' ? newIndex.get(i)! : i]),
    constants: json.constants.map((i) => newIndex.get(i)!),
  };
  const cs = csFromJson(compressed);
  if (new Protocol(cs, a.k).degree !== degree) throw new Error(`selector compression raised the proof's degree above ${degree}`);
  const out = new Assignment(cs, a.k, a.publicInputs, a.withWitness);
  a.advice.forEach((values, i) => { out.advice[i] = values; });
  a.instance.forEach((values, i) => { out.instance[i] = values; });
  kept.forEach((old, i) => { out.fixed[i] = a.fixed[old]!; });
  found.forEach((g, gi) => {
    const column = new Array<bigint>(a.n).fill(0n);
    g.members.forEach((m, v) => a.fixed[m]!.forEach((x, r) => { if (x === 1n) column[r] = BigInt(v + 1); }));
    out.fixed[groupIndex(gi)] = column;
  });
  const cell = ({ column, row }: Cell): Cell => ({ row, column: column.kind === 'fixed' ? cs.fixed[newIndex.get(column.index)!]! : cs.columns(column.kind)[column.index]! });
  for (const [x, y] of a.copies) out.copies.push([cell(x), cell(y)]);
  out.regions.push(...a.regions);
  return out;
}
