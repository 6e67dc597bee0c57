import { LoopbackFake, type RecordedRequest, type Reply } from './fake-http-server.ts';
import { recordForCorpus } from './message-corpus.ts';
import { ChannelBuckets, SLACK_POSTING_LIMIT, type PostingLimit } from './posting-limit.ts';

export interface SlackCall {
  readonly method: string;
  /** Form fields (or JSON body), with JSON-looking fields (blocks …) parsed. */
  readonly args: Record<string, unknown>;
  readonly token: string | undefined;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly text?: string;
  readonly blocks?: unknown[];
  /**
   * A thread reply also shown in the channel: chat.postMessage's `reply_broadcast` (slack.md §4.4,
   * docs.slack.dev/reference/methods/chat.postMessage), sent as `true` in a form body.
   */
  readonly reply_broadcast?: true;
}

/** An ephemeral message (chat.postEphemeral): shown to `user` only, in `channel`, never stored by Slack. */
export interface EphemeralMessage {
  readonly channel: string;
  readonly user: string;
  readonly text?: string;
}

/** A Home tab view Slack accepted (views.publish), as it was sent. */
export interface PublishedView {
  readonly userId: string;
  readonly view: { readonly type: 'home'; readonly blocks: unknown[] };
  /** When the fake accepted it (the fake's clock, ms). */
  readonly at: number;
}

/** A message Slack accepted (posted or updated), for rates per channel. */
export interface SlackWrite {
  readonly method: 'chat.postMessage' | 'chat.update';
  readonly channel: string;
  /** When the fake accepted it: milliseconds on the fake's clock (epoch ms unless a test gave another). */
  readonly at: number;
}

/** A call answered HTTP 429 `ratelimited`, and the `Retry-After` it was given (whole seconds). */
export interface RateLimitedCall {
  readonly method: string;
  /** The channel posted to; for views.publish, the user the view was for. */
  readonly channel: string;
  readonly at: number;
  readonly retryAfterSeconds: number;
}

export interface FakeSlackOptions {
  /**
   * Slack's per-channel limit on chat.postMessage (posting-limit.ts): SLACK_POSTING_LIMIT, the
   * documented one, unless a test gives another, or false to post without limit.
   */
  readonly postMessagePerChannel?: PostingLimit | false;
  /** Milliseconds clock for the limit and the timelines; Date.now unless a test moves its own. */
  readonly now?: () => number;
}

/**
 * The Slack Web API and response_url endpoints, on loopback, speaking Slack's documented JSON.
 * Records every call; keeps posted messages so tests can read what people would see.
 */
export class FakeSlack extends LoopbackFake {
  readonly calls: SlackCall[] = [];
  /** Bodies POSTed to response_url, by response id. */
  readonly responses = new Map<string, Array<Record<string, unknown>>>();
  /** Every message posted, as last updated by chat.update. */
  readonly messages: PostedMessage[] = [];
  readonly usergroups = new Map<string, string[]>();
  readonly failures = new Map<string, string>();
  private tsCounter = 1_790_000_000_000_100;
  /** Socket Mode: the app-level token and the WebSocket URL apps.connections.open hands out. */
  socketMode: { appToken: string; url: string } | undefined;
  /** Every message Slack accepted (chat.postMessage, chat.update), in order. */
  readonly writes: SlackWrite[] = [];
  /** Every call answered 429 because of the per-channel limit, in order. */
  readonly rateLimited: RateLimitedCall[] = [];
  /** Ephemeral messages accepted by chat.postEphemeral, in order. */
  readonly ephemerals: EphemeralMessage[] = [];
  /**
   * Channels the bot is not a member of: chat.postEphemeral there fails `not_in_channel`, as Slack
   * answers when "the bot must be able to post there" does not hold (slack.md §4.5).
   */
  readonly botNotIn = new Set<string>();
  /**
   * Users who are not members of a channel, as `channel:user`: chat.postEphemeral to them there
   * fails `user_not_in_channel` (slack.md §4.5: "The user should be in the channel").
   */
  readonly userNotIn = new Set<string>();
  /**
   * The scopes the bot token was granted, sent back in the `x-oauth-scopes` header of every Web API
   * answer to it (slack.md §9 "Granted scopes"; @slack/web-api reads it into
   * `response_metadata.scopes`): the manifest's bot scopes unless a test removes one. A method
   * whose scope is missing answers `missing_scope` (see METHOD_SCOPES).
   */
  readonly grantedScopes = new Set<string>(['commands', 'chat:write', 'im:write', 'usergroups:read']);
  /** Every view views.publish accepted, in order, with the user it was published to. */
  readonly publishedViews: PublishedView[] = [];
  /** Whether the app's Home tab is enabled (manifest `home_tab_enabled`); views.publish answers `not_enabled` when not. */
  homeTabEnabled = true;

