import type { AllowIndicatorRecord, Approval, Decision, Extension, LifecycleRecord, Reporter, UnblockRequest } from '../../domain/request/request.ts';
import { readEvidenceSummary, readExistingIndicators } from './stored-evidence.ts';
import type { EvidenceRecord, RequestSummary, RequestView } from '../../app/ports/request-view.ts';
import type * as Rows from '../../generated/prisma/client.ts';

/** Database rows → domain values. The database enums use the domain's own spellings. */
export function toRequest(row: Rows.UnblockRequest): UnblockRequest {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    version: row.version,
    target: { type: row.indicatorType, value: row.targetValue },
    reportedTarget: row.reportedTarget,
    coversSubdomains: row.coversSubdomains,
    dryRun: row.dryRun,
    requesterId: row.requesterId,
    reason: row.reason,
    approvalMessage:
      row.approvalChannelId && row.approvalMessageTs ? { channelId: row.approvalChannelId, ts: row.approvalMessageTs } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
    closedBy: row.closedBy,
    escalatedAt: row.escalatedAt,
    scopeChange: row.scopeChangeOpenedAt ? { openedAt: row.scopeChangeOpenedAt, groups: row.scopeChangeGroups, reporterIds: row.scopeChangeReporters } : null,
    scopeChangeMessage:
      row.scopeChangeChannelId && row.scopeChangeMessageTs ? { channelId: row.scopeChangeChannelId, ts: row.scopeChangeMessageTs } : null,
  };
}

/** A request row with every relation a RequestView reads but its reporters. */
export type RequestRowWithoutReporters = Rows.UnblockRequest & {
  evidence: Rows.Evidence | null;
  decision: Rows.Decision | null;
  approvals: Rows.Approval[];
  indicator: Rows.AllowIndicator | null;
  extensions: Rows.Extension[];
  lifecycle: Rows.Lifecycle | null;
};

/** A request row with every relation a RequestView reads (WITH_RELATIONS). */
export type RequestRowWithRelations = RequestRowWithoutReporters & { reporters: Rows.Reporter[] };

/** A request row → everything its Slack messages show, its reporters included. */
export function toView(row: RequestRowWithRelations): RequestView {
  return { ...toSummary(row), reporters: row.reporters.map(toReporter) };
}

/** A request row → its read model without the reporters (the App Home rows). */
export function toSummary(row: RequestRowWithoutReporters): RequestSummary {
  return {
    request: toRequest(row),
    evidence: row.evidence && toEvidence(row.evidence),
    decision: row.decision && toDecision(row.decision),
    approvals: row.approvals.map(toApproval),
    indicator: row.indicator && toIndicator(row.indicator),
    extensions: row.extensions.map(toExtension),
    lifecycle: row.lifecycle && toLifecycle(row.lifecycle),
  };
}

const toExtension = (row: Rows.Extension): Extension => ({
  actorId: row.actorId,
  at: row.at,
  duration: row.duration,
  fromExpiry: row.fromExpiry,
  toExpiry: row.toExpiry,
});

const toLifecycle = (row: Rows.Lifecycle): LifecycleRecord => ({
  activationAttempts: row.activationAttempts,
  nextActivationAt: row.nextActivationAt,
  activationFailingSince: row.activationFailingSince,
  lastActivationError: row.lastActivationError,
  activationAlertedAt: row.activationAlertedAt,
  reminderSentFor: row.reminderSentFor,
  reminder: row.reminderChannelId && row.reminderMessageTs ? { channelId: row.reminderChannelId, ts: row.reminderMessageTs } : null,
  driftCheckedAt: row.driftCheckedAt,
  driftReported: row.driftReported,
  removalAlertedAt: row.removalAlertedAt,
  verifyCount: row.verifyCount,
  verifiedAt: row.verifiedAt,
  verifyBlockedDevices: row.verifyBlockedDevices,
  nextDueAt: row.nextDueAt,
  planVersion: row.planVersion,
});

const toReporter = (row: Rows.Reporter): Reporter => ({ userId: row.userId, reason: row.reason, reportedAt: row.reportedAt, announcedAt: row.announcedAt });

const toEvidence = (row: Rows.Evidence): EvidenceRecord => ({
  outcome: row.outcome,
  collectedAt: row.collectedAt,
  lookback: row.lookback,
  summary: readEvidenceSummary(row.requestId, row.summary),
  error: row.error,
  existingIndicators: readExistingIndicators(row.requestId, row.existingIndicators),
});

const toDecision = (row: Rows.Decision): Decision => ({
  outcome: row.outcome,
  deciderId: row.deciderId,
  decidedAt: row.decidedAt,
  duration: row.duration,
  allowUntil: row.allowUntil,
  indicator: row.indicatorType && row.indicatorValue !== null ? { type: row.indicatorType, value: row.indicatorValue } : null,
  rbacGroupNames: row.rbacGroupNames,
});

const toApproval = (row: Rows.Approval): Approval => ({
  approverId: row.approverId,
  at: row.at,
  duration: row.duration,
  indicatorType: row.indicatorType,
  rbacGroupNames: row.rbacGroupNames,
});

const toIndicator = (row: Rows.AllowIndicator): AllowIndicatorRecord => ({
  defenderId: row.defenderId,
  target: { type: row.indicatorType, value: row.indicatorValue },
  expiresAt: row.expiresAt,
  reusedExisting: row.reusedExisting,
  rbacGroupNames: row.rbacGroupNames,
  recordedAt: row.recordedAt,
});
