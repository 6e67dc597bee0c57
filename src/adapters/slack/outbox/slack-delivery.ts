import type { webApi } from '@slack/bolt';
import type { RequestRecords } from '../../../app/ports/request-records.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { DecisionPolicy } from '../../../domain/request/approval-rule.ts';
import type { MessageRef } from '../../../domain/request/request.ts';
import { renderApprovalMessage } from '../blocks/approval-message.ts';
import { renderReportersNote } from '../text/reporters-note.ts';
import type { HomeView } from '../blocks/home-view.ts';
import type { Delivery, OutboxMessage, OutboxStore, SlackPayload } from './outbox-store.ts';

type WebClient = webApi.WebClient;

/** What became of one delivery attempt that did not throw. */
export type DeliveryResult =
  | { readonly kind: 'delivered'; readonly delivery: Delivery }
  /** Its parent (the approval message, the reminder) is still on its way: try again soon. */
  | { readonly kind: 'not_ready' }
  /** It has nowhere to go any more (the request closed before its message was sent, …). */
  | { readonly kind: 'obsolete'; readonly reason: string };

const NOT_READY = { kind: 'not_ready' } as const;
const READY = { kind: 'ready' } as const;

/** Conversations opened for DMs, by user id (conversations.open is Tier 3: ask once per user). */
const DM_CHANNELS_KEPT = 5_000;

/**
 * Sends one queued message with the Slack Web API: renders the kinds that are rendered when sent
 * (from the request as it is now), finds the thread a reply belongs in, opens DMs. Throws the Web
 * API's error when Slack refuses (see classifySlackFailure).
 */
export class SlackDelivery {
  private readonly client: WebClient;
  private readonly store: Pick<RequestRecords, 'view'>;
  private readonly outbox: Pick<OutboxStore, 'hasPending'>;
  private readonly policy: DecisionPolicy;
  private readonly dmChannels = new Map<string, string>();
  private readonly home: ((userId: string) => Promise<HomeView>) | undefined;

  /** `home`: renders a user's App Home tab from the database as it is now (for `home_refresh`). */
  constructor(options: {
    client: WebClient;
    store: Pick<RequestRecords, 'view'>;
    outbox: Pick<OutboxStore, 'hasPending'>;
    decisionPolicy: DecisionPolicy;
    home?: (userId: string) => Promise<HomeView>;
  }) {
    this.client = options.client;
    this.home = options.home;
    this.store = options.store;
    this.outbox = options.outbox;
    this.policy = options.decisionPolicy;
  }

  /**
   * Whether the message can be sent now, without calling Slack: its parent exists, its request
   * still wants it. Asked before a send slot is taken, so waiting messages never use the lane's pace.
   */
  async readiness(message: OutboxMessage): Promise<Exclude<DeliveryResult, { kind: 'delivered' }> | { kind: 'ready' }> {
    if (message.kind === 'direct_message') return message.recipient ? READY : { kind: 'obsolete', reason: 'no recipient' };
    if (message.kind === 'home_refresh') {
      if (!message.recipient) return { kind: 'obsolete', reason: 'no recipient' };
      // Queued by a change to a request still being set up: wait for the change to be recorded.
      const changed = message.requestId === null ? null : await this.store.view(message.requestId);
      return changed?.request.status === 'investigating' ? NOT_READY : READY;
    }
    const view = message.requestId === null ? null : await this.store.view(message.requestId);
    if (!view) return { kind: 'obsolete', reason: 'request not found' };
    const { request } = view;
    if (message.kind === 'approval_message') {
      if (request.approvalMessage || request.status === 'pending_approval') return READY;
      return request.status === 'investigating' ? NOT_READY : { kind: 'obsolete', reason: `request ${request.status} before its approval message was sent` };
    }
    if (message.kind === 'reminder_settle') {
      if (view.lifecycle?.reminder) return READY;
      return (await this.outbox.hasPending(request.id, 'reminder')) ? NOT_READY : { kind: 'obsolete', reason: 'the reminder was never posted' };
    }
    if (message.kind === 'scope_change_settle') {
      if (request.scopeChangeMessage) return READY;
      return (await this.outbox.hasPending(request.id, 'scope_change')) ? NOT_READY : { kind: 'obsolete', reason: 'the scope-change message was never posted' };
    }
    if (request.approvalMessage) return READY;
    if (request.status === 'investigating' || (await this.outbox.hasPending(request.id, 'approval_message'))) return NOT_READY;
    return { kind: 'obsolete', reason: 'the request has no approval message' };
  }

