import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { FakeEntra } from '../http-fakes/fake-entra.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import type { PostedMessage } from '../http-fakes/fake-slack.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { databaseTargets, type DatabaseTarget } from '../support/test-databases.ts';
import { homeView, openHome } from '../support/app-home.ts';
import { shownDate } from '../builders/request-view-fixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The JSON bodies in a thread note's code blocks (dryRunWritesText), parsed back as Slack shows them. */
function bodiesIn(text: string): Array<Record<string, unknown>> {
  return [...text.matchAll(/```([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Record<string, unknown>);
}

/**
 * A bot under DRY_RUN=true on `target` (two approvers, a moving clock, one block event on the host)
 * and a report of `command` from the requester: the running harness and the request's approval message.
 */
async function reportedDryRun(target: DatabaseTarget, command: string): Promise<{ h: Harness; clock: FakeClock; message: PostedMessage; requestId: string }> {
  const clock = new FakeClock(new Date('2026-11-26T09:00:00.773Z'));
  const h = await Harness.start(target, { DRY_RUN: 'true', APPROVER_USER_IDS: `${USERS.approver},${USERS.secondApprover}` }, { clock });
  h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', process: 'chrome.exe' })]);
  await h.command(command);
  const message = await h.approvalMessage();
  return { h, clock, message, requestId: requestIdOf(message) };
}

describe.each(databaseTargets())('DRY_RUN=true: everything runs except Defender writes ($name)', (target) => {
  let h: Harness;
  let clock: FakeClock;
  let message: PostedMessage;
  let requestId: string;
  const thread = () => h.slack.thread(APPROVAL_CHANNEL, message.ts);
  const writes = () => [...h.defender.requestsOf('POST'), ...h.defender.requestsOf('DELETE')];

  beforeEach(async () => {
    ({ h, clock, message, requestId } = await reportedDryRun(target, 'https://logistics.contoso.com/portal the `shipping` app <fails> & more'));
  });
  afterEach(async () => {
    await h.stop();
  });

  it('hunts and reads Defender for real, says it is a dry run, and on approval shows the exact indicator body it would POST — without writing to Defender', async () => {
    expect(h.graph.queries).toHaveLength(1);
    expect(h.defender.requestsOf('GET').length).toBeGreaterThan(0);
    const evidence = await waitFor('evidence note', () => thread()[0]);
    expect(evidence.text).toContain('*Dry run* (`DRY_RUN=true`)');

    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    const note = await waitFor('allow note', () => thread().find((m) => m.text?.includes('*Would create:*')));
    expect(note.text).toContain('Defender was not changed');
    expect(note.text).toContain('`POST /api/indicators`');
    const stored = await h.prisma.allowIndicator.findFirstOrThrow();
    const decision = await h.prisma.decision.findFirstOrThrow();
    const [body] = bodiesIn(note.text!);
    expect(body).toMatchObject({
      indicatorValue: 'logistics.contoso.com',
      indicatorType: 'DomainName',
      action: 'Allowed',
      expirationTime: decision.allowUntil!.toISOString().replace('.000Z', 'Z'),
      generateAlert: false,
      rbacGroupNames: [],
    });
    // The reason's backtick is shown as \u0060, the same JSON string, so it cannot end the code block.
    expect(String(body!.description)).toContain('the `shipping` app <fails> & more');
    expect(note.text).not.toContain('the `shipping`');
    expect(stored.defenderId).toMatch(/^dryrun-/);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'active' });
    expect(writes()).toEqual([]);
    expect(h.defender.indicators.size).toBe(0);
    // The reporter is not told they can reach the portal: nothing changed in Defender.
    const dm = await waitFor('DM', () => h.slack.dms(USERS.requester).at(-1));
    expect(dm.text).toContain('in a *dry run*: Unblock only simulated the allow');
    expect(dm.text).toContain('so the portal is still blocked');
    expect(dm.text).not.toContain('it is allowed');

    // Unblock's own checks see the would-be indicator as Defender would: no drift is reported.
    clock.advance(2 * HOUR + 60_000);
    await h.running.reconcileNow();
    expect(thread().some((m) => m.text?.includes('drift') || m.text?.includes('deleted early'))).toBe(false);
    // The check after activation hunts for real, and says why a dry run cannot have stopped the blocks.
    const check = await waitFor('check after activation', () => thread().find((m) => m.text?.startsWith(':test_tube: Dry run: nothing was allowed in Defender')));
    expect(check.text).not.toContain('Would create');
  });

  it('an extension shows the new body, a revoke the DELETE it would send; each write is told once and Defender is never written', async () => {
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitFor('allow note', () => thread().find((m) => m.text?.includes('*Would create:*')));
    await h.leaseReleased(requestId);
    clock.advance(DAY - 30 * 60_000);
    await h.running.reconcileNow();
    const reminder = await waitFor('reminder', () => thread().find((m) => m.text?.startsWith('Reminder')));

    await h.clickAllow('extend', { message: reminder, userId: USERS.secondApprover, requestId, duration: 'P3D' });
    const extended = await waitFor('extended note', () => thread().find((m) => m.text?.startsWith(':arrows_clockwise: Extended by')));
    expect(extended.text).toContain('*Would update (same indicator, new expiry or groups):* `POST /api/indicators`');
    const newEnd = new Date(Math.floor((clock.now().getTime() + 3 * DAY) / 1000) * 1000);
    expect(bodiesIn(extended.text!)).toEqual([expect.objectContaining({ indicatorValue: 'logistics.contoso.com', expirationTime: newEnd.toISOString().replace('.000Z', 'Z') })]);
    await h.leaseReleased(requestId);

    await h.clickAllow('revoke', { message: reminder, userId: USERS.approver, requestId });
    const revoked = await waitFor('revoked note', () => thread().find((m) => m.text?.startsWith(':no_entry: Revoked by')));
    const { defenderId } = await h.prisma.allowIndicator.findFirstOrThrow();
    expect(revoked.text).toContain(`*Would delete:* \`DELETE /api/indicators/${defenderId}\``);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'revoked' });

    // Told once each: one POST body per note, no note repeats an earlier write.
    const told = thread().map((m) => (m.text ?? '').match(/\*Would (create|update|delete)[^*]*:\*/g)?.length ?? 0);
    expect(told.reduce((a, b) => a + b, 0)).toBe(3);
    expect(writes()).toEqual([]);
    expect(await h.prisma.dryRunWrite.count()).toBe(3);
  });
});

