import { describe, expect, test } from 'vitest';
import type { EvidenceRecord, RequestView } from '../../../app/ports/request-view.ts';
import { ACTIONS, DECISION_BLOCK_ID } from '../action-ids.ts';
import { durationLabel } from '../text/duration-label.ts';
import { renderApprovalMessage } from './approval-message.ts';
import {
  activeView,
  allText,
  approval,
  approvedView,
  asJson,
  aView,
  blockEvent,
  blocksOfType,
  policy,
  denial,
  deniedView,
  evidence,
  indicatorRecord,
  REPORTED_AT,
  REQUEST_ID,
  withoutOwnMarkup,
} from '../../../../test/builders/request-view-fixtures.ts';

describe('renderApprovalMessage while pending', () => {
  const message = renderApprovalMessage(aView(), policy);

  test('has a header naming the request and host, and a fallback text', () => {
    expect(blocksOfType(message, 'header')).toEqual([{ type: 'header', text: { type: 'plain_text', text: 'Unblock request #42: logistics.contoso.com', emoji: true } }]);
    expect(message.text).toBe('Unblock request #42: logistics.contoso.com (1 reporter)');
  });

  test('says who cannot reach what, and why', () => {
    const text = allText(message);
    expect(text).toContain('<@U0ALICE> cannot reach `logistics.contoso.com`');
    expect(text).toContain('>Need the carrier portal to book shipments');
    expect(text).toContain('`https://logistics.contoso.com/portal/login`');
    expect(text).toContain('Defender blocked it *1 time* on *1 device*');
  });

  test('offers the duration select, Approve and Deny for a bare host', () => {
    const actions = blocksOfType(renderApprovalMessage(aView({ request: { reportedTarget: 'logistics.contoso.com' } }), policy), 'actions');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      block_id: DECISION_BLOCK_ID,
      elements: [
        {
          type: 'static_select',
          action_id: ACTIONS.duration,
          options: policy.durations.standard.options.map((d) => ({ text: { type: 'plain_text', text: durationLabel(d.ms) }, value: d.iso })),
          initial_option: { text: { text: '1 day' }, value: 'P1D' },
        },
        { type: 'button', action_id: ACTIONS.approve, style: 'primary', text: { text: 'Approve' }, value: REQUEST_ID, confirm: { confirm: { text: 'Approve' } } },
        { type: 'button', action_id: ACTIONS.deny, style: 'danger', text: { text: 'Deny' }, value: REQUEST_ID, confirm: { confirm: { text: 'Deny' } } },
      ],
    });
  });

  test('offers exactly the durations up to the configured maximum', () => {
    const select = (blocksOfType(message, 'actions')[0]!.elements as Array<{ options?: Array<{ value: string }> }>)[0]!;
    expect(select.options!.map((o) => o.value)).toEqual(['PT8H', 'P1D', 'P3D', 'P7D', 'P30D']);
  });

  test('names other reporters but not the requester twice', () => {
    const view = aView({
      reporters: [
        { userId: 'U0ALICE', reason: 'a', reportedAt: REPORTED_AT },
        { userId: 'U0CAROL', reason: 'b', reportedAt: REPORTED_AT },
      ],
    });
    const rendered = renderApprovalMessage(view, policy);
    expect(allText(rendered)).toContain('also reported by <@U0CAROL>');
    expect(rendered.text).toContain('(2 reporters)');
  });
});

describe('renderApprovalMessage once decided', () => {
  test.each<[string, () => RequestView, string[], string[]]>([
    ['denied', deniedView, [':no_entry: *Denied* by <@U0BOB>'], []],
    ['approved and active', activeView, [':white_check_mark: *Approved* by <@U0BOB>', 'for 1 day', 'until <!date^', 'Defender indicator 98765'], ['unblock_revoke']],
    ['approved, not active yet', approvedView, [':hourglass_flowing_sand: *Approved* by <@U0BOB>', 'for 1 day', '*not active yet*'], ['unblock_revoke']],
  ])('%s: no decision controls, the decision line, and Revoke while the allow stands', (_, view, expected, controls) => {
    const message = renderApprovalMessage(view(), policy);
    const actions = blocksOfType(message, 'actions') as Array<{ elements: Array<{ action_id: string }> }>;
    expect(actions.flatMap((a) => a.elements.map((e) => e.action_id))).toEqual(controls);
    const line = asJson(message).blocks.filter((b) => b.type === 'section').at(-1) as { text: { text: string } };
    for (const part of expected) expect(line.text.text).toContain(part);
  });

  test('an approval without an indicator is not called active, even if the status says so', () => {
    const message = renderApprovalMessage(aView({ request: { status: 'active' }, decision: approval(), indicator: null }), policy);
    expect(allText(message)).toContain('not active yet');
  });
});

describe('renderApprovalMessage warnings', () => {
  test.each<[string, RequestView, string]>([
    [
      'a threat category',
      aView({ evidence: evidence('found', [blockEvent({ category: 'Malicious' })]) }),
      ":rotating_light: *Defender's threat intelligence flagged this target.*",
    ],
    ['a registrable domain', aView({ request: { target: { type: 'DomainName', value: 'contoso.com' }, reportedTarget: 'contoso.com', coversSubdomains: true } }), '*every subdomain*'],
    ['a punycode host', aView({ request: { target: { type: 'DomainName', value: 'xn--cntoso-jua.com' }, reportedTarget: 'xn--cntoso-jua.com' } }), 'punycode'],
  ])('warns about %s', (_, view, warning) => {
    expect(allText(renderApprovalMessage(view, policy))).toContain(warning);
  });

  test('the threat warning advises a false-positive submission instead of an allow', () => {
    const text = allText(renderApprovalMessage(aView({ evidence: evidence('found', [blockEvent({ category: 'Phishing' })]) }), policy));
    expect(text).toContain('false positive');
    expect(text).toContain('Submissions');
  });

  test('an ordinary request has no warnings', () => {
    const text = allText(renderApprovalMessage(aView(), policy));
    expect(text).not.toContain(':rotating_light:');
    expect(text).not.toContain(':warning:');
  });
});

