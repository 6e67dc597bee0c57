import type { Clock } from '../../src/app/ports/runtime.ts';

/**
 * A Clock that only moves when the test says so. It starts with milliseconds, as a real clock reads,
 * so anything that must be a whole second (Defender's expirationTime) is tested as such.
 */
export class FakeClock implements Clock {
  private current: Date;

  constructor(start: Date = new Date('2026-11-26T09:00:00.773Z')) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date): void {
    this.current = new Date(date);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
