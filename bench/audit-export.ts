/**
 * `node bench/audit-export.ts [rows] [pglite|postgres]`: `npm run audit:export` over 1,000,000 audit
 * entries (or `rows`), as its own process with the flags of the npm script, on embedded PGlite, and
 * on PostgreSQL too when BENCH_DATABASE_URL names a server (or only the database kind named). Prints rows written, seconds, and the
 * export's peak resident memory (process.resourceUsage().maxRSS, reported by the child on exit),
 * to show memory stays flat however many rows. Not part of `npm test` (minutes per database).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { applyMigrations } from '../src/adapters/db/apply-migrations.ts';
import { freshDatabase, type DatabaseKind } from './bench-database.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const rows = Number(process.argv[2] ?? 1_000_000);
const serverUrl = process.env.BENCH_DATABASE_URL?.trim() || undefined;
const only = process.argv[3] as DatabaseKind | undefined;
const kinds: DatabaseKind[] = (serverUrl ? (['pglite', 'postgres'] as const) : (['pglite'] as const)).filter((kind) => only === undefined || kind === only);

/** Runs the export to /dev/null-like counting; returns lines, seconds and peak RSS in MiB. */
function exportAll(env: Record<string, string>): Promise<{ lines: number; seconds: number; maxRssMiB: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--max-semi-space-size=1', '--import', `${ROOT}test/support/report-max-rss.ts`, `${ROOT}src/audit-export.ts`, '--since', '2026-01-01'], {
      cwd: '/',
      env: { PATH: process.env.PATH ?? '', MALLOC_ARENA_MAX: '2', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 10) lines++;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /maxRSS (\d+)/.exec(stderr);
      if (code !== 0) console.error(stderr);
      resolve({ lines, seconds: (performance.now() - started) / 1000, maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN, code });
    });
  });
}

for (const kind of kinds) {
  const database = await freshDatabase(kind, serverUrl);
  try {
    const db = await database.open();
    await applyMigrations(db);
    const requestId = randomUUID();
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "UnblockRequest" (id, status, "indicatorType", "targetValue", "reportedTarget", "requesterId", reason, "createdAt", "updatedAt")
       VALUES ($1::uuid, 'active', 'DomainName', 'logistics.contoso.com', 'logistics.contoso.com', 'U0ALICE', 'bench', now(), now())`,
      requestId,
    );
    // Entries of a typical size (a reminder's details), a second apart, in batches of 100,000.
    for (let from = 1; from <= rows; from += 100_000) {
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "AuditEntry" ("requestId", "at", "actor", "action", "details")
         SELECT $1::uuid, '2026-01-01T00:00:00Z'::timestamptz + (n * interval '1 second'), 'system:reconciler', 'reminder.sent',
                jsonb_build_object('allowUntil', '2026-12-01T00:00:00.000Z', 'n', n)
         FROM generate_series($2::int, $3::int) AS n`,
        requestId,
        from,
        Math.min(rows, from + 99_999),
      );
    }
    await db.close();
    const run = await exportAll(database.settings.url ? { DATABASE_URL: database.settings.url } : { DATA_DIR: database.settings.dataDir });
    console.log(`${kind}: ${run.lines.toLocaleString('en')} rows in ${run.seconds.toFixed(1)} s (${Math.round(run.lines / run.seconds).toLocaleString('en')}/s), peak RSS ${Math.round(run.maxRssMiB)} MiB, exit ${run.code}`);
  } finally {
    await database.drop();
  }
}
