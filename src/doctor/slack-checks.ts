import { webApi } from '@slack/bolt';
import type { Config } from '../config.ts';
import { failed, passed, skipped, type CheckResult } from './check-result.ts';
import { BOT_SCOPES, missingScopes } from './slack-scopes.ts';

/** A Slack Web API failure: Slack's `error` for a platform error, else what kept the call from Slack. */
function slackError(error: unknown): { code: string; needed?: string } {
  const e = error as { code?: unknown; data?: { error?: unknown; needed?: unknown } };
  if (e.code === 'slack_webapi_platform_error') {
    return { code: String(e.data?.error), ...(typeof e.data?.needed === 'string' ? { needed: e.data.needed } : {}) };
  }
  if (e.code === 'slack_webapi_request_error') return { code: 'unreachable' };
  return { code: error instanceof Error ? error.name : 'unknown' };
}

/** The Web API client for the checks: Slack's base URL from SLACK_API_URL, one retry, 15 s per call, quiet. */
export function doctorSlackClient(slack: Config['slack']): webApi.WebClient {
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };
  return new webApi.WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 1 }, timeout: 15_000, logger: quiet });
}

/**
 * The Slack checks, in order: the token (`auth.test`: valid, a bot token), its granted scopes
 * against the ones Unblock needs (the `x-oauth-scopes` header Slack sends with every Web API
 * answer, slack.md §9, which @slack/web-api hands over as `response_metadata.scopes`), the bot's
 * membership of APPROVAL_CHANNEL_ID, and the approver group (only with APPROVER_USERGROUP_ID).
 * A failed token skips the rest.
 */
export async function checkSlack(slack: Config['slack'], client: webApi.WebClient): Promise<CheckResult[]> {
  const names = { token: 'Slack token', scopes: 'Slack scopes', channel: 'Approval channel', group: 'Approver user group' };
  const rest = (reason: string) => [
    skipped(names.scopes, reason),
    skipped(names.channel, reason),
    ...(slack.approverUsergroupId ? [skipped(names.group, reason)] : []),
  ];
  let auth: Awaited<ReturnType<webApi.WebClient['auth']['test']>>;
  try {
    auth = await client.auth.test();
  } catch (error) {
    const { code } = slackError(error);
    const unreachable = code === 'unreachable';
    return [
      failed(
        names.token,
        unreachable ? 'the Slack Web API could not be reached' : `Slack refused SLACK_BOT_TOKEN (${code})`,
        unreachable
          ? 'check SLACK_API_URL and the network (outbound HTTPS to slack.com)'
          : 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions of the installed app into SLACK_BOT_TOKEN; reinstall the app if it was removed',
      ),
      ...rest('needs a valid Slack token'),
    ];
  }
  if (!auth.bot_id || !auth.user_id) {
    return [
      failed(names.token, `SLACK_BOT_TOKEN is valid but not a bot token (auth.test gave no bot_id)`, 'use the Bot User OAuth Token (xoxb-…), not a user token'),
      ...rest('needs a bot token'),
    ];
  }
  const botUser = auth.user_id;
  const results = [passed(names.token, `valid, bot user @${auth.user ?? botUser} (${botUser}) in workspace ${auth.team ?? '?'} (${auth.team_id ?? '?'})`)];
  if (slack.appToken) results.push(await appTokenResult(slack));
  results.push(scopesResult(names.scopes, auth.response_metadata?.scopes, Boolean(slack.approverUsergroupId)));
  results.push(await channelResult(names.channel, client, slack.approvalChannelId, botUser, auth.user));
  if (slack.approverUsergroupId) results.push(await usergroupResult(names.group, client, slack.approverUsergroupId, slack.approverUserIds.length));
  return results;
}

/**
 * Socket Mode only: does SLACK_APP_TOKEN open a connection? `apps.connections.open` (app-level
 * token with connections:write) answers a one-time WebSocket URL, which the doctor never connects
 * to (slack.md §2.1; docs.slack.dev/reference/methods/apps.connections.open).
 */
async function appTokenResult(slack: Config['slack']): Promise<CheckResult> {
  const name = 'Slack app token';
  try {
    await doctorSlackClient({ ...slack, botToken: slack.appToken! }).apps.connections.open();
    return passed(name, 'SLACK_APP_TOKEN may open Socket Mode connections');
  } catch (error) {
    const { code } = slackError(error);
    if (code === 'missing_scope') return failed(name, 'SLACK_APP_TOKEN lacks connections:write (missing_scope)', 'create an app-level token with connections:write under Basic Information → App-Level Tokens');
    return failed(name, `Slack refused SLACK_APP_TOKEN (${code})`, 'copy the app-level token (xapp-…) from Basic Information → App-Level Tokens into SLACK_APP_TOKEN, and turn Socket Mode on');
  }
}

