/** The read model of one request: everything its Slack messages show. */
import type { EvidenceSummary } from '../../domain/evidence/evidence-summary.ts';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import type { AllowIndicatorRecord, Approval, Decision, Extension, LifecycleRecord, Reporter, UnblockRequest } from '../../domain/request/request.ts';

export interface EvidenceRecord {
  readonly outcome: 'found' | 'none' | 'unavailable';
  readonly collectedAt: Date;
  /** ISO-8601 lookback the query covered. */
  readonly lookback: string;
  readonly summary: EvidenceSummary;
  /** Safe explanation when hunting was unavailable. */
  readonly error: string | null;
  /**
   * The indicators Defender already held around the target when it was reported
   * (IndicatorGateway.findRelated; classified by classifyRelated when shown). Null on a request
   * recorded before Unblock looked them up.
   */
  readonly existingIndicators: ExistingIndicatorsCheck | null;
}

/** The look-up of existing indicators at report time: what Defender answered, or why it could not be checked. */
export type ExistingIndicatorsCheck =
  /** `incomplete`: why the Url indicators on the host could not be listed (what was found stands); null or absent when complete. */
  | { readonly outcome: 'checked'; readonly indicators: readonly ExistingIndicator[]; readonly incomplete?: string | null }
  /**
   * Defender's indicators could not be seen at all: `error` is Defender's reason, safe to show
   * (ExternalServiceError.userMessage). `wouldBe`: a dry run's own would-be indicators around the
   * target, which Unblock keeps itself and so could see (absent when there are none).
   */
  | { readonly outcome: 'unavailable'; readonly error: string; readonly wouldBe?: readonly ExistingIndicator[] };

/** A request's read model without its list of reporters (which can be long): what the App Home rows read. */
export type RequestSummary = Omit<RequestView, 'reporters'>;

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
