/**
 * What a failed Slack Web API call means for a queued message, from the error @slack/web-api 8
 * throws (`code` and its fields; see ../../../../../shared/reference/slack.md §5):
 *  - `slack_webapi_rate_limited_error` (HTTP 429, thrown because the client is built with
 *    `rejectRateLimitedCalls`): wait Slack's `Retry-After` seconds on the whole lane;
 *  - `slack_webapi_platform_error` (`ok: false`): Slack's own reason in `data.error`; some can never
 *    succeed (the message itself is wrong, or the person cannot get DMs), the others wait for an
 *    operator (bot removed from the channel, token revoked) or for Slack;
 *  - `slack_webapi_request_error` / `slack_webapi_http_error`: the network or Slack itself; retried.
 */
export type SlackFailure =
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number; readonly reason: string }
  | { readonly kind: 'permanent'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string };

/**
 * Slack errors that no retry can fix for this message (method docs' "Errors" tables:
 * chat.postMessage, chat.update, conversations.open).
 */
const PERMANENT = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_arguments',
  'invalid_arg_name',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'user_not_visible',
  // conversations.open with someone from another organisation (Slack Connect) or a guest it may not DM.
  'invalid_user_combination',
]);

/** A Retry-After Slack did not give (or gave as nonsense) is taken as one second. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

export function classifySlackFailure(error: unknown): SlackFailure {
  const e = error as { code?: unknown; retryAfter?: unknown; data?: { error?: unknown }; statusCode?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === 'slack_webapi_rate_limited_error') {
    const seconds = typeof e?.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter : DEFAULT_RETRY_AFTER_MS / 1000;
    return { kind: 'rate_limited', retryAfterMs: Math.ceil(seconds * 1000), reason: 'ratelimited' };
  }
  if (code === 'slack_webapi_platform_error') {
    const reason = typeof e?.data?.error === 'string' ? e.data.error : 'unknown_error';
    return PERMANENT.has(reason) ? { kind: 'permanent', reason } : { kind: 'retry', reason };
  }
  if (code === 'slack_webapi_http_error') return { kind: 'retry', reason: `HTTP ${String(e?.statusCode)}` };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'retry', reason: message.slice(0, 200) };
}

/** Slack's error codes are lower-case words joined by underscores (docs.slack.dev/reference/methods, "Errors"). */
const SLACK_ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * A failed Web API call's Slack error code as a metric label (`slack_api_errors`): `ratelimited`
 * for HTTP 429, Slack's own `error` for `ok: false` (`not_in_channel`, `invalid_auth` …),
 * `http_error` when Slack answered with another HTTP error, `request_error` when it never answered.
 * Anything that is not shaped like a Slack error code is `other`, so a label never holds free text.
 */
export function slackErrorLabel(error: unknown): string {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return 'ratelimited';
    case 'slack_webapi_platform_error': {
      const reason = e.data?.error;
      return typeof reason === 'string' && SLACK_ERROR_CODE.test(reason) ? reason : 'other';
    }
    case 'slack_webapi_http_error':
      return 'http_error';
    default:
      return 'request_error';
  }
}
