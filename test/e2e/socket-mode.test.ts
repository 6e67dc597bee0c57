import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { blockActionPayload, slashCommandFields } from '../support/slack-requests.ts';
import { databaseTargets } from '../support/test-databases.ts';

const APP_TOKEN = 'xapp-1-A0UNBLOCK-test-app-token';

describe('Socket Mode (the manifest default)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(databaseTargets()[0]!, { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: '' });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('connects with the app token, serves /livez, /readyz, /healthz and /metrics, and runs the whole flow over the socket', async () => {
    await waitFor('socket connection', () => h.socket.connections === 1);
    expect(h.slack.callsOf('apps.connections.open')[0]!.token).toBe(APP_TOKEN);
    const ready = { status: 'ok', database: 'ok', mode: 'socket', reconciler: 'ok', lastReconcileAt: null, slackBacklog: 0, slackBacklogSince: null };
    for (const path of ['/readyz', '/healthz']) {
      const health = await fetch(`http://127.0.0.1:${h.running.port}${path}`);
      expect([path, health.status, await health.json()]).toEqual([path, 200, ready]);
    }
    const live = await fetch(`http://127.0.0.1:${h.running.port}/livez`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);

    const ack = await h.socket.deliver(
      'slash_commands',
      slashCommandFields({ text: 'https://logistics.contoso.com shipping app', userId: USERS.requester, responseUrl: h.slack.responseUrl('sock-1') }),
    );
    expect(ack).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('Looking for Defender block events') });
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('logistics.contoso.com');

    await h.socket.deliver(
      'interactive',
      blockActionPayload({
        actionId: 'unblock_approve',
        value: requestIdOf(message),
        userId: USERS.approver,
        channelId: APPROVAL_CHANNEL,
        messageTs: message.ts,
        responseUrl: h.slack.responseUrl('sock-2'),
      }),
    );
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    await waitFor('DM', () => h.slack.dms(USERS.requester)[0]);
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ status: 'active' });
    // The command and the click, each screened and routed at the socket's edge.
    const metrics = await (await fetch(`http://127.0.0.1:${h.running.port}/metrics`)).text();
    expect(metrics).toContain('unblock_slack_requests_total{verdict="route"} 2');
    // The same metrics as in HTTP mode: the report, the decision and the allow it made.
    expect(metrics).toContain('unblock_reports_total{outcome="opened"} 1');
    expect(metrics).toContain('unblock_decisions_total{decision="approved"} 1');
    expect(metrics).toContain('unblock_active_allows 1');
    expect(h.logs.join('\n')).not.toContain(APP_TOKEN);
  });

  it('acknowledges envelopes it cannot read or does not handle, changes nothing, and keeps the verification token out of debug logs', async () => {
    await waitFor('socket connection', () => h.socket.connections === 1);
    // The Socket Mode client itself reads payload.event.type of every events_api envelope.
    const deliveries: Array<['slash_commands' | 'interactive' | 'events_api', unknown]> = [
      ['events_api', null],
      ['events_api', { type: 'event_callback' }],
      ['events_api', { type: 'event_callback', event: 'app_mention' }],
      ['events_api', { token: 'LEGACYVERIFTOKEN123', type: 'event_callback', event: { type: 'app_mention', text: '<!channel>' } }],
      ['slash_commands', null],
      ['slash_commands', { command: '/portal-blocked', user_id: null, text: 'fz.contoso.com' }],
      ['interactive', { ...blockActionPayload({ actionId: 'unblock_approve', value: 'x', userId: USERS.approver, channelId: APPROVAL_CHANNEL, messageTs: '1.2', responseUrl: h.slack.responseUrl('sock-x') }), channel: null }],
      ['interactive', { type: 'view_closed', user: { id: USERS.approver }, view: { id: 'V1' } }],
    ];
    for (const [type, payload] of deliveries) {
      // deliver() resolves only when the app acknowledges the envelope.
      await expect(Promise.race([h.socket.deliver(type, payload).then(() => 'acked'), new Promise((r) => setTimeout(() => r('not acked'), 5_000))])).resolves.toBe('acked');
    }
    expect(await h.prisma.unblockRequest.count()).toBe(0);
    expect(h.slack.messages).toEqual([]);
    const logs = h.logs.join('\n');
    expect(logs).not.toContain('LEGACYVERIFTOKEN123');
    expect(logs).not.toMatch(/unhandled_rejection|a Slack request failed/);
  });
});
