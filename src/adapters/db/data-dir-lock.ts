import { closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tryLock } from 'fs-native-extensions';
import { holdGuard, type HeldGuard } from './data-dir-guard.ts';
import { DataDirInUseError, DataDirLockLostError, readHolder } from './data-dir-lock-errors.ts';

export { DataDirInUseError, DataDirLockLostError, PreviousReleaseLockError } from './data-dir-lock-errors.ts';

/**
 * Data directories this process has open, with the descriptor that holds each one's lock. A second
 * PGlite on the same files in one process corrupts them too. Keeping the descriptor here also keeps
 * it from ever being closed, and so the lock released, before `release` runs.
 */
const openHere = new Map<string, number>();

/**
 * Name of the lock file inside the data directory. Never deleted (see lockDataDir). Not
 * `unblock.lock`: that was the previous release's pid file, which it deleted when it stopped, and
 * is now this release's guard directory (data-dir-guard.ts).
 */
export const LOCK_FILE = 'unblock-owner.lock';

/** How often the holder checks that its lock files are still the ones at their paths, in milliseconds. */
export const LOCK_CHECK_INTERVAL_MS = 1_000;

/**
 * How long a process that had to create the lock file or the guard's lock file waits, holding
 * both locks, before it opens the database, in milliseconds: long enough for a holder whose files
 * were both deleted to notice (at its next check) and stop before a second PGlite touches the files.
 */
export const NEW_LOCK_FILE_WAIT_MS = 2 * LOCK_CHECK_INTERVAL_MS + 500;

/** Called once when a lock file of a held directory was removed or replaced. */
export type OnLockLost = (error: DataDirLockLostError) => void;

/**
 * Embedded PGlite must have exactly one owner per data directory: two instances, in one process or
 * in two (two containers on one volume included), would corrupt it. The owner holds an exclusive
 * open-file-description lock (Linux `fcntl(F_OFD_SETLK)`, through `fs-native-extensions`) on
 * `<dataDir>/unblock-owner.lock` for as long as the directory is open. The kernel keeps that lock
 * per file, whatever the PID namespace, and drops it when the descriptor closes, so a process that
 * dies (SIGKILL, OOM, power off of the container) leaves no lock behind. A pid in a file cannot do
 * this: every container's bot is PID 1.
 *
 * The ways around the lock closed here:
 * - The previous release's pid file `unblock.lock` present: refused (PreviousReleaseLockError),
 *   since that release takes no kernel lock and its pid cannot be checked from another container.
 * - The previous release started beside or after this one: the holder makes `unblock.lock` a guard
 *   directory, which that release cannot write its pid file over, so it fails to start (holdGuard).
 * - Deleting or replacing the lock file (a second bot would lock the new one): the holder also locks
 *   the guard's `owner.lock`, so that bot is still refused while the holder runs. The holder compares
 *   both descriptors with their paths every LOCK_CHECK_INTERVAL_MS (device and inode) and calls
 *   `onLost` once when either file is gone or another, since from then on one lock alone keeps
 *   others out; `onLost` must stop the process at once. Without `onLost` the check throws, which
 *   crashes the process. Should both files go at once, a process that had to create either waits
 *   NEW_LOCK_FILE_WAIT_MS before returning, so such a holder has stopped first.
 * - DATA_DIR as `file://…`: `dataDir` is a path, read from DATA_DIR by parsePgliteDataDir, and the
 *   caller gives PGlite that same path, so the file locked is in the directory PGlite opens.
 *
 * Returns the release function (idempotent); the lock file and the guard stay. Throws
 * DataDirInUseError when another process holds either lock, PreviousReleaseLockError (above), a
 * plain Error when this process already has the directory open, and the file system's own error
 * (EACCES, ENOLCK, EEXIST from holdGuard …) when a lock file cannot be created or locked.
 */
export async function lockDataDir(dataDir: string, options: { onLost?: OnLockLost } = {}): Promise<() => Promise<void>> {
  const dir = resolve(dataDir);
  if (openHere.has(dir)) throw new Error(`DATA_DIR ${dir} is already open in this process; open it once and share the handle.`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const created = !existsSync(path);
  // A numeric descriptor, not a FileHandle: Node closes an unreferenced FileHandle on garbage
  // collection, which would drop the lock silently. libuv opens it close-on-exec, so no child
  // process inherits the lock.
  const fd = openSync(path, 'a+');
  let guard: HeldGuard;
  try {
    if (!tryLock(fd)) throw new DataDirInUseError(dir, readHolder(path), path);
    guard = holdGuard(dir, path);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  // Who holds it, for the next process's message only; the lock itself is the kernel's.
  ftruncateSync(fd, 0);
  writeSync(fd, `pid ${process.pid} on host ${hostname()}\n`);
  openHere.set(dir, fd);
  const stopWatching = watchLockFiles([{ fd, path }, guard], options.onLost);

  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    stopWatching();
    openHere.delete(dir);
    // The file stays: deleting it would let a process that opened it just before lock the orphaned
    // file while a third creates and locks a new one, two owners at once.
    ftruncateSync(fd, 0);
    closeSync(fd);
    closeSync(guard.fd);
  };
  if (created || guard.created) await sleep(NEW_LOCK_FILE_WAIT_MS);
  return release;
}

/**
 * Checks every LOCK_CHECK_INTERVAL_MS, in the order given, that each `path` is still the file its
 * `fd` has open (same device and inode; the open descriptor keeps the inode from being reused).
 * Gone or replaced: another process can now create and lock a file there, so `onLost` runs once,
 * naming the first such file. The timer does not keep the process alive. Returns the function that
 * stops checking.
 */
function watchLockFiles(files: ReadonlyArray<{ readonly fd: number; readonly path: string }>, onLost: OnLockLost | undefined): () => void {
  const held = files.map(({ fd, path }) => ({ path, file: fstatSync(fd, { bigint: true }) }));
  const timer = setInterval(() => {
    const lost = held.find(({ path, file }) => {
      let now;
      try {
        now = statSync(path, { bigint: true, throwIfNoEntry: false });
      } catch {
        return false; // EACCES, EIO …: the file may well be there; look again at the next check.
      }
      return !(now && now.dev === file.dev && now.ino === file.ino);
    });
    if (!lost) return;
    clearInterval(timer);
    const error = new DataDirLockLostError(lost.path);
    if (!onLost) throw error;
    onLost(error);
  }, LOCK_CHECK_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
