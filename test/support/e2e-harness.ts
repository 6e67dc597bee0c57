import type { Clock } from '../../src/app/ports/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/adapters/logging/logger.ts';
import { startUnblock, type RunningUnblock, type WorkLimits } from '../../src/server.ts';
import { FakeDefender } from '../http-fakes/fake-defender.ts';
import { FakeEntra } from '../http-fakes/fake-entra.ts';
import { FakeGraph } from '../http-fakes/fake-graph.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { FakeSlack, type PostedMessage } from '../http-fakes/fake-slack.ts';
import { FakeSocketMode } from '../http-fakes/fake-socket-mode.ts';
import { blockActionBody, postSigned, slashCommandBody } from './slack-requests.ts';
import type { DatabaseTarget, TestDatabase } from './test-databases.ts';

export const USERS = {
  requester: 'U0REQUESTER',
  approver: 'U0APPROVER',
  secondApprover: 'U0APPROVER2',
  outsider: 'U0OUTSIDER',
  groupMember: 'U0GROUPMEMBER',
} as const;
export const APPROVAL_CHANNEL = 'C0APPROVALS';

/** Secrets the bot is configured with; the logs must never contain them. */
export const SECRETS = {
  botToken: 'xoxb-test-bot-token-4242-abcdef',
  signingSecret: 'test-signing-secret-7c1f9a55',
  clientSecret: 'test-client-secret-9x8y7z6w',
} as const;

const DEFENDER_SCOPE = 'https://api.securitycenter.microsoft.com/.default';

/**
 * The real Unblock app (Bolt in HTTP mode on a free port) against loopback fakes of Slack, Entra,
 * Graph and Defender, on a fresh test database. Drives it with Slack-signed requests.
 */
export class Harness {
  readonly slack = new FakeSlack(SECRETS.botToken);
  readonly entra = new FakeEntra('contoso-tenant', 'unblock-client-id', SECRETS.clientSecret);
  readonly graph = new FakeGraph(this.entra);
  readonly defender = new FakeDefender(this.entra, DEFENDER_SCOPE);
  /** Slack's Socket Mode endpoint; started when the app is configured with SLACK_APP_TOKEN. */
  readonly socket = new FakeSocketMode();
  /** Every log line the app wrote (JSON). */
  readonly logs: string[] = [];
  private app: RunningUnblock | undefined;
  private database: TestDatabase | undefined;
  private responseCounter = 0;
  private env: Record<string, string> = {};

  /** The clock the app runs on; tests that move time pass a FakeClock. */
  private clock: Clock | undefined;
  /** The work queues' limits, when a test needs them small (a full queue). */
  private workLimits: Partial<WorkLimits> | undefined;

  static async start(
    target: DatabaseTarget,
    env: Record<string, string> = {},
    options: { clock?: Clock; workLimits?: Partial<WorkLimits> } = {},
  ): Promise<Harness> {
    const harness = new Harness();
    harness.clock = options.clock;
    harness.workLimits = options.workLimits;
    await Promise.all([harness.slack.start(), harness.entra.start(), harness.graph.start(), harness.defender.start()]);
    harness.database = await target.create({ migrated: true });
    harness.env = {
      SLACK_BOT_TOKEN: SECRETS.botToken,
      SLACK_SIGNING_SECRET: SECRETS.signingSecret,
      SLACK_API_URL: harness.slack.apiUrl,
      PORT: '0',
      APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL,
      APPROVER_USER_IDS: `${USERS.approver},${USERS.secondApprover}`,
      AZURE_TENANT_ID: harness.entra.tenantId,
      AZURE_CLIENT_ID: harness.entra.clientId,
      AZURE_CLIENT_SECRET: SECRETS.clientSecret,
      AZURE_AUTHORITY_HOST: harness.entra.authorityHost,
      AZURE_DISABLE_INSTANCE_DISCOVERY: 'true',
      GRAPH_BASE_URL: harness.graph.baseUrl,
      DEFENDER_API_URL: harness.defender.apiUrl,
      DEFENDER_API_SCOPE: DEFENDER_SCOPE,
      ...(harness.database.settings.url ? { DATABASE_URL: harness.database.settings.url } : { DATA_DIR: harness.database.settings.dataDir }),
      LOG_LEVEL: 'debug',
      ...env,
    };
    if (harness.env.SLACK_APP_TOKEN) {
      await harness.socket.start();
      harness.slack.socketMode = { appToken: harness.env.SLACK_APP_TOKEN, url: harness.socket.url };
    }
    await harness.startApp();
    return harness;
  }

