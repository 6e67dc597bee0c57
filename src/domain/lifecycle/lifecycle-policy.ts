/** The timings of an allow's life after approval; all configurable, in milliseconds. */
export interface LifecyclePolicy {
  /** Reminder lead for allows shorter than `longAllowMs` (default 1 hour). */
  readonly shortReminderLeadMs: number;
  /** Reminder lead for allows of `longAllowMs` or more (default 24 hours). */
  readonly longReminderLeadMs: number;
  readonly longAllowMs: number;
  /** How long activation may keep failing before the thread and approver hear (default 1 hour). */
  readonly activationAlertAfterMs: number;
  /** After expiry, how long Defender gets to delete the indicator itself (default 15 minutes). */
  readonly expiryGraceMs: number;
  /** How often an active allow is compared with Defender (default hourly). */
  readonly driftIntervalMs: number;
  /** After activation, when Unblock hunts again to see whether the host is still blocked (default 2 hours). */
  readonly verifyAfterMs: number;
  /**
   * After activation, when it hunts once more if the first check still found blocks (default 24
   * hours); longer than `verifyAfterMs`, inside Defender's documented 48-hour propagation.
   */
  readonly verifyAgainAfterMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = {
  shortReminderLeadMs: HOUR,
  longReminderLeadMs: 24 * HOUR,
  longAllowMs: 72 * HOUR,
  activationAlertAfterMs: HOUR,
  expiryGraceMs: 15 * MINUTE,
  driftIntervalMs: HOUR,
  verifyAfterMs: 2 * HOUR,
  verifyAgainAfterMs: 24 * HOUR,
};
