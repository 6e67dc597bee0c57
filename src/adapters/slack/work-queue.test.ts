import { describe, expect, test } from 'vitest';
import type { Logger } from '../../app/ports/runtime.ts';
import { WorkQueue } from './work-queue.ts';

class RecordingLogger implements Logger {
  readonly errors: Array<{ details: Record<string, unknown>; message: string | undefined }> = [];
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(details: object, message?: string): void {
    this.errors.push({ details: details as Record<string, unknown>, message });
  }
}

/** A promise the test settles when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));
const noUser = async () => {};

describe('WorkQueue', () => {
  test('runs jobs first in, first out', async () => {
    const queue = new WorkQueue(new RecordingLogger(), { concurrency: 1, capacity: 10 });
    const ran: number[] = [];
    for (const n of [1, 2, 3, 4, 5]) queue.offer(`job ${n}`, async () => void ran.push(n), noUser);
    await queue.idle();
    expect(ran).toEqual([1, 2, 3, 4, 5]);
  });

  test('never runs more than `concurrency` jobs at once, and starts the next as one ends', async () => {
    const queue = new WorkQueue(new RecordingLogger(), { concurrency: 2, capacity: 10 });
    const gates = Array.from({ length: 5 }, gate);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    gates.forEach((g, n) =>
      queue.offer(
        `job ${n}`,
        async () => {
          started.push(n);
          most = Math.max(most, ++running);
          await g.opened;
          running--;
        },
        noUser,
      ),
    );
    await nextMacrotask();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await nextMacrotask();
    await nextMacrotask();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.open());
    await queue.idle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  test('refuses a job beyond its capacity (waiting and running together) and never runs it', async () => {
    const queue = new WorkQueue(new RecordingLogger(), { concurrency: 1, capacity: 2 });
    const hold = gate();
    const ran: string[] = [];
    expect(queue.offer('first', async () => void (ran.push('first'), await hold.opened), noUser)).toBe(true);
    expect(queue.offer('second', async () => void ran.push('second'), noUser)).toBe(true);
    expect(queue.offer('third', async () => void ran.push('third'), noUser)).toBe(false);
    expect(queue.size).toBe(2);
    hold.open();
    await queue.idle();
    expect(ran).toEqual(['first', 'second']);
    expect(queue.offer('later', async () => void ran.push('later'), noUser)).toBe(true);
    await queue.idle();
    expect(ran).toEqual(['first', 'second', 'later']);
  });

  test('starts a job from a macrotask of its own, so I/O waiting in the event loop goes first', async () => {
    const queue = new WorkQueue(new RecordingLogger(), { concurrency: 1, capacity: 10 });
    const order: string[] = [];
    queue.offer('offered', async () => void order.push('job'), noUser);
    for (let n = 0; n < 100; n++) await Promise.resolve();
    order.push('offering code done');
    await queue.idle();
    // A job that queues a macrotask (a stand-in for an incoming request) lets it run before the next job.
    queue.offer('first', async () => void setImmediate(() => order.push('request')), noUser);
    queue.offer('second', async () => void order.push('second job'), noUser);
    await queue.idle();
    expect(order).toEqual(['offering code done', 'job', 'request', 'second job']);
  });

  test('logs a failing job with a reference and tells the user the same reference', async () => {
    const logger = new RecordingLogger();
    const queue = new WorkQueue(logger, { concurrency: 1, capacity: 10 });
    const told: string[] = [];
    const failure = new Error('database unreachable');
    queue.offer('report', async () => Promise.reject(failure), async (ref) => void told.push(ref));
    queue.offer('next', async () => {}, noUser);
    await queue.idle();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^[0-9a-f]{8}$/);
    expect(logger.errors).toEqual([{ details: { err: failure, ref: told[0], work: 'report' }, message: 'report failed' }]);
  });

  test('logs a failure to tell the user too, and carries on', async () => {
    const logger = new RecordingLogger();
    const queue = new WorkQueue(logger, { concurrency: 1, capacity: 10 });
    const ran: string[] = [];
    queue.offer('click', async () => Promise.reject(new Error('boom')), async () => Promise.reject(new Error('response_url expired')));
    queue.offer('next', async () => void ran.push('next'), noUser);
    await queue.idle();
    expect(ran).toEqual(['next']);
    expect(logger.errors.map((e) => e.message)).toEqual(['click failed', 'could not tell the user']);
    expect(logger.errors[1]!.details.ref).toBe(logger.errors[0]!.details.ref);
  });

  test('idle() resolves at once when empty, otherwise once queued and running work has finished', async () => {
    const queue = new WorkQueue(new RecordingLogger(), { concurrency: 1, capacity: 10 });
    await queue.idle();
    const hold = gate();
    const done: string[] = [];
    queue.offer('running', async () => void (await hold.opened, done.push('running')), noUser);
    queue.offer('waiting', async () => void done.push('waiting'), noUser);
    let idle = false;
    const waiting = queue.idle().then(() => (idle = true));
    await nextMacrotask();
    expect(idle).toBe(false);
    hold.open();
    await waiting;
    expect(done).toEqual(['running', 'waiting']);
  });

  test('close() lets work finish within the grace period and refuses new work', async () => {
    const queue = new WorkQueue(new RecordingLogger(), { concurrency: 1, capacity: 10 });
    const done: string[] = [];
    queue.offer('a', async () => void done.push('a'), noUser);
    queue.offer('b', async () => void done.push('b'), noUser);
    expect(await queue.close(5_000)).toEqual({ discarded: 0, stillRunning: 0 });
    expect(done).toEqual(['a', 'b']);
    expect(queue.offer('c', async () => void done.push('c'), noUser)).toBe(false);
  });

  test('close() discards what has not started after the grace period, telling each user with a logged reference', async () => {
    const logger = new RecordingLogger();
    const queue = new WorkQueue(logger, { concurrency: 1, capacity: 10 });
    const hold = gate();
    const told: string[] = [];
    const ran: string[] = [];
    queue.offer('stuck', async () => hold.opened, noUser);
    queue.offer('queued', async () => void ran.push('queued'), async (ref) => void told.push(ref));
    expect(await queue.close(20)).toEqual({ discarded: 1, stillRunning: 1 });
    expect(told).toHaveLength(1);
    expect(logger.errors).toEqual([{ details: expect.objectContaining({ ref: told[0], work: 'queued' }), message: 'queued failed' }]);
    hold.open();
    await queue.idle();
    expect(ran).toEqual([]);
  });

  test.each([
    [{ concurrency: 0, capacity: 10 }],
    [{ concurrency: 1.5, capacity: 10 }],
    [{ concurrency: 1, capacity: 0 }],
  ])('refuses limits %j', (limits) => {
    expect(() => new WorkQueue(new RecordingLogger(), limits)).toThrow(RangeError);
  });
});
