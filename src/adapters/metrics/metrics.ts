import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CounterLabels, CounterName, HistogramLabelsOf, HistogramName, LabelsOf, Metrics } from '../../app/ports/metrics.ts';
import { COUNTERS, DATABASE_GAUGES, HISTOGRAMS, INITIAL_SERIES } from './metric-definitions.ts';
import { REQUEST_STATUSES, type OperationalReadings } from './operational-readings.ts';

/**
 * Unblock's Prometheus metrics (prom-client, the Node.js standard): the Metrics port, served as
 * text at `GET /metrics` (exposition format 0.0.4). One per process, passed to whoever counts.
 * Counters and histograms count what this process did; the gauges (`unblock_requests`,
 * `unblock_active_allows`, `unblock_reconcile_lag_seconds`, `unblock_reconcile_waiting`,
 * `unblock_slack_outbox_backlog`) are read
 * from the shared database at each scrape (`readFrom`), so every replica reports the same values.
 */
export class UnblockMetrics implements Metrics {
  readonly registry = new Registry();
  private readings: OperationalReadings | undefined;

  private readonly counters = Object.fromEntries(
    Object.entries(COUNTERS).map(([key, definition]) => [key, new Counter({ ...definition, registers: [this.registry] })]),
  ) as { readonly [C in CounterName]: Counter<string> };

  private readonly histograms = Object.fromEntries(
    Object.entries(HISTOGRAMS).map(([key, definition]) => [key, new Histogram({ ...definition, buckets: [...definition.buckets], registers: [this.registry] })]),
  ) as { readonly [H in HistogramName]: Histogram<string> };

  constructor() {
    // An unlabelled counter shows 0 by itself; a labelled one has no series until counted.
    for (const [counter, series] of Object.entries(INITIAL_SERIES) as Array<[CounterName, ReadonlyArray<Record<string, string>>]>) {
      for (const labels of series) this.counters[counter].inc(labels, 0);
    }
    this.registerGauges();
  }

  /** Adds one to the prom-client counter behind `counter` (Metrics.increment). */
  increment<C extends CounterName>(counter: C, ...labels: LabelsOf<C>): void {
    const [values] = labels as [CounterLabels[C]?];
    if (values) this.counters[counter].inc(values as Record<string, string>);
    else this.counters[counter].inc();
  }

  /** Adds `amount` to the prom-client counter behind `counter` (Metrics.add); a negative or non-finite amount adds nothing. */
  add<C extends CounterName>(counter: C, amount: number, ...labels: LabelsOf<C>): void {
    if (!Number.isFinite(amount) || amount <= 0) return;
    const [values] = labels as [CounterLabels[C]?];
    if (values) this.counters[counter].inc(values as Record<string, string>, amount);
    else this.counters[counter].inc(amount);
  }

  /** Observes `seconds` in the prom-client histogram behind `histogram` (Metrics.observe); a negative or non-finite value counts as 0. */
  observe<H extends HistogramName>(histogram: H, seconds: number, ...labels: HistogramLabelsOf<H>): void {
    const value = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
    const [values] = labels as [Record<string, string>?];
    if (values) this.histograms[histogram].observe(values, value);
    else this.histograms[histogram].observe(value);
  }

  private readonly dryRunGauge = new Gauge({
    name: 'unblock_dry_run',
    help: '1 while this replica runs with DRY_RUN=true (new requests are dry runs: their allows are only simulated), else 0.',
    registers: [this.registry],
  });

  /** Shows DRY_RUN in `unblock_dry_run` (1 or 0), so monitoring tells a pilot from a real run. */
  setDryRun(on: boolean): void {
    this.dryRunGauge.set(on ? 1 : 0);
  }

  /** Where the database-backed gauges are read at each scrape; until set they are absent. */
  readFrom(readings: OperationalReadings): void {
    this.readings = readings;
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

  /**
   * The gauges read from the database at scrape time (prom-client awaits an async `collect`). A
   * failed read does not fail /metrics (the counters still tell the story, and /readyz reports the
   * database): `unblock_requests` has no series in that scrape and the unlabelled gauges read NaN
   * (unknown, never a reassuring 0).
   */
  private registerGauges(): void {
    const read = async () => {
      if (!this.readings) return undefined;
      try {
        return await this.readings.read();
      } catch {
        return undefined;
      }
    };
    // One database read per scrape, shared by the gauges: Registry.metrics() starts every
    // metric's collect at once (Promise.all), so all of them ask before the read settles.
    let pending: ReturnType<typeof read> | undefined;
    const snapshot = () => {
      pending ??= read().finally(() => (pending = undefined));
      return pending;
    };
    const registers = [this.registry];
    new Gauge({
      name: 'unblock_requests',
      help: 'Requests in the database by status (pending_approval, active, denied, expired, revoked …); the outcome of every request ever made.',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const readings = await snapshot();
        if (!readings) return;
        for (const status of REQUEST_STATUSES) this.set({ status }, readings.requestsByStatus[status] ?? 0);
      },
    });
    for (const gauge of DATABASE_GAUGES) {
      new Gauge({
        name: gauge.name,
        help: gauge.help,
        registers,
        async collect() {
          this.reset();
          const readings = await snapshot();
          this.set(readings ? gauge.value(readings) : Number.NaN);
        },
      });
    }
  }
}
