import { afterEach, describe, expect, it } from 'vitest';
import { defenderError } from '../http-fakes/fake-defender.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import type { PostedMessage } from '../http-fakes/fake-slack.ts';
import { deviceInfoRow, huntingRow } from '../builders/hunting-rows.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { databaseTargets } from '../support/test-databases.ts';
import { blocksOf, homeView, openHome } from '../support/app-home.ts';

// Issue 11 §3 and §1's CustomBlockList row: before the approval message is posted, Unblock looks up
// the indicators around the reported host (exact value, parent domains, Url indicators on the host)
// and shows what approving reuses or overrides. Indicators are seeded in the documented entity shape
// (ti-indicator; defender-api.md §3 "Indicator entity shape"); hunting rows follow the documented
// DeviceEvents columns and AdditionalFields (defender-api.md §2, §8).
const HOUR = 3_600_000;
const recently = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
const CREATED = '2026-03-04T10:11:12Z';
const shownDate = (iso: string) => `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} {time}|${new Date(iso).toISOString()}>`;

type Button = { action_id: string; confirm?: { text: { text: string } } };
const approveConfirm = (message: PostedMessage): string => {
  const buttons = ((message.blocks ?? []) as Array<{ type: string; elements?: Button[] }>).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
  const approve = buttons.find((e) => e.action_id === 'unblock_approve');
  if (!approve?.confirm) throw new Error('no Approve confirmation');
  return approve.confirm.text.text;
};

