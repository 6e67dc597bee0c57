import { closeSync, lstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tryLock } from 'fs-native-extensions';
import { DataDirInUseError, PreviousReleaseLockError, readHolder } from './data-dir-lock-errors.ts';

/** The lock file of earlier releases, in the data directory; this release's guard directory has its name. */
export const PREVIOUS_LOCK_FILE = 'unblock.lock';

/**
 * What is at `unblock.lock`: nothing, this release's guard directory (see data-dir-guard.ts), or a
 * file an earlier release left there that no running process claims any more.
 */
export type PreviousLockFound = 'absent' | 'guard' | 'leftover';

/**
 * Refuses to go on while an earlier Unblock may hold `dir` through `unblock.lock`:
 * - The last release before the kernel lock wrote its bare pid there (and deleted the file when it
 *   stopped cleanly). It holds no kernel lock and its pid means nothing across PID namespaces, so
 *   the file's presence is all there is to go on: PreviousReleaseLockError.
 * - Builds of the kernel lock before LOCK_FILE was renamed wrote "pid N on host H" there and held
 *   the lock on it: when that lock is held, DataDirInUseError (naming `lockFile`, this release's).
 * An empty file, or one whose lock is free, is left over from a clean stop: 'leftover'. A directory
 * is the guard, whatever it holds: 'guard'. Other file system errors are thrown as they are.
 */
export function refuseBesidePreviousRelease(dir: string, lockFile: string): PreviousLockFound {
  const path = join(dir, PREVIOUS_LOCK_FILE);
  const found = lstatSync(path, { throwIfNoEntry: false });
  if (!found) return 'absent';
  if (found.isDirectory()) return 'guard';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // Deleted meanwhile, or a symbolic link to nothing: either way nothing claims the name.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'leftover';
    throw error;
  }
  if (/^\s*\d+\s*$/.test(text)) throw new PreviousReleaseLockError(dir, path, Number(text.trim()));
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    return 'leftover'; // Deleted meanwhile, or not writable by this user: there is no lock this process could probe.
  }
  try {
    if (!tryLock(fd)) throw new DataDirInUseError(dir, readHolder(path), lockFile);
  } finally {
    // Closing the descriptor drops the probe's own lock at once.
    closeSync(fd);
  }
  return 'leftover';
}
