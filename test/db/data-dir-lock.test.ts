import { closeSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tryLock } from 'fs-native-extensions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir, LOCK_CHECK_INTERVAL_MS, LOCK_FILE, NEW_LOCK_FILE_WAIT_MS, type DataDirLockLostError } from '../../src/adapters/db/data-dir-lock.ts';
import { openDatabase, type Database } from '../../src/adapters/db/database.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { FakeSlack } from '../http-fakes/fake-slack.ts';
import {
  botEnv,
  holder,
  killStarted,
  logLines,
  MAIN,
  PREVIOUS_RELEASE_HOLD,
  start,
  startIn,
  stopWith,
  unshareWorks,
} from '../support/bot-processes.ts';
import { databaseTargets, type TestDatabase } from '../support/test-databases.ts';

if (!unshareWorks) console.warn('data-dir-lock: skipping the PID-namespace test: `unshare --pid --fork --mount-proc` is unavailable or not permitted here');

const refusal = (dataDir: string, holderPid: number) =>
  `Unblock cannot start: DATA_DIR ${dataDir} is in use by another Unblock (pid ${holderPid} on host ${hostname()}); ` +
  'run one Unblock per data directory, or set DATABASE_URL to share a PostgreSQL server. ' +
  `The lock is released by itself when that Unblock stops, even if it crashes: never delete ${join(dataDir, LOCK_FILE)}.\n`;

const previousReleaseRefusal = (dataDir: string, pid: number) =>
  `Unblock cannot start: DATA_DIR ${dataDir} has the lock file of an older Unblock (${join(dataDir, 'unblock.lock')}, pid ${pid}). ` +
  'That Unblock may still be running on this directory, and from another container its pid cannot be checked. ' +
  `Stop it, then delete ${join(dataDir, 'unblock.lock')} and start again.\n`;

const lostMessage = (dataDir: string) =>
  `the lock file ${join(dataDir, LOCK_FILE)} was removed or replaced while this Unblock was running; ` +
  'stopping at once, because another Unblock may now be opening the same database files. ' +
  'Never delete the lock file: the lock is released by itself when its holder stops.';

/** The test databases were made by this release, guard directory included; earlier releases made none. */
const asEarlierReleasesLeftIt = (dataDir: string) => rm(join(dataDir, 'unblock.lock'), { recursive: true });

