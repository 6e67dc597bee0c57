import { describe, expect, test } from 'vitest';
import type { ExistingIndicator } from '../indicator/existing-indicator.ts';
import { driftSignature, findDrift, type Drift } from './find-drift.ts';

const EXPIRY = new Date('2026-06-03T09:00:00.000Z');
const LATER = new Date('2026-06-10T09:00:00.000Z');
const recorded: { defenderId: string; expiresAt: Date | null; rbacGroupNames: readonly string[] } = { defenderId: '101', expiresAt: EXPIRY, rbacGroupNames: [] };
/** The request the recorded allow belongs to: #12. */
const REQUEST = { number: 12, id: '0b7e4f5c-3a2d-4e1f-9c8b-7a6d5e4f3c2b' };

/** Our Allowed indicator for portal.contoso.com as Unblock recorded it. */
function indicator(overrides: Partial<ExistingIndicator> = {}): ExistingIndicator {
  return { id: '101', type: 'DomainName', value: 'portal.contoso.com', action: 'Allowed', expiresAt: EXPIRY, ...overrides };
}

describe('findDrift', () => {
  test('no drift when Defender holds our Allowed indicator with the same expiry', () => {
    expect(findDrift(recorded, [indicator()], REQUEST)).toEqual([]);
  });

  test('no drift for a never-expiring indicator recorded as such', () => {
    expect(findDrift({ defenderId: '101', expiresAt: null, rbacGroupNames: [] }, [indicator({ expiresAt: null })], REQUEST)).toEqual([]);
  });

  test('the same instant in a different Date object is no drift', () => {
    expect(findDrift(recorded, [indicator({ expiresAt: new Date(EXPIRY.getTime()) })], REQUEST)).toEqual([]);
  });

  test.each<[string, { defenderId: string; expiresAt: Date | null; rbacGroupNames: readonly string[] }, ExistingIndicator[], Drift[]]>([
    ['our indicator is gone', recorded, [], [{ kind: 'indicator_deleted', id: '101' }]],
    [
      'only someone else’s Allowed indicator remains',
      recorded,
      [indicator({ id: '202' })],
      [{ kind: 'indicator_deleted', id: '101' }],
    ],
    ['Allowed changed to Block', recorded, [indicator({ action: 'Block' })], [{ kind: 'action_changed', id: '101', action: 'Block' }]],
    ['Allowed changed to Audit', recorded, [indicator({ action: 'Audit' })], [{ kind: 'action_changed', id: '101', action: 'Audit' }]],
    [
      'expiry moved later',
      recorded,
      [indicator({ expiresAt: LATER })],
      [{ kind: 'expiry_changed', id: '101', expected: EXPIRY.toISOString(), actual: LATER.toISOString() }],
    ],
    [
      'widened from device groups to every device',
      { ...recorded, rbacGroupNames: ['Sales'] },
      [indicator({ rbacGroupNames: [] })],
      [{ kind: 'scope_changed', id: '101', expected: ['Sales'], actual: [] }],
    ],
    [
      'another group added',
      { ...recorded, rbacGroupNames: ['Sales'] },
      [indicator({ rbacGroupNames: ['Sales', 'HR'] })],
      [{ kind: 'scope_changed', id: '101', expected: ['Sales'], actual: ['HR', 'Sales'] }],
    ],
    ['the same groups in another order is no drift', { ...recorded, rbacGroupNames: ['Sales', 'HR'] }, [indicator({ rbacGroupNames: ['HR', 'Sales'] })], []],
    [
      'expiry removed (never expires now)',
      recorded,
      [indicator({ expiresAt: null })],
      [{ kind: 'expiry_changed', id: '101', expected: EXPIRY.toISOString(), actual: null }],
    ],
    [
      'recorded without expiry, Defender has one',
      { defenderId: '101', expiresAt: null, rbacGroupNames: [] },
      [indicator({ expiresAt: LATER })],
      [{ kind: 'expiry_changed', id: '101', expected: null, actual: LATER.toISOString() }],
    ],
  ])('%s', (_name, rec, current, expected) => {
    expect(findDrift(rec, current, REQUEST)).toEqual(expected);
  });

  test.each(['Block', 'Warn', 'AlertAndBlock', 'BlockAndRemediate'])('a %s indicator on the same value conflicts', (action) => {
    expect(findDrift(recorded, [indicator(), indicator({ id: '303', action })], REQUEST)).toEqual([
      { kind: 'conflicting_indicator', id: '303', action, type: 'DomainName' },
    ]);
  });

  test('a Block the approval message showed (the one the approvers chose to override) is no drift; a newer one is', () => {
    const current = [indicator(), indicator({ id: '303', action: 'Block' }), indicator({ id: '305', action: 'Warn' })];
    expect(findDrift(recorded, current, REQUEST, ['303'])).toEqual([{ kind: 'conflicting_indicator', id: '305', action: 'Warn', type: 'DomainName' }]);
  });

  test('the conflicting indicator keeps its own type', () => {
    expect(findDrift(recorded, [indicator(), indicator({ id: '304', type: 'Url', value: 'https://portal.contoso.com/', action: 'Block' })], REQUEST)).toEqual([
      { kind: 'conflicting_indicator', id: '304', action: 'Block', type: 'Url' },
    ]);
  });

  test.each(['Allowed', 'Audit'])('another %s indicator on the same value is no conflict', (action) => {
    expect(findDrift(recorded, [indicator(), indicator({ id: '404', action })], REQUEST)).toEqual([]);
  });

  test('several findings at once', () => {
    const current = [
      indicator({ action: 'Block', expiresAt: LATER }),
      indicator({ id: '501', action: 'Warn' }),
      indicator({ id: '502', action: 'Allowed' }),
      indicator({ id: '503', action: 'AlertAndBlock', type: 'IpAddress' }),
    ];
    expect(findDrift(recorded, current, REQUEST)).toEqual([
      { kind: 'action_changed', id: '101', action: 'Block' },
      { kind: 'expiry_changed', id: '101', expected: EXPIRY.toISOString(), actual: LATER.toISOString() },
      { kind: 'conflicting_indicator', id: '501', action: 'Warn', type: 'DomainName' },
      { kind: 'conflicting_indicator', id: '503', action: 'AlertAndBlock', type: 'IpAddress' },
    ]);
  });

  test('deleted and conflicting at once', () => {
    expect(findDrift(recorded, [indicator({ id: '601', action: 'BlockAndRemediate' })], REQUEST)).toEqual([
      { kind: 'indicator_deleted', id: '101' },
      { kind: 'conflicting_indicator', id: '601', action: 'BlockAndRemediate', type: 'DomainName' },
    ]);
  });
});

