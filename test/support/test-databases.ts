import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

/**
 * Test databases default to a time zone other than UTC, as many real PostgreSQL servers do (the
 * server's `timezone` follows the host's at initdb), so every database-backed suite would catch a
 * stored instant that depends on the session's zone.
 */
export const TEST_DATABASE_TIME_ZONE = 'America/New_York';

/**
 * What every test database is copied from: a PGlite data directory after initdb (with the test
 * time zone), the same migrated, and on the server of TEST_DATABASE_URL a migrated database.
 */
export interface DatabaseTemplates {
  readonly pglite: string;
  readonly pgliteMigrated: string;
  /** The name of a migrated database on TEST_DATABASE_URL's server that takes no connections. */
  readonly postgres?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Built once per run by test/support/database-templates.global-setup.ts. */
    databaseTemplates: DatabaseTemplates;
  }
}

/** A PGlite data directory initialised (initdb takes seconds) with the test time zone. */
async function buildPgliteTemplate(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'unblock-pglite-template-'));
  const db = await openDatabase({ url: undefined, dataDir: dir });
  await db.close();
  // PGlite applies postgresql.conf but not per-database settings.
  await appendFile(join(dir, 'postgresql.conf'), `\ntimezone = '${TEST_DATABASE_TIME_ZONE}'\n`);
  return dir;
}

/** A copy of `template` with every migration applied, for tests that do not test migrating itself. */
async function buildPgliteMigratedTemplate(template: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'unblock-pglite-migrated-'));
  await cp(template, dir, { recursive: true });
  const db = await openDatabase({ url: undefined, dataDir: dir });
  await applyMigrations(db);
  await db.close();
  return dir;
}

/** A database on `serverUrl` with every migration applied, closed to connections so it can be copied. */
async function buildPostgresTemplate(serverUrl: string): Promise<string> {
  const name = `unblock_template_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const db = await openDatabase({ url: databaseUrl(serverUrl, name), dataDir: '' });
  try {
    await applyMigrations(db);
  } finally {
    await db.close();
  }
  // CREATE DATABASE … TEMPLATE refuses a source anyone is connected to; nobody may connect now.
  await adminQuery(serverUrl, `ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
  return name;
}

/**
 * Builds the templates for a whole test run (the vitest global setup does, once, so no test file
 * pays for initdb and the migrations); `remove` deletes them.
 */
export async function buildDatabaseTemplates(serverUrl: string | undefined): Promise<{ templates: DatabaseTemplates; remove(): Promise<void> }> {
  const [pglite, postgres] = await Promise.all([
    buildPgliteTemplate(),
    serverUrl ? buildPostgresTemplate(serverUrl) : undefined,
  ]);
  const pgliteMigrated = await buildPgliteMigratedTemplate(pglite);
  return {
    templates: { pglite, pgliteMigrated, ...(postgres ? { postgres } : {}) },
    remove: async () => {
      await Promise.all([rm(pglite, { recursive: true, force: true }), rm(pgliteMigrated, { recursive: true, force: true })]);
      if (serverUrl && postgres) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${postgres} WITH (FORCE)`);
    },
  };
}

/**
 * The run's templates, from the global setup. Outside vitest (a benchmark importing a harness)
 * there are none, and this process builds its PGlite templates on first use.
 */
async function providedTemplates(): Promise<DatabaseTemplates | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import('vitest');
  return inject('databaseTemplates');
}

let localTemplate: Promise<string> | undefined;
let localMigratedTemplate: Promise<string> | undefined;

async function pgliteTemplate(migrated: boolean): Promise<string> {
  const provided = await providedTemplates();
  if (provided) return migrated ? provided.pgliteMigrated : provided.pglite;
  localTemplate ??= buildPgliteTemplate();
  if (!migrated) return localTemplate;
  localMigratedTemplate ??= localTemplate.then(buildPgliteMigratedTemplate);
  return localMigratedTemplate;
}

/**
 * Copies the directory `from` into the existing directory `to`, and removes a directory, with the
 * system's `cp` and `rm`: a PGlite directory is about a thousand files, which fs.promises copies
 * and removes several times slower (seconds per test database on a busy machine), and the
 * synchronous calls would block the test's event loop meanwhile.
 */
const run = promisify(execFile);
const copyDirectory = (from: string, to: string) => run('cp', ['-R', `${from}/.`, to]);
const removeDirectory = (dir: string) => run('rm', ['-rf', '--', dir]);

const pglite: DatabaseTarget = {
  name: 'pglite',
  async create(options = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'unblock-pglite-'));
    await copyDirectory(await pgliteTemplate(options.migrated ?? false), dir);
    return {
      settings: { url: undefined, dataDir: dir },
      drop: async () => {
        await removeDirectory(dir);
      },
    };
  },
};

/** A fresh database on the PostgreSQL server of TEST_DATABASE_URL, dropped afterwards. */
function postgres(serverUrl: string): DatabaseTarget {
  return {
    name: 'postgres',
    async create(options = {}) {
      const name = `unblock_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const template = options.migrated ? (await providedTemplates())?.postgres : undefined;
      await adminQuery(serverUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      // Per-database settings are not copied from a template.
      await adminQuery(serverUrl, `ALTER DATABASE ${name} SET TimeZone TO '${TEST_DATABASE_TIME_ZONE}'`);
      const settings = { url: databaseUrl(serverUrl, name), dataDir: '' };
      if (options.migrated && !template) await (await openMigrated(settings)).close();
      return {
        settings,
        drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      };
    },
  };
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
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
