import { openDatabase, type Database, type DatabaseEvents, type DatabaseSettings } from './database.ts';
import { migrateInChildProcess } from './migrate-in-child-process.ts';
import { readMigrationList } from './migration-directory.ts';
import { pendingMigrations } from './pending-migrations.ts';

/** Applies the pending migrations of a database this process has lent out (see Database.lend); returns their names. */
export type Migrate = (settings: DatabaseSettings) => Promise<string[]>;

/**
 * Opens the database with every committed migration applied, the way the bot starts: the
 * `_prisma_migrations` table is read first, and only when a migration is pending does another
 * process (`migrate`, by default migrateInChildProcess) run the schema engine, under the migration
 * lock, while PGlite is closed here. A new PGlite directory is initialised and migrated by that
 * process before this one first opens it. Returns the names of the migrations applied.
 */
export async function openMigratedDatabase(
  settings: DatabaseSettings,
  events: Omit<DatabaseEvents, 'beforeFirstOpen' | 'locksHeldByParent'> = {},
  options: { migrationsDir?: string; migrate?: Migrate } = {},
): Promise<{ db: Database; applied: string[] }> {
  const migrate = options.migrate ?? ((lent: DatabaseSettings) => migrateInChildProcess(lent, options.migrationsDir));
  const applied: string[] = [];
  const db = await openDatabase(settings, {
    ...events,
    beforeFirstOpen: async (fresh) => {
      applied.push(...(await migrate(fresh)));
    },
  });
  try {
    if ((await pendingMigrations(db, await readMigrationList(options.migrationsDir))).length > 0) {
      applied.push(...(await db.lend(migrate)));
    }
    return { db, applied };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