function scopesResult(name: string, granted: string[] | undefined, approverUsergroup: boolean): CheckResult {
  if (granted === undefined) return failed(name, 'Slack sent no x-oauth-scopes header with auth.test, so the granted scopes are unknown', 'check that SLACK_API_URL is the Slack Web API (https://slack.com/api/)');
  const missing = missingScopes(granted, { approverUsergroup });
  const shown = granted.length > 0 ? granted.join(', ') : 'none';
  if (missing.length > 0) {
    return failed(
      name,
      `missing ${missing.map((s) => `${s} (${BOT_SCOPES[s]})`).join(', ')}; granted: ${shown}`,
      `add ${missing.join(', ')} under OAuth & Permissions → Bot Token Scopes (or paste manifest.json again), then reinstall the app to the workspace`,
    );
  }
  const note = !approverUsergroup && !granted.includes('usergroups:read') ? ' (usergroups:read not granted: only needed with APPROVER_USERGROUP_ID)' : '';
  return passed(name, `granted: ${shown}${note}`);
}

/**
 * Is the bot a member of APPROVAL_CHANNEL_ID? `conversations.info` would say (`is_member`), but it
 * needs channels:read or groups:read, which Unblock does not ask for. So the check sends an
 * ephemeral message to the bot's own user in that channel (`chat.postEphemeral`, chat:write, which
 * Unblock has): shown to nobody, stored nowhere (slack.md §4.5), and refused as Slack refuses the
 * bot's real posts there: `not_in_channel` ("Cannot post user messages to a channel they are not
 * in"), `user_not_in_channel` (the recipient, the bot itself, is not in it), `channel_not_found`
 * (no such channel, or a private one the bot was not invited to), `is_archived`
 * (docs.slack.dev/reference/methods/chat.postEphemeral, errors).
 */
async function channelResult(name: string, client: webApi.WebClient, channel: string, botUser: string, botName: string | undefined): Promise<CheckResult> {
  try {
    await client.chat.postEphemeral({ channel, user: botUser, text: 'Unblock doctor: checking that I can post in this channel (only I can see this).' });
    return passed(name, `the bot is a member of ${channel} and may post there`);
  } catch (error) {
    const { code } = slackError(error);
    const invite = `invite the bot to the channel: /invite @${botName ?? '<bot name>'} in ${channel}`;
    switch (code) {
      case 'not_in_channel':
      case 'user_not_in_channel':
        return failed(name, `the bot is not a member of ${channel} (Slack: ${code})`, invite);
      case 'channel_not_found':
        return failed(name, `Slack knows no channel ${channel} the bot can see (channel_not_found)`, `check APPROVAL_CHANNEL_ID (channel details → bottom); for a private channel, ${invite}`);
      case 'is_archived':
        return failed(name, `${channel} is archived (is_archived)`, 'unarchive it, or set APPROVAL_CHANNEL_ID to an active channel');
      case 'missing_scope':
        return failed(name, 'Slack refused to let the bot post (missing_scope: chat:write)', 'add chat:write under OAuth & Permissions → Bot Token Scopes, then reinstall the app');
      default:
        return failed(name, `Slack refused a post in ${channel} (${code})`, 'check APPROVAL_CHANNEL_ID and the app installation');
    }
  }
}

/** Reads the approver group's members (`usergroups.users.list`, usergroups:read; slack.md §6). */
async function usergroupResult(name: string, client: webApi.WebClient, usergroup: string, approverIds: number): Promise<CheckResult> {
  try {
    const answer = await client.usergroups.users.list({ usergroup });
    const members = answer.users?.length ?? 0;
    if (members === 0 && approverIds === 0) {
      return failed(name, `${usergroup} has no members and APPROVER_USER_IDS is empty: nobody can approve`, `add the approvers to the user group, or list them in APPROVER_USER_IDS`);
    }
    return passed(name, `${usergroup} readable, ${members} member${members === 1 ? '' : 's'}`);
  } catch (error) {
    const { code } = slackError(error);
    switch (code) {
      case 'no_such_subteam':
        return failed(name, `Slack knows no user group ${usergroup} (no_such_subteam)`, 'check APPROVER_USERGROUP_ID (an id such as S0123456789, from the group\'s page)');
      case 'missing_scope':
        return failed(name, 'Slack refused to read the group (missing_scope: usergroups:read)', 'add usergroups:read under OAuth & Permissions → Bot Token Scopes, then reinstall the app');
      case 'plan_upgrade_required':
        return failed(name, 'this Slack plan has no user groups (plan_upgrade_required)', 'unset APPROVER_USERGROUP_ID and list the approvers in APPROVER_USER_IDS');
      default:
        return failed(name, `Slack refused to read ${usergroup} (${code})`, 'check APPROVER_USERGROUP_ID and the app installation');
    }
  }
}
