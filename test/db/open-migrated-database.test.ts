import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/adapters/db/apply-migrations.ts';
import type { Database, DatabaseSettings } from '../../src/adapters/db/database.ts';
import { migrateInChildProcess, MigrationError } from '../../src/adapters/db/migrate-in-child-process.ts';
import { MIGRATIONS_DIR } from '../../src/adapters/db/migration-directory.ts';
import { openMigratedDatabase } from '../../src/adapters/db/open-migrated-database.ts';
import { databaseTargets, openMigrated, type TestDatabase } from '../support/test-databases.ts';

// Every committed migration, in order (prisma/migrations).
const ALL = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/**
 * A copy of prisma/migrations whose every migration.sql is missing: the schema engine refuses it
 * whenever it runs (it reads every file of the directory), so a call that succeeds on it proves
 * the engine never ran.
 */
async function migrationsWithoutSql(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'unblock-migrations-nosql-'));
  await cp(join(MIGRATIONS_DIR, 'migration_lock.toml'), join(dir, 'migration_lock.toml'));
  for (const name of ALL) await mkdir(join(dir, name));
  return dir;
}

describe.each(databaseTargets())('openMigratedDatabase ($name)', (target) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
  });
  const created = async () => {
    const database: TestDatabase = await target.create();
    cleanup.push(() => database.drop());
    return database;
  };
  const opened = async (settings: DatabaseSettings, options?: Parameters<typeof openMigratedDatabase>[2]) => {
    const result = await openMigratedDatabase(settings, {}, options);
    cleanup.push(() => result.db.close());
    return result;
  };
  /** A `migrate` that runs the real child process and records the settings it was lent. */
  const recording = () => {
    const lent: Array<{ settings: DatabaseSettings; initialised: boolean }> = [];
    const migrate = async (settings: DatabaseSettings) => {
      lent.push({ settings, initialised: settings.url !== undefined || existsSync(join(settings.dataDir, 'PG_VERSION')) });
      return migrateInChildProcess(settings);
    };
    return { lent, migrate };
  };
  const tables = (db: Database) => db.prisma.unblockRequest.count();

  it('with nothing pending, runs no migrations process and never loads the schema engine', async () => {
    const database = await created();
    await (await openMigrated(database.settings)).close();
    const { lent, migrate } = recording();
    const { db, applied } = await opened(database.settings, { migrate });

    expect(applied).toEqual([]);
    expect(lent).toEqual([]);
    expect(await tables(db)).toBe(0);
    // The same check decides for applyMigrations: a directory the engine would refuse goes unread.
    const broken = await migrationsWithoutSql();
    cleanup.push(() => rm(broken, { recursive: true, force: true }));
    expect(await applyMigrations(db, broken)).toEqual([]);
  });

  it('applies pending migrations in the child process, then serves the migrated database', async () => {
    const database = await created();
    const { lent, migrate } = recording();
    const { db, applied } = await opened(database.settings, { migrate });

    expect(applied).toEqual(ALL);
    expect(lent).toHaveLength(1);
    expect(await tables(db)).toBe(0);
    await db.ping();
  });

  it('reports a migration the child could not apply, and leaves the database to be opened again', async () => {
    const database = await created();
    const broken = await migrationsWithoutSql();
    cleanup.push(() => rm(broken, { recursive: true, force: true }));

    await expect(openMigratedDatabase(database.settings, {}, { migrationsDir: broken })).rejects.toBeInstanceOf(MigrationError);
    const { applied } = await opened(database.settings);
    expect(applied).toEqual(ALL);
  });

  it.skipIf(target.name !== 'pglite')('has a new data directory initialised and migrated by the child before this process opens it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'unblock-pglite-fresh-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const { lent, migrate } = recording();
    const { db, applied } = await opened({ url: undefined, dataDir }, { migrate });

    expect(applied).toEqual(ALL);
    expect(lent).toEqual([{ settings: { url: undefined, dataDir }, initialised: false }]);
    expect(await tables(db)).toBe(0);
  });
});

describe('pending migrations', () => {
  it('counts a migration recorded as failed as pending, so the engine reports it', async () => {
    const database = await databaseTargets()[0]!.create({ migrated: true });
    try {
      const { db } = await openMigratedDatabase(database.settings, {}, { migrate: async () => [] });
      try {
        await db.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1`, ALL.at(-1));
        await expect(applyMigrations(db)).rejects.toThrow(/P3009|failed/);
      } finally {
        await db.close();
      }
    } finally {
      await database.drop();
    }
  });
});
