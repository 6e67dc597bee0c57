import type { Clock, Logger } from '../../../app/ports/runtime.ts';
import { durationLabel } from '../text/duration-label.ts';
import { classifySlackFailure, slackErrorLabel } from './slack-failure.ts';
import type { Metrics } from '../../../app/ports/metrics.ts';
import type { SlackDelivery } from './slack-delivery.ts';
import { DM_LANE, HOME_LANE, type LanePace, type OutboxMessage, type OutboxStore } from './outbox-store.ts';

/**
 * Slack's posting limit, kept with room to spare: chat.postMessage "generally allows posting one
 * message per second per channel" and tolerates short bursts (docs.slack.dev/reference/methods/
 * chat.postMessage, "Rate limits"; ../../../../../shared/reference/slack.md §5). chat.update counts
 * in the same lane, so the channel never sees more than a burst of 3, then one write every 1.1 s
 * (the extra tenth absorbs network jitter, so a steady stream never lands two posts in one of
 * Slack's seconds).
 */
export const CHANNEL_PACE: LanePace = { intervalMs: 1_100, burst: 2 };
/**
 * Direct messages: one lane for all of them, two a second. conversations.open is Tier 3 (50+ per
 * minute) and asked once per person; chat.postMessage has a workspace-wide limit besides the
 * per-channel one ("several hundred messages per minute").
 */
export const DM_PACE: LanePace = { intervalMs: 500, burst: 4 };
/**
 * App Home publishes: views.publish is Tier 4, "100+ per minute" per workspace (slack.md §5, where
 * its tier is marked unconfirmed; docs.slack.dev/apis/web-api/rate-limits): kept at about 85 a
 * minute, a burst of 5. Refreshes are coalesced per user before they get here.
 */
export const HOME_PACE: LanePace = { intervalMs: 700, burst: 4 };

/** Timing of the sender (ms). */
export interface OutboxTiming {
  /** How often lanes are looked at when nothing woke the sender. */
  readonly pollMs: number;
  /** A claimed message is another sender's to take over after this long. */
  readonly claimMs: number;
  /** A message not delivered this long after it was queued is logged as an error (once). */
  readonly overdueMs: number;
  /** Longest wait between two attempts of a failing message. */
  readonly maxBackoffMs: number;
  /** Wait before looking again at a message whose parent is still on its way. */
  readonly notReadyMs: number;
  /** Delivered messages are deleted after this long. */
  readonly keepMs: number;
  /** An approval message Slack refused for good is tried again after this long (ms). */
  readonly refusedRetryMs: number;
}

export const OUTBOX_TIMING: OutboxTiming = {
  pollMs: 500,
  claimMs: 60_000,
  overdueMs: 10 * 60_000,
  maxBackoffMs: 60_000,
  notReadyMs: 500,
  keepMs: 7 * 24 * 3_600_000,
  refusedRetryMs: 15 * 60_000,
};


/**
 * Delivers the Slack outbox: one worker per lane, each sending the lane's due messages one at a
 * time at the lane's pace (a generic cell rate algorithm whose state is in the database, so replicas
 * share it), honouring Slack's Retry-After for every replica, and retrying a failed message with
 * backoff until Slack takes it. Slack refusing a message for a reason no retry can fix (too long,
 * a user who cannot get DMs) is logged as an error with Slack's reason and dropped, except an
 * approval message, which is retried every `refusedRetryMs` (a request must never wait unseen); a
 * message still not delivered after `overdueMs` is logged as an error once and keeps being retried.
 */
export class OutboxSender {
  private readonly outbox: OutboxStore;
  private readonly delivery: SlackDelivery;
  private readonly wallClock: Clock;
  private readonly logger: Logger;
  private readonly owner: string;
  private readonly timing: OutboxTiming;
  private readonly lanes = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** Ends every pause at once when the sender stops. */
  private readonly stopping = new AbortController();
  private stopped = true;
  private lastPrune = 0;

  private readonly metrics: Metrics | undefined;

