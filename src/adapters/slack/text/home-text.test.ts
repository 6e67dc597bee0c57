import { describe, expect, test } from 'vitest';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { activeView, approval, approvedView, aView, blockEvent, deniedView, evidence, homeItem, indicatorRecord, policy } from '../../../../test/builders/request-view-fixtures.ts';
import * as lines from './home-text.ts';
import { pageText } from './home-text.ts';

// The lines as Home reads its rows (homeItem: the reporters counted, not listed).
const myRequestLine = (view: RequestView) => lines.myRequestLine(homeItem(view));
const waitingLine = (view: RequestView, viewerId: string, warnings: readonly string[] = []) => lines.waitingLine(homeItem(view), viewerId, warnings);
const homeDecisionWarnings = lines.homeDecisionWarnings;
const activeLine = (view: RequestView) => lines.activeLine(homeItem(view));
import { approvalRule, threatMaxMs } from '../../../domain/request/approval-rule.ts';

const REPORTED = '<!date^1795165200^{date_short_pretty} {time}|2026-11-20T09:00:00.000Z>';
const UNTIL = '<!date^1795255200^{date_short_pretty} {time}|2026-11-21T10:00:00.000Z>';
const SEEN = '<!date^1795102200^{date_short_pretty} {time}|2026-11-19T15:30:00.000Z>';
/** What an approver sees on Home before deciding, as on the channel message: reason, cause, evidence, where the rest is. */
const EVIDENCE =
  '\n>Need the carrier portal to book shipments' +
  "\n*Why Defender blocked it:* Your organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×1)" +
  `\nDefender blocked it *1 time* on *1 device* in the last 7 days, first ${SEEN}, last ${SEEN}. Full evidence and thread in <#C0APPROVE>.`;

describe('Home tab lines', () => {
  test.each<[string, RequestView, string]>([
    ['waiting', aView(), `*#42* \`logistics.contoso.com\`\n:hourglass_flowing_sand: Waiting for approvers · ALL devices · reported ${REPORTED}`],
    ['active, until when', activeView(), `*#42* \`logistics.contoso.com\`\n:white_check_mark: Allowed until ${UNTIL} · ALL devices · reported ${REPORTED}`],
    ['approved, not in Defender yet: the end the approval runs to', approvedView(), `*#42* \`logistics.contoso.com\`\n:hourglass_flowing_sand: Approved, not active yet, to run until ${UNTIL} · ALL devices · reported ${REPORTED}`],
    ['denied: no end', deniedView(), `*#42* \`logistics.contoso.com\`\n:no_entry: Denied · ALL devices · reported ${REPORTED}`],
  ])('My requests: %s', (_case, view, line) => {
    expect(myRequestLine(view)).toBe(line);
  });

  test.each<[string, RequestView, string, string]>([
    ['someone else’s request', aView(), 'U0BOB', ''],
    ['their own', aView(), 'U0ALICE', '\n_You reported it: another approver decides._'],
    ['one they approved, waiting for a second approver', aView({ approvals: [{ approverId: 'U0BOB', at: new Date(0), duration: 'P1D', indicatorType: 'DomainName', rbacGroupNames: [] }] }), 'U0BOB', '\n_You approved it; it needs a second, different approver._'],
    ['one another approver approved', aView({ approvals: [{ approverId: 'U0CAROL', at: new Date(0), duration: 'P1D', indicatorType: 'DomainName', rbacGroupNames: [] }] }), 'U0BOB', '\nApproved so far by <@U0CAROL>; needs a second approver.'],
  ])('Waiting for you: %s', (_case, view, viewer, note) => {
    expect(waitingLine(view, viewer)).toBe(`*#42* \`logistics.contoso.com\` for <@U0ALICE>\nReported ${REPORTED} · ALL devices${note}${EVIDENCE}`);
  });

  test.each([
    [1, ''],
    [2, ' (+1 more reporter)'],
    [1_000, ' (+999 more reporters)'],
  ])('Waiting for you: %i reporters, counted without listing them', (reporterCount, more) => {
    expect(lines.waitingLine({ ...homeItem(aView()), reporterCount }, 'U0BOB').split('\n')[0]).toBe(`*#42* \`logistics.contoso.com\` for <@U0ALICE>${more}`);
  });

  test('Waiting for you: the reason is quoted, escaped, never formatted into a mention', () => {
    const view = aView();
    const line = waitingLine({ ...view, request: { ...view.request, reason: '<!channel> *urgent*' } }, 'U0BOB');
    expect(line).toContain('\n>&lt;!channel&gt; *urgent*\n');
  });

  test('Active allows: host, requester, until when, who approved, where', () => {
    expect(activeLine(activeView())).toBe(`*#42* \`logistics.contoso.com\` for <@U0ALICE>\n:white_check_mark: Allowed until ${UNTIL} · approved by <@U0BOB> · ALL devices`);
  });

  const dry = (view: RequestView): RequestView => ({ ...view, request: { ...view.request, dryRun: true } });
  const mark = ' · :test_tube: _dry run: nothing in Defender_';

  test('a dry-run request says so on every list: its allow is only simulated, never "Allowed"', () => {
    expect(myRequestLine(dry(activeView()))).toBe(`*#42* \`logistics.contoso.com\`\n:test_tube: Dry run approved (nothing allowed in Defender) until ${UNTIL} · ALL devices · reported ${REPORTED}`);
    expect(activeLine(dry(activeView()))).toBe(`*#42* \`logistics.contoso.com\` for <@U0ALICE>\n:test_tube: Dry run approved (nothing allowed in Defender) until ${UNTIL} · approved by <@U0BOB> · ALL devices`);
    expect(waitingLine(dry(aView()), 'U0BOB')).toBe(`*#42* \`logistics.contoso.com\` for <@U0ALICE>${mark}\nReported ${REPORTED} · ALL devices${EVIDENCE}`);
  });

  test.each<[string, RequestView, string]>([
    ['waiting', dry(aView()), `${mark}\n:hourglass_flowing_sand: Waiting for approvers ·`],
    ['approved, not recorded yet', dry(approvedView()), `\n:hourglass_flowing_sand: Dry run approved, not recorded yet, to run until ${UNTIL} ·`],
    ['revoked', dry(aView({ request: { status: 'revoked' }, decision: approval(), indicator: indicatorRecord })), '\n:no_entry: Dry run revoked (nothing had been allowed in Defender) ·'],
    ['ended', dry(aView({ request: { status: 'expired' }, decision: approval(), indicator: indicatorRecord })), '\n:checkered_flag: Dry run ended (nothing had been allowed in Defender) ·'],
    ['denied', dry(deniedView()), `${mark}\n:no_entry: Denied ·`],
  ])('My requests, a dry run %s', (_case, view, words) => {
    const line = myRequestLine(view);
    expect(line).toContain(`*#42* \`logistics.contoso.com\`${words}`);
    expect(line).not.toContain('Allowed');
  });

  test.each([
    [{ items: [], offset: 0, total: 0 }, 'None.'],
    [{ items: [1], offset: 0, total: 1 }, 'Showing 1–1 of 1'],
    [{ items: [1, 2], offset: 10, total: 37 }, 'Showing 11–12 of 37'],
  ])('%j → %s', (page, text) => {
    expect(pageText(page)).toBe(text);
  });
});

