import type { ActionInput } from '../shared/sandbox-api.ts';
import { blockIdOf, elementsOf, type KitBlock } from './block-kit.ts';

/** A block action as the page sends it, without who and where (the surface adds those). */
export type BlockAction = Pick<ActionInput, 'blockId' | 'actionId' | 'type' | 'value' | 'selectedOption'>;

/** What a click inside a drawn message means. */
export type ClickMeaning =
  /** A button without a confirm object: send it now. */
  | { readonly kind: 'send'; readonly action: BlockAction }
  /** A button with a confirm object: the library opens its dialog; send only on its confirm button. */
  | { readonly kind: 'await_confirm'; readonly action: BlockAction }
  /** The confirm dialog's last button. */
  | { readonly kind: 'confirm' }
  /** The confirm dialog's other button (Cancel). */
  | { readonly kind: 'cancel' }
  | { readonly kind: 'nothing' };

/** The library's confirm dialog (slack-blocks-to-jsx `confirm_dialog.tsx`). */
export const CONFIRM_DIALOG_SELECTOR = '.slack_blocks_to_jsx__confirm_dialog';

/** Our wrapper around each drawn block: `data-block-index` is the block's position in the message. */
export const BLOCK_SELECTOR = '[data-block-index]';

/**
 * Maps a click in the DOM slack-blocks-to-jsx drew back to the Block Kit element it came from: the
 * library gives a button `id = action_id` and draws each block in our `data-block-index` wrapper,
 * and draws a confirm dialog whose last button confirms. Selects are ours (static-select.tsx) and
 * report themselves.
 */
export function clickMeaning(target: Element, blocks: readonly KitBlock[]): ClickMeaning {
  const button = target.closest('button');
  if (!button) return { kind: 'nothing' };
  const dialog = button.closest(CONFIRM_DIALOG_SELECTOR);
  if (dialog) {
    const buttons = dialog.querySelectorAll('button');
    return buttons[buttons.length - 1] === button ? { kind: 'confirm' } : { kind: 'cancel' };
  }
  const index = Number(button.closest(BLOCK_SELECTOR)?.getAttribute('data-block-index'));
  const block = blocks[index];
  if (!block || !button.id) return { kind: 'nothing' };
  const element = elementsOf(block).find((e) => e.type === 'button' && e.action_id === button.id);
  if (!element) return { kind: 'nothing' };
  const action: BlockAction = {
    blockId: blockIdOf(block, index),
    actionId: button.id,
    type: 'button',
    ...(element.value !== undefined ? { value: element.value } : {}),
  };
  return element.confirm ? { kind: 'await_confirm', action } : { kind: 'send', action };
}

let dialogIds = 0;

/**
 * Makes the library's confirm dialogs under `root` dialogs to assistive technology: its box (1.1.1
 * draws a plain div) gets `role="dialog"`, `aria-modal` and `aria-labelledby` naming its title.
 * Idempotent; run it whenever the DOM under `root` changes.
 */
export function labelConfirmDialogs(root: ParentNode): void {
  for (const dialog of root.querySelectorAll(CONFIRM_DIALOG_SELECTOR)) {
    const box = dialog.querySelector(':scope > div.relative') ?? dialog;
    if (box.getAttribute('role') === 'dialog') continue;
    const title = box.querySelector(':scope > div:first-child .font-semibold') ?? box.firstElementChild;
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'true');
    if (title) {
      if (!title.id) title.id = `ub-confirm-title-${++dialogIds}`;
      box.setAttribute('aria-labelledby', title.id);
    }
  }
}
