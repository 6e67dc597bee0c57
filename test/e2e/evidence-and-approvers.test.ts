import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fakes/fake-http-server.ts';
import { Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
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
  });

  it('hunts a public IP by RemoteIP and allows it as an IpAddress indicator', async () => {
    h = await Harness.start(target);
    const documentation = await h.command('203.0.113.7');
    expect(documentation.json?.text).toContain('reserved address');
    await h.command('8.8.4.4 dns portal');
    const message = await h.approvalMessage();
    expect(h.graph.queries.at(-1)!.query).toContain('| where RemoteIP == target');
    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('indicator', () => h!.defender.indicators.size === 1);
    expect([...h.defender.indicators.values()][0]).toMatchObject({ indicatorValue: '8.8.4.4', indicatorType: 'IpAddress', action: 'Allowed' });
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

  it('answers /healthz with the database status', async () => {
    h = await Harness.start(target);
    const response = await fetch(`http://127.0.0.1:${h.running.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok', mode: 'http', reconciler: 'ok', lastReconcileAt: null });
  });
});