describe('driftSignature', () => {
  const deleted: Drift = { kind: 'indicator_deleted', id: '101' };
  const conflict: Drift = { kind: 'conflicting_indicator', id: '501', action: 'Warn', type: 'DomainName' };
  const otherConflict: Drift = { kind: 'conflicting_indicator', id: '502', action: 'Warn', type: 'DomainName' };
  const expiry: Drift = { kind: 'expiry_changed', id: '101', expected: EXPIRY.toISOString(), actual: null };

  test('the same findings in a different order give the same signature', () => {
    expect(driftSignature([deleted, conflict, expiry])).toBe(driftSignature([expiry, deleted, conflict]));
  });

  test.each<[string, Drift[], Drift[]]>([
    ['a different conflicting indicator', [deleted, conflict], [deleted, otherConflict]],
    ['one finding more', [conflict], [conflict, otherConflict]],
    ['a different kind', [deleted], [expiry]],
    ['no findings versus one', [], [deleted]],
    ['a different action on the same indicator', [conflict], [{ ...conflict, action: 'Block' }]],
  ])('%s gives a different signature', (_name, a, b) => {
    expect(driftSignature(a)).not.toBe(driftSignature(b));
  });
});

describe('findDrift and indicators Unblock wrote without recording', () => {
  test('reports an Allowed indicator titled for this request that is not the recorded one', () => {
    const unrecorded = indicator({ id: '102', expiresAt: LATER, title: 'Unblock #12: temporary allow for portal.contoso.com', description: `Unblock for request #12 (${REQUEST.id}).` });
    expect(findDrift(recorded, [indicator(), unrecorded], REQUEST)).toEqual([{ kind: 'untracked_own_indicator', id: '102', expiresAt: LATER.toISOString() }]);
  });

  test('leaves another request\'s, another installation\'s or someone else\'s Allowed indicator alone', () => {
    const theirs = indicator({ id: '103', title: 'Unblock #11: temporary allow for portal.contoso.com', description: 'Unblock for request #11 (11111111-1111-4111-8111-111111111111).' });
    const otherInstallation = indicator({ id: '105', title: 'Unblock #12: temporary allow for portal.contoso.com', description: 'Unblock for request #12 (22222222-2222-4222-8222-222222222222).' });
    const manual = indicator({ id: '104', title: 'Proxy team allow' });
    expect(findDrift(recorded, [indicator(), theirs, otherInstallation, manual], REQUEST)).toEqual([]);
  });
});