describe("Home's warnings before deciding (the channel message's, issue 12 §1: the same rules)", () => {
  const warnings = (view: RequestView) => homeDecisionWarnings(view, approvalRule(view.evidence, policy), threatMaxMs(policy));
  const orgBlock = {
    id: '7', value: 'contoso.com', type: 'DomainName' as const, action: 'Block', title: 'Block <!here> portal', expiresAt: null,
    createdBy: 'secops@contoso.com', createdAt: new Date('2026-03-04T10:11:12Z'), rbacGroupNames: [],
  };
  const gambling = evidence('found', [blockEvent({ category: 'Gambling' })]);

  test('an ordinary request (web content filtering, exact host): none', () => {
    expect(warnings(aView({ evidence: gambling }))).toEqual([]);
  });

  test("the organisation's Block it overrides, named with its creator and escaped", () => {
    const view = aView({ evidence: evidence('found', [blockEvent({ category: 'CustomBlockList' })], null, { outcome: 'checked', indicators: [orgBlock] }) });
    expect(warnings(view)).toEqual([':no_entry: *Approving overrides Block `Block &lt;!here&gt; portal` (created by `secops@contoso.com`).*']);
  });

  test("Defender named the org's block list but no indicator was seen: still said", () => {
    expect(warnings(aView())).toEqual([":no_entry: *Defender named your organisation's block list: approving overrides its Block indicator, which Unblock could not see.*"]);
  });

  test('a threat verdict nobody approved yet: two different approvers and the shorter maximum', () => {
    expect(warnings(aView({ evidence: evidence('found', [blockEvent({ category: 'Phishing' })]) }))).toEqual([
      ':rotating_light: Needs *two different approvers* (one approval alone allows nothing) and lasts *1 day at most*.',
    ]);
  });

  test('a registrable domain and a punycode name: the channel message\'s own warnings', () => {
    const view = aView({ evidence: gambling, request: { target: { type: 'DomainName', value: 'xn--pple-43d.com' }, reportedTarget: 'xn--pple-43d.com', coversSubdomains: true } });
    expect(warnings(view)).toEqual([
      ':warning: `xn--pple-43d.com` is a registrable domain: a domain indicator also allows *every subdomain* of it. Prefer asking for the exact host of the portal.',
      ':warning: This is an internationalized name, shown in its punycode form. Check it is the portal you expect and not a look-alike.',
    ]);
  });

  test('they follow the evidence on the waiting line', () => {
    const view = aView({ evidence: evidence('found', [blockEvent({ category: 'Phishing' })]) });
    expect(waitingLine(view, 'U0BOB', warnings(view))).toMatch(/Full evidence and thread in <#C0APPROVE>\.\n:rotating_light: Needs \*two different approvers\*/);
  });
});
