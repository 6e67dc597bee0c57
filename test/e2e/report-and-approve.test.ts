import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defenderTime } from '../http-fakes/fake-defender.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, SECRETS, USERS, visibleText } from '../support/e2e-harness.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { databaseTargets } from '../support/test-databases.ts';

describe.each(databaseTargets())('report → evidence → approval → allow indicator ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target);
    h.graph.addEvents([
      huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', process: 'chrome.exe' }),
      huntingRow({ at: '2026-11-25T10:00:00Z', device: 'LAPTOP-02', process: 'ShippingApp.exe', account: 'bob' }),
      huntingRow({ at: '2026-11-24T08:00:00Z', device: 'LAPTOP-01', action: 'ExploitGuardNetworkProtectionAudited' }),
    ]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('answers at once, asks approvers with the evidence, and creates a time-boxed allow on approval', async () => {
    const ack = await h.command('https://logistics.contoso.com/portal/login the shipping app fails since Monday');
    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('Looking for Defender block events for `logistics.contoso.com`') });

    // One hunting query, for the exact host, over the configured lookback, with a Graph-scoped token.
    const message = await h.approvalMessage();
    expect(h.graph.queries).toHaveLength(1);
    expect(h.graph.queries[0]).toMatchObject({ target: 'logistics.contoso.com', timespan: 'P7D' });
    expect(h.graph.queries[0]!.query).toContain('ExploitGuardNetworkProtectionBlocked');

    const text = visibleText(message);
    expect(text).toContain(`<@${USERS.requester}> cannot reach \`logistics.contoso.com\``);
    expect(text).toContain('>the shipping app fails since Monday');
    expect(text).toMatch(/Defender blocked it \*2 times\* \(plus 1 audit-mode event\) on \*2 devices\*/);
    expect(text).toContain("Your organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×3, 1 in audit mode)");
    expect(text).toContain('`https://logistics.contoso.com/portal/login`');
    expect(text).not.toMatch(/<https?:/); // the target is never a link
    const actions = message.blocks!.find((b) => (b as { type: string }).type === 'actions') as {
      elements: Array<{ type: string; action_id: string; options?: Array<{ value: string }>; initial_option?: { value: string }; confirm?: unknown; style?: string }>;
    };
    const select = actions.elements.find((e) => e.type === 'static_select')!;
    expect(select.options!.map((o) => o.value)).toEqual(['PT8H', 'P1D', 'P3D', 'P7D', 'P30D']);
    expect(select.initial_option!.value).toBe('P1D');
    expect(actions.elements.find((e) => e.action_id === 'unblock_approve')).toMatchObject({ style: 'primary', confirm: expect.anything() });
    expect(actions.elements.find((e) => e.action_id === 'unblock_deny')).toMatchObject({ style: 'danger' });

    // The thread carries the detail; the reporter hears where the request went.
    const detail = await waitFor('evidence detail', () => h.slack.thread(APPROVAL_CHANNEL, message.ts)[0]);
    expect(detail.text).toContain('laptop-02.corp.contoso.com');
    expect(detail.text).toContain('`ShippingApp.exe`');
    expect((await h.response(ack.responseId)).text).toContain('Sent to the security team as request #');

    const requestId = requestIdOf(message);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({
      status: 'pending_approval',
      targetValue: 'logistics.contoso.com',
      indicatorType: 'DomainName',
      approvalChannelId: APPROVAL_CHANNEL,
      approvalMessageTs: message.ts,
    });

    const click = await h.click('approve', { message, userId: USERS.approver, duration: 'P3D' });
    expect(click.status).toBe(200);
    const posted = await waitFor('indicator POST', () => h.defender.requestsOf('POST')[0]);
    const body = JSON.parse(posted.body) as Record<string, unknown>;
    const stored = await h.prisma.decision.findUniqueOrThrow({ where: { requestId } });
    expect(stored).toMatchObject({ outcome: 'approved', deciderId: USERS.approver, duration: 'P3D' });
    // Three days, rounded down to the whole second Defender keeps.
    expect(stored.allowUntil!.getMilliseconds()).toBe(0);
    expect(stored.decidedAt.getTime() + 3 * 86_400_000 - stored.allowUntil!.getTime()).toBeGreaterThanOrEqual(0);
    expect(stored.decidedAt.getTime() + 3 * 86_400_000 - stored.allowUntil!.getTime()).toBeLessThan(1000);
    expect(body).toMatchObject({
      indicatorValue: 'logistics.contoso.com',
      indicatorType: 'DomainName',
      action: 'Allowed',
      generateAlert: false,
      expirationTime: defenderTime(stored.allowUntil!),
    });
    expect(body.title).toContain('#');
    expect(body.description).toContain(USERS.requester);
    expect(body.description).toContain(USERS.approver);
    expect(body.description).toContain('the shipping app fails since Monday');
    // Before creating, it looked for an existing indicator on the value (the last look-up; the report's came before).
    expect(h.defender.requestsOf('GET').at(-1)!.query.get('$filter')).toBe("indicatorValue eq 'logistics.contoso.com'");

    const updated = await waitFor('approval message updated', () => {
      const current = h.current(message);
      return visibleText(current).includes('Approved') && visibleText(current).includes('allowed until') ? current : undefined;
    });
    // The decision controls are gone; only Revoke remains while the allow stands.
    const controls = updated.blocks!.filter((b) => (b as { type: string }).type === 'actions') as Array<{ elements: Array<{ action_id: string }> }>;
    expect(controls.flatMap((a) => a.elements.map((e) => e.action_id))).toEqual(['unblock_revoke']);
    expect(visibleText(updated)).toContain(`*Approved* by <@${USERS.approver}>`);

    const indicatorId = [...h.defender.indicators.values()][0]!.id;
    await waitFor('indicator in thread', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes(indicatorId)));
    const dm = await waitFor('DM to requester', () => h.slack.dms(USERS.requester)[0]);
    expect(dm.text).toContain('was approved by');

    const request = await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId }, include: { indicator: true, auditEntries: { orderBy: { id: 'asc' } } } });
    expect(request.status).toBe('active');
    expect(request.openKey).toBe('DomainName:logistics.contoso.com');
    expect(request.indicator).toMatchObject({ defenderId: indicatorId, reusedExisting: false, expiresAt: stored.allowUntil });
    expect(request.auditEntries.map((e) => [e.actor, e.action, e.fromStatus, e.toStatus])).toEqual([
      [`slack:${USERS.requester}`, 'request.reported', null, 'investigating'],
      ['system:hunting', 'request.evidence_collected', null, null],
      ['system:slack', 'request.submitted_for_approval', 'investigating', 'pending_approval'],
      [`slack:${USERS.approver}`, 'request.approved', 'pending_approval', 'approved'],
      ['system:activation', 'allow.created', 'approved', 'active'],
    ]);

    // No secret ever reached the logs.
    const logs = h.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of Object.values(SECRETS)) expect(logs).not.toContain(secret);
    for (const token of h.entra.issued) expect(logs).not.toContain(token.token);
  });
});
