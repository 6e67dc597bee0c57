import { request as httpRequest, createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { Harness, USERS } from '../support/e2e-harness.ts';
import { blockActionPayload, slackSignature } from '../support/slack-requests.ts';
import { SECRETS } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const interaction = (payload: unknown) => form({ payload: JSON.stringify(payload) });
const json = { contentType: 'application/json' } as const;

/** A click on a message, as Slack sends it (slack-requests.ts), with `change` applied to the payload. */
function click(change: (payload: Record<string, unknown>) => void, actionId = 'unblock_approve'): string {
  const payload = blockActionPayload({
    actionId,
    value: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    userId: USERS.approver,
    channelId: 'C0APPROVALS',
    messageTs: '1790000000.000100',
    responseUrl: 'http://127.0.0.1:9/unused',
  });
  change(payload);
  return interaction(payload);
}

/**
 * POSTs a signed JSON body to `path` exactly as written (fetch would normalise `/slack/./events` and
 * drop a fragment before sending; Node's http client sends the request target as given).
 */
function postRaw(port: number, path: string, body: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SECRETS.signingSecret, timestamp, body) },
        timeout: 5_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${path} within 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Signed requests Slack (or a Slack bug, or anyone holding the signing secret) can send that the
 * bot once crashed on, hung on, or answered 500 (issue 9). Each must be answered at once, change
 * nothing, and leave the bot serving.
 */
