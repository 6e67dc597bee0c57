import type { SandboxEphemeral, SandboxMessage, SandboxState } from '../shared/sandbox-api.ts';

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

/** The messages shown in a channel's main column: parents and replies also sent to the channel. */
export function channelMessages(state: SandboxState, channelId: string): SandboxMessage[] {
  return state.messages.filter((m) => m.channel === channelId && (m.threadTs === undefined || m.threadTs === m.ts || m.broadcast === true));
}

/** The replies in the thread under `ts` (the parent itself excluded), oldest first. */
export function threadReplies(state: SandboxState, channelId: string, ts: string): SandboxMessage[] {
  return state.messages.filter((m) => m.channel === channelId && m.threadTs === ts && m.ts !== ts);
}

/**
 * What `userId` sees in a channel, in time order: its messages and the viewer's own ephemerals
 * there (no one else's, as in Slack).
 */
export function channelEntries(state: SandboxState, channelId: string, userId: string): Entry[] {
  const messages: Entry[] = channelMessages(state, channelId).map((message) => ({ kind: 'message', message }));
  const ephemerals: Entry[] = state.ephemerals
    .filter((e) => e.channel === channelId && e.userId === userId)
    .map((ephemeral) => ({ kind: 'ephemeral', ephemeral }));
  const at = (entry: Entry): string => (entry.kind === 'message' ? entry.message.postedAt : entry.ephemeral.postedAt);
  return [...messages, ...ephemerals].sort((a, b) => at(a).localeCompare(at(b)));
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

/** "+2d 3h ahead" for a sandbox clock `offsetMs` ahead of real time; "real time" when not ahead. */
export function aheadLabel(offsetMs: number): string {
  const hours = Math.floor(offsetMs / 3_600_000);
  if (hours <= 0) return offsetMs >= 60_000 ? `+${Math.floor(offsetMs / 60_000)}m ahead` : 'real time';
  const days = Math.floor(hours / 24);
  return `+${days ? `${days}d ` : ''}${hours % 24}h ahead`;
}
