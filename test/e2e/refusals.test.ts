import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { Harness, USERS, visibleText } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const hasControls = (h: Harness, message: Parameters<Harness['current']>[0]) =>
  h.current(message).blocks!.some((b) => (b as { type: string }).type === 'actions');

describe.each(databaseTargets())('refusals change nothing ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target, { APPROVER_USER_IDS: `${USERS.approver},${USERS.requester}` });
  });
  afterEach(async () => {
    await h.stop();
  });

  it.each([
    ['co.uk', 'public suffix'],
    ['github.io', 'public suffix'],
    ['http://[zz', "doesn't look like a URL"],
    ['intranet', 'Give the full hostname'],
    ['*.contoso.com', 'Wildcards are not allowed'],
    ['http://10.0.0.10:8080/x', 'request the portal'],
    ['ftp://logistics.contoso.com', 'Only web addresses'],
    ['', 'Usage'],
  ])('refuses %j at once with a clear message', async (text, expected) => {
    const ack = await h.command(text);
    expect(ack.status).toBe(200);
    expect(ack.json?.response_type).toBe('ephemeral');
    expect(ack.json?.text).toContain(expected);
    expect(h.graph.queries).toHaveLength(0);
    expect(await h.prisma.unblockRequest.count()).toBe(0);
  });

  it('refuses forged, replayed and unsigned requests with 401', async () => {
    const forged = await h.command('https://logistics.contoso.com', USERS.requester, { signature: 'v0=deadbeef' });
    const replayed = await h.command('https://logistics.contoso.com', USERS.requester, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const unsigned = await h.command('https://logistics.contoso.com', USERS.requester, { signature: null });
    expect([forged.status, replayed.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(h.graph.queries).toHaveLength(0);
    expect(await h.prisma.unblockRequest.count()).toBe(0);
  });

  it('lets only approvers decide, never their own request, only from the request message, only with offered durations', async () => {
    await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();

    const outsider = await h.click('approve', { message, userId: USERS.outsider });
    expect((await h.response(outsider.responseId)).text).toContain('Only approvers');
    const self = await h.click('approve', { message, userId: USERS.requester });
    expect((await h.response(self.responseId)).text).toContain('cannot decide your own request');
    const elsewhere = await h.click('approve', { message: { ...message, ts: '1790000000.999999' }, userId: USERS.approver });
    expect((await h.response(elsewhere.responseId)).text).toContain('does not belong to a request');
    const forgedDuration = await h.click('approve', { message, userId: USERS.approver, duration: 'P365D' });
    expect((await h.response(forgedDuration.responseId)).text).toContain('not on offer');
    const unknownRequest = await h.click('approve', { message, userId: USERS.approver, value: '00000000-0000-4000-8000-000000000000' });
    expect((await h.response(unknownRequest.responseId)).text).toContain('does not belong to a request');

    for (const response of [outsider, self, elsewhere, forgedDuration]) {
      expect(h.slack.responsesTo(response.responseId)[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    }
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ status: 'pending_approval', version: 1 });
    expect(await h.prisma.decision.count()).toBe(0);
    // The report looked up existing indicators (GET); nothing was written to Defender.
    expect(h.defender.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    expect(hasControls(h, message)).toBe(true);
  });

  it('reports a bot token Slack rejects as a clear startup error', async () => {
    h.slack.failMethod('auth.test', 'invalid_auth');
    await expect(h.restart()).rejects.toMatchObject({ code: 'slack_webapi_platform_error', data: { error: 'invalid_auth' } });
    h.slack.failures.clear();
    await h.restart();
    await h.command('https://logistics.contoso.com');
    expect(visibleText(await h.approvalMessage())).toContain('logistics.contoso.com');
    await waitFor('response', () => h.slack.responsesTo('cmd-1')[0]);
  });
});
