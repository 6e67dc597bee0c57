import type { SandboxEphemeral, SandboxMessage, SandboxState, SandboxUser } from '../shared/sandbox-api.ts';

/** The bot's Slack user id (auth.test in the stand-in): `<@U0BOT>` reads "Unblock". */
export const BOT_USER_ID = 'U0BOT';

/** What the page shows in its main pane: a conversation, or the app's Home tab. */
export type Place = { readonly kind: 'channel'; readonly channelId: string } | { readonly kind: 'home' };

/** One line of a conversation: a message everyone in it sees, or an ephemeral only the viewer sees. */
export type Entry = { readonly kind: 'message'; readonly message: SandboxMessage } | { readonly kind: 'ephemeral'; readonly ephemeral: SandboxEphemeral };

/** The DM channel between the bot and `userId`, if the bot has opened one. */
export function dmChannelOf(state: SandboxState, userId: string): string | undefined {
  return state.channels.find((c) => c.kind === 'dm' && c.userId === userId)?.id;
}

/** The newest ts of the bot's messages in `userId`'s DM, if any. */
export function latestDmTs(state: SandboxState, userId: string): string | undefined {
  const dm = dmChannelOf(state, userId);
  return state.messages.filter((m) => m.channel === dm && m.author === 'bot').at(-1)?.ts;
}

/** How many of the bot's messages in `userId`'s DM came after `seenTs` (the newest they looked at; all when they never looked). */
export function unreadDms(state: SandboxState, userId: string, seenTs: string | undefined): number {
  const dm = dmChannelOf(state, userId);
  return state.messages.filter((m) => m.channel === dm && m.author === 'bot' && (seenTs === undefined || Number(m.ts) > Number(seenTs))).length;
}

/** The messages shown in a channel's main column: parents and replies also sent to the channel. */
export function channelMessages(state: SandboxState, channelId: string): SandboxMessage[] {
  return state.messages.filter((m) => m.channel === channelId && (m.threadTs === undefined || m.threadTs === m.ts || m.broadcast === true));
}

/** The replies in the thread under `ts` (the parent itself excluded), oldest first. */
export function threadReplies(state: SandboxState, channelId: string, ts: string): SandboxMessage[] {
  return state.messages.filter((m) => m.channel === channelId && m.threadTs === ts && m.ts !== ts);
}

/** When an entry was posted (ISO-8601). */
export function postedAtOf(entry: Entry): string {
  return entry.kind === 'message' ? entry.message.postedAt : entry.ephemeral.postedAt;
}

/** Messages and the viewer's ephemerals, merged in time order. */
function inTimeOrder(messages: readonly SandboxMessage[], ephemerals: readonly SandboxEphemeral[]): Entry[] {
  const entries: Entry[] = [...messages.map((message) => ({ kind: 'message' as const, message })), ...ephemerals.map((ephemeral) => ({ kind: 'ephemeral' as const, ephemeral }))];
  return entries.sort((a, b) => postedAtOf(a).localeCompare(postedAtOf(b)));
}

/**
 * What `userId` sees in a channel, in time order: its messages and the viewer's own ephemerals
 * there (no one else's, as in Slack); an ephemeral answering a click in a thread shows in the thread.
 */
export function channelEntries(state: SandboxState, channelId: string, userId: string): Entry[] {
  return inTimeOrder(
    channelMessages(state, channelId),
    state.ephemerals.filter((e) => e.channel === channelId && e.userId === userId && e.threadTs === undefined),
  );
}

/** What `userId` sees in the thread under `ts`: its replies and the viewer's ephemerals there, in time order. */
export function threadEntries(state: SandboxState, channelId: string, ts: string, userId: string): Entry[] {
  return inTimeOrder(
    threadReplies(state, channelId, ts),
    state.ephemerals.filter((e) => e.channel === channelId && e.userId === userId && e.threadTs === ts),
  );
}

/** The roles that are in the approvers' channel. */
const APPROVER_ROLES: ReadonlySet<SandboxUser['role']> = new Set(['approver', 'second approver']);

/** Is `userId` in the approvers' channel (an approver or the second approver)? */
export function seesApprovals(state: Pick<SandboxState, 'users'>, userId: string): boolean {
  const role = state.users.find((u) => u.id === userId)?.role;
  return role !== undefined && APPROVER_ROLES.has(role);
}

/**
 * Where `userId` is taken when the page opens or switches to them: `wanted` if they may be there
 * (their own DM stands in for another person's), else approvers land on the approvers' channel and
 * everyone else on #general.
 */
export function placeFor(state: Pick<SandboxState, 'users' | 'channels' | 'approvalChannelId' | 'commandChannelId'>, userId: string, wanted?: Place): Place {
  const approver = seesApprovals(state, userId);
  const landing: Place = { kind: 'channel', channelId: approver ? state.approvalChannelId : state.commandChannelId };
  if (!wanted) return landing;
  if (wanted.kind === 'home') return wanted;
  if (wanted.channelId === state.approvalChannelId) return approver ? wanted : landing;
  if (wanted.channelId === state.commandChannelId) return wanted;
  const dm = state.channels.find((c) => c.kind === 'dm' && c.userId === userId)?.id ?? `D${userId}`;
  return { kind: 'channel', channelId: dm };
}

/** Users and channels as slack-blocks-to-jsx resolves mentions: the bot is "Unblock". */
export function mentionData(state: Pick<SandboxState, 'users' | 'channels' | 'commandChannelId'>): { users: Array<{ id: string; name: string }>; channels: Array<{ id: string; name: string }> } {
  return {
    users: [{ id: BOT_USER_ID, name: 'Unblock' }, ...state.users.map((u) => ({ id: u.id, name: u.name }))],
    channels: [
      ...state.channels.filter((c) => c.kind === 'channel').map((c) => ({ id: c.id, name: c.name })),
      ...(state.channels.some((c) => c.id === state.commandChannelId) ? [] : [{ id: state.commandChannelId, name: 'general' }]),
    ],
  };
}

/** "+2d 3h ahead", "+1d ahead", "+5m ahead" (zero parts dropped) for a sandbox clock `offsetMs` ahead of real time; "real time" when not ahead. */
export function aheadLabel(offsetMs: number): string {
  const hours = Math.floor(offsetMs / 3_600_000);
  if (hours <= 0) return offsetMs >= 60_000 ? `+${Math.floor(offsetMs / 60_000)}m ahead` : 'real time';
  const days = Math.floor(hours / 24);
  const parts = [days ? `${days}d` : '', hours % 24 ? `${hours % 24}h` : ''].filter(Boolean);
  return `+${parts.join(' ')} ahead`;
}

/** The sandbox clock as the top bar shows it: "Wed, Dec 2, 9:41 AM", with the year when it is not the real clock's year. */
export function clockLabel(now: string, offsetMs: number, timeZone?: string): string {
  const at = new Date(now);
  const real = new Date(at.getTime() - offsetMs);
  const yearOf = (d: Date): string => d.toLocaleString('en-US', { year: 'numeric', ...(timeZone ? { timeZone } : {}) });
  const year = yearOf(at) === yearOf(real) ? {} : { year: 'numeric' as const };
  return at.toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', ...year, hour: 'numeric', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
}

/** Why the page will not send `duration` to move the clock (it only moves forward), if it will not. */
export function durationProblem(duration: string): string | undefined {
  if (duration.includes('-')) return `The sandbox clock only moves forward: "${duration}" would move it back.`;
  return undefined;
}
