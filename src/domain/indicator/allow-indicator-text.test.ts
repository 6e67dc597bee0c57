import { describe, expect, test } from 'vitest';
import { allowIndicatorText } from './allow-indicator-text.ts';

/** Request #42 by U0ALICE, approved by U0BOB for a day. */
function input(fields: { reason?: string; value?: string; type?: 'DomainName' | 'Url'; approverIds?: string[] } = {}) {
  return {
    requestNumber: 42,
    requestId: 'req_01JDEXAMPLE',
    target: { type: fields.type ?? ('DomainName' as const), value: fields.value ?? 'logistics.contoso.com' },
    requesterId: 'U0ALICE',
    approverIds: fields.approverIds ?? ['U0BOB'],
    reason: fields.reason ?? 'the shipping app fails since Monday',
    decidedAt: new Date('2026-11-20T08:00:00.000Z'),
    allowUntil: new Date('2026-11-21T08:00:00.000Z'),
  };
}

describe('allowIndicatorText', () => {
  test('names the request and the value in the title', () => {
    const { title } = allowIndicatorText(input());
    expect(title).toContain('#42');
    expect(title).toContain('logistics.contoso.com');
  });

  test.each([['#42'], ['req_01JDEXAMPLE'], ['U0ALICE'], ['U0BOB'], ['2026-11-20T08:00:00.000Z'], ['2026-11-21T08:00:00.000Z']])(
    'traces the description back to %s',
    (expected) => {
      expect(allowIndicatorText(input()).description).toContain(expected);
    },
  );

  test('names both approvers of a two-approver decision', () => {
    expect(allowIndicatorText(input({ approverIds: ['U0BOB', 'U0CAROL'] })).description).toContain('Approved by Slack users U0BOB and U0CAROL at');
    expect(allowIndicatorText(input()).description).toContain('Approved by Slack user U0BOB at');
  });

  test('quotes the reason', () => {
    expect(allowIndicatorText(input()).description).toContain('"the shipping app fails since Monday"');
  });

  test('says when no reason was given', () => {
    expect(allowIndicatorText(input({ reason: '' })).description).toContain('no reason given');
  });

  test.each([
    ['a long reason', input({ reason: 'x'.repeat(5000) })],
    ['a long value', input({ value: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.contoso.com` })],
  ])('stays within Defender limits with %s', (_case, long) => {
    const { title, description } = allowIndicatorText(long);
    expect(title.length).toBeLessThanOrEqual(100);
    expect(description.length).toBeLessThanOrEqual(1000);
    expect(description).toContain('U0BOB');
    expect(description).toContain('2026-11-21T08:00:00.000Z');
  });

  test('marks a truncated reason with an ellipsis', () => {
    const { description } = allowIndicatorText(input({ reason: 'x'.repeat(5000) }));
    expect(description).toMatch(/"x+…"/);
  });

  test('carries a URL with % escapes unchanged in the title', () => {
    const url = 'https://amp.contoso.com/login?ReturnUrl=%2Fhome%3Ftab%3D2';
    expect(allowIndicatorText(input({ type: 'Url', value: url })).title).toBe(`Unblock #42: temporary allow for ${url}`);
  });

  // "Unblock #42: temporary allow for " is 33 characters: a clipped title keeps 99 (the first 66 of
  // the value, `https://logistics.contoso.com/` and 36 more) and an ellipsis.
  test.each([
    ['on a whole escape', 33, 'x%2F…'],
    ['inside an escape, after its %', 35, 'x…'],
    ['inside an escape, after its first hex digit', 34, 'x…'],
  ])('never ends a clipped URL inside an escape: cut %s', (_case, filler, ending) => {
    const value = `https://logistics.contoso.com/${'x'.repeat(filler)}%2Fnext%2Fpage%2Fand%2Fmore`;
    const { title } = allowIndicatorText(input({ type: 'Url', value }));
    expect(title.length).toBeLessThanOrEqual(100);
    expect(title.endsWith(ending)).toBe(true);
  });
});
