import { afterEach, describe, expect, it } from 'vitest';
import { waitFor, waitForAsync } from '../http-fakes/fake-http-server.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { APPROVAL_CHANNEL, Harness, USERS, visibleText } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

// One portal per cause, each with the hunting rows Defender writes for it: ResponseCategory for
// Network Protection, Experience for Edge SmartScreen, IsAudit for audit mode (huntingRow follows the
// documented DeviceEvents columns and AdditionalFields, defender-api.md §2 and §8).
const HOUR = 3_600_000;
const recently = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();

type ActionsBlock = { type: 'actions'; elements: Array<{ action_id: string; options?: Array<{ value: string }> }> };
const actionsOf = (message: { blocks?: unknown[] }): ActionsBlock['elements'] =>
  ((message.blocks ?? []) as ActionsBlock[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe.each(databaseTargets())('the cause of a block decides what Unblock offers ($name)', (target) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it.each([
    ['CustomBlockList', "Your organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×2)", 'An allow *overrides* that decision', "It is on your organisation's own block list"],
    ['CustomPolicy', 'Web content filtering (`CustomPolicy` ×2)', 'dispute the category', 'Web content filtering blocks its category.'],
    ['Gambling', 'Web content filtering (`Gambling` ×2)', 'dispute the category', 'Web content filtering blocks its category.'],
    ['CasbPolicy', 'Defender for Cloud Apps (unsanctioned app) (`CasbPolicy` ×2)', 'the lasting fix is in Cloud Apps', 'Defender for Cloud Apps marks it'],
  ])('%s: one approver, every duration, and the recommended fix in the message, the reply and the thread', async (category, why, fix, reply) => {
    h = await Harness.start(target);
    h.graph.addEvents([
      huntingRow({ at: recently(2), device: 'LAPTOP-01', category }),
      huntingRow({ at: recently(1), device: 'LAPTOP-02', category, action: 'SmartScreenUrlWarning' }),
    ]);
    const ack = await h.command('https://logistics.contoso.com the shipping app fails');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain(why);
    expect(visibleText(message)).toContain(fix);
    expect(visibleText(message)).not.toContain('two different approvers');
    expect(actionsOf(message).find((e) => e.action_id === 'unblock_duration')?.options?.map((o) => o.value)).toEqual(['PT8H', 'P1D', 'P3D', 'P7D', 'P30D']);
    expect((await h.response(ack.responseId)).text).toContain(reply);
    const detail = await waitFor('evidence detail', () => h!.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('*Evidence detail*')));
    expect(detail.text).toContain(fix);

    await h.click('approve', { message, userId: USERS.approver, duration: 'P7D' });
    await waitFor('indicator', () => h!.defender.indicators.size === 1);
  });

  it('Phishing: two approvers, at most MAX_THREAT_ALLOW_DURATION, and the false-positive route', async () => {
    h = await Harness.start(target, { MAX_THREAT_ALLOW_DURATION: 'PT12H' });
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-01', category: 'phishing' })]);
    const ack = await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain("Microsoft's threat intelligence (`phishing` ×1)");
    expect(visibleText(message)).toContain('*two different approvers* (one approval alone allows nothing) and lasts *12 hours at most*');
    expect(visibleText(message)).toContain('Actions & submissions → Submissions → URLs');
    expect(actionsOf(message).find((e) => e.action_id === 'unblock_duration')?.options?.map((o) => o.value)).toEqual(['PT8H', 'PT12H']);
    expect((await h.response(ack.responseId)).text).toContain('two approvers must agree and any allow will be short');

    const forged = await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    expect((await h.response(forged.responseId)).text).toContain('That duration is not on offer');
    await h.click('approve', { message, userId: USERS.approver, duration: 'PT12H' });
    await h.click('approve', { message, userId: USERS.secondApprover, duration: 'PT12H' });
    await waitFor('indicator', () => h!.defender.indicators.size === 1);
    expect(await h.prisma.decision.findFirstOrThrow()).toMatchObject({ duration: 'PT12H' });
  });

  it('C2: no Approve, the requester hears it went to the security team as a possible incident, a forged Approve changes nothing', async () => {
    h = await Harness.start(target);
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-07', category: 'C2' }), huntingRow({ at: recently(2), device: 'LAPTOP-07', category: 'CustomBlockList' })]);
    const ack = await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('Command-and-control traffic (possible compromise) (`C2` ×1)');
    expect(visibleText(message)).toContain('*Approve is not offered* (set ALLOW_C2_OVERRIDE=true');
    expect(actionsOf(message).map((e) => e.action_id)).toEqual(['unblock_deny']);
    expect((await h.response(ack.responseId)).text).toContain('it was sent to the security team as a *possible security incident*');

    const forged = await h.click('approve', { message, userId: USERS.approver });
    expect((await h.response(forged.responseId)).text).toContain('Approve is not offered for this request');
    expect(await h.prisma.approval.count()).toBe(0);
    expect(h.defender.requestsOf('POST')).toHaveLength(0);

    await h.click('deny', { message, userId: USERS.approver });
    await waitForAsync('denied', async () => (await h!.prisma.unblockRequest.findFirstOrThrow()).status === 'denied');
  });

  it('C2 with ALLOW_C2_OVERRIDE=true: Approve is offered, and takes two approvers', async () => {
    h = await Harness.start(target, { ALLOW_C2_OVERRIDE: 'true' });
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-07', category: 'CmdCtrl' })]);
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('ALLOW_C2_OVERRIDE is on, so an allow is possible, with *two different approvers*, for *1 day at most*.');
    expect(actionsOf(message).map((e) => e.action_id)).toContain('unblock_approve');
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitForAsync('one approval', async () => (await h!.prisma.approval.count()) === 1);
    expect(h.defender.indicators.size).toBe(0);
    await h.click('approve', { message, userId: USERS.secondApprover, duration: 'P1D' });
    await waitFor('indicator', () => h!.defender.indicators.size === 1);
  });

  // Audit-mode rows carry AdditionalFields.IsAudit true (defender-api.md §8): the C2 verdict stands, but it blocked nobody.
  it('C2 in audit mode next to an enforced org block: marked as audit mode; the requester, and a colleague joining, hear it is a possible incident', async () => {
    h = await Harness.start(target);
    h.graph.addEvents([
      huntingRow({ at: recently(1), device: 'LAPTOP-07', isAudit: true, category: 'C2' }),
      huntingRow({ at: recently(2), device: 'LAPTOP-08', category: 'CustomBlockList' }),
    ]);
    const ack = await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('Command-and-control traffic (possible compromise) (`C2` ×1, audit mode: not enforced)');
    expect(actionsOf(message).map((e) => e.action_id)).toEqual(['unblock_deny']);
    expect((await h.response(ack.responseId)).text).toContain('it was sent to the security team as a *possible security incident*');

    const joined = await h.command('logistics.contoso.com same here', 'U0COLLEAGUE');
    expect((await h.response(joined.responseId)).text).toContain('is already with the security team as a *possible security incident* (#1)');
  });

  it('C2 in audit mode only: the requester hears it is a possible incident, as the approvers see it', async () => {
    h = await Harness.start(target);
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-07', isAudit: true, category: 'C2' })]);
    const ack = await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(actionsOf(message).map((e) => e.action_id)).toEqual(['unblock_deny']);
    const reply = (await h.response(ack.responseId)).text;
    expect(reply).toContain('in audit mode, so it did not block it; it was sent to the security team as a *possible security incident*');
    expect(reply).not.toContain('probably something else');
  });

  it('an unknown category: the requester is told Defender gave a reason Unblock does not recognise, never that Microsoft flagged it', async () => {
    h = await Harness.start(target);
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-01', category: 'BrandNew<b>' })]);
    const ack = await h.command('https://logistics.contoso.com');
    await h.approvalMessage();
    const reply = (await h.response(ack.responseId)).text;
    expect(reply).toContain('Defender gave a reason Unblock does not recognise (`BrandNew&lt;b&gt;`); treated as a threat verdict, so two approvers must agree');
    expect(reply).not.toContain("Microsoft's threat intelligence");
  });

  it('audit rows only: says Defender did not block it, gives the checklist, and still reaches approvers', async () => {
    h = await Harness.start(target);
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-01', isAudit: true, category: 'CustomPolicy' })]);
    const ack = await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('Defender did *not* block it');
    expect(visibleText(message)).toContain('*Why Defender would have blocked it (audit mode)*');
    for (const item of ['proxy or firewall', 'audit mode', '48 hours', 'QUIC and Encrypted Client Hello']) expect(visibleText(message)).toContain(item);
    expect(actionsOf(message).map((e) => e.action_id)).toContain('unblock_approve');
    expect((await h.response(ack.responseId)).text).toContain('probably something else');
  });
});