describe.each(databaseTargets())('existing indicators before anyone clicks ($name)', (target) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('an org Block on the parent domain: named with its creator in the message, the confirmation, the reply and the thread; approving adds the allow and leaves the Block', async () => {
    h = await Harness.start(target);
    const orgBlock = h.defender.seed({
      indicatorValue: 'contoso.com',
      indicatorType: 'DomainName',
      action: 'Block',
      title: 'Block Contoso <!here> (legal hold)',
      description: 'Blocked during the legal hold',
      expirationTime: null,
      createdBy: 'secops@contoso.com',
      creationTimeDateTimeUtc: CREATED,
      rbacGroupNames: [],
    });
    h.defender.seed({ indicatorValue: 'fabrikam.com', indicatorType: 'DomainName', action: 'Block', title: 'Unrelated', description: 'x', expirationTime: null });
    // A URL Block on a path of the host: more specific than the host, so the allow leaves it in force ("longest path wins", indicators-overview).
    h.defender.seed({ indicatorValue: 'https://logistics.contoso.com/admin', indicatorType: 'Url', action: 'Block', title: 'Admin pages', description: 'x', expirationTime: null });
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-01', category: 'CustomBlockList' })]);

    const ack = await h.command('https://logistics.contoso.com/track the shipping app fails');
    const message = await h.approvalMessage();

    const line =
      ':no_entry: *Approving overrides* Block `Block Contoso &lt;!here&gt; (legal hold)` on `contoso.com` (on a parent domain): ' +
      `created by \`secops@contoso.com\` ${shownDate(CREATED)}, never expires, all devices.`;
    expect(visibleText(message)).toContain(line);
    expect(visibleText(message)).not.toContain('Unrelated');
    expect(visibleText(message)).toContain(':no_entry_sign: *Stays in force:* Block `Admin pages` on `https://logistics.contoso.com/admin` (on a URL of this host)');
    // What the allow covers first (Slack clips the dialog at 300 characters), then what it overrides; the URL Block is not among them.
    expect(approveConfirm(message)).toMatch(/^This creates a Defender allow indicator for `logistics\.contoso\.com` .*\. Approving overrides Block `Block Contoso &lt;!here&gt; \(legal hold\)` \(created by `secops@contoso\.com`\)\.$/);
    expect((await h.response(ack.responseId)).text).toContain(
      "It is on your organisation's own block list, so the security team will check with whoever blocked it. The organisation's indicator that blocks it: `Block Contoso &lt;!here&gt; (legal hold)` on `contoso.com`; an allow would override it.",
    );
    const detail = await waitFor('evidence detail', () => h!.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('*Evidence detail*')));
    expect(detail.text).toContain(line);

    // Approvers deciding from the Home tab read the same override, and the same dialog (issue 12 §1: the same rules).
    await openHome(h, USERS.approver);
    const home = await homeView(h, USERS.approver, (t) => t.includes('Waiting for you') && t.includes('*#1*'));
    expect(visibleText({ blocks: home.view.blocks })).toContain(
      ':no_entry: *Approving overrides Block `Block Contoso &lt;!here&gt; (legal hold)` (created by `secops@contoso.com`).*',
    );
    const homeApprove = blocksOf(home).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'unblock_approve') as unknown as { confirm: { title: { text: string }; text: { text: string } } };
    expect(homeApprove.confirm.title.text).toBe("Override your organisation's block?");
    expect(homeApprove.confirm.text.text).toBe(approveConfirm(message));

    // The look-ups Defender was asked, with the documented `eq` filters only.
    const lookups = h.defender.requestsOf('GET').map((r) => r.query.get('$filter'));
    expect([...lookups].sort()).toEqual(["indicatorType eq 'Url'", "indicatorValue eq 'contoso.com'", "indicatorValue eq 'logistics.contoso.com'"]);

    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitFor('allow created', () => [...h!.defender.indicators.values()].some((i) => i.action === 'Allowed'));
    expect(h.defender.indicators.get(orgBlock.id)).toMatchObject({ action: 'Block', indicatorValue: 'contoso.com' });
  });

  it('the org Block on the exact value the approvers chose to override is not reported as drift afterwards; a Warn added later is', async () => {
    // Found in the sandbox: every drift check said "Defender no longer matches what was approved" about
    // the very Block the approval message had listed under "Approving overrides".
    const clock = new FakeClock(new Date());
    h = await Harness.start(target, {}, { clock });
    const orgBlock = h.defender.seed({ indicatorValue: 'logistics.contoso.com', indicatorType: 'DomainName', action: 'Block', title: 'Block logistics', description: 'x', expirationTime: null, createdBy: 'secops@contoso.com' });
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-01', category: 'CustomBlockList' })]);
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('*Approving overrides* Block `Block logistics`');
    await h.click('approve', { message, userId: USERS.approver, duration: 'P7D' });
    await waitFor('allow created', () => [...h!.defender.indicators.values()].some((i) => i.action === 'Allowed'));
    await h.leaseReleased(requestIdOf(message));
    const driftNotes = () => h!.slack.thread(APPROVAL_CHANNEL, message.ts).filter((m) => m.text?.includes('no longer matches'));

    clock.advance(2 * HOUR);
    await h.running.reconcileNow();
    expect(driftNotes()).toEqual([]);

    const warn = h.defender.seed({ indicatorValue: 'logistics.contoso.com', indicatorType: 'DomainName', action: 'Warn', title: 'Warn logistics', description: 'x', expirationTime: null });
    clock.advance(2 * HOUR);
    await h.running.reconcileNow();
    const [note] = await waitFor('drift note', () => (driftNotes().length > 0 ? driftNotes() : undefined));
    expect(note!.text).toContain(`a Warn indicator \`${warn.id}\``);
    expect(note!.text).not.toContain(`\`${orgBlock.id}\``);
  });

  it('an Allowed indicator on the exact value: the message says it will be reused, and approving creates nothing', async () => {
    h = await Harness.start(target);
    const until = new Date(Date.now() + 90 * 24 * HOUR).toISOString();
    const existing = h.defender.seed({
      indicatorValue: 'logistics.contoso.com',
      indicatorType: 'DomainName',
      action: 'Allowed',
      title: 'Logistics partner portal',
      description: 'Allowed by IT',
      expirationTime: until,
      createdBy: 'it-admin@contoso.com',
      creationTimeDateTimeUtc: CREATED,
      rbacGroupNames: ['Logistics'],
    });
    h.graph.addEvents([huntingRow({ at: recently(1), device: 'LAPTOP-01', category: 'CustomBlockList' })]);
    // The blocked laptop is in the Logistics device group, which the existing allow reaches (defender-api.md "Device groups").
    h.graph.addDeviceInfo([deviceInfoRow('LAPTOP-01', 'Logistics')]);

    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain(
      ':recycle: Already allowed: Allowed `Logistics partner portal` on `logistics.contoso.com` (on it): created by `it-admin@contoso.com`',
    );
    expect(visibleText(message)).toContain('device groups `Logistics`. Approving reuses it rather than adding another.');
    expect(approveConfirm(message)).toMatch(/^This creates/);

    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitFor('reused', () => h!.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('reused, nothing new was created')));
    expect(h.defender.requestsOf('POST')).toHaveLength(0);
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ defenderId: existing.id });
  });

  it('the look-up refused: the message says so with Defender’s reason, and the request still reaches approvers', async () => {
    h = await Harness.start(target);
    h.defender.failNext('GET', defenderError(403, 'Forbidden', 'The application is not allowed to read indicators.'));
    await h.command('https://logistics.contoso.com');
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain(
      ':warning: *Existing indicators:* could not check existing indicators: Defender refused the request (HTTP 403): "The application is not allowed to read indicators."',
    );
    expect(visibleText(message)).toContain(
      "admin-consented\nNone of Defender's indicators could be seen, so it is not known whether approving overrides a Block or Warn indicator of your organisation.",
    );
    expect(visibleText(message)).not.toContain('none found');
    expect((await h.prisma.unblockRequest.findFirstOrThrow()).status).toBe('pending_approval');
  });
});
