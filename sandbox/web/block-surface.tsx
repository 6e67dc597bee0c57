import { useEffect, useRef, type MouseEvent } from 'react';
import { Message } from 'slack-blocks-to-jsx';
import type { Block } from 'slack-blocks-to-jsx';
import type { ActionInput, SelectState } from '../shared/sandbox-api.ts';
import { blockIdOf, type BlockElement, type KitBlock } from './block-kit.ts';
import { clickMeaning, labelConfirmDialogs, type BlockAction } from './click-to-action.ts';
import { blockForLibrary } from './mrkdwn-text.tsx';
import { useSlackKit } from './slack-kit.tsx';
import { StaticSelect } from './static-select.tsx';

/** One drawn surface (a message or a Home view): its blocks and what the viewer's clicks send. */
export interface BlockSurfaceProps {
  readonly blocks: readonly KitBlock[];
  /** The selects the viewer changed on this surface (select-state.ts). */
  readonly selects: SelectState;
  /** A select was changed: record it (and send the static_select action, as Slack does). */
  readonly onChoose: (blockId: string, action: BlockAction) => void;
  /** A button was clicked (and confirmed, when it asks to be). */
  readonly onAction: (action: BlockAction) => void;
}

/** The library's root around our own element, so its scoped Tailwind classes apply to it. */
function LibraryScope({ children }: { children: React.ReactNode }) {
  return (
    <div id="slack_blocks_to_jsx" data-theme="light" className="slack_blocks_to_jsx styles_enabled ub-scope">
      {children}
    </div>
  );
}

/** One block through the library. */
function LibraryBlock({ block }: { block: KitBlock }) {
  const { data, hooks, clockKey } = useSlackKit();
  return <Message key={clockKey} blocks={[blockForLibrary(block) as unknown as Block]} name="Unblock" logo="" theme="light" withoutWrapper data={data} hooks={hooks} />;
}

/** An actions block holding static selects: our selects, the other elements through the library, in order. */
function ActionsWithSelects({ block, index, selects, onChoose }: { block: KitBlock; index: number } & Pick<BlockSurfaceProps, 'selects' | 'onChoose'>) {
  const blockId = blockIdOf(block, index);
  const runs: Array<{ select?: BlockElement; others?: BlockElement[] }> = [];
  for (const element of block.elements ?? []) {
    const last = runs.at(-1);
    if (element.type === 'static_select') runs.push({ select: element });
    else if (last?.others) last.others.push(element);
    else runs.push({ others: [element] });
  }
  return (
    <div className="ub-actions">
      {runs.map((run, i) =>
        run.select ? (
          <LibraryScope key={i}>
            <div className="mt-2 mr-2">
              <StaticSelect
                element={run.select}
                selected={(() => {
                  const chosen = selects[blockId]?.[run.select.action_id ?? '']?.selected_option;
                  return chosen ? { value: chosen.value, text: chosen.text.text } : undefined;
                })()}
                onChoose={(option) =>
                  onChoose(blockId, { blockId, actionId: run.select?.action_id ?? '', type: 'static_select', selectedOption: option })
                }
              />
            </div>
          </LibraryScope>
        ) : (
          <div key={i} className="ub-inline">
            <LibraryBlock block={{ type: 'actions', ...(block.block_id ? { block_id: block.block_id } : {}), elements: run.others ?? [] }} />
          </div>
        ),
      )}
    </div>
  );
}

/**
 * Draws Block Kit with slack-blocks-to-jsx, one block at a time in a `data-block-index` wrapper, and
 * turns the viewer's clicks into block actions: the library reports none, so clicks are caught on
 * the way down (onClickCapture) and mapped back to the blocks (click-to-action.ts). A button with a
 * confirm object is sent only when the library's dialog is confirmed.
 */
export function BlockSurface({ blocks, selects, onChoose, onAction }: BlockSurfaceProps) {
  const pending = useRef<BlockAction | undefined>(undefined);
  const drawn = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The library opens its confirm dialog from its own state: label it whenever it appears.
    const root = drawn.current;
    if (!root) return undefined;
    const observer = new MutationObserver(() => labelConfirmDialogs(root));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  const onClickCapture = (event: MouseEvent<HTMLDivElement>): void => {
    const meaning = clickMeaning(event.target as Element, blocks);
    if (meaning.kind === 'send') onAction(meaning.action);
    else if (meaning.kind === 'await_confirm') pending.current = meaning.action;
    else if (meaning.kind === 'confirm' && pending.current) {
      onAction(pending.current);
      pending.current = undefined;
    } else if (meaning.kind === 'cancel') pending.current = undefined;
  };
  return (
    <div ref={drawn} className="ub-blocks" onClickCapture={onClickCapture}>
      {blocks.map((block, index) => (
        <div key={index} data-block-index={index} data-block-type={block.type}>
          {block.type === 'actions' && block.elements?.some((e) => e.type === 'static_select') ? (
            <ActionsWithSelects block={block} index={index} selects={selects} onChoose={onChoose} />
          ) : (
            <LibraryBlock block={block} />
          )}
        </div>
      ))}
    </div>
  );
}

/** The action input for a surface: who, where, what, the selects the viewer changed there, and the blocks drawn. */
export function actionInput(userId: string, surface: ActionInput['surface'], action: BlockAction, state: SelectState, blocks: readonly KitBlock[]): ActionInput {
  // The blocks as drawn: Slack sends the message as the clicker saw it, so a stale click is still delivered.
  return { userId, surface, ...action, state, blocks: [...blocks] };
}
