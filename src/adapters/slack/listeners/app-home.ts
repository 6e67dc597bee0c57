import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { ApproverDirectory } from '../../../app/ports/approver-directory.ts';
import { HOME_LISTS, type HomeViewers } from '../../../app/ports/home-viewers.ts';
import type { Clock, Logger } from '../../../app/ports/runtime.ts';
import { HOME_ACTIONS } from '../action-ids.ts';
import { SlackUserId } from '../edge/slack-payload.ts';
import { homeOnView } from '../home/home-refresh.ts';
import type { NewOutboxMessage } from '../outbox/outbox-store.ts';
import type { WorkQueue } from '../work-queue.ts';

export interface AppHomeDeps {
  readonly homeViewers: Pick<HomeViewers, 'opened' | 'turnPage'>;
  readonly approvers: ApproverDirectory;
  /** Queues Slack messages durably (the outbox) and wakes its sender. */
  readonly queue: (messages: readonly NewOutboxMessage[]) => Promise<void>;
  readonly clock: Clock;
  /** Where the work waits for its turn after the ack. */
  readonly work: WorkQueue;
  readonly logger: Logger;
}

/** `app_home_opened` (docs.slack.dev/reference/events/app_home_opened): also sent for the Messages tab (`tab: "messages"`). */
const HomeOpened = z.object({ user: SlackUserId, tab: z.string() });

/** A Previous/Next click: its value is `<list>:<page>`. */
const PageClick = z.object({
  user: z.object({ id: SlackUserId }),
  actions: z.array(z.object({ value: z.string().regex(/^(mine|waiting|active):\d{1,6}$/) })).min(1),
});

/**
 * The App Home tab: when a user opens it, Unblock records them as a Home viewer (so later changes to
 * requests they can see re-publish it) and queues a publish rendered from the database; Previous/Next
 * turn a list's page and re-publish. Every publish goes through the Slack outbox (paced, durable,
 * coalesced per user); these ones go ahead of the background refreshes waiting in the home lane,
 * since someone is looking at the tab. The Messages tab's opening is ignored.
 */
export function registerAppHome(app: App, deps: AppHomeDeps): void {
  app.event('app_home_opened', async ({ event }) => {
    const opened = HomeOpened.safeParse(event);
    if (!opened.success || opened.data.tab !== 'home') return;
    const userId = opened.data.user;
    const queued = deps.work.offer(
      'app_home_opened',
      async () => {
        await deps.homeViewers.opened(userId, await deps.approvers.isApprover(userId), deps.clock.now());
        await deps.queue([homeOnView(userId)]);
      },
      async () => {},
    );
    // Nobody waits on an event's answer: the Home tab keeps its last view, and the next opening tries again.
    if (!queued) deps.logger.warn({ userId }, 'the Home tab was opened while the work queue was full; not published this time');
  });
  for (const actionId of Object.values(HOME_ACTIONS)) {
    app.action(actionId, async ({ ack, body }) => {
      await ack();
      const click = PageClick.safeParse(body);
      if (!click.success) return;
      const [list, page] = click.data.actions[0]!.value.split(':') as [(typeof HOME_LISTS)[number], string];
      const userId = click.data.user.id;
      const queued = deps.work.offer(
        'home_page',
        async () => {
          await deps.homeViewers.turnPage(userId, list, Number(page));
          await deps.queue([homeOnView(userId)]);
        },
        async () => {},
      );
      if (!queued) deps.logger.warn({ userId }, 'a Home page click came while the work queue was full; the page did not turn');
    });
  }
}
