import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The prefix of a sandbox's temporary folder (in the OS's temporary directory). */
export const FOLDER_PREFIX = 'unblock-sandbox-';
const PID_FILE = 'sandbox.pid';
/** A folder without a pid file this old is left over from a sandbox that never got to write one (ms). */
const ORPHAN_AFTER_MS = 3_600_000;

/** Marks `folder` as held by this process (its pid in `sandbox.pid`). */
export function claimFolder(folder: string): Promise<void> {
  return writeFile(join(folder, PID_FILE), String(process.pid));
}

/**
 * Removes the temporary folders of sandboxes that are gone (killed with SIGKILL, or their terminal
 * closed before they could clean up): a folder whose pid file names no running process, or an hour
 * old without one. Returns the folders removed. A running sandbox's folder is never touched.
 */
export async function removeStaleFolders(directory = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(directory).catch(() => [] as string[])) {
    if (!name.startsWith(FOLDER_PREFIX)) continue;
    const folder = join(directory, name);
    const pid = Number(await readFile(join(folder, PID_FILE), 'utf8').catch(() => 'none'));
    const stale = Number.isInteger(pid) && pid > 0 ? !isRunning(pid) : Date.now() - (await stat(folder).then((s) => s.mtimeMs, () => Date.now())) > ORPHAN_AFTER_MS;
    if (!stale) continue;
    await rm(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
