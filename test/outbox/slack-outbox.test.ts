import { openReported } from '../builders/audit-details.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visibleText } from '../support/e2e-harness.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { databaseTargets } from '../support/test-databases.ts';
import { PrismaSlackOutbox } from '../../src/adapters/db/prisma-slack-outbox.ts';
import { CHANNEL, OutboxWorld } from './outbox-world.ts';
import { system } from '../../src/domain/request/request.ts';

const ALICE = 'U0ALICE';

describe.each(databaseTargets())('Slack outbox ($name)', (target) => {
  let world: OutboxWorld;
  beforeEach(async () => {
    world = await OutboxWorld.open(target);
  });
  afterEach(async () => {
    await world?.close();
  });

  const announced = async (requestId: string) =>
    (await world.db.prisma.reporter.findMany({ where: { requestId, announcedAt: { not: null } }, orderBy: { reportedAt: 'asc' } })).map((r) => r.userId);

  it('posts the approval message once the request waits, records where it went, then the detail in its thread', async () => {
    const view = await world.pendingRequest(ALICE);
    world.sender();

    const message = await waitFor('approval message', () => world.slack.parents(CHANNEL)[0]);
    const detail = await waitFor('detail in the thread', () => world.slack.thread(CHANNEL, message.ts)[0]);
    expect(visibleText(message)).toContain('*1 reporter*');
    expect(detail.text).toContain('Evidence detail');
    const row = await world.db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: view.request.id } });
    expect(row).toMatchObject({ approvalChannelId: CHANNEL, approvalMessageTs: message.ts });
    expect(await announced(view.request.id)).toEqual([ALICE]);
    await world.settled();
  });

  it('waits while the request is still being submitted, and drops the message if the report is abandoned instead', async () => {
    const opened = await openReported(world.store, {
      id: crypto.randomUUID(),
      target: { type: 'DomainName', value: 'slow.contoso.com' },
      reportedTarget: 'slow.contoso.com',
      coversSubdomains: false,
      requesterId: ALICE,
      reason: '',
      at: world.wall.now(),
    });
    await world.notifier.publishApprovalRequest((await world.store.view(opened!.id))!);
    await world.deliverDue();
    expect(world.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await world.pendingKinds()).toEqual(['approval_message', 'thread_note']);

    await world.store.transition({
      id: opened!.id,
      from: { status: 'investigating', version: 0 },
      to: 'failed',
      record: { event: 'publish_failed' },
      audit: { actor: system('reconciler'), at: world.wall.now(), action: 'request.abandoned' },
    });
    world.wall.advance(1_000);
    await world.deliverDue();
    expect(world.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await world.pendingKinds()).toEqual([]);
  });

  it('names, in one note, whoever joined while the approval message was on its way to Slack', async () => {
    const view = await world.pendingRequest(ALICE);
    const approval = (await world.claim())!;
    const result = await world.delivery.deliver(approval);
    // Bob joins after the message was rendered, before the outbox recorded that it was delivered.
    await world.join(view.request.id, 'U0BOB', 'also broken');
    expect(result.kind).toBe('delivered');
    await world.outbox.delivered(approval, world.wall.now(), result.kind === 'delivered' ? result.delivery : { ref: null });
    expect(await announced(view.request.id)).toEqual([ALICE]);

    await world.deliverDue();
    world.wall.advance(3_000);
    await world.deliverDue();

    const [parent] = world.slack.parents(CHANNEL);
    const notes = world.slack.thread(CHANNEL, parent!.ts).map((m) => m.text ?? '');
    expect(notes.filter((t) => t.includes('<@U0BOB>'))).toEqual([expect.stringContaining('1 more person reported it')]);
    expect(visibleText(world.slack.parents(CHANNEL)[0]!)).toContain('*2 reporters*');
    expect(await announced(view.request.id)).toEqual([ALICE, 'U0BOB']);
  });

  it('names in the thread everyone who joined before the approval message was posted, since its list of the newest changes', async () => {
    const view = await world.pendingRequest(ALICE);
    const joiners = Array.from({ length: 14 }, (_, i) => `U0E${String(i).padStart(4, '0')}`);
    for (const userId of joiners) {
      world.wall.advance(10);
      await world.join(view.request.id, userId);
    }
    await world.deliverDue();
    world.wall.advance(3_000);
    await world.deliverDue();

    const [parent] = world.slack.parents(CHANNEL);
    const shown = visibleText(parent!);
    expect(shown).toContain('*15 reporters*');
    const named = (text: string) => joiners.filter((u) => text.includes(`<@${u}>`));
    expect(named(shown)).toEqual(joiners.slice(4));
    const notes = world.slack.thread(CHANNEL, parent!.ts).map((m) => m.text ?? '').filter((t) => t.includes('reported it'));
    expect(notes).toHaveLength(1);
    expect(named(notes[0]!)).toEqual(joiners);
    expect((await announced(view.request.id)).sort()).toEqual([ALICE, ...joiners].sort());
  });

  it('turns a burst of joins into one thread note and one update of the approval message', async () => {
    const view = await world.pendingRequest(ALICE);
    await world.deliverDue();
    const writesBefore = world.slack.calls.length;

    const joiners = Array.from({ length: 40 }, (_, i) => `U0J${String(i).padStart(4, '0')}`);
    for (const userId of joiners) await world.join(view.request.id, userId);
    expect(await world.pendingKinds()).toEqual(['reporters_note', 'approval_refresh']);
    await world.deliverDue();
    expect(world.slack.calls.length).toBe(writesBefore);

    world.wall.advance(3_000);
    await world.deliverDue();
    const writes = world.slack.calls.slice(writesBefore).map((c) => c.method);
    expect(writes.sort()).toEqual(['chat.postMessage', 'chat.update']);
    const [parent] = world.slack.parents(CHANNEL);
    expect(visibleText(parent!)).toContain('*41 reporters*');
    const note = world.slack.thread(CHANNEL, parent!.ts).at(-1)!.text!;
    expect(note).toContain('40 more people reported it');
    for (const userId of joiners) expect(note).toContain(`<@${userId}>`);
    expect((await announced(view.request.id)).sort()).toEqual([ALICE, ...joiners].sort());
  });

  it('keeps what it could not send across a restart, and the next sender delivers it', async () => {
    const view = await world.pendingRequest(ALICE);
    await world.notifier.postToThread(view, { kind: 'decided' });
    const first = world.sender();
    await first.stop();
    const before = world.slack.callsOf('chat.postMessage').length;

    world.sender({}, 'after-restart');
    await waitFor('approval message', () => world.slack.parents(CHANNEL)[0]);
    await waitFor('all sent', () => world.slack.callsOf('chat.postMessage').length === before + 3 || undefined);
    expect(world.slack.parents(CHANNEL)).toHaveLength(1);
    const [parent] = world.slack.parents(CHANNEL);
    expect(world.slack.thread(CHANNEL, parent!.ts).map((m) => m.text)).toEqual([expect.stringContaining('Evidence detail'), expect.any(String)]);
  });

  it('drops a message Slack refuses for good, with Slack\'s reason in an error log, and keeps retrying one an operator can fix', async () => {
    const view = await world.pendingRequest(ALICE);
    world.slack.failMethod('chat.postMessage', 'not_in_channel');
    world.sender();
    const retrying = await waitFor('retry logged', () => world.logs.find((l) => l.includes('Slack did not take a message')));
    expect(JSON.parse(retrying)).toMatchObject({ level: 40, slackError: 'not_in_channel', kind: 'approval_message' });
    expect(world.slack.parents(CHANNEL)).toHaveLength(0);
    world.slack.failures.clear();
    await waitFor('approval message after the fix', () => world.slack.parents(CHANNEL)[0], 10_000);

    world.slack.failMethod('chat.postMessage', 'msg_too_long');
    await world.notifier.postToThread(view, { kind: 'decided' });
    const refused = await waitFor('refused for good', () => world.logs.find((l) => l.includes('refused a message for good')));
    expect(JSON.parse(refused)).toMatchObject({ level: 50, slackError: 'msg_too_long', kind: 'thread_note' });
  });

  it('under Slack\'s posting limit, waits out every 429\'s Retry-After on the channel and still delivers everything, in order per thread', async () => {
    world.slack.limitPostMessage({ perSecond: 1, burst: 1 });
    const views = [];
    for (let i = 0; i < 3; i++) views.push(await world.pendingRequest(`U0REQ${i}`, `portal${i}.contoso.com`));
    for (const view of views) await world.notifier.postToThread(view, { kind: 'decided' });
    world.sender();

    await world.settled(30_000);
    const parents = world.slack.parents(CHANNEL);
    expect(parents).toHaveLength(3);
    for (const parent of parents) {
      expect(world.slack.thread(CHANNEL, parent.ts).map((m) => m.text?.split('\n')[0])).toEqual([expect.stringContaining('Evidence detail'), expect.any(String)]);
    }
    expect(world.slack.rateLimited.length).toBeGreaterThan(0);
    // After each 429 Slack saw nothing on that channel until its Retry-After had passed.
    for (const refused of world.slack.rateLimited) {
      const early = world.slack.writes.filter((w) => w.channel === CHANNEL && w.at > refused.at && w.at < refused.at + refused.retryAfterSeconds * 1000 - 50);
      expect(early).toEqual([]);
    }
    expect(await world.db.prisma.slackMessage.count({ where: { state: 'dead' } })).toBe(0);
  });

  it('never gives up an approval message Slack refuses: it is retried, logged each time, and the request is seen once it goes through', async () => {
    const view = await world.pendingRequest(ALICE);
    await world.join(view.request.id, 'U0BOB');
    world.slack.failMethod('chat.postMessage', 'invalid_blocks');
    world.sender({ refusedRetryMs: 300, notReadyMs: 50 });

    const refused = await waitFor('refusal logged', () => world.logs.find((l) => l.includes('Slack refused an approval message')));
    expect(JSON.parse(refused)).toMatchObject({ level: 50, slackError: 'invalid_blocks', kind: 'approval_message' });
    expect(await world.db.prisma.slackMessage.count({ where: { state: 'dead' } })).toBe(0);
    world.slack.failures.clear();

    const [parent] = [await waitFor('approval message once Slack takes it', () => world.slack.parents(CHANNEL)[0], 10_000)];
    await world.settled();
    const thread = world.slack.thread(CHANNEL, parent!.ts).map((m) => m.text ?? '');
    expect(thread[0]).toContain('Evidence detail');
    expect(thread.some((t) => t.includes('<@U0BOB>'))).toBe(true);
  });

  it('delivers every reporter\'s DM even when one person cannot get DMs or one DM keeps failing', async () => {
    const view = await world.pendingRequest(ALICE);
    for (const userId of ['U0EXTERNAL', 'U0FLAKY', 'U0CAROL', 'U0DAVE']) await world.join(view.request.id, userId);
    world.slack.failuresFor.push(
      { method: 'conversations.open', matches: (args) => args.users === 'U0EXTERNAL', error: 'invalid_user_combination' },
      { method: 'conversations.open', matches: (args) => args.users === 'U0FLAKY', error: 'internal_error' },
    );
    await world.notifier.notifyRequester((await world.store.view(view.request.id))!, { kind: 'denied' });
    world.sender();

    await waitFor('the others got their DM', () => [ALICE, 'U0CAROL', 'U0DAVE'].every((u) => world.slack.dms(u).length === 1) || undefined, 15_000);
    const dropped = await waitFor('the undeliverable one logged', () => world.logs.find((l) => l.includes('invalid_user_combination') && l.includes('for good')));
    expect(JSON.parse(dropped)).toMatchObject({ level: 50, kind: 'direct_message' });
    expect(world.slack.dms('U0EXTERNAL')).toEqual([]);
    const flaky = await world.db.prisma.slackMessage.findFirstOrThrow({ where: { recipient: 'U0FLAKY' } });
    expect(flaky).toMatchObject({ state: 'pending', lastError: 'internal_error' });
  });

  it('paces each channel with the state in the database, so two replicas together keep to Slack\'s limit', async () => {
    const pace = { intervalMs: 1_000, burst: 2 };
    // A second replica: its own store on the same database.
    const other = new PrismaSlackOutbox(world.db.prisma);
    const at = new Date('2026-12-01T10:00:00.000Z');
    const slots = [];
    for (let i = 0; i < 5; i++) slots.push(await (i % 2 === 0 ? world.outbox : other).takeSlot(CHANNEL, at, pace));
    expect(slots).toEqual([0, 0, 0, 1_000, 1_000]);
    expect(await world.outbox.takeSlot(CHANNEL, new Date(at.getTime() + 1_000), pace)).toBe(0);

    await other.pauseLane(CHANNEL, new Date(at.getTime() + 30_000), pace);
    expect(await world.outbox.takeSlot(CHANNEL, new Date(at.getTime() + 29_000), pace)).toBe(1_000);
    expect(await world.outbox.takeSlot(CHANNEL, new Date(at.getTime() + 30_000), pace)).toBe(0);
    expect(await world.outbox.takeSlot(CHANNEL, new Date(at.getTime() + 30_000), pace)).toBe(1_000);
  });
});
