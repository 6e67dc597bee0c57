import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// `npm run sandbox` starts a bot; whatever starts a bot stops it when it exits (issue 13: `npm run
// demo` left an orphaned `node src/main.ts` holding the port and the data folder). Run as a real
// process in its own process group, stopped as a terminal's Ctrl-C stops it (SIGINT to the whole
// foreground group) and as a crash would (SIGKILL to the sandbox alone).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;

/** Is process `pid` still there (and not a zombie)? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const status = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
  return status !== 'Z';
}

/** The ids of `pid`'s child processes (from /proc/<pid>/task/<pid>/children). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Has the sandbox `pid` made its folder yet? (Synchronous, for `until`.) */
function foldersOfSync(pid: number): boolean {
  return readdirSync(tmpdir()).some((n) => n.startsWith('unblock-sandbox-') && readFileSyncSafe(join(tmpdir(), n, 'sandbox.pid')) === String(pid));
}

function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `node sandbox/main.ts` in a process group of its own; resolves once it printed its page's address. */
async function startSandbox(): Promise<{ child: ChildProcess; output: () => string; botPid: number; folder: string }> {
  const child = spawn(NODE, ['sandbox/main.ts'], { cwd: ROOT, detached: true, env: { ...process.env, SANDBOX_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until('the sandbox to print its address', () => /open http:\/\/127\.0\.0\.1:\d+\//.test(output) || child.exitCode !== null, 120_000);
  if (child.exitCode !== null) throw new Error(`the sandbox exited: ${output}`);
  const folder = /The bot's log: (\S+)\/bot\.log/.exec(output)![1]!;
  const [botPid] = childrenOf(child.pid!);
  return { child, output: () => output, botPid: botPid!, folder };
}

/** `pid` and every process below it, from /proc. */
function descendantsOf(pid: number): number[] {
  const children = existsSync(`/proc/${pid}/task/${pid}/children`) ? childrenOf(pid) : [];
  return [pid, ...children.flatMap(descendantsOf)];
}

/** The temporary folders whose pid file names `pid` (a sandbox writes one as it starts). */
async function foldersOf(pid: number): Promise<string[]> {
  const names = (await readdir(tmpdir())).filter((n) => n.startsWith('unblock-sandbox-'));
  const owned = await Promise.all(names.map(async (n) => ((await readFile(join(tmpdir(), n, 'sandbox.pid'), 'utf8').catch(() => '')) === String(pid) ? n : undefined)));
  return owned.filter((n): n is string => n !== undefined);
}

describe('npm run sandbox stops the bot it started', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    if (running?.exitCode !== null || running.signalCode !== null) return;
    try {
      process.kill(-running.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  });

  it('Ctrl-C (SIGINT to the process group) stops the bot, frees its port and removes the temporary folder', async () => {
    const sandbox = await startSandbox();
    running = sandbox.child;
    expect(alive(sandbox.botPid)).toBe(true);
    const page = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(sandbox.output())![1]!;
    expect((await fetch(`${page}api/state`)).ok).toBe(true);

    process.kill(-sandbox.child.pid!, 'SIGINT');
    await until('the sandbox to exit', () => sandbox.child.exitCode !== null);
    expect(sandbox.child.exitCode).toBe(0);
    expect(alive(sandbox.botPid)).toBe(false);
    expect(existsSync(sandbox.folder)).toBe(false);
    await expect(fetch(`${page}api/state`)).rejects.toThrow();
  });

  it('SIGTERM to the sandbox alone (kill, a supervisor) stops the bot it started too', async () => {
    const sandbox = await startSandbox();
    running = sandbox.child;
    process.kill(sandbox.child.pid!, 'SIGTERM');
    await until('the sandbox to exit', () => sandbox.child.exitCode !== null);
    expect(alive(sandbox.botPid)).toBe(false);
    expect(existsSync(sandbox.folder)).toBe(false);
  });

  it('SIGTERM to npm alone (npm does not pass it on) still stops the sandbox and its bot', async () => {
    const npm = spawn('npm', ['run', 'sandbox', '--silent'], { cwd: ROOT, detached: true, env: { ...process.env, SANDBOX_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    running = npm;
    let output = '';
    npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until('the sandbox to print its address', () => /open http:/.test(output), 120_000);
    const below = descendantsOf(npm.pid!).slice(1);
    expect(below.length).toBeGreaterThanOrEqual(2); // the sandbox and its bot (and npm's shell)
    process.kill(npm.pid!, 'SIGTERM');
    await until('every process npm started to stop', () => below.every((pid) => !alive(pid)));
  });

  it('Ctrl-C while it is still starting stops it and leaves no folder', async () => {
    const child = spawn(NODE, ['sandbox/main.ts'], { cwd: ROOT, detached: true, env: { ...process.env, SANDBOX_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until('the sandbox to start starting', () => output.includes('Starting the Unblock sandbox'));
    await until('its temporary folder', () => foldersOfSync(child.pid!));
    process.kill(-child.pid!, 'SIGINT');
    await until('the sandbox to exit', () => child.exitCode !== null);
    expect(output).not.toContain('open http');
    expect(await foldersOf(child.pid!)).toEqual([]);
  });

  it('a sandbox killed outright (SIGKILL, no chance to clean up) still leaves no bot behind', async () => {
    const sandbox = await startSandbox();
    running = sandbox.child;
    process.kill(sandbox.child.pid!, 'SIGKILL');
    // The bot sees its IPC channel close and stops as on SIGTERM (bot-process.ts).
    await until('the orphaned bot to stop', () => !alive(sandbox.botPid));
    await rm(sandbox.folder, { recursive: true, force: true });
  });
});