describe.each(databaseTargets())('DRY_RUN=true: what reporters, the thread and Home are told after approval ($name)', (target) => {
  let h: Harness;
  let clock: FakeClock;
  let message: PostedMessage;
  let requestId: string;
  const thread = () => h.slack.thread(APPROVAL_CHANNEL, message.ts);
  const dmWith = (words: string) => waitFor(`DM with "${words}"`, () => h.slack.dms(USERS.requester).find((m) => m.text?.includes(words)));
  const noteStarting = (words: string) => waitFor(`note "${words}"`, () => thread().find((m) => m.text?.startsWith(words)));
  const HOST = '`logistics.contoso.com`';
  const STILL_BLOCKED = 'It was a dry run: nothing had been allowed in Defender, so nothing changes for you and the portal is still blocked.';
  const AGAIN = 'If you still need it, run `/portal-blocked logistics.contoso.com` again.';

  beforeEach(async () => {
    ({ h, clock, message, requestId } = await reportedDryRun(target, 'https://logistics.contoso.com/portal the shipping app fails'));
  });
  afterEach(async () => {
    await h.stop();
  });

  /** Approves for `duration` and waits for the would-be indicator; its id and when it was recorded. */
  async function approve(duration: string) {
    await h.click('approve', { message, userId: USERS.approver, duration });
    await waitFor('allow note', () => thread().find((m) => m.text?.includes('*Would create:*')));
    await h.leaseReleased(requestId);
    return await h.prisma.allowIndicator.findFirstOrThrow();
  }

  it('no block events since the approval, then a revoke: nothing was allowed is said first, no other cause suggested, no deletion claimed; Home never reads "Allowed"', async () => {
    const { recordedAt, defenderId } = await approve('P1D');
    await openHome(h, USERS.requester);
    const home = await homeView(h, USERS.requester, (t) => t.includes('*#1*'));
    const homeText = visibleText({ blocks: home.view.blocks });
    expect(homeText).toMatch(/\*#1\* `logistics\.contoso\.com`\n:test_tube: Dry run approved \(nothing allowed in Defender\) until <!date\^\d+\^[^>]+> · ALL devices · reported <!date\^/);
    expect(homeText).not.toContain('Allowed');

    clock.set(new Date(recordedAt.getTime() + 2 * HOUR));
    await h.running.reconcileNow();
    const since = `since the dry-run approval (checked ${shownDate(clock.now())})`;
    const check = await noteStarting(':test_tube: Dry run: nothing was allowed');
    expect(check.text).toBe(`:test_tube: Dry run: nothing was allowed in Defender, so it still blocks ${HOST}. The check after activation found no block events ${since}.`);
    const checkDm = await dmWith('No block was seen');
    expect(checkDm.text).toBe(
      `:test_tube: Request #1 for ${HOST} was approved in a *dry run*: nothing was allowed in Defender, so Defender still blocks the portal. ` +
        `No block was seen ${since}, but that does not mean the portal is reachable. Ask the security team if you need it now.`,
    );
    expect(h.slack.dms(USERS.requester).some((m) => m.text?.includes('something other than a Defender block'))).toBe(false);

    await h.leaseReleased(requestId);
    await h.clickAllow('revoke', { message, userId: USERS.approver, requestId });
    const revoked = await noteStarting(':no_entry: Revoked by');
    expect(revoked.text!.split('\n')[0]).toBe(
      `:no_entry: Revoked by <@${USERS.approver}>. The dry-run allow ended: Unblock dropped its would-be indicator \`${defenderId}\`, which Defender never held, so nothing changes on devices.`,
    );
    expect(revoked.text).toContain(`*Would delete:* \`DELETE /api/indicators/${defenderId}\``);
    expect(revoked.text).not.toContain('Deleted the Defender');
    expect(revoked.text).not.toContain('stop allowing');
    const revokedDm = await dmWith('was revoked');
    expect(revokedDm.text).toBe(`:no_entry: The dry-run allow for ${HOST} (request #1) was revoked by <@${USERS.approver}>. ${STILL_BLOCKED} ${AGAIN}`);
    const after = await homeView(h, USERS.requester, (t) => t.includes('Dry run revoked'));
    expect(visibleText({ blocks: after.view.blocks })).toMatch(/\*#1\* `logistics\.contoso\.com`\n:no_entry: Dry run revoked \(nothing had been allowed in Defender\) · ALL devices · reported/);
    expect([...h.defender.requestsOf('POST'), ...h.defender.requestsOf('DELETE')]).toEqual([]);
  });

  it('block events since the approval: expected, said as such to the thread and the reporter, with no propagation delay or checklist', async () => {
    const { recordedAt } = await approve('P3D');
    h.graph.addEvents([huntingRow({ at: new Date(recordedAt.getTime() + 20 * 60_000).toISOString().replace(/Z$/, '1234Z'), device: 'LAPTOP-02' })]);
    clock.set(new Date(recordedAt.getTime() + 2 * HOUR));
    await h.running.reconcileNow();
    const since = `since the dry-run approval (checked ${shownDate(clock.now())})`;
    const check = await noteStarting(':test_tube: Dry run: nothing was allowed');
    expect(check.text).toBe(
      `:test_tube: Dry run: nothing was allowed in Defender, so it still blocks ${HOST}. The check after activation found blocks on 1 device ${since}, as expected. ` +
        `I check again ${shownDate(new Date(recordedAt.getTime() + DAY))}.`,
    );
    const checkDm = await dmWith('Defender blocked it on');
    expect(checkDm.text).toBe(
      `:test_tube: Request #1 for ${HOST} was approved in a *dry run*: nothing was allowed in Defender, so Defender still blocks the portal. ` +
        `Defender blocked it on 1 device ${since}. Ask the security team if you need it now.`,
    );
  });

  it('the expiry: the thread, the reporter and Home say the dry-run allow ended and nothing changes, never that devices stop allowing it', async () => {
    const { defenderId } = await approve('P1D');
    await openHome(h, USERS.requester);
    await homeView(h, USERS.requester, (t) => t.includes('Dry run approved'));
    const { allowUntil } = await h.prisma.decision.findFirstOrThrow();
    clock.set(new Date(allowUntil!.getTime() + 60_000));
    for (let round = 0; round < 4 && !thread().some((m) => m.text?.startsWith(':checkered_flag:')); round++) {
      await h.running.reconcileNow();
      await h.leaseReleased(requestId);
    }
    const ended = await noteStarting(':checkered_flag:');
    expect(ended.text!.split('\n')[0]).toBe(
      `:checkered_flag: The dry-run allow for ${HOST} has ended, and with it its would-be indicator \`${defenderId}\`. Defender never held it, so nothing changes on devices.`,
    );
    expect(ended.text).not.toContain('stop allowing');
    const endedDm = await dmWith('has ended');
    expect(endedDm.text).toBe(`:checkered_flag: The dry-run allow for ${HOST} (request #1) has ended. ${STILL_BLOCKED} ${AGAIN}`);
    const home = await homeView(h, USERS.requester, (t) => t.includes('Dry run ended'));
    expect(visibleText({ blocks: home.view.blocks })).toMatch(/\*#1\* `logistics\.contoso\.com`\n:checkered_flag: Dry run ended \(nothing had been allowed in Defender\) · ALL devices · reported/);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'expired' });
  });
});

describe.each(databaseTargets())('DRY_RUN=true with read-only permissions: no Ti.ReadWrite ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target, { DRY_RUN: 'true' });
    // Every indicator endpoint needs Ti.ReadWrite(.All) (defender-api.md "Permissions"): without it Defender answers 403.
    h.entra.roles.set(FakeEntra.audienceOfScope('https://api.securitycenter.microsoft.com/.default'), []);
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', process: 'chrome.exe' })]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('reports, approves and shows the would-be indicator; the thread says Defender\'s own indicators could not be listed', async () => {
    await h.command('https://logistics.contoso.com/portal');
    const message = await h.approvalMessage();
    const thread = () => h.slack.thread(APPROVAL_CHANNEL, message.ts);
    const evidence = await waitFor('evidence note', () => thread()[0]);
    expect(evidence.text).toContain('no Ti.ReadWrite permission');
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    const note = await waitFor('allow note', () => thread().find((m) => m.text?.includes('*Would create:*')));
    expect(bodiesIn(note.text!)).toEqual([expect.objectContaining({ indicatorValue: 'logistics.contoso.com', action: 'Allowed' })]);
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ status: 'active' });
    // Defender was asked (and refused) reads only.
    expect(h.defender.requestsOf('GET').length).toBeGreaterThan(0);
    expect([...h.defender.requestsOf('POST'), ...h.defender.requestsOf('DELETE')]).toEqual([]);
  });
});

