import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { Harness, requestIdOf, USERS } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

/** Sends `/portal-blocked` until the ack is no longer the full-queue answer (the last job's slot frees just after its reply). */
async function commandOnceThereIsRoom(h: Harness, text: string, userId: string) {
  for (let attempt = 0; ; attempt++) {
    const ack = await h.command(text, userId);
    if (!ack.json?.text?.includes('a lot of reports') || attempt === 50) return ack;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(databaseTargets())('a full work queue ($name)', (target) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
  });

  it('answers a report in its ack that nothing was recorded, and records nothing', async () => {
    h = await Harness.start(target, {}, { workLimits: { reports: { concurrency: 1, capacity: 1 } } });
    const release = h.graph.hold();
    const first = await h.command('https://a.contoso.com/login shipping');
    expect(first.json?.text).toContain('Looking for Defender block events');
    await waitFor('the first hunting query', () => h!.graph.queries.length === 1);

    const refused = [
      await h.command('https://b.contoso.com/ payroll', USERS.outsider),
      // Joining an open request is work too: refused alike, and the reporter is not added.
      await h.command('https://a.contoso.com/login me too', USERS.outsider),
    ];
    for (const ack of refused) {
      expect(ack.status).toBe(200);
      expect(ack.json).toEqual({
        response_type: 'ephemeral',
        text: expect.stringContaining('Unblock is handling a lot of reports right now, so nothing was recorded. Please try again in a minute.'),
      });
    }

    release();
    expect((await h.response(first.responseId)).text).toContain('Sent to the security team');
    const later = await commandOnceThereIsRoom(h, 'https://b.contoso.com/ payroll', USERS.outsider);
    expect((await h.response(later.responseId)).text).toContain('Sent to the security team');

    const requests = await h.prisma.unblockRequest.findMany({ orderBy: { number: 'asc' }, include: { reporters: true } });
    expect(requests.map((r) => [r.targetValue, r.reporters.map((p) => p.userId)])).toEqual([
      ['a.contoso.com', [USERS.requester]],
      ['b.contoso.com', [USERS.outsider]],
    ]);
    expect(h.graph.queries.map((q) => q.target)).toEqual(['a.contoso.com', 'b.contoso.com']);
    for (const ack of refused) expect(h.slack.responsesTo(ack.responseId)).toEqual([]);
  });

  it('tells a clicker privately that the click changed nothing', async () => {
    h = await Harness.start(target, {}, { workLimits: { clicks: { concurrency: 1, capacity: 1 } } });
    await h.command('https://a.contoso.com shipping');
    const a = await h.approvalMessage(1);
    await h.command('https://b.contoso.com payroll', USERS.outsider);
    const b = await h.approvalMessage(2);

    const release = h.defender.holdNext('POST');
    await h.click('approve', { message: a, userId: USERS.approver });
    await waitFor('the indicator POST', () => h!.defender.requestsOf('POST').length === 1);
    const deny = await h.click('deny', { message: b, userId: USERS.secondApprover });
    expect(deny.status).toBe(200);
    expect(await h.response(deny.responseId)).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringContaining('Unblock is handling a lot of requests right now, so that click changed nothing.'),
    });

    release();
    await waitFor('the approval DMed to the reporter', () => h!.slack.dms(USERS.requester).find((m) => m.text?.includes('was approved by')));
    const requestB = await h.prisma.unblockRequest.findUnique({ where: { id: requestIdOf(b) }, include: { decision: true } });
    expect(requestB).toMatchObject({ status: 'pending_approval', decision: null });
  });
});