  async deliver(message: OutboxMessage): Promise<DeliveryResult> {
    const readiness = await this.readiness(message);
    if (readiness.kind !== 'ready') return readiness;
    if (message.kind === 'direct_message') return this.directMessage(message);
    if (message.kind === 'home_refresh') return this.publishHome(message.recipient!);
    const view = message.requestId === null ? null : await this.store.view(message.requestId);
    if (!view) return { kind: 'obsolete', reason: 'request not found' };
    switch (message.kind) {
      case 'approval_message':
        return this.approvalMessage(message, view);
      case 'approval_refresh':
        return this.withParent(view, async (parent) => {
          await this.client.chat.update({ channel: parent.channelId, ts: parent.ts, ...renderApprovalMessage(view, this.policy) });
          return { ref: null };
        });
      case 'reporters_note':
        return this.withParent(view, async (parent) => {
          const joined = view.reporters.filter((r) => !r.announcedAt);
          if (joined.length === 0) return { ref: null };
          const ref = await this.post({ channel: parent.channelId, thread_ts: parent.ts, text: renderReportersNote(joined) });
          return { ref, namedReporterIds: joined.map((r) => r.userId) };
        });
      case 'thread_note':
      case 'reminder':
      case 'scope_change':
        return this.withParent(view, async (parent) => ({ ref: await this.post({ channel: parent.channelId, thread_ts: parent.ts, ...payloadOf(message) }) }));
      case 'reminder_settle': {
        const reminder = view.lifecycle?.reminder;
        if (!reminder) return NOT_READY;
        await this.client.chat.update({ channel: reminder.channelId, ts: reminder.ts, ...payloadOf(message) });
        return { kind: 'delivered', delivery: { ref: null } };
      }
      case 'scope_change_settle': {
        const posted = view.request.scopeChangeMessage;
        if (!posted) return NOT_READY;
        await this.client.chat.update({ channel: posted.channelId, ts: posted.ts, ...payloadOf(message) });
        return { kind: 'delivered', delivery: { ref: null } };
      }
    }
  }

  /**
   * Rendered now, so it counts everyone who reported the target until this moment. Its list of the
   * newest reporters changes with every update, so only the requester counts as named by it: the
   * others are named for good by the reporters note their joins queued behind it.
   */
  private async approvalMessage(message: OutboxMessage, view: RequestView): Promise<DeliveryResult> {
    const { request } = view;
    // Posted before (the answer was lost in a crash after recording it): never twice.
    if (request.approvalMessage) return { kind: 'delivered', delivery: { ref: request.approvalMessage } };
    const ref = await this.post({ channel: message.lane, ...renderApprovalMessage(view, this.policy) });
    return { kind: 'delivered', delivery: { ref, namedReporterIds: [request.requesterId] } };
  }

  /** Thread replies and updates wait for the approval message they belong to. */
  private async withParent(view: RequestView, send: (parent: MessageRef) => Promise<Delivery>): Promise<DeliveryResult> {
    const parent = view.request.approvalMessage;
    return parent ? { kind: 'delivered', delivery: await send(parent) } : NOT_READY;
  }

  /**
   * Publishes `userId`'s Home tab, rendered now from the database, so a refresh queued long ago
   * never shows a stale list (views.publish: `user_id` and `view`; docs.slack.dev/reference/methods/views.publish).
   */
  private async publishHome(userId: string): Promise<DeliveryResult> {
    if (!this.home) return { kind: 'obsolete', reason: 'App Home is not wired in this process' };
    const view = await this.home(userId);
    await this.client.views.publish({ user_id: userId, view: view as Parameters<WebClient['views']['publish']>[0]['view'] });
    return { kind: 'delivered', delivery: { ref: null } };
  }

  private async directMessage(message: OutboxMessage): Promise<DeliveryResult> {
    const channel = await this.dmChannel(message.recipient!);
    return { kind: 'delivered', delivery: { ref: await this.post({ channel, ...payloadOf(message) }) } };
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const opened = await this.client.conversations.open({ users: userId });
    const channel = opened.channel?.id ?? userId;
    if (this.dmChannels.size >= DM_CHANNELS_KEPT) this.dmChannels.delete(this.dmChannels.keys().next().value!);
    this.dmChannels.set(userId, channel);
    return channel;
  }

  private async post(args: { channel: string; thread_ts?: string; text: string; blocks?: readonly unknown[]; reply_broadcast?: boolean }): Promise<MessageRef> {
    const posted = await this.client.chat.postMessage(args as Parameters<WebClient['chat']['postMessage']>[0]);
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    return { channelId: posted.channel ?? args.channel, ts: posted.ts };
  }
}

function payloadOf(message: OutboxMessage): SlackPayload {
  if (!message.payload) throw new Error(`queued ${message.kind} has no payload`);
  return message.payload;
}
