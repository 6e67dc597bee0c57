import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { npmStart } from './npm-start.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The Node the project runs on (the `node` devDependency), as `npm start` uses it. */
const NODE = `${ROOT}node_modules/.bin/node`;
/** package.json's start script as `npm start` runs it (npm-start.ts). */
const START = npmStart();
const TEST_CA = `${ROOT}test/fixtures/tls/ca.pem`;

/** Resident memory of a process from /proc/<pid>/status, in MB. */
export interface Memory {
  /** VmRSS: resident now. */
  readonly rssMb: number;
  /** VmHWM: the highest resident size since the process started. */
  readonly peakMb: number;
}

/** A free loopback TCP port (the bot's PORT; a restart keeps it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * The bot as `npm start` runs it (`node src/main.ts`), in its own process, so its memory is its
 * own. It trusts the test CA of the HTTPS stand-ins (NODE_EXTRA_CA_CERTS, as the sandbox's bot does).
 */
export class BotProcess {
  private output = '';
  private partial = '';
  private stdoutText = '';
  /** Error and fatal log lines the bot printed (pino levels 50 and 60), by message, with a count. */
  readonly errors = new Map<string, number>();
  private readonly child: ChildProcess;
  readonly port: number;

  private constructor(child: ChildProcess, port: number) {
    this.child = child;
    this.port = port;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8_000));
    child.stdout!.on('data', keep);
    child.stdout!.on('data', (chunk: Buffer) => this.countErrors(chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => (this.stdoutText += chunk.toString()));
    this.exit = once(child, 'exit').then(([code]) => code as number | null);
    child.stderr!.on('data', keep);
  }

  /** Starts the bot with `env` and waits until GET /healthz answers 200; returns it and how long that took (ms). */
  static async start(env: Record<string, string>, timeoutMs = 120_000): Promise<{ bot: BotProcess; startMs: number }> {
    const started = performance.now();
    const child = spawn(NODE, START.args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_EXTRA_CA_CERTS: TEST_CA, ...START.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child, Number(env.PORT));
    await bot.healthy(started + timeoutMs);
    return { bot, startMs: performance.now() - started };
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  private readonly exit: Promise<number | null>;

  exited(): Promise<number | null> {
    return this.exit;
  }

  /** True while the process has not exited. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` to the process. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Every complete JSON log line the bot wrote to stdout so far, parsed. */
  logLines(): Array<Record<string, unknown>> {
    return this.stdoutText.split('\n').flatMap((line) => {
      try {
        return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  }

  /** The last lines the bot printed (warnings and errors at LOG_LEVEL=warn), for diagnostics. */
  get lastOutput(): string {
    return this.output;
  }

  async memory(): Promise<Memory> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  }

  /**
   * CPU time the process has used so far (user + system), in ms: /proc/<pid>/stat utime and stime,
   * in clock ticks of 1/100 s (USER_HZ on Linux). 0 once it has exited.
   */
  cpuMs(): number {
    try {
      const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return 0;
    }
  }

  /** SIGTERM (the graceful stop), then SIGKILL if it has not exited after `graceMs`; true when it stopped by itself. */
  async stop(graceMs = 30_000): Promise<boolean> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return true;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
    if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'exited') return true;
    this.child.kill('SIGKILL');
    await exited;
    return false;
  }

  /** Tallies the JSON log lines at error level or above by their message (lines may span chunks). */
  private countErrors(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level === undefined || Number(level) < 50) continue;
      const message = /"msg":"([^"]*)"/.exec(line)?.[1] ?? 'error';
      const code = /"code":"([^"]*)"/.exec(line)?.[1];
      const key = code ? `${message} (${code})` : message;
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    }
  }

  private async healthy(deadline: number): Promise<void> {
    const exited = () => this.child.exitCode !== null || this.child.signalCode !== null;
    for (;;) {
      if (exited()) throw new Error(`the bot exited during start-up:\n${this.output}`);
      const ok = await fetch(`http://127.0.0.1:${this.port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return;
      if (performance.now() > deadline) {
        await this.stop(5_000);
        throw new Error(`the bot was not healthy in time:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
