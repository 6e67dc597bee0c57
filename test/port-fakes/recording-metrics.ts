import type { CounterLabels, CounterName, LabelsOf, Metrics } from '../../src/app/ports/metrics.ts';

/** One `increment` as it was called. */
export interface Counted {
  readonly counter: CounterName;
  readonly labels: CounterLabels[CounterName] | undefined;
}

/** A Metrics that records every increment, in order, for tests to read what was counted. */
export class RecordingMetrics implements Metrics {
  readonly counted: Counted[] = [];

  increment<C extends CounterName>(counter: C, ...labels: LabelsOf<C>): void {
    this.counted.push({ counter, labels: labels[0] });
  }

  /** How many times `counter` was incremented with labels equal to `labels` (any labels when omitted). */
  count<C extends CounterName>(counter: C, labels?: CounterLabels[C]): number {
    return this.counted.filter((c) => c.counter === counter && (labels === undefined || JSON.stringify(c.labels) === JSON.stringify(labels))).length;
  }
}
