/**
 * What the sandbox's web page and its server say to each other (JSON over loopback HTTP).
 * The server (sandbox/server) keeps the stand-ins for Slack, Entra, Graph and Defender and the
 * sandbox clock; the page (sandbox/web) draws what Slack would show each user and sends what a
 * person does there back as Slack would send it to the bot (signed slash commands, block_actions,
 * app_home_opened).
 *
 * GET  /api/state                → SandboxState (the page polls it; `version` changes on every change)
 * POST /api/command              CommandInput → CommandResult
 * POST /api/action               ActionInput → ActionResult
 * POST /api/home-opened          { userId } → { ok: true }
 * POST /api/clock                ClockInput → { ok: true, now }
 * Errors: HTTP 400 `{ ok: false, error }` (bad input, changes nothing).
 */

/** One of the sandbox's people; the page's user switcher picks whose Slack it shows. */
export interface SandboxUser {
  /** Slack user id, e.g. `U0AMIRA`; `<@U0AMIRA>` in mrkdwn is shown as `@name`. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** What the person is in the story: requester, approver, second approver or someone else. */
  readonly role: 'requester' | 'approver' | 'second approver' | 'someone else';
}

/** A Slack conversation the sandbox shows: the approvers' channel or a user's DM with the bot. */
export interface SandboxChannel {
  readonly id: string;
  /** `security-approvals` for the channel; the user's name for a DM. */
  readonly name: string;
  readonly kind: 'channel' | 'dm';
  /** For a DM: whose DM with the bot it is. */
  readonly userId?: string;
}

/** A message as Slack holds it (chat.postMessage, then chat.update). */
export interface SandboxMessage {
  readonly channel: string;
  readonly ts: string;
  /** Set on replies in a thread: the parent's ts. */
  readonly threadTs?: string;
  /** Also shown in the channel (reply_broadcast). */
  readonly broadcast?: boolean;
  /** mrkdwn; the notification fallback when `blocks` is set, the message itself otherwise. */
  readonly text?: string;
  /** Block Kit blocks as the bot sent them. */
  readonly blocks?: unknown[];
  /** Who wrote it: `bot` (Unblock) or a user id. */
  readonly author: string;
  /** When it was posted, UTC instant (ISO-8601) on the sandbox clock; `edited` when chat.update changed it. */
  readonly postedAt: string;
  readonly edited: boolean;
}

/** An ephemeral reply only one user sees (slash-command ack, response_url post, chat.postEphemeral). */
export interface SandboxEphemeral {
  readonly id: string;
  readonly userId: string;
  /** The conversation it appears in (the channel the command was typed in, or the approvers' channel). */
  readonly channel: string;
  /** Set when it answers a click on a message in a thread: the thread's parent ts (it shows there). */
  readonly threadTs?: string;
  readonly text?: string;
  readonly blocks?: unknown[];
  readonly postedAt: string;
}

/** An indicator as Defender holds it (GET /api/indicators), as the sandbox's stand-in answers it. */
export interface SandboxIndicator {
  readonly id: string;
  readonly indicatorValue: string;
  readonly indicatorType: string;
  readonly action: string;
  readonly title?: string;
  readonly description?: string;
  readonly expirationTime: string | null;
  readonly rbacGroupNames?: string[];
  readonly createdBy?: string;
  readonly [field: string]: unknown;
}

/** A portal of the sample tenant, with the cause Defender's hunting rows give for blocking it. */
export interface SamplePortal {
  readonly url: string;
  /** One line, e.g. "Organisation block list (CustomBlockList) on 3 devices in 2 device groups". */
  readonly story: string;
}

/** Everything the page shows, read at once. */
export interface SandboxState {
  /** Changes whenever anything below changes (the page redraws only then). */
  readonly version: number;
  /** The sandbox clock: the bot's "now", UTC instant (ISO-8601); `<!date^…>` is shown against it. */
  readonly now: string;
  /** How far the sandbox clock is ahead of the real one (ms). */
  readonly offsetMs: number;
  readonly users: readonly SandboxUser[];
  readonly channels: readonly SandboxChannel[];
  /** The approvers' channel (APPROVAL_CHANNEL_ID). */
  readonly approvalChannelId: string;
  /** The channel slash commands are typed in (`#general`). */
  readonly commandChannelId: string;
  /** Every message in every conversation (channel messages, thread replies, DMs), oldest first. */
  readonly messages: readonly SandboxMessage[];
  /** Ephemeral replies, oldest first. */
  readonly ephemerals: readonly SandboxEphemeral[];
  /** Each user's App Home tab as last published (views.publish), if ever. */
  readonly homes: Readonly<Record<string, { readonly blocks: unknown[] } | undefined>>;
  /** The indicators Defender holds now (expired ones are gone, as in Defender). */
  readonly indicators: readonly SandboxIndicator[];
  readonly portals: readonly SamplePortal[];
  /** Is the bot up (its /readyz answers)? */
  readonly botReady: boolean;
}

/** A slash command typed by `userId` in `#general`: `/portal-blocked <text>`. */
export interface CommandInput {
  readonly userId: string;
  /** What the user typed after `/portal-blocked`, possibly nothing (Slack escapes and links it on the way). */
  readonly text: string;
}

export interface CommandResult {
  readonly ok: boolean;
  /** The bot's immediate ephemeral answer (its ack body), also added to the ephemerals. */
  readonly reply?: string;
  readonly error?: string;
}

/** The selects' state Slack sends with a click: `{ [block_id]: { [action_id]: { type, selected_option } } }`. */
export type SelectState = Record<string, Record<string, { readonly type: 'static_select'; readonly selected_option: { readonly text: { readonly type: 'plain_text'; readonly text: string }; readonly value: string } }>>;

/** A click (button) or a choice (static select) by `userId` on a message or on their App Home. */
export interface ActionInput {
  readonly userId: string;
  readonly surface: { readonly kind: 'message'; readonly channel: string; readonly ts: string } | { readonly kind: 'home' };
  readonly blockId: string;
  readonly actionId: string;
  readonly type: 'button' | 'static_select';
  /** The button's value. */
  readonly value?: string;
  /** The option chosen in a static select. */
  readonly selectedOption?: { readonly value: string; readonly text: string };
  /** The selects the user changed on that message or view (only those, as Slack sends it). */
  readonly state: SelectState;
  /**
   * The blocks as the clicker's page drew them (Slack sends the message as the clicker saw it, so a
   * click on a message changed since is still delivered, and the bot itself refuses it); the server's
   * copy when absent.
   */
  readonly blocks?: unknown[];
}

export interface ActionResult {
  readonly ok: boolean;
  /** The HTTP status the bot answered Slack's request with. */
  readonly status?: number;
  readonly error?: string;
}

/** Moves the sandbox clock forward by an ISO-8601 duration (`PT1H`, `P1D`); never back. */
export interface ClockInput {
  readonly advance: string;
}

/**
 * The block id the page and the server agree on for a block sent without `block_id` (Slack makes up
 * a random one; ours is stable): `block-<index in the surface>`. A click names its block by it, and
 * the server looks the control up in that block only.
 */
export function blockIdOf(block: { readonly block_id?: string | undefined }, index: number): string {
  return block.block_id ?? `block-${index}`;
}
