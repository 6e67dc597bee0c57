import type { App } from '@slack/bolt';
import type { DecideInput, DecideRefusal } from '../../../app/decide-request.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { Logger } from '../../../app/ports/runtime.ts';
import type { Result } from '../../../shared/result.ts';
import { ACTIONS, DECISION_BLOCK_ID } from '../action-ids.ts';
import { decisionRefusalText } from '../text/decision-replies.ts';
import type { WorkQueue } from '../work-queue.ts';
import { ackSelects, onClick } from './on-click.ts';

export interface DecisionDeps {
  readonly decide: (input: DecideInput) => Promise<Result<RequestView, DecideRefusal>>;
  /** Where each click's work waits for its turn after the ack. */
  readonly work: WorkQueue;
  readonly logger: Logger;
}

/**
 * Approve and Deny on the approval message. The duration, indicator-kind and scope selects need an ack only:
 * their values reach the use-case in the Approve click's state.
 */
export function registerDecisionActions(app: App, deps: DecisionDeps): void {
  ackSelects(app, [ACTIONS.duration, ACTIONS.indicatorKind, ACTIONS.scope]);
  for (const decision of ['approve', 'deny'] as const) {
    onClick(app, ACTIONS[decision], deps, decisionRefusalText({ code: 'not_found' }), async (click) => {
      const result = await deps.decide({
        requestId: click.requestId,
        deciderId: click.userId,
        decision,
        durationValue: click.selected(DECISION_BLOCK_ID, ACTIONS.duration),
        indicatorValue: click.selected(DECISION_BLOCK_ID, ACTIONS.indicatorKind),
        // Untouched, the select is absent from state: the groups the clicked message proposed stand, so a
        // click on a message drawn before a later report widened them is refused (scope_changed).
        scopeValue: click.selected(DECISION_BLOCK_ID, ACTIONS.scope) ?? click.shown(DECISION_BLOCK_ID, ACTIONS.scope),
        clickedMessage: click.message,
      });
      return result.ok ? undefined : decisionRefusalText(result.error);
    });
  }
}
