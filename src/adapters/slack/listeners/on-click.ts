import type { App } from '@slack/bolt';
import type { BackgroundWork } from '../background-work.ts';
import { unexpectedErrorText } from '../blocks/report-replies.ts';
import { parseClick, type Click } from './click-payload.ts';

/**
 * Registers a button: acks at once, validates the payload, then runs `handle` in the background.
 * Whatever text `handle` returns (a refusal) goes privately to the clicker; `malformed` is the
 * reply to a payload that does not parse.
 */
export function onClick(
  app: App,
  actionId: string,
  background: BackgroundWork,
  malformed: string,
  handle: (click: Click) => Promise<string | undefined>,
): void {
  app.action(actionId, async ({ ack, body, respond }) => {
    await ack();
    const reply = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const click = parseClick(body);
    if (!click) {
      await reply(malformed);
      return;
    }
    background.run(
      actionId,
      async () => {
        const refusal = await handle(click);
        if (refusal !== undefined) await reply(refusal);
      },
      (ref) => reply(unexpectedErrorText(ref)),
    );
  });
}

/** Selects on a message send block_actions too: they need an ack, or Slack shows a warning. */
export function ackSelects(app: App, actionIds: readonly string[]): void {
  for (const actionId of actionIds) {
    app.action(actionId, async ({ ack }) => {
      await ack();
    });
  }
}
