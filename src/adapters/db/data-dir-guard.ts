import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tryLock } from 'fs-native-extensions';
import { DataDirInUseError } from './data-dir-lock-errors.ts';
import { PREVIOUS_LOCK_FILE, refuseBesidePreviousRelease } from './previous-release-lock.ts';

/** The file in the guard directory that a running bot holds locked. */
export const GUARD_LOCK_FILE = 'owner.lock';

/** The file in the guard directory that explains it. */
export const GUARD_README = 'README.txt';

/**
 * What GUARD_README says: what the directory is for and how to roll back past it. Releases that
 * lock unblock-owner.lock but know nothing of the guard fail on it too: they read `unblock.lock`
 * as a file (EISDIR).
 */
export const GUARD_README_TEXT = `${PREVIOUS_LOCK_FILE}: a guard, not part of the database

This directory keeps earlier Unblock releases off this database. Releases from before unblock-owner.lock claimed the directory only by writing their pid into a file named ${PREVIOUS_LOCK_FILE}: started beside a newer Unblock, or after one, they would open the same database files. With this directory in the way they fail to start instead, and so does every other release older than this directory ("EISDIR: illegal operation on a directory").

A running Unblock holds a kernel lock on ${GUARD_LOCK_FILE} in this directory, as on DATA_DIR/unblock-owner.lock, and stops if either is deleted. Never delete them while it runs.

To go back to an earlier release: stop every Unblock that uses this directory, then delete this directory (rm -r DATA_DIR/${PREVIOUS_LOCK_FILE}). The newer Unblock applied its database migrations when it started: make sure the older release works with them. A newer Unblock creates this directory again when it starts.
`;

/** The guard's lock file, held locked by this process: its path, `fd`, and whether this process had to create it. */
export interface HeldGuard {
  readonly path: string;
  readonly fd: number;
  readonly created: boolean;
}

/**
 * Makes `<dir>/unblock.lock` the guard directory (with GUARD_README, rewritten at each start) and
 * takes an exclusive open-file-description lock on its `owner.lock`, for a process that already
 * holds the lock on `lockFile`. Call it only then: the guard is changed by the lock holder alone.
 *
 * The guard does two things:
 * - The previous release's pid-file lock (`open('unblock.lock', 'wx')`, then a write of its pid)
 *   fails on a directory, so that release refuses to start beside this one or after it (the guard
 *   stays when this process stops). Rolling back means deleting it, as its README says.
 * - Its `owner.lock` is a second lock that a replaced or deleted `lockFile` leaves in place: a bot
 *   that finds a new lock file still finds this one held while the old owner runs, and is refused
 *   with DataDirInUseError at once, however busy that owner is.
 *
 * A file left at `unblock.lock` by an earlier release is first judged by refuseBesidePreviousRelease
 * (which throws when that release may be running) and otherwise deleted. Throws EEXIST, as the file
 * system reports it, when something else creates `unblock.lock` between that check and mkdir: only
 * an earlier release does that, starting at this very moment, and it is refused rather than guessed
 * about. Other file system errors are thrown as they are.
 */
export function holdGuard(dir: string, lockFile: string): HeldGuard {
  const path = join(dir, PREVIOUS_LOCK_FILE);
  const found = refuseBesidePreviousRelease(dir, lockFile);
  if (found === 'leftover') rmSync(path, { force: true });
  if (found !== 'guard') mkdirSync(path);
  const guardLock = join(path, GUARD_LOCK_FILE);
  const created = !existsSync(guardLock);
  // A numeric descriptor, kept open until release, for the reason lockDataDir gives.
  const fd = openSync(guardLock, 'a+');
  try {
    if (!tryLock(fd)) throw new DataDirInUseError(dir, undefined, lockFile);
    writeFileSync(join(path, GUARD_README), GUARD_README_TEXT);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return { path: guardLock, fd, created };
}
