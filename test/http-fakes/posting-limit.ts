/**
 * How fast a Slack channel takes new messages: a sustained rate and the short burst tolerated above it.
 *
 * Slack documents `chat.postMessage` as "Special" tier: "generally allows posting one message per
 * second per channel, while also maintaining a workspace-wide limit", and "Posting messages: 1 per
 * second. Short bursts >1 allowed. If you attempt bursts, there is no guarantee that messages will
 * be delivered" (https://docs.slack.dev/apis/web-api/rate-limits; the chat.postMessage reference,
 * "Special rate limits apply"; /work/shared/reference/slack.md §5). The burst size is not published.
 */
export interface PostingLimit {
  /** Messages per second a channel takes, sustained. */
  readonly perSecond: number;
  /** Messages a quiet channel takes at once before the sustained rate applies. */
  readonly burst: number;
}

/**
 * The limit the Slack stand-in enforces when asked to: 1 per second, as documented, with a burst of
 * 3. Slack publishes no burst size; 3 lets one request's approval message, its evidence reply and a
 * first note through without waiting (the bot's normal pattern), while anything that sends a
 * message per report to one channel (a flood) is held to 1 per second and answered 429.
 */
export const SLACK_POSTING_LIMIT: PostingLimit = { perSecond: 1, burst: 3 };

/** The outcome of asking to post: allowed, or refused with Slack's `Retry-After` (whole seconds, ≥ 1). */
export type PostingDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A token bucket per channel: each channel starts full (`burst` tokens), refills at `perSecond`,
 * and a post takes one token. A refused post takes none (Slack counts what it accepts).
 */
export class ChannelBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly limit: PostingLimit;

  constructor(limit: PostingLimit) {
    this.limit = limit;
  }

  /** Takes a token of `channel`'s bucket at `nowMs` (milliseconds, any monotonic origin) if it has one. */
  take(channel: string, nowMs: number): PostingDecision {
    const { perSecond, burst } = this.limit;
    const bucket = this.buckets.get(channel) ?? { tokens: burst, at: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.at) / 1000) * perSecond);
    bucket.at = nowMs;
    this.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    // Slack's Retry-After is a whole number of seconds: round the wait for the next token up.
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }
}
