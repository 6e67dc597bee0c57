import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import { driftSignature, type Drift } from '../../domain/lifecycle/find-drift.ts';
import { system, heldUntil } from '../../domain/request/request.ts';
import { laterToTheSecond } from '../../domain/time/whole-seconds.ts';
import { closeAllow, type CloseDeps } from '../support/close-allow.ts';
import { ExternalServiceError } from '../support/external-service-error.ts';
import { lookUpOwnIndicators } from '../support/own-indicators.ts';
import type { IndicatorGateway } from '../ports/defender.ts';
import type { ExpiryOutcome } from '../ports/notifier.ts';
import type { RequestView } from '../ports/request-view.ts';
import { runSafely } from '../support/run-safely.ts';

export interface ExpiryDeps extends CloseDeps {
  readonly indicators: IndicatorGateway;
  readonly expiryGraceMs: number;
}

const ACTOR = system('reconciler');

/**
 * At the end of an allow: Defender deletes an indicator at its expirationTime, so the bot checks it
 * is gone. Still there after the grace period: the bot deletes it. When Defender holds an expiry later
 * than the recorded end (by more than its whole-second precision, or no expiry at all), Defender
 * would keep the allow alive: the difference is first recorded as drift and told to the thread, then
 * the indicator is deleted at once, so the allow never outlives what was approved. Any other
 * indicator Unblock wrote for the request without recording it goes too. An indicator Unblock did
 * not create (a reused one), or one someone turned into a Block or Warn, is never deleted; the allow
 * simply ends. Returns how it ended, or
 * `waiting` while Defender still has the grace period to act. A delete Defender refuses in a way
 * retrying cannot fix alerts the thread and approvers once, then throws (the reconciler retries later).
 */
export async function confirmExpiry(deps: ExpiryDeps, view: RequestView): Promise<ExpiryOutcome | 'waiting' | 'superseded'> {
  const { indicator } = view;
  const end = heldUntil(view.decision, view.extensions, view.indicator);
  if (view.request.status !== 'active' || indicator === null || end === null) return 'superseded';
  const { all, own } = await lookUpOwnIndicators(deps.indicators, view);
  const ours = indicator.reusedExisting ? undefined : own.find((i) => i.id === indicator.defenderId);
  let how: ExpiryOutcome;
  if (indicator.reusedExisting) how = 'kept_not_ours';
  // Someone turned the indicator into something other than an allow (a Block, say): theirs now.
  else if (!ours && all.some((i) => i.id === indicator.defenderId)) how = 'kept_changed';
  else if (!ours) how = 'removed_by_defender';
  else if (laterToTheSecond(ours.expiresAt, end)) {
    await reportLaterExpiry(deps, view, { kind: 'expiry_changed', id: ours.id, expected: end.toISOString(), actual: ours.expiresAt?.toISOString() ?? null });
    how = 'deleted_later_expiry';
  } else if (deps.clock.now().getTime() < end.getTime() + deps.expiryGraceMs) return 'waiting';
  else how = 'deleted_after_grace';

  // Everything Unblock wrote for the request goes: the recorded indicator and any unrecorded one.
  for (const doomed of own) await removeOrAlert(deps, view, doomed);
  const alsoRemoved = own.filter((i) => i.id !== indicator.defenderId).map((i) => i.id);
  const closed = await closeAllow(deps, view, {
    event: 'expired',
    actor: ACTOR,
    details: { how, defenderId: indicator.defenderId, ...(alsoRemoved.length > 0 ? { alsoRemoved } : {}) },
    thread: { kind: 'expired', how, ...(alsoRemoved.length > 0 ? { alsoRemoved } : {}) },
    requester: { kind: 'expired' },
    reminder: { kind: 'expired' },
  });
  return closed ? how : 'superseded';
}

/**
 * Deletes one of the request's own indicators. When Defender refuses in a way retrying cannot fix
 * (403: the permission is missing), the thread and approvers hear it once, with Defender's reason,
 * before the error goes up to the reconciler, which tries again later: the allow must not outlive
 * its approval unnoticed.
 */
async function removeOrAlert(deps: ExpiryDeps, view: RequestView, doomed: ExistingIndicator): Promise<void> {
  try {
    await deps.indicators.remove(doomed.id);
  } catch (error) {
    if (error instanceof ExternalServiceError && !error.retryable && (view.lifecycle?.removalAlertedAt ?? null) === null) {
      const now = deps.clock.now();
      await deps.store.updateLifecycle(
        view.request.id,
        { removalAlertedAt: now },
        { actor: ACTOR, at: now, action: 'allow.removal_refused', details: { defenderId: doomed.id, status: error.status ?? null, message: error.userMessage } },
      );
      await runSafely(deps.logger, 'alert removal refused', () =>
        deps.notifier.postToThread(view, { kind: 'removal_refused', defenderId: doomed.id, error: error.userMessage }),
      );
    }
    throw error;
  }
}

/** Records the later expiry as drift (audit trail, once per difference) and tells the thread before anything is deleted. */
async function reportLaterExpiry(deps: ExpiryDeps, view: RequestView, drift: Drift): Promise<void> {
  const signature = driftSignature([drift]);
  if (signature === view.lifecycle?.driftReported) return;
  const now = deps.clock.now();
  await deps.store.updateLifecycle(
    view.request.id,
    { driftCheckedAt: now, driftReported: signature },
    { actor: ACTOR, at: now, action: 'allow.drift_detected', details: { drift: [drift], resolution: 'deleted_at_approved_end' } },
  );
  await runSafely(deps.logger, 'report drift', () => deps.notifier.postToThread(view, { kind: 'drift', drift: [drift], endingAllow: true }));
}