  /** `metrics`, when given, counts every failed Slack call (`slack_api_errors`, surface `outbox`). */
  constructor(options: { outbox: OutboxStore; delivery: SlackDelivery; wallClock: Clock; logger: Logger; owner: string; timing?: Partial<OutboxTiming>; metrics?: Metrics }) {
    this.metrics = options.metrics;
    this.outbox = options.outbox;
    this.delivery = options.delivery;
    this.wallClock = options.wallClock;
    this.logger = options.logger;
    this.owner = options.owner;
    this.timing = { ...OUTBOX_TIMING, ...options.timing };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Something was queued: look now instead of at the next poll. */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Stops taking new messages; resolves when the messages being sent are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopping.abort();
    await Promise.allSettled([...this.lanes.values()]);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const lane of await this.outbox.dueLanes(this.now())) {
        if (!this.lanes.has(lane)) {
          const worker = this.drain(lane).finally(() => this.lanes.delete(lane));
          this.lanes.set(lane, worker);
        }
      }
      await this.pruneNowAndThen();
    } catch (error) {
      this.logger.error({ err: error }, 'the Slack outbox could not be read; retrying');
    }
    if (!this.stopped) this.schedule(this.timing.pollMs);
  }

  /** Sends the lane's due messages one after the other until none is due. */
  private async drain(lane: string): Promise<void> {
    const pace = lane === DM_LANE ? DM_PACE : lane === HOME_LANE ? HOME_PACE : CHANNEL_PACE;
    while (!this.stopped) {
      const now = this.now();
      const message = await this.outbox.claimNext(lane, this.owner, now, new Date(now.getTime() + this.timing.claimMs));
      if (!message) return;
      await this.send(message, pace).catch((error: unknown) => this.logger.error({ err: error, lane, messageId: String(message.id) }, 'Slack outbox bookkeeping failed'));
    }
  }

  private async send(message: OutboxMessage, pace: LanePace): Promise<void> {
    const readiness = await this.delivery.readiness(message);
    if (readiness.kind !== 'ready') return this.settle(message, readiness);
    for (let wait = await this.outbox.takeSlot(message.lane, this.now(), pace); wait > 0; wait = await this.outbox.takeSlot(message.lane, this.now(), pace)) {
      // A long pause (Slack's Retry-After) is waited out unclaimed, so the claim never lapses mid-send.
      if (wait > this.timing.claimMs / 2) return this.outbox.defer(message, new Date(this.now().getTime() + wait));
      if (!(await this.pause(wait))) return this.outbox.defer(message, this.now());
    }
    try {
      const result = await this.delivery.deliver(message);
      if (result.kind === 'delivered') await this.outbox.delivered(message, this.now(), result.delivery);
      else await this.settle(message, result);
    } catch (error) {
      await this.failed(message, pace, error);
    }
  }

  private async settle(message: OutboxMessage, result: { kind: 'not_ready' } | { kind: 'obsolete'; reason: string }): Promise<void> {
    if (result.kind === 'not_ready') return this.outbox.defer(message, new Date(this.now().getTime() + this.timing.notReadyMs));
    this.logger.warn({ ...describe(message), reason: result.reason }, 'Slack message dropped: it has nowhere to go');
    await this.outbox.dead(message, this.now(), result.reason);
  }

  private async failed(message: OutboxMessage, pace: LanePace, error: unknown): Promise<void> {
    const failure = classifySlackFailure(error);
    this.metrics?.increment('slack_api_errors', { surface: 'outbox', error: slackErrorLabel(error) });
    const now = this.now();
    if (failure.kind === 'permanent' && message.kind !== 'approval_message') {
      this.logger.error({ ...describe(message), slackError: failure.reason }, `Slack refused a message for good (${failure.reason}); it was not delivered`);
      await this.outbox.dead(message, now, failure.reason);
      return;
    }
    if (failure.kind === 'permanent') {
      // Without its approval message a request is invisible to approvers while its reporters are told
      // it waits for them: never given up, retried at the longest backoff until an operator fixes it.
      this.logger.error(
        { ...describe(message), slackError: failure.reason, attempts: message.attempts + 1 },
        `Slack refused an approval message (${failure.reason}); retrying every ${durationLabel(this.timing.refusedRetryMs)}, the request waits unseen until it is posted`,
      );
      await this.outbox.retryLater(message, { retryAt: new Date(now.getTime() + this.timing.refusedRetryMs), error: failure.reason });
      return;
    }
    let retryAt: Date;
    if (failure.kind === 'rate_limited') {
      // The whole lane waits (every replica); the message stays first in line for when it opens.
      retryAt = now;
      const until = new Date(now.getTime() + failure.retryAfterMs);
      this.logger.info({ lane: message.lane, retryAfterMs: failure.retryAfterMs }, 'Slack rate-limited the lane; waiting Retry-After');
      await this.outbox.pauseLane(message.lane, until, pace);
    } else {
      retryAt = new Date(now.getTime() + Math.min(this.timing.maxBackoffMs, 1_000 * 2 ** message.attempts));
    }
    const overdue = message.overdueAlertedAt === null && now.getTime() - message.createdAt.getTime() >= this.timing.overdueMs;
    if (overdue) {
      this.logger.error(
        { ...describe(message), slackError: failure.reason, attempts: message.attempts + 1, queuedAt: message.createdAt.toISOString() },
        `a Slack message is still not delivered after ${durationLabel(this.timing.overdueMs)} (${failure.reason}); retrying until Slack takes it`,
      );
    } else if (failure.kind === 'retry') {
      this.logger.warn({ ...describe(message), slackError: failure.reason, attempts: message.attempts + 1 }, 'Slack did not take a message; retrying');
    }
    await this.outbox.retryLater(message, { retryAt, error: failure.reason, ...(overdue ? { alertedAt: now } : {}) });
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    await this.outbox.prune(new Date(now - this.timing.keepMs));
  }

  /** Waits `ms`; false when the sender stopped meanwhile. */
  private pause(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(!this.stopped);
      };
      const timer = setTimeout(done, ms);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }

  private now(): Date {
    return this.wallClock.now();
  }
}

function describe(message: OutboxMessage) {
  return { messageId: String(message.id), lane: message.lane, kind: message.kind, requestId: message.requestId ?? undefined };
}
