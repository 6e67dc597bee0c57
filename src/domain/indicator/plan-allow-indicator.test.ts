import { describe, expect, test } from 'vitest';
import type { IndicatorTarget } from '../target/target.ts';
import type { ExistingIndicator } from './existing-indicator.ts';
import { planAllowIndicator } from './plan-allow-indicator.ts';

const allowUntil = new Date('2026-11-21T08:00:00.000Z');
const wanted: IndicatorTarget = { type: 'DomainName', value: 'logistics.contoso.com' };

/** The request being activated: #7. */
const REQUEST = { number: 7, id: '0b7e4f5c-3a2d-4e1f-9c8b-7a6d5e4f3c2b' };

const hoursFromAllowUntil = (hours: number) => new Date(allowUntil.getTime() + hours * 3_600_000);

/** An Allowed DomainName indicator for the wanted host that never expires. */
function indicator(id: string, fields: Partial<ExistingIndicator> = {}): ExistingIndicator {
  return { id, type: 'DomainName', value: 'logistics.contoso.com', action: 'Allowed', expiresAt: null, ...fields };
}

describe('planAllowIndicator', () => {
  test('submits when Defender has nothing for the value', () => {
    expect(planAllowIndicator([], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'submit', others: [] });
  });

  test.each([
    ['never expires', null],
    ['expires later', hoursFromAllowUntil(24)],
    ['expires at the same moment', allowUntil],
  ])('reuses an Allowed indicator that %s', (_case, expiresAt) => {
    const existing = indicator('ind-1', { expiresAt });
    expect(planAllowIndicator([existing], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'reuse', indicator: existing, others: [] });
  });

  test('rides on someone else\'s Allowed indicator that ends before the window, never rewriting it (Defender would update it in place)', () => {
    const existing = indicator('ind-1', { expiresAt: hoursFromAllowUntil(-1) });
    expect(planAllowIndicator([existing], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'reuse_ends_sooner', indicator: existing, others: [] });
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
    const plan = planAllowIndicator(existing, wanted, allowUntil, REQUEST, []);
    expect(plan).toMatchObject({ kind: 'reuse', indicator: { id } });
  });

  test.each([['Block'], ['Warn'], ['Audit'], ['BlockAndRemediate']])('lists a %s indicator on the value but never reuses it', (action) => {
    const other = indicator('ind-1', { action });
    expect(planAllowIndicator([other], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'submit', others: [other] });
  });

  test('records the Block next to a reused Allowed indicator', () => {
    const allow = indicator('allow');
    const block = indicator('block', { action: 'Block' });
    expect(planAllowIndicator([block, allow], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'reuse', indicator: allow, others: [block] });
  });

  test('does not reuse an Allowed indicator of another type', () => {
    const url = indicator('url', { type: 'Url', value: 'logistics.contoso.com' });
    expect(planAllowIndicator([url], wanted, allowUntil, REQUEST, [])).toMatchObject({ kind: 'submit' });
  });

  test('ignores indicators on other values', () => {
    const elsewhere = [indicator('parent', { value: 'contoso.com' }), indicator('sibling', { value: 'x.logistics.contoso.com', action: 'Block' })];
    expect(planAllowIndicator(elsewhere, wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'submit', others: [] });
  });

  test('compares values case-insensitively', () => {
    const allow = indicator('allow', { value: 'Logistics.CONTOSO.com' });
    const block = indicator('block', { value: 'LOGISTICS.contoso.COM', action: 'Block' });
    expect(planAllowIndicator([allow, block], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'reuse', indicator: allow, others: [block] });
  });

  // Defender answers with its own spelling of an IPv6 value (RFC 5952, defender-api.md §8).
  test.each([
    ['Defender compressed, ours too', '2620:1ec:bdf::40', '2620:1ec:bdf::40'],
    ['Defender compressed, a value written uncompressed', '2620:1ec:bdf::40', '2620:1ec:bdf:0:0:0:0:40'],
    ['Defender in another spelling', '2620:1EC:BDF:0::40', '2620:1ec:bdf::40'],
  ])('compares IP values as addresses: %s', (_case, defenders, ours) => {
    const allow = indicator('allow', { type: 'IpAddress', value: defenders });
    expect(planAllowIndicator([allow], { type: 'IpAddress', value: ours }, allowUntil, REQUEST, [])).toEqual({ kind: 'reuse', indicator: allow, others: [] });
  });

  test('another IPv6 address is another value', () => {
    const allow = indicator('allow', { type: 'IpAddress', value: '2620:1ec:bdf::41' });
    expect(planAllowIndicator([allow], { type: 'IpAddress', value: '2620:1ec:bdf::40' }, allowUntil, REQUEST, [])).toEqual({ kind: 'submit', others: [] });
  });
});

