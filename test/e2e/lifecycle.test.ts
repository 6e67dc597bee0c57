import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import type { PostedMessage } from '../http-fakes/fake-slack.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(databaseTargets())('an allow after approval: reminders, extend, revoke, expiry ($name)', (target) => {
  let h: Harness;
  let clock: FakeClock;
  let message: PostedMessage;
  let requestId: string;

  beforeEach(async () => {
    // A real clock reads milliseconds; Defender keeps whole seconds.
    clock = new FakeClock(new Date('2026-11-26T09:00:00.773Z'));
    // The requester is an approver too, to show they still cannot extend their own allow.
    h = await Harness.start(target, { APPROVER_USER_IDS: `${USERS.approver},${USERS.secondApprover},${USERS.requester}` }, { clock });
    await h.command('https://logistics.contoso.com shipping app');
    message = await h.approvalMessage();
    requestId = requestIdOf(message);
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    await waitFor('active', () => h.slack.dms(USERS.requester)[0]);
    await h.leaseReleased(requestId);
  });
  afterEach(async () => {
    await h.stop();
  });

  const thread = () => h.slack.thread(APPROVAL_CHANNEL, message.ts);
  const reminder = () => thread().find((m) => m.text?.startsWith('Reminder'));
  const indicator = () => [...h.defender.indicators.values()][0];

  it('reminds once an hour before the end, and an approver extends it from the reminder', async () => {
    clock.advance(DAY - 61 * 60_000);
    await h.running.reconcileNow();
    expect(reminder()).toBeUndefined();
    clock.advance(2 * 60_000);
    await h.running.reconcileNow();
    const posted = reminder()!;
    expect(visibleText(posted)).toContain(`<@${USERS.requester}> <@${USERS.approver}> the allow for \`logistics.contoso.com\``);
    await h.running.reconcileNow();
    expect(thread().filter((m) => m.text?.startsWith('Reminder'))).toHaveLength(1);

    // Refusals first: the requester cannot extend their own allow; outsiders cannot extend or revoke.
    const own = await h.clickAllow('extend', { message: posted, userId: USERS.requester, requestId, duration: 'P3D' });
    expect((await h.response(own.responseId)).text).toContain('cannot extend your own allow');
    const outsider = await h.clickAllow('extend', { message: posted, userId: USERS.outsider, requestId, duration: 'P3D' });
    expect((await h.response(outsider.responseId)).text).toContain('Only approvers can extend');
    const outsiderRevoke = await h.clickAllow('revoke', { message: posted, userId: USERS.outsider, requestId });
    expect((await h.response(outsiderRevoke.responseId)).text).toContain('Only the requester or an approver');
    expect(await h.prisma.extension.count()).toBe(0);

    const extend = await h.clickAllow('extend', { message: posted, userId: USERS.secondApprover, requestId, duration: 'P3D' });
    expect(extend.status).toBe(200);
    // Defender keeps whole seconds (and writes them without a fraction): the new end is rounded down.
    expect(clock.now().getMilliseconds()).not.toBe(0);
    const newEnd = new Date(Math.floor((clock.now().getTime() + 3 * DAY) / 1000) * 1000);
    await waitFor('extension recorded', () => indicator()?.expirationTime === newEnd.toISOString().replace('.000Z', 'Z'));
    await waitFor('reminder settled', () => visibleText(h.current(posted)).includes(`Extended by <@${USERS.secondApprover}>`));
    expect(h.current(posted).blocks!.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    const note = await waitFor('thread note', () => thread().find((m) => m.text?.startsWith(':arrows_clockwise: Extended by')));
    expect(note.text).toContain(`Extended by <@${USERS.secondApprover}>: allowed until <!date^${newEnd.getTime() / 1000}^`);
    expect(await h.prisma.extension.findFirstOrThrow()).toMatchObject({ actorId: USERS.secondApprover, duration: 'P3D', toExpiry: newEnd });
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ expiresAt: newEnd });
    expect(indicator()!.id).toBe((await h.prisma.allowIndicator.findFirstOrThrow()).defenderId);

    // Re-armed: the next reminder comes a day before the new end (a 3-day allow), not before.
    clock.set(new Date(newEnd.getTime() - DAY - 60_000));
    await h.running.reconcileNow();
    expect(thread().filter((m) => m.text?.startsWith('Reminder'))).toHaveLength(1);
    clock.advance(2 * 60_000);
    await h.running.reconcileNow();
    expect(thread().filter((m) => m.text?.startsWith('Reminder'))).toHaveLength(2);
  });

  it('the requester revokes from the reminder: the indicator is deleted and everyone sees it', async () => {
    clock.advance(DAY - 30 * 60_000);
    await h.running.reconcileNow();
    const posted = reminder()!;
    const revoke = await h.clickAllow('revoke', { message: posted, userId: USERS.requester, requestId });
    expect(revoke.status).toBe(200);
    await waitFor('deleted', () => h.defender.indicators.size === 0);
    await waitFor('thread note', () => thread().find((m) => m.text?.startsWith(':no_entry: Revoked by')));
    await waitFor('approval message updated', () => visibleText(h.current(message)).includes('*Revoked* by <@U0REQUESTER>'));
    expect(h.current(message).blocks!.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'revoked', closedBy: `slack:${USERS.requester}`, openKey: null });
    expect(h.defender.requestsOf('DELETE')).toHaveLength(1);
    // Nothing further happens to a revoked allow.
    clock.advance(DAY);
    await h.running.reconcileNow();
    expect(h.defender.requestsOf('DELETE')).toHaveLength(1);
    expect(thread().filter((m) => m.text?.startsWith('Reminder'))).toHaveLength(1);
  });

  it('an approver revokes from the approval message', async () => {
    const revoke = await h.clickAllow('revoke', { message, userId: USERS.approver, requestId });
    expect(revoke.status).toBe(200);
    await waitFor('deleted', () => h.defender.indicators.size === 0);
    await waitFor('DM', () => h.slack.dms(USERS.requester).find((m) => m.text?.includes('was revoked by')));
  });

  it('"let it expire", then expiry: Defender removes it and the thread, message and requester hear', async () => {
    clock.advance(DAY - 30 * 60_000);
    await h.running.reconcileNow();
    await h.clickAllow('let_expire', { message: reminder()!, userId: USERS.approver, requestId });
    await waitFor('settled', () => visibleText(h.current(reminder()!)).includes('chose to let it expire'));

    clock.advance(31 * 60_000);
    h.defender.indicators.clear(); // Defender deletes an indicator at its expirationTime.
    await h.running.reconcileNow();
    await waitFor('expired note', () => thread().find((m) => m.text?.startsWith(':checkered_flag: The allow')));
    await waitFor('message says expired', () => visibleText(h.current(message)).includes('*Expired*') || undefined);
    expect((await waitFor('DM', () => h.slack.dms(USERS.requester).find((m) => m.text?.includes('has expired')))).text).toContain(
      '/portal-blocked logistics.contoso.com',
    );
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'expired' });
  });

  it('deletes an indicator Defender left behind, 15 minutes after the expiry', async () => {
    clock.advance(DAY + 5 * 60_000);
    await h.running.reconcileNow();
    expect(h.defender.indicators.size).toBe(1);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'active' });
    clock.advance(11 * 60_000);
    await h.running.reconcileNow();
    expect(h.defender.indicators.size).toBe(0);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'expired' });
    await waitFor('note', () => thread().find((m) => m.text?.includes('15 minutes after its expiry, so I deleted it')));
  });

  it('reports drift once and leaves Defender alone', async () => {
    indicator()!.action = 'Block';
    clock.advance(HOUR + 1);
    await h.running.reconcileNow();
    const note = await waitFor('drift note', () => thread().find((m) => m.text?.startsWith(':warning: Defender no longer matches')));
    expect(note.text).toContain('now has action Block instead of Allowed');
    clock.advance(HOUR + 1);
    await h.running.reconcileNow();
    expect(thread().filter((m) => m.text?.startsWith(':warning: Defender no longer matches'))).toHaveLength(1);
    expect(indicator()!.action).toBe('Block');
    expect(h.defender.requestsOf('POST')).toHaveLength(1);
    expect(await h.prisma.auditEntry.count({ where: { action: 'allow.drift_detected' } })).toBe(1);
  });
});

describe.each(databaseTargets())('an allow after approval with EXPIRY_GRACE=PT30M ($name)', (target) => {
  let h: Harness;

  afterEach(async () => {
    await h.stop();
  });

  it('gives Defender the configured grace, then deletes the indicator and names that grace in the thread', async () => {
    const clock = new FakeClock(new Date('2026-11-26T09:00:00.773Z'));
    h = await Harness.start(target, { APPROVER_USER_IDS: USERS.approver, EXPIRY_GRACE: 'PT30M' }, { clock });
    await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();
    const requestId = requestIdOf(message);
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    await h.leaseReleased(requestId);

    clock.advance(DAY + 20 * 60_000);
    await h.running.reconcileNow();
    expect(h.defender.indicators.size).toBe(1);
    clock.advance(11 * 60_000);
    await h.running.reconcileNow();
    expect(h.defender.indicators.size).toBe(0);
    const note = await waitFor('note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('so I deleted it')));
    expect(note.text).toContain('Defender had not removed indicator');
    expect(note.text).toContain('30 minutes after its expiry, so I deleted it.');
  });
});
