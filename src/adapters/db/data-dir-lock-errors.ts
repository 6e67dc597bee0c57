import { readFileSync } from 'node:fs';

/**
 * The data directory is locked by another running process (another Unblock, in this container or
 * in another one sharing the volume). Expected at start-up: shown to the operator without a stack.
 */
export class DataDirInUseError extends Error {
  readonly code = 'data_dir_in_use';
  /** The directory, as an absolute path. */
  readonly dataDir: string;
  /** What the holder wrote in the lock file, e.g. "pid 1 on host 3f2a9c1d0b7e"; undefined if unreadable. */
  readonly holder: string | undefined;
  /**
   * @param lockFile the lock file the message tells operators never to delete: deleting it is
   *   what would let a second Unblock in, and is never needed, since the kernel drops the lock.
   */
  constructor(dataDir: string, holder: string | undefined, lockFile: string) {
    super(
      `DATA_DIR ${dataDir} is in use by another Unblock${holder ? ` (${holder})` : ''}; ` +
        'run one Unblock per data directory, or set DATABASE_URL to share a PostgreSQL server. ' +
        `The lock is released by itself when that Unblock stops, even if it crashes: never delete ${lockFile}.`,
    );
    this.dataDir = dataDir;
    this.holder = holder;
    this.name = 'DataDirInUseError';
  }
}

/**
 * The data directory holds the pid file of an Unblock release from before the kernel lock
 * (`unblock.lock` holding a bare pid). That release may still be running, possibly as PID 1 of
 * another container, where its pid cannot be checked; it takes no kernel lock, so only the operator
 * can tell. Expected at start-up: shown to the operator without a stack.
 */
export class PreviousReleaseLockError extends Error {
  readonly code = 'data_dir_previous_release_lock';
  /** The directory, as an absolute path. */
  readonly dataDir: string;
  /** The pid file's path. */
  readonly lockFile: string;
  /** The pid it holds, in the PID namespace of the process that wrote it. */
  readonly pid: number;
  constructor(dataDir: string, lockFile: string, pid: number) {
    super(
      `DATA_DIR ${dataDir} has the lock file of an older Unblock (${lockFile}, pid ${pid}). ` +
        'That Unblock may still be running on this directory, and from another container its pid cannot be checked. ' +
        `Stop it, then delete ${lockFile} and start again.`,
    );
    this.dataDir = dataDir;
    this.lockFile = lockFile;
    this.pid = pid;
    this.name = 'PreviousReleaseLockError';
  }
}

/**
 * The lock file of a directory this process holds was deleted or replaced while it ran. Another
 * Unblock can now create and lock a new file and open the same database files, so the holder must
 * stop at once.
 */
export class DataDirLockLostError extends Error {
  readonly code = 'data_dir_lock_lost';
  /** The lock file's path. */
  readonly lockFile: string;
  constructor(lockFile: string) {
    super(
      `the lock file ${lockFile} was removed or replaced while this Unblock was running; ` +
        'stopping at once, because another Unblock may now be opening the same database files. ' +
        'Never delete the lock file: the lock is released by itself when its holder stops.',
    );
    this.lockFile = lockFile;
    this.name = 'DataDirLockLostError';
  }
}

/** The holder line of a lock file, only if it looks like one we wrote (it is shown to operators). */
export function readHolder(path: string): string | undefined {
  try {
    const line = readFileSync(path, 'utf8').split('\n')[0] ?? '';
    return /^pid \d+ on host [\w.-]{1,253}$/.test(line) ? line : undefined;
  } catch {
    return undefined;
  }
}
