import { waitFor } from '../http-fakes/fake-http-server.ts';
import type { PublishedView } from '../http-fakes/fake-slack.ts';
import type { Harness } from './e2e-harness.ts';
import { visibleText } from './e2e-harness.ts';
import { appHomeOpenedBody, homeActionBody } from './slack-requests.ts';

/** A Home view's blocks, loosely typed for reading. */
export type HomeBlock = { type: string; block_id?: string; text?: { text: string }; accessory?: HomeElement; elements?: HomeElement[] };
export type HomeElement = { type: string; action_id?: string; value?: string; text?: { text: string }; initial_option?: { value: string }; options?: Array<{ value: string }> };

/** Sends the Events API's app_home_opened for `userId`, signed, as JSON (the Events API posts JSON). */
export function openHome(h: Harness, userId: string, tab: 'home' | 'messages' = 'home') {
  return h.post(appHomeOpenedBody({ userId, tab }), { contentType: 'application/json' });
}

/** Waits for a view published to `userId` after `after` views of theirs, whose visible text satisfies `shows`. */
export function homeView(h: Harness, userId: string, shows: (text: string) => boolean, description = `Home of ${userId}`): Promise<PublishedView> {
  return waitFor(description, () => {
    const view = h.slack.homeOf(userId);
    return view && shows(visibleText({ blocks: view.view.blocks })) ? view : undefined;
  });
}

/** The Home view's blocks. */
export function blocksOf(view: PublishedView): HomeBlock[] {
  return view.view.blocks as HomeBlock[];
}

/** The block named `blockId` in a Home view, if any. */
export function blockNamed(view: PublishedView, blockId: string): HomeBlock | undefined {
  return blocksOf(view).find((b) => b.block_id === blockId);
}

/**
 * Clicks the button `actionId` in block `blockId` of the Home view Slack holds for `userId`, with
 * the selects as the user left them (`selected`: action id → value, in the same block), as Slack
 * sends such a click (homeActionBody). `value` overrides the button's value (a forged click).
 */
export function clickHome(h: Harness, input: { userId: string; view: PublishedView; blockId: string; actionId: string; value?: string; selected?: Record<string, string> }) {
  const block = blockNamed(input.view, input.blockId);
  const button = [...(block?.elements ?? []), ...(block?.accessory ? [block.accessory] : [])].find((e) => e.action_id === input.actionId);
  const value = input.value ?? button?.value;
  if (value === undefined) throw new Error(`no ${input.actionId} in block ${input.blockId}`);
  return h.post(
    homeActionBody({
      actionId: input.actionId,
      blockId: input.blockId,
      value,
      userId: input.userId,
      blocks: input.view.view.blocks,
      ...(input.selected ? { selected: { [input.blockId]: input.selected } } : {}),
    }),
  );
}
