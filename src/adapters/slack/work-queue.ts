import type { Logger } from '../../app/ports/runtime.ts';
import { newReference } from '../../shared/reference.ts';

/** How much work a queue takes on. */
export interface WorkQueueLimits {
  /** Jobs that run at the same time. */
  readonly concurrency: number;
  /** Jobs held at once, waiting and running together; a job offered beyond it is refused. */
  readonly capacity: number;
}

/** A unit of work: `onError` tells the user, with the reference logged alongside the failure. */
interface Job {
  readonly label: string;
  readonly work: () => Promise<void>;
  readonly onError: (ref: string) => Promise<unknown>;
}

/** What `close` left undone: jobs discarded before they started, and jobs still running. */
export interface CloseReport {
  readonly discarded: number;
  readonly stillRunning: number;
}

/**
 * Work that runs after Slack's 3-second ack: first in, first out, at most `concurrency` jobs at a
 * time and at most `capacity` held, so a burst of reports queues instead of starting all at once.
 *
 * Every job starts from its own macrotask (setImmediate), never from the offering call's promise
 * chain: a job's database calls on embedded PGlite can resolve one after another as microtasks,
 * which Node runs to the end before it reads the network again, so jobs started inline keep the
 * HTTP server from accepting and acking new requests.
 *
 * A failure is logged with a short reference that the user is shown too (through `onError`).
 */
export class WorkQueue {
  private readonly waiting: Job[] = [];
  private running = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly logger: Logger;
  private readonly limits: WorkQueueLimits;

  constructor(logger: Logger, limits: WorkQueueLimits) {
    if (!Number.isInteger(limits.concurrency) || limits.concurrency < 1) throw new RangeError('concurrency: a whole number, at least 1');
    if (!Number.isInteger(limits.capacity) || limits.capacity < 1) throw new RangeError('capacity: a whole number, at least 1');
    this.logger = logger;
    this.limits = limits;
  }

  /** Jobs held now, waiting and running. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /**
   * Queues `work` and returns true, or returns false without queueing it when the queue is full or
   * closed. The job never starts before the caller's current synchronous code and promise chain
   * have run, so an ack sent right after `offer` leaves first.
   */
  offer(label: string, work: () => Promise<void>, onError: (ref: string) => Promise<unknown>): boolean {
    if (this.closed || this.size >= this.limits.capacity) return false;
    this.waiting.push({ label, work, onError });
    this.startWhatFits();
    return true;
  }

  /** Resolves when no job is waiting or running (at once if none is). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * For shutdown: refuses new work, waits up to `graceMs` for the jobs held to finish, then
   * discards the jobs that have not started (each one's user is told through `onError`, with a
   * logged reference) and stops waiting for the ones still running.
   */
  async close(graceMs: number): Promise<CloseReport> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    const discarded = this.waiting.splice(0);
    await Promise.allSettled(
      discarded.map((job) => this.fail(job, new Error('discarded at shutdown before it started'))),
    );
    this.settleIfIdle();
    return { discarded: discarded.length, stillRunning: this.running };
  }

  private startWhatFits(): void {
    while (this.running < this.limits.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      setImmediate(() => void this.execute(job));
    }
  }

  private async execute(job: Job): Promise<void> {
    try {
      await job.work();
    } catch (error) {
      await this.fail(job, error);
    } finally {
      this.running--;
      this.startWhatFits();
      this.settleIfIdle();
    }
  }

  private async fail(job: Job, error: unknown): Promise<void> {
    const ref = newReference();
    this.logger.error({ err: error, ref, work: job.label }, `${job.label} failed`);
    // Through a promise, so an onError that throws at once is caught too (and never ends the process).
    await Promise.resolve()
      .then(() => job.onError(ref))
      .catch((notifyError: unknown) => this.logger.error({ err: notifyError, ref }, 'could not tell the user'));
  }

  private settleIfIdle(): void {
    if (this.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
