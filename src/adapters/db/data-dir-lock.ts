import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Data directories this process has open: a second PGlite on the same files corrupts them too. */
const openHere = new Set<string>();

/**
 * Embedded PGlite must have exactly one owner per data directory: two instances, in one process or
 * in two, would corrupt it. The lock file holds the owner's pid; a lock left by a process that no
 * longer runs is taken over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
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
