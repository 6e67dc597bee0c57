import { afterEach, describe, expect, it } from 'vitest';
import { huntingRow } from '../builders/hunting-rows.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const COLLEAGUE = 'U0COLLEAGUE';
const REMOVAL = 'Devices usually stop allowing it within 2 hours (up to 48 hours).';

/**
 * A runHuntingQuery Timestamp `ms` after `from`, written as Graph writes it: seven fractional digits
 * (defender-api.md §1, the response example "2024-03-26T09:39:50.7688641Z").
 */
const stamp = (from: Date, ms: number) => new Date(from.getTime() + ms).toISOString().replace(/Z$/, '1234Z');
const slackTime = (date: Date) => `<!date^${Math.floor(date.getTime() / 1000)}^`;

describe.each(databaseTargets())('did the allow work? hunting again after activation ($name)', (target) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('still blocked at 2 hours (the allow had not reached two devices), clean by the next day; thread and every reporter hear both; a revoke states the delay', { timeout: 120_000 }, async () => {
    const clock = new FakeClock(new Date('2026-11-26T09:00:00.773Z'));
    h = await Harness.start(target, { APPROVER_USER_IDS: USERS.approver }, { clock });
    const harness = h;
    // The block the report is about, before any allow (DeviceEvents columns: defender-api.md §8; builders/hunting-rows.ts).
    h.graph.addEvents([huntingRow({ at: '2026-11-26T08:40:00.1234567Z', device: 'LAPTOP-00' })]);
    await h.command('https://logistics.contoso.com shipping app');
    const message = await h.approvalMessage();
    const requestId = requestIdOf(message);
    await h.command('logistics.contoso.com same here', COLLEAGUE);
    await waitFor('the join', () => harness.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes(`<@${COLLEAGUE}>`)));
    await h.click('approve', { message, userId: USERS.approver, duration: 'P3D' });
    await waitFor('indicator', () => harness.defender.indicators.size === 1);
    await waitFor('active DM', () => harness.slack.dms(USERS.requester)[0]);
    await h.leaseReleased(requestId);
    const activatedAt = (await h.prisma.allowIndicator.findUniqueOrThrow({ where: { requestId } })).recordedAt;
    const thread = () => harness.slack.thread(APPROVAL_CHANNEL, message.ts);
    const checks = () => thread().filter((m) => m.text?.includes('Did the allow work?'));
    const sinceQueries = () => harness.graph.queries.filter((q) => q.query.includes('datetime('));
    const dmChecks = (user: string) => harness.slack.dms(user).filter((m) => m.text?.includes('since the allow') || m.text?.includes('since the first check'));

    // Propagation under way: two devices are still blocked in the first hour after the allow.
    h.graph.addEvents([huntingRow({ at: stamp(activatedAt, 20 * MINUTE), device: 'LAPTOP-01' }), huntingRow({ at: stamp(activatedAt, 50 * MINUTE), device: 'LAPTOP-02' })]);

    clock.set(new Date(activatedAt.getTime() + 2 * HOUR - MINUTE));
    await h.running.reconcileNow();
    expect(checks()).toEqual([]);
    expect(sinceQueries()).toEqual([]);

    clock.advance(MINUTE);
    await h.running.reconcileNow();
    const [first] = checks();
    expect(first!.text).toBe(
      `:warning: Did the allow work? \`logistics.contoso.com\` is still blocked on 2 devices since the allow (checked ${slackTime(clock.now())}{date_short_pretty} {time}|${clock.now().toISOString()}>). ` +
        'Propagation can take up to 48 hours. If it persists, check that those devices are online and receiving Defender updates; ' +
        'whether Microsoft Defender Antivirus runs in passive mode on them (indicators do not apply then); for a URL allow, whether they use Microsoft Edge; ' +
        'Application Guard sessions of Edge (indicators do not apply there); and the indicator itself in the Defender portal (Settings → Endpoints → Indicators). ' +
        `I check again ${slackTime(new Date(activatedAt.getTime() + DAY))}{date_short_pretty} {time}|${new Date(activatedAt.getTime() + DAY).toISOString()}>.`,
    );
    // The hunt asked Graph only for events after the activation: the block before the allow is not counted.
    expect(sinceQueries()).toHaveLength(1);
    expect(sinceQueries()[0]!.query).toContain(`\n| where Timestamp > datetime(${activatedAt.toISOString()})\n`);
    expect(sinceQueries()[0]!.timespan).toBe('PT3H');
    for (const reporter of [USERS.requester, COLLEAGUE]) {
      const [dm] = await waitFor(`first DM to ${reporter}`, () => (dmChecks(reporter).length === 1 ? dmChecks(reporter) : undefined));
      expect(dm!.text).toMatch(/^:hourglass_flowing_sand: Request #\d+ for `logistics\.contoso\.com`: still blocked on 2 devices since the allow \(checked <!date/);
      expect(dm!.text).toContain(`Propagation can take up to 48 hours. I check again ${slackTime(new Date(activatedAt.getTime() + DAY))}`);
    }

    // Propagation done: no block after the first check. The next day's hunt counts from that check.
    const firstCheck = clock.now();
    clock.set(new Date(activatedAt.getTime() + DAY));
    await h.running.reconcileNow();
    expect(sinceQueries().map((q) => /datetime\(([^)]*)\)/.exec(q.query)![1])).toEqual([activatedAt.toISOString(), firstCheck.toISOString()]);
    expect(checks()[1]!.text).toBe(
      `:white_check_mark: Did the allow work? \`logistics.contoso.com\`: no block events since the first check (${slackTime(firstCheck)}{date_short_pretty} {time}|${firstCheck.toISOString()}>; ` +
        `checked ${slackTime(clock.now())}{date_short_pretty} {time}|${clock.now().toISOString()}>).`,
    );
    for (const reporter of [USERS.requester, COLLEAGUE]) {
      const dms = await waitFor(`second DM to ${reporter}`, () => (dmChecks(reporter).length === 2 ? dmChecks(reporter) : undefined));
      expect(dms[1]!.text).toMatch(/^:white_check_mark: Request #\d+ for `logistics\.contoso\.com`: no block events since the first check/);
      expect(dms[1]!.text).toContain('If it still fails for you, something other than a Defender block is in the way (a proxy or firewall, say): tell the security team.');
    }

    // No third check, however long the allow runs.
    clock.advance(DAY);
    await h.running.reconcileNow();
    expect(checks()).toHaveLength(2);
    expect(sinceQueries()).toHaveLength(2);
    expect(await h.prisma.auditEntry.count({ where: { requestId, action: 'allow.verified' } })).toBe(2);

    // Revoking states how long devices take to drop the allow, in the thread and to every reporter.
    const revoke = await h.clickAllow('revoke', { message: h.current(message), userId: USERS.approver, requestId });
    expect(revoke.status).toBe(200);
    const note = await waitFor('revoke note', () => thread().find((m) => m.text?.startsWith(':no_entry: Revoked by')));
    expect(note.text).toContain(`Deleted the Defender allow indicator \``);
    expect(note.text!.endsWith(REMOVAL)).toBe(true);
    for (const reporter of [USERS.requester, COLLEAGUE]) {
      const dm = await waitFor(`revoke DM to ${reporter}`, () => harness.slack.dms(reporter).find((m) => m.text?.includes('was revoked by')));
      expect(dm.text).toContain(`${REMOVAL} If you still need it, run \`/portal-blocked logistics.contoso.com\` again.`);
    }
  });
});
