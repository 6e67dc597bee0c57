import type { MessageRef } from '../../../domain/request/request.ts';

/** What a queued Slack message is; the same names as the Prisma enum SlackMessageKind. */
export type OutboxKind =
  | 'approval_message'
  | 'approval_refresh'
  | 'reporters_note'
  | 'thread_note'
  | 'reminder'
  | 'reminder_settle'
  | 'scope_change'
  | 'scope_change_settle'
  | 'direct_message'
  /** views.publish of `recipient`'s App Home tab, rendered when sent (coalesced per user). */
  | 'home_refresh';

/** A message as Slack's chat.postMessage / chat.update take it (text is the notification fallback). */
export interface SlackPayload {
  readonly text: string;
  readonly blocks?: readonly unknown[];
  /** A thread reply also shown in the channel (chat.postMessage `reply_broadcast`, slack.md §4.4). */
  readonly reply_broadcast?: boolean;
}

/** One message to queue. */
export interface NewOutboxMessage {
  /** What Slack paces: the channel id, or DM_LANE. */
  readonly lane: string;
  readonly kind: OutboxKind;
  readonly requestId: string | null;
  /** The Slack user a direct message goes to. */
  readonly recipient?: string;
  /** Rendered when queued; absent for kinds rendered when sent (approval message, refresh, reporters note). */
  readonly payload?: SlackPayload;
  /** While a message with this key waits unclaimed, queueing another with it does nothing. */
  readonly coalesceKey?: string;
  /** Not sent before this delay (ms) has passed; gathers joins into one note. */
  readonly delayMs?: number;
  /**
   * OUTBOX_PRIORITY.background unless said otherwise. A due message of a higher priority is claimed
   * before the lane's others; queueing one whose coalesceKey already waits raises the waiting one.
   */
  readonly priority?: OutboxPriority;
}

/**
 * Which of a lane's due messages goes first: a Home publish someone is looking at the screen for
 * (they opened the tab or turned a page) before the background refreshes queued by changes.
 */
export const OUTBOX_PRIORITY = { background: 0, viewerWaiting: 1 } as const;
export type OutboxPriority = (typeof OUTBOX_PRIORITY)[keyof typeof OUTBOX_PRIORITY];

/** A queued message, as claimed by one sender. */
export interface OutboxMessage {
  readonly id: bigint;
  readonly lane: string;
  readonly kind: OutboxKind;
  readonly requestId: string | null;
  readonly recipient: string | null;
  readonly payload: SlackPayload | null;
  /** When it was queued (UTC). */
  readonly createdAt: Date;
  /** Failed attempts so far. */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly overdueAlertedAt: Date | null;
}

/** What Slack answered to a delivered message, and what the delivery records beside it. */
export interface Delivery {
  /** Where Slack put the message (null for chat.update and for a note with nothing left to say). */
  readonly ref: MessageRef | null;
  /** Reporters the message named, recorded as announced (approval message, reporters note). */
  readonly namedReporterIds?: readonly string[];
}

/** Generic cell rate algorithm settings of one lane. */
export interface LanePace {
  /** Sustained: one send per `intervalMs`. */
  readonly intervalMs: number;
  /** Sends allowed at once after a quiet spell, beyond the sustained rate. */
  readonly burst: number;
}

/** The lane all direct messages share (they count against the workspace's posting limit). */
export const DM_LANE = 'dm';

/** The lane of every App Home publish (views.publish has its own rate limit, apart from posting). */
export const HOME_LANE = 'home';

/**
 * The durable Slack outbox (table SlackMessage, lanes in SlackLane). Every write is a
 * compare-and-set, so several replicas share it without an in-memory lock. Instants are UTC.
 */
export interface OutboxStore {
  /**
   * Queues messages in order; one whose coalesceKey already waits unclaimed is skipped, and instead
   * raises the waiting one to its priority and, when due at once, pulls it forward to now.
   */
  enqueue(messages: readonly NewOutboxMessage[], now: Date): Promise<void>;
  /** Lanes that have a message due at `now` and not claimed by a live sender. */
  dueLanes(now: Date): Promise<string[]>;
  /**
   * Claims the lane's next due message (highest priority, then earliest `notBefore`, then oldest) for `owner` until
   * `until`, and frees its coalesce key so later changes queue a new one. Null when none is due.
   */
  claimNext(lane: string, owner: string, now: Date, until: Date): Promise<OutboxMessage | null>;
  /** Takes one send slot of the lane (GCRA); returns 0 when taken, else how long to wait (ms). */
  takeSlot(lane: string, now: Date, pace: LanePace): Promise<number>;
  /** No send on the lane before `until` (Slack's Retry-After), for every replica; then the sustained pace. */
  pauseLane(lane: string, until: Date, pace: LanePace): Promise<void>;
  /**
   * Marks the message delivered, and in the same transaction records what it means: an approval
   * message's channel and ts on its request (and an audit entry), a reminder's on the lifecycle,
   * the reporters a message named.
   */
  delivered(message: OutboxMessage, at: Date, delivery: Delivery): Promise<void>;
  /** Not ready yet (its parent is still on its way): try again at `at`, no attempt counted. */
  defer(message: OutboxMessage, at: Date): Promise<void>;
  /** A failed attempt: try again at `retryAt`; `alertedAt` records that the operator was told it is overdue. */
  retryLater(message: OutboxMessage, input: { retryAt: Date; error: string; alertedAt?: Date }): Promise<void>;
  /** Slack refused it for a reason retrying cannot fix, or it no longer has a place to go. */
  dead(message: OutboxMessage, at: Date, error: string): Promise<void>;
  /** Whether the request still has an undelivered message of `kind` (e.g. its reminder). */
  hasPending(requestId: string, kind: OutboxKind): Promise<boolean>;
  /** How many messages wait for Slack, and since when the oldest has (for /healthz). */
  backlog(): Promise<{ readonly pending: number; readonly oldestQueuedAt: Date | null }>;
  /** Deletes delivered and dead messages older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
