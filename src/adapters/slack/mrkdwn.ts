import { SLACK_CONVERSATION_ID, SLACK_USER_ID } from './slack-ids.ts';

/**
 * Slack mrkdwn building blocks. Anything that did not come from this code (user text, Defender
 * device and process names) goes through `escapeText`, so it can never become a link, a mention
 * or a broadcast: Slack only parses `<…>` sequences, and those need a literal `<`.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Untrusted text in an inline code span (no formatting, no auto-linking of hostnames). */
export function code(text: string): string {
  return `\`${escapeText(text.replace(/`/g, "'").replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '))}\``;
}

/** Untrusted multi-line text as a block quote. */
export function quote(text: string): string {
  return escapeText(text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** A mention of a Slack-verified user id; anything else renders as plain escaped text. */
export function mention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : escapeText(userId);
}

/** A link to a Slack-verified conversation id; anything else renders as plain escaped text. */
export function channelLink(channelId: string): string {
  return SLACK_CONVERSATION_ID.test(channelId) ? `<#${channelId}>` : escapeText(channelId);
}

/** A date every reader sees in their own time zone, with an ISO fallback. */
export function slackDate(date: Date, format = '{date_short_pretty} {time}'): string {
  return `<!date^${Math.floor(date.getTime() / 1000)}^${format}|${date.toISOString()}>`;
}

/** Truncates to `max` characters with an ellipsis (Block Kit rejects over-long text). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Longest error text shown in Slack, in characters; ExternalServiceError keeps its messages well under it. */
export const ERROR_TEXT_MAX = 1000;

/**
 * An error message for mrkdwn, such as ExternalServiceError.userMessage, which quotes the vendor's
 * own reason: clipped to ERROR_TEXT_MAX, then escaped (clipping after escaping could cut an entity
 * in half). Error texts are stored and passed around unescaped, so this is the one escape.
 */
export function errorText(text: string): string {
  return escapeText(clip(text, ERROR_TEXT_MAX));
}

/** "1 device", "3 devices". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
