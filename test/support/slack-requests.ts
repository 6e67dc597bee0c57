import { createHmac } from 'node:crypto';

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPost {
  readonly url: string;
  readonly body: string;
  readonly secret: string;
  /** Unix seconds; defaults to now. */
  readonly timestamp?: number;
  /** Sign with this instead of the right signature (forgery tests); null sends no signature at all. */
  readonly signature?: string | null;
}

/**
 * POSTs a body to the bot the way Slack does, signed unless told otherwise: form-encoded (slash
 * commands, interactivity) by default, or JSON (the Events API) with `contentType`.
 */
export async function postSigned(request: SignedPost & { contentType?: 'application/x-www-form-urlencoded' | 'application/json' }): Promise<{ status: number; body: string }> {
  const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': request.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
  };
  const signature = request.signature === undefined ? slackSignature(request.secret, timestamp, request.body) : request.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const response = await fetch(request.url, { method: 'POST', headers, body: request.body });
  return { status: response.status, body: await response.text() };
}

/**
 * What Slack puts in a slash command's `text` when a user types `typed`. Slack HTML-escapes the
 * three characters it gives meaning to (`&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`) and wraps the
 * URLs it detects as `<url>`, their own `&` escaped too, e.g. `https://a.contoso.com/x?a=1&b=2 R&D`
 * arrives as `<https://a.contoso.com/x?a=1&amp;b=2> R&amp;D`.
 * Source: /work/shared/reference/slack.md §9 "Command text is HTML-escaped" (docs.slack.dev
 * "Formatting text for app surfaces", "Escaping text"); api.slack.com/docs/formatting "URLs and
 * Escaping" (URL detection is done by Slack's servers and arrives as `<http://…>`).
 * `links: 'as_typed'` leaves URLs unwrapped (the escaping always happens).
 */
export function slackCommandText(typed: string, options: { links?: 'wrapped' | 'as_typed' } = {}): string {
  if (options.links === 'as_typed') return slackEscape(typed);
  let wire = '';
  let last = 0;
  for (const url of typed.matchAll(DETECTED_URL)) {
    wire += `${slackEscape(typed.slice(last, url.index))}<${slackEscape(url[0])}>`;
    last = url.index + url[0].length;
  }
  return wire + slackEscape(typed.slice(last));
}

/**
 * What Slack sends for an address typed *without* a scheme that its clients link on their own
 * (`logistics.contoso.com/portal/login`): a link with Slack's guessed `http://` and, as its label,
 * the text as typed, both escaped: `<http://logistics.contoso.com/portal/login|logistics.contoso.com/portal/login>`.
 * Source: issue #7 (seen from real Slack clients); api.slack.com/docs/formatting "Linking to URLs"
 * (`<url|label>`, and detected links arrive wrapped); slack.md §9.
 */
export function slackAutoLink(typed: string): string {
  return `<http://${slackEscape(typed)}|${slackEscape(typed)}>`;
}

/** An http(s) URL as Slack detects one in typed text: up to whitespace, an angle bracket or a bar. */
const DETECTED_URL = /\bhttps?:\/\/[^\s<>|]+/g;

/** Slack's escaping of typed text: `&`, `<`, `>` only (slack.md §9). */
export function slackEscape(typed: string): string {
  return typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface SlashCommandInput {
  /** What the user typed; sent the way Slack sends it (slackCommandText). */
  readonly text: string;
  readonly userId: string;
  readonly responseUrl: string;
  /** `text` is already Slack's wire form (Slack's own markup such as `<@U…>` in it): send it unchanged. */
  readonly wire?: boolean;
}

/** A slash-command payload's fields, as Slack sends them (form-encoded over HTTP, JSON in Socket Mode). */
export function slashCommandFields(input: SlashCommandInput): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0TEAM',
    team_domain: 'contoso',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    command: '/portal-blocked',
    text: input.wire ? input.text : slackCommandText(input.text),
    api_app_id: 'A0UNBLOCK',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: '1337.42.abcdef',
  };
}

export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams(slashCommandFields(input)).toString();
}

