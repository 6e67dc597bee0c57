import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase, type Database, type DatabaseSettings } from '../src/adapters/db/database.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

export type DatabaseKind = 'pglite' | 'postgres';

/** A fresh, empty database for one bot: a new PGlite data directory, or a new database on the server. */
export interface BenchDatabase {
  readonly kind: DatabaseKind;
  readonly settings: DatabaseSettings;
  /** Opens it from the bench process (after the bot stopped, for PGlite, whose directory one process holds). */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/**
 * A fresh database of `kind`. On PostgreSQL it is created under `serverUrl` (BENCH_DATABASE_URL)
 * with scripts/ci-database.ts, as CI does, and dropped afterwards.
 */
export async function freshDatabase(kind: DatabaseKind, serverUrl: string | undefined): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'unblock-bench-'));
    const settings = { url: undefined, dataDir };
    return { kind, settings, open: () => openDatabase(settings), drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  if (!serverUrl) throw new Error('PostgreSQL needs BENCH_DATABASE_URL');
  const { stdout } = await run(process.execPath, ['scripts/ci-database.ts', 'create', serverUrl], { cwd: ROOT });
  const url = stdout.trim();
  const settings = { url, dataDir: '' };
  return {
    kind,
    settings,
    open: () => openDatabase(settings),
    drop: async () => {
      await run(process.execPath, ['scripts/ci-database.ts', 'drop', url], { cwd: ROOT });
    },
  };
}

/** `settings` as the bot's environment (DATABASE_URL or DATA_DIR). */
export const databaseEnv = (settings: DatabaseSettings): { url?: string; dataDir?: string } =>
  settings.url ? { url: settings.url } : { dataDir: settings.dataDir };
