import { describe, expect, test } from 'vitest';
import type { ReportOutcome } from '../../../app/report-blocked-portal.ts';
import { parseTarget } from '../../../domain/target/parse-target.ts';
import { activeView, approvedView, aView, blockEvent, DECIDED_AT, evidence, HOSTILE_SHOWN, HOSTILE_TEXT, indicatorRecord, shownDate, withoutOwnMarkup, policy } from '../../../../test/builders/request-view-fixtures.ts';
import { busyText, lookingText, refusalText, reportOutcomeText, unexpectedErrorText } from './report-replies.ts';

describe('reportOutcomeText', () => {
  const hostileEvidence = evidence('unavailable', [], '<!channel> <https://evil.example|x>');
  const outcomes: Array<[string, ReportOutcome, string]> = [
    ['opened', { kind: 'opened', view: aView({ evidence: hostileEvidence }) }, 'Sent to the security team as request #42'],
    ['joined a pending request, first time', { kind: 'joined', view: aView({ evidence: hostileEvidence }), firstTimeReporter: true }, "I've added you to it"],
    ['joined a pending request again', { kind: 'joined', view: aView(), firstTimeReporter: false }, 'You had already reported it'],
    ['joined an approved request', { kind: 'joined', view: approvedView(), firstTimeReporter: true }, 'was approved'],
    ['joined an active request', { kind: 'joined', view: activeView(), firstTimeReporter: true }, 'is already allowed until <!date^'],
  ];

  test.each(outcomes)('%s', (_, outcome, expected) => {
    const text = reportOutcomeText(outcome, policy);
    expect(text.trim()).not.toBe('');
    expect(text).toContain(expected);
    expect(withoutOwnMarkup(text)).not.toContain('<');
  });
});

describe('the other replies to /portal-blocked', () => {
  test('lookingText names the target, escaped', () => {
    const target = parseTarget('logistics.contoso.com');
    if (!target.ok) throw new Error(target.error.code);
    expect(lookingText(target.value)).toBe(
      ':mag: Looking for Defender block events for `logistics.contoso.com`…',
    );
  });

  test('refusalText escapes the reason and says nothing was submitted', () => {
    expect(refusalText(HOSTILE_TEXT)).toBe(`:warning: ${HOSTILE_SHOWN} Nothing was submitted.`);
  });

  test.each<['report' | 'click', string]>([
    ['report', ':hourglass_flowing_sand: Unblock is handling a lot of reports right now, so nothing was recorded. Please try again in a minute.'],
    ['click', ':hourglass_flowing_sand: Unblock is handling a lot of requests right now, so that click changed nothing. Please try again in a minute.'],
  ])('busyText(%s)', (what, text) => {
    expect(busyText(what)).toBe(text);
  });

  test('unexpectedErrorText gives the reference, escaped', () => {
    expect(unexpectedErrorText('ab<c>&1')).toBe(
      ':warning: Something went wrong while handling that (ref ab&lt;c&gt;&amp;1). Nothing was changed that you need to undo; please try again, and give the security team the ref if it keeps happening.',
    );
  });
});

