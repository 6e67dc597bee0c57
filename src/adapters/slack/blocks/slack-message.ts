import type { types } from '@slack/bolt';

/** A message as chat.postMessage / chat.update take it: Block Kit blocks and the notification fallback text. */
export interface SlackMessage {
  /** Plain fallback for notifications and clients that cannot show blocks. */
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}
