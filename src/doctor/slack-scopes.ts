/**
 * The bot scopes Unblock asks for, as in manifest.json's `oauth_config.scopes.bot` (a test keeps
 * the two equal), with what each is for. `usergroups:read` is needed only with
 * APPROVER_USERGROUP_ID (README, "Create the Slack app").
 */
export const BOT_SCOPES: Readonly<Record<string, string>> = {
  commands: '/portal-blocked',
  'chat:write': 'the approval message, its thread, updates and DMs',
  'im:write': 'opening the DM to a reporter',
  'usergroups:read': 'reading the approver user group (APPROVER_USERGROUP_ID)',
};

/** The scopes this deployment needs: all of BOT_SCOPES, `usergroups:read` only with an approver group. */
export function requiredScopes(options: { approverUsergroup: boolean }): string[] {
  return Object.keys(BOT_SCOPES).filter((scope) => scope !== 'usergroups:read' || options.approverUsergroup);
}

/** The required scopes missing from `granted` (Slack's `x-oauth-scopes`), in BOT_SCOPES order. */
export function missingScopes(granted: readonly string[], options: { approverUsergroup: boolean }): string[] {
  return requiredScopes(options).filter((scope) => !granted.includes(scope));
}
