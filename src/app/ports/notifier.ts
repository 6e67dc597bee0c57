/** Telling people: the approval message, its thread, reminders and reporters' DMs, with the note vocabularies. */
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import type { Drift } from '../../domain/lifecycle/find-drift.ts';
import type { RequestView } from './request-view.ts';

/**
 * What a check after activation found (see verifyAllow): block events stamped after `since`, hunted
 * at `checkedAt` (both UTC). The first check counts from when the allow became active; the second
 * from the first check, whose blocks were reported already.
 */
export interface VerifyResult {
  readonly since: Date;
  /** What `since` is: the allow becoming active, or the first check. */
  readonly sinceWhat: 'allow' | 'first_check';
  readonly checkedAt: Date;
  /**
   * Devices the allow reaches (its device groups, or every device) with block events since the allow
   * (audit-mode events are not blocks); 0: none.
   */
  readonly blockedDevices: number;
  /**
   * Devices outside the allow's device groups with block events since the allow: still blocked as
   * approved (the allow was not given for them), so they never count as "did not work"; 0 for an
   * allow on every device.
   */
  readonly outsideScopeDevices: number;
  /** The hunt returned as many rows as it may (rowCap): there may be more devices. */
  readonly capped: boolean;
  /** When Unblock checks once more (UTC); null when this was the last automatic check. */
  readonly nextCheckAt: Date | null;
}

export type ThreadNote =
  | { readonly kind: 'decided' }
  /** An approval was recorded but the request needs `required` different approvers. */
  | { readonly kind: 'approval_recorded'; readonly approverId: string; readonly required: number }
  | { readonly kind: 'allow_active'; readonly others: readonly ExistingIndicator[] }
  | { readonly kind: 'activation_failed'; readonly error: string }
  | { readonly kind: 'activation_failing'; readonly attempts: number; readonly error: string | null }
  /** Defender refused the allow in a way retrying cannot fix; `retryInMs`: when Unblock tries again anyway (ms). */
  | { readonly kind: 'activation_refused'; readonly error: string; readonly retryInMs: number }
  /**
   * Someone else's Allowed indicator (`indicator`) holds the value for other device groups than the
   * approved ones: Unblock neither rewrites its scope nor rides on it, and tries again every
   * `retryInMs` (ms) in case its owner changes it.
   */
  | { readonly kind: 'scope_conflict'; readonly indicator: ExistingIndicator; readonly retryInMs: number }
  /**
   * A later report (by `reporterId`) found blocked devices in device groups the proposal lacked
   * (`added`, sorted), or a first device in no group (`newlyUngrouped`: the proposal is all devices now).
   */
  | { readonly kind: 'scope_widened'; readonly added: readonly string[]; readonly newlyUngrouped: boolean; readonly reporterId: string }
  /**
   * After activation, a later report (by `reporterId`) found blocked devices the allow's device groups
   * do not reach: in `groups` (sorted), or in no group at all (`ungrouped`). Approvers are told; the
   * allow is not widened by itself.
   */
  | { readonly kind: 'scope_not_covered'; readonly groups: readonly string[]; readonly ungrouped: boolean; readonly reporterId: string }
  /**
   * A later reporter joined a request limited to device groups, but hunting could not run, so
   * whether their device sits in another group is unknown; `error` is the safe reason.
   */
  | { readonly kind: 'scope_unchecked'; readonly reporterId: string; readonly error: string }
  /** An approver decided the open scope change (see ScopeChangeOutcome). */
  | ({ readonly kind: 'scope_change_decided' } & ScopeChangeDecision)
  /** `removed`: indicators an attempt had created although its answer was lost, deleted now. */
  | { readonly kind: 'activation_abandoned'; readonly removed?: readonly string[] }
  /** `previousDefenderId`: set when Defender answered the update with a new indicator (the old one was gone). */
  | { readonly kind: 'extended'; readonly actorId: string; readonly previousDefenderId?: string }
  /** `removed`: the Defender indicators Unblock deleted (empty when it had created none). */
  | { readonly kind: 'revoked'; readonly actorId: string; readonly removed: readonly string[]; readonly keptChanged?: readonly string[] }
  /** `alsoRemoved`: indicators Unblock had written for the request without recording them, deleted too. */
  | { readonly kind: 'expired'; readonly how: ExpiryOutcome; readonly alsoRemoved?: readonly string[] }
  /** Defender refused to delete the request's indicator in a way retrying cannot fix. */
  | { readonly kind: 'removal_refused'; readonly defenderId: string; readonly error: string }
  /** `endingAllow`: found at the allow's end, which Unblock enforces by deleting the indicator now. */
  | { readonly kind: 'drift'; readonly drift: readonly Drift[]; readonly endingAllow?: boolean }
  | { readonly kind: 'let_expire'; readonly actorId: string }
  /**
   * Nobody decided within ESCALATE_AFTER: the one reminder to the approvers (shown in the channel
   * too). `required`: different approvers the request needs (the approvals so far are in the view);
   * `closesAt`: when it is closed undecided (UTC).
   */
  | { readonly kind: 'escalated'; readonly required: number; readonly closesAt: Date }
  /** Nobody decided within PENDING_TTL (`ttlMs`, ms): closed as expired, nothing allowed. */
  | { readonly kind: 'expired_undecided'; readonly ttlMs: number }
  /** The allow was checked by hunting since it became active (VERIFY_AFTER, VERIFY_AGAIN_AFTER). */
  | { readonly kind: 'verified'; readonly result: VerifyResult };

