import type { MessageRef } from './request.ts';

/**
 * Whether a click came from one of a request's own messages: `own` lists them (the approval
 * message, and for allow controls also the expiry reminder; null for one not posted yet). Slack
 * names a message by channel and `ts`; a click from any other message (a copy, another request's
 * message with a forged value) is refused as `wrong_message`, so a button acts only on the request
 * whose message shows it.
 */
export function clickedOwnMessage(own: readonly (MessageRef | null)[], clicked: MessageRef): boolean {
  return own.some((ref) => ref !== null && ref.channelId === clicked.channelId && ref.ts === clicked.ts);
}