describe.each(databaseTargets())('DRY_RUN=true with read-only permissions: an org Block Unblock cannot see ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target, { DRY_RUN: 'true' });
    h.entra.roles.set(FakeEntra.audienceOfScope('https://api.securitycenter.microsoft.com/.default'), []);
    h.defender.seed({ indicatorValue: 'dry.contoso.com', indicatorType: 'DomainName', action: 'Block', title: 'Blocked by SecOps', description: 'x', expirationTime: null, createdBy: 'secops@contoso.com' });
  });
  afterEach(async () => {
    await h.stop();
  });

  const REFUSED =
    ':warning: *Existing indicators:* could not check existing indicators: Defender refused to list its indicators (the app has no Ti.ReadWrite permission, as in a read-only dry run), so Unblock could not see what it holds';

  it('every look-up refused (the values and the Url list): the message says Defender\'s indicators could not be seen, never "none found"', async () => {
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', url: 'https://dry.contoso.com/x', category: 'Phishing' })]);
    await h.command('https://dry.contoso.com/x');
    const message = await h.approvalMessage();
    const existing = `${REFUSED}\nNone of Defender's indicators could be seen, so it is not known whether approving overrides a Block or Warn indicator of your organisation.`;
    expect(visibleText(message)).toContain(existing);
    const evidence = await waitFor('evidence note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts)[0]);
    expect(evidence.text).toContain(existing);
    for (const text of [visibleText(message), evidence.text!]) {
      expect(text).not.toContain('none found');
      expect(text).not.toContain('Could not list the URL indicators');
    }
    // Defender was asked for the exact value, the parent domain and the Url list, and refused each.
    const filters = h.defender.requestsOf('GET').map((r) => r.query.get('$filter'));
    expect(filters).toEqual(expect.arrayContaining(["indicatorValue eq 'dry.contoso.com'", "indicatorValue eq 'contoso.com'", "indicatorType eq 'Url'"]));
  });

  it('when Defender named the org block list, the message says approving overrides a Block nobody could see', async () => {
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', url: 'https://dry.contoso.com/x', category: 'CustomBlockList' })]);
    await h.command('https://dry.contoso.com/x');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain(`${REFUSED}\nDefender says your organisation's block list blocked it, so approving overrides a Block or Warn indicator that Unblock could not see.`);
    expect(visibleText(message)).not.toContain('none found');
  });
});

