import type { Server } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { UnblockMetrics } from '../metrics/metrics.ts';
import { opsRoutes, type HealthCheck } from './ops-routes.ts';
import { startOpsServer } from './ops-server.ts';

describe('the operational routes on their own server (Socket Mode)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function serve(health: HealthCheck, metrics = new UnblockMetrics(), metricsToken?: string): Promise<string> {
    server = await startOpsServer(0, opsRoutes({ health, metrics, metricsToken }));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  test('GET /healthz answers 200 with the details when healthy, 503 when not, 503 when the check throws', async () => {
    let report: Awaited<ReturnType<HealthCheck>> = { healthy: true, details: { database: 'ok' } };
    let fail = false;
    const url = await serve(async () => {
      if (fail) throw new Error('down');
      return report;
    });
    const healthy = await fetch(`${url}/healthz?probe=1`);
    expect([healthy.status, healthy.headers.get('content-type'), await healthy.json()]).toEqual([200, 'application/json', { status: 'ok', database: 'ok' }]);
    report = { healthy: false, details: { database: 'unreachable' } };
    const unhealthy = await fetch(`${url}/healthz`);
    expect([unhealthy.status, await unhealthy.json()]).toEqual([503, { status: 'unhealthy', database: 'unreachable' }]);
    fail = true;
    const failed = await fetch(`${url}/healthz`);
    expect([failed.status, await failed.json()]).toEqual([503, { status: 'unhealthy' }]);
  });

  test('GET /livez answers 200 whatever the readiness check says; GET /readyz is the readiness check, like /healthz', async () => {
    let checks = 0;
    const url = await serve(async () => {
      checks++;
      return { healthy: false, details: { database: 'unreachable' } };
    });
    const live = await fetch(`${url}/livez`);
    expect([live.status, await live.json(), checks]).toEqual([200, { status: 'ok' }, 0]);
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json(), checks]).toEqual([503, { status: 'unhealthy', database: 'unreachable' }, 1]);
  });

  test('GET /metrics answers the Prometheus text of the metrics', async () => {
    const metrics = new UnblockMetrics();
    metrics.increment('slack_request_failures');
    const url = await serve(async () => ({ healthy: true, details: {} }), metrics);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.registry.contentType);
    expect(await response.text()).toContain('unblock_slack_request_failures_total 1');
  });

  test('with METRICS_TOKEN, GET /metrics answers only Authorization: Bearer <token>; the probes stay open', async () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0';
    const metrics = new UnblockMetrics();
    metrics.increment('slack_request_failures');
    const url = await serve(async () => ({ healthy: true, details: {} }), metrics, token);
    for (const authorization of [undefined, '', `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${token}`, token, `Bearer`, `Bearer  `]) {
      const refused = await fetch(`${url}/metrics`, authorization === undefined ? {} : { headers: { authorization } });
      const body = await refused.text();
      expect([authorization, refused.status, refused.headers.get('www-authenticate')]).toEqual([authorization, 401, 'Bearer realm="unblock-metrics"']);
      expect(body).toContain('METRICS_TOKEN');
      expect(body).not.toContain(token);
    }
    for (const authorization of [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`]) {
      const scraped = await fetch(`${url}/metrics`, { headers: { authorization } });
      expect([authorization, scraped.status]).toEqual([authorization, 200]);
      expect(await scraped.text()).toContain('unblock_slack_request_failures_total 1');
    }
    for (const path of ['/livez', '/readyz', '/healthz']) expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 200]);
  });

  test('anything else is an empty 404: another path, another method', async () => {
    const url = await serve(async () => ({ healthy: true, details: {} }));
    for (const [path, method] of [['/', 'GET'], ['/slack/events', 'POST'], ['/healthz', 'POST']] as const) {
      const response = await fetch(`${url}${path}`, { method });
      expect([path, method, response.status, await response.text()]).toEqual([path, method, 404, '']);
    }
  });

  test('a port already in use rejects with the listen error', async () => {
    const url = await serve(async () => ({ healthy: true, details: {} }));
    await expect(startOpsServer(Number(new URL(url).port), [])).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
