import type { AuditAction } from '../domain/audit/audit-action.ts';
import type { BlockEvent } from '../domain/evidence/block-event.ts';
import type { EvidenceSummary } from '../domain/evidence/evidence-summary.ts';
import type { ExistingIndicator } from '../domain/indicator/existing-indicator.ts';
import type { AllowDuration } from '../domain/request/allow-duration.ts';
import type { Drift } from '../domain/lifecycle/find-drift.ts';
import type {
  Actor,
  AllowIndicatorRecord,
  Approval,
  Decision,
  Extension,
  LifecycleRecord,
  MessageRef,
  Reporter,
  RequestStatus,
  UnblockRequest,
} from '../domain/request/request.ts';
import type { RequestEvent } from '../domain/request/transitions.ts';
import type { IndicatorTarget } from '../domain/target/target.ts';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new random UUID. */
  newId(): string;
}

/** The structured-logging subset the use-cases need (pino's signature). */
export interface Logger {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

export interface EvidenceRecord {
  readonly outcome: 'found' | 'none' | 'unavailable';
  readonly collectedAt: Date;
  /** ISO-8601 lookback the query covered. */
  readonly lookback: string;
  readonly summary: EvidenceSummary;
  /** Safe explanation when hunting was unavailable. */
  readonly error: string | null;
}

/** Everything the Slack messages of a request show. */
export interface RequestView {
  readonly request: UnblockRequest;
  readonly reporters: readonly Reporter[];
  readonly evidence: EvidenceRecord | null;
  readonly decision: Decision | null;
  /** Every approval given so far, oldest first (a threat-flagged target needs two before the decision). */
  readonly approvals: readonly Approval[];
  readonly indicator: AllowIndicatorRecord | null;
  readonly extensions: readonly Extension[];
  /** Present once the request was approved. */
  readonly lifecycle: LifecycleRecord | null;
}

/** Lifecycle fields the reconciler and the Slack actions update (see LifecycleRecord). */
export type LifecycleChanges = Partial<Omit<LifecycleRecord, 'reminder' | 'nextDueAt' | 'planVersion'>> & { readonly reminder?: MessageRef | null };

export interface AuditDetails {
  readonly actor: Actor;
  readonly at: Date;
  readonly action: AuditAction;
  readonly details?: Record<string, unknown>;
}

/** One entry of a request's audit trail as stored: who did what, when, and the status it moved. */
export interface AuditRecord {
  /** Increasing with each write (a database sequence, as a decimal string): a stable cursor. */
  readonly id: string;
  readonly requestId: string;
  /** UTC instant. */
  readonly at: Date;
  readonly actor: Actor;
  readonly action: AuditAction;
  readonly fromStatus: RequestStatus | null;
  readonly toStatus: RequestStatus | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Which audit entries to read; every filter is optional and they combine (AND). */
export interface AuditQuery {
  /** Entries at or after this UTC instant. */
  readonly from?: Date;
  /** Entries strictly before this UTC instant. */
  readonly to?: Date;
  readonly requestId?: string;
  readonly actor?: Actor;
  /** Entries after this cursor (an AuditRecord id), for paging. */
  readonly after?: string;
  /** At most this many entries (1–1000). */
  readonly limit: number;
}

/** The read side of the audit trail, oldest first (for the audit export and App Home). */
export interface AuditTrail {
  /** Entries matching `query`, oldest first (by time, then id); throws on a limit outside 1–1000. */
  list(query: AuditQuery): Promise<AuditRecord[]>;
}

export interface NewRequest {
  readonly id: string;
  readonly target: IndicatorTarget;
  readonly reportedTarget: string;
  readonly coversSubdomains: boolean;
  readonly requesterId: string;
  readonly reason: string;
  readonly at: Date;
}

/** A request's work lease: who holds it and until when (UTC instant; a crashed holder's lease lapses then). */
export interface LeaseClaim {
  readonly owner: string;
  readonly until: Date;
}

/** What a transition writes besides the status, in the same transaction. */
export type TransitionRecord =
  /**
   * The approval that completed the quorum is written with the decision. `lease`, when given, is
   * taken on the new lifecycle in the same transaction, so the worker that activates the allow next
   * holds the request from the moment it is approved and nobody comes in between.
   */
  | { readonly event: 'approved'; readonly decision: Decision; readonly approval: Approval; readonly lease?: LeaseClaim }
  | { readonly event: 'denied'; readonly decision: Decision }
  | { readonly event: 'indicator_active'; readonly indicator: AllowIndicatorRecord }
  | { readonly event: Exclude<RequestEvent, 'approved' | 'denied' | 'indicator_active'> };

export interface RequestStore {
  /**
   * Creates an `investigating` request with its requester as first reporter and an audit entry.
   * Returns null, writing nothing, when the target already has an open request (one per target is
   * guaranteed by a unique key, so two simultaneous reports cannot both open one).
   */
  openRequest(input: NewRequest, audit: AuditDetails): Promise<UnblockRequest | null>;
  findOpenByTarget(target: IndicatorTarget): Promise<UnblockRequest | null>;
  get(id: string): Promise<UnblockRequest | null>;
  view(id: string): Promise<RequestView | null>;
  /** Records a reporter (once per user and request) with an audit entry; false when they had reported already. */
  addReporter(requestId: string, reporter: Reporter, audit: AuditDetails): Promise<boolean>;
  saveEvidence(requestId: string, evidence: EvidenceRecord, audit: AuditDetails): Promise<void>;
  /**
   * Compare-and-set: moves the request from `from` to `to` and writes `record` plus an audit entry,
   * all in one transaction, only if status and version are still `from`. Returns the updated
   * request, or null (writing nothing) when another writer got there first.
   */
  transition(input: {
    readonly id: string;
    readonly from: { readonly status: RequestStatus; readonly version: number };
    readonly to: RequestStatus;
    readonly record: TransitionRecord;
    readonly audit: AuditDetails;
  }): Promise<UnblockRequest | null>;
  /**
   * Compare-and-set on status and version: records one approval of a request that needs more than
   * one, bumping the version but keeping the status, with an audit entry, in one transaction. False
   * (nothing written) when another writer got there first, so a concurrent click re-reads and
   * re-evaluates instead of counting an approval against a state it never saw.
   */
  recordApproval(input: {
    readonly id: string;
    readonly from: { readonly status: RequestStatus; readonly version: number };
    readonly approval: Approval;
    readonly audit: AuditDetails;
  }): Promise<boolean>;
  /** Appends an audit entry that changes no state (e.g. a failed Defender call). */
  appendAudit(requestId: string, audit: AuditDetails): Promise<void>;

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
  /** Updates lifecycle bookkeeping, with an audit entry when one is given. */
  updateLifecycle(requestId: string, changes: LifecycleChanges, audit?: AuditDetails): Promise<void>;
  /** Compare-and-set: records that the reminder for `allowEnd` is being sent; false if it already was. */
  claimReminder(requestId: string, allowEnd: Date): Promise<boolean>;
  /**
   * Compare-and-set on status and version: records an extension and the indicator's new expiry in one
   * transaction. False (nothing written) when another writer got there first.
   */
  extend(input: {
    readonly id: string;
    readonly from: { readonly status: RequestStatus; readonly version: number };
    readonly extension: Extension;
    /**
     * The allow indicator as Defender holds it after the extension: its id (a new one when Defender
     * had to create the indicator again) and its expiry, to the second (null: never expires).
     */
    readonly indicator: { readonly defenderId: string; readonly expiresAt: Date | null };
    readonly audit: AuditDetails;
  }): Promise<boolean>;
}

/** Defender advanced hunting. Throws ExternalServiceError when hunting is unavailable. */
export interface EvidenceSource {
  /** Most rows one query returns; a result this long may be missing older events. */
  readonly rowCap: number;
  findBlockEvents(target: IndicatorTarget, lookback: AllowDuration): Promise<BlockEvent[]>;
}

/** Defender indicators. Throws ExternalServiceError on failure. */
export interface IndicatorGateway {
  /** Every indicator Defender holds for exactly this value (any type and action). */
  findByValue(value: string): Promise<ExistingIndicator[]>;
  /** Submits an Allowed indicator; Defender updates one with the same value, type and action. */
  submitAllow(input: {
    readonly target: IndicatorTarget;
    readonly expiresAt: Date;
    readonly title: string;
    readonly description: string;
  }): Promise<ExistingIndicator>;
  /** Deletes an indicator; an indicator that is already gone is not an error. */
  remove(id: string): Promise<'deleted' | 'already_gone'>;
}

export interface ApproverDirectory {
  /** Whether the Slack user may approve (configured ids or approver user group). */
  isApprover(userId: string): Promise<boolean>;
}

export type ThreadNote =
  | { readonly kind: 'decided' }
  /** An approval was recorded but the request needs `required` different approvers. */
  | { readonly kind: 'approval_recorded'; readonly approverId: string; readonly required: number }
  | { readonly kind: 'allow_active'; readonly others: readonly ExistingIndicator[] }
  | { readonly kind: 'activation_failed'; readonly error: string }
  | { readonly kind: 'activation_failing'; readonly attempts: number; readonly error: string }
  /** Defender refused the allow in a way retrying cannot fix; `retryInMs`: when Unblock tries again anyway (ms). */
  | { readonly kind: 'activation_refused'; readonly error: string; readonly retryInMs: number }
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
  | { readonly kind: 'let_expire'; readonly actorId: string };

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
  | { readonly kind: 'report_abandoned' };

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
}
