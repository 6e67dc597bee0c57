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
});
