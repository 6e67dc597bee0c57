import type { Database } from './database.ts';
import { readMigrationList } from './migration-directory.ts';
import { pendingMigrations } from './pending-migrations.ts';

/**
 * Applies every committed migration the database does not have yet, with Prisma's own schema
 * engine (WebAssembly build) and its `_prisma_migrations` bookkeeping, so `prisma migrate deploy`
 * stays interchangeable. Idempotent; replicas starting together take turns on an advisory lock.
 * The engine (about 140 MB once loaded, and kept by the process) is loaded only when a migration
 * is pending (see pendingMigrations); the bot itself runs this in a child process
 * (migrateInChildProcess). Returns the names of the migrations it applied.
 */
export async function applyMigrations(db: Database, migrationsDir?: string): Promise<string[]> {
  const migrationsList = await readMigrationList(migrationsDir);
  if ((await pendingMigrations(db, migrationsList)).length === 0) return [];
  return db.withMigrationLock(async () => {
    const { adapter, close } = await db.openMigrationAdapter();
    try {
      // Imported here only: a process with nothing to migrate never loads the engine's glue.
      const { NO_FILTERS, withSchemaEngine } = await import('./schema-engine.ts');
      return await withSchemaEngine(adapter, undefined, async (engine) => {
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
        return appliedMigrationNames;
      });
    } finally {
      await close();
    }
  });
}