export interface BlockActionInput {
  actionId: string;
  value: string;
  userId: string;
  channelId: string;
  messageTs: string;
  responseUrl: string;
  /** The duration select's state; omitted means the approver did not touch it. */
  duration?: string;
  /** The indicator-kind select's state (approval message only); omitted means untouched. */
  indicatorKind?: string;
  /** The scope select's state (approval message only: `proposed` or `all_devices`); omitted means untouched. */
  scope?: string;
  /** The blocks of the message clicked on, as Slack sends them with the click (what the clicker was shown). */
  messageBlocks?: readonly unknown[];
  /** The actions block clicked in, and its select (the approval message's by default). */
  blockId?: string;
  selectActionId?: string;
}

/** A block_actions payload for a click on the approval message. */
export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: 'T0TEAM' },
    api_app_id: 'A0UNBLOCK',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: input.messageTs, channel_id: input.channelId, is_ephemeral: false },
    trigger_id: '1337.42.abcdef',
    team: { id: 'T0TEAM', domain: 'contoso' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: 'approvals' },
    message: { type: 'message', ts: input.messageTs, text: 'Unblock request', ...(input.messageBlocks ? { blocks: input.messageBlocks } : {}) },
    state: { values: selectState(input) },
    response_url: input.responseUrl,
    actions: [{ action_id: input.actionId, block_id: input.blockId ?? 'unblock_decision', text: { type: 'plain_text', text: 'x' }, value: input.value, type: 'button', action_ts: '1790000000.123456' }],
  };
}

/** The selects' state as Slack sends it: only the selects the user touched, under their block. */
function selectState(input: BlockActionInput): Record<string, Record<string, unknown>> {
  const selected = (value: string) => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } });
  const selects: Record<string, unknown> = {
    ...(input.duration ? { [input.selectActionId ?? 'unblock_duration']: selected(input.duration) } : {}),
    ...(input.indicatorKind ? { unblock_indicator_kind: selected(input.indicatorKind) } : {}),
    ...(input.scope ? { unblock_scope: selected(input.scope) } : {}),
  };
  return Object.keys(selects).length > 0 ? { [input.blockId ?? 'unblock_decision']: selects } : {};
}

export function blockActionBody(input: BlockActionInput): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionPayload(input)) }).toString();
}

/**
 * The Events API body Slack POSTs (JSON) when `userId` opens the app's `tab` (docs.slack.dev/reference/events/app_home_opened;
 * envelope: docs.slack.dev/apis/events-api "Callback field overview").
 */
export function appHomeOpenedBody(input: { userId: string; tab: 'home' | 'messages' }): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0TEAM',
    api_app_id: 'A0UNBLOCK',
    event: { type: 'app_home_opened', user: input.userId, channel: `D${input.userId}`, tab: input.tab, event_ts: '1790000000.000100' },
    type: 'event_callback',
    event_id: `Ev${input.userId}${input.tab}`,
    event_time: 1_790_000_000,
  });
}

export interface HomeActionInput {
  readonly actionId: string;
  readonly blockId: string;
  readonly value: string;
  readonly userId: string;
  /** The Home view as Slack holds it (what views.publish received last for the user). */
  readonly blocks: readonly unknown[];
  /** The selects the user touched: block id → action id → selected value. */
  readonly selected?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * A block_actions payload for a click in the App Home tab: `container.type: "view"`, the view as
 * published with the touched selects' state inside it, and no channel, message or response_url
 * (docs.slack.dev/reference/interaction-payloads/block_actions-payload; slack.md §9 "App Home").
 */
export function homeActionBody(input: HomeActionInput): string {
  const values = Object.fromEntries(
    Object.entries(input.selected ?? {}).map(([block, selects]) => [
      block,
      Object.fromEntries(Object.entries(selects).map(([action, value]) => [action, { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } }])),
    ]),
  );
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: 'T0TEAM' },
      api_app_id: 'A0UNBLOCK',
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: 'V0HOME' },
      trigger_id: '1337.42.abcdef',
      team: { id: 'T0TEAM', domain: 'contoso' },
      enterprise: null,
      is_enterprise_install: false,
      view: { id: 'V0HOME', team_id: 'T0TEAM', type: 'home', blocks: input.blocks, private_metadata: '', callback_id: '', state: { values }, hash: '1790000000.abc', app_id: 'A0UNBLOCK', bot_id: 'B0BOT' },
      actions: [{ action_id: input.actionId, block_id: input.blockId, text: { type: 'plain_text', text: 'x' }, value: input.value, type: 'button', action_ts: '1790000000.123456' }],
    }),
  }).toString();
}
