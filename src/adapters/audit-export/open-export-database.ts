import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database, type DatabaseSettings } from '../db/database.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';
import { readMigrationList } from '../db/migration-directory.ts';
import { parsePgliteDataDir } from '../db/pglite-data-dir.ts';
import { pendingMigrations } from '../db/pending-migrations.ts';

/** Why the export cannot read the database, in a sentence an operator can act on (no secrets). */
export class ExportDatabaseError extends Error {
  readonly code = 'export_database_unusable';
  constructor(message: string) {
    super(message);
    this.name = 'ExportDatabaseError';
  }
}

/**
 * Opens the bot's database for reading the audit trail, as the bot opens it but WITHOUT migrating:
 * a tool must never change the schema under a running bot of another release. Refuses (throws
 * ExportDatabaseError) when:
 * - DATA_DIR holds no database (nothing to export; opening would create one) or is `memory://`;
 * - the embedded database is open by a running Unblock: PGlite serves a single process, and its
 *   data directory's lock (lockDataDir) is the bot's, which the export never takes from it;
 * - the schema is behind this release's migrations (start this release of the bot once first).
 * Other errors (PostgreSQL unreachable, wrong password) are thrown as the driver throws them.
 */
export async function openExportDatabase(settings: DatabaseSettings): Promise<Database> {
  if (!settings.url) {
    const storage = parsePgliteDataDir(settings.dataDir);
    if (!storage.ok || storage.value.kind === 'memory') {
      throw new ExportDatabaseError('DATA_DIR is memory://, which keeps nothing between runs: there is no audit trail to export. Set DATA_DIR to the bot\'s data directory, or DATABASE_URL.');
    }
    if (!existsSync(join(storage.value.path, 'PG_VERSION'))) {
      throw new ExportDatabaseError(`DATA_DIR ${storage.value.path} holds no Unblock database. Set DATA_DIR to the directory the bot uses (/data in the Docker image), or DATABASE_URL.`);
    }
  }
  let db: Database;
  try {
    db = await openDatabase(settings);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      throw new ExportDatabaseError(
        `the embedded database in DATA_DIR ${error.dataDir} is open by a running Unblock${error.holder ? ` (${error.holder})` : ''}. ` +
          'Embedded PGlite serves one process at a time, so the export cannot read it while the bot runs: stop the bot, export, and start it again; ' +
          'or run Unblock on a PostgreSQL server (DATABASE_URL), which the export reads while the bot runs.',
      );
    }
    throw error;
  }
  try {
    const pending = await pendingMigrations(db, await readMigrationList());
    if (pending.length > 0) {
      throw new ExportDatabaseError(`the database's schema is older than this release of Unblock (${pending.length} migration(s) pending): start this release of the bot once, which migrates it, then export.`);
    }
    return db;
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
