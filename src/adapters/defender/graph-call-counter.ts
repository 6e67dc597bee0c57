import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { CallOutcome, Metrics } from '../../app/ports/metrics.ts';
import { failureOfStatus } from './http-failure.ts';

/**
 * A Graph client middleware that counts every HTTP attempt of an advanced hunting query
 * (`graph_calls`, `graph_call_seconds`). It sits after the SDK's RetryHandler, so a 429 the
 * RetryHandler retried is counted as `throttled` even when the retry then succeeds: operators see
 * throttling before it costs a report. Outcomes follow failureOfStatus (2xx `success`, 429
 * `throttled`, 401 `unauthorized`, 403 `forbidden`, 5xx `unavailable` …); no answer at all
 * (connection refused, our timeout) is `unavailable` or `timeout`. Middleware contract:
 * learn.microsoft.com/graph/sdks/customize-client (execute(context), setNext).
 */
export class GraphCallCounter implements Middleware {
  private next: Middleware | undefined;
  private readonly metrics: Metrics;

  constructor(metrics: Metrics) {
    this.metrics = metrics;
  }

  async execute(context: Context): Promise<void> {
    const started = performance.now();
    let outcome: CallOutcome = 'unavailable';
    try {
      await this.next!.execute(context);
      const status = context.response?.status ?? 0;
      outcome = status >= 200 && status < 300 ? 'success' : failureOfStatus(status);
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      outcome = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unavailable';
      throw error;
    } finally {
      this.metrics.increment('graph_calls', { operation: 'run_hunting_query', outcome });
      this.metrics.observe('graph_call_seconds', (performance.now() - started) / 1000, { operation: 'run_hunting_query' });
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
