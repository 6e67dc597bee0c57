import type { Clock } from '../../src/app/ports/runtime.ts';

/**
 * The sandbox's time: the real time plus an offset that only grows (ms). The bot reads it through
 * its Clock port, so reminders, checks and expiry come due when the offset moves past them; the
 * system clock is never touched.
 */
export class SandboxClock implements Clock {
  private offset = 0;

  /** How far ahead of the real time the sandbox is (ms). */
  get offsetMs(): number {
    return this.offset;
  }

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  /** Moves the sandbox forward by `ms` (> 0); throws a RangeError for anything else. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('the sandbox clock only moves forward');
    this.offset += ms;
  }

  /** Takes the offset another process's SandboxClock has (the bot follows the sandbox's). */
  follow(offsetMs: number): void {
    if (offsetMs > this.offset) this.offset = offsetMs;
  }
}
