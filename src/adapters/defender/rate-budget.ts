/** A limit of `limit` calls per sliding `windowMs`. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Client-side call budget shared by every caller in the process: `take()` resolves once a call fits
 * under all limits, so a burst queues instead of failing with 429. Each limit is a sliding window
 * of call times. Time and waiting are injected for tests.
 */
export class RateBudget {
  private readonly limits: readonly RateLimit[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly calls: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** Callers of take() not let through yet. */
  private waiting = 0;

  constructor(limits: readonly RateLimit[], options: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {}) {
    this.limits = limits;
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits for room under every limit, then records the call. Callers are served in order. */
  take(): Promise<void> {
    this.waiting += 1;
    const turn = this.queue.then(() => this.waitForRoom()).finally(() => {
      this.waiting -= 1;
    });
    this.queue = turn.catch(() => {});
    return turn;
  }

  /**
   * For work nobody is waiting for: records a call and returns true only if it fits now with
   * `headroom` calls still free under every limit and nobody queued in take(); otherwise returns
   * false at once, recording nothing, so background work never delays or crowds out a caller who
   * waits (the caller tries again later).
   */
  tryTake(headroom = 0): boolean {
    if (this.waiting > 0) return false;
    const now = this.now();
    if (this.limits.some((l) => this.calls.filter((t) => t > now - l.windowMs).length + 1 + headroom > l.limit)) return false;
    this.calls.push(now);
    return true;
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const now = this.now();
      const longest = Math.max(...this.limits.map((l) => l.windowMs));
      while (this.calls.length > 0 && this.calls[0]! <= now - longest) this.calls.shift();
      const wait = Math.max(0, ...this.limits.map((l) => this.waitFor(l, now)));
      if (wait === 0) {
        this.calls.push(now);
        return;
      }
      await this.sleep(wait);
    }
  }

  private waitFor(limit: RateLimit, now: number): number {
    const recent = this.calls.filter((t) => t > now - limit.windowMs);
    return recent.length < limit.limit ? 0 : recent[recent.length - limit.limit]! + limit.windowMs - now;
  }
}

/** Documented limits, kept a little below: indicators 100/min and 1,500/hour; hunting 45/min. */
export const INDICATOR_LIMITS: readonly RateLimit[] = [
  { limit: 90, windowMs: 60_000 },
  { limit: 1_400, windowMs: 3_600_000 },
];
export const HUNTING_LIMITS: readonly RateLimit[] = [{ limit: 40, windowMs: 60_000 }];
