import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defenderTime } from '../http-fakes/fake-defender.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { databaseTargets } from '../support/test-databases.ts';

const HOST = 'logistics.contoso.com';

describe.each(databaseTargets())('a target Defender flagged as Malicious needs two different approvers ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target);
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', category: 'Malicious' })]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('one approval creates nothing; a second, different approver creates exactly one indicator for the shorter time', async () => {
    await h.command(`https://${HOST} the shipping app fails`);
    const message = await h.approvalMessage();
    const requestId = requestIdOf(message);
    expect(visibleText(message)).toContain('it needs *two different approvers*');
    expect(visibleText(message)).toContain('Actions & submissions → Submissions → URLs');

    // A threat verdict's allow lasts MAX_THREAT_ALLOW_DURATION (P1D) at most: a forged longer one is refused.
    const tooLong = await h.click('approve', { message, userId: USERS.approver, duration: 'P3D' });
    expect((await h.response(tooLong.responseId)).text).toContain('That duration is not on offer');
    expect(await h.prisma.approval.count()).toBe(0);
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    const waiting = await waitFor('1 of 2 on the message', () => (visibleText(h.current(message)).includes('*1 of 2 approvals:*') ? h.current(message) : undefined));
    expect(visibleText(waiting)).toContain(`*1 of 2 approvals:* <@${USERS.approver}> approved for 1 day; a second, different approver must approve too.`);
    expect(requestIdOf(waiting)).toBe(requestId); // the controls are still there
    await waitFor('thread note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('Nothing is allowed yet')));
    expect(h.defender.indicators.size).toBe(0);
    expect(h.defender.requestsOf('POST')).toHaveLength(0);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'pending_approval' });
    expect(await h.prisma.decision.count()).toBe(0);
    expect(await h.prisma.approval.findMany({ select: { approverId: true, duration: true } })).toEqual([{ approverId: USERS.approver, duration: 'P1D' }]);

    const again = await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    expect((await h.response(again.responseId)).text).toContain('You have already approved this request');
    expect(await h.prisma.approval.count()).toBe(1);

    await h.click('approve', { message, userId: USERS.secondApprover, duration: 'PT8H' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    const decision = await h.prisma.decision.findFirstOrThrow();
    expect(decision).toMatchObject({ outcome: 'approved', deciderId: USERS.secondApprover, duration: 'PT8H' });
    const [indicator] = [...h.defender.indicators.values()];
    expect(indicator).toMatchObject({ indicatorType: 'DomainName', indicatorValue: HOST, action: 'Allowed', expirationTime: defenderTime(decision.allowUntil!) });
    expect(indicator!.description).toContain(`Approved by Slack users ${USERS.approver} and ${USERS.secondApprover}`);
    expect(h.defender.requestsOf('POST')).toHaveLength(1);
    const decided = await waitFor('decided message', () => (visibleText(h.current(message)).includes('Defender indicator') ? h.current(message) : undefined));
    expect(visibleText(decided)).toContain(`*Approved* by <@${USERS.approver}> and <@${USERS.secondApprover}>`);
    expect(visibleText(decided)).not.toContain('approvals:*');
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'active' });
  });

  it('two different approvers clicking at once end approved exactly once', async () => {
    await h.command(`https://${HOST}`);
    const message = await h.approvalMessage();
    const clicks = await Promise.all([
      h.click('approve', { message, userId: USERS.approver, duration: 'P1D' }),
      h.click('approve', { message, userId: USERS.secondApprover, duration: 'PT8H' }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);

    await waitFor('indicator', () => h.defender.indicators.size === 1);
    expect(await h.prisma.decision.findFirstOrThrow()).toMatchObject({ outcome: 'approved', duration: 'PT8H' });
    expect(await h.prisma.approval.count()).toBe(2);
    expect(h.defender.requestsOf('POST')).toHaveLength(1);
    // Neither approver was refused.
    expect(clicks.flatMap((c) => h.slack.responsesTo(c.responseId))).toEqual([]);
  });
});