describe('one bot per embedded data directory', () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeEach(async () => {
    database = await databaseTargets().find((t) => t.name === 'pglite')!.create({ migrated: true });
    dataDir = database.settings.dataDir;
  });
  afterEach(async () => {
    await killStarted();
    await database.drop();
  });

  it.skipIf(!unshareWorks)('a second bot on the same directory, each PID 1 in its own PID namespace, refuses to start; after the first is SIGKILLed the next starts', { timeout: 120_000 }, async () => {
    const first = holder(dataDir, true);
    expect(await first.outcome).toEqual({ ready: 'ready pid 1' });

    const second = holder(dataDir, true);
    expect(await second.outcome).toEqual({ exitCode: 1, stdout: '', stderr: refusal(dataDir, 1) });

    // The whole bot, too: `node src/main.ts` in a third namespace says the same, without a stack trace.
    // Its working directory is the data directory, so no developer's .env is read.
    const bot = startIn(true, process.execPath, [MAIN], { env: botEnv(dataDir), cwd: dataDir });
    const seen = await bot.outcome;
    expect(seen).toMatchObject({ exitCode: 1, stderr: refusal(dataDir, 1) });
    const logged = 'stdout' in seen ? logLines(seen.stdout) : [];
    expect(logged.at(-1)).toMatchObject({ level: 60, msg: refusal(dataDir, 1).trimEnd() });
    expect(JSON.stringify(logged)).not.toContain('stack');

    // SIGKILL runs no clean-up, yet the next start succeeds at once: the kernel dropped the lock.
    await stopWith('SIGKILL', first, true);
    const next = holder(dataDir, true);
    expect(await next.outcome).toEqual({ ready: 'ready pid 1' });
  });

  it('a second process on the same directory refuses to start; after the first is SIGKILLed the next starts', async () => {
    const first = holder(dataDir);
    expect(await first.outcome).toEqual({ ready: `ready pid ${first.child.pid}` });

    const second = holder(dataDir);
    expect(await second.outcome).toEqual({ exitCode: 1, stdout: '', stderr: refusal(dataDir, first.child.pid!) });

    await stopWith('SIGKILL', first);
    const next = holder(dataDir);
    expect(await next.outcome).toEqual({ ready: `ready pid ${next.child.pid}` });
  });

  it('DATA_DIR as file:///path: bots in other working directories lock the directory PGlite opens, not ./file:/path', async () => {
    const [here, there] = [await mkdtemp(join(tmpdir(), 'unblock-cwd-')), await mkdtemp(join(tmpdir(), 'unblock-cwd-'))];
    try {
      const first = holder(`file://${dataDir}`, false, { cwd: here });
      expect(await first.outcome).toEqual({ ready: `ready pid ${first.child.pid}` });

      // The whole bot reads DATA_DIR=file://… through its configuration, from another directory.
      const bot = start(process.execPath, [MAIN], { env: botEnv(`file://${dataDir}`), cwd: there });
      expect(await bot.outcome).toMatchObject({ exitCode: 1, stderr: refusal(dataDir, first.child.pid!) });
      // The same directory given as a plain path is the same lock.
      expect(await holder(dataDir, false, { cwd: there }).outcome).toMatchObject({ exitCode: 1, stderr: refusal(dataDir, first.child.pid!) });
      // Nothing was created under the working directories: the prefix was never taken for a path.
      expect([...(await readdir(here)), ...(await readdir(there))]).toEqual([]);
    } finally {
      await Promise.all([here, there].map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });

  it('rolling upgrade: beside the previous release (pid file unblock.lock) the bot refuses, naming the file; a pid file left by a SIGKILLed one still refuses until deleted as told', { timeout: 120_000 }, async () => {
    await asEarlierReleasesLeftIt(dataDir);
    // Each bot PID 1 of its own container where possible: the old one's pid means nothing to the new one.
    const inNamespace = unshareWorks;
    const old = startIn(inNamespace, process.execPath, [PREVIOUS_RELEASE_HOLD, dataDir], { ready: /^old ready pid \d+$/m });
    const oldPid = inNamespace ? 1 : old.child.pid!;
    expect(await old.outcome).toEqual({ ready: `old ready pid ${oldPid}` });

    expect(await holder(dataDir, inNamespace).outcome).toEqual({ exitCode: 1, stdout: '', stderr: previousReleaseRefusal(dataDir, oldPid) });

    // Killed without its clean-up, the old release leaves its pid file; the new bot cannot tell it is gone.
    await stopWith('SIGKILL', old, inNamespace);
    expect(await holder(dataDir, inNamespace).outcome).toEqual({ exitCode: 1, stdout: '', stderr: previousReleaseRefusal(dataDir, oldPid) });

    await rm(join(dataDir, 'unblock.lock'));
    const next = holder(dataDir, inNamespace);
    expect(await next.outcome).toEqual({ ready: `ready pid ${inNamespace ? 1 : next.child.pid}` });
    // Started beside the new bot, the previous release's clean shutdown would delete unblock.lock:
    // the new bot's lock is another file.
    expect(LOCK_FILE).not.toBe('unblock.lock');
  });

  it('deleting both lock files under a running bot stops that bot within seconds, with a fatal log line naming why; the next bot, which has to create them, waits until it has gone', { timeout: 120_000 }, async () => {
    const slack = new FakeSlack('xoxb-test');
    await slack.start();
    try {
      const bot = start(process.execPath, [MAIN], { env: botEnv(dataDir, slack.apiUrl), cwd: dataDir, ready: /"msg":"Unblock is running"/ });
      expect(await bot.outcome).toHaveProperty('ready');

      // What an operator might do to clear "every lock" (rm -rf DATA_DIR/unblock*), followed by a
      // second start: nothing is left that a lock of the running bot could refuse it by.
      const removedAt = Date.now();
      await rm(join(dataDir, LOCK_FILE));
      await rm(join(dataDir, 'unblock.lock'), { recursive: true, force: true });
      const next = holder(dataDir);
      const nextReady = next.outcome.then((outcome) => ({ outcome, at: Date.now() }));

      const exit = await Promise.race([bot.exit, sleep(10_000).then(() => 'still running 10 s after its lock file was deleted')]);
      const stoppedAt = Date.now();
      expect(exit).toMatchObject({ exitCode: 1 });
      expect(stoppedAt - removedAt).toBeLessThan(5_000);
      expect(typeof exit === 'object' && logLines(exit.stdout).at(-1)).toMatchObject({
        level: 60,
        code: 'data_dir_lock_lost',
        msg: lostMessage(dataDir),
      });
      // The second bot waited for the first to be gone before opening the files.
      const { outcome, at } = await nextReady;
      expect(outcome).toEqual({ ready: `ready pid ${next.child.pid}` });
      expect(at).toBeGreaterThan(stoppedAt);
    } finally {
      await slack.stop();
    }
  });

  it.each([
    ['replaced (another file renamed over it)', (file: string) => (writeFileSync(`${file}.new`, ''), renameSync(`${file}.new`, file))],
    ['deleted and created again (rm, touch)', (file: string) => (rmSync(file), writeFileSync(file, ''))],
    ['deleted', (file: string) => rmSync(file)],
  ])('lock file %s under a running bot: no other gets in while it runs; it stops within seconds and the next then starts at once', { timeout: 60_000 }, async (_, change) => {
    const first = holder(dataDir);
    expect(await first.outcome).toEqual({ ready: `ready pid ${first.child.pid}` });

    // Right after the change, well before the first bot's next check (every second) could stop it.
    change(join(dataDir, LOCK_FILE));
    const second = lockDataDir(dataDir);
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(`DATA_DIR ${dataDir} is in use by another Unblock; `);

    const exit = await Promise.race([first.exit, sleep(10_000).then(() => 'still running 10 s after its lock file changed')]);
    expect(exit).toMatchObject({ exitCode: 1, stderr: `Unblock stopped: ${lostMessage(dataDir)}\n` });
    const startedAt = Date.now();
    const release = await lockDataDir(dataDir);
    expect(Date.now() - startedAt).toBeLessThan(LOCK_CHECK_INTERVAL_MS);
    await release();
  });

  it('rollback: the previous release refuses to start beside a running bot and after it, until the guard directory unblock.lock is deleted as its README says', { timeout: 120_000 }, async () => {
    const guard = join(dataDir, 'unblock.lock');
    const previousRelease = () => start(process.execPath, [PREVIOUS_RELEASE_HOLD, dataDir], { ready: /^old ready pid \d+$/m });
    // What that release says: its pid file cannot be written where a directory is.
    const refused = { exitCode: 1, stdout: '', stderr: `Unblock cannot start: EISDIR: illegal operation on a directory, open '${guard}'\n` };

    const bot = holder(dataDir);
    expect(await bot.outcome).toEqual({ ready: `ready pid ${bot.child.pid}` });
    expect(await previousRelease().outcome).toEqual(refused);
    await stopWith('SIGTERM', bot);
    expect(await previousRelease().outcome).toEqual(refused);

    const readme = await readFile(join(guard, 'README.txt'), 'utf8');
    expect(readme).toContain('keeps earlier Unblock releases off this database');
    expect(readme).toContain('stop every Unblock that uses this directory, then delete this directory (rm -r DATA_DIR/unblock.lock)');
    await rm(guard, { recursive: true });
    const old = previousRelease();
    expect(await old.outcome).toEqual({ ready: `old ready pid ${old.child.pid}` });
    // Upgrading again: the new bot refuses beside it, as in the rolling upgrade above.
    expect(await holder(dataDir).outcome).toEqual({ exitCode: 1, stdout: '', stderr: previousReleaseRefusal(dataDir, old.child.pid!) });
  });

  it('while another process holds the directory, this process cannot open it either', async () => {
    const first = holder(dataDir);
    expect(await first.outcome).toEqual({ ready: `ready pid ${first.child.pid}` });
    const refused = openDatabase({ url: undefined, dataDir });
    await expect(refused).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(refused).rejects.toThrow(`in use by another Unblock (pid ${first.child.pid} on host ${hostname()})`);
  });

  it('an Unblock built before the lock file was renamed, holding a kernel lock on unblock.lock, keeps this one out', async () => {
    await asEarlierReleasesLeftIt(dataDir);
    // That build wrote "pid N on host H" into unblock.lock and held an exclusive OFD lock on it.
    await writeFile(join(dataDir, 'unblock.lock'), `pid 4242 on host ${hostname()}\n`);
    const fd = openSync(join(dataDir, 'unblock.lock'), 'r+');
    try {
      expect(tryLock(fd)).toBe(true);
      const refused = openDatabase({ url: undefined, dataDir });
      await expect(refused).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(refused).rejects.toThrow(`in use by another Unblock (pid 4242 on host ${hostname()})`);
    } finally {
      closeSync(fd);
    }
    // Its lock gone, the file is a leftover: it makes way for the guard directory.
    const db = await openDatabase({ url: undefined, dataDir });
    await db.close();
    expect((await stat(join(dataDir, 'unblock.lock'))).isDirectory()).toBe(true);
  });

  describe('in one process', () => {
    let opened: Database[] = [];
    afterEach(async () => {
      for (const db of opened.splice(0)) await db.close();
    });
    const open = async (dir: string) => {
      const db = await openDatabase({ url: undefined, dataDir: dir });
      opened.push(db);
      return db;
    };

    it('refuses a second open of a directory this process has open, and opens it again once closed', async () => {
      const first = await open(dataDir);
      await expect(openDatabase({ url: undefined, dataDir })).rejects.toThrow(`DATA_DIR ${dataDir} is already open in this process`);
      await expect(openDatabase({ url: undefined, dataDir: `file://${dataDir}` })).rejects.toThrow(`DATA_DIR ${dataDir} is already open in this process`);
      await first.ping();

      await first.close();
      opened = [];
      const again = await open(dataDir);
      await again.ping();
    });

    it('a lock file replaced under its holder (another file renamed over it) is reported once, at the next check; an untouched one never', async () => {
      const lost: DataDirLockLostError[] = [];
      const release = await lockDataDir(dataDir, { onLost: (error) => lost.push(error) });
      try {
        const lockFile = join(dataDir, LOCK_FILE);
        await writeFile(lockFile, 'rewritten in place: still the same file\n');
        await sleep(2.5 * LOCK_CHECK_INTERVAL_MS);
        expect(lost).toEqual([]);

        await writeFile(join(dataDir, 'replacement'), '');
        await rename(join(dataDir, 'replacement'), lockFile);
        await waitFor('the replaced lock file reported', () => lost.length > 0, 2 * LOCK_CHECK_INTERVAL_MS);
        await sleep(2 * LOCK_CHECK_INTERVAL_MS);
        expect(lost).toMatchObject([{ code: 'data_dir_lock_lost', lockFile }]);
      } finally {
        await release();
      }
    });

    it('the guard directory deleted under its holder (a rollback begun without stopping it) is reported at the next check, naming its lock file', async () => {
      const lost: DataDirLockLostError[] = [];
      const release = await lockDataDir(dataDir, { onLost: (error) => lost.push(error) });
      try {
        await rm(join(dataDir, 'unblock.lock'), { recursive: true });
        await waitFor('the deleted guard reported', () => lost.length > 0, 2 * LOCK_CHECK_INTERVAL_MS);
        expect(lost).toMatchObject([{ code: 'data_dir_lock_lost', lockFile: join(dataDir, 'unblock.lock', 'owner.lock') }]);
      } finally {
        await release();
      }
    });

    it('a process that has to create the lock file waits two checks before opening, so a holder whose file was just deleted has stopped first', async () => {
      const fresh = await mkdtemp(join(tmpdir(), 'unblock-fresh-'));
      try {
        const startedAt = Date.now();
        const release = await lockDataDir(fresh);
        expect(Date.now() - startedAt).toBeGreaterThanOrEqual(NEW_LOCK_FILE_WAIT_MS);
        expect(NEW_LOCK_FILE_WAIT_MS).toBeGreaterThan(2 * LOCK_CHECK_INTERVAL_MS);
        await release();
        // The file stays, so the next start does not wait.
        const again = Date.now();
        await (await lockDataDir(fresh))();
        expect(Date.now() - again).toBeLessThan(LOCK_CHECK_INTERVAL_MS);
      } finally {
        await rm(fresh, { recursive: true, force: true });
      }
    });

    it('refuses the same directory reached through another path (the lock is on the file, not the name)', async () => {
      await open(dataDir);
      const links = await mkdtemp(join(tmpdir(), 'unblock-link-'));
      try {
        const alias = join(links, 'data');
        await symlink(dataDir, alias);
        await expect(openDatabase({ url: undefined, dataDir: alias })).rejects.toBeInstanceOf(DataDirInUseError);
      } finally {
        await rm(links, { recursive: true, force: true });
      }
      // Closing the refused attempt's descriptor left this process's lock in place (a classic POSIX
      // fcntl lock would have been dropped with it): another process is still refused.
      const other = holder(dataDir);
      expect(await other.outcome).toMatchObject({ exitCode: 1 });
    });
  });
});
