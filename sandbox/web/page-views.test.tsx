import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import type { SandboxMessage, SandboxState } from '../shared/sandbox-api.ts';
import { ChannelView } from './channel-view.tsx';
import { Sidebar } from './sidebar.tsx';
import { SlackKitContext, slackKitFor } from './slack-kit.tsx';
import { ThreadPane } from './thread-pane.tsx';
import { latestDmTs, unreadDms } from './view-model.ts';

const message = (channel: string, ts: string, postedAt: string, extra: Partial<SandboxMessage> = {}): SandboxMessage => ({ channel, ts, author: 'bot', postedAt, edited: false, text: `message ${ts}`, ...extra });

const state: SandboxState = {
  version: 1,
  now: '2026-12-02T12:00:00Z',
  offsetMs: 0,
  users: [
    { id: 'U0AMIRA', name: 'Amira Haddad', role: 'requester' },
    { id: 'U0BEN', name: 'Ben Okafor', role: 'approver' },
    { id: 'U0CHLOE', name: 'Chloé Martin', role: 'second approver' },
    { id: 'U0DEV', name: 'Dev Patel', role: 'someone else' },
  ],
  channels: [
    { id: 'C0APPROVALS', name: 'security-approvals', kind: 'channel' },
    { id: 'C0GENERAL', name: 'general', kind: 'channel' },
    { id: 'DU0AMIRA', name: 'Amira Haddad', kind: 'dm', userId: 'U0AMIRA' },
  ],
  approvalChannelId: 'C0APPROVALS',
  commandChannelId: 'C0GENERAL',
  messages: [
    message('C0APPROVALS', '100.1', '2026-12-01T11:31:00Z', { text: 'yesterday’s request' }),
    message('C0APPROVALS', '200.1', '2026-12-02T09:15:00Z', { text: 'today’s request' }),
    message('C0APPROVALS', '200.2', '2026-12-02T09:16:00Z', { threadTs: '200.1', text: 'a reply' }),
    message('DU0AMIRA', '300.1', '2026-12-02T09:20:00Z', { text: 'approved' }),
    message('DU0AMIRA', '300.2', '2026-12-02T10:20:00Z', { text: 'revoked' }),
  ],
  ephemerals: [{ id: 'E1', userId: 'U0BEN', channel: 'C0APPROVALS', threadTs: '200.1', text: 'This request was already decided', postedAt: '2026-12-02T09:17:00Z' }],
  homes: {},
  indicators: [],
  portals: [],
  botReady: true,
};

const draw = (node: React.ReactNode): string => renderToStaticMarkup(<SlackKitContext.Provider value={slackKitFor(state, 'UTC')}>{node}</SlackKitContext.Provider>);
const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the sidebar', () => {
  test.each([
    ['U0AMIRA', false],
    ['U0DEV', false],
    ['U0BEN', true],
    ['U0CHLOE', true],
  ])('%s sees #security-approvals: %s', (viewer, sees) => {
    const html = draw(<Sidebar state={state} viewerId={viewer} place={{ kind: 'home' }} unread={0} onGo={() => undefined} />);
    expect(html.includes('data-testid="side-approvals"')).toBe(sees);
    expect(html).toContain('data-testid="side-general"');
  });

  test('the DM entry is bold with the count of bot DMs not looked at', () => {
    const html = draw(<Sidebar state={state} viewerId="U0AMIRA" place={{ kind: 'home' }} unread={unreadDms(state, 'U0AMIRA', '300.1')} onGo={() => undefined} />);
    expect(html).toMatch(/class="ub-side-entry ub-unread" data-testid="side-dm"/);
    expect(html).toMatch(/data-testid="dm-unread"[^>]*>1</);
  });

  test.each([
    [undefined, 2],
    ['300.1', 1],
    ['300.2', 0],
  ])('unread after looking at %s: %d', (seen, count) => {
    expect(unreadDms(state, 'U0AMIRA', seen)).toBe(count);
    expect(unreadDms(state, 'U0DEV', seen)).toBe(0);
    expect(latestDmTs(state, 'U0AMIRA')).toBe('300.2');
  });
});

describe('days on messages', () => {
  test('a channel: a divider per day, the day beside a message not from the sandbox’s today', () => {
    const html = draw(<ChannelView state={state} channelId="C0APPROVALS" viewerId="U0BEN" title="# security-approvals" subtitle="" onOpenThread={() => undefined} />);
    const shown = text(html);
    expect([...html.matchAll(/data-testid="day-divider"[^>]*><span>([^<]+)</g)].map((m) => m[1])).toEqual(['Yesterday', 'Today']);
    expect(shown).toContain('Dec 1, 11:31 AM');
    expect(shown).toMatch(/ 9:15 AM /);
    expect(shown).not.toContain('Dec 2, 9:15 AM');
  });
});

describe('the thread pane', () => {
  test.each([
    ['U0BEN', true],
    ['U0CHLOE', false],
  ])('an ephemeral answering a click in the thread shows there for its user (%s: %s), not in the channel', (viewer, shows) => {
    const thread = draw(<ThreadPane state={state} channelId="C0APPROVALS" ts="200.1" viewerId={viewer} channelName="security-approvals" onClose={() => undefined} />);
    expect(text(thread).includes('This request was already decided')).toBe(shows);
    const channel = draw(<ChannelView state={state} channelId="C0APPROVALS" viewerId={viewer} title="" subtitle="" onOpenThread={() => undefined} />);
    expect(text(channel)).not.toContain('This request was already decided');
  });
});
