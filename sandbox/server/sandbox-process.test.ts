import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
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

describe('npm run sandbox stops the bot it started', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    if (running?.exitCode === null) process.kill(-running.pid!, 'SIGKILL');
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

  it('a sandbox killed outright (SIGKILL, no chance to clean up) still leaves no bot behind', async () => {
    const sandbox = await startSandbox();
    running = sandbox.child;
    process.kill(sandbox.child.pid!, 'SIGKILL');
    // The bot sees its IPC channel close and stops as on SIGTERM (bot-process.ts).
    await until('the orphaned bot to stop', () => !alive(sandbox.botPid));
    await rm(sandbox.folder, { recursive: true, force: true });
  });
});