describe('planAllowIndicator and indicators Unblock wrote', () => {
  const ownText = { title: 'Unblock #7: temporary allow for logistics.contoso.com', description: `Time-boxed allow created by Unblock for request #7 (${REQUEST.id}).` };

  test('reuses this request\'s own indicator that lasts (found again after a lost answer)', () => {
    const own = indicator('9', { ...ownText, expiresAt: hoursFromAllowUntil(0) });
    expect(planAllowIndicator([own], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'reuse', indicator: own, others: [] });
  });

  test('submits over this request\'s own indicator that ends too soon (it is updated in place)', () => {
    const own = indicator('9', { ...ownText, expiresAt: hoursFromAllowUntil(-1) });
    expect(planAllowIndicator([own], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'submit', others: [] });
  });

  test.each([
    ['another request of this installation', { title: 'Unblock #1: temporary allow for logistics.contoso.com', description: 'Time-boxed allow created by Unblock for request #1 (11111111-1111-4111-8111-111111111111).' }],
    ['request #7 of another installation on the tenant', { title: ownText.title, description: 'Time-boxed allow created by Unblock for request #7 (22222222-2222-4222-8222-222222222222).' }],
    ['an admin\'s indicator', { title: 'SAP gateway allow, CHG-1234 (SOC)', description: 'by hand' }],
  ])('treats an Allowed indicator of %s as someone else\'s: reused if it lasts, never rewritten if it does not', (_name, text) => {
    const lasting = indicator('9', { ...text, expiresAt: hoursFromAllowUntil(24 * 30) });
    expect(planAllowIndicator([lasting], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'reuse', indicator: lasting, others: [] });
    const short = indicator('9', { ...text, expiresAt: hoursFromAllowUntil(-1) });
    expect(planAllowIndicator([short], wanted, allowUntil, REQUEST, [])).toEqual({ kind: 'reuse_ends_sooner', indicator: short, others: [] });
  });
});

// rbacGroupNames: [] or absent = every device (defender-api.md "Device groups").
describe('planAllowIndicator: an Allowed indicator for another scope is not the same', () => {
  const own = (fields: Partial<ExistingIndicator>) => indicator('own-1', { title: 'Unblock #7: temporary allow', description: `(${REQUEST.id})`, ...fields });

  test.each<[string, string[] | undefined, string[], string]>([
    ['an all-devices indicator covers device groups', [], ['Sales'], 'reuse'],
    ['rbacGroupNames absent is all devices', undefined, ['Sales'], 'reuse'],
    ['a superset of the groups covers them', ['Finance-Laptops', 'Sales'], ['Sales'], 'reuse'],
    ['the same groups', ['Sales'], ['Sales'], 'reuse'],
    ['someone else’s indicator for other groups is a conflict, never rewritten', ['HR'], ['Sales'], 'scope_conflict'],
    ['someone else’s indicator for a subset is a conflict', ['Sales'], ['Finance-Laptops', 'Sales'], 'scope_conflict'],
    ['someone else’s group-scoped indicator never stands for all devices', ['Sales'], [], 'scope_conflict'],
  ])('%s', (_case, indicatorGroups, wantedGroups, kind) => {
    const existing = indicator('theirs', indicatorGroups === undefined ? {} : { rbacGroupNames: indicatorGroups });
    expect(planAllowIndicator([existing], wanted, allowUntil, REQUEST, wantedGroups).kind).toBe(kind);
  });

  test('someone else’s shorter all-devices indicator is ridden on; a shorter one for other groups is not', () => {
    const ending = { expiresAt: hoursFromAllowUntil(-1) };
    expect(planAllowIndicator([indicator('t', { ...ending, rbacGroupNames: [] })], wanted, allowUntil, REQUEST, ['Sales']).kind).toBe('reuse_ends_sooner');
    expect(planAllowIndicator([indicator('t', { ...ending, rbacGroupNames: ['HR'] })], wanted, allowUntil, REQUEST, ['Sales']).kind).toBe('scope_conflict');
  });

  test('this request’s own indicator with another scope is resubmitted (updated in place)', () => {
    expect(planAllowIndicator([own({ rbacGroupNames: ['Sales'] })], wanted, allowUntil, REQUEST, []).kind).toBe('submit');
    expect(planAllowIndicator([own({ rbacGroupNames: ['Sales'] })], wanted, allowUntil, REQUEST, ['Sales']).kind).toBe('reuse');
  });
});
