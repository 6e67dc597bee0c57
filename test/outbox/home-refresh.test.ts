import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { PrismaHomeQueries } from '../../src/adapters/db/prisma-home-queries.ts';
import { PrismaHomeViewers } from '../../src/adapters/db/prisma-home-viewers.ts';
import { renderHome } from '../../src/adapters/slack/blocks/home-view.ts';
import { createOutboxClient } from '../../src/adapters/slack/create-slack-app.ts';
import { HOME_REFRESH_DELAY_MS, homeOnView, homeRefresh } from '../../src/adapters/slack/home/home-refresh.ts';
import { HOME_LANE } from '../../src/adapters/slack/outbox/outbox-store.ts';
import { SlackDelivery } from '../../src/adapters/slack/outbox/slack-delivery.ts';
import { SlackNotifier } from '../../src/adapters/slack/slack-notifier.ts';
import { loadHome } from '../../src/app/load-home.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '../../src/domain/lifecycle/lifecycle-policy.ts';
import { system } from '../../src/domain/request/request.ts';
import { openReported } from '../builders/audit-details.ts';
import { StaticApproverDirectory } from '../port-fakes/static-approver-directory.ts';
import { visibleText } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';
import { CHANNEL, OutboxWorld, POLICY, TOKEN } from './outbox-world.ts';

const ALICE = 'U0ALICE';
const APPROVER = 'U0APPROVER';

describe.each(databaseTargets())('App Home refreshes through the Slack outbox ($name)', (target) => {
  let world: OutboxWorld;
  let viewers: PrismaHomeViewers;
  let notifier: SlackNotifier;
  beforeEach(async () => {
    world = await OutboxWorld.open(target);
    viewers = new PrismaHomeViewers(world.db.prisma);
    notifier = new SlackNotifier({
      outbox: world.outbox,
      approvalChannelId: CHANNEL,
      decisionPolicy: POLICY,
      expiryGraceMs: DEFAULT_LIFECYCLE_POLICY.expiryGraceMs,
      approvers: { userIds: [APPROVER], usergroupId: undefined },
      wallClock: world.wall,
      homeViewers: viewers,
    });
    const home = { homeQueries: new PrismaHomeQueries(world.db.prisma), homeViewers: viewers, approvers: new StaticApproverDirectory([APPROVER]), clock: world.wall };
    world.delivery = new SlackDelivery({
      client: createOutboxClient({ slack: { botToken: TOKEN, apiUrl: world.slack.apiUrl } as Config['slack'], logger: world.logger }),
      store: world.store,
      outbox: world.outbox,
      decisionPolicy: POLICY,
      home: async (userId) => renderHome(await loadHome(home, userId), POLICY),
    });
  });
  afterEach(async () => {
    await world?.close();
  });

  const pendingHomes = async () =>
    (await world.db.prisma.slackMessage.findMany({ where: { state: 'pending', kind: 'home_refresh' }, orderBy: { recipient: 'asc' } })).map((m) => m.recipient);

  it('refreshes the Homes a report shows in once it is recorded as waiting, never the moment before', async () => {
    await viewers.opened(ALICE, false, world.wall.now());
    await viewers.opened(APPROVER, true, world.wall.now());
    await viewers.opened('U0CAROL', false, world.wall.now());
    const opened = await openReported(world.store, {
      id: crypto.randomUUID(),
      target: { type: 'DomainName', value: 'logistics.contoso.com' },
      reportedTarget: 'logistics.contoso.com',
      coversSubdomains: false,
      requesterId: ALICE,
      reason: 'fails',
      at: world.wall.now(),
    });
    // As reportBlockedPortal does: the approval message is queued, then the request recorded as waiting.
    await notifier.publishApprovalRequest((await world.store.view(opened!.id))!);
    // Its reporter and the approvers who opened Home; not Carol, who cannot see it.
    expect(await pendingHomes()).toEqual([ALICE, APPROVER]);
    world.wall.advance(HOME_REFRESH_DELAY_MS);
    await world.deliverDue(HOME_LANE);
    expect(world.slack.publishedViews).toEqual([]);

    await world.store.transition({
      id: opened!.id,
      from: { status: 'investigating', version: 0 },
      to: 'pending_approval',
      record: { event: 'submitted_for_approval' },
      audit: { actor: system('slack'), at: world.wall.now(), action: 'request.submitted_for_approval' },
    });
    world.wall.advance(1_000);
    await world.deliverDue(HOME_LANE);
    expect(world.slack.publishedViews.map((v) => v.userId).sort()).toEqual([ALICE, APPROVER]);
    expect(visibleText({ blocks: world.slack.homeOf(ALICE)!.view.blocks })).toContain('Waiting for approvers');
    expect(visibleText({ blocks: world.slack.homeOf(APPROVER)!.view.blocks })).toContain('Waiting for you');
  });

  it('coalesces: however many changes, one pending refresh per person, rendered when sent', async () => {
    await viewers.opened(ALICE, false, world.wall.now());
    const view = await world.pendingRequest(ALICE);
    for (let i = 0; i < 5; i++) {
      await notifier.postToThread(view, { kind: 'decided' });
      await notifier.refreshApprovalRequest(view);
    }
    expect(await pendingHomes()).toEqual([ALICE]);
    world.wall.advance(HOME_REFRESH_DELAY_MS);
    await world.deliverDue(HOME_LANE);
    expect(world.slack.publishedViews.map((v) => v.userId)).toEqual([ALICE]);
  });

  it('publishes a Home someone opened ahead of the background refreshes due before it, promoting their own waiting refresh instead of queueing a second', async () => {
    const others = ['U0BOB', 'U0CAROL', 'U0DAVE', 'U0ERIN', 'U0FRANK'];
    await world.outbox.enqueue(others.map((u) => homeRefresh(u, HOME_REFRESH_DELAY_MS, null)), world.wall.now());
    world.wall.advance(HOME_REFRESH_DELAY_MS + 60_000);
    // Long due, in the lane's FIFO; then Alice opens her Home, and Dave, whose refresh is among them, opens his.
    await world.outbox.enqueue([homeOnView(ALICE)], world.wall.now());
    await world.outbox.enqueue([homeOnView('U0DAVE')], world.wall.now());
    expect(await world.db.prisma.slackMessage.count({ where: { state: 'pending', recipient: 'U0DAVE' } })).toBe(1);

    await world.deliverDue(HOME_LANE);
    expect(world.slack.publishedViews.map((v) => v.userId)).toEqual(['U0DAVE', ALICE, 'U0BOB', 'U0CAROL', 'U0ERIN', 'U0FRANK']);
  });

  it('gives the Homes people wait for to two replicas claiming at once, each to one replica, ahead of the background refreshes', async () => {
    await world.outbox.enqueue(['U0BOB', 'U0CAROL', 'U0DAVE'].map((u) => homeRefresh(u, 0, null)), world.wall.now());
    await world.outbox.enqueue([homeOnView(ALICE), homeOnView('U0ERIN')], world.wall.now());
    const now = world.wall.now();
    const until = new Date(now.getTime() + 60_000);
    const claims = await Promise.all(['replica-1', 'replica-2'].map((owner) => world.outbox.claimNext(HOME_LANE, owner, now, until)));
    expect(claims.map((c) => c?.recipient).sort()).toEqual([ALICE, 'U0ERIN']);
    const rows = await world.db.prisma.slackMessage.findMany({ where: { claimOwner: { not: null } } });
    expect(rows.map((r) => r.claimOwner).sort()).toEqual(['replica-1', 'replica-2']);
  });
});
