import { describe, expect, test } from 'vitest';
import type { IndicatorTarget } from '../target/target.ts';
import type { ExistingIndicator } from './existing-indicator.ts';
import { planAllowIndicator } from './plan-allow-indicator.ts';

const allowUntil = new Date('2026-11-21T08:00:00.000Z');
const wanted: IndicatorTarget = { type: 'DomainName', value: 'logistics.contoso.com' };

const hoursFromAllowUntil = (hours: number) => new Date(allowUntil.getTime() + hours * 3_600_000);

/** An Allowed DomainName indicator for the wanted host that never expires. */
function indicator(id: string, fields: Partial<ExistingIndicator> = {}): ExistingIndicator {
  return { id, type: 'DomainName', value: 'logistics.contoso.com', action: 'Allowed', expiresAt: null, ...fields };
}

describe('planAllowIndicator', () => {
  test('submits when Defender has nothing for the value', () => {
    expect(planAllowIndicator([], wanted, allowUntil, 7)).toEqual({ kind: 'submit', others: [] });
  });

  test.each([
    ['never expires', null],
    ['expires later', hoursFromAllowUntil(24)],
    ['expires at the same moment', allowUntil],
  ])('reuses an Allowed indicator that %s', (_case, expiresAt) => {
    const existing = indicator('ind-1', { expiresAt });
    expect(planAllowIndicator([existing], wanted, allowUntil, 7)).toEqual({ kind: 'reuse', indicator: existing, others: [] });
  });

  test('submits when the Allowed indicator expires before the approved window ends', () => {
    const existing = indicator('ind-1', { expiresAt: hoursFromAllowUntil(-1) });
    expect(planAllowIndicator([existing], wanted, allowUntil, 7)).toEqual({ kind: 'submit', others: [] });
  });

  test.each([
    ['the never-expiring one', [indicator('later', { expiresAt: hoursFromAllowUntil(48) }), indicator('forever')], 'forever'],
    [
      'the one that lasts longest',
      [indicator('later', { expiresAt: hoursFromAllowUntil(2) }), indicator('latest', { expiresAt: hoursFromAllowUntil(48) })],
      'latest',
    ],
    [
      'a lasting one over one that expires too soon',
      [indicator('short', { expiresAt: hoursFromAllowUntil(-2) }), indicator('long', { expiresAt: hoursFromAllowUntil(2) })],
      'long',
    ],
  ])('prefers %s among several', (_case, existing, id) => {
    const plan = planAllowIndicator(existing, wanted, allowUntil, 7);
    expect(plan).toMatchObject({ kind: 'reuse', indicator: { id } });
  });

  test.each([['Block'], ['Warn'], ['Audit'], ['BlockAndRemediate']])('lists a %s indicator on the value but never reuses it', (action) => {
    const other = indicator('ind-1', { action });
    expect(planAllowIndicator([other], wanted, allowUntil, 7)).toEqual({ kind: 'submit', others: [other] });
  });

  test('records the Block next to a reused Allowed indicator', () => {
    const allow = indicator('allow');
    const block = indicator('block', { action: 'Block' });
    expect(planAllowIndicator([block, allow], wanted, allowUntil, 7)).toEqual({ kind: 'reuse', indicator: allow, others: [block] });
  });

  test('does not reuse an Allowed indicator of another type', () => {
    const url = indicator('url', { type: 'Url', value: 'logistics.contoso.com' });
    expect(planAllowIndicator([url], wanted, allowUntil, 7)).toMatchObject({ kind: 'submit' });
  });

  test('ignores indicators on other values', () => {
    const elsewhere = [indicator('parent', { value: 'contoso.com' }), indicator('sibling', { value: 'x.logistics.contoso.com', action: 'Block' })];
    expect(planAllowIndicator(elsewhere, wanted, allowUntil, 7)).toEqual({ kind: 'submit', others: [] });
  });

  test('compares values case-insensitively', () => {
    const allow = indicator('allow', { value: 'Logistics.CONTOSO.com' });
    const block = indicator('block', { value: 'LOGISTICS.contoso.COM', action: 'Block' });
    expect(planAllowIndicator([allow, block], wanted, allowUntil, 7)).toEqual({ kind: 'reuse', indicator: allow, others: [block] });
  });

  // Defender answers with its own spelling of an IPv6 value (RFC 5952, defender-api.md §8).
  test.each([
    ['Defender compressed, ours too', '2620:1ec:bdf::40', '2620:1ec:bdf::40'],
    ['Defender compressed, a value written uncompressed', '2620:1ec:bdf::40', '2620:1ec:bdf:0:0:0:0:40'],
    ['Defender in another spelling', '2620:1EC:BDF:0::40', '2620:1ec:bdf::40'],
  ])('compares IP values as addresses: %s', (_case, defenders, ours) => {
    const allow = indicator('allow', { type: 'IpAddress', value: defenders });
    expect(planAllowIndicator([allow], { type: 'IpAddress', value: ours }, allowUntil, 7)).toEqual({ kind: 'reuse', indicator: allow, others: [] });
  });

  test('another IPv6 address is another value', () => {
    const allow = indicator('allow', { type: 'IpAddress', value: '2620:1ec:bdf::41' });
    expect(planAllowIndicator([allow], { type: 'IpAddress', value: '2620:1ec:bdf::40' }, allowUntil, 7)).toEqual({ kind: 'submit', others: [] });
  });
});

describe('planAllowIndicator and indicators Unblock wrote', () => {
  test('reuses this request\'s own indicator (found again after a lost answer)', () => {
    const own = indicator('9', { title: 'Unblock #7: temporary allow for logistics.contoso.com', expiresAt: hoursFromAllowUntil(0) });
    expect(planAllowIndicator([own], wanted, allowUntil, 7)).toEqual({ kind: 'reuse', indicator: own, others: [] });
  });

  test('never reuses another request\'s leftover as someone else\'s: it is rewritten as this request\'s', () => {
    const leftover = indicator('9', { title: 'Unblock #1: temporary allow for logistics.contoso.com', expiresAt: hoursFromAllowUntil(24 * 30) });
    expect(planAllowIndicator([leftover], wanted, allowUntil, 7)).toEqual({ kind: 'submit', others: [] });
  });

  test('reuses an indicator someone created by hand, even one whose title mentions Unblock elsewhere', () => {
    const manual = indicator('9', { title: 'Proxy team allow (not Unblock #3)' });
    expect(planAllowIndicator([manual], wanted, allowUntil, 7)).toEqual({ kind: 'reuse', indicator: manual, others: [] });
  });
});
