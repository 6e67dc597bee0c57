import type { App } from '@slack/bolt';
import type { DecideInput, DecideRefusal } from '../../../app/decide-request.ts';
import type { RequestView } from '../../../app/ports.ts';
import type { Result } from '../../../shared/result.ts';
import { ACTIONS, DECISION_BLOCK_ID } from '../action-ids.ts';
import type { BackgroundWork } from '../background-work.ts';
import { decisionRefusalText } from '../blocks/decision-replies.ts';
import { unexpectedErrorText } from '../blocks/report-replies.ts';
import { parseClick } from './click-payload.ts';

export interface DecisionDeps {
  readonly decide: (input: DecideInput) => Promise<Result<RequestView, DecideRefusal>>;
  readonly background: BackgroundWork;
}

/**
 * Approve and Deny on the approval message. The duration and indicator-kind selects need an ack only:
 * their values reach the use-case in the Approve click's state.
 */
export function registerDecisionActions(app: App, deps: DecisionDeps): void {
  for (const select of [ACTIONS.duration, ACTIONS.indicatorKind]) {
    app.action(select, async ({ ack }) => {
      await ack();
    });
  }
  for (const decision of ['approve', 'deny'] as const) {
    app.action(ACTIONS[decision], async ({ ack, body, respond }) => {
      await ack();
      const reply = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      const click = parseClick(body);
      if (!click) {
        await reply(decisionRefusalText({ code: 'not_found' }));
        return;
      }
      deps.background.run(
        decision,
        async () => {
          const result = await deps.decide({
            requestId: click.requestId,
            deciderId: click.userId,
            decision,
            durationValue: click.selected(DECISION_BLOCK_ID, ACTIONS.duration),
            indicatorValue: click.selected(DECISION_BLOCK_ID, ACTIONS.indicatorKind),
            clickedMessage: click.message,
          });
          if (!result.ok) await reply(decisionRefusalText(result.error));
        },
        (ref) => reply(unexpectedErrorText(ref)),
      );
    });
  }
}
