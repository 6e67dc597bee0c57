import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database, DatabaseEvents } from './database.ts';
import { withMacrotaskQueries } from './macrotask-queries.ts';
import { parsePgliteDataDir } from './pglite-data-dir.ts';
import { keepWasmOnBaselineTier, pgliteOptions } from './pglite-settings.ts';
import { withWholeScripts } from './whole-script-adapter.ts';

/**
 * Opens embedded PGlite in `dataDir` (a path, `file://` and a path, or `memory://`), locked for this
 * process (lockDataDir; its errors are thrown as they are). Reached through openDatabase only.
 */
export async function openPglite(dataDir: string, events: DatabaseEvents): Promise<Database> {
  const storage = parsePgliteDataDir(dataDir);
  if (!storage.ok) throw new Error(`DATA_DIR: ${storage.error}`);
  // One reading for both: PGlite gets the very path that was locked, never the text with file://.
  const path = storage.value.kind === 'directory' ? resolve(storage.value.path) : storage.value.dataDir;
  const locked = storage.value.kind === 'directory' && !events.locksHeldByParent;
  const unlock = locked ? await lockDataDir(path, { onLost: events.onLockLost }) : async () => {};
  try {
    if (events.beforeFirstOpen && storage.value.kind === 'directory' && !existsSync(join(path, 'PG_VERSION'))) {
      await events.beforeFirstOpen({ url: undefined, dataDir: path });
    }
    let { client, prisma } = await startPglite(path);
    return {
      kind: 'pglite',
      get prisma() {
        return prisma;
      },
      // PGlite is a single connection already.
      openMigrationAdapter: async () => ({ adapter: pgliteMigrationAdapter(client), close: async () => {} }),
      // One process owns a PGlite directory (see lockDataDir), so there is nobody to race with.
      withMigrationLock: (work) => work(),
      // Two PGlite instances on one directory corrupt it: this one is closed while the other works.
      lend: async (work) => {
        await prisma.$disconnect();
        await client.close();
        try {
          return await work({ url: undefined, dataDir: path });
        } finally {
          ({ client, prisma } = await startPglite(path));
        }
      },
      ping: async () => {
        await client.query('SELECT 1');
      },
      close: async () => {
        await prisma.$disconnect();
        await client.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

async function startPglite(path: string): Promise<{ client: PGlite; prisma: PrismaClient }> {
  keepWasmOnBaselineTier();
  const client = new PGlite(path, pgliteOptions());
  await client.waitReady;
  // PGlite is one session for the process: pin it to UTC once (see utcSessions below for why).
  await client.exec(`SET TimeZone TO 'UTC'`);
  // Queries start from macrotasks of their own, so Slack requests are read and acked between them.
  return { client, prisma: new PrismaClient({ adapter: withMacrotaskQueries(new PrismaPGlite(client)) }) };
}

/** The shadow database of a diff is a fresh in-memory PGlite, itself running scripts whole. */
function pgliteMigrationAdapter(client: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return withWholeScripts(
    new PrismaPGlite(client),
    async (script) => {
      await client.exec(script);
    },
    async () => {
      const shadow = new PGlite('memory://', pgliteOptions());
      return pgliteMigrationAdapter(shadow).connect();
    },
  );
}
