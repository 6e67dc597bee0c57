/** Questions over many requests: per-user counters and the sweeps that find due work. */
import type { RequestView } from './request-view.ts';

/** Counters for per-user limits and sweeps for the reconciler, read through indexes. */
export interface RequestQueries {
  /** How many reports (opened or joined) `userId` made since `since`. */
  countReportsSince(userId: string, since: Date): Promise<number>;
  /** How many of `userId`'s own requests are open (waiting, approved or active). */
  countOpenRequestsOf(userId: string): Promise<number>;
  /** Requests still `investigating` that were last touched before `before` (a report that died midway). */
  staleInvestigations(before: Date, limit: number): Promise<RequestView[]>;
  /**
   * Approved and active requests whose stored next due time is at or before `now`, the earliest
   * first, at most `limit`. Reads through an index on the due time, so idle allows cost nothing.
   * Every write that may change what a request owes (lifecycle bookkeeping, reminder claims,
   * extensions, activation) marks it due now and bumps its plan version; closing it clears its due
   * time.
   */
  dueForReconcile(now: Date, limit: number): Promise<RequestView[]>;
  /**
   * Requests still waiting for approvers (`pending_approval`) that owe work because nobody decided
   * them: reported at or before `escalateIfReportedBy` and never escalated, or reported at or before
   * `expireIfReportedBy` (UTC instants, see pendingCutoffs). The longest-waiting first, at most
   * `limit`, read through an index on (status, report time).
   */
  undecidedDue(cutoffs: { readonly escalateIfReportedBy: Date; readonly expireIfReportedBy: Date }, limit: number): Promise<RequestView[]>;
}
