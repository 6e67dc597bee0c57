import type { MessageRef } from './request.ts';

/**
 * A click on the clicker's own App Home tab, on controls Unblock drew there for `requestId` (the
 * clicked block's id names the request, see parseClick). Slack sends Home clicks without a channel
 * or message (block_actions `container.type: "view"`), and keeps published views on its side, so the
 * blocks a Home click reports are the ones Unblock published to that user.
 */
export interface HomeTabClick {
  readonly homeTab: { readonly requestId: string };
}

/** Where a click came from: one of Unblock's messages (channel and ts), or a Home tab. */
export type ClickedSurface = MessageRef | HomeTabClick;

/** Whether a click came from a Home tab. */
export function isHomeTabClick(clicked: ClickedSurface): clicked is HomeTabClick {
  return 'homeTab' in clicked;
}

/**
 * Whether a click came from one of a request's own messages: `own` lists them (the approval
 * message, and for allow controls also the expiry reminder; null for one not posted yet). Slack
 * names a message by channel and `ts`; a click from any other message (a copy, another request's
 * message with a forged value) is refused as `wrong_message`, so a button acts only on the request
 * whose message shows it.
 *
 * From a Home tab, the equivalent: the clicked controls were drawn for this very request
 * (`requestId`), so a button's value cannot act on another request than the one its block names.
 * Who may click is judged by the use-case as for a click in the channel (approvers only …).
 */
export function clickedOwnMessage(own: readonly (MessageRef | null)[], clicked: ClickedSurface, requestId?: string): boolean {
  if (isHomeTabClick(clicked)) return requestId !== undefined && clicked.homeTab.requestId === requestId;
  return own.some((ref) => ref !== null && ref.channelId === clicked.channelId && ref.ts === clicked.ts);
}
