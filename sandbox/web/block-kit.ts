/**
 * The little of Block Kit the page reads itself (the library draws the rest): blocks, their
 * interactive elements, and the block and element types the page supports.
 */

/** A Block Kit composition text object. */
export interface TextObject {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
}

/** A static select's option. */
export interface OptionObject {
  readonly text: TextObject;
  readonly value: string;
}

/** An interactive or display element, as far as the page reads it. */
export interface BlockElement {
  readonly type: string;
  readonly action_id?: string;
  readonly value?: string;
  readonly text?: TextObject;
  readonly confirm?: unknown;
  readonly options?: readonly OptionObject[];
  readonly option_groups?: ReadonlyArray<{ readonly options: readonly OptionObject[] }>;
  readonly initial_option?: OptionObject;
  readonly placeholder?: TextObject;
}

/** A block, as far as the page reads it. */
export interface KitBlock {
  readonly type: string;
  readonly block_id?: string;
  readonly elements?: readonly BlockElement[];
  readonly accessory?: BlockElement;
  readonly fields?: readonly TextObject[];
  readonly text?: TextObject;
}

/**
 * The block types the page draws, each one slack-blocks-to-jsx renders (its readme's "Supported
 * Blocks"): what Unblock sends today, plus the common layout blocks.
 */
export const SUPPORTED_BLOCK_TYPES: ReadonlySet<string> = new Set(['header', 'section', 'context', 'actions', 'divider', 'rich_text', 'image']);

/**
 * The element types the page draws and can report: buttons through the library (their clicks are
 * captured), static selects through our own `StaticSelect`, text and images inside context blocks.
 */
export const SUPPORTED_ELEMENT_TYPES: ReadonlySet<string> = new Set(['button', 'static_select', 'mrkdwn', 'plain_text', 'image']);

/** Slack's stand-in for a block sent without `block_id`: the page's and the server's (sandbox-api.ts). */
export { blockIdOf } from '../shared/sandbox-api.ts';

/** The interactive elements of a block: an actions block's elements, or a section's accessory. */
export function elementsOf(block: KitBlock): readonly BlockElement[] {
  if (block.type === 'actions') return block.elements ?? [];
  return block.accessory ? [block.accessory] : [];
}

/** Every option of a static select, grouped or not. */
export function optionsOf(element: BlockElement): readonly OptionObject[] {
  return element.options ?? element.option_groups?.flatMap((g) => g.options) ?? [];
}

/** A message's blocks, or its text drawn as one mrkdwn section (as Slack shows a text-only message). */
export function blocksOrText(blocks: readonly unknown[] | undefined, text: string | undefined): KitBlock[] {
  if (blocks && blocks.length > 0) return blocks as KitBlock[];
  return [{ type: 'section', text: { type: 'mrkdwn', text: text ?? '' } }];
}
