import type { LifecycleSnapshot } from '../../domain/lifecycle/due-actions.ts';
import { heldUntil } from '../../domain/request/request.ts';
import { toWholeSecond } from '../../domain/time/whole-seconds.ts';
import type { RequestView } from '../ports/request-view.ts';

/** The plain values dueActions decides on. */
export function lifecycleSnapshot(view: RequestView): LifecycleSnapshot {
  const l = view.lifecycle;
  const windowStart = view.extensions.at(-1)?.at ?? view.decision?.decidedAt ?? null;
  return {
    status: view.request.status,
    // An extension starts a new window: its own length decides the reminder lead. Counted from the
    // whole second, as the end is (Defender keeps whole seconds), so a 3-day allow measures 3 days.
    windowStartedAt: windowStart === null ? null : toWholeSecond(windowStart),
    allowUntil: heldUntil(view.decision, view.extensions, view.indicator),
    nextActivationAt: l?.nextActivationAt ?? null,
    activationFailingSince: l?.activationFailingSince ?? null,
    activationAlertedAt: l?.activationAlertedAt ?? null,
    reminderSentFor: l?.reminderSentFor ?? null,
    driftCheckedAt: l?.driftCheckedAt ?? null,
    // The allow became active when its indicator was recorded; the checks count from then.
    activatedAt: view.request.status === 'active' ? (view.indicator?.recordedAt ?? null) : null,
    verifyCount: l?.verifyCount ?? 0,
    verifiedAt: l?.verifiedAt ?? null,
    verifyBlockedDevices: l?.verifyBlockedDevices ?? null,
  };
}
