import type { BlockEvent } from '../domain/evidence/block-event.ts';
import type { EvidenceSummary } from '../domain/evidence/evidence-summary.ts';
import type { ExistingIndicator } from '../domain/indicator/existing-indicator.ts';
import type { AllowDuration } from '../domain/request/allow-duration.ts';
import type {
  Actor,
  AllowIndicatorRecord,
  Decision,
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
  readonly indicator: AllowIndicatorRecord | null;
}

export interface AuditDetails {
  readonly actor: Actor;
  readonly at: Date;
  readonly action: string;
  readonly details?: Record<string, unknown>;
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

/** What a transition writes besides the status, in the same transaction. */
export type TransitionRecord =
  | { readonly event: 'submitted_for_approval'; readonly approvalMessage: MessageRef }
  | { readonly event: 'approved' | 'denied'; readonly decision: Decision }
  | { readonly event: 'indicator_active'; readonly indicator: AllowIndicatorRecord }
  | { readonly event: Exclude<RequestEvent, 'submitted_for_approval' | 'approved' | 'denied' | 'indicator_active'> };

export interface RequestStore {
  /**
   * Creates an `investigating` request with its requester as first reporter and an audit entry.
   * Returns null, writing nothing, when the target already has an open request (one per target is
   * guaranteed by a unique key, so two simultaneous reports cannot both open one).
   */
  openRequest(input: NewRequest): Promise<UnblockRequest | null>;
  findOpenByTarget(target: IndicatorTarget): Promise<UnblockRequest | null>;
  get(id: string): Promise<UnblockRequest | null>;
  view(id: string): Promise<RequestView | null>;
  /** Records a reporter (once per user and request) with an audit entry; false when they had reported already. */
  addReporter(requestId: string, reporter: Reporter): Promise<boolean>;
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
  /** Appends an audit entry that changes no state (e.g. a failed Defender call). */
  appendAudit(requestId: string, audit: AuditDetails): Promise<void>;
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
}

export interface ApproverDirectory {
  /** Whether the Slack user may approve (configured ids or approver user group). */
  isApprover(userId: string): Promise<boolean>;
}

export type ThreadNote =
  | { readonly kind: 'reporter_joined'; readonly userId: string; readonly reason: string }
  | { readonly kind: 'decided' }
  | { readonly kind: 'allow_active'; readonly others: readonly ExistingIndicator[] }
  | { readonly kind: 'activation_failed'; readonly error: string };

export type RequesterNote = { readonly kind: 'allow_active' } | { readonly kind: 'approved_not_active' } | { readonly kind: 'denied' };

/** The Slack side of a request: the approval message, its thread, and the requester's DMs. */
export interface Notifier {
  /** Posts the approval message (with decision controls) and its detail thread. */
  publishApprovalRequest(view: RequestView): Promise<MessageRef>;
  /** Re-renders the approval message from the current state (controls vanish once decided). */
  refreshApprovalRequest(view: RequestView): Promise<void>;
  postToThread(view: RequestView, note: ThreadNote): Promise<void>;
  notifyRequester(view: RequestView, note: RequesterNote): Promise<void>;
}
