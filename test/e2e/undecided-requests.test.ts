import { afterEach, describe, expect, it } from 'vitest';
import { huntingRow } from '../builders/hunting-rows.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import type { PostedMessage } from '../http-fakes/fake-slack.ts';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const COLLEAGUE = 'U0COLLEAGUE';
const hasButtons = (message: PostedMessage) => (message.blocks ?? []).some((b) => (b as { type: string }).type === 'actions');

describe.each(databaseTargets())('a request nobody decides: one reminder, then closed ($name)', (target) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('reminds the approver group once after 30 minutes, closes it after 3 days, tells every reporter how to ask again, and frees the host', { timeout: 120_000 }, async () => {
    const clock = new FakeClock(new Date('2026-11-26T09:00:00.773Z'));
    h = await Harness.start(target, { APPROVER_USERGROUP_ID: 'S0APPROVERS' }, { clock });
    const harness = h;
    h.slack.usergroups.set('S0APPROVERS', [USERS.groupMember]);
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', process: 'chrome.exe' })]);
    await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();
    const requestId = requestIdOf(message);
    await h.command('logistics.contoso.com same here', COLLEAGUE);
    await waitFor('the join acknowledged', () => harness.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes(`<@${COLLEAGUE}>`)));
    expect(await h.prisma.reporter.count({ where: { requestId } })).toBe(2);
    const thread = () => harness.slack.thread(APPROVAL_CHANNEL, message.ts);
    const escalations = () => thread().filter((m) => m.text?.startsWith(':bell:'));

    clock.advance(29 * MINUTE);
    await h.running.reconcileNow();
    expect(escalations()).toEqual([]);

    clock.advance(2 * MINUTE);
    await h.running.reconcileNow();
    const [escalation] = escalations();
    expect(escalation!.text).toMatch(/^:bell: <!subteam\^S0APPROVERS> request #\d+ for `logistics\.contoso\.com`, reported by <@U0REQUESTER> <!date\^\d+\^[^>]+> \(2 reporters\), is still waiting for a decision\. One approver can decide it\./);
    expect(escalation!.text).toContain(`it closes undecided <!date^${Math.floor(Date.parse('2026-11-29T09:00:00.773Z') / 1000)}^`);
    // Shown in the channel too, not only to those following the thread.
    expect(escalation!.reply_broadcast).toBe(true);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => String(c.args.text).startsWith(':bell:')).map((c) => c.args.reply_broadcast)).toEqual(['true']);

    // A second round, and a later one, send none.
    await h.running.reconcileNow();
    clock.advance(DAY);
    await h.running.reconcileNow();
    expect(escalations()).toHaveLength(1);
    expect(hasButtons(h.current(message))).toBe(true);

    clock.advance(2 * DAY);
    await h.running.reconcileNow();
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'expired', openKey: null, closedBy: 'system:reconciler' });
    await waitFor('message refreshed', () => visibleText(harness.current(message)).includes('*Expired undecided*'));
    expect(hasButtons(h.current(message))).toBe(false);
    expect(thread().find((m) => m.text?.startsWith(':hourglass: Nobody decided'))!.text).toContain('within 3 days, so it is closed as *expired*; nothing was allowed. All 2 reporters were told how to ask again.');
    for (const reporter of [USERS.requester, COLLEAGUE]) {
      const dm = await waitFor(`DM to ${reporter}`, () => harness.slack.dms(reporter).find((m) => m.text?.startsWith(':hourglass:')));
      expect(dm.text).toContain('within 3 days, so it was closed and nothing was allowed. If you still need it, ask again: run `/portal-blocked logistics.contoso.com &lt;what you need it for&gt;`');
    }
    expect(h.defender.indicators.size).toBe(0);

    // A click on the old message changes nothing and says why.
    const late = await h.click('approve', { message: h.current(message), userId: USERS.groupMember, value: requestId });
    expect((await h.response(late.responseId)).text).toContain('expired undecided');
    expect(await h.prisma.decision.count()).toBe(0);

    // The host is free: reporting it again opens a new request with a new approval message.
    await h.command('https://logistics.contoso.com still broken');
    const second = await h.approvalMessage(2);
    expect(requestIdOf(second)).not.toBe(requestId);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(second) } })).toMatchObject({ status: 'pending_approval', escalatedAt: null });
  });

  it('without an approver group, the reminder mentions the approver ids', { timeout: 60_000 }, async () => {
    const clock = new FakeClock(new Date('2026-11-26T09:00:00.773Z'));
    h = await Harness.start(target, {}, { clock });
    const harness = h;
    await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();
    await h.delivered();
    clock.advance(31 * MINUTE);
    await h.running.reconcileNow();
    const escalation = await waitFor('escalation', () => harness.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.startsWith(':bell:')));
    expect(escalation.text).toMatch(new RegExp(`^:bell: <@${USERS.approver}> <@${USERS.secondApprover}> request #`));
  });

  it('an Approve clicked after PENDING_TTL, before the reconciler ran, is refused with when it closed, and allows nothing', { timeout: 60_000 }, async () => {
    const clock = new FakeClock(new Date('2026-11-26T09:00:00.773Z'));
    h = await Harness.start(target, {}, { clock });
    await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();
    await h.delivered();
    clock.advance(3 * DAY + MINUTE);

    const late = await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    expect((await h.response(late.responseId)).text).toBe(
      `:hourglass: Request #1 closed undecided <!date^${Math.floor(Date.parse('2026-11-29T09:00:00.773Z') / 1000)}^{date_short_pretty} {time}|2026-11-29T09:00:00.773Z>, so it can no longer be approved; ask the requester to report it again. Nothing was changed.`,
    );
    expect(await h.prisma.approval.count()).toBe(0);
    expect(await h.prisma.decision.count()).toBe(0);

    await h.running.reconcileNow();
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ status: 'expired' });
    expect(h.defender.indicators.size).toBe(0);
  });

  it('a command-and-control request nobody decided: escalated as a possible compromise, closed telling the requester the security team has it', { timeout: 90_000 }, async () => {
    const clock = new FakeClock(new Date('2026-11-26T09:00:00.773Z'));
    h = await Harness.start(target, {}, { clock });
    const harness = h;
    // A C2 verdict as Network Protection reports it (defender-api.md §2 "ResponseCategory values").
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', category: 'C2' })]);
    await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();
    const thread = () => harness.slack.thread(APPROVAL_CHANNEL, message.ts);

    clock.advance(31 * MINUTE);
    await h.running.reconcileNow();
    const escalation = await waitFor('escalation', () => thread().find((m) => m.text?.startsWith(':bell:')));
    expect(escalation.text).toContain('is still open: Defender saw *command-and-control* traffic to it, a *possible compromise*, so Approve is not offered.');
    expect(escalation.text).not.toContain('Approve or deny it');
    expect(escalation.text).not.toContain('different approvers');

    clock.advance(3 * DAY);
    await h.running.reconcileNow();
    const dm = await waitFor('DM', () => harness.slack.dms(USERS.requester).find((m) => m.text?.startsWith(':rotating_light: Request #')));
    expect(dm.text).toContain('the security team has it as a *possible security incident*');
    expect(dm.text).not.toContain('ask again');
    expect(h.defender.indicators.size).toBe(0);
  });
});
