import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

describe.each(databaseTargets())('one decision per request ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('double clicks and two approvers at once yield exactly one decision and one indicator', async () => {
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    const clicks = await Promise.all([
      h.click('approve', { message, userId: USERS.approver, duration: 'PT8H' }),
      h.click('approve', { message, userId: USERS.approver, duration: 'PT8H' }),
      h.click('approve', { message, userId: USERS.secondApprover, duration: 'P7D' }),
      h.click('deny', { message, userId: USERS.secondApprover }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200, 200]);

    await waitFor('three refusals', () => clicks.filter((c) => h.slack.responsesTo(c.responseId).length > 0).length === 3);
    const winner = clicks.find((c) => h.slack.responsesTo(c.responseId).length === 0)!;
    for (const loser of clicks.filter((c) => c !== winner)) {
      expect(h.slack.responsesTo(loser.responseId)[0]!.text).toMatch(/was already (approved|denied) by <@U0APPROVER2?>/);
    }
    expect(await h.prisma.decision.count()).toBe(1);
    const decision = await h.prisma.decision.findFirstOrThrow();
    if (decision.outcome === 'approved') {
      await waitFor('indicator', () => h.defender.indicators.size === 1);
      expect(h.defender.requestsOf('POST')).toHaveLength(1);
    } else {
      expect(h.defender.requestsOf('POST')).toHaveLength(0);
    }
    const audit = await h.prisma.auditEntry.findMany({ where: { action: { in: ['request.approved', 'request.denied'] } } });
    expect(audit).toHaveLength(1);
  });

  it('a deny closes the request, tells everyone, and a new report starts over', async () => {
    const first = await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();
    await h.click('deny', { message, userId: USERS.approver });

    const denied = await waitFor('denied message', () => (visibleText(h.current(message)).includes('*Denied* by') ? h.current(message) : undefined));
    expect(denied.blocks!.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    await waitFor('thread note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('*Denied* by <@U0APPROVER>')));
    expect((await waitFor('DM', () => h.slack.dms(USERS.requester)[0])).text).toContain('was denied by <@U0APPROVER>');
    expect((await h.response(first.responseId)).text).toContain('Sent to the security team');
    // The report looked up existing indicators (GET); nothing was written to Defender.
    expect(h.defender.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(message) } })).toMatchObject({ status: 'denied', openKey: null });

    await h.command('https://logistics.contoso.com still broken');
    const second = await h.approvalMessage(2);
    expect(requestIdOf(second)).not.toBe(requestIdOf(message));
    expect(visibleText(second)).toContain('Unblock request #2');
    expect(h.graph.queries).toHaveLength(2);
  });

  it('a Defender failure leaves the request approved but not active, and says so', async () => {
    h.defender.failNext('POST', { status: 500, body: { error: { code: 'InternalServerError', message: 'boom', target: 'corr-500-abc' } } });
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver });

    const note = await waitFor('failure in thread', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('could not be created')));
    expect(note.text).toContain('HTTP 500');
    expect(note.text).toContain('corr-500-abc');
    expect((await waitFor('DM', () => h.slack.dms(USERS.requester)[0])).text).toContain('has not accepted the allow yet');
    // The message update travels its own outbox lane: it may land after the DM.
    await waitFor('message says not active yet', () => visibleText(h.current(message)).includes('*not active yet*') || undefined);
    const request = await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(message) }, include: { indicator: true } });
    expect(request).toMatchObject({ status: 'approved', indicator: null });
    expect(await h.prisma.auditEntry.count({ where: { action: 'allow.activation_failed' } })).toBe(1);
    expect(h.defender.indicators.size).toBe(0);
  });

  it('names the missing permission when Defender refuses', async () => {
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    // Refuses the activation's look-up (the report's own look-ups came before).
    h.defender.failNext('GET', { status: 403, body: { error: { code: 'Forbidden', message: 'no', target: 'corr-403' } } });
    await h.click('approve', { message, userId: USERS.approver });
    // A 403 cannot succeed on retry: the approver is alerted at once, with the permission to grant.
    const note = await waitFor('failure in thread', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('refused the allow indicator')));
    expect(note.text).toContain(`<@${USERS.approver}>`);
    expect(note.text).toContain('Ti.ReadWrite');
  });

  it('reuses an Allowed indicator that already lasts long enough instead of duplicating it', async () => {
    const existing = h.defender.seed({
      indicatorValue: 'logistics.contoso.com',
      indicatorType: 'DomainName',
      action: 'Allowed',
      title: 'Manual allow',
      description: 'added by hand',
      expirationTime: null,
    });
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver, duration: 'P3D' });
    const note = await waitFor('reuse in thread', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('reused')));
    expect(note.text).toContain(existing.id);
    expect(h.defender.requestsOf('POST')).toHaveLength(0);
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ defenderId: existing.id, reusedExisting: true, expiresAt: null });
  });

  it('an admin\'s allow that ends too early is neither rewritten nor duplicated: the allow rides on it and the thread says when it ends', async () => {
    const existing = h.defender.seed({
      indicatorValue: 'logistics.contoso.com',
      indicatorType: 'DomainName',
      action: 'Allowed',
      title: 'Manual allow',
      description: 'added by hand',
      expirationTime: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    const note = await waitFor('active', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('reused, nothing new was created')));
    expect(note.text).toContain(':warning: That indicator ends');
    expect(h.defender.requestsOf('POST')).toHaveLength(0);
    expect([...h.defender.indicators.values()]).toEqual([existing]);
  });
});
