import type { CounterLabels, CounterName, HistogramLabels, HistogramLabelsOf, HistogramName, LabelsOf, Metrics } from '../../src/app/ports/metrics.ts';

/** One `increment` as it was called. */
export interface Counted {
  readonly counter: CounterName;
  readonly labels: CounterLabels[CounterName] | undefined;
}

/** One `observe` as it was called. */
export interface Observed {
  readonly histogram: HistogramName;
  readonly seconds: number;
  readonly labels: HistogramLabels[HistogramName] | undefined;
}

/** A Metrics that records every increment and observation, in order, for tests to read what was counted. */
export class RecordingMetrics implements Metrics {
  readonly counted: Counted[] = [];
  readonly observed: Observed[] = [];

  increment<C extends CounterName>(counter: C, ...labels: LabelsOf<C>): void {
    this.counted.push({ counter, labels: labels[0] as CounterLabels[C] | undefined });
  }

  add<C extends CounterName>(counter: C, amount: number, ...labels: LabelsOf<C>): void {
    for (let i = 0; i < amount; i++) this.counted.push({ counter, labels: labels[0] as CounterLabels[C] | undefined });
  }

  observe<H extends HistogramName>(histogram: H, seconds: number, ...labels: HistogramLabelsOf<H>): void {
    this.observed.push({ histogram, seconds, labels: labels[0] as HistogramLabels[H] | undefined });
  }

  /** How many times `counter` was incremented with labels equal to `labels` (any labels when omitted). */
  count<C extends CounterName>(counter: C, labels?: CounterLabels[C]): number {
    return this.counted.filter((c) => c.counter === counter && (labels === undefined || JSON.stringify(c.labels) === JSON.stringify(labels))).length;
  }

  /** The seconds observed in `histogram`, in order. */
  observations(histogram: HistogramName): number[] {
    return this.observed.filter((o) => o.histogram === histogram).map((o) => o.seconds);
  }
}