/**
 * What an approver decided on a scope change: `before` the allow's device groups then, `proposed`
 * the wider set asked for (rbacGroupNames, sorted). Approved: the allow now applies to `proposed`.
 */
export interface ScopeChangeDecision {
  readonly decision: 'approved' | 'denied';
  readonly actorId: string;
  readonly before: readonly string[];
  readonly proposed: readonly string[];
}

/** What became of a scope-change message (its buttons are replaced by this). */
export type ScopeChangeOutcome =
  | ({ readonly kind: 'decided' } & ScopeChangeDecision)
  /** The allow ended (revoked, expired, …) while the scope change was open. */
  | { readonly kind: 'allow_ended' };

/** How an allow ended at its expiry. */
export type ExpiryOutcome =
  | 'removed_by_defender'
  | 'deleted_after_grace'
  /** Defender held a later expiry than the approved end (drift), so Unblock deleted the indicator at the end. */
  | 'deleted_later_expiry'
  /** Someone turned Unblock's indicator into something other than an allow (a Block …): left in place. */
  | 'kept_changed'
  | 'kept_not_ours';

export type RequesterNote =
  | { readonly kind: 'allow_active' }
  | { readonly kind: 'approved_not_active' }
  | { readonly kind: 'denied' }
  | { readonly kind: 'extended' }
  | { readonly kind: 'revoked'; readonly actorId: string }
  | { readonly kind: 'expired' }
  | { readonly kind: 'activation_abandoned' }
  | { readonly kind: 'report_abandoned' }
  /** Nobody decided within PENDING_TTL (`ttlMs`, ms); the DM says how to ask again. */
  | { readonly kind: 'expired_undecided'; readonly ttlMs: number }
  /** Whether the host was still blocked on devices after the allow (every reporter is told). */
  | { readonly kind: 'verified'; readonly result: VerifyResult }
  /** The scope change a reporter's report opened was decided (sent to that scope change's reporters only). */
  | ({ readonly kind: 'scope_change_decided' } & ScopeChangeDecision);

/** What became of an expiry reminder (its controls are replaced by this). */
export type ReminderOutcome =
  | { readonly kind: 'extended'; readonly actorId: string }
  | { readonly kind: 'revoked'; readonly actorId: string }
  | { readonly kind: 'let_expire'; readonly actorId: string }
  | { readonly kind: 'expired' };

/**
 * The Slack side of a request: the approval message, its thread, and the reporters' DMs.
 *
 * Every method queues durably and returns once the message is safe in the database; Slack gets it
 * from a paced sender that honours Slack's rate limits and retries until it is delivered, in the
 * order queued per request, after its parent (the approval message) exists. Where Slack put the
 * approval message and the reminder is recorded on the request when they are delivered.
 */
export interface Notifier {
  /**
   * Queues the approval message (with decision controls) and its detail thread. The message is
   * rendered when it is sent, from the request as it is then, so it names everyone who reported the
   * target by that time; it is sent once the request waits for approvers.
   */
  publishApprovalRequest(view: RequestView): Promise<void>;
  /** Queues a re-render of the approval message from the state when it is sent (coalesced). */
  refreshApprovalRequest(view: RequestView): Promise<void>;
  /**
   * Someone joined the request: queues, after a short delay that gathers other joins, one thread
   * note naming every reporter the channel has not named yet, and a refresh of the approval
   * message with the live count (both coalesced, so a burst of joins is a few writes, not one each).
   */
  announceReporters(view: RequestView): Promise<void>;
  postToThread(view: RequestView, note: ThreadNote): Promise<void>;
  notifyRequester(view: RequestView, note: RequesterNote): Promise<void>;
  /** Queues the expiry reminder, with Extend, Revoke and Let it expire, in the request's thread. */
  postReminder(view: RequestView): Promise<void>;
  /** Queues replacing the reminder's controls with what became of it. */
  settleReminder(view: RequestView, outcome: ReminderOutcome): Promise<void>;
  /**
   * Queues the scope-change message (the open proposal's evidence, with Approve scope change and
   * Deny) in the request's thread; when one was posted already, queues redrawing it for the
   * proposal as it is now (a later report widened it), so its buttons carry the new groups.
   */
  postScopeChange(view: RequestView): Promise<void>;
  /** Queues replacing the scope-change message's buttons with what became of it. */
  settleScopeChange(view: RequestView, outcome: ScopeChangeOutcome): Promise<void>;
  /** Queues a DM to each of `userIds` (reporters of the request), not to every reporter. */
  notifyReporters(view: RequestView, userIds: readonly string[], note: RequesterNote): Promise<void>;
}
