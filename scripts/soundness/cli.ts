/**
 * npm run soundness [-- --circuit <name…> | --all] [--corruptions N] [--seed S] [--fast] [--report PATH | --no-report]
 *
 * Constraint-deletion mutation score and cell-corruption fuzz for every registered circuit (see
 * registry.ts; --all adds the on-demand ones). Prints the report, writes scripts/soundness/REPORT.md (full --all
 * runs, or with --report), and exits 1 when anything is unguarded, free outside the allow-list, or broken.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { analyze, type TargetReport } from './engine.js';
import { findTargets, onDemand, registry } from './registry.js';
import { renderReport } from './report.js';

export const DEFAULT_CORRUPTIONS = 10_000;
export const FAST_CORRUPTIONS = 300;
export const DEFAULT_REPORT = join(__dirname, 'REPORT.md');

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return n;
};

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('soundness')
    .description('Constraint-deletion mutation score and cell-corruption fuzz for the registered circuits (MockProver based).')
    .option('-c, --circuit <names...>', 'only these circuits (default: the registered ones; see --list)')
    .option('--all', 'the registered circuits and the on-demand ones (slow: minutes)')
    .option('-n, --corruptions <n>', `cell corruptions per circuit (default ${DEFAULT_CORRUPTIONS}; ${FAST_CORRUPTIONS} with --fast)`, int('--corruptions'))
    .option('-s, --seed <s>', 'fuzz seed', int('--seed'), 1)
    .option('--fast', 'the CI sample: few corruptions, no report file unless --report')
    .option('--exhaustive', 'rebuild every mutant for every negative test (the default rebuilds only those that can differ)')
    .option('--confirm', 'run the full MockProver on every corruption and check the local verdict against it')
    .option('--report <path>', `write the Markdown report here (default ${DEFAULT_REPORT} with --all, without --fast)`)
    .option('--no-report', 'do not write a report file')
    .option('--list', 'list the registered circuits and exit')
    .configureOutput({ writeOut: (t) => console.log(t.trimEnd()), writeErr: (t) => console.error(t.trimEnd()) })
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const o = program.opts<{ circuit?: string[]; all?: boolean; corruptions?: number; seed: number; fast?: boolean; exhaustive?: boolean; confirm?: boolean; report?: string | false; list?: boolean }>();
  if (o.list) {
    for (const t of registry) console.log(`${t.name.padEnd(24)} ${t.family.padEnd(12)} ${t.description ?? ''}`);
    try {
      for (const t of onDemand()) console.log(`${t.name.padEnd(24)} ${t.family.padEnd(12)} (on demand) ${t.description ?? ''}`);
    } catch (e) {
      console.error(`the on-demand targets do not load: ${(e as Error).message}`);
      return 1;
    }
    return 0;
  }
  if (o.all && o.circuit) {
    console.error('--all and --circuit exclude each other');
    return 2;
  }
  let targets;
  try {
    targets = o.all ? [...registry, ...onDemand()] : findTargets(o.circuit?.flatMap((c) => c.split(',')).filter(Boolean));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const corruptions = o.corruptions ?? (o.fast ? FAST_CORRUPTIONS : DEFAULT_CORRUPTIONS);
  const reports: TargetReport[] = [];
  for (const t of targets) {
    await t.prepare?.();
    const r = analyze(t, { corruptions, seed: o.seed, exhaustive: o.exhaustive, confirm: o.confirm });
    console.error(`${t.name}: ${r.problems.length === 0 ? 'ok' : `${r.problems.length} problems`} (${(r.ms / 1000).toFixed(1)} s)`);
    reports.push(r);
  }
  const command = ['npm run soundness', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
  const text = renderReport(reports, { corruptions, seed: o.seed, date: new Date().toISOString().slice(0, 10), command });
  console.log(text);
  // REPORT.md records every circuit, the on-demand ones included: only a full --all run replaces it by default
  const path = o.report === false ? undefined : o.report ?? (o.all && !o.fast ? DEFAULT_REPORT : undefined);
  if (path) {
    writeFileSync(path, text);
    console.error(`report written to ${path}`);
  }
  return reports.some((r) => r.problems.length > 0) ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 2; });
}
