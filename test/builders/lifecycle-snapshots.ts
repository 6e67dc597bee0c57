import type { LifecycleSnapshot } from '../../src/domain/lifecycle/due-actions.ts';

/** Approved at 09:00 on 2 June for one day. */
export const DECIDED = new Date('2026-06-02T09:00:00.000Z');
export const END_1D = new Date('2026-06-03T09:00:00.000Z');

/** An approved one-day allow with no lifecycle bookkeeping yet (what dueActions and nextDueAt read). */
export function snapshot(overrides: Partial<LifecycleSnapshot> = {}): LifecycleSnapshot {
  return {
    status: 'approved',
    windowStartedAt: DECIDED,
    allowUntil: END_1D,
    nextActivationAt: null,
    activationFailingSince: null,
    activationAlertedAt: null,
    reminderSentFor: null,
    driftCheckedAt: null,
    activatedAt: null,
    verifyCount: 0,
    verifiedAt: null,
    verifyBlockedDevices: null,
    ...overrides,
  };
}
