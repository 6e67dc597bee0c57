import type { RequestStatus } from '../request/request.ts';
import type { LifecyclePolicy } from './lifecycle-policy.ts';

/** Work the reconciler owes a request at a given moment. */
export type DueAction =
  | 'activate'
  | 'abandon_activation'
  | 'alert_activation_failing'
  | 'remind'
  | 'confirm_expiry'
  | 'check_drift'
  /** Hunt the host's block events since the allow became active: did the allow work? */
  | 'verify';

/** What dueActions reads of a request: plain values, no I/O. */
export interface LifecycleSnapshot {
  readonly status: RequestStatus;
  /** When the current allow window started: the decision, or the latest extension. Sets the reminder lead. */
  readonly windowStartedAt: Date | null;
  /** When the approved allow ends: the decision's end, or the latest extension's. */
  readonly allowUntil: Date | null;
  readonly nextActivationAt: Date | null;
  readonly activationFailingSince: Date | null;
  readonly activationAlertedAt: Date | null;
  /** The allow end a reminder was sent for. */
  readonly reminderSentFor: Date | null;
  readonly driftCheckedAt: Date | null;
  /** When the allow became active (its indicator was recorded, UTC); null before. */
  readonly activatedAt: Date | null;
  /** How many checks since activation have run (0, 1 or 2). */
  readonly verifyCount: number;
  /** When the latest of them ran. */
  readonly verifiedAt: Date | null;
  /** Devices the latest check found still blocked since the allow (0: none); null before any check. */
  readonly verifyBlockedDevices: number | null;
}

/**
 * The actions due for a request at `now`, derived from its state alone, so any replica computes the
 * same answer and a restart loses nothing. Only approved and active requests owe anything.
 */
export function dueActions(r: LifecycleSnapshot, now: Date, policy: LifecyclePolicy): DueAction[] {
  const t = now.getTime();
  if (r.allowUntil === null) return [];
  const end = r.allowUntil.getTime();
  if (r.status === 'approved') {
    // Past the approved window an allow must not start any more.
    if (t >= end) return ['abandon_activation'];
    const due: DueAction[] = [];
    if (r.nextActivationAt === null || t >= r.nextActivationAt.getTime()) due.push('activate');
    if (r.activationFailingSince !== null && r.activationAlertedAt === null && t - r.activationFailingSince.getTime() >= policy.activationAlertAfterMs) {
      due.push('alert_activation_failing');
    }
    return due;
  }
  if (r.status === 'active') {
    if (t >= end) return ['confirm_expiry'];
    const due: DueAction[] = [];
    if (t >= end - reminderLeadMs(r, policy) && r.reminderSentFor?.getTime() !== end) due.push('remind');
    if (r.driftCheckedAt === null || t - r.driftCheckedAt.getTime() >= policy.driftIntervalMs) due.push('check_drift');
    // Last: a hunt that fails leaves the request to be looked at again, after the other work.
    const verifyAt = verifyDueAt(r, policy);
    if (verifyAt !== null && t >= verifyAt) due.push('verify');
    return due;
  }
  return [];
}

/**
 * How long before the end the reminder comes, in ms: the long lead for windows of `longAllowMs` or
 * more (from the window's start: the decision, or the latest extension), the short lead otherwise.
 */
export function reminderLeadMs(r: Pick<LifecycleSnapshot, 'windowStartedAt' | 'allowUntil'>, policy: LifecyclePolicy): number {
  const end = r.allowUntil?.getTime() ?? 0;
  const start = r.windowStartedAt?.getTime() ?? end;
  return end - start >= policy.longAllowMs ? policy.longReminderLeadMs : policy.shortReminderLeadMs;
}

/**
 * When an active allow is next checked by hunting since its activation (UTC ms), or null when it is
 * not checked (again): first at activation + `verifyAfterMs`; once more at activation +
 * `verifyAgainAfterMs` only if that first check still found blocked devices, and never sooner than
 * `verifyAfterMs` after it (a first check that ran late, the reconciler having been down, is not
 * followed at once by the second). Two checks at most; an allow that ends first is not checked.
 */
export function verifyDueAt(
  r: Pick<LifecycleSnapshot, 'activatedAt' | 'verifyCount' | 'verifiedAt' | 'verifyBlockedDevices'>,
  policy: Pick<LifecyclePolicy, 'verifyAfterMs' | 'verifyAgainAfterMs'>,
): number | null {
  if (r.activatedAt === null) return null;
  const activated = r.activatedAt.getTime();
  if (r.verifyCount === 0) return activated + policy.verifyAfterMs;
  if (r.verifyCount === 1 && (r.verifyBlockedDevices ?? 0) > 0) {
    return Math.max(activated + policy.verifyAgainAfterMs, (r.verifiedAt?.getTime() ?? activated) + policy.verifyAfterMs);
  }
  return null;
}
