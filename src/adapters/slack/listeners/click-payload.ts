import { z } from 'zod';
import { SlackUserId } from '../edge/slack-payload.ts';

/** What Unblock reads from a block_actions payload: who clicked, on which message, which request. */
const ClickPayload = z.object({
  user: z.object({ id: SlackUserId }),
  channel: z.object({ id: z.string() }),
  message: z.object({ ts: z.string() }),
  actions: z.array(z.object({ value: z.uuid(), block_id: z.string().optional() })).min(1),
  state: z
    .object({
      values: z.record(z.string(), z.record(z.string(), z.object({ selected_option: z.object({ value: z.string() }).nullish() }))),
    })
    .optional(),
});

export interface Click {
  readonly userId: string;
  readonly requestId: string;
  readonly message: { readonly channelId: string; readonly ts: string };
  /** The block of the clicked button, as Slack sent it (untrusted). */
  readonly blockId: string | undefined;
  /** The value selected in `select` (block id, action id), if the payload carries one. */
  readonly selected: (blockId: string, actionId: string) => string | undefined;
}

/**
 * Validates a button click from Slack (already signature-checked by Bolt). Only the Slack-verified
 * user, the message the click came from, and the opaque request id are trusted; everything else
 * about the request is loaded from the database.
 */
export function parseClick(body: unknown): Click | undefined {
  const parsed = ClickPayload.safeParse(body);
  if (!parsed.success) return undefined;
  const c = parsed.data;
  return {
    userId: c.user.id,
    requestId: c.actions[0]!.value,
    message: { channelId: c.channel.id, ts: c.message.ts },
    blockId: c.actions[0]!.block_id,
    selected: (blockId, actionId) => c.state?.values[blockId]?.[actionId]?.selected_option?.value,
  };
}
