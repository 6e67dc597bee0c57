import { HOME_LANE, OUTBOX_PRIORITY, type NewOutboxMessage } from '../outbox/outbox-store.ts';

/**
 * How long a change waits before the Homes it shows in are re-published (ms): a burst of changes
 * (a decision, its activation, the thread notes) is one publish per viewer, not one each.
 */
export const HOME_REFRESH_DELAY_MS = 2_000;

/**
 * A re-publish of `userId`'s App Home tab, queued in the Slack outbox: rendered when sent, from the
 * database as it is then (never stale), and coalesced per user (`home:<user id>`: while one waits,
 * queueing another does nothing), so a user has at most one pending refresh however much changes.
 * `requestId`: the request whose change queued it, if any; the publish waits while that request is
 * still being set up (the report queues its approval message just before it records the request as
 * waiting for approvers), so the Home never shows the moment before the change.
 */
export function homeRefresh(userId: string, delayMs: number = HOME_REFRESH_DELAY_MS, requestId: string | null = null): NewOutboxMessage {
  return { lane: HOME_LANE, kind: 'home_refresh', requestId, recipient: userId, coalesceKey: `home:${userId}`, delayMs };
}

/**
 * The publish of `userId`'s Home that they are waiting for: they opened the tab or turned a page.
 * Due at once and ahead of the background refreshes in the home lane (still at the lane's pace); a
 * background refresh of theirs already waiting is promoted instead of queueing a second one behind it.
 */
export function homeOnView(userId: string): NewOutboxMessage {
  return { ...homeRefresh(userId, 0), priority: OUTBOX_PRIORITY.viewerWaiting };
}
