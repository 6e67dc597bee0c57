/**
 * The migrations child (see migrateInChildProcess): opens the database it is given, applies the
 * pending migrations with the schema engine, reports the names applied (or the error) to its
 * parent over the IPC channel, closes the database and exits, so the engine's memory goes with it.
 * Not a command for people: run only by migrateInChildProcess.
 */
import { applyMigrations } from './apply-migrations.ts';
import { openDatabase, type DatabaseSettings } from './database.ts';

/** What the parent sends as the first argument (JSON). */
export interface MigrationJob {
  readonly settings: DatabaseSettings;
  readonly migrationsDir: string | undefined;
}

/** What the child reports before exiting. */
export type MigrationOutcome = { readonly applied: string[] } | { readonly error: { readonly message: string; readonly code?: string } };

const job = JSON.parse(process.argv[2] ?? '{}') as MigrationJob;
const send = (outcome: MigrationOutcome) => new Promise<void>((resolve) => process.send!(outcome, () => resolve()));

try {
  // The parent holds the directory lock and has PGlite closed until this process exits.
  const db = await openDatabase(job.settings, { locksHeldByParent: true });
  try {
    await send({ applied: await applyMigrations(db, job.migrationsDir) });
  } finally {
    await db.close();
  }
} catch (error) {
  const e = error as { message?: unknown; code?: unknown };
  await send({ error: { message: String(e?.message ?? error), ...(typeof e?.code === 'string' ? { code: e.code } : {}) } });
}
process.disconnect();
