import type { App } from '@slack/bolt';
import type { Logger } from '../../../app/ports/runtime.ts';
import { busyText, unexpectedErrorText } from '../text/report-replies.ts';
import { privateReplier } from '../edge/private-reply.ts';
import type { WorkQueue } from '../work-queue.ts';
import { parseClick, type Click } from './click-payload.ts';

/**
 * Registers a button: validates the payload, queues `handle` on `work` and acks, before any
 * database or network work. Whatever text `handle` returns (a refusal) goes privately to the
 * clicker, by whatever way the payload allows (privateReplier: response_url, ephemeral, DM);
 * `malformed` is the reply to a payload that does not parse, and a full queue is told to the
 * clicker too (nothing changed).
 */
export function onClick(
  app: App,
  actionId: string,
  queue: { work: WorkQueue; logger: Logger },
  malformed: string,
  handle: (click: Click) => Promise<string | undefined>,
): void {
  const { work, logger } = queue;
  app.action(actionId, async ({ ack, body, client }) => {
    const reply = privateReplier({ client, body }, logger);
    const click = parseClick(body);
    const queued =
      click !== undefined &&
      work.offer(
        actionId,
        async () => {
          const refusal = await handle(click);
          if (refusal !== undefined) await reply(refusal);
        },
        (ref) => reply(unexpectedErrorText(ref)),
      );
    // The job starts from a later macrotask (WorkQueue.offer), so this ack leaves first.
    await ack();
    if (!click) await reply(malformed);
    else if (!queued) await reply(busyText('click'));
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
