/**
 * The previous release's database start-up, for the rolling-upgrade test: its pid-file lock
 * (`lockDataDir` below, verbatim from src/adapters/db/data-dir-lock.ts at commit 8cb0cdf^), then
 * PGlite on the directory. It prints "old ready pid N", and on SIGTERM shuts down the way that
 * release did: PGlite closed, then `unblock.lock` deleted. A failed start is printed as that
 * release's main.ts printed it, with exit code 1.
 *
 * Usage: node test/support/previous-release-hold.ts <dataDir>
 */
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** Data directories this process has open: a second PGlite on the same files corrupts them too. */
const openHere = new Set<string>();

/**
 * Embedded PGlite must have exactly one owner per data directory: two instances, in one process or
 * in two, would corrupt it. The lock file holds the owner's pid; a lock left by a process that no
 * longer runs is taken over. Returns the release function.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const dir = resolve(dataDir);
  if (openHere.has(dir)) throw new Error(`DATA_DIR ${dataDir} is already open in this process; open it once and share the handle.`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'unblock.lock');
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      // eslint-disable-next-line preserve-caught-error -- verbatim from the previous release (see the top of this file).
      throw new Error(`DATA_DIR ${dataDir} is in use by process ${owner}; run one Unblock per data directory, or set DATABASE_URL to share a PostgreSQL server.`);
    }
    await writeFile(path, String(process.pid));
  }
  openHere.add(dir);
  return async () => {
    openHere.delete(dir);
    await rm(path, { force: true });
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node test/support/previous-release-hold.ts <dataDir>');
let unlock: () => Promise<void>;
try {
  unlock = await lockDataDir(dataDir);
} catch (error) {
  // As that release's main.ts reported a failed start: its describeStartupError has no case of its
  // own for EISDIR or EEXIST, so the error's message follows "Unblock cannot start: ".
  console.error(`Unblock cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const db = new PGlite(dataDir);
await db.waitReady;
console.log(`old ready pid ${process.pid}`);
process.on('SIGTERM', () => {
  db.close().then(unlock).then(() => process.exit(0), () => process.exit(1));
});
setInterval(() => {}, 1 << 30);
