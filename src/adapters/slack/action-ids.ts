/** Block Kit ids of the approval message. Button values carry the request's opaque UUID only. */
export const ACTIONS = {
  approve: 'unblock_approve',
  deny: 'unblock_deny',
  duration: 'unblock_duration',
} as const;

export const DECISION_BLOCK_ID = 'unblock_decision';

export const SLASH_COMMAND = '/portal-blocked';
