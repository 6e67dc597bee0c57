import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, USERS, visibleText } from '../support/e2e-harness.ts';
import { deviceInfoRow, huntingRow } from '../builders/hunting-rows.ts';
import { databaseTargets } from '../support/test-databases.ts';

const AT = '2026-11-25T09:00:00Z';

/**
 * Blocks on two laptops in two device groups. Rows in the documented DeviceEvents shape
 * (huntingRow); groups as DeviceInfo.MachineGroup, the latest row per device winning
 * (defender-api.md "Device groups"): LAPTOP-01 moved from HR to Sales.
 */
function blockedInTwoGroups(h: Harness): void {
  h.graph.addEvents([huntingRow({ at: AT, device: 'LAPTOP-01' }), huntingRow({ at: AT, device: 'LAPTOP-02' })]);
  h.graph.addDeviceInfo([
    deviceInfoRow('LAPTOP-01', 'HR', '2026-11-01T00:00:00Z'),
    deviceInfoRow('LAPTOP-01', 'Sales', '2026-11-20T00:00:00Z'),
    deviceInfoRow('LAPTOP-02', 'Finance-Laptops'),
  ]);
}

/** The JSON body of Defender's `POST /api/indicators` requests, in order. */
const posted = (h: Harness) => h.defender.requestsOf('POST').map((r) => JSON.parse(r.body) as { rbacGroupNames?: string[] });

