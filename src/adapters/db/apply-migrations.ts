import type { Database } from './database.ts';
import { readMigrationList } from './migration-directory.ts';
import { NO_FILTERS, withSchemaEngine } from './schema-engine.ts';

/**
 * Applies every committed migration the database does not have yet, with Prisma's own schema
 * engine (WebAssembly build) and its `_prisma_migrations` bookkeeping, so `prisma migrate deploy`
 * stays interchangeable. Idempotent; replicas starting together take turns on an advisory lock.
 * Returns the names of the migrations it applied.
 */
export async function applyMigrations(db: Database, migrationsDir?: string): Promise<string[]> {
  const migrationsList = await readMigrationList(migrationsDir);
  return db.withMigrationLock(async () => {
    const { adapter, close } = await db.openMigrationAdapter();
    try {
      return await withSchemaEngine(adapter, undefined, async (engine) => {
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
        return appliedMigrationNames;
      });
    } finally {
      await close();
    }
  });
}
