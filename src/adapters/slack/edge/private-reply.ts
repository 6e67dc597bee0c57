import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../app/ports/runtime.ts';
import { SlackChannelId, SlackUserId } from './slack-payload.ts';

/** Where a payload lets Unblock answer the person who sent it. */
export interface ReplyRoute {
  readonly userId: string;
  /** The payload's response_url (commands and clicks on messages carry one; App Home and modal clicks do not). */
  readonly responseUrl: string | undefined;
  /** The conversation the command was typed in or the clicked message is in, if the payload names one. */
  readonly channelId: string | undefined;
}

const RouteFields = z.object({
  user_id: SlackUserId.optional(),
  user: z.object({ id: SlackUserId }).optional(),
  response_url: z.url({ protocol: /^https?$/ }).optional(),
  channel_id: SlackChannelId.optional(),
  channel: z.object({ id: SlackChannelId }).nullish(),
  container: z.object({ channel_id: SlackChannelId.optional() }).nullish(),
});

/**
 * The reply route of a slash command or interaction payload, or undefined when it names no user to
 * answer. Never throws.
 */
export function replyRouteOf(body: unknown): ReplyRoute | undefined {
  const fields = RouteFields.safeParse(body);
  if (!fields.success) return undefined;
  const f = fields.data;
  const userId = f.user_id ?? f.user?.id;
  if (!userId) return undefined;
  return { userId, responseUrl: f.response_url, channelId: f.channel_id ?? f.channel?.id ?? f.container?.channel_id };
}

/** What a private reply needs: a Web API client and a logger. */
export interface PrivateReplyDeps {
  readonly client: webApi.WebClient;
  readonly logger: Logger;
}

/** How a reply reached the person, or `none` when every way failed (logged). */
export type ReplyChannel = 'response_url' | 'ephemeral' | 'direct_message' | 'none';

/**
 * Sends `text` privately to the person behind `route`, by the first way that works:
 * 1. the payload's response_url (ephemeral, never replacing the clicked message), given
 *    RESPONSE_URL_TIMEOUT_MS: works without channel membership, but only 5 times within 30 minutes
 *    (slack.md §1.3);
 * 2. `chat.postEphemeral` in the payload's channel (needs the bot in that channel);
 * 3. a direct message (`conversations.open` + `chat.postMessage`), which App Home and modal clicks
 *    and commands without a channel still allow.
 * Never throws: a way that fails is logged at debug level and the next is tried; when none works,
 * one warning is logged.
 */
export async function sendPrivateReply(deps: PrivateReplyDeps, route: ReplyRoute, text: string): Promise<ReplyChannel> {
  const ways: Array<[ReplyChannel, () => Promise<unknown>]> = [];
  if (route.responseUrl) {
    const message = { response_type: 'ephemeral', replace_original: false, text } as const;
    const url = route.responseUrl;
    ways.push(['response_url', () => postToResponseUrl(url, message)]);
  }
  if (route.channelId) {
    const channel = route.channelId;
    ways.push(['ephemeral', () => deps.client.chat.postEphemeral({ channel, user: route.userId, text })]);
  }
  ways.push([
    'direct_message',
    async () => {
      const opened = await deps.client.conversations.open({ users: route.userId });
      const channel = opened.channel?.id;
      if (!channel) throw new Error('conversations.open returned no channel');
      await deps.client.chat.postMessage({ channel, text });
    },
  ]);
  const failures: string[] = [];
  for (const [way, send] of ways) {
    try {
      await send();
      return way;
    } catch (error) {
      failures.push(`${way}: ${error instanceof Error ? error.message : String(error)}`);
      deps.logger.debug({ way, err: error }, 'private reply failed this way, trying the next');
    }
  }
  deps.logger.warn({ user: route.userId, failures }, 'could not reach the user privately by any way');
  return 'none';
}

/**
 * How long a response_url may take to answer (ms). Slack's answers in well under a second; Bolt's
 * own `respond` has no timeout at all (fetch waits up to 300 s for headers), so one hanging
 * response_url would hold a work-queue slot for minutes and stall every report behind it.
 */
export const RESPONSE_URL_TIMEOUT_MS = 5_000;

/**
 * POSTs a message to a response_url as Bolt's `respond` does (a JSON body; Slack answers 200 `ok`),
 * within RESPONSE_URL_TIMEOUT_MS. Throws on a non-2xx answer or the timeout.
 */
async function postToResponseUrl(url: string, message: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}

/**
 * A private replier for one Bolt listener invocation (its `client` and `body`): a function that
 * sends text by sendPrivateReply, or logs once when the payload names nobody. Never throws.
 */
export function privateReplier(args: { client: webApi.WebClient; body: unknown }, logger: Logger): (text: string) => Promise<void> {
  const route = replyRouteOf(args.body);
  return async (text) => {
    if (!route) {
      logger.warn({}, 'a reply was due but the payload names no user to send it to');
      return;
    }
    await sendPrivateReply({ client: args.client, logger }, route, text);
  };
}
