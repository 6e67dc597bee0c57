import { describe, expect, test } from 'vitest';
import type { SandboxMessage, SandboxState } from '../shared/sandbox-api.ts';
import { expiryLabel, indicatorsSummary } from './indicators-panel.tsx';
import { formatAddress, parseAddress, type PageAddress } from './page-address.ts';
import { aheadLabel, clockLabel, durationProblem, channelEntries, channelMessages, dmChannelOf, mentionData, placeFor, seesApprovals, threadEntries, threadReplies, type Place } from './view-model.ts';

const message = (ts: string, extra: Partial<SandboxMessage> = {}): SandboxMessage => ({
  channel: 'C0SEC',
  ts,
  author: 'bot',
  postedAt: `2026-12-02T09:00:${ts.padStart(2, '0')}.000Z`,
  edited: false,
  text: `message ${ts}`,
  ...extra,
});

const state = {
  users: [
    { id: 'U0AMIRA', name: 'Amira', role: 'requester' },
    { id: 'U0BEN', name: 'Ben', role: 'approver' },
    { id: 'U0CHLOE', name: 'Chloé', role: 'second approver' },
    { id: 'U0DEV', name: 'Dev', role: 'someone else' },
  ],
  approvalChannelId: 'C0SEC',
  channels: [
    { id: 'C0SEC', name: 'security-approvals', kind: 'channel' },
    { id: 'DU0AMIRA', name: 'Amira', kind: 'dm', userId: 'U0AMIRA' },
  ],
  commandChannelId: 'C0GENERAL',
  messages: [
    message('1'),
    message('2', { threadTs: '1' }),
    message('3', { threadTs: '1', broadcast: true }),
    message('5'),
    message('6', { channel: 'DU0AMIRA' }),
  ],
  ephemerals: [
    { id: 'E1', userId: 'U0AMIRA', channel: 'C0SEC', text: 'only Amira', postedAt: '2026-12-02T09:00:04.000Z' },
    { id: 'E2', userId: 'U0BEN', channel: 'C0SEC', text: 'only Ben', postedAt: '2026-12-02T09:00:04.500Z' },
    { id: 'E3', userId: 'U0BEN', channel: 'C0SEC', threadTs: '1', text: 'Ben, in the thread', postedAt: '2026-12-02T09:00:02.500Z' },
  ],
} as unknown as SandboxState;

describe('what a viewer sees', () => {
  test('the channel column: parents and broadcast replies, not the other replies', () => {
    expect(channelMessages(state, 'C0SEC').map((m) => m.ts)).toEqual(['1', '3', '5']);
  });

  test('a thread: its replies, broadcast ones included', () => {
    expect(threadReplies(state, 'C0SEC', '1').map((m) => m.ts)).toEqual(['2', '3']);
  });

  test.each([
    ['U0AMIRA', ['1', '3', 'E1', '5']],
    ['U0BEN', ['1', '3', 'E2', '5']],
    ['U0CHLOE', ['1', '3', '5']],
  ])('%s sees only their own ephemerals, in time order', (viewer, expected) => {
    expect(channelEntries(state, 'C0SEC', viewer).map((e) => (e.kind === 'message' ? e.message.ts : e.ephemeral.id))).toEqual(expected);
  });

  test.each([
    ['U0AMIRA', ['2', '3']],
    ['U0BEN', ['2', 'E3', '3']],
  ])('%s: an ephemeral answering a click in a thread shows in that thread, for its user only', (viewer, expected) => {
    expect(threadEntries(state, 'C0SEC', '1', viewer).map((e) => (e.kind === 'message' ? e.message.ts : e.ephemeral.id))).toEqual(expected);
    expect(channelEntries(state, 'C0SEC', viewer).map((e) => (e.kind === 'ephemeral' ? e.ephemeral.id : ''))).not.toContain('E3');
  });

  test('the DM with the bot is the dm channel of that user', () => {
    expect(dmChannelOf(state, 'U0AMIRA')).toBe('DU0AMIRA');
    expect(dmChannelOf(state, 'U0BEN')).toBeUndefined();
  });

  test('mentions: the bot is Unblock; #general is named even when the state lists no such channel', () => {
    expect(mentionData(state).users[0]).toEqual({ id: 'U0BOT', name: 'Unblock' });
    expect(mentionData(state).channels).toContainEqual({ id: 'C0GENERAL', name: 'general' });
  });
});