describe('renderApprovalMessage evidence', () => {
  test.each<[string, EvidenceRecord | null, string[]]>([
    ['none found', evidence('none'), ['No Defender block events for it in the last 7 days.', 'audit mode', 'a proxy']],
    ['hunting unavailable', evidence('unavailable', [], 'Defender is throttling requests'), ['Advanced hunting was unavailable (Defender is throttling requests), so there is no Defender evidence.']],
    ['not gathered yet', null, ['Defender evidence is still being gathered.']],
    [
      'audits and SmartScreen warnings beside blocks',
      evidence('found', [blockEvent(), blockEvent({ kind: 'network_protection_audit' }), blockEvent({ kind: 'smartscreen_warning', deviceId: 'd2', deviceName: 'pc02' })]),
      ['Defender blocked it *1 time* (plus 1 audit-mode event and 1 Edge SmartScreen warning) on *2 devices*'],
    ],
  ])('%s', (_, record, expected) => {
    const text = allText(renderApprovalMessage(aView({ evidence: record }), policy));
    for (const part of expected) expect(text).toContain(part);
  });
});

describe('renderApprovalMessage with hostile input', () => {
  const hostile = '<!channel> <https://evil.example|click> <@U123>';
  const view = aView({
    request: { reason: hostile, reportedTarget: `https://logistics.contoso.com/${hostile}` },
    reporters: [
      { userId: 'U0ALICE', reason: hostile, reportedAt: REPORTED_AT },
      { userId: '<!here>', reason: hostile, reportedAt: REPORTED_AT },
    ],
    evidence: evidence('found', [
      blockEvent({ processName: hostile, category: `<!everyone> ${hostile}`, deviceName: hostile }),
    ]),
  });

  test.each([
    ['pending', view],
    ['decided', { ...view, request: { ...view.request, status: 'denied' as const }, decision: denial }],
  ])('%s: no broadcast, link or mention comes from user or Defender data', (_, v) => {
    const text = allText(renderApprovalMessage(v, policy));
    for (const forbidden of ['<!channel>', '<!here>', '<!everyone>', '<https://evil', '<@U123>']) expect(text).not.toContain(forbidden);
    expect(withoutOwnMarkup(text)).not.toContain('<');
    expect(text).toContain('&lt;!channel&gt;');
  });

  test('an unavailable-hunting error is escaped too', () => {
    const text = allText(renderApprovalMessage(aView({ evidence: evidence('unavailable', [], hostile) }), policy));
    expect(withoutOwnMarkup(text)).not.toContain('<');
  });
});

describe('renderApprovalMessage within Block Kit limits', () => {
  const longHost = `${Array.from({ length: 3 }, () => 'a'.repeat(63)).join('.')}.${'b'.repeat(61)}`;
  const longEvents = Array.from({ length: 10 }, (_, i) =>
    blockEvent({ deviceId: `d${i}`, deviceName: `${'device-'.repeat(30)}${i}`, processName: `${'p'.repeat(250)}${i}.exe`, category: `${'Category'.repeat(10)}${i}` }),
  );

  const views: Array<[string, RequestView]> = [
    ['pending', aView({ request: { target: { type: 'DomainName', value: longHost }, reportedTarget: `https://${longHost}/${'x'.repeat(1500)}`, reason: 'r'.repeat(500) }, evidence: evidence('found', longEvents) })],
    ['pending, reason of escaped characters', aView({ request: { target: { type: 'DomainName', value: longHost }, reason: '<>&'.repeat(1000) } })],
    ['decided', aView({ request: { status: 'active', target: { type: 'DomainName', value: longHost }, reason: 'r'.repeat(500) }, decision: approval(), indicator: indicatorRecord })],
    [
      'reported by many people',
      aView({ reporters: Array.from({ length: 200 }, (_, i) => ({ userId: `U0${String(i).padStart(9, '0')}`, reason: 'same', reportedAt: REPORTED_AT })) }),
    ],
  ];

  test('the host used is a maximal DNS name', () => {
    expect(longHost).toHaveLength(253);
  });

  test.each(views)('%s: header ≤ 150, section text ≤ 3000, fields ≤ 2000, context ≤ 3000', (_, view) => {
    const message = renderApprovalMessage(view, policy);
    for (const block of asJson(message).blocks) {
      const b = block as { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ text?: string }> };
      if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150);
      if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      for (const field of b.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
      if (b.type === 'context') for (const element of b.elements ?? []) expect((element.text ?? '').length).toBeLessThanOrEqual(3000);
    }
  });

  test.each(views)('%s: the approve confirmation fits in 300 characters and the header keeps the request number', (_, view) => {
    const message = renderApprovalMessage(view, policy);
    const header = blocksOfType(message, 'header')[0] as { text: { text: string } };
    expect(header.text.text).toMatch(/^Unblock request #42: /);
    for (const actions of blocksOfType(message, 'actions')) {
      for (const element of actions.elements as Array<{ confirm?: { text: { text: string } } }>) {
        if (element.confirm) expect(element.confirm.text.text.length).toBeLessThanOrEqual(300);
      }
    }
  });

  test.each(views)('%s: every block survives JSON serialisation unchanged', (_, view) => {
    const message = renderApprovalMessage(view, policy);
    expect(asJson(message)).toEqual(message);
  });
});