  readonly botToken: string;
  private readonly now: () => number;
  private buckets: ChannelBuckets | undefined;
  private publishBucket: ChannelBuckets | undefined;
  private publishHeld = false;

  constructor(botToken: string, options: FakeSlackOptions = {}) {
    super(false);
    this.botToken = botToken;
    this.now = options.now ?? Date.now;
    this.limitPostMessage(options.postMessagePerChannel ?? SLACK_POSTING_LIMIT);
  }

  /** Enforces `limit` on chat.postMessage per channel from now on (every channel starts with a full burst), or lifts it. */
  limitPostMessage(limit: PostingLimit | false): void {
    this.buckets = limit ? new ChannelBuckets(limit) : undefined;
  }

  /**
   * Enforces `limit` on views.publish for the whole workspace from now on (Tier 4, "100+ per
   * minute", counted per method, workspace and app: docs.slack.dev/apis/web-api/rate-limits; slack.md
   * §5), answered like any Web API limit (HTTP 429, Retry-After), or lifts it (the default).
   */
  limitViewsPublish(limit: PostingLimit | false): void {
    this.publishBucket = limit ? new ChannelBuckets(limit) : undefined;
  }

  /**
   * Holds views.publish (true) until released (false): while held, every call is answered as over
   * the limit (HTTP 429, `Retry-After: 1`), as Slack keeps answering an app whose Tier 4 window is
   * spent, and nothing is published. Lets a test queue work behind a held lane and then see, by the
   * order of the publishes Slack accepts once released, which the bot sent first.
   */
  holdViewsPublish(held: boolean): void {
    this.publishHeld = held;
  }

  /** SLACK_API_URL for the bot. */
  get apiUrl(): string {
    return `${this.server.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.server.url}/respond/${id}`;
  }

  /** Calls of `method` whose arguments match fail with Slack error `error` (e.g. one user's conversations.open). */
  readonly failuresFor: Array<{ method: string; matches: (args: Record<string, unknown>) => boolean; error: string }> = [];

  /** Makes the next calls of `method` fail with Slack error `error` until cleared. */
  failMethod(method: string, error: string): void {
    this.failures.set(method, error);
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Top-level messages in a channel (not thread replies). */
  parents(channel: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === undefined);
  }

