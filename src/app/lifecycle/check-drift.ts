import { system } from '../../domain/request/request.ts';
import { driftSignature, findDrift } from '../../domain/lifecycle/find-drift.ts';
import type { IndicatorGateway } from '../ports/defender.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';
import { runSafely } from '../support/run-safely.ts';

export interface DriftDeps {
  readonly store: RequestRecords;
  readonly indicators: IndicatorGateway;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

const ACTOR = system('reconciler');

/**
 * Compares an active allow with Defender: deleted early, action or expiry changed, a Block or Warn
 * indicator added on the same value (one the approval message already listed is no news). New drift is reported in the thread and the audit trail, once;
 * Defender itself is left alone. Returns what was found.
 */
export async function checkDrift(deps: DriftDeps, view: RequestView) {
  const { indicator } = view;
  if (view.request.status !== 'active' || indicator === null) return [];
  // The indicators the approval message listed were known to the approvers when they decided.
  const existing = view.evidence?.existingIndicators;
  const shown = existing?.outcome === 'checked' ? existing.indicators.map((i) => i.id) : [];
  const drift = findDrift(indicator, await deps.indicators.findByValue(indicator.target.value), view.request, shown);
  const signature = drift.length > 0 ? driftSignature(drift) : null;
  const isNew = signature !== null && signature !== view.lifecycle?.driftReported;
  const now = deps.clock.now();
  await deps.store.updateLifecycle(
    view.request.id,
    { driftCheckedAt: now, driftReported: signature },
    isNew ? { actor: ACTOR, at: now, action: 'allow.drift_detected', details: { drift } } : undefined,
  );
  if (isNew) await runSafely(deps.logger, 'report drift', () => deps.notifier.postToThread(view, { kind: 'drift', drift }));
  return drift;
}
