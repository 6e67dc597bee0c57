import type { MigrationList } from '@prisma/schema-engine-wasm';
import type { Database } from './database.ts';

interface RecordedMigration {
  readonly migration_name: string;
  readonly finished: boolean;
  readonly rolled_back: boolean;
}

/**
 * The migrations of `list` that `prisma migrate deploy` would act on, read from Prisma's
 * `_prisma_migrations` table without loading the schema engine: every migration not recorded as
 * finished (and not rolled back), or all of them when the table does not exist yet. A migration
 * recorded as failed (neither finished nor rolled back) counts as pending, so the engine runs and
 * refuses with its own error (P3009) as it would without this check. Source: Prisma docs,
 * "About the migration history" / "migrate deploy" (a migration is applied once, by name;
 * failed migrations block deploy until resolved).
 */
export async function pendingMigrations(db: Database, list: MigrationList): Promise<string[]> {
  const names = list.migrationDirectories.map((dir) => dir.path);
  const [table] = await db.prisma.$queryRawUnsafe<Array<{ exists: boolean }>>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
  if (!table?.exists) return names;
  const rows = await db.prisma.$queryRawUnsafe<RecordedMigration[]>(
    'SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM "_prisma_migrations"',
  );
  const failed = rows.filter((row) => !row.finished && !row.rolled_back).map((row) => row.migration_name);
  const done = new Set(rows.filter((row) => row.finished && !row.rolled_back).map((row) => row.migration_name));
  return [...new Set([...failed, ...names.filter((name) => !done.has(name))])];
}