  /**
   * The running app. Its reconcileNow also waits until Slack has received what the round queued
   * (the outbox sends after the round), so a test reads the thread as people would see it then.
   */
  get running(): RunningUnblock {
    const app = this.app;
    if (!app) throw new Error('the app is not running');
    return {
      ...app,
      reconcileNow: async () => {
        const report = await app.reconcileNow();
        await this.delivered();
        return report;
      },
    };
  }

  /** Waits until the Slack outbox has sent everything queued so far (joins are gathered for a few seconds first). */
  async delivered(timeoutMs = 30_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      if ((await this.prisma.slackMessage.count({ where: { state: 'pending' } })) === 0) return;
      if (Date.now() > deadline) throw new Error('the Slack outbox still has messages to send');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  get prisma() {
    if (!this.app) throw new Error('the app is not running');
    return this.app.database.prisma;
  }

  /**
   * Stops the app and starts a new instance on the same database (a process restart), with
   * `changes` applied to its settings first (a value of undefined removes the setting).
   */
  async restart(changes: Record<string, string | undefined> = {}): Promise<void> {
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete this.env[key];
      else this.env[key] = value;
    }
    const app = this.app;
    this.app = undefined;
    await app?.stop();
    await this.startApp();
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await Promise.all([this.slack.stop(), this.entra.stop(), this.graph.stop(), this.defender.stop(), this.socket.stop()]);
    await this.database?.drop();
  }

  /**
   * Sends `/portal-blocked <text>` as `userId`, with `text` as Slack sends what a user typed
   * (HTML-escaped, URLs wrapped: slackCommandText), or unchanged with `wire: true`; returns the ack
   * and the response_url id.
   */
  async command(text: string, userId: string = USERS.requester, options: { timestamp?: number; signature?: string | null; wire?: boolean } = {}) {
    const responseId = `cmd-${++this.responseCounter}`;
    const { wire, ...signing } = options;
    const reply = await postSigned({
      url: this.eventsUrl,
      secret: SECRETS.signingSecret,
      body: slashCommandBody({ text, userId, responseUrl: this.slack.responseUrl(responseId), ...(wire ? { wire } : {}) }),
      ...signing,
    });
    return { ...reply, json: reply.body ? (JSON.parse(reply.body) as { response_type?: string; text?: string }) : undefined, responseId };
  }

  /** Clicks Approve or Deny on an approval message as `userId`, with the selects as the user left them. */
  async click(decision: 'approve' | 'deny', input: { message: PostedMessage; userId: string; duration?: string; indicatorKind?: string; scope?: string; value?: string }) {
    const responseId = `act-${++this.responseCounter}`;
    const reply = await postSigned({
      url: this.eventsUrl,
      secret: SECRETS.signingSecret,
      body: blockActionBody({
        actionId: decision === 'approve' ? 'unblock_approve' : 'unblock_deny',
        value: input.value ?? requestIdOf(input.message),
        userId: input.userId,
        channelId: input.message.channel,
        messageTs: input.message.ts,
        responseUrl: this.slack.responseUrl(responseId),
        // Slack sends the message with the click: the blocks as the clicker saw them (this snapshot).
        ...(input.message.blocks ? { messageBlocks: input.message.blocks } : {}),
        ...(input.duration ? { duration: input.duration } : {}),
        ...(input.indicatorKind ? { indicatorKind: input.indicatorKind } : {}),
        ...(input.scope ? { scope: input.scope } : {}),
      }),
    });
    return { ...reply, responseId };
  }

  /** Clicks Extend, Revoke or Let it expire on an expiry reminder (or Revoke on the approval message). */
  async clickAllow(action: 'extend' | 'revoke' | 'let_expire', input: { message: PostedMessage; userId: string; requestId: string; duration?: string }) {
    const responseId = `allow-${++this.responseCounter}`;
    const onReminder = input.message.thread_ts !== undefined;
    const reply = await postSigned({
      url: this.eventsUrl,
      secret: SECRETS.signingSecret,
      body: blockActionBody({
        actionId: { extend: 'unblock_extend', revoke: 'unblock_revoke', let_expire: 'unblock_let_expire' }[action],
        value: input.requestId,
        userId: input.userId,
        channelId: input.message.channel,
        messageTs: input.message.ts,
        responseUrl: this.slack.responseUrl(responseId),
        blockId: onReminder ? 'unblock_reminder' : 'unblock_allow',
        selectActionId: 'unblock_extend_duration',
        ...(input.duration ? { duration: input.duration } : {}),
      }),
    });
    return { ...reply, responseId };
  }

