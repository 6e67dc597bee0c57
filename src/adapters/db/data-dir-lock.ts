import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { tryLock } from 'fs-native-extensions';

/**
 * Data directories this process has open, with the descriptor that holds each one's lock. A second
 * PGlite on the same files in one process corrupts them too. Keeping the descriptor here also keeps
 * it from ever being closed, and so the lock released, before `release` runs.
 */
const openHere = new Map<string, number>();

/** Name of the lock file inside the data directory. It is never deleted (see lockDataDir). */
export const LOCK_FILE = 'unblock.lock';

/**
 * The data directory is locked by another running process (another Unblock, in this container or
 * in another one sharing the volume). Expected at start-up: shown to the operator without a stack.
 */
export class DataDirInUseError extends Error {
  readonly code = 'data_dir_in_use';
  /** The directory as configured (DATA_DIR). */
  readonly dataDir: string;
  /** What the holder wrote in the lock file, e.g. "pid 1 on host 3f2a9c1d0b7e"; undefined if unreadable. */
  readonly holder: string | undefined;
  constructor(dataDir: string, holder: string | undefined) {
    super(
      `DATA_DIR ${dataDir} is in use by another Unblock${holder ? ` (${holder})` : ''}; ` +
        'run one Unblock per data directory, or set DATABASE_URL to share a PostgreSQL server.',
    );
    this.dataDir = dataDir;
    this.holder = holder;
    this.name = 'DataDirInUseError';
  }
}

/**
 * Embedded PGlite must have exactly one owner per data directory: two instances, in one process or
 * in two (two containers on one volume included), would corrupt it. The owner holds an exclusive
 * open-file-description lock (Linux `fcntl(F_OFD_SETLK)`, through `fs-native-extensions`) on
 * `<dataDir>/unblock.lock` for as long as the directory is open. The kernel keeps that lock per
 * file, whatever the PID namespace, and drops it when the descriptor closes, so a process that dies
 * (SIGKILL, OOM, power off of the container) leaves no lock behind. A pid in a file cannot do this:
 * every container's bot is PID 1.
 *
 * Returns the release function (idempotent). Throws DataDirInUseError when another process holds
 * the lock, a plain Error when this process already has the directory open, and the file system's
 * own error (EACCES, ENOLCK …) when the lock file cannot be created or locked.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const dir = resolve(dataDir);
  if (openHere.has(dir)) throw new Error(`DATA_DIR ${dataDir} is already open in this process; open it once and share the handle.`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  // A numeric descriptor, not a FileHandle: Node closes an unreferenced FileHandle on garbage
  // collection, which would drop the lock silently. libuv opens it close-on-exec, so no child
  // process inherits the lock.
  const fd = openSync(path, 'a+');
  let locked: boolean;
  try {
    locked = tryLock(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (!locked) {
    closeSync(fd);
    throw new DataDirInUseError(dataDir, readHolder(path));
  }
  // Who holds it, for the next process's message only; the lock itself is the kernel's.
  ftruncateSync(fd, 0);
  writeSync(fd, `pid ${process.pid} on host ${hostname()}\n`);
  openHere.set(dir, fd);

  let released = false;
  return async () => {
    if (released) return;
    released = true;
    openHere.delete(dir);
    // The file stays: deleting it would let a process that opened it just before lock the orphaned
    // file while a third creates and locks a new one, two owners at once.
    ftruncateSync(fd, 0);
    closeSync(fd);
  };
}

/** The holder line of a lock file, only if it looks like one we wrote (it is shown to operators). */
function readHolder(path: string): string | undefined {
  try {
    const line = readFileSync(path, 'utf8').split('\n')[0] ?? '';
    return /^pid \d+ on host [\w.-]{1,253}$/.test(line) ? line : undefined;
  } catch {
    return undefined;
  }
}
