import { reminderLeadMs, verifyDueAt, type LifecycleSnapshot } from './due-actions.ts';
import type { LifecyclePolicy } from './lifecycle-policy.ts';

/** Stands for "due already": earlier than any instant the reconciler will be asked about. */
export const DUE_AT_ONCE = new Date(0);

/**
 * The earliest instant (UTC) at which `dueActions(r, t, policy)` is not empty, provided nothing
 * about the request changes meanwhile; `DUE_AT_ONCE` when work is due whatever the time, and null
 * when the request will never owe the reconciler anything (not approved or active, or no end).
 * Pure, so it is stored next to the request and indexed: the reconciler reads only what is due, in
 * due order, however many allows sit idle.
 */
export function nextDueAt(r: LifecycleSnapshot, policy: LifecyclePolicy): Date | null {
  if (r.allowUntil === null) return null;
  const end = r.allowUntil.getTime();
  const candidates: number[] = [end];
  if (r.status === 'approved') {
    candidates.push(r.nextActivationAt?.getTime() ?? DUE_AT_ONCE.getTime());
    if (r.activationFailingSince !== null && r.activationAlertedAt === null) {
      candidates.push(r.activationFailingSince.getTime() + policy.activationAlertAfterMs);
    }
  } else if (r.status === 'active') {
    if (r.reminderSentFor?.getTime() !== end) candidates.push(end - reminderLeadMs(r, policy));
    candidates.push(r.driftCheckedAt === null ? DUE_AT_ONCE.getTime() : r.driftCheckedAt.getTime() + policy.driftIntervalMs);
    const verifyAt = verifyDueAt(r, policy);
    if (verifyAt !== null) candidates.push(verifyAt);
  } else {
    return null;
  }
  return new Date(Math.max(DUE_AT_ONCE.getTime(), Math.min(...candidates)));
}