  /**
   * Clicks Approve scope change or Deny on a scope-change message, as Slack sends it: the button's
   * block id is the one the message was drawn with (it names the proposal).
   */
  async clickScopeChange(decision: 'approve' | 'deny', input: { message: PostedMessage; userId: string; requestId: string }) {
    const responseId = `scope-${++this.responseCounter}`;
    const actions = (input.message.blocks ?? []).find((b) => (b as { type?: string }).type === 'actions') as { block_id: string } | undefined;
    const reply = await postSigned({
      url: this.eventsUrl,
      secret: SECRETS.signingSecret,
      body: blockActionBody({
        actionId: decision === 'approve' ? 'unblock_scope_change_approve' : 'unblock_scope_change_deny',
        value: input.requestId,
        userId: input.userId,
        channelId: input.message.channel,
        messageTs: input.message.ts,
        responseUrl: this.slack.responseUrl(responseId),
        blockId: actions?.block_id ?? 'unblock_scope_change',
      }),
    });
    return { ...reply, responseId };
  }

  /** Waits until no worker holds the request's lease (a click's activation holds it until it has told everyone). */
  async leaseReleased(requestId: string): Promise<void> {
    for (const deadline = Date.now() + 30_000; ; ) {
      const lifecycle = await this.prisma.lifecycle.findUnique({ where: { requestId } });
      if (lifecycle === null || lifecycle.leaseUntil === null) return;
      if (Date.now() > deadline) throw new Error('the request lease was never released');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits for the n-th approval message (1-based) in the approvers' channel, and for the bot to have recorded it. */
  async approvalMessage(n = 1): Promise<PostedMessage> {
    const message = await waitFor(`approval message #${n}`, () => this.slack.parents(APPROVAL_CHANNEL)[n - 1]);
    for (const deadline = Date.now() + 30_000; ; ) {
      if ((await this.prisma.unblockRequest.count({ where: { approvalMessageTs: message.ts } })) === 1) return message;
      if (Date.now() > deadline) throw new Error(`approval message #${n} was never recorded`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits for a reply on a response_url. */
  response(responseId: string, n = 1): Promise<Record<string, unknown>> {
    return waitFor(`response ${n} on ${responseId}`, () => this.slack.responsesTo(responseId)[n - 1]);
  }

  /** Current version of a posted message (after chat.update). */
  current(message: PostedMessage): PostedMessage {
    return this.slack.messages.find((m) => m.channel === message.channel && m.ts === message.ts)!;
  }

  /** Where Slack sends the bot its requests (HTTP mode). */
  get eventsUrl(): string {
    return `http://127.0.0.1:${this.running.port}/slack/events`;
  }

  /**
   * POSTs `body` as it is to the bot, signed with the bot's signing secret (unless `signature` says
   * otherwise): a form (commands, interactivity) or, with `contentType`, JSON (the Events API).
   */
  post(body: string, options: { contentType?: 'application/x-www-form-urlencoded' | 'application/json'; signature?: string | null; timestamp?: number } = {}) {
    return postSigned({ url: this.eventsUrl, secret: SECRETS.signingSecret, body, ...options });
  }

  private async startApp(): Promise<void> {
    const logger = createLogger({
      level: this.env.LOG_LEVEL ?? 'info',
      secrets: Object.values(SECRETS),
      destination: { write: (line: string) => void this.logs.push(line) },
    });
    // Reconcile rounds run when a test asks (reconcileNow), not on a timer, so tests stay deterministic.
    this.app = await startUnblock(loadConfig(this.env), {
      logger,
      reconcilerAutostart: false,
      ...(this.clock ? { clock: this.clock } : {}),
      ...(this.workLimits ? { workLimits: this.workLimits } : {}),
    });
  }
}

/** The request id carried by an approval message's Approve button (its Deny button where no Approve is offered, e.g. a C2 verdict). */
export function requestIdOf(message: PostedMessage): string {
  const actions = (message.blocks ?? []).find((b) => (b as { type?: string }).type === 'actions') as
    | { elements: Array<{ action_id: string; value?: string }> }
    | undefined;
  const approve = actions?.elements.find((e) => e.action_id === 'unblock_approve') ?? actions?.elements.find((e) => e.action_id === 'unblock_deny');
  if (!approve?.value) throw new Error('message has no Approve button');
  return approve.value;
}

/** All the text a person sees in a message: its blocks' text, fields and context, or its text. */
export function visibleText(message: PostedMessage | Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk((message as { blocks?: unknown }).blocks ?? message);
  if (parts.length === 0 && typeof (message as { text?: unknown }).text === 'string') parts.push((message as { text: string }).text);
  return parts.join('\n');
}
