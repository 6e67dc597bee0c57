import type { App } from '@slack/bolt';
import type { DecideScopeChangeInput, DecideScopeChangeRefusal } from '../../../app/decide-scope-change.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { Logger } from '../../../app/ports/runtime.ts';
import type { Result } from '../../../shared/result.ts';
import { ACTIONS, SCOPE_CHANGE_BLOCK_PREFIX } from '../action-ids.ts';
import { scopeChangeRefusalText } from '../text/scope-change-text.ts';
import type { WorkQueue } from '../work-queue.ts';
import { onClick } from './on-click.ts';

export interface ScopeChangeActionDeps {
  readonly decideScopeChange: (input: DecideScopeChangeInput) => Promise<Result<RequestView, DecideScopeChangeRefusal>>;
  /** Where each click's work waits for its turn after the ack. */
  readonly work: WorkQueue;
  readonly logger: Logger;
}

/**
 * Approve scope change and Deny on a scope-change message. The proposal the buttons were drawn for
 * comes from their block id (`SCOPE_CHANGE_BLOCK_PREFIX:<value>`); the use-case refuses it unless it
 * is the one open now.
 */
export function registerScopeChangeActions(app: App, deps: ScopeChangeActionDeps): void {
  const prefix = `${SCOPE_CHANGE_BLOCK_PREFIX}:`;
  for (const [actionId, decision] of [
    [ACTIONS.approveScopeChange, 'approve'],
    [ACTIONS.denyScopeChange, 'deny'],
  ] as const) {
    onClick(app, actionId, deps, scopeChangeRefusalText({ code: 'not_found' }), async (click) => {
      const result = await deps.decideScopeChange({
        requestId: click.requestId,
        deciderId: click.userId,
        decision,
        proposalValue: click.blockId?.startsWith(prefix) ? click.blockId.slice(prefix.length) : undefined,
        clickedMessage: click.message,
      });
      return result.ok ? undefined : scopeChangeRefusalText(result.error);
    });
  }
}
