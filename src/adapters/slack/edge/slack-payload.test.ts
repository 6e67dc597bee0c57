import { describe, expect, it } from 'vitest';
import { replyRouteOf } from './private-reply.ts';
import { jsonDepth } from './http-edge.ts';
import { screenSlackPayload } from './slack-payload.ts';

const click = (overrides: Record<string, unknown> = {}) => ({
  type: 'block_actions',
  user: { id: 'U0APPROVER' },
  team: { id: 'T0TEAM' },
  channel: { id: 'C0APPROVALS' },
  message: { ts: '1790000000.000100' },
  response_url: 'https://hooks.slack.com/actions/T0/1/abc',
  actions: [{ action_id: 'unblock_approve', block_id: 'unblock_decision', value: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }],
  ...overrides,
});

describe('screenSlackPayload', () => {
  it.each([
    ['the slash command', { command: '/portal-blocked', user_id: 'U0FZ0001', text: 'fz1.contoso.com' }],
    ['the slash command without response_url or channel', { command: '/portal-blocked', user_id: 'U0FZ0001' }],
    ['an Approve click', click()],
    ['a click from App Home (no channel, message or response_url)', click({ channel: undefined, message: undefined, response_url: undefined, container: { type: 'view' } })],
    ['a select on the reminder', click({ actions: [{ action_id: 'unblock_extend_duration' }] })],
    ['the Home tab opened', { type: 'event_callback', team_id: 'T0TEAM', event: { type: 'app_home_opened', user: 'U0FZ0001', tab: 'home', channel: 'D0FZ' } }],
    [
      'an Approve click on the Home tab, its selects in the view',
      click({
        channel: undefined,
        message: undefined,
        response_url: undefined,
        container: { type: 'view', view_id: 'V0HOME' },
        view: { id: 'V0HOME', type: 'home', blocks: [], state: { values: { 'unblock_decision:x': { unblock_duration: { selected_option: { value: 'P1D' } } } } } },
      }),
    ],
    ['Next on the Home tab', click({ channel: undefined, message: undefined, container: { type: 'view' }, actions: [{ action_id: 'unblock_home_next', value: 'mine:1' }] })],
    ['Older on a Home tab drawn before the buttons were renamed', click({ channel: undefined, message: undefined, container: { type: 'view' }, actions: [{ action_id: 'unblock_home_older', value: 'mine:1' }] })],
  ])('routes %s', (_name, body) => {
    expect(screenSlackPayload(body)).toEqual({ verdict: 'route' });
  });

  it.each([
    ['another slash command', { command: '/weather', user_id: 'U0FZ0001' }],
    ['a URL button', click({ actions: [{ action_id: 'open_portal' }] })],
    ['a view submission', { type: 'view_submission', user: { id: 'U0FZ0001' }, view: { id: 'V1', callback_id: 'other' } }],
    ['a view closed', { type: 'view_closed', user: { id: 'U0FZ0001' }, view: { id: 'V1' } }],
    ['an event', { type: 'event_callback', event: { type: 'app_mention' } }],
    ['the Messages tab opened', { type: 'event_callback', event: { type: 'app_home_opened', user: 'U0FZ0001', tab: 'messages' } }],
    ['a shortcut', { type: 'shortcut', user: { id: 'U0FZ0001' } }],
    ['an unknown type', { type: 'dialog_submission' }],
    ['an object with no type', {}],
  ])('ignores %s', (_name, body) => {
    expect(screenSlackPayload(body)).toMatchObject({ verdict: 'ignore' });
  });

  it.each([
    ['null', null, 'request'],
    ['an array', [], 'request'],
    ['a string', 'block_actions', 'request'],
    ['a click with "channel": null', click({ channel: null }), 'block_actions'],
    ['a click with "user": null', click({ user: null }), 'block_actions'],
    ['a click with a lower-case user id', click({ user: { id: 'u0approver' } }), 'block_actions'],
    ['a click without actions', click({ actions: [] }), 'block_actions'],
    ['a click with a non-http response_url', click({ response_url: 'javascript:alert(1)' }), 'block_actions'],
    ['a view submission with "user": null', { type: 'view_submission', user: null, view: { id: 'V1' } }, 'view_submission'],
    ['an event whose "event" is a string', { type: 'event_callback', event: 'app_mention' }, 'event_callback'],
    ['the Home tab opened by no user', { type: 'event_callback', event: { type: 'app_home_opened', tab: 'home' } }, 'app_home_opened'],
    ['the Home tab opened by a lower-case user id', { type: 'event_callback', event: { type: 'app_home_opened', user: 'u0x', tab: 'home' } }, 'app_home_opened'],
    ['a Home click whose view state is a string', click({ channel: undefined, message: undefined, container: { type: 'view' }, view: { id: 'V1', type: 'home', state: 'x' } }), 'block_actions'],
    ['a command without user_id', { command: '/portal-blocked', text: 'x' }, 'slash command'],
    ['a command whose text is a number', { command: '/portal-blocked', user_id: 'U0FZ0001', text: 7 }, 'slash command'],
    ['a command whose channel_id is Slack markup', { command: '/portal-blocked', user_id: 'U0FZ0001', channel_id: '<mailto:x@evil.example|mail>' }, 'slash command'],
    ['a click whose channel id is no conversation id', click({ channel: { id: '#general' } }), 'block_actions'],
    ['a click that also has an "event"', click({ event: null }), 'block_actions'],
    ['a click that also has a "name" (Bolt reads it as an options request)', click({ name: 'x' }), 'block_actions'],
    ['a command that also has an "event"', { command: '/portal-blocked', user_id: 'U0FZ0001', event: {} }, 'slash command'],
  ])('refuses %s, naming the field and never its value', (_name, body, what) => {
    const screening = screenSlackPayload(body);
    expect(screening).toMatchObject({ verdict: 'refuse', what });
    expect(JSON.stringify(screening)).not.toMatch(/alert|u0approver/);
  });
});

