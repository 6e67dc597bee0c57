import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Registry } from 'prom-client';
import type { CounterLabels, CounterName, LabelsOf, Metrics } from '../../app/ports/metrics.ts';

/** Every series of the labelled counters, created at 0 so a rate() over a fresh process is defined. */
const INITIAL_SERIES = {
  process_failures: [{ failure: 'unhandled_rejection' }, { failure: 'uncaught_exception' }],
  slack_requests: [{ verdict: 'route' }, { verdict: 'ignore' }, { verdict: 'refuse' }],
} satisfies { readonly [C in CounterName]?: ReadonlyArray<CounterLabels[C]> };

/**
 * Unblock's Prometheus metrics (prom-client, the Node.js standard): the Metrics port, served as
 * text at `GET /metrics` (exposition format 0.0.4). One per process, passed to whoever counts.
 */
export class UnblockMetrics implements Metrics {
  readonly registry = new Registry();

  private readonly counters: { readonly [C in CounterName]: Counter<string> } = {
    process_failures: new Counter({
      name: 'unblock_process_failures_total',
      help: 'Errors that reached the process level: unhandled promise rejections (the bot keeps serving) and uncaught exceptions (the bot exits).',
      labelNames: ['failure'],
      registers: [this.registry],
    }),
    slack_requests: new Counter({
      name: 'unblock_slack_requests_total',
      help: 'Signed Slack requests by verdict: route (handled), ignore (acknowledged, nothing Unblock handles), refuse (acknowledged, unreadable).',
      labelNames: ['verdict'],
      registers: [this.registry],
    }),
    slack_request_failures: new Counter({
      name: 'unblock_slack_request_failures_total',
      help: 'Slack requests whose handling failed unexpectedly.',
      registers: [this.registry],
    }),
  };

  constructor() {
    // An unlabelled counter shows 0 by itself; a labelled one has no series until counted.
    for (const [counter, series] of Object.entries(INITIAL_SERIES) as Array<[CounterName, ReadonlyArray<Record<string, string>>]>) {
      for (const labels of series) this.counters[counter].inc(labels, 0);
    }
  }

  /** Adds one to the prom-client counter behind `counter` (Metrics.increment). */
  increment<C extends CounterName>(counter: C, ...labels: LabelsOf<C>): void {
    const [values] = labels;
    if (values) this.counters[counter].inc(values);
    else this.counters[counter].inc();
  }

  /** The `GET /metrics` handler (an operational route: see opsRoutes). */
  route(): (req: IncomingMessage, res: ServerResponse) => void {
    return (_req, res) => {
      void this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    };
  }
}
