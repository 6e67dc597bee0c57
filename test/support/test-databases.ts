import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { applyMigrations } from '../../src/adapters/db/apply-migrations.ts';
import { openDatabase, type DatabaseSettings } from '../../src/adapters/db/database.ts';

export interface TestDatabase {
  readonly settings: DatabaseSettings;
  /** Deletes the database and its files. */
  drop(): Promise<void>;
}

export interface DatabaseTarget {
  readonly name: 'pglite' | 'postgres';
  /** A fresh database: empty, or with every migration applied when `migrated` is asked for. */
  create(options?: { readonly migrated?: boolean }): Promise<TestDatabase>;
}

let template: Promise<string> | undefined;

/**
 * Test databases default to a time zone other than UTC, as many real PostgreSQL servers do (the
 * server's `timezone` follows the host's at initdb), so every database-backed suite would catch a
 * stored instant that depends on the session's zone.
 */
export const TEST_DATABASE_TIME_ZONE = 'America/New_York';
let migratedTemplate: Promise<string> | undefined;

/**
 * A PGlite data directory initialised once per test worker (initdb takes seconds) and copied for
 * each test database. It is migrated only when `migrated` is asked for; tests of migrations
 * themselves start from the unmigrated copy.
 */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'unblock-pglite-template-'));
    const db = await openDatabase({ url: undefined, dataDir: dir });
    await db.close();
    // PGlite applies postgresql.conf but not per-database settings.
    await appendFile(join(dir, 'postgresql.conf'), `\ntimezone = '${TEST_DATABASE_TIME_ZONE}'\n`);
    return dir;
  })();
  return template;
}

/** The template with every migration applied, for tests that do not test migrating itself. */
function pgliteMigratedTemplate(): Promise<string> {
  migratedTemplate ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'unblock-pglite-migrated-'));
    await cp(await pgliteTemplate(), dir, { recursive: true });
    const db = await openDatabase({ url: undefined, dataDir: dir });
    await applyMigrations(db);
    await db.close();
    return dir;
  })();
  return migratedTemplate;
}

const pglite: DatabaseTarget = {
  name: 'pglite',
  async create(options = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'unblock-pglite-'));
    await cp(await (options.migrated ? pgliteMigratedTemplate() : pgliteTemplate()), dir, { recursive: true });
    return { settings: { url: undefined, dataDir: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  },
};

/** A fresh database on the PostgreSQL server of TEST_DATABASE_URL, dropped afterwards. */
function postgres(serverUrl: string): DatabaseTarget {
  return {
    name: 'postgres',
    async create() {
      const name = `unblock_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.query(`ALTER DATABASE ${name} SET TimeZone TO '${TEST_DATABASE_TIME_ZONE}'`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        settings: { url: url.toString(), dataDir: '' },
        drop: async () => {
          const client = new pg.Client({ connectionString: serverUrl });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await client.end();
        },
      };
    },
  };
}

/** Embedded PGlite always; the PostgreSQL server too when TEST_DATABASE_URL is set. */
export function databaseTargets(): DatabaseTarget[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [pglite, postgres(url)] : [pglite];
}

/** Opens `settings` with the schema migrated, for tests that work below the app. */
export async function openMigrated(settings: DatabaseSettings) {
  const db = await openDatabase(settings);
  await applyMigrations(db);
  return db;
}
