import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { databaseTargets } from '../support/test-databases.ts';

describe.each(databaseTargets())('evidence variants, approver groups and health ($name)', (target) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('says plainly when hunting found nothing, and still asks approvers', async () => {
    h = await Harness.start(target);
    const ack = await h.command('https://quiet.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('No Defender block events for it in the last 7 days.');
    expect(visibleText(message)).toContain('audit mode');
    expect(visibleText(message)).toContain('proxy');
    expect((await h.response(ack.responseId)).text).toContain('No Defender block events');
    expect(await h.prisma.evidence.findFirstOrThrow()).toMatchObject({ outcome: 'none' });
  });

  it('goes to approvers without evidence when hunting is refused, naming the missing permission', async () => {
    h = await Harness.start(target);
    h.graph.failWith({ status: 403, body: { error: { code: 'Forbidden', message: 'Missing role', innerError: { 'request-id': 'graph-req-1' } } } });
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('Advanced hunting was unavailable');
    expect(visibleText(message)).toContain('ThreatHunting.Read.All');
    expect(await h.prisma.evidence.findFirstOrThrow()).toMatchObject({ outcome: 'unavailable' });
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ status: 'pending_approval' });
    // Nothing says why it was blocked, so it is never handled more mildly than a threat verdict.
    expect(visibleText(message)).toContain(
      '*Defender could not be searched, so Unblock cannot tell why it was blocked:* treated like a threat verdict — *two different approvers*, at most *1 day*.',
    );
    const tooLong = await h.click('approve', { message, userId: USERS.approver, duration: 'P3D' });
    expect((await h.response(tooLong.responseId)).text).toContain('That duration is not on offer');
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitFor('1 of 2 on the message', () => (visibleText(h!.current(message)).includes('*1 of 2 approvals:*') ? true : undefined));
    expect(h.defender.indicators.size).toBe(0);
    await h.click('approve', { message, userId: USERS.secondApprover, duration: 'P1D' });
    await waitFor('indicator', () => h!.defender.indicators.size === 1);
  });

  it('hunts a public IP by RemoteIP and allows it as an IpAddress indicator', async () => {
    h = await Harness.start(target);
    const documentation = await h.command('203.0.113.7');
    expect(documentation.json?.text).toContain('reserved address');
    await h.command('8.8.4.4 dns portal');
    const message = await h.approvalMessage();
    expect(h.graph.queries.at(-1)!.query).toContain('| where ipv6_compare(RemoteIP, target) == 0');
    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('indicator', () => h!.defender.indicators.size === 1);
    expect([...h.defender.indicators.values()][0]).toMatchObject({ indicatorValue: '8.8.4.4', indicatorType: 'IpAddress', action: 'Allowed' });
  });

  // Defender writes audit-mode rows with ActionType ExploitGuardNetworkProtectionBlocked and
  // AdditionalFields.IsAudit true or "true" (defender-api.md §8): they blocked nobody.
  it('shows rows Defender wrote in audit mode as audits, never as blocks, to approvers and the requester', async () => {
    h = await Harness.start(target);
    h.graph.addEvents([
      huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', isAudit: 'true' }),
      huntingRow({ at: '2026-11-25T10:00:00Z', device: 'LAPTOP-02', isAudit: true }),
      huntingRow({ at: '2026-11-25T11:00:00Z', device: 'LAPTOP-01', isAudit: 'True' }),
      huntingRow({ at: '2026-11-25T12:00:00Z', device: 'LAPTOP-03', action: 'ExploitGuardNetworkProtectionAudited' }),
    ]);
    const ack = await h.command('https://logistics.contoso.com/portal/login the shipping app fails');
    const message = await h.approvalMessage();
    expect(h.graph.queries.at(-1)!.query).toContain('ExploitGuardNetworkProtectionBlocked');
    const text = visibleText(message);
    expect(text).toContain('Defender did *not* block it in the last 7 days');
    expect(text).toContain('*4 audit-mode events* on *3 devices*');
    expect(text).toContain('Why Defender would have blocked it (audit mode)');
    expect(text).toContain('a proxy or firewall');
    expect(text).not.toContain('Defender blocked it');

    const detail = await waitFor('evidence detail', () => h!.slack.thread(message.channel, message.ts).find((m) => m.text?.startsWith('*Evidence detail*')));
    expect(detail.text).toContain('Audited (Network Protection, audit mode)');
    expect(detail.text).not.toContain('Blocked (Network Protection)');
    expect((await h.response(ack.responseId)).text).toContain('Defender did *not* block it');
    expect((await h.prisma.evidence.findFirstOrThrow()).summary).toMatchObject({ totalEvents: 4, blocked: 0, audited: 4 });
  });

  // Defender writes IPv6 compressed in DeviceEvents and in indicator values (defender-api.md §8);
  // both fakes do too, so a target kept uncompressed would find no rows and miss the indicator.
  it('an IPv6 address typed uncompressed finds its hunting rows and reuses the Allowed indicator Defender holds compressed', async () => {
    h = await Harness.start(target);
    h.graph.addEvents([
      huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', url: null, ip: '2620:1ec:bdf::40' }),
      huntingRow({ at: '2026-11-25T10:00:00Z', device: 'LAPTOP-02', url: null, ip: '2620:1ec:bdf::40' }),
      huntingRow({ at: '2026-11-25T11:00:00Z', device: 'LAPTOP-03', url: null, ip: '2620:1ec:bdf::41' }),
    ]);
    const existing = h.defender.seed({
      indicatorValue: '2620:1ec:bdf::40',
      indicatorType: 'IpAddress',
      action: 'Allowed',
      title: 'Teams media relay',
      description: 'added by the network team',
      expirationTime: null,
    });
    await h.command('2620:1ec:bdf:0:0:0:0:40 teams calls fail');
    const message = await h.approvalMessage();
    expect(h.graph.queries.at(-1)!.target).toBe('2620:1ec:bdf::40');
    expect(visibleText(message)).toContain('cannot reach `2620:1ec:bdf::40`');
    expect(visibleText(message)).toContain('Defender blocked it *2 times* on *2 devices*');

    // The same address spelled another way joins the open request instead of opening a second one.
    await h.command('[2620:1EC:BDF::0:40]', USERS.outsider);
    await waitFor('second reporter', () => h!.slack.thread(message.channel, message.ts).find((m) => m.text?.includes('more person reported it')));
    expect(await h.prisma.unblockRequest.findMany({ select: { targetValue: true, openKey: true } })).toEqual([
      { targetValue: '2620:1ec:bdf::40', openKey: 'IpAddress:2620:1ec:bdf::40' },
    ]);

    await h.click('approve', { message, userId: USERS.approver });
    const note = await waitFor('reuse in thread', () => h!.slack.thread(message.channel, message.ts).find((m) => m.text?.includes('reused')));
    expect(note.text).toContain(existing.id);
    expect(h.defender.requestsOf('GET').at(-1)!.query.get('$filter')).toBe("indicatorValue eq '2620:1ec:bdf::40'");
    expect(h.defender.requestsOf('POST')).toHaveLength(0);
    expect(h.defender.indicators.size).toBe(1);
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ defenderId: existing.id, indicatorValue: '2620:1ec:bdf::40', reusedExisting: true });
  });

  // Kusto's parse_url() keeps a Unicode host as written (no IDNA conversion), and so does FakeGraph:
  // a query comparing the punycode target alone would find none of these rows.
  it('an internationalised host finds the rows Defender wrote with its Unicode name as well as its punycode one', async () => {
    h = await Harness.start(target);
    h.graph.addEvents([
      huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', url: 'https://bücher.contoso.com/katalog' }),
      huntingRow({ at: '2026-11-25T10:00:00Z', device: 'LAPTOP-02', url: 'bücher.contoso.com' }),
      huntingRow({ at: '2026-11-25T11:00:00Z', device: 'LAPTOP-03', url: 'https://xn--bcher-kva.contoso.com/katalog' }),
      huntingRow({ at: '2026-11-25T12:00:00Z', device: 'LAPTOP-04', url: 'https://bucher.contoso.com/' }),
    ]);
    await h.command('https://bücher.contoso.com/katalog the catalogue fails');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('Defender blocked it *3 times* on *3 devices*');
    const [sent] = h.graph.queries;
    expect(sent!.target).toBe('xn--bcher-kva.contoso.com');
    expect(sent!.query).toContain('let targetUnicode = "bücher.contoso.com";');
  });

  it('accepts members of the approver user group, checked through usergroups.users.list', async () => {
    h = await Harness.start(target, { APPROVER_USER_IDS: '', APPROVER_USERGROUP_ID: 'S0APPROVERS' });
    h.slack.usergroups.set('S0APPROVERS', [USERS.groupMember]);
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    const outsider = await h.click('approve', { message, userId: USERS.outsider });
    expect((await h.response(outsider.responseId)).text).toContain('Only approvers');
    await h.click('approve', { message, userId: USERS.groupMember });
    await waitFor('indicator', () => h!.defender.indicators.size === 1);
    expect(h.slack.callsOf('usergroups.users.list')[0]!.args).toMatchObject({ usergroup: 'S0APPROVERS' });
    expect(await h.prisma.decision.findFirstOrThrow()).toMatchObject({ deciderId: USERS.groupMember });
    expect(requestIdOf(message)).toBeDefined();
  });

  it('answers /healthz with the database status and the Slack backlog, which never makes it unhealthy', async () => {
    h = await Harness.start(target);
    const health = async () => {
      const response = await fetch(`http://127.0.0.1:${h!.running.port}/healthz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await health()).toEqual({
      status: 200,
      body: { status: 'ok', database: 'ok', mode: 'http', reconciler: 'ok', lastReconcileAt: null, slackBacklog: 0, slackBacklogSince: null },
    });

    h.slack.failMethod('chat.postMessage', 'not_in_channel');
    await h.command('logistics.contoso.com');
    let during = await health();
    for (const deadline = Date.now() + 20_000; during.body.slackBacklog !== 2 && Date.now() < deadline; during = await health()) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(during.body.slackBacklog).toBe(2);
    expect(during.status).toBe(200);
    expect(Date.parse(String(during.body.slackBacklogSince))).toBeLessThanOrEqual(Date.now());
  });
});
