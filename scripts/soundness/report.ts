/** The soundness report: a summary table and one section per circuit, as Markdown (also printed). */
import { score, type CellStat, type TargetReport } from './engine.js';
import type { AllowRule } from './types.js';

export interface ReportHeader { readonly corruptions: number; readonly seed: number; readonly date?: string; readonly command?: string }

const pct = (g: number, t: number) => (t === 0 ? '—' : `${Math.floor((1000 * g) / t) / 10}%`);
const esc = (s: string) => s.replace(/\|/g, '\\|');

/** "3, 10–15, 17" */
export function rowRanges(rows: readonly number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** Cells grouped by column: "a: rows 10–15; c: row 3" (long lists: "x: 413 cells in rows 4–511"). */
export function cellsByColumn(cells: readonly CellStat[], maxRanges = 12): string[] {
  const by = new Map<string, number[]>();
  for (const c of cells) { const l = by.get(c.column); if (l) l.push(c.row); else by.set(c.column, [c.row]); }
  return [...by].map(([col, rows]) => {
    const ranges = rowRanges(rows);
    if (ranges.split(', ').length <= maxRanges) return `${col}: ${rows.length === 1 ? 'row' : 'rows'} ${ranges}`;
    return `${col}: ${rows.length} cells in rows ${Math.min(...rows)}–${Math.max(...rows)}`;
  });
}

function verdict(r: TargetReport): string {
  return r.problems.length === 0 ? 'ok' : `**${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}**`;
}

function ruleText(rule: AllowRule): string {
  return rule.kind === 'unassigned' ? `unassigned cells${rule.columns ? ` of ${rule.columns.join(', ')}` : ''}` : `declared cells of ${rule.column}`;
}

function section(r: TargetReport): string[] {
  const out = [`## ${r.name} (${r.family})`, ''];
  if (r.description) out.push(r.description, '');
  out.push(`k = ${r.k} (${r.rows} rows); advice columns: ${r.advice.join(', ') || 'none'}.`, '');
  if (r.honestFailures.length > 0) {
    out.push('**The honest witness is refused**, so nothing else ran:', '', ...r.honestFailures.map((f) => `- ${f}`), '');
  } else {
    const s = score([r]);
    out.push(`### Constraint deletion: ${s.guarded}/${s.total} guarded (${pct(s.guarded, s.total)})`, '');
    out.push('| item | guarded by (negative tests the mutant without it accepts) |', '|---|---|');
    for (const i of r.items) {
      const by = i.killers.length > 0 ? i.killers.map(esc).join('; ') : i.exception ? `unguarded — exception: ${esc(i.exception)}` : '**UNGUARDED**';
      out.push(`| ${esc(i.item.id)} | ${by} |`);
    }
    out.push('', '| negative test | refused by (intact circuit) |', '|---|---|');
    for (const n of r.negatives) out.push(`| ${esc(n.name)} | ${n.error ? `**broken**: ${esc(n.error)}` : esc(n.refusedBy.join('; '))} |`);
    out.push('');
    const f = r.fuzz;
    if (f) {
      out.push(`### Cell corruption fuzz: ${f.corruptions} corruptions, ${f.caught} caught`, '');
      out.push(`${f.touched} of ${f.cells} advice cells touched (${f.witnessCells} witness cells: assigned or in a copy); ${f.verified} full MockProver runs, the other verdicts from the exact local check.`, '');
      if (f.free.length === 0) out.push('Free cells outside the allow-list: none.');
      else {
        out.push(`**Free cells outside the allow-list (${f.free.length})**: ${cellsByColumn(f.free, Infinity).join('; ')}`, '');
        out.push('| cell | accepted / tried | accepted changes | e.g. |', '|---|---|---|---|');
        for (const c of f.free.slice(0, 50)) out.push(`| ${esc(c.column)} row ${c.row} | ${c.accepted}/${c.tried} | ${[...c.acceptedBy].join(', ')} | ${c.example ?? ''} |`);
        if (f.free.length > 50) out.push(`| … ${f.free.length - 50} more | | | |`);
      }
      const byRule = new Map<AllowRule, CellStat[]>();
      for (const c of f.allowed) { const l = byRule.get(c.allowedBy!); if (l) l.push(c); else byRule.set(c.allowedBy!, [c]); }
      out.push('');
      if (byRule.size === 0) out.push('Allowed free cells: none found.');
      for (const [rule, cells] of byRule) out.push(`Allowed free (${ruleText(rule)}: ${esc(rule.reason)}): ${cells.length} cells — ${cellsByColumn(cells).join('; ')}.`, '');
      out.push('');
    }
  }
  if (r.lints.length > 0) {
    out.push('### Lints', '');
    for (const l of r.lints) out.push(`- ${l.item}: ${l.message}${l.exception ? ` — exception: ${l.exception}` : ''}`);
    out.push('');
  }
  out.push(r.problems.length === 0 ? 'Problems: none.' : `**Problems (${r.problems.length})**:`, '');
  for (const p of r.problems) out.push(`- ${p}`);
  if (r.problems.length > 0) out.push('');
  return out;
}

export function renderReport(reports: readonly TargetReport[], h: ReportHeader): string {
  const out = ['# Soundness report', ''];
  out.push(`${h.command ? `\`${h.command}\`` : 'scripts/soundness'}${h.date ? ` on ${h.date}` : ''}: ${h.corruptions} corruptions per circuit, seed ${h.seed}.`, '');
  out.push(
    'Constraint deletion: each gate constraint, lookup, shuffle and copy set (copies grouped by column pair) is removed in turn and the',
    'circuit\'s negative tests run against the mutant; an item no test notices is unguarded (untested or redundant).',
    'Fuzz: one advice cell of the honest witness is changed (0, 1, r−1, v±1, a neighbour\'s value, random) and the MockProver must refuse it;',
    'a cell with an accepted change is free, which is a problem unless an allow rule of the circuit declares it with a reason.',
    'Policy: no cell is free implicitly; each circuit declares its allowed cells (padding: cells no region assigned and no copy names; or named cells) with a reason, listed in its section.', '');
  out.push('| circuit | family | items | guarded | unguarded | score | corruptions | caught | free (not allowed) | allowed free | verdict |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  let corruptions = 0, caught = 0, free = 0, allowed = 0;
  for (const r of reports) {
    const s = score([r]);
    const f = r.fuzz;
    corruptions += f?.corruptions ?? 0; caught += f?.caught ?? 0; free += f?.free.length ?? 0; allowed += f?.allowed.length ?? 0;
    out.push(`| ${r.name} | ${r.family} | ${s.total} | ${s.guarded} | ${s.total - s.guarded} | ${pct(s.guarded, s.total)} | ${f?.corruptions ?? '—'} | ${f?.caught ?? '—'} | ${f?.free.length ?? '—'} | ${f?.allowed.length ?? '—'} | ${verdict(r)} |`);
  }
  const all = score(reports);
  const problems = reports.reduce((n, r) => n + r.problems.length, 0);
  out.push(`| **overall** | | ${all.total} | ${all.guarded} | ${all.total - all.guarded} | ${pct(all.guarded, all.total)} | ${corruptions} | ${caught} | ${free} | ${allowed} | ${problems === 0 ? 'ok' : `**${problems} problems**`} |`, '');
  for (const r of reports) out.push(...section(r));
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
