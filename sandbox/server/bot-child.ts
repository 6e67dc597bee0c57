import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { npmStart } from '../../test/support/npm-start.ts';

const BOT_PROCESS = fileURLToPath(new URL('./bot-process.ts', import.meta.url));

/**
 * The bot the sandbox runs: a child process with `npm start`'s environment settings and node flags
 * (package.json's `start`) and an IPC channel for the sandbox clock.
 * Its log (pino JSON) goes to `logFile`; what it prints on stderr (start-up errors) also to ours.
 */
export class BotChild {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  private constructor(child: ChildProcess) {
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    // The last resort if the sandbox ends without stop() (an exception): the bot also stops by
    // itself when the IPC channel closes (bot-process.ts).
    process.once('exit', () => {
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    });
  }

  /** Starts the bot with `env` (its whole environment); resolves once it is spawned. */
  static start(env: Record<string, string>, logFile: string): Promise<BotChild> {
    const log = createWriteStream(logFile, { flags: 'a' });
    const start = npmStart();
    const child = spawn(process.execPath, [...start.args.filter((a) => a.startsWith('-')), BOT_PROCESS], {
      env: { ...env, ...start.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout!.pipe(log);
    child.stderr!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      process.stderr.write(chunk);
    });
    return new Promise((resolve, reject) => {
      child.once('spawn', () => resolve(new BotChild(child)));
      child.once('error', reject);
    });
  }

  /** The process id (for tests that check it is gone). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Has it exited (crashed at start-up, or stopped)? */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the exit code when the bot exits. */
  whenExited(): Promise<number | null> {
    return this.exited;
  }

  /**
   * Sets the bot's clock `offsetMs` ahead of the real time and waits for the reconcile round it runs
   * at once; resolves with the bot's new now (UTC instant, ISO-8601). Rejects if the bot is gone or
   * does not answer within `timeoutMs`.
   */
  moveClock(offsetMs: number, timeoutMs = 60_000): Promise<string> {
    return new Promise((resolve, reject) => {
      if (!this.running || !this.child.connected) return reject(new Error('the bot is not running'));
      const timer = setTimeout(() => done(new Error('the bot did not answer the clock change')), timeoutMs);
      const onMessage = (message: { type?: string; now?: string }) => {
        if (message.type === 'clock-moved' && typeof message.now === 'string') done(undefined, message.now);
      };
      const onExit = () => done(new Error('the bot exited'));
      const done = (error?: Error, now?: string) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolve(now!);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send({ type: 'clock', offsetMs });
    });
  }

  /** Stops the bot as `docker stop` would (SIGTERM, its graceful stop), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
