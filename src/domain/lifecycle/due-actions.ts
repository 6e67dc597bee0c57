import type { RequestStatus } from '../request/request.ts';
import type { LifecyclePolicy } from './lifecycle-policy.ts';

/** Work the reconciler owes a request at a given moment. */
export type DueAction =
  | 'activate'
  | 'abandon_activation'
  | 'alert_activation_failing'
  | 'remind'
  | 'confirm_expiry'
  | 'check_drift';

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
