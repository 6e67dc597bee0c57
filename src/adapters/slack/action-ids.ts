/** Block Kit ids of Unblock's messages. Button values carry the request's opaque UUID only. */
export const ACTIONS = {
  approve: 'unblock_approve',
  deny: 'unblock_deny',
  duration: 'unblock_duration',
  /** Domain or URL indicator, offered when the reported address had a path. */
  indicatorKind: 'unblock_indicator_kind',
  /** The proposed device groups, or all devices; offered when the blocked devices are all in groups. */
  scope: 'unblock_scope',
  extend: 'unblock_extend',
  extendDuration: 'unblock_extend_duration',
  revoke: 'unblock_revoke',
  letExpire: 'unblock_let_expire',
  approveScopeChange: 'unblock_scope_change_approve',
  denyScopeChange: 'unblock_scope_change_deny',
} as const;

/** The approve/deny controls of a pending approval message. */
export const DECISION_BLOCK_ID = 'unblock_decision';
/** The Revoke control of an approved or active allow's approval message. */
export const ALLOW_BLOCK_ID = 'unblock_allow';
/** The controls of an expiry reminder. */
export const REMINDER_BLOCK_ID = 'unblock_reminder';

/**
 * The block of a scope-change message's buttons: this prefix, `:`, and the proposal's value
 * (scopeChangeValue), so a click says which set of device groups its buttons were drawn for.
 */
export const SCOPE_CHANGE_BLOCK_PREFIX = 'unblock_scope_change';

export const SLASH_COMMAND = '/portal-blocked';

/** App Home tab controls of its own (the request controls reuse the ids above, in blocks named homeBlockId). */
export const HOME_ACTIONS = {
  /** "Previous" and "Next" under a Home list, in the list's own order; the value is `<list>:<page>` (0-based page to show). */
  previous: 'unblock_home_previous',
  next: 'unblock_home_next',
  /**
   * The same buttons on Home views published before they were renamed ("Newer"/"Older", the same
   * values): still served, so a click on a tab drawn before an upgrade turns the page all the same.
   */
  legacyNewer: 'unblock_home_newer',
  legacyOlder: 'unblock_home_older',
} as const;
