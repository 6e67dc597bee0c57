import { summarizeEvidence, emptySummary } from '../../domain/evidence/evidence-summary.ts';
import type { AllowDuration } from '../../domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import { ExternalServiceError } from './external-service-error.ts';
import type { EvidenceSource } from '../ports/defender.ts';
import type { EvidenceRecord } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';

export interface GatherEvidenceDeps {
  readonly evidence: EvidenceSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lookback: AllowDuration;
}

/**
 * Runs the one hunting query for a target and summarises it. Hunting being unavailable is not an
 * error for the request: approvers still get it, told plainly that there is no evidence.
 */
export async function gatherEvidence(deps: GatherEvidenceDeps, target: IndicatorTarget): Promise<EvidenceRecord> {
  const lookback = deps.lookback.iso;
  try {
    const events = await deps.evidence.findBlockEvents(target, deps.lookback);
    const summary = summarizeEvidence(events, deps.evidence.rowCap);
    return { outcome: events.length > 0 ? 'found' : 'none', collectedAt: deps.clock.now(), lookback, summary, error: null };
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    deps.logger.warn({ err: error, target: target.value }, 'advanced hunting unavailable');
    return { outcome: 'unavailable', collectedAt: deps.clock.now(), lookback, summary: emptySummary(), error: error.userMessage };
  }
}