describe('who is in #security-approvals', () => {
  const approvals: Place = { kind: 'channel', channelId: 'C0SEC' };
  const general: Place = { kind: 'channel', channelId: 'C0GENERAL' };
  test.each<[string, boolean, Place | undefined, Place]>([
    ['U0AMIRA', false, undefined, general],
    ['U0DEV', false, undefined, general],
    ['U0BEN', true, undefined, approvals],
    ['U0CHLOE', true, undefined, approvals],
    ['U0AMIRA', false, approvals, general],
    ['U0DEV', false, approvals, general],
    ['U0CHLOE', true, approvals, approvals],
    ['U0BEN', true, general, general],
    ['U0AMIRA', false, { kind: 'home' }, { kind: 'home' }],
    // Someone else's DM stands for the viewer's own.
    ['U0AMIRA', false, { kind: 'channel', channelId: 'DU0BEN' }, { kind: 'channel', channelId: 'DU0AMIRA' }],
    ['U0BEN', true, { kind: 'channel', channelId: 'DU0AMIRA' }, { kind: 'channel', channelId: 'DU0BEN' }],
  ])('%s (sees it: %s) wanting %j is taken to %j', (viewer, sees, wanted, expected) => {
    expect(seesApprovals(state, viewer)).toBe(sees);
    expect(placeFor(state, viewer, wanted)).toEqual(expected);
  });
});

describe('clock and expiry labels', () => {
  test.each([
    [0, 'real time'],
    [5 * 60_000, '+5m ahead'],
    [3_600_000, '+1h ahead'],
    [(2 * 24 + 3) * 3_600_000, '+2d 3h ahead'],
    [7 * 24 * 3_600_000, '+7d ahead'],
    [24 * 3_600_000, '+1d ahead'],
    [(24 + 1) * 3_600_000 + 59_000, '+1d 1h ahead'],
  ])('%d ms ahead: %s', (offset, expected) => {
    expect(aheadLabel(offset)).toBe(expected);
  });

  test.each([
    ['2026-12-02T09:41:00Z', 0, 'Wed, Dec 2, 9:41 AM'],
    ['2026-12-31T23:00:00Z', 2 * 3_600_000, 'Thu, Dec 31, 11:00 PM'],
    ['2027-01-01T01:00:00Z', 2 * 3_600_000, 'Fri, Jan 1, 2027, 1:00 AM'],
  ])('the clock at %s, %d ms ahead: %s', (now, offset, expected) => {
    expect(clockLabel(now, offset, 'UTC')).toBe(expected);
  });

  test.each([
    ['-P1D', true],
    ['P-1D', true],
    ['PT36H', false],
    ['P2DT1H', false],
  ])('the page refuses %s: %s', (duration, refused) => {
    expect(durationProblem(duration) !== undefined).toBe(refused);
  });

  const now = new Date('2026-12-02T12:00:00Z');
  test.each([
    [null, ''],
    ['2026-12-04T12:00:00Z', 'in 2 days'],
    ['2026-12-02T15:20:00Z', 'in 3 hours'],
    ['2026-12-02T15:30:00Z', 'in 4 hours'],
    // A 3-day allow made a few seconds ago.
    ['2026-12-05T11:59:55Z', 'in 3 days'],
    ['2026-12-04T23:00:00Z', 'in 2 days'],
    ['2026-12-02T12:59:50Z', 'in 1 hour'],
    ['2026-12-02T11:00:00Z', 'expired'],
  ])('expiry %s is "%s" from the sandbox clock', (at, relative) => {
    expect(expiryLabel(at, now).relative).toBe(relative);
  });
});

describe('the collapsed Defender panel', () => {
  const indicator = { id: '7', indicatorValue: 'logistics.contoso.com', indicatorType: 'DomainName', action: 'Allowed', expirationTime: '2026-12-05T12:00:00Z' };
  test.each([
    [[], 'nothing is allowed or blocked by an indicator right now'],
    [[indicator], 'logistics.contoso.com (Allowed, expires in 3 days)'],
    [[indicator, { ...indicator, id: '8', indicatorValue: 'x.example', expirationTime: null }], 'logistics.contoso.com (Allowed, expires in 3 days) and 1 more'],
  ])('%#: %s', (indicators, expected) => {
    expect(indicatorsSummary(indicators, new Date('2026-12-02T12:00:05Z'))).toBe(expected);
  });
});

describe('the page address', () => {
  test.each<[string, PageAddress]>([
    ['#U0BEN/home', { viewerId: 'U0BEN', place: { kind: 'home' } }],
    ['#U0BEN/C0SECURITY', { viewerId: 'U0BEN', place: { kind: 'channel', channelId: 'C0SECURITY' } }],
    ['#U0BEN', { viewerId: 'U0BEN' }],
    ['', {}],
    ['#<script>/x', {}],
  ])('%s', (hash, expected) => {
    expect(parseAddress(hash)).toEqual(expected);
    if (expected.viewerId && expected.place) expect(formatAddress(expected.viewerId, expected.place)).toBe(hash);
  });
});