describe.each(databaseTargets())('a request keeps the mode it was reported in when DRY_RUN changes ($name)', (target) => {
  let h: Harness;
  let clock: FakeClock;
  const writes = () => [...h.defender.requestsOf('POST'), ...h.defender.requestsOf('DELETE')];
  beforeEach(async () => {
    clock = new FakeClock(new Date('2026-11-26T09:00:00.000Z'));
    h = await Harness.start(target, { APPROVER_USER_IDS: `${USERS.approver},${USERS.secondApprover}` }, { clock });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('a dry-run request approved, extended and revoked after DRY_RUN is off never writes to Defender, and its thread still shows the would-be writes', async () => {
    await h.restart({ DRY_RUN: 'true' });
    await h.command('https://logistics.contoso.com/portal');
    const message = await h.approvalMessage();
    expect(JSON.stringify(message.blocks)).toContain('DRY RUN');
    await h.restart({ DRY_RUN: undefined });
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    const thread = () => h.slack.thread(APPROVAL_CHANNEL, message.ts);
    await waitFor('would-be create', () => thread().find((m) => m.text?.includes('*Would create:*')));
    const requestId = requestIdOf(message);
    await h.leaseReleased(requestId);
    // The hourly drift check reads the would-be indicator back: no "deleted early" alarm.
    clock.advance(2 * HOUR);
    await h.running.reconcileNow();
    expect(thread().some((m) => m.text?.includes('deleted before its expiry'))).toBe(false);
    clock.advance(DAY - 3 * HOUR);
    await h.running.reconcileNow();
    const reminder = await waitFor('reminder', () => thread().find((m) => m.text?.startsWith('Reminder')));
    await h.clickAllow('extend', { message: reminder, userId: USERS.secondApprover, requestId, duration: 'P1D' });
    await waitFor('would-be update', () => thread().find((m) => m.text?.includes('*Would update')));
    await h.leaseReleased(requestId);
    await h.clickAllow('revoke', { message: reminder, userId: USERS.approver, requestId });
    await waitFor('would-be delete', () => thread().find((m) => m.text?.includes('*Would delete:*')));
    expect(writes()).toEqual([]);
    expect(h.defender.indicators.size).toBe(0);
  });

  it('an allow made for real is really revoked while DRY_RUN is on: narrowing access never waits for a pilot', async () => {
    await h.command('https://logistics.contoso.com/portal');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitFor('real indicator', () => h.defender.indicators.size === 1);
    const requestId = requestIdOf(message);
    await h.leaseReleased(requestId);
    await h.restart({ DRY_RUN: 'true' });
    await h.clickAllow('revoke', { message, userId: USERS.approver, requestId });
    await waitFor('really deleted', () => h.defender.indicators.size === 0);
    expect(h.defender.requestsOf('DELETE')).toHaveLength(1);
    const revoked = await waitFor('revoked note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.startsWith(':no_entry: Revoked by')));
    expect(revoked.text).not.toContain('Would delete');
  });
});
