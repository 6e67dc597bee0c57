import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { DecideInput, DecideRefusal } from '../../../app/decide-request.ts';
import type { RequestView } from '../../../app/ports.ts';
import type { Result } from '../../../shared/result.ts';
import { ACTIONS, DECISION_BLOCK_ID } from '../action-ids.ts';
import type { BackgroundWork } from '../background-work.ts';
import { decisionRefusalText } from '../blocks/decision-replies.ts';
import { unexpectedErrorText } from '../blocks/report-replies.ts';

/** What Unblock reads from a block_actions payload: who clicked, on which message, which request. */
const DecisionClick = z.object({
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,}$/) }),
  channel: z.object({ id: z.string() }),
  message: z.object({ ts: z.string() }),
  actions: z.array(z.object({ value: z.uuid() })).min(1),
  state: z
    .object({
      values: z.record(z.string(), z.record(z.string(), z.object({ selected_option: z.object({ value: z.string() }).nullish() }))),
    })
    .optional(),
});

export interface DecisionDeps {
  readonly decide: (input: DecideInput) => Promise<Result<RequestView, DecideRefusal>>;
  readonly background: BackgroundWork;
}

/** Approve and Deny on the approval message; the duration select needs an ack only. */
export function registerDecisionActions(app: App, deps: DecisionDeps): void {
  app.action(ACTIONS.duration, async ({ ack }) => {
    await ack();
  });
  for (const decision of ['approve', 'deny'] as const) {
    app.action<BlockAction<ButtonAction>>(ACTIONS[decision], async ({ ack, body, respond }) => {
      await ack();
      const reply = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      const click = DecisionClick.safeParse(body);
      if (!click.success) {
        await reply(decisionRefusalText({ code: 'not_found' }));
        return;
      }
      const c = click.data;
      deps.background.run(
        decision,
        async () => {
          const result = await deps.decide({
            requestId: c.actions[0]!.value,
            deciderId: c.user.id,
            decision,
            durationValue: c.state?.values[DECISION_BLOCK_ID]?.[ACTIONS.duration]?.selected_option?.value,
            clickedMessage: { channelId: c.channel.id, ts: c.message.ts },
          });
          if (!result.ok) await reply(decisionRefusalText(result.error));
        },
        (ref) => reply(unexpectedErrorText(ref)),
      );
    });
  }
}
