import { z } from 'zod';
import type { ClickedSurface } from '../../../domain/request/own-message.ts';
import { SlackUserId } from '../edge/slack-payload.ts';
import { homeBlockId } from '../blocks/home-block-ids.ts';

const SelectState = z
  .object({
    values: z.record(z.string(), z.record(z.string(), z.object({ selected_option: z.object({ value: z.string() }).nullish() }))),
  })
  .optional();

/** What Unblock reads from a block_actions payload on a message: who clicked, on which message, which request. */
const MessageClickPayload = z.object({
  user: z.object({ id: SlackUserId }),
  channel: z.object({ id: z.string() }),
  // Slack sends the message as it stands with a click on it, blocks included (block_actions payload:
  // `message`, "the message where this block action took place"): what the clicker was shown.
  message: z.object({ ts: z.string(), blocks: z.array(z.unknown()).optional().catch(undefined) }),
  actions: z.array(z.object({ value: z.uuid(), block_id: z.string().optional() })).min(1),
  state: SelectState,
});

/**
 * A click in the App Home tab: Slack sends `container.type: "view"` and the view as published, its
 * blocks and the selects' state under `view.state` (no channel, message nor response_url;
 * docs.slack.dev/reference/interaction-payloads/block_actions-payload, slack.md §9 "App Home").
 */
const HomeClickPayload = z.object({
  user: z.object({ id: SlackUserId }),
  container: z.object({ type: z.literal('view') }),
  view: z.object({ type: z.literal('home'), blocks: z.array(z.unknown()).optional().catch(undefined), state: SelectState }),
  actions: z.array(z.object({ value: z.uuid(), block_id: z.string() })).min(1),
});

export interface Click {
  readonly userId: string;
  readonly requestId: string;
  /** The message clicked, or the clicker's Home tab with the request its controls were drawn for. */
  readonly message: ClickedSurface;
  /** The block of the clicked button, as Slack sent it (untrusted); on a Home tab, without its `:<request id>`. */
  readonly blockId: string | undefined;
  /**
   * The value selected in `select` (block id, action id), if the payload carries one. On a Home tab
   * the block ids carry the request (`<block id>:<request id>`): the select read is the one drawn
   * beside the clicked button, for the same request.
   */
  readonly selected: (blockId: string, actionId: string) => string | undefined;
  /**
   * The value a select (block id, action id) showed preselected (`initial_option`) on the message
   * (or Home view) as Slack sent it with the click, if any: what an approver who left the select
   * untouched agreed to. Slack leaves an untouched select out of `state`, so this is how a click on a
   * message drawn before a change is told apart from one on the message as it is now.
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
 * user, the message (or Home tab) the click came from, and the opaque request id are trusted;
 * everything else about the request is loaded from the database. A Home tab click counts only when
 * the clicked block was drawn for the request its button names (`<block id>:<request id>`).
 */
export function parseClick(body: unknown): Click | undefined {
  const onMessage = MessageClickPayload.safeParse(body);
  if (onMessage.success) {
    const c = onMessage.data;
    return {
      userId: c.user.id,
      requestId: c.actions[0]!.value,
      message: { channelId: c.channel.id, ts: c.message.ts },
      blockId: c.actions[0]!.block_id,
      selected: (blockId, actionId) => c.state?.values[blockId]?.[actionId]?.selected_option?.value,
      shown: (blockId, actionId) => shownValue(c.message.blocks, blockId, actionId),
    };
  }
  const onHome = HomeClickPayload.safeParse(body);
  if (!onHome.success) return undefined;
  const c = onHome.data;
  const action = c.actions[0]!;
  const separator = action.block_id.lastIndexOf(':');
  const base = separator < 0 ? '' : action.block_id.slice(0, separator);
  // The block names the request it was drawn for; a button value naming another one is not this block's.
  if (separator < 0 || homeBlockId(base, action.value) !== action.block_id) return undefined;
  const requestId = action.value;
  return {
    userId: c.user.id,
    requestId,
    message: { homeTab: { requestId } },
    blockId: base,
    selected: (blockId, actionId) => c.view.state?.values[homeBlockId(blockId, requestId)]?.[actionId]?.selected_option?.value,
    shown: (blockId, actionId) => shownValue(c.view.blocks, homeBlockId(blockId, requestId), actionId),
  };
}