  thread(channel: string, ts: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === ts);
  }

  /** Messages the bot DMed to `userId` (through conversations.open). */
  dms(userId: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === `D${userId}`);
  }

  /** The Home tab `userId` sees now: the last view published to them. */
  homeOf(userId: string): PublishedView | undefined {
    return this.publishedViews.findLast((v) => v.userId === userId);
  }

  responsesTo(id: string): Array<Record<string, unknown>> {
    return this.responses.get(id) ?? [];
  }

  protected handle(request: RecordedRequest): Reply {
    if (request.path.startsWith('/respond/')) {
      const id = request.path.slice('/respond/'.length);
      const body = JSON.parse(request.body) as Record<string, unknown>;
      this.responses.set(id, [...this.responsesTo(id), body]);
      recordForCorpus('response_url', body);
      return { body: 'ok' };
    }
    const method = request.path.replace(/^\/api\//, '');
    const args = parseArgs(request);
    const token = String(request.headers.authorization ?? '').replace(/^Bearer /, '') || undefined;
    this.calls.push({ method, args, token });
    if (method === 'apps.connections.open') {
      return this.socketMode && token === this.socketMode.appToken
        ? { body: { ok: true, url: this.socketMode.url } }
        : { body: { ok: false, error: 'invalid_auth' } };
    }
    if (token !== this.botToken) return { body: { ok: false, error: 'invalid_auth' } };
    const reply = this.answerBot(method, args);
    return { ...reply, headers: { ...reply.headers, 'x-oauth-scopes': [...this.grantedScopes].join(',') } };
  }

  /** A Web API call made with the bot token. */
  private answerBot(method: string, args: Record<string, unknown>): Reply {
    const needed = METHOD_SCOPES[method];
    if (needed !== undefined && !this.grantedScopes.has(needed)) {
      // Slack names the scope the method needs and the token's scopes (docs.slack.dev, "missing_scope"
      // in every method's errors; the `needed` and `provided` fields of @slack/web-api's response types).
      return { body: { ok: false, error: 'missing_scope', needed, provided: [...this.grantedScopes].join(',') } };
    }
    const limited = this.overLimit(method, args);
    if (limited) return limited;
    const failure = this.failures.get(method) ?? this.failuresFor.find((f) => f.method === method && f.matches(args))?.error;
    if (failure) return { body: { ok: false, error: failure } };
    const answer = this.answer(method, args);
    if (answer.ok === true && CORPUS_METHODS.has(method)) {
      recordForCorpus(method, method === 'views.publish' ? ((args.view ?? {}) as Record<string, unknown>) : args);
    }
    if (answer.ok === true && (method === 'chat.postMessage' || method === 'chat.update')) {
      this.writes.push({ method, channel: String(answer.channel), at: this.now() });
    }
    return { body: answer };
  }

  /**
   * Slack's answer over the per-channel posting limit: "HTTP 429 Too Many Requests … and a
   * Retry-After header containing the number of seconds until you can retry"
   * (docs.slack.dev/apis/web-api/rate-limits; slack.md §5), with the Web API's error body
   * `{"ok":false,"error":"ratelimited"}`. The call is not carried out.
   */
  private overLimit(method: string, args: Record<string, unknown>): Reply | undefined {
    if (method === 'views.publish' && this.publishHeld) {
      this.rateLimited.push({ method, channel: String(args.user_id), at: this.now(), retryAfterSeconds: 1 });
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    }
    const bucket = method === 'chat.postMessage' ? this.buckets : method === 'views.publish' ? this.publishBucket : undefined;
    if (!bucket) return undefined;
    // views.publish is limited per workspace: one bucket, recorded under the user the view was for.
    const channel = String(method === 'views.publish' ? args.user_id : args.channel);
    const at = this.now();
    const decision = bucket.take(method === 'views.publish' ? 'workspace' : channel, at);
    if (decision.allowed) return undefined;
    this.rateLimited.push({ method, channel, at, retryAfterSeconds: decision.retryAfterSeconds });
    return { status: 429, headers: { 'retry-after': String(decision.retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://contoso.slack.com/', team: 'Contoso', user: 'unblock', team_id: 'T0TEAM', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const message: PostedMessage = {
          channel: String(args.channel),
          ts,
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          ...(args.thread_ts && (args.reply_broadcast === true || args.reply_broadcast === 'true') ? { reply_broadcast: true as const } : {}),
          ...(typeof args.text === 'string' ? { text: args.text } : {}),
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        };
        this.messages.push(message);
        return { ok: true, channel: message.channel, ts, message: { ts, text: message.text } };
      }
      case 'chat.update': {
        const index = this.messages.findIndex((m) => m.channel === args.channel && m.ts === args.ts);
        if (index < 0) return { ok: false, error: 'message_not_found' };
        const old = this.messages[index]!;
        this.messages[index] = {
          ...old,
          ...(typeof args.text === 'string' ? { text: args.text } : {}),
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        };
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      }
      case 'chat.postEphemeral': {
        // Slack needs both: the conversation and the user who is to see it (slack.md §4.5,
        // docs.slack.dev/reference/methods/chat.postEphemeral); it answers with `message_ts` only.
        if (typeof args.channel !== 'string' || args.channel === '') return { ok: false, error: 'channel_not_found' };
        if (typeof args.user !== 'string' || args.user === '') return { ok: false, error: 'user_not_found' };
        if (this.botNotIn.has(args.channel)) return { ok: false, error: 'not_in_channel' };
        if (this.userNotIn.has(`${args.channel}:${args.user}`)) return { ok: false, error: 'user_not_in_channel' };
        this.ephemerals.push({ channel: args.channel, user: args.user, ...(typeof args.text === 'string' ? { text: args.text } : {}) });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'views.publish':
        return this.publish(args);
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'usergroups.users.list': {
        const users = this.usergroups.get(String(args.usergroup));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /**
   * views.publish as Slack answers it (docs.slack.dev/reference/methods/views.publish; its error list
   * in slack_kit priv/docs/methods/views.publish.json): `user_id` and `view` (a JSON-encoded
   * string in a form) are required; a Home tab view has `type: "home"` and at most 100 blocks
   * (slack.md §Block Kit limits), a section's text at most 3000 characters, anything else is
   * `invalid_arguments`; a view over 250 kB is `view_too_large`; `not_enabled` when the app's Home
   * tab is off. The view published replaces the user's Home tab.
   */
  private publish(args: Record<string, unknown>): Record<string, unknown> {
    if (typeof args.user_id !== 'string' || args.user_id === '') return { ok: false, error: 'invalid_arguments' };
    const view = args.view as { type?: unknown; blocks?: unknown } | undefined;
    if (typeof view !== 'object' || view === null || view.type !== 'home' || !Array.isArray(view.blocks)) return { ok: false, error: 'invalid_arguments' };
    if (!this.homeTabEnabled) return { ok: false, error: 'not_enabled' };
    if (JSON.stringify(view).length > 250_000) return { ok: false, error: 'view_too_large' };
    const blocks = view.blocks as Array<{ type?: string; text?: { text?: unknown } }>;
    const tooLong = blocks.some((b) => b.type === 'section' && typeof b.text?.text === 'string' && b.text.text.length > 3_000);
    if (blocks.length > 100 || tooLong) return { ok: false, error: 'invalid_arguments' };
    this.publishedViews.push({ userId: args.user_id, view: { type: 'home', blocks }, at: this.now() });
    return { ok: true, view: { id: `V${this.publishedViews.length}`, type: 'home', blocks } };
  }

  private nextTs(): string {
    this.tsCounter += 100;
    const text = String(this.tsCounter);
    return `${text.slice(0, 10)}.${text.slice(10)}`;
  }
}

/**
 * The bot scope each method the fake serves needs (slack.md §3 "Minimal bot scopes": chat:write for
 * chat.postMessage, chat.update and chat.postEphemeral; im:write for conversations.open;
 * usergroups:read for usergroups.users.list). auth.test needs none.
 */
const METHOD_SCOPES: Readonly<Record<string, string>> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'conversations.open': 'im:write',
  'usergroups.users.list': 'usergroups:read',
};

/** The methods whose accepted messages go to the opt-in message corpus (message-corpus.ts). */
const CORPUS_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish']);

function parseArgs(request: RecordedRequest): Record<string, unknown> {
  const type = String(request.headers['content-type'] ?? '');
  const raw: Record<string, unknown> = type.includes('application/json')
    ? (JSON.parse(request.body || '{}') as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(request.body));
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        raw[key] = JSON.parse(value);
      } catch {
        // Plain text that happens to start with a bracket.
      }
    }
  }
  return raw;
}
