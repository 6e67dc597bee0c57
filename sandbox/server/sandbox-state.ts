import type { SandboxChannel, SandboxEphemeral, SandboxMessage, SandboxState } from '../shared/sandbox-api.ts';
import { APPROVAL_CHANNEL, COMMAND_CHANNEL, SAMPLE_PORTALS, SANDBOX_USERS } from './sample-tenant.ts';
import type { SandboxClock } from './sandbox-clock.ts';
import type { ChangeCounter, SandboxDefender, SandboxSlack } from './stand-ins.ts';

/** Who a response_url belongs to and where its replies appear. */
export interface ResponseOwner {
  readonly userId: string;
  readonly channel: string;
  /** The thread of the message clicked, when it was a reply. */
  readonly threadTs?: string;
}

/** The DM channel Slack's stand-in opens between the bot and `userId` (conversations.open). */
export const dmChannelOf = (userId: string): string => `D${userId}`;

/** Every conversation the page can show: the two channels and each user's DM with the bot. */
export const SANDBOX_CHANNELS: readonly SandboxChannel[] = [
  { id: APPROVAL_CHANNEL.id, name: APPROVAL_CHANNEL.name, kind: 'channel' },
  { id: COMMAND_CHANNEL.id, name: COMMAND_CHANNEL.name, kind: 'channel' },
  ...SANDBOX_USERS.map((u) => ({ id: dmChannelOf(u.id), name: u.name, kind: 'dm' as const, userId: u.id })),
];

/**
 * What the sandbox holds, read for the page (SandboxState): the stand-ins' messages, ephemeral
 * replies, Home views and indicators, and the sandbox clock. The ephemerals are the bot's
 * acknowledgements of commands (kept here), its response_url replies and its chat.postEphemeral
 * messages (kept by the Slack stand-in).
 */
export class SandboxStateReader {
  readonly acks: SandboxEphemeral[] = [];
  readonly responseOwners = new Map<string, ResponseOwner>();
  botReady = false;
  private readonly slack: SandboxSlack;
  private readonly defender: SandboxDefender;
  private readonly clock: SandboxClock;
  private readonly changes: ChangeCounter;

  constructor(options: { slack: SandboxSlack; defender: SandboxDefender; clock: SandboxClock; changes: ChangeCounter }) {
    this.slack = options.slack;
    this.defender = options.defender;
    this.clock = options.clock;
    this.changes = options.changes;
  }

  read(): SandboxState {
    this.defender.expire();
    const now = this.clock.now().toISOString();
    const messages: SandboxMessage[] = this.slack.messages.map((m) => {
      const times = this.slack.times.get(m.ts);
      return {
        channel: m.channel,
        ts: m.ts,
        ...(m.thread_ts ? { threadTs: m.thread_ts } : {}),
        ...(m.reply_broadcast ? { broadcast: true } : {}),
        ...(m.text !== undefined ? { text: m.text } : {}),
        ...(m.blocks ? { blocks: m.blocks } : {}),
        author: 'bot',
        postedAt: times?.postedAt ?? now,
        edited: times?.edited ?? false,
      };
    });
    return {
      version: this.changes.version,
      now: this.clock.now().toISOString(),
      offsetMs: this.clock.offsetMs,
      users: SANDBOX_USERS,
      channels: SANDBOX_CHANNELS,
      approvalChannelId: APPROVAL_CHANNEL.id,
      commandChannelId: COMMAND_CHANNEL.id,
      messages,
      ephemerals: this.ephemerals(),
      homes: Object.fromEntries(SANDBOX_USERS.map((u) => [u.id, this.slack.homeOf(u.id) ? { blocks: this.slack.homeOf(u.id)!.view.blocks } : undefined])),
      indicators: [...this.defender.indicators.values()].map((indicator) => ({ ...indicator })),
      portals: SAMPLE_PORTALS,
      botReady: this.botReady,
    };
  }

  private ephemerals(): SandboxEphemeral[] {
    const replies: SandboxEphemeral[] = [];
    for (const [id, bodies] of this.slack.responses) {
      const owner = this.responseOwners.get(id);
      if (!owner) continue;
      const times = this.slack.responseTimes.get(id) ?? [];
      bodies.forEach((body, i) => {
        replies.push({
          id: `${id}.${i}`,
          userId: owner.userId,
          channel: owner.channel,
          ...(owner.threadTs ? { threadTs: owner.threadTs } : {}),
          ...(typeof body.text === 'string' ? { text: body.text } : {}),
          ...(Array.isArray(body.blocks) ? { blocks: body.blocks as unknown[] } : {}),
          postedAt: times[i] ?? this.clock.now().toISOString(),
        });
      });
    }
    const posted = this.slack.ephemerals.map((e, i) => ({
      id: `ephemeral.${i}`,
      userId: e.user,
      channel: e.channel,
      ...(e.text !== undefined ? { text: e.text } : {}),
      postedAt: this.slack.ephemeralTimes[i] ?? this.clock.now().toISOString(),
    }));
    return [...this.acks, ...replies, ...posted].sort((a, b) => a.postedAt.localeCompare(b.postedAt));
  }
}
