/**
 * Child processes for the data directory lock tests: the bot's database start-up
 * (hold-data-dir.ts), the whole bot (src/main.ts) and the previous release's start-up
 * (previous-release-hold.ts), optionally each as PID 1 of its own PID namespace, as in a container.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const HOLD = fileURLToPath(new URL('./hold-data-dir.ts', import.meta.url));
export const PREVIOUS_RELEASE_HOLD = fileURLToPath(new URL('./previous-release-hold.ts', import.meta.url));
export const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const UNSHARE = ['--pid', '--fork', '--mount-proc', '--kill-child'];

/**
 * Whether PID namespaces can be created here. It needs root (CI runs as root) or user namespaces;
 * as root (CI, and this project's machines) it must work: a missing unshare then fails the test
 * instead of skipping it silently.
 */
export const unshareWorks = process.getuid?.() === 0 || spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

/** How a process ended: its exit code (null when killed by a signal) and everything it printed. */
export interface Exit {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type Outcome = { ready: string } | Exit;

/** A started process, how its start ended (the ready line printed, or the exit), and its exit. */
export interface Started {
  readonly child: ChildProcess;
  readonly outcome: Promise<Outcome>;
  readonly exit: Promise<Exit>;
}

const started: ChildProcess[] = [];

/** Starts a process; `ready` matches the line it prints once it holds the data directory. */
export function start(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; ready?: RegExp } = {}): Started {
  const ready = options.ready ?? /^ready pid \d+$/m;
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<Exit>((resolve) => child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr })));
  const outcome = new Promise<Outcome>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = ready.exec(stdout);
      if (line) resolve({ ready: line[0] });
    });
    void exit.then(resolve);
  });
  return { child, outcome, exit };
}

/** `command args` as PID 1 of a new PID namespace when `inNamespace`. */
export const startIn = (inNamespace: boolean, command: string, args: string[], options: Parameters<typeof start>[2] = {}): Started =>
  inNamespace ? start('unshare', [...UNSHARE, command, ...args], options) : start(command, args, options);

/** The bot's database start-up (test/support/hold-data-dir.ts) on `dataDir`. */
export const holder = (dataDir: string, inNamespace = false, options: { cwd?: string } = {}): Started =>
  startIn(inNamespace, process.execPath, [HOLD, dataDir], options);

/** The host pid of the only child of `parent` (the node that unshare forked into the namespace). */
async function onlyChildOf(parent: number): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    if (new RegExp(`^PPid:\\s+${parent}$`, 'm').test(status)) return Number(entry);
  }
  throw new Error(`no child of ${parent}`);
}

/** Sends `signal` to the process (inside the namespace, when there is one) and waits until it is gone. */
export async function stopWith(signal: NodeJS.Signals, holding: Started, inNamespace = false): Promise<Exit> {
  process.kill(inNamespace ? await onlyChildOf(holding.child.pid!) : holding.child.pid!, signal);
  return holding.exit;
}

/** SIGKILLs every process started by these helpers that still runs, and waits for each to go. */
export async function killStarted(): Promise<void> {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }
}

/** The JSON log lines a bot printed. */
export const logLines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/**
 * The smallest valid configuration for `node src/main.ts` on an embedded database in `dataDir`.
 * Slack is unreachable unless `slackApiUrl` is given: a bot refused at its database never calls it.
 */
export function botEnv(dataDir: string, slackApiUrl = 'http://127.0.0.1:9/api/'): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DATA_DIR: dataDir,
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    APPROVAL_CHANNEL_ID: 'C0123456789',
    APPROVER_USER_IDS: 'U0123456789',
    SLACK_API_URL: slackApiUrl,
    // Never reached: nothing is reported, so nothing is looked up or allowed.
    GRAPH_BASE_URL: 'http://127.0.0.1:9',
    DEFENDER_API_URL: 'http://127.0.0.1:9',
  };
}