describe('replyRouteOf', () => {
  it('reads a command: its user, response_url and channel', () => {
    expect(replyRouteOf({ command: '/portal-blocked', user_id: 'U0FZ0001', channel_id: 'C0GENERAL', response_url: 'https://hooks.slack.com/commands/1' })).toEqual({
      userId: 'U0FZ0001',
      responseUrl: 'https://hooks.slack.com/commands/1',
      channelId: 'C0GENERAL',
    });
  });

  it('reads a click from App Home: its user only', () => {
    expect(replyRouteOf(click({ channel: undefined, message: undefined, response_url: undefined, container: { type: 'view', view_id: 'V1' } }))).toEqual({
      userId: 'U0APPROVER',
      responseUrl: undefined,
      channelId: undefined,
    });
  });

  it('takes the channel of a click from its container when the payload has no channel', () => {
    expect(replyRouteOf(click({ channel: undefined, container: { type: 'message', channel_id: 'C0OTHER' } }))?.channelId).toBe('C0OTHER');
  });

  it.each([[null], ['text'], [{}], [{ user: { id: 'not-a-user' } }], [{ user_id: 'U0FZ0001', response_url: 'file:///etc/passwd' }]])('names nobody for %j', (body) => {
    expect(replyRouteOf(body)).toBeUndefined();
  });
});

describe('jsonDepth', () => {
  it.each([
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['"[[[[[["', 0],
    ['{"a":"\\"[[[["}', 1],
    ['[[[[', 4],
  ])('reads %s as %i deep, brackets in strings not counted', (json, depth) => {
    expect(jsonDepth(json, 100)).toBe(depth);
  });

  it('stops counting just past the limit', () => {
    expect(jsonDepth('['.repeat(1_000_000), 64)).toBe(65);
  });
});
