import { readFile } from 'node:fs/promises';
import { openDatabase } from './database.ts';
import { readMigrationList, SCHEMA_PATH } from './migration-directory.ts';
import { NO_FILTERS, withSchemaEngine } from './schema-engine.ts';

const EMPTY = /^\s*(-- This is an empty migration\.)?\s*$/;

/**
 * The SQL that would take the committed migrations to prisma/schema.prisma, or null when they
 * already match. Runs the WebAssembly schema engine against throwaway in-memory PGlite databases
 * (main and shadow), so it needs no server and no native engine.
 */
export async function pendingMigrationSql(migrationsDir?: string): Promise<string | null> {
  const schema = { path: 'schema.prisma', content: await readFile(SCHEMA_PATH, 'utf8') };
  const migrations = await readMigrationList(migrationsDir);
  const db = await openDatabase({ url: undefined, dataDir: 'memory://' });
  try {
    const { adapter } = await db.openMigrationAdapter();
    const { stdout } = await withSchemaEngine(adapter, schema, (engine) =>
      engine.diff({
        from: migrations.migrationDirectories.length === 0 ? { tag: 'empty' } : { tag: 'migrations', ...migrations },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      }),
    );
    return stdout === null || EMPTY.test(stdout) ? null : stdout;
  } finally {
    await db.close();
  }
}
