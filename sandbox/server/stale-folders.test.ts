import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FOLDER_PREFIX, removeStaleFolders } from './stale-folders.ts';

let directory: string | undefined;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

it('removes the folders of sandboxes that are gone, and never a running one', async () => {
  directory = await mkdtemp(join(tmpdir(), 'stale-folders-test-'));
  const folder = async (name: string, pid?: number, ageMs = 0) => {
    const path = join(directory!, name);
    await mkdir(path);
    if (pid !== undefined) await writeFile(join(path, 'sandbox.pid'), String(pid));
    const at = new Date(Date.now() - ageMs);
    await utimes(path, at, at);
  };
  await folder(`${FOLDER_PREFIX}running`, process.pid);
  await folder(`${FOLDER_PREFIX}killed`, 2_147_483_000); // no such process
  await folder(`${FOLDER_PREFIX}starting`); // no pid file yet, just made
  await folder(`${FOLDER_PREFIX}orphan`, undefined, 2 * 3_600_000);
  await folder('someone-elses', 2_147_483_000);

  const removed = await removeStaleFolders(directory);
  expect(removed.map((p) => p.slice(directory!.length + 1)).sort()).toEqual([`${FOLDER_PREFIX}killed`, `${FOLDER_PREFIX}orphan`]);
  expect((await readdir(directory)).sort()).toEqual(['someone-elses', `${FOLDER_PREFIX}running`, `${FOLDER_PREFIX}starting`]);
});
