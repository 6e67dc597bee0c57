import { describe, expect, test } from 'vitest';
import { HUNTING_LIMITS, INDICATOR_LIMITS, RateBudget, type RateLimit } from './rate-budget.ts';

/** A clock that only moves when the budget sleeps; every requested wait is recorded. */
class FakeTime {
  current = 0;
  readonly waits: number[] = [];
  readonly now = (): number => this.current;
  readonly sleep = async (ms: number): Promise<void> => {
    this.waits.push(ms);
    this.current += ms;
  };
}

function budget(limits: readonly RateLimit[]): { budget: RateBudget; time: FakeTime } {
  const time = new FakeTime();
  return { budget: new RateBudget(limits, { now: time.now, sleep: time.sleep }), time };
}

/** Takes `n` calls one after another and returns the fake time at which each was let through. */
async function takeSequentially(b: RateBudget, time: FakeTime, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await b.take();
    times.push(time.current);
  }
  return times;
}

/** The most calls in any window of `windowMs` ending at a call (times sorted). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[start]! <= times[end]! - windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('RateBudget', () => {
  test('up to the limit, take() resolves without sleeping', async () => {
    const { budget: b, time } = budget([{ limit: 3, windowMs: 1000 }]);
    expect(await takeSequentially(b, time, 3)).toEqual([0, 0, 0]);
    expect(time.waits).toEqual([]);
  });

  test('the call after the limit sleeps exactly until the oldest call leaves the window', async () => {
    const { budget: b, time } = budget([{ limit: 3, windowMs: 1000 }]);
    await b.take();
    time.current = 100;
    await b.take();
    time.current = 300;
    await b.take();
    await b.take();
    expect(time.waits).toEqual([700]);
    expect(time.current).toBe(1000);
  });

  test('calls spaced wider than the window never wait', async () => {
    const { budget: b, time } = budget([{ limit: 2, windowMs: 1000 }]);
    for (let i = 0; i < 6; i++) {
      time.current = i * 600;
      await b.take();
    }
    expect(time.waits).toEqual([]);
    expect(time.current).toBe(3000);
  });

  test('with several limits the stricter one wins', async () => {
    const { budget: b, time } = budget([
      { limit: 3, windowMs: 1000 },
      { limit: 5, windowMs: 10_000 },
    ]);
    const times = await takeSequentially(b, time, 8);
    // 3 at once, then the per-second limit lets 2 more through at 1 s; the 6th waits for the 10 s window.
    expect(times).toEqual([0, 0, 0, 1000, 1000, 10_000, 10_000, 10_000]);
    expect(time.waits).toEqual([1000, 9000]);
  });

  test('concurrent callers are served in the order they asked', async () => {
    const { budget: b, time } = budget([{ limit: 3, windowMs: 1000 }]);
    const served: Array<{ caller: number; at: number }> = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, caller) => b.take().then(() => served.push({ caller, at: time.current }))),
    );
    expect(served.map((s) => s.caller)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(served.map((s) => s.at)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000, 2000, 2000, 3000]);
    expect(time.waits).toEqual([1000, 1000, 1000]);
  });

  test('a failing sleep rejects that caller but does not stall the queue', async () => {
    let fail = true;
    let current = 0;
    const b = new RateBudget([{ limit: 1, windowMs: 1000 }], {
      now: () => current,
      sleep: async (ms) => {
        if (fail) {
          fail = false;
          throw new Error('interrupted');
        }
        current += ms;
      },
    });
    await b.take();
    await expect(b.take()).rejects.toThrow('interrupted');
    await b.take();
    expect(current).toBe(1000);
  });
});

describe('documented Defender limits', () => {
  const limitFor = (limits: readonly RateLimit[], windowMs: number): number | undefined =>
    limits.find((l) => l.windowMs === windowMs)?.limit;

  test('INDICATOR_LIMITS stay below 100 per minute and 1,500 per hour', () => {
    expect(limitFor(INDICATOR_LIMITS, 60_000)).toBeLessThan(100);
    expect(limitFor(INDICATOR_LIMITS, 3_600_000)).toBeLessThan(1_500);
  });

  test('HUNTING_LIMITS stay below 45 per minute', () => {
    expect(limitFor(HUNTING_LIMITS, 60_000)).toBeLessThan(45);
  });

  test('a long burst through INDICATOR_LIMITS never exceeds Defender’s limits', async () => {
    const { budget: b, time } = budget(INDICATOR_LIMITS);
    const times = await takeSequentially(b, time, 1_600);
    expect(busiestWindow(times, 60_000)).toBeLessThan(100);
    expect(busiestWindow(times, 3_600_000)).toBeLessThan(1_500);
  });

  test('a burst through HUNTING_LIMITS never exceeds 45 per minute', async () => {
    const { budget: b, time } = budget(HUNTING_LIMITS);
    const times = await takeSequentially(b, time, 200);
    expect(busiestWindow(times, 60_000)).toBeLessThan(45);
  });
});

describe('RateBudget.tryTake: background calls leave room for callers who wait', () => {
  test('takes a call only while `headroom` calls stay free, and never waits', async () => {
    const { budget: b, time } = budget([{ limit: 5, windowMs: 1000 }]);
    expect([b.tryTake(2), b.tryTake(2), b.tryTake(2), b.tryTake(2)]).toEqual([true, true, true, false]);
    // The room left is for take(): two calls go through at once.
    expect(await takeSequentially(b, time, 2)).toEqual([0, 0]);
    expect(b.tryTake(0)).toBe(false);
    expect(time.waits).toEqual([]);
    time.current = 1000;
    expect(b.tryTake(2)).toBe(true);
  });

  test('never goes ahead of a caller queued in take()', async () => {
    const { budget: b, time } = budget([{ limit: 1, windowMs: 1000 }]);
    await b.take();
    const queued = b.take();
    time.current = 1000; // room again, but the queued caller comes first
    expect(b.tryTake()).toBe(false);
    await queued;
    expect(b.tryTake()).toBe(false);
    time.current = 3000;
    expect(b.tryTake()).toBe(true);
  });
});
