import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { databaseTargets } from '../support/test-databases.ts';

const URL = 'https://logistics.contoso.com/portal/login';
/** What a browser's address bar shows after a login redirect (issue 7): escapes in the query. */
const RETURN_URL = `${URL}?ReturnUrl=%2Fportal%2Fhome`;

describe.each(databaseTargets())('an approver may allow only the reported URL ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('offers the URL choice, explains where it works, and creates a Url indicator for the reported URL', async () => {
    await h.command(`${URL} the shipping app fails`);
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('URL: this path only (Edge only)');
    expect(visibleText(message)).toContain('Full-path URL indicators are enforced only in Microsoft Edge');

    await h.click('approve', { message, userId: USERS.approver, indicatorKind: 'Url' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    const [indicator] = [...h.defender.indicators.values()];
    expect(indicator).toMatchObject({ indicatorType: 'Url', indicatorValue: URL, action: 'Allowed' });
    // The thread hears of the indicator once it is recorded.
    const note = await waitFor('thread note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('created')));
    expect(note.text).toContain(`Url \`${URL}\``);
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ indicatorType: 'Url', indicatorValue: URL });
    expect((await waitFor('DM', () => h.slack.dms(USERS.requester)[0])).text).toContain('only in Microsoft Edge');
  });

  it('takes an address pasted with % escapes: hunts its host, and the URL-only allow is for exactly that URL', async () => {
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', url: RETURN_URL })]);
    // Exactly what Slack delivers for `/portal-blocked <pasted address> the shipping app fails`.
    const ack = await h.command(`<${RETURN_URL}> the shipping app fails`, USERS.requester, { wire: true });
    expect(ack.json?.text).toContain('Looking for Defender block events for `logistics.contoso.com`');
    const message = await h.approvalMessage();
    // Hunting looks for the host, never the URL: no escape reaches the query.
    expect(h.graph.queries.map((q) => q.target)).toEqual(['logistics.contoso.com']);
    expect(h.graph.queries[0]!.query).not.toContain('%');
    expect(visibleText(message)).toContain('Defender blocked it *1 time* on *1 device*');
    expect(visibleText(message)).toContain(`you may allow *only* \`${RETURN_URL}\``);
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ reportedTarget: RETURN_URL, targetValue: 'logistics.contoso.com' });

    await h.click('approve', { message, userId: USERS.approver, indicatorKind: 'Url' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    const [indicator] = [...h.defender.indicators.values()];
    expect(indicator).toMatchObject({ indicatorType: 'Url', indicatorValue: RETURN_URL, action: 'Allowed' });
    // Defender's 100-character title clips the URL, with its escapes as sent.
    expect(indicator!.title).toBe('Unblock #1: temporary allow for https://logistics.contoso.com/portal/login?ReturnUrl=%2Fportal%2Fho…');
    // The row is written after Defender answers; the thread note comes after the row.
    const note = await waitFor('thread note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('created')));
    expect(note.text).toContain(`Url \`${RETURN_URL}\``);
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ indicatorType: 'Url', indicatorValue: RETURN_URL });
    expect((await waitFor('DM', () => h.slack.dms(USERS.requester)[0])).text).toContain(`\`${RETURN_URL}\``);
  });

  it('reads lower-case escapes as the same URL: finds and reuses the Allowed Url indicator Defender holds', async () => {
    const existing = h.defender.seed({
      indicatorValue: RETURN_URL,
      indicatorType: 'Url',
      action: 'Allowed',
      title: 'Carrier portal login',
      description: 'added by the web team',
      expirationTime: null,
    });
    await h.command(`<${URL}?ReturnUrl=%2fportal%2fhome> the shipping app fails`, USERS.requester, { wire: true });
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain(`you may allow *only* \`${RETURN_URL}\``);

    await h.click('approve', { message, userId: USERS.approver, indicatorKind: 'Url' });
    const note = await waitFor('reuse in thread', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('reused')));
    expect(note.text).toContain(existing.id);
    // The escapes survive the query string: Defender reads back the value that was asked for.
    expect(h.defender.requestsOf('GET').at(-1)!.query.get('$filter')).toBe(`indicatorValue eq '${RETURN_URL}'`);
    expect(h.defender.requestsOf('POST')).toHaveLength(0);
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ defenderId: existing.id, indicatorValue: RETURN_URL, reusedExisting: true });
  });

  it('refuses a forged kind value and changes nothing', async () => {
    await h.command('https://logistics.contoso.com the shipping app fails');
    const message = await h.approvalMessage();
    expect(visibleText(message)).not.toContain('URL: this path only');

    const forged = await h.click('approve', { message, userId: USERS.approver, indicatorKind: 'Url' });
    expect((await h.response(forged.responseId)).text).toContain('That kind of indicator is not on offer');
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(message) } })).toMatchObject({ status: 'pending_approval', version: 1 });
    expect(await h.prisma.approval.count()).toBe(0);
    // The report looked up existing indicators (GET); nothing was written to Defender.
    expect(h.defender.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });
});
