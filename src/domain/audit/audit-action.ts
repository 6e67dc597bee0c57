/**
 * Every action Unblock writes to a request's audit trail, namespaced by what it is about: the
 * request itself, an approval, the allow indicator in Defender, a reminder. Use-cases choose these;
 * the database adapter refuses anything else on write (so the audit export can rely on the list).
 * Releases before 2026-12 wrote a flat spelling (`approved`, `indicator_created` …); the audit trail
 * is append-only, so those rows stay as written and read as LEGACY_AUDIT_ACTIONS maps them.
 */
export const AUDIT_ACTIONS = [
  /** Someone reported the target: the request was opened. */
  'request.reported',
  /** Someone else reported the same target and joined the open request. */
  'request.joined',
  /** Advanced hunting answered (or failed) for the request. */
  'request.evidence_collected',
  /** The approval message was posted: the request waits for approvers. */
  'request.submitted_for_approval',
  /** The report died midway (no approval message) and was closed by the reconciler. */
  'request.abandoned',
  /** A later report found blocked devices in other device groups: the proposed scope widened. */
  'request.scope_widened',
  /** One approval of a request that needs two different approvers. */
  'request.approval_recorded',
  'request.approved',
  'request.denied',
  /** Nobody decided within ESCALATE_AFTER: the approvers were reminded, once. */
  'request.escalated',
  /** Nobody decided within PENDING_TTL: the request was closed as expired, undecided. */
  'request.expired_undecided',
  /** Unblock created the allow indicator in Defender. */
  'allow.created',
  /** An Allowed indicator that already lasted long enough was recorded instead of a new one. */
  'allow.reused',
  'allow.activation_failed',
  /** The thread and approvers were alerted that Defender refuses the allow. */
  'allow.activation_alerted',
  /** Activation was given up: the approval ended before Defender accepted the allow. */
  'allow.activation_abandoned',
  /** An indicator created while someone else closed or changed the request was deleted again. */
  'allow.removed_after_race',
  'allow.extended',
  /** Someone chose, at the reminder, to let the allow run out. */
  'allow.expiry_accepted',
  'allow.revoked',
  'allow.expired',
  /** Defender refused to delete an expired allow. */
  'allow.removal_refused',
  /** A later reporter's blocked device sits in a device group the active allow does not cover (approvers told). */
  'allow.scope_not_covered',
  /** A scope change of the active allow was opened or widened to more device groups (approvers asked). */
  'allow.scope_change_proposed',
  /** An approver approved the scope change: Defender's indicator now applies to the wider device groups. */
  'allow.scope_changed',
  /** Defender refused the approved scope change (the proposal stays open; the approver may click again). */
  'allow.scope_change_failed',
  /** An approver denied the scope change; the allow keeps its device groups. */
  'allow.scope_change_denied',
  /** The allow ended (revoked, expired) while a scope change was open: it was closed undecided. */
  'allow.scope_change_closed',
  /** Defender holds something other than what Unblock recorded (changed, deleted, doubled). */
  'allow.drift_detected',
  /** After activation, hunting checked whether the host is still blocked since the allow (VERIFY_AFTER). */
  'allow.verified',
  /** The reminder before the allow runs out was posted. */
  'reminder.sent',
] as const;

/** One of AUDIT_ACTIONS. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** True when `value` is an audit action Unblock writes. */
export const isAuditAction = (value: string): value is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(value);

/** The flat names earlier releases wrote, and the action each one is now. */
export const LEGACY_AUDIT_ACTIONS: Readonly<Record<string, AuditAction>> = {
  reported: 'request.reported',
  reporter_joined: 'request.joined',
  evidence_collected: 'request.evidence_collected',
  submitted_for_approval: 'request.submitted_for_approval',
  report_abandoned: 'request.abandoned',
  approval_recorded: 'request.approval_recorded',
  approved: 'request.approved',
  denied: 'request.denied',
  indicator_created: 'allow.created',
  indicator_reused: 'allow.reused',
  activation_failed: 'allow.activation_failed',
  activation_alerted: 'allow.activation_alerted',
  activation_abandoned: 'allow.activation_abandoned',
  indicator_removed_after_race: 'allow.removed_after_race',
  extended: 'allow.extended',
  let_expire: 'allow.expiry_accepted',
  revoked: 'allow.revoked',
  expired: 'allow.expired',
  removal_refused: 'allow.removal_refused',
  drift_detected: 'allow.drift_detected',
  reminder_sent: 'reminder.sent',
};

/** The action a stored name means (current or legacy spelling), or null when Unblock never wrote it. */
export function readAuditAction(stored: string): AuditAction | null {
  if (isAuditAction(stored)) return stored;
  return Object.hasOwn(LEGACY_AUDIT_ACTIONS, stored) ? LEGACY_AUDIT_ACTIONS[stored]! : null;
}
