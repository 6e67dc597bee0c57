/** Claims on scheduled work: each a compare-and-set in the database, so any number of replicas may run. */
import type { AuditDetails } from './audit.ts';

/** A request's work lease: who holds it and until when (UTC instant; a crashed holder's lease lapses then). */
export interface LeaseClaim {
  readonly owner: string;
  readonly until: Date;
}

/** Leases, reminder claims and due-time plans: who does a request's next piece of work, and when. */
export interface WorkClaims {
  /**
   * Compare-and-set on the plan version: stores when the request is next due (null: never), only if
   * nothing changed what it owes since `planVersion` was read. False (nothing written) otherwise,
   * and the request stays due now, so the next round plans it again.
   */
  planNextDue(requestId: string, planVersion: number, at: Date | null): Promise<boolean>;
  /**
   * Compare-and-set on the request's work lease: takes it when free or expired at `now`. Only the
   * holder works on the request until `until`, so replicas never run the same action twice.
   */
  claimLease(requestId: string, owner: string, now: Date, until: Date): Promise<boolean>;
  releaseLease(requestId: string, owner: string): Promise<void>;
  /** Compare-and-set: records that the reminder for `allowEnd` is being sent; false if it already was. */
  claimReminder(requestId: string, allowEnd: Date): Promise<boolean>;
  /**
   * Compare-and-set: claims sending the one escalation of a request still `pending_approval` and
   * never escalated, until `until` (UTC), unless another replica's claim is still live at `now`.
   * False when the request moved on, was escalated, or is claimed; a claim whose holder crashed
   * before recordEscalation lapses at `until`, so the escalation is never lost.
   */
  claimEscalation(requestId: string, now: Date, until: Date): Promise<boolean>;
  /** Records, with its audit entry, that the escalation was queued (once: false if it already was). */
  recordEscalation(requestId: string, audit: AuditDetails): Promise<boolean>;
}
