import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { Harness } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const METRICS_TOKEN = 'metrics-9f8e7d6c5b4a39281706';

/**
 * METRICS_TOKEN end to end: the running bot's /metrics (Bolt's HTTP receiver in HTTP mode, the ops
 * server in Socket Mode) answers only `Authorization: Bearer <METRICS_TOKEN>`, the probes stay open,
 * and the token never reaches the logs.
 */
describe.each([
  ['HTTP mode', {}],
  ['Socket Mode', { SLACK_APP_TOKEN: 'xapp-1-A0UNBLOCK-test-app-token', SLACK_SIGNING_SECRET: '' }],
] as const)('GET /metrics with METRICS_TOKEN (%s)', (_mode, env) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('refuses a scrape without the token (401, WWW-Authenticate: Bearer), serves one with it, and never logs it', async () => {
    h = await Harness.start(databaseTargets()[0]!, { ...env, METRICS_TOKEN });
    if ('SLACK_APP_TOKEN' in env) await waitFor('socket connection', () => h!.socket.connections === 1);
    const url = `http://127.0.0.1:${h.running.port}`;

    const anonymous = await fetch(`${url}/metrics`);
    expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="unblock-metrics"']);
    expect(await anonymous.text()).not.toContain('unblock_');
    const wrong = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer metrics-0000000000000000000' } });
    expect(wrong.status).toBe(401);

    const scraped = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('unblock_slack_outbox_backlog 0');

    for (const path of ['/livez', '/readyz']) expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 200]);
    expect(h.logs.length).toBeGreaterThan(0);
    expect(h.logs.filter((line) => line.includes(METRICS_TOKEN))).toEqual([]);
  });
});
