/** What a request waiting for approvers owes when nobody decides it: one escalation, then closing. */

/** How long a request may wait for approvers; configurable, in milliseconds. */
export interface PendingPolicy {
  /** ESCALATE_AFTER: after this long undecided, the approvers are reminded once (default 30 minutes). */
  readonly escalateAfterMs: number;
  /** PENDING_TTL: after this long undecided, the request is closed as expired (default 3 days). */
  readonly pendingTtlMs: number;
}

export const DEFAULT_PENDING_POLICY: PendingPolicy = { escalateAfterMs: 30 * 60_000, pendingTtlMs: 3 * 86_400_000 };

/** What a pending request owes now. */
export type PendingDue = 'escalate' | 'expire';

/** The plain values the rule reads: when the wait began (the report, UTC) and when the approvers were reminded. */
export interface PendingSnapshot {
  readonly status: string;
  /** When the request was reported: the requester's wait began then (hunting takes seconds to a few minutes). */
  readonly createdAt: Date;
  /** When the escalation was queued; null until then. */
  readonly escalatedAt: Date | null;
}

/**
 * The work a request owes at `now` because nobody decided it: `expire` once PENDING_TTL has passed
 * since the report (an escalation not sent by then is skipped: closing says more than a late
 * reminder), else `escalate` once ESCALATE_AFTER has passed and no escalation was sent, else none.
 * Only `pending_approval` requests owe this; a request with one approval of two is still undecided.
 * Instants are compared as instants (ms since the epoch), never as local times.
 */
export function pendingDue(request: PendingSnapshot, now: Date, policy: PendingPolicy): PendingDue | null {
  if (request.status !== 'pending_approval') return null;
  const waited = now.getTime() - request.createdAt.getTime();
  if (waited >= policy.pendingTtlMs) return 'expire';
  if (request.escalatedAt === null && waited >= policy.escalateAfterMs) return 'escalate';
  return null;
}

/**
 * The report instants at or before which a pending request owes work at `now` (see pendingDue):
 * the sweep reads, through an index on (status, createdAt), the requests reported at or before
 * `escalateIfReportedBy` and not escalated yet, or reported at or before `expireIfReportedBy`.
 */
export function pendingCutoffs(now: Date, policy: PendingPolicy): { readonly escalateIfReportedBy: Date; readonly expireIfReportedBy: Date } {
  return {
    escalateIfReportedBy: new Date(now.getTime() - policy.escalateAfterMs),
    expireIfReportedBy: new Date(now.getTime() - policy.pendingTtlMs),
  };
}

/** When a pending request reported at `createdAt` is closed undecided (UTC instant). */
export const pendingClosesAt = (createdAt: Date, policy: PendingPolicy): Date => new Date(createdAt.getTime() + policy.pendingTtlMs);