describe.each(databaseTargets())('hostile but signed requests ($name)', (target) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(target);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** What a request could change: requests recorded, Slack messages (posted, ephemeral, on response_urls), indicators. */
  async function footprint() {
    return {
      requests: await h.prisma.unblockRequest.count(),
      messages: h.slack.messages.length,
      ephemerals: h.slack.ephemerals.length,
      responses: [...h.slack.responses.values()].flat().length,
      indicators: h.defender.indicators.size,
      posts: h.defender.requests.filter((r) => r.method === 'POST').length,
    };
  }

  /** Sends `body` and expects `status`, and that nothing changed (once the outbox is idle). */
  async function expectAnsweredWithoutChange(body: string, status: number, options: Parameters<Harness['post']>[1] = {}) {
    const before = await footprint();
    const reply = await h.post(body, options);
    expect(reply.status).toBe(status);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await h.delivered();
    expect(await footprint()).toEqual(before);
  }

  it('answers a slash command without response_url or channel, and replies to its user by direct message', async () => {
    const ack = await h.post('command=%2Fportal-blocked&user_id=U0FZ0001&text=fz1.contoso.com');
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Looking for Defender block events') });
    const dm = await waitFor('the outcome by DM', () => h.slack.dms('U0FZ0001').find((m) => m.text?.includes('Sent to the security team')));
    expect(dm.text).toContain('fz1.contoso.com');
    await h.delivered();
  });

  it('replies ephemerally in the channel when a command has a channel but no response_url', async () => {
    const ack = await h.post(form({ command: '/portal-blocked', user_id: 'U0FZ0002', channel_id: 'C0GENERAL', text: 'no-url-here' }));
    expect(ack.status).toBe(200);
    // A refusal is answered in the ack itself, which needs no response_url.
    expect(JSON.parse(ack.body).text).toContain('Nothing was submitted');
    const report = await h.post(form({ command: '/portal-blocked', user_id: 'U0FZ0002', channel_id: 'C0GENERAL', text: 'fz2.contoso.com' }));
    expect(report.status).toBe(200);
    const ephemeral = await waitFor('the outcome, ephemeral in the channel', () => h.slack.ephemerals.find((m) => m.user === 'U0FZ0002'));
    expect(ephemeral).toMatchObject({ channel: 'C0GENERAL', text: expect.stringContaining('Sent to the security team') });
    await h.delivered();
  });

  it('falls back to a direct message when the bot cannot post ephemerally in the channel', async () => {
    h.slack.botNotIn.add('C0PRIVATE');
    const ack = await h.post(form({ command: '/portal-blocked', user_id: 'U0FZ0003', channel_id: 'C0PRIVATE', text: 'fz3.contoso.com' }));
    expect(ack.status).toBe(200);
    const dm = await waitFor('the outcome by DM', () => h.slack.dms('U0FZ0003').find((m) => m.text?.includes('Sent to the security team')));
    expect(dm.channel).toBe('DU0FZ0003');
    expect(h.slack.ephemerals.filter((m) => m.user === 'U0FZ0003')).toEqual([]);

    // Nor when the user is not in the channel (a command from a channel they have since left).
    h.slack.userNotIn.add('C0GENERAL:U0FZ0010');
    await h.post(form({ command: '/portal-blocked', user_id: 'U0FZ0010', channel_id: 'C0GENERAL', text: 'fz10.contoso.com' }));
    await waitFor('the outcome by DM', () => h.slack.dms('U0FZ0010').find((m) => m.text?.includes('Sent to the security team')));
    expect(h.slack.ephemerals.filter((m) => m.user === 'U0FZ0010')).toEqual([]);
    await h.delivered();
  });

  it('gives up on a response_url that never answers, tells the user another way, and stalls nobody', async () => {
    const hanging: Server = createServer(() => {}); // takes the request, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}/hooks`;
    try {
      // More than the work queue runs at once (4), each replying into the void.
      for (let n = 0; n < 5; n++) {
        const ack = await h.post(form({ command: '/portal-blocked', user_id: `U0HANG${n}`, channel_id: 'C0GENERAL', text: `hang${n}.contoso.com`, response_url: deadUrl }));
        expect(ack.status).toBe(200);
      }
      const good = await h.command('https://after-hang.contoso.com shipping', 'U0AFTERHANG');
      expect((await h.response(good.responseId)).text).toContain('Sent to the security team');
      // Each stuck reply went out ephemerally in the channel once the response_url timed out.
      await waitFor('the five replies, ephemeral', () => h.slack.ephemerals.filter((m) => m.user.startsWith('U0HANG')).length === 5, 20_000);
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
    await h.delivered();
  }, 60_000);

  it('answers a click from an App Home tab (no response_url, no channel) and tells the clicker by direct message', async () => {
    const body = click((p) => {
      delete p.response_url;
      delete p.channel;
      delete p.message;
      p.container = { type: 'view', view_id: 'V0HOME' };
    });
    const ack = await h.post(body);
    expect(ack.status).toBe(200);
    const dm = await waitFor('the refusal by DM', () => h.slack.dms(USERS.approver).at(-1));
    expect(dm.text).toMatch(/request/i);
    expect(h.defender.indicators.size).toBe(0);
  });

  it('refuses a JSON body of null with 400, and keeps serving', async () => {
    await expectAnsweredWithoutChange('null', 400, json);
    await expectAnsweredWithoutChange(form({ payload: 'null' }), 400);
    await expectAnsweredWithoutChange('[]', 400, json);
    await expectAnsweredWithoutChange('"text"', 400, json);
    await expectAnsweredWithoutChange('42', 400, json);
  });

  it('refuses a JSON body of null with 400 at every spelling of the events path Bolt accepts', async () => {
    const port = h.running.port;
    for (const path of ['/slack/./events', '/slack/events#fragment', '/slack/x/../events', '/slack\\events', `http://unblock.example/slack/events`, '/slack/events?x=1']) {
      expect(await postRaw(port, path, 'null'), path).toBe(400);
    }
    expect(h.logs.some((line) => line.includes('unhandled_rejection') || line.includes("reading 'ssl_check'"))).toBe(false);
  });

  it('refuses JSON nested deeper than any Slack payload with 400, and a body over 1 MB with 413', async () => {
    const deep = `{"type":"event_callback","event":{"type":"x","a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    await expectAnsweredWithoutChange(deep, 400, json);
    await expectAnsweredWithoutChange(form({ payload: `{"type":"block_actions","x":${'['.repeat(1_000)}${']'.repeat(1_000)}}` }), 400);
    await expectAnsweredWithoutChange(JSON.stringify({ type: 'event_callback', event: { type: 'x', text: 'x'.repeat(1_100_000) } }), 413, json);
  });

  it('keeps 401 for unsigned, badly signed and stale requests, whatever the body', async () => {
    for (const body of ['null', '{"type":"event_callback","event":{"type":"app_mention"}}']) {
      await expectAnsweredWithoutChange(body, 401, { ...json, signature: null });
      await expectAnsweredWithoutChange(body, 401, { ...json, signature: 'v0=0000' });
      await expectAnsweredWithoutChange(body, 401, { ...json, timestamp: Math.floor(Date.now() / 1000) - 600 });
    }
  });

  it.each([
    ['block_actions with "channel": null', click((p) => (p.channel = null))],
    ['block_actions with "user": null', click((p) => (p.user = null))],
    ['block_actions with actions as a string', click((p) => (p.actions = 'approve'))],
    ['block_actions with no actions', click((p) => (p.actions = []))],
    ['view_submission with "user": null', interaction({ type: 'view_submission', user: null, view: { id: 'V1', callback_id: 'x' } })],
    ['view_closed with "view" as a number', interaction({ type: 'view_closed', user: { id: 'U0FZ0004' }, view: 7 })],
    ['a slash command with user_id missing', form({ command: '/portal-blocked', text: 'fz4.contoso.com', response_url: 'http://127.0.0.1:9/x' })],
    ['a slash command with an array for user_id', JSON.stringify({ command: '/portal-blocked', user_id: ['U0FZ0005'], text: 'fz5.contoso.com' })],
    // Bolt reads a payload with an `event` field as an event, and one with `name` as an options request.
    ['a click that also has "event": null', click((p) => (p.event = null))],
    ['a click that also has a "name"', click((p) => (p.name = 'x'))],
    ['a slash command that also has an "event"', JSON.stringify({ command: '/portal-blocked', user_id: 'U0FZ0009', text: 'fz9.contoso.com', event: {} })],
  ])('acknowledges %s with 200 and changes nothing', async (_name, body) => {
    await expectAnsweredWithoutChange(body, 200, body.startsWith('{') ? json : {});
  });

  it('acknowledges an Events API event whose "event" is a string with 200', async () => {
    await expectAnsweredWithoutChange(JSON.stringify({ type: 'event_callback', team_id: 'T0TEAM', event: 'app_mention', event_id: 'Ev1' }), 200, json);
  });

  // Bolt answers a request no listener acknowledges with 404 after 3 s (and Slack warns the user or
  // retries); a 200 here means it was acknowledged.
  it.each([
    ['a URL button (unknown action_id)', click(() => {}, 'open_portal_link')],
    ['a view_submission Unblock did not open', interaction({ type: 'view_submission', user: { id: 'U0FZ0006' }, view: { id: 'V2', callback_id: 'someone_elses_modal' } })],
    ['a view_closed', interaction({ type: 'view_closed', user: { id: 'U0FZ0006' }, view: { id: 'V2' } })],
    ['a global shortcut', interaction({ type: 'shortcut', callback_id: 'x', user: { id: 'U0FZ0006' }, team: { id: 'T0TEAM' }, trigger_id: '1.2.3' })],
    ['another slash command', form({ command: '/weather', user_id: 'U0FZ0006', text: 'x', response_url: 'http://127.0.0.1:9/x' })],
    ['an unknown request type', interaction({ type: 'something_new', user: { id: 'U0FZ0006' } })],
  ])('acknowledges %s at once with 200', async (_name, body) => {
    await expectAnsweredWithoutChange(body, 200);
  });

  it.each([
    ['an app_mention', { type: 'event_callback', team_id: 'T0TEAM', event: { type: 'app_mention', text: '<@U0BOT> hi', user: 'U0FZ0007', channel: 'C0GENERAL', ts: '1.2' }, event_id: 'Ev2' }],
    ['an event type Slack may add', { type: 'event_callback', team_id: 'T0TEAM', event: { type: 'future_event_type' }, event_id: 'Ev3' }],
  ])('acknowledges %s with 200', async (_name, body) => {
    await expectAnsweredWithoutChange(JSON.stringify(body), 200, json);
  });

  it('logs what it acknowledged without handling at debug level, and what it could not read as a warning', () => {
    const lines = h.logs.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.some((l) => l.level === 20 && l.msg === 'acknowledged a Slack request Unblock does not handle')).toBe(true);
    expect(lines.some((l) => l.level === 40 && l.msg === 'acknowledged a Slack request Unblock cannot read; nothing changed')).toBe(true);
  });
});
