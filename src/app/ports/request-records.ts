/** One request's records: reads by id, and writes by compare-and-set (transitions, approvals, extensions). */
import type { BlockedDeviceGroups } from '../../domain/evidence/evidence-summary.ts';
import type { AllowIndicatorRecord, Approval, Decision, Extension, LifecycleRecord, MessageRef, Reporter, RequestStatus, UnblockRequest } from '../../domain/request/request.ts';
import type { RequestEvent } from '../../domain/request/transitions.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import type { AuditDetails } from './audit.ts';
import type { LeaseClaim } from './work-claims.ts';
import type { EvidenceRecord, RequestView } from './request-view.ts';

/** Lifecycle fields the reconciler and the Slack actions update (see LifecycleRecord). */
export type LifecycleChanges = Partial<Omit<LifecycleRecord, 'reminder' | 'nextDueAt' | 'planVersion'>> & { readonly reminder?: MessageRef | null };

export interface NewRequest {
  readonly id: string;
  readonly target: IndicatorTarget;
  readonly reportedTarget: string;
  readonly coversSubdomains: boolean;
  readonly requesterId: string;
  readonly reason: string;
  readonly at: Date;
  /** DRY_RUN was on when it was reported: the request is a dry run to its end (UnblockRequest.dryRun). */
  readonly dryRun?: boolean;
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

/**
 * Reads one request by id or target, and writes it. Every change of status, approval or extension is
 * a compare-and-set on the request's version with an audit entry; lifecycle bookkeeping
 * (`updateLifecycle`) is a plain update, done under the request's lease.
 */
export interface RequestRecords {
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
   * Compare-and-set on the request's status and version: replaces the stored evidence's blocked
   * device groups (EvidenceSummary.blockedDeviceGroups) with `groups`, bumps the version (so a click
   * judged on the older proposal is judged again) and writes an audit entry, in one transaction.
   * False, writing nothing, when another writer got there first.
   */
  widenDeviceGroups(input: {
    readonly id: string;
    readonly from: { readonly status: RequestStatus; readonly version: number };
    readonly groups: BlockedDeviceGroups;
    readonly audit: AuditDetails;
  }): Promise<boolean>;
  /**
   * Compare-and-set on status and version: opens the request's scope change, or widens the open one,
   * to `groups` (the whole wider set, sorted) naming `reporterIds`, keeping `openedAt` when one was
   * open already (a new one forgets the previous message's place); bumps the version and writes an audit entry, in one transaction. False, writing
   * nothing, when another writer got there first.
   */
  proposeScopeChange(input: {
    readonly id: string;
    readonly from: { readonly status: RequestStatus; readonly version: number };
    readonly openedAt: Date;
    /** True when a scope change is open already and this widens it (its message is redrawn, not posted anew). */
    readonly widensOpen: boolean;
    readonly groups: readonly string[];
    readonly reporterIds: readonly string[];
    readonly audit: AuditDetails;
  }): Promise<boolean>;
  /**
   * Compare-and-set on status and version: closes the open scope change (its message's place is
   * kept, so its buttons can be replaced), bumps the version and writes an audit entry, in one
   * transaction. With `newScope` (an approved change), the allow indicator and the decision record
   * those device groups (rbacGroupNames) in the same transaction. False, writing nothing, when
   * another writer got there first or no scope change was open.
   */
  closeScopeChange(input: {
    readonly id: string;
    readonly from: { readonly status: RequestStatus; readonly version: number };
    readonly newScope?: readonly string[];
    readonly audit: AuditDetails;
  }): Promise<boolean>;
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
  /** Updates lifecycle bookkeeping, with an audit entry when one is given. */
  updateLifecycle(requestId: string, changes: LifecycleChanges, audit?: AuditDetails): Promise<void>;
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
