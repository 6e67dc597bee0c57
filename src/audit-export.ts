/**
 * `npm run audit:export -- --since <ISO date> [--until <ISO date>] [--format jsonl|csv]`: writes the
 * audit trail joined with its request to stdout, in time order, paged from the database so memory
 * stays flat whatever the number of rows. Reads DATABASE_URL or DATA_DIR (./.env too, as the bot).
 * Exit codes: 0 done, 2 bad arguments or settings (nothing written to stdout), 1 the database could
 * not be read. Errors go to stderr, never with a secret (the database URL is not printed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseEnv } from 'node:util';
import { EXPORT_USAGE, parseExportArguments } from './adapters/audit-export/export-arguments.ts';
import { exportLines, exportRows } from './adapters/audit-export/export-lines.ts';
import { openExportDatabase } from './adapters/audit-export/open-export-database.ts';
import { PrismaAuditExport } from './adapters/db/prisma-audit-export.ts';
import type { Database } from './adapters/db/database.ts';
import { ConfigError, loadDatabaseConfig } from './config.ts';
import { describeStartupError } from './startup-error.ts';

/** Settings from ./.env, if present; real environment variables win over it (as src/main.ts reads them). */
function environment(): Record<string, string | undefined> {
  const fromFile = existsSync('.env') ? parseEnv(readFileSync('.env', 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

/** The reason for a failure, for stderr: the driver's codes read as the bot's start-up reads them. */
function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'export_database_unusable') return (error as Error).message;
  return describeStartupError(error).replace(/^Unblock cannot start: /, '');
}

/** Whether the reader of stdout went away (`… | head`): the export stops quietly. */
const isClosedPipe = (error: unknown) => (error as { code?: unknown } | null)?.code === 'EPIPE' || (error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';

async function main(): Promise<number> {
  const args = parseExportArguments(process.argv.slice(2));
  if (!args.ok) {
    if (args.help) {
      console.log(EXPORT_USAGE);
      return 0;
    }
    console.error(`audit export: ${args.problems.join('; ')}\n${EXPORT_USAGE}`);
    return 2;
  }
  let settings;
  try {
    settings = loadDatabaseConfig(environment());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`audit export: ${error.problems.join('; ')}`);
    return 2;
  }
  let db: Database;
  try {
    db = await openExportDatabase(settings);
  } catch (error) {
    console.error(`audit export: ${reason(error)}`);
    return 1;
  }
  try {
    const reader = new PrismaAuditExport(db.prisma);
    const rows = exportRows(reader, { since: args.value.since, ...(args.value.until && { until: args.value.until }) });
    await pipeline(Readable.from(exportLines(rows, args.value.format)), process.stdout);
    return 0;
  } catch (error) {
    if (isClosedPipe(error)) return 0;
    console.error(`audit export: reading the audit trail failed: ${reason(error)}`);
    return 1;
  } finally {
    await db.close().catch(() => {});
  }
}

process.exitCode = await main();