describe('reportOutcomeText, exactly', () => {
  const REF = 'request #42 (`logistics.contoso.com`)';

  test.each<[string, ReportOutcome, string]>([
    [
      'too many reports',
      { kind: 'limited', refusal: { code: 'too_many_reports', limit: 10 } },
      ':no_entry_sign: You have reported 10 portals in the last hour, the most one person may. Please wait a little, or ask the security team directly. Nothing was submitted.',
    ],
    [
      'too many open requests',
      { kind: 'limited', refusal: { code: 'too_many_open_allows', limit: 5 } },
      ':no_entry_sign: You already have 5 open requests or allows, the most one person may have at once. Revoke one you no longer need, or wait for them to end. Nothing was submitted.',
    ],
    [
      'opened',
      { kind: 'opened', view: aView({ evidence: evidence('none') }) },
      `:inbox_tray: Sent to the security team as ${REF}. No Defender block events for it in the last 7 days. So what stops you is probably something else (a proxy, a firewall, DNS or the portal itself); the security team will look. I'll message you when someone decides.`,
    ],
    [
      'joined an active allow',
      { kind: 'joined', view: activeView(), firstTimeReporter: true },
      `:white_check_mark: \`logistics.contoso.com\` is already allowed until ${shownDate(indicatorRecord.expiresAt!)} (${REF}). Devices can take up to 2 hours to pick it up.`,
    ],
    [
      'joined an active allow scoped to device groups: never promised to reach the reporter’s device',
      { kind: 'joined', view: { ...activeView(), indicator: { ...indicatorRecord, rbacGroupNames: ['Sales'] } }, firstTimeReporter: true },
      `:white_check_mark: \`logistics.contoso.com\` is already allowed until ${shownDate(indicatorRecord.expiresAt!)} (${REF}). Devices can take up to 2 hours to pick it up. ` +
        'It applies only to devices in device group `Sales`: if yours is in another group it stays blocked until the approvers approve a wider scope (your report asks them).',
    ],
    [
      'joined an approved request',
      { kind: 'joined', view: approvedView(), firstTimeReporter: false },
      `:hourglass_flowing_sand: ${REF} was approved ${shownDate(DECIDED_AT)} and is being activated in Defender. You had already reported it.`,
    ],
    [
      'joined a pending request',
      { kind: 'joined', view: aView(), firstTimeReporter: true },
      ":raised_hands: `logistics.contoso.com` already has an open request (#42), waiting for an approver. I've added you to it; you'll hear when it's decided.",
    ],
  ])('%s', (_, outcome, text) => {
    expect(reportOutcomeText(outcome, policy)).toBe(text);
  });

  test('command and control seen in audit mode only: a possible incident, as the approvers see it, not "probably something else"', () => {
    const view = aView({ evidence: evidence('found', [blockEvent({ category: 'C2', kind: 'network_protection_audit' })]) });
    const text = reportOutcomeText({ kind: 'opened', view }, policy);
    expect(text).toContain(
      ' :rotating_light: Defender recorded traffic to it that looks like *command and control* (malware talking to its server), in audit mode, so it did not block it; ' +
        'it was sent to the security team as a *possible security incident*. They will contact you about your device.',
    );
    expect(text).not.toContain('probably something else');
  });

  test('joining a command-and-control request: the possible-incident words, not "waiting for an approver"', () => {
    const view = aView({ evidence: evidence('found', [blockEvent({ category: 'C2' })]) });
    expect(reportOutcomeText({ kind: 'joined', view, firstTimeReporter: true }, policy)).toBe(
      ':rotating_light: `logistics.contoso.com` is already with the security team as a *possible security incident* (#42): ' +
        "Defender saw traffic to it that looks like *command and control* (malware talking to its server). I've added you to it; " +
        'they will contact you about your device; please do not try to get around the block.',
    );
  });

  test('an evidence error from Defender is escaped', () => {
    const text = reportOutcomeText({ kind: 'opened', view: aView({ evidence: evidence('unavailable', [], HOSTILE_TEXT) }) }, policy);
    expect(text).toContain(`Advanced hunting was unavailable (${HOSTILE_SHOWN})`);
  });
});

describe('reportOutcomeText names the organisation’s blocking indicator to the requester', () => {
  test('exact text, with the title escaped and without its creator', () => {
    const orgBlock = { id: '7', type: 'DomainName', value: 'contoso.com', action: 'Block', title: HOSTILE_TEXT, expiresAt: null, createdBy: 'secops@contoso.com' };
    const view = aView({ evidence: evidence('found', [blockEvent()], null, { outcome: 'checked', indicators: [orgBlock] }) });
    expect(withoutOwnMarkup(reportOutcomeText({ kind: 'opened', view }, policy))).toBe(
      ':inbox_tray: Sent to the security team as request #42 (`logistics.contoso.com`). Defender blocked it *1 time* on *1 device* in the last 7 days, first , last . ' +
        "It is on your organisation's own block list, so the security team will check with whoever blocked it. " +
        `The organisation's indicator that blocks it: \`${HOSTILE_SHOWN}\` on \`contoso.com\`; an allow would override it. I'll message you when someone decides.`,
    );
  });
});
