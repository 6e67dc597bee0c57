import { useState } from 'react';
import type { ActionInput } from '../shared/sandbox-api.ts';
import { api } from './api-client.ts';
import type { KitBlock } from './block-kit.ts';
import { actionInput, BlockSurface } from './block-surface.tsx';
import type { BlockAction } from './click-to-action.ts';
import { SelectStateStore } from './select-state.ts';

/** The selects every user changed on every surface, for as long as the page is open (as Slack's client keeps them). */
const selectStates = new SelectStateStore();

/**
 * A message or Home view the viewer can act on: draws it (BlockSurface), keeps the viewer's select
 * choices for it, and sends each action to the sandbox as Slack would send block_actions.
 */
export function InteractiveSurface({ blocks, userId, surface }: { blocks: readonly KitBlock[]; userId: string; surface: ActionInput['surface'] }) {
  const surfaceKey = `${userId}|${surface.kind === 'home' ? 'home' : `${surface.channel}|${surface.ts}`}`;
  const blocksKey = JSON.stringify(blocks);
  const [, redraw] = useState(0);
  const [problem, setProblem] = useState<string>();
  const send = (action: BlockAction): void => {
    setProblem(undefined);
    api
      .action(actionInput(userId, surface, action, selectStates.get(surfaceKey, blocksKey), blocks))
      .then((result) => setProblem(result.ok ? undefined : (result.error ?? `the bot answered ${result.status ?? 'an error'}`)))
      .catch((e: unknown) => setProblem(String(e)));
  };
  const onChoose = (blockId: string, action: BlockAction): void => {
    if (action.selectedOption) selectStates.choose(surfaceKey, blocksKey, blockId, action.actionId, action.selectedOption);
    redraw((n) => n + 1);
    send(action);
  };
  return (
    <>
      <BlockSurface blocks={blocks} selects={selectStates.get(surfaceKey, blocksKey)} onChoose={onChoose} onAction={send} />
      {problem && <div className="ub-problem">Action not delivered: {problem}</div>}
    </>
  );
}
