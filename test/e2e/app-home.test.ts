import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { blockNamed, blocksOf, clickHome, homeView, openHome } from '../support/app-home.ts';
import { Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';
import { appHomeOpenedBody } from '../support/slack-requests.ts';

/** Polls an async read (the database) until it gives a value; waitFor takes synchronous conditions only. */
async function eventually<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const textOf = (view: { view: { blocks: unknown[] } }) => visibleText({ blocks: view.view.blocks });
const actionIds = (block: { elements?: Array<{ action_id?: string }> } | undefined) => (block?.elements ?? []).map((e) => e.action_id);
const buttonsOf = (block: { elements?: Array<{ text?: { text: string } }> } | undefined) => (block?.elements ?? []).map((e) => e.text?.text);

describe.each(databaseTargets())('the App Home tab ($name)', (target) => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  async function reportOne(host = 'logistics.contoso.com') {
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', url: `https://${host}/`, process: 'chrome.exe' })]);
    await h.command(`https://${host} the shipping app fails`);
    const message = await h.approvalMessage();
    return { message, requestId: requestIdOf(message) };
  }

  it('shows each viewer what they may see: their requests, and for approvers the requests waiting and the allows', async () => {
    h = await Harness.start(target);
    const { requestId } = await reportOne();

    // The Messages tab opening publishes nothing; the Home tab does, from the database.
    expect((await openHome(h, USERS.requester, 'messages')).status).toBe(200);
    expect((await openHome(h, USERS.requester)).status).toBe(200);
    const mine = await homeView(h, USERS.requester, (t) => t.includes('My requests'));
    expect(h.slack.publishedViews.filter((v) => v.userId === USERS.requester)).toHaveLength(1);
    const mineText = textOf(mine);
    expect(mineText).toContain('How to report a blocked portal');
    expect(mineText).toContain('`/portal-blocked <address> [what fails]`');
    expect(mineText).toMatch(/\*#1\* `logistics\.contoso\.com`\n:hourglass_flowing_sand: Waiting for approvers · ALL devices · reported <!date\^/);
    expect(mineText).toContain('Showing 1–1 of 1');
    expect(mineText).not.toContain('Waiting for you');
    expect(mineText).not.toContain('Active allows');
    expect(blocksOf(mine).some((b) => b.type === 'actions')).toBe(false);

    await openHome(h, USERS.outsider);
    const outsider = await homeView(h, USERS.outsider, (t) => t.includes('My requests'));
    expect(textOf(outsider)).toContain('None.');
    expect(textOf(outsider)).not.toContain('*#1*');
    expect(textOf(outsider)).not.toContain('Waiting for you');

    await openHome(h, USERS.approver);
    const approver = await homeView(h, USERS.approver, (t) => t.includes('Waiting for you'));
    expect(textOf(approver)).toContain(`*#1* \`logistics.contoso.com\` for <@${USERS.requester}>`);
    expect(textOf(approver)).toContain('Active allows');
    // The channel message's controls, in a block naming the request.
    const controls = blockNamed(approver, `unblock_decision:${requestId}`);
    expect(actionIds(controls)).toEqual(['unblock_duration', 'unblock_approve', 'unblock_deny']);
    expect(controls!.elements![0]!.initial_option!.value).toBe('P1D');
  });

  it("approves from the Home tab through the same use-case: the channel message, Defender's indicator and every Home follow", async () => {
    h = await Harness.start(target);
    const { message, requestId } = await reportOne();
    await openHome(h, USERS.requester);
    await homeView(h, USERS.requester, (t) => t.includes('Waiting for approvers'));
    await openHome(h, USERS.approver);
    const home = await homeView(h, USERS.approver, (t) => t.includes('Waiting for you'));

    const click = await clickHome(h, { userId: USERS.approver, view: home, blockId: `unblock_decision:${requestId}`, actionId: 'unblock_approve', selected: { unblock_duration: 'P3D' } });
    expect(click.status).toBe(200);
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    const decision = await h.prisma.decision.findUniqueOrThrow({ where: { requestId } });
    expect(decision).toMatchObject({ outcome: 'approved', deciderId: USERS.approver, duration: 'P3D' });
    expect([...h.defender.indicators.values()][0]).toMatchObject({ indicatorValue: 'logistics.contoso.com', action: 'Allowed' });

    // The approval message in the channel is updated as for a click there.
    await waitFor('approval message updated', () => visibleText(h.current(message)).includes('allowed until') || undefined);
    expect(visibleText(h.current(message))).toContain(`*Approved* by <@${USERS.approver}>`);

    // Both Homes are re-published from the database, without anyone reopening them.
    const approverNow = await homeView(h, USERS.approver, (t) => t.includes(':white_check_mark: Allowed until'));
    expect(textOf(approverNow)).toMatch(/Waiting for you\nNone\./);
    expect(actionIds(blockNamed(approverNow, `unblock_reminder:${requestId}`))).toEqual(['unblock_extend_duration', 'unblock_extend', 'unblock_revoke']);
    expect(textOf(approverNow)).toContain(`approved by <@${USERS.approver}>`);
    const requesterNow = await homeView(h, USERS.requester, (t) => t.includes(':white_check_mark: Allowed until'));
    expect(blockNamed(requesterNow, `unblock_allow:${requestId}`)!.accessory).toMatchObject({ action_id: 'unblock_revoke', value: requestId });
    // Coalesced: a decision, its activation and their notes are a few publishes, not one each.
    expect(h.slack.publishedViews.filter((v) => v.userId === USERS.approver).length).toBeLessThanOrEqual(4);
    expect(h.slack.publishedViews.every((v) => v.userId === USERS.approver || v.userId === USERS.requester)).toBe(true);

    // Extend from Active allows: the same use-case, the extend select beside the button read from the view's state.
    await h.leaseReleased(requestId);
    const before = decision.allowUntil!;
    await clickHome(h, { userId: USERS.approver, view: approverNow, blockId: `unblock_reminder:${requestId}`, actionId: 'unblock_extend', selected: { unblock_extend_duration: 'P7D' } });
    const extension = await eventually('extension', async () => (await h.prisma.extension.findFirst({ where: { requestId } })) ?? undefined);
    expect(extension).toMatchObject({ actorId: USERS.approver, duration: 'P7D' });
    expect(extension.toExpiry.getTime()).toBeGreaterThan(before.getTime());
    await waitFor('thread says extended', () => visibleText(h.current(message)).includes('extended by') || undefined);
  });

  it('revokes from the Home tab: the requester revokes their own allow, Defender loses it, the Homes follow', async () => {
    h = await Harness.start(target);
    const { message, requestId } = await reportOne();
    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    await h.leaseReleased(requestId);
    await openHome(h, USERS.requester);
    const home = await homeView(h, USERS.requester, (t) => t.includes('Allowed until'));

    await clickHome(h, { userId: USERS.requester, view: home, blockId: `unblock_allow:${requestId}`, actionId: 'unblock_revoke' });
    await waitFor('indicator deleted', () => h.defender.indicators.size === 0 || undefined);
    await eventually('revoked', async () => ((await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).status === 'revoked' ? true : undefined));
    await waitFor('approval message says revoked', () => visibleText(h.current(message)).includes('*Revoked*') || undefined);
    const after = await homeView(h, USERS.requester, (t) => t.includes(':no_entry: Revoked'));
    expect(blockNamed(after, `unblock_allow:${requestId}`)!.accessory).toBeUndefined();
  });

  it("refuses a non-approver's forged Approve from the Home tab, and a block drawn for another request; nothing changes", async () => {
    h = await Harness.start(target);
    const { requestId } = await reportOne();
    await openHome(h, USERS.approver);
    const approverHome = await homeView(h, USERS.approver, (t) => t.includes('Waiting for you'));

    // The outsider's Home has no such control; they send the approver's view as if it were theirs.
    await clickHome(h, { userId: USERS.outsider, view: approverHome, blockId: `unblock_decision:${requestId}`, actionId: 'unblock_approve' });
    const refusal = await waitFor('refusal DM', () => h.slack.dms(USERS.outsider).find((m) => m.text?.includes('Only approvers')));
    expect(refusal.text).toContain('Nothing was changed.');
    // An approver's click whose block names another request than its button is not a Home click Unblock drew.
    await clickHome(h, { userId: USERS.approver, view: approverHome, blockId: `unblock_decision:${requestId}`, actionId: 'unblock_approve', value: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' });
    await waitFor('malformed DM', () => h.slack.dms(USERS.approver).find((m) => m.text?.includes('does not belong to a request I know')));
    // The requester (no approver) cannot decide either.
    await clickHome(h, { userId: USERS.requester, view: approverHome, blockId: `unblock_decision:${requestId}`, actionId: 'unblock_deny' });
    await waitFor('requester refusal', () => h.slack.dms(USERS.requester).find((m) => m.text?.includes('Only approvers')));

    expect((await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('pending_approval');
    expect(await h.prisma.decision.count()).toBe(0);
    expect(h.defender.requestsOf('POST')).toHaveLength(0);
  });

  it("keeps to views.publish's rate limit: a 429 waits out Retry-After and every Home is still published", async () => {
    h = await Harness.start(target);
    await reportOne();
    h.slack.limitViewsPublish({ perSecond: 1, burst: 1 });
    const users = [USERS.requester, USERS.approver, USERS.outsider, USERS.secondApprover];
    await Promise.all(users.map((u) => openHome(h, u)));
    for (const u of users) await homeView(h, u, (t) => t.includes('My requests'));
    expect(h.slack.rateLimited.filter((c) => c.method === 'views.publish').length).toBeGreaterThan(0);
    // One publish per user: nothing lost, nothing doubled by the retries.
    expect(users.map((u) => h.slack.publishedViews.filter((v) => v.userId === u).length)).toEqual([1, 1, 1, 1]);
  });

  it('publishes the Home of someone who opens it ahead of the background refreshes already waiting, their own waiting one promoted', async () => {
    const approvers = Array.from({ length: 8 }, (_, i) => `U0APPROVER${i}X`);
    h = await Harness.start(target, { APPROVER_USER_IDS: approvers.join(',') });
    // Eight approvers opened Home once: from now on every change re-publishes theirs in the background.
    for (const u of approvers) await openHome(h, u);
    for (const u of approvers) await homeView(h, u, (t) => t.includes('Waiting for you'));
    const before = h.slack.publishedViews.length;

    // Slack holds views.publish (429 to every call); a report queues a background refresh of each approver's Home.
    h.slack.holdViewsPublish(true);
    await reportOne();
    await waitFor('a background refresh due and refused', () => h.slack.rateLimited.some((c) => c.method === 'views.publish') || undefined);
    // Behind them, someone opens Home for the first time, and an approver whose refresh waits opens theirs.
    const reopened = approvers.at(-1)!;
    await openHome(h, USERS.outsider);
    await openHome(h, reopened);
    await eventually('both publishes queued', async () => {
      const rows = await h.prisma.slackMessage.findMany({ where: { state: 'pending', kind: 'home_refresh', priority: { gt: 0 } } });
      const recipients = new Set(rows.map((r) => r.recipient));
      return recipients.has(USERS.outsider) && recipients.has(reopened) ? true : undefined;
    });

    h.slack.holdViewsPublish(false);
    await homeView(h, USERS.outsider, (t) => t.includes('My requests'));
    await h.delivered();
    const order = h.slack.publishedViews.slice(before).map((v) => v.userId);
    // At most the one refresh a sender had already claimed goes before them; then theirs, then the rest.
    expect(order.slice(0, 3)).toEqual(expect.arrayContaining([USERS.outsider, reopened]));
    // Nothing lost: every approver's Home shows the new request.
    for (const u of approvers) expect(textOf(h.slack.homeOf(u)!)).toContain('logistics.contoso.com');
    expect(new Set(order)).toEqual(new Set([...approvers, USERS.outsider]));
  });

  it('pages the lists: one page and a total, Next and Previous re-publish another page in the list\'s own order', async () => {
    h = await Harness.start(target, { MAX_OPEN_REQUESTS_PER_USER: '20', MAX_REPORTS_PER_HOUR: '20' });
    for (let i = 1; i <= 12; i++) {
      const ack = await h.command(`portal-${String(i).padStart(2, '0')}.contoso.com`);
      expect((await h.response(ack.responseId)).text).toContain('Sent to the security team');
    }
    await waitFor('12 approval messages', () => h.slack.parents('C0APPROVALS').length === 12 || undefined);

    await openHome(h, USERS.requester);
    const first = await homeView(h, USERS.requester, (t) => t.includes('Showing 1–10 of 12'));
    expect(textOf(first)).toContain('portal-12.contoso.com'); // newest first
    expect(textOf(first)).not.toContain('portal-02.contoso.com');
    expect(blocksOf(first).length).toBeLessThanOrEqual(100);
    expect(buttonsOf(blockNamed(first, 'unblock_home_pages:mine'))).toEqual(['Next']);

    await clickHome(h, { userId: USERS.requester, view: first, blockId: 'unblock_home_pages:mine', actionId: 'unblock_home_next' });
    const second = await homeView(h, USERS.requester, (t) => t.includes('Showing 11–12 of 12'));
    expect(textOf(second)).toContain('portal-01.contoso.com');
    expect(textOf(second)).not.toContain('portal-12.contoso.com');
    expect(buttonsOf(blockNamed(second, 'unblock_home_pages:mine'))).toEqual(['Previous']);
    // Previous from the short last page goes back to the first, not to a page past the end.
    await clickHome(h, { userId: USERS.requester, view: second, blockId: 'unblock_home_pages:mine', actionId: 'unblock_home_previous' });
    await homeView(h, USERS.requester, (t) => t.includes('Showing 1–10 of 12'));

    await openHome(h, USERS.approver);
    const approver = await homeView(h, USERS.approver, (t) => t.includes('Waiting for you'));
    // Five waiting requests with their controls, the longest-waiting first; the next page holds newer ones.
    expect(textOf(approver)).toContain('Showing 1–5 of 12');
    expect(textOf(approver)).toContain('portal-01.contoso.com');
    expect(blocksOf(approver).filter((b) => b.block_id?.startsWith('unblock_decision:'))).toHaveLength(5);
    expect(blocksOf(approver).length).toBeLessThanOrEqual(100);
    expect(buttonsOf(blockNamed(approver, 'unblock_home_pages:waiting'))).toEqual(['Next']);
    await clickHome(h, { userId: USERS.approver, view: approver, blockId: 'unblock_home_pages:waiting', actionId: 'unblock_home_next' });
    const newer = await homeView(h, USERS.approver, (t) => t.includes('Showing 6–10 of 12'));
    expect(textOf(newer)).toContain('portal-06.contoso.com');
    expect(textOf(newer)).not.toContain('portal-01.contoso.com');
  });
});

describe('the App Home tab in Socket Mode (the manifest default)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it('publishes the Home tab when app_home_opened arrives over the socket, and ignores the Messages tab', async () => {
    h = await Harness.start(databaseTargets()[0]!, { SLACK_APP_TOKEN: 'xapp-1-A0UNBLOCK-test-app-token', SLACK_SIGNING_SECRET: '' });
    await waitFor('socket connection', () => h.socket.connections === 1);
    await h.socket.deliver('events_api', JSON.parse(appHomeOpenedBody({ userId: USERS.approver, tab: 'messages' })));
    await h.socket.deliver('events_api', JSON.parse(appHomeOpenedBody({ userId: USERS.approver, tab: 'home' })));
    const home = await homeView(h, USERS.approver, (t) => t.includes('Waiting for you'));
    expect(textOf(home)).toContain('How to report a blocked portal');
    expect(h.slack.publishedViews).toHaveLength(1);
  });
});
