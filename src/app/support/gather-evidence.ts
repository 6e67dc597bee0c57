import { summarizeEvidence, emptySummary } from '../../domain/evidence/evidence-summary.ts';
import type { AllowDuration } from '../../domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import { ExternalServiceError } from './external-service-error.ts';
import type { EvidenceSource, IndicatorGateway } from '../ports/defender.ts';
import type { EvidenceRecord, ExistingIndicatorsCheck } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';

export interface GatherEvidenceDeps {
  readonly evidence: EvidenceSource;
  readonly indicators: Pick<IndicatorGateway, 'findRelated'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lookback: AllowDuration;
}

/**
 * Runs the one hunting query for a target and summarises it, and meanwhile looks up the indicators
 * Defender already holds around it (IndicatorGateway.findRelated), so the approval message can say
 * what an allow would reuse or override. Either being unavailable is not an error for the request:
 * approvers still get it, told plainly what could not be checked and Defender's reason.
 */
export async function gatherEvidence(deps: GatherEvidenceDeps, target: IndicatorTarget): Promise<EvidenceRecord> {
  const [hunted, existingIndicators] = await Promise.all([hunt(deps, target), checkExisting(deps, target)]);
  return { ...hunted, collectedAt: deps.clock.now(), lookback: deps.lookback.iso, existingIndicators };
}

async function hunt(deps: GatherEvidenceDeps, target: IndicatorTarget): Promise<Pick<EvidenceRecord, 'outcome' | 'summary' | 'error'>> {
  try {
    const events = await deps.evidence.findBlockEvents(target, deps.lookback);
    return { outcome: events.length > 0 ? 'found' : 'none', summary: summarizeEvidence(events, deps.evidence.rowCap), error: null };
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    deps.logger.warn({ err: error, target: target.value }, 'advanced hunting unavailable');
    return { outcome: 'unavailable', summary: emptySummary(), error: error.userMessage };
  }
}

async function checkExisting(deps: GatherEvidenceDeps, target: IndicatorTarget): Promise<ExistingIndicatorsCheck> {
  try {
    const found = await deps.indicators.findRelated(target);
    if (found.unseen) {
      // Defender refused every look-up (a read-only dry run): only the dry run's own would-be indicators were seen.
      deps.logger.warn({ target: target.value, reason: found.unseen }, 'existing indicators could not be checked');
      return { outcome: 'unavailable', error: found.unseen, ...(found.indicators.length > 0 ? { wouldBe: found.indicators } : {}) };
    }
    if (found.incomplete !== null) deps.logger.warn({ target: target.value, reason: found.incomplete }, 'existing indicators checked in part');
    return { outcome: 'checked', indicators: found.indicators, incomplete: found.incomplete };
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    deps.logger.warn({ err: error, target: target.value }, 'existing indicators could not be checked');
    return { outcome: 'unavailable', error: error.userMessage };
  }
}
