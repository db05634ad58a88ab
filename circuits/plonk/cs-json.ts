/**
 * A constraint system as plain JSON (columns by name, expressions as trees): the verifying key's form
 * (serialization.ts), and the form selector compression rewrites (selector-compression.ts).
 */
import { Column, Expr, constant } from './expression.js';
import { ConstraintSystem } from './constraint-system.js';

export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

export type ExprJson = ['c', string] | ['q', 'advice' | 'fixed' | 'instance', number, number] | ['neg', ExprJson] | ['+' | '*', ExprJson, ExprJson];

export interface CsJson {
  advice: string[];
  fixed: string[];
  instance: string[];
  selectors: string[];
  gates: Array<{ name: string; constraints: Array<{ name: string; expr: ExprJson }> }>;
  lookups: Array<{ name: string; inputs: ExprJson[]; table: ExprJson[] }>;
  shuffles: Array<{ name: string; inputs: ExprJson[]; shuffle: ExprJson[] }>;
  equality: Array<['advice' | 'fixed' | 'instance', number]>;
  constants: number[];
  minimumDegree?: number;
}

function exprToJson(e: Expr): ExprJson {
  return e.evaluate<ExprJson>({
    constant: (v) => ['c', v.toString(16)],
    query: (c, r) => {
      if (c.kind === 'virtual') throw new KeyFormatError('virtual columns do not occur in circuit expressions');
      return ['q', c.kind, c.index, r];
    },
    neg: (a) => ['neg', a],
    sum: (a, b) => ['+', a, b],
    product: (a, b) => ['*', a, b],
  });
}

function exprFromJson(j: ExprJson, cs: ConstraintSystem): Expr {
  switch (j[0]) {
    // gadgets may write a constant as a negative integer (constant(-1n)): its hex keeps the sign
    case 'c': return constant(j[1].startsWith('-') ? -BigInt('0x' + j[1].slice(1)) : BigInt('0x' + j[1]));
    case 'q': {
      const col = cs.columns(j[1])[j[2]];
      if (!col) throw new KeyFormatError(`expression reads ${j[1]} column ${j[2]}, which does not exist`);
      return col.rot(j[3]);
    }
    case 'neg': return exprFromJson(j[1], cs).neg();
    case '+': return exprFromJson(j[1], cs).add(exprFromJson(j[2], cs));
    case '*': return exprFromJson(j[1], cs).mul(exprFromJson(j[2], cs));
    default: throw new KeyFormatError(`unknown expression node ${JSON.stringify(j)}`);
  }
}

export function csToJson(cs: ConstraintSystem): CsJson {
  const kindOf = (c: Column) => {
    if (c.kind === 'virtual') throw new KeyFormatError('virtual column in the equality set');
    return c.kind;
  };
  return {
    advice: cs.advice.map((c) => c.name),
    fixed: cs.fixed.map((c) => c.name),
    instance: cs.instance.map((c) => c.name),
    selectors: cs.selectors.map((s) => s.name),
    gates: cs.gates.map((g) => ({ name: g.name, constraints: g.constraints.map((c) => ({ name: c.name, expr: exprToJson(c.expr) })) })),
    lookups: cs.lookups.map((l) => ({ name: l.name, inputs: l.inputs.map(exprToJson), table: l.table.map(exprToJson) })),
    shuffles: cs.shuffles.map((s) => ({ name: s.name, inputs: s.inputs.map(exprToJson), shuffle: s.shuffle.map(exprToJson) })),
    equality: cs.equality.map((c) => [kindOf(c), c.index]),
    constants: cs.constants.map((c) => c.index),
    ...(cs.minimumDegree > 0 ? { minimumDegree: cs.minimumDegree } : {}),
  };
}

export function csFromJson(j: CsJson): ConstraintSystem {
  const cs = new ConstraintSystem();
  j.advice.forEach((n) => cs.adviceColumn(n));
  const selectors = new Set(j.selectors);
  // a selector owns the fixed column "selector:<name>"; recreate columns in their original order
  for (const name of j.fixed) {
    const sel = name.startsWith('selector:') ? name.slice('selector:'.length) : undefined;
    if (sel !== undefined && selectors.has(sel)) cs.selector(sel);
    else cs.fixedColumn(name);
  }
  j.instance.forEach((n) => cs.instanceColumn(n));
  for (const g of j.gates) cs.createGate(g.name, g.constraints.map((c) => [c.name, exprFromJson(c.expr, cs)] as [string, Expr]));
  for (const l of j.lookups) cs.lookup(l.name, l.inputs.map((e, i) => [exprFromJson(e, cs), exprFromJson(l.table[i], cs)] as [Expr, Expr]));
  for (const s of j.shuffles) cs.shuffle(s.name, s.inputs.map((e, i) => [exprFromJson(e, cs), exprFromJson(s.shuffle[i], cs)] as [Expr, Expr]));
  for (const [kind, index] of j.equality) {
    const col = cs.columns(kind)[index];
    if (!col) throw new KeyFormatError(`equality on missing ${kind} column ${index}`);
    cs.enableEquality(col);
  }
  for (const index of j.constants) {
    const col = cs.fixed[index];
    if (!col) throw new KeyFormatError(`constants in missing fixed column ${index}`);
    cs.enableConstant(col);
  }
  if (j.minimumDegree !== undefined) cs.setMinimumDegree(j.minimumDegree);
  return cs;
}

