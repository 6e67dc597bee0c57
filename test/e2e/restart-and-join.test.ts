import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { databaseTargets } from '../support/test-databases.ts';

describe.each(databaseTargets())('restarts and repeated reports ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target);
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01' })]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('a request survives a restart between report and approval', async () => {
    await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();
    await waitFor('reply', () => h.slack.responsesTo('cmd-1')[0]);
    await h.restart();

    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    await waitFor('active', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('created')));
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(message) } })).toMatchObject({ status: 'active' });
    // The report after the restart joins the same request instead of opening another.
    const again = await h.command('logistics.contoso.com', USERS.outsider);
    expect((await h.response(again.responseId)).text).toContain('is already allowed until');
    expect(h.graph.queries).toHaveLength(1);
  });

  it('an approved-but-not-active request is still approved after a restart', async () => {
    h.defender.failNext('POST', { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'down', target: 'corr-503' } } });
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('failure note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('could not be created')));
    await h.restart();
    const request = await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(message) }, include: { decision: true, indicator: true } });
    expect(request).toMatchObject({ status: 'approved', indicator: null, decision: { outcome: 'approved', deciderId: USERS.approver } });
    // A late click after the restart still finds it decided.
    const late = await h.click('approve', { message, userId: USERS.secondApprover });
    expect((await h.response(late.responseId)).text).toContain('was already approved by <@U0APPROVER>');
  });

  it('a second report joins the open request: named once in the thread, no second hunting query', async () => {
    await h.command('https://logistics.contoso.com/portal shipping app');
    const message = await h.approvalMessage();
    const second = await h.command('logistics.contoso.com labels do not print', USERS.outsider);
    expect((await h.response(second.responseId)).text).toContain("already has an open request (#1), waiting for an approver. I've added you");
    const joined = await waitFor('reporters note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.startsWith(':raised_hands:')));
    expect(joined.text).toBe(`:raised_hands: 1 more person reported it:\n• <@${USERS.outsider}>\n>labels do not print`);
    const again = await h.command('logistics.contoso.com', USERS.outsider);
    expect((await h.response(again.responseId)).text).toContain('You had already reported it');
    await h.delivered();
    expect(h.graph.queries).toHaveLength(1);
    expect(h.slack.parents(APPROVAL_CHANNEL)).toHaveLength(1);
    expect(h.slack.thread(APPROVAL_CHANNEL, message.ts).filter((m) => m.text?.includes('reported it'))).toHaveLength(1);
    await waitFor('message counts two reporters', () => visibleText(h.current(message)).includes('*2 reporters*') || undefined);
    expect(await h.prisma.reporter.count()).toBe(2);

    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('both reporters told', () => h.slack.dms(USERS.requester).length === 1 && h.slack.dms(USERS.outsider).length === 1);
    await waitFor('message names the second reporter', () => visibleText(h.current(message)).includes(`also reported by <@${USERS.outsider}>`) || undefined);
  });
});