describe.each(databaseTargets())('the allow applies to the blocked devices’ device groups ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('proposes the groups, names them in the Approve confirmation, and sends them to Defender as rbacGroupNames', async () => {
    blockedInTwoGroups(h);
    await h.command('logistics.contoso.com the shipping app fails');
    const message = await h.approvalMessage();
    expect(h.graph.queries[0]!.query).toContain('| join kind=leftouter (DeviceInfo | summarize arg_max(Timestamp, MachineGroup) by DeviceId');
    expect(visibleText(message)).toContain('*Applies to*\nDevice groups: `Finance-Laptops`, `Sales`');
    expect(visibleText(message)).toContain('Only device groups: Finance-Laptops, Sales');
    expect(visibleText(message)).toContain('on device groups `Finance-Laptops`, `Sales` (or ALL devices, if picked)');

    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    expect(posted(h)).toEqual([expect.objectContaining({ rbacGroupNames: ['Finance-Laptops', 'Sales'] })]);
    expect([...h.defender.indicators.values()][0]).toMatchObject({ rbacGroupNames: ['Finance-Laptops', 'Sales'] });
    const note = await waitFor('thread note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('created')));
    expect(note.text).toContain('on device groups `Finance-Laptops`, `Sales`.');
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ rbacGroupNames: ['Finance-Laptops', 'Sales'] });
    expect(await h.prisma.decision.findFirstOrThrow()).toMatchObject({ rbacGroupNames: ['Finance-Laptops', 'Sales'] });
  });

  it('widens to all devices only by the approver’s explicit choice, and says so', async () => {
    blockedInTwoGroups(h);
    await h.command('logistics.contoso.com the shipping app fails');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver, scope: 'all_devices' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    expect(posted(h)).toEqual([expect.objectContaining({ rbacGroupNames: [] })]);
    // Messages are kept as last updated by chat.update.
    const updated = await waitFor('message shows the decision', () =>
      h.slack.parents(APPROVAL_CHANNEL).find((m) => m.ts === message.ts && visibleText(m).includes('All devices: the approvers chose all devices')),
    );
    expect(visibleText(updated)).toContain('*Applies to*\nAll devices: the approvers chose all devices');
  });

  it('a blocked device in no group (UnassignedGroup) makes it all devices, with the reason, and offers no narrower choice', async () => {
    blockedInTwoGroups(h);
    h.graph.addEvents([huntingRow({ at: AT, device: 'KIOSK-07' })]);
    h.graph.addDeviceInfo([deviceInfoRow('KIOSK-07', 'UnassignedGroup')]);
    await h.command('logistics.contoso.com the shipping app fails');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('All devices: a blocked device is in no device group (or Defender has no device record of its group), and an allow for groups would leave it blocked');
    expect(visibleText(message)).not.toContain('Only device groups');
    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    expect(posted(h)).toEqual([expect.objectContaining({ rbacGroupNames: [] })]);
  });

  it('a later reporter on a device in another group widens the proposal: the thread and message say so, and the allow covers both', async () => {
    h.graph.addEvents([huntingRow({ at: AT, device: 'LAPTOP-01' })]);
    h.graph.addDeviceInfo([deviceInfoRow('LAPTOP-01', 'Sales'), deviceInfoRow('LAPTOP-02', 'Finance-Laptops')]);
    await h.command('logistics.contoso.com the shipping app fails');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('*Applies to*\nDevice group: `Sales`');

    // Another user's laptop, in Finance-Laptops, is blocked too, and they report it.
    h.graph.addEvents([huntingRow({ at: '2026-11-25T10:00:00Z', device: 'LAPTOP-02', account: 'carol' })]);
    await h.command('logistics.contoso.com same here', USERS.outsider);
    const note = await waitFor('widening note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('Scope widened')));
    expect(note.text).toContain(`Scope widened after <@${USERS.outsider}>'s report: Defender also blocked devices in device group \`Finance-Laptops\`, added to the proposal.`);
    const widened = await waitFor('message shows both groups', () =>
      h.slack.parents(APPROVAL_CHANNEL).find((m) => m.ts === message.ts && visibleText(m).includes('Device groups: `Finance-Laptops`, `Sales`')),
    );
    expect(h.graph.queries).toHaveLength(2);

    await h.click('approve', { message: widened, userId: USERS.approver });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    expect(posted(h)).toEqual([expect.objectContaining({ rbacGroupNames: ['Finance-Laptops', 'Sales'] })]);
  });

  it('an untouched scope select on the message as it was before a widening: the click is refused, nothing reaches Defender, and the approver approves what is proposed now', async () => {
    h.graph.addEvents([huntingRow({ at: AT, device: 'LAPTOP-01' })]);
    h.graph.addDeviceInfo([deviceInfoRow('LAPTOP-01', 'Sales'), deviceInfoRow('LAPTOP-02', 'Finance-Laptops')]);
    await h.command('logistics.contoso.com the shipping app fails');
    const before = await h.approvalMessage();
    h.graph.addEvents([huntingRow({ at: '2026-11-25T10:00:00Z', device: 'LAPTOP-02', account: 'carol' })]);
    await h.command('logistics.contoso.com same here', USERS.outsider);
    const widened = await waitFor('message shows both groups', () =>
      h.slack.parents(APPROVAL_CHANNEL).find((m) => m.ts === before.ts && visibleText(m).includes('Device groups: `Finance-Laptops`, `Sales`')),
    );

    // Slack leaves an untouched select out of the click's state; the message it sends is the one the approver saw (Sales only).
    const stale = await h.click('approve', { message: before, userId: USERS.approver });
    expect((await h.response(stale.responseId)).text).toContain('The proposed device groups changed after you looked');
    expect(h.defender.requestsOf('POST')).toEqual([]);

    await h.click('approve', { message: widened, userId: USERS.approver });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    expect(posted(h)).toEqual([expect.objectContaining({ rbacGroupNames: ['Finance-Laptops', 'Sales'] })]);
  });

  it('after activation, a reporter on a device in another group opens a scope change; Approve widens our indicator in Defender (same id, same expiry)', async () => {
    h.graph.addEvents([huntingRow({ at: AT, device: 'LAPTOP-01' })]);
    h.graph.addDeviceInfo([deviceInfoRow('LAPTOP-01', 'Sales'), deviceInfoRow('LAPTOP-02', 'Finance-Laptops')]);
    await h.command('logistics.contoso.com the shipping app fails');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    const request = await h.prisma.unblockRequest.findFirstOrThrow();
    await h.leaseReleased(request.id);
    const [created] = [...h.defender.indicators.values()];
    expect(created).toMatchObject({ rbacGroupNames: ['Sales'] });

    // Carol's laptop, in Finance-Laptops, is blocked after the allow (rows as DeviceEvents, defender-api.md "Device groups").
    h.graph.addEvents([huntingRow({ at: '2026-11-25T10:00:00Z', device: 'LAPTOP-02', account: 'carol' })]);
    await h.command('logistics.contoso.com still blocked for me', USERS.outsider);
    const proposal = await waitFor('scope-change message', () =>
      h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => visibleText(m).includes('Scope change proposed')),
    );
    expect(visibleText(proposal)).toContain(`<@${USERS.outsider}> reported it as still blocked, and Defender blocked devices in device group \`Finance-Laptops\``);
    expect(visibleText(proposal)).toContain("Now: device group `Sales`. Proposed: device groups `Finance-Laptops`, `Sales`, until the allow's current end.");
    expect(JSON.stringify(proposal.blocks)).toContain('will apply to device groups `Finance-Laptops`, `Sales` instead of device group `Sales`');
    // Where Slack put it is recorded once the outbox hears back; a click before that is refused as another message's.
    for (const deadline = Date.now() + 30_000; (await h.prisma.unblockRequest.findFirstOrThrow()).scopeChangeMessageTs !== proposal.ts; ) {
      if (Date.now() > deadline) throw new Error('the scope-change message was never recorded');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    // The requester may not approve it; an approver may.
    await h.clickScopeChange('approve', { message: proposal, userId: USERS.requester, requestId: request.id });
    await h.clickScopeChange('approve', { message: proposal, userId: USERS.approver, requestId: request.id });
    await waitFor('second POST', () => (posted(h).length === 2 ? true : undefined));
    expect(posted(h)[1]).toMatchObject({ rbacGroupNames: ['Finance-Laptops', 'Sales'], expirationTime: (posted(h)[0] as { expirationTime?: string }).expirationTime });
    expect(h.defender.indicators.size).toBe(1);
    expect([...h.defender.indicators.values()][0]).toMatchObject({ id: created!.id, rbacGroupNames: ['Finance-Laptops', 'Sales'] });
    const settled = await waitFor('buttons gone', () =>
      h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.ts === proposal.ts && visibleText(m).includes(`Approved by <@${USERS.approver}>`)),
    );
    expect(JSON.stringify(settled.blocks)).not.toContain('unblock_scope_change_approve');
    await waitFor('thread told', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('approved the scope change')));
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ rbacGroupNames: ['Finance-Laptops', 'Sales'] });
    expect(await h.prisma.auditEntry.count({ where: { action: 'allow.scope_changed' } })).toBe(1);
  });
});
