/**
 * Every counter Unblock keeps, with the labels it is counted by. A closed vocabulary: a counter or
 * label value that is not listed here is a type error, never a new time series by accident. A new
 * counter is a new row here and in the adapter (UnblockMetrics).
 */
export interface CounterLabels {
  /**
   * An error that escaped every handler, by the two process-level failures Node reports
   * (nodejs.org/api/process.html "Event: 'unhandledRejection'", "Event: 'uncaughtException'").
   */
  readonly process_failures: { readonly failure: 'unhandled_rejection' | 'uncaught_exception' };
  /** A signed Slack request, by what the edge did with it: handled (route), acknowledged and left (ignore), unreadable (refuse). */
  readonly slack_requests: { readonly verdict: 'route' | 'ignore' | 'refuse' };
  /** A Slack request whose handling failed unexpectedly (logged with a reference). */
  readonly slack_request_failures: Readonly<Record<never, never>>;
}

/** The name of a counter in CounterLabels. */
export type CounterName = keyof CounterLabels;

/** The labels `increment` takes for `C`: none for a counter without labels, else all of them. */
export type LabelsOf<C extends CounterName> = keyof CounterLabels[C] extends never ? [] : [labels: CounterLabels[C]];

/**
 * What happened, counted for operators: injected like Logger (prom-client's UnblockMetrics in the
 * process, a recording double in tests).
 */
export interface Metrics {
  /** Adds one to `counter` for `labels`. Cheap and synchronous; never throws. */
  increment<C extends CounterName>(counter: C, ...labels: LabelsOf<C>): void;
}
