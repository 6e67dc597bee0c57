import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForAsync } from '../http-fakes/fake-http-server.ts';
import { Harness, requestIdOf, USERS } from '../support/e2e-harness.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { databaseTargets } from '../support/test-databases.ts';

/** One sample of `series` (name and labels exactly as exposed) in Prometheus text, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(databaseTargets())('operating Unblock: /livez, /readyz, /metrics in HTTP mode ($name)', (target) => {
  let h: Harness;
  const get = async (path: string) => await fetch(`http://127.0.0.1:${h.running.port}${path}`);
  const scrape = async () => await (await get('/metrics')).text();

  beforeEach(async () => {
    h = await Harness.start(target);
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', process: 'chrome.exe' })]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('/livez answers while the process is up; /readyz and /healthz report the database and the reconciler', async () => {
    const live = await get('/livez');
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    for (const path of ['/readyz', '/healthz']) {
      const ready = await get(path);
      expect([path, ready.status, await ready.json()]).toEqual([path, 200, expect.objectContaining({ status: 'ok', database: 'ok', mode: 'http', reconciler: 'ok' })]);
    }
  });

  it('counts a report, its decision and its activation, times both waits, and shows the allow as active — with no user id or host in any label', async () => {
    // Graph throttles the first attempt; the SDK's RetryHandler honours Retry-After and the retry succeeds.
    h.graph.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'Too many requests' } } });
    await h.command('https://logistics.contoso.com/portal the shipping app fails');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    // Counted once the activation's transition has returned, a moment after the row says active.
    await waitForAsync('activation counted', async () => sample(await scrape(), 'unblock_activations_total{outcome="active"}') === 1);

    const text = await scrape();
    expect(sample(text, 'unblock_reports_total{outcome="opened"}')).toBe(1);
    expect(sample(text, 'unblock_decisions_total{decision="approved"}')).toBe(1);
    expect(sample(text, 'unblock_decisions_total{decision="denied"}')).toBe(0);
    expect(sample(text, 'unblock_report_to_decision_seconds_count{decision="approved"}')).toBe(1);
    expect(sample(text, 'unblock_decision_to_active_seconds_count')).toBe(1);
    expect(sample(text, 'unblock_activations_total{outcome="active"}')).toBe(1);
    // Both HTTP attempts of the one query: the throttled one and its successful retry.
    expect(sample(text, 'unblock_graph_calls_total{operation="run_hunting_query",outcome="throttled"}')).toBe(1);
    expect(sample(text, 'unblock_graph_calls_total{operation="run_hunting_query",outcome="success"}')).toBe(1);
    expect(sample(text, 'unblock_graph_call_seconds_count{operation="run_hunting_query"}')).toBe(2);
    expect(sample(text, 'unblock_defender_calls_total{operation="submit_indicator",outcome="success"}')).toBe(1);
    expect(sample(text, 'unblock_defender_calls_total{operation="list_indicators",outcome="success"}')).toBeGreaterThanOrEqual(2);
    // Read from the database at the scrape.
    expect(sample(text, 'unblock_active_allows')).toBe(1);
    expect(sample(text, 'unblock_requests{status="active"}')).toBe(1);
    expect(sample(text, 'unblock_requests{status="pending_approval"}')).toBe(0);
    for (const secretish of [USERS.requester, USERS.approver, 'logistics.contoso.com', 'contoso']) expect(text).not.toContain(secretish);
  });

  it('counts a denial, a Defender failure by kind, and a Slack error by code; a Slack outage fills the backlog gauge but leaves /readyz ready', async () => {
    await h.command('https://logistics.contoso.com/portal');
    const first = await h.approvalMessage();
    await h.click('deny', { message: first, userId: USERS.approver });
    await waitForAsync('denied', async () => (await h.prisma.unblockRequest.findFirst({ where: { status: 'denied' } })) !== null);

    h.defender.failNext('POST', { status: 403, body: { error: { code: 'Forbidden', message: 'Missing application permission Ti.ReadWrite.All', target: 'corr-403' } } });
    await h.command('https://billing.contoso.com/');
    const second = await h.approvalMessage(2);
    await h.click('approve', { message: second, userId: USERS.approver, duration: 'P1D' });
    await waitForAsync('failed activation counted', async () => sample(await scrape(), 'unblock_activations_total{outcome="failed"}') === 1);

    h.slack.failMethod('chat.postMessage', 'not_in_channel');
    await h.command('https://payroll.contoso.com/');
    await waitForAsync('Slack error counted', async () => (sample(await scrape(), 'unblock_slack_api_errors_total{surface="outbox",error="not_in_channel"}') ?? 0) >= 1);

    const text = await scrape();
    expect(sample(text, 'unblock_decisions_total{decision="denied"}')).toBe(1);
    expect(sample(text, 'unblock_report_to_decision_seconds_count{decision="denied"}')).toBe(1);
    expect(sample(text, 'unblock_defender_calls_total{operation="submit_indicator",outcome="forbidden"}')).toBe(1);
    expect(sample(text, 'unblock_requests{status="denied"}')).toBe(1);
    expect(sample(text, 'unblock_requests{status="approved"}')).toBe(1);
    expect(sample(text, 'unblock_slack_outbox_backlog')).toBeGreaterThanOrEqual(1);
    expect((await get('/readyz')).status).toBe(200);
  });

  it('reports reconcile lag (how long the oldest scheduled work has been overdue) and the requests waiting for the reconciler', async () => {
    expect(sample(await scrape(), 'unblock_reconcile_lag_seconds')).toBe(0);
    await h.command('https://logistics.contoso.com/portal');
    const message = await h.approvalMessage();
    await h.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitForAsync('active allow', async () => (await h.prisma.unblockRequest.findFirst({ where: { status: 'active' } })) !== null);
    await h.leaseReleased(requestIdOf(message));
    // Activated and not planned since: due at once, which has no instant and so no lag, but is waiting.
    const before = await scrape();
    expect(sample(before, 'unblock_reconcile_waiting')).toBe(1);
    expect(sample(before, 'unblock_reconcile_lag_seconds')).toBe(0);
    // As if the reconciler had stopped ten minutes ago with this allow's next step due then.
    await h.prisma.lifecycle.updateMany({ data: { nextDueAt: new Date(Date.now() - 600_000) } });
    const lag = sample(await scrape(), 'unblock_reconcile_lag_seconds')!;
    expect(lag).toBeGreaterThanOrEqual(600);
    expect(lag).toBeLessThan(700);
    await h.running.reconcileNow();
    const after = await scrape();
    expect(sample(after, 'unblock_reconcile_lag_seconds')).toBe(0);
    expect(sample(after, 'unblock_reconcile_waiting')).toBe(0);
  });
});
