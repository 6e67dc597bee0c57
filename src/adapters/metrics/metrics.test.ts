import { describe, expect, test } from 'vitest';
import { UnblockMetrics } from './metrics.ts';

describe('UnblockMetrics (the Metrics port in Prometheus text)', () => {
  test('a fresh process shows every series at 0', async () => {
    const text = await new UnblockMetrics().registry.metrics();
    for (const series of [
      'unblock_process_failures_total{failure="unhandled_rejection"} 0',
      'unblock_process_failures_total{failure="uncaught_exception"} 0',
      'unblock_slack_requests_total{verdict="route"} 0',
      'unblock_slack_requests_total{verdict="ignore"} 0',
      'unblock_slack_requests_total{verdict="refuse"} 0',
      'unblock_slack_request_failures_total 0',
      'unblock_reports_total{outcome="opened"} 0',
      'unblock_reports_total{outcome="failed"} 0',
      'unblock_decisions_total{decision="approved"} 0',
      'unblock_decisions_total{decision="denied"} 0',
      'unblock_activations_total{outcome="failed"} 0',
      'unblock_decision_to_active_seconds_count 0',
    ]) {
      expect(text).toContain(series);
    }
  });

  test('increment adds one to the named counter, for its labels only', async () => {
    const metrics = new UnblockMetrics();
    metrics.increment('slack_requests', { verdict: 'route' });
    metrics.increment('slack_requests', { verdict: 'route' });
    metrics.increment('process_failures', { failure: 'uncaught_exception' });
    metrics.increment('slack_request_failures');
    const text = await metrics.registry.metrics();
    expect(text).toContain('unblock_slack_requests_total{verdict="route"} 2');
    expect(text).toContain('unblock_slack_requests_total{verdict="ignore"} 0');
    expect(text).toContain('unblock_process_failures_total{failure="uncaught_exception"} 1');
    expect(text).toContain('unblock_process_failures_total{failure="unhandled_rejection"} 0');
    expect(text).toContain('unblock_slack_request_failures_total 1');
  });

  test('observe records seconds in the named histogram, for its labels, with the _seconds buckets', async () => {
    const metrics = new UnblockMetrics();
    metrics.observe('report_to_decision_seconds', 90, { decision: 'approved' });
    metrics.observe('report_to_decision_seconds', 7_200, { decision: 'approved' });
    metrics.observe('decision_to_active_seconds', -3);
    const text = await metrics.registry.metrics();
    expect(text).toContain('unblock_report_to_decision_seconds_bucket{le="60",decision="approved"} 0');
    expect(text).toContain('unblock_report_to_decision_seconds_bucket{le="300",decision="approved"} 1');
    expect(text).toContain('unblock_report_to_decision_seconds_sum{decision="approved"} 7290');
    expect(text).toContain('unblock_report_to_decision_seconds_count{decision="approved"} 2');
    // A clock step backwards never records a negative wait.
    expect(text).toContain('unblock_decision_to_active_seconds_sum 0');
    expect(text).toContain('unblock_decision_to_active_seconds_count 1');
  });

  test('the database gauges are read once per scrape; a failed read shows them unknown (NaN), never 0', async () => {
    const metrics = new UnblockMetrics();
    let reads = 0;
    let fail = false;
    metrics.readFrom({
      read: async () => {
        reads++;
        if (fail) throw new Error('database down');
        return { requestsByStatus: { active: 3, pending_approval: 2 }, reconcileLagSeconds: 12.5, reconcileWaiting: 2, slackBacklog: 4 };
      },
    });
    const text = await metrics.registry.metrics();
    expect(reads).toBe(1);
    for (const series of ['unblock_active_allows 3', 'unblock_requests{status="active"} 3', 'unblock_requests{status="pending_approval"} 2', 'unblock_requests{status="denied"} 0', 'unblock_reconcile_lag_seconds 12.5', 'unblock_reconcile_waiting 2', 'unblock_slack_outbox_backlog 4']) {
      expect(text).toContain(series);
    }
    fail = true;
    const failed = await metrics.registry.metrics();
    // prom-client spells it `Nan`; Prometheus parses floats case-insensitively (Go strconv.ParseFloat).
    expect(failed).toMatch(/^unblock_active_allows nan$/im);
    expect(failed).toMatch(/^unblock_reconcile_lag_seconds nan$/im);
    expect(failed).not.toMatch(/^unblock_requests\{/m);
    expect(failed).toContain('unblock_reports_total{outcome="opened"} 0');
  });

  test('every metric is named unblock_…, counters end in _total, and no label could hold a user id or a host', async () => {
    const metrics = new UnblockMetrics();
    const names = (await metrics.registry.getMetricsAsJSON()).map((m) => ({ name: m.name, type: m.type }));
    for (const { name, type } of names) {
      expect(name).toMatch(/^unblock_[a-z_]+$/);
      if (String(type) === 'counter') expect(name).toMatch(/_total$/);
    }
    const labels = new Set((await metrics.registry.getMetricsAsJSON()).flatMap((m) => m.values.flatMap((v) => Object.keys(v.labels))));
    expect([...labels].sort()).toEqual(['decision', 'failure', 'le', 'outcome', 'verdict'].sort());
  });
});
