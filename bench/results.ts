import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { DatabaseKind } from './bench-database.ts';

/** PASS/MISS against a goal; INFO for figures shown for context only. */
export type Verdict = 'PASS' | 'MISS' | 'INFO';

/** One line of the table: a target, the figure measured, the goal and the verdict. */
export interface Row {
  readonly scenario: string;
  readonly target: string;
  /** The measured number, or null when it could not be measured (a MISS). */
  readonly value: number | null;
  readonly unit: string;
  /** Human-readable figure, e.g. "412 ms" or "14 of 20". */
  readonly figure: string;
  /** Human-readable goal, e.g. "≤ 300 ms"; empty for INFO rows. */
  readonly goal: string;
  readonly verdict: Verdict;
}

export type Goal = { readonly atMost: number } | { readonly atLeast: number } | { readonly exactly: number };

const number = (value: number) => (Number.isInteger(value) ? value.toLocaleString('en') : value.toLocaleString('en', { maximumFractionDigits: 2 }));
const withUnit = (value: number, unit: string) => (unit ? `${number(value)} ${unit}` : number(value));

function goalText(goal: Goal, unit: string): string {
  if ('atMost' in goal) return `≤ ${withUnit(goal.atMost, unit)}`;
  if ('atLeast' in goal) return `≥ ${withUnit(goal.atLeast, unit)}`;
  return `= ${withUnit(goal.exactly, unit)}`;
}

function meets(value: number, goal: Goal): boolean {
  if ('atMost' in goal) return value <= goal.atMost;
  if ('atLeast' in goal) return value >= goal.atLeast;
  return value === goal.exactly;
}

/** A row checked against `goal`; a null value (not measured) is a MISS, with `why` as its figure. */
export function checked(scenario: string, target: string, value: number | null, unit: string, goal: Goal, options: { figure?: string; why?: string } = {}): Row {
  const figure = value === null ? `— (${options.why ?? 'not measured'})` : (options.figure ?? withUnit(value, unit));
  return { scenario, target, value, unit, figure, goal: goalText(goal, unit), verdict: value !== null && meets(value, goal) ? 'PASS' : 'MISS' };
}

/** A row shown for context, not checked. */
export function info(scenario: string, target: string, value: number | null, unit: string, figure?: string): Row {
  return { scenario, target, value, unit, figure: figure ?? (value === null ? '—' : withUnit(value, unit)), goal: '', verdict: 'INFO' };
}

/** Everything measured on one database, and what went wrong if a scenario could not run to its end. */
export interface DatabaseRun {
  readonly database: DatabaseKind;
  readonly rows: Row[];
  readonly problems: string[];
  readonly seconds: number;
  /** The machine's 1-minute load average when the run began and ended (other work skews every figure). */
  readonly loadAverage: { readonly before: number; readonly after: number };
}

/** The 1-minute load average, rounded. */
export const currentLoad = (): number => Math.round(loadavg()[0]! * 100) / 100;

/** The table as printed: one block per database. */
export function formatTable(runs: readonly DatabaseRun[]): string {
  const lines: string[] = [];
  for (const run of runs) {
    const header = ['#', 'target', 'figure', 'goal', 'result'];
    const cells = run.rows.map((r) => [r.scenario, r.target, r.figure, r.goal, r.verdict === 'INFO' ? '' : r.verdict]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: readonly string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
    const load = `load average ${run.loadAverage.before} → ${run.loadAverage.after} on ${availableParallelism()} cores`;
    lines.push(`\n${run.database === 'pglite' ? 'Embedded PGlite' : 'PostgreSQL server'} (${Math.round(run.seconds)} s, ${load})`);
    lines.push(line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line));
    for (const problem of run.problems) lines.push(`  ! ${problem}`);
  }
  return lines.join('\n');
}

/** Writes bench/results.json: the machine, the settings and every row. */
export async function writeResults(path: URL, runs: readonly DatabaseRun[], settings: Record<string, string>): Promise<void> {
  const machine = { node: process.version, cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', memoryMb: Math.round(totalmem() / 1024 / 1024), platform: `${process.platform}-${process.arch}` };
  const document = { date: new Date().toISOString(), machine, settings, runs };
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
}
