import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { ExportFormat } from './export-format.ts';

/** What `npm run audit:export` was asked for. */
export interface ExportArguments {
  /** Inclusive UTC instant. */
  readonly since: Date;
  /** Exclusive UTC instant, after `since`; no upper bound when undefined. */
  readonly until: Date | undefined;
  readonly format: ExportFormat;
}

export const EXPORT_USAGE = 'usage: npm run audit:export -- --since <ISO-8601 date or instant> [--until <ISO-8601>] [--format jsonl|csv]';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An ISO-8601 calendar date (midnight UTC) or an instant with `Z` or an offset. A time without a
 * zone is refused: whose local time it meant cannot be known, and the trail is kept in UTC.
 */
const Instant = (option: string) =>
  z.string().transform((text, ctx): Date => {
    const refuse = (why: string) => {
      ctx.addIssue({ code: 'custom', message: `--${option}: ${why}` });
      return z.NEVER;
    };
    const value = text.trim();
    const date = DATE.exec(value);
    if (date) {
      const at = new Date(`${value}T00:00:00.000Z`);
      // Date.parse rolls 2026-02-30 over into March; a calendar date must name a real day.
      if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) return refuse(`"${value}" is not a calendar date`);
      return at;
    }
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value)) return refuse(`"${value}" has no time zone: add Z for UTC (${value}Z) or an offset such as +02:00`);
    if (!INSTANT.test(value)) return refuse(`"${value}" is not an ISO-8601 date (2026-11-26) or instant (2026-11-26T09:00:00Z)`);
    // The trail keeps milliseconds (timestamptz(3)): a finer bound would be cut silently and move the range's edge.
    if (/\.\d{4,}/.test(value)) return refuse(`"${value}" is finer than a millisecond, which the audit trail keeps: use at most three decimals`);
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return refuse(`"${value}" is not a valid instant`);
    return at;
  });

const ExportOptions = z
  .object({
    since: Instant('since').optional(),
    until: Instant('until').optional(),
    format: z.enum(['jsonl', 'csv'], { error: '--format: jsonl or csv' }).default('jsonl'),
  })
  .superRefine((options, ctx) => {
    if (options.since === undefined) ctx.addIssue({ code: 'custom', message: '--since is required (an ISO-8601 date such as 2026-11-01, UTC)' });
    if (options.since && options.until && options.until.getTime() <= options.since.getTime()) {
      ctx.addIssue({ code: 'custom', message: '--until must be after --since (it is exclusive)' });
    }
  });

/** The result of reading the command line: the arguments, a request for help, or what is wrong. */
export type ParsedExportArguments = { readonly ok: true; readonly value: ExportArguments } | { readonly ok: false; readonly help: boolean; readonly problems: readonly string[] };

/** Reads `--since`, `--until`, `--format` and `--help` from `argv` (without node and the script). */
export function parseExportArguments(argv: readonly string[]): ParsedExportArguments {
  let values: Record<string, string | boolean | undefined>;
  let tokens: ReturnType<typeof parseArgs>['tokens'];
  try {
    ({ values, tokens } = parseArgs({
      args: [...argv],
      options: { since: { type: 'string' }, until: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
      tokens: true,
    }));
  } catch (error) {
    // parseArgs' own sentence names the unknown option or the missing value.
    return { ok: false, help: false, problems: [(error as Error).message] };
  }
  if (values.help) return { ok: false, help: true, problems: [] };
  // parseArgs keeps the last of a repeated option silently: a range must never be read from a guess.
  const given = (tokens ?? []).flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  const repeated = [...new Set(given.filter((name, i) => given.indexOf(name) !== i))];
  if (repeated.length > 0) return { ok: false, help: false, problems: repeated.map((name) => `--${name} is given more than once: give it once`) };
  const parsed = ExportOptions.safeParse(values);
  if (!parsed.success) return { ok: false, help: false, problems: parsed.error.issues.map((issue) => issue.message) };
  const { since, until, format } = parsed.data;
  return { ok: true, value: { since: since!, until, format } };
}
