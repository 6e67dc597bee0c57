import { z } from 'zod';
import { SlackUserId } from '../edge/slack-payload.ts';

/** What Unblock reads from a block_actions payload: who clicked, on which message, which request. */
const ClickPayload = z.object({
  user: z.object({ id: SlackUserId }),
  channel: z.object({ id: z.string() }),
  // Slack sends the message as it stands with a click on it, blocks included (block_actions payload:
  // `message`, "the message where this block action took place"): what the clicker was shown.
  message: z.object({ ts: z.string(), blocks: z.array(z.unknown()).optional().catch(undefined) }),
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
  /**
   * The value a select (block id, action id) showed preselected (`initial_option`) on the message
   * as Slack sent it with the click, if any: what an approver who left the select untouched agreed
   * to. Slack leaves an untouched select out of `state`, so this is how a click on a message drawn
   * before a change is told apart from one on the message as it is now.
   */
  readonly shown: (blockId: string, actionId: string) => string | undefined;
}

const ShownSelect = z.object({ action_id: z.string(), initial_option: z.object({ value: z.string() }) });
const ShownBlock = z.object({ block_id: z.string(), elements: z.array(z.unknown()) });

function shownValue(blocks: readonly unknown[] | undefined, blockId: string, actionId: string): string | undefined {
  for (const raw of blocks ?? []) {
    const block = ShownBlock.safeParse(raw);
    if (!block.success || block.data.block_id !== blockId) continue;
    for (const element of block.data.elements) {
      const select = ShownSelect.safeParse(element);
      if (select.success && select.data.action_id === actionId) return select.data.initial_option.value;
    }
  }
  return undefined;
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
    shown: (blockId, actionId) => shownValue(c.message.blocks, blockId, actionId),
  };
}
