import { accessSync, constants, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database, DatabaseSettings } from '../adapters/db/database.ts';
import { openDatabase } from '../adapters/db/database.ts';
import { readMigrationList } from '../adapters/db/migration-directory.ts';
import { parsePgliteDataDir } from '../adapters/db/pglite-data-dir.ts';
import { pendingMigrations } from '../adapters/db/pending-migrations.ts';
import { failed, passed, skipped, type CheckResult } from './check-result.ts';

/** `text` cut to `max` characters, ending in … when cut. */
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const NAME = 'Database';

/**
 * One more line read from the same open database (the Sentinel forwarding state): `read` while the
 * doctor holds it; `unread` (a ✓ line saying why) when there is nothing to read or a running bot
 * holds an embedded database; skipped when the database failed.
 */
export interface DatabaseReading {
  readonly name: string;
  read(db: Database): Promise<CheckResult>;
  unread(why: string): CheckResult;
}

/**
 * Is the database reachable and migrated? Opens it as the bot does (openDatabase), but never
 * migrates and never waits on a running bot:
 * - PostgreSQL (DATABASE_URL): connects, checks that sessions run in UTC, reads `_prisma_migrations`.
 * - Embedded PGlite (DATA_DIR): a directory without a database yet is fine (the bot creates it at
 *   its first start); one held by a running bot is fine too: the doctor does not open it (two
 *   PGlite on one directory would corrupt it) and says which bot holds it. Otherwise the doctor
 *   takes the directory's lock for the second or two it reads, as the bot would: a bot started in
 *   that moment is refused and restarted by its supervisor.
 * Pending migrations are reported, not a failure: the bot applies them when it starts.
 * Never prints DATABASE_URL (it may hold a password). With `reading`, its line follows the
 * database's (see DatabaseReading).
 */
export async function checkDatabase(settings: DatabaseSettings, reading?: DatabaseReading): Promise<CheckResult[]> {
  const alone = (result: CheckResult, why: string): CheckResult[] =>
    reading === undefined ? [result] : [result, result.ok ? reading.unread(why) : skipped(reading.name, 'needs the database')];
  if (!settings.url) {
    const storage = parsePgliteDataDir(settings.dataDir);
    if (!storage.ok) return alone(failed(NAME, `DATA_DIR: ${storage.error}`, 'set DATA_DIR to a directory'), '');
    if (storage.value.kind === 'memory') return alone(passed(NAME, `DATA_DIR is ${settings.dataDir}: an in-memory database, empty at every start (nothing is kept)`), 'an in-memory database keeps nothing to read');
    const dir = resolve(storage.value.path);
    if (!existsSync(join(dir, 'PG_VERSION'))) return alone(noDatabaseYet(dir), 'no database yet, so nothing was forwarded');
  }
  let db: Database;
  try {
    db = await openDatabase(settings);
  } catch (error) {
    return alone(openFailure(error, settings), 'not read: the running bot holds DATA_DIR (its /metrics shows unblock_audit_forward_rounds_total)');
  }
  try {
    const list = await readMigrationList();
    const pending = await pendingMigrations(db, list);
    const where = settings.url ? 'PostgreSQL at DATABASE_URL' : `embedded PGlite in ${resolve(settings.dataDir)}`;
    if (pending.length === 0) {
      const result = passed(NAME, `${where}, schema up to date (${list.migrationDirectories.length} migrations)`);
      return reading === undefined ? [result] : [result, await readOrFail(reading, db)];
    }
    const names = pending.length <= 3 ? pending.join(', ') : `${pending.slice(0, 2).join(', ')} and ${pending.length - 2} more`;
    return alone(
      passed(NAME, `${where}, ${pending.length} migration${pending.length === 1 ? '' : 's'} pending (the bot applies them at start): ${names}`),
      'not read: the schema is older than this release until the bot applies its migrations',
    );
  } catch (error) {
    return alone(failed(NAME, `the database answered, but reading its migrations failed: ${(error as Error).message}`, 'check that DATABASE_URL or DATA_DIR points at Unblock\'s own database'), '');
  } finally {
    await db.close().catch(() => {});
  }
}

/** `reading`'s line, or a ✗ line with the error when the read itself failed. */
async function readOrFail(reading: DatabaseReading, db: Database): Promise<CheckResult> {
  try {
    return await reading.read(db);
  } catch (error) {
    return failed(reading.name, `reading it from the database failed: ${(error as Error).message}`, 'check that DATABASE_URL or DATA_DIR points at Unblock\'s own database');
  }
}

function noDatabaseYet(dir: string): CheckResult {
  let parent = dir;
  while (!existsSync(parent) && resolve(parent, '..') !== parent) parent = resolve(parent, '..');
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    return failed(NAME, `no database in ${dir} yet, and ${parent} is not writable by this user`, 'make DATA_DIR writable by the user Unblock runs as (the Docker image runs as node)');
  }
  return passed(NAME, `no database in ${dir} yet: the bot creates it at its first start`);
}

/** Why the database could not be opened, by the error's stable code (never its message's wording). */
function openFailure(error: unknown, settings: DatabaseSettings): CheckResult {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'data_dir_in_use': {
      const holder = (error as { holder?: string }).holder;
      return passed(NAME, `DATA_DIR ${resolve(settings.dataDir)} is locked by a running Unblock${holder ? ` (${holder})` : ''}: not opened (it applies migrations at start; its /healthz reports the database)`);
    }
    case 'data_dir_previous_release_lock':
    case 'database_time_zone':
      return failed(NAME, message, 'see the sentence above; README, "Health, logs and operations"');
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return failed(NAME, `the PostgreSQL server at DATABASE_URL could not be reached (${code})`, 'check the host and port in DATABASE_URL, and that the server runs and accepts connections from here');
    case '28P01':
    case '28000':
      return failed(NAME, `the PostgreSQL server refused the login (${code})`, 'check the user name and password in DATABASE_URL');
    case '3D000':
      return failed(NAME, `the database named in DATABASE_URL does not exist (${code})`, 'create it, or fix the database name in DATABASE_URL');
    case 'EACCES':
      return failed(NAME, `permission denied opening DATA_DIR ${resolve(settings.dataDir)}`, 'make DATA_DIR readable and writable by the user Unblock runs as');
    default:
      // The driver's own reason (e.g. "The server does not support SSL connections" for a DATABASE_URL
      // asking for sslmode=require): never the URL, and the report scrubs DATABASE_URL's password anyway.
      return failed(
        NAME,
        `the database could not be opened: ${code ? `${String(code)}: ` : ''}${clip(message, 300)}`,
        settings.url ? 'check DATABASE_URL (its host, port, database, user and sslmode) and the server' : 'check DATA_DIR',
      );
  }
}
