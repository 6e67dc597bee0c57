import type { ExternalFailure } from '../support/external-service-error.ts';

/**
 * How a call to Defender or Graph ended: `success`, or the ExternalFailure kind it was translated
 * to (`throttled` is HTTP 429; `unauthorized` covers Entra refusing a token).
 */
export type CallOutcome = 'success' | ExternalFailure;

/**
 * Every counter Unblock keeps, with the labels it is counted by. A closed vocabulary: a counter or
 * label value that is not listed here is a type error, never a new time series by accident. A new
 * counter is a new row here and in the adapter (UnblockMetrics). No label ever holds a user id, a
 * host or any other value a user typed.
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
  /**
   * A `/portal-blocked` report, by what became of it: a new request (`opened`), a reporter added to
   * an open one (`joined`), refused by the per-user limits (`limited`), or failed unexpectedly.
   */
  readonly reports: { readonly outcome: 'opened' | 'joined' | 'limited' | 'failed' };
  /** The one decision on a request: approved (enough approvers agreed) or denied. */
  readonly decisions: { readonly decision: 'approved' | 'denied' };
  /** An approved allow's activation attempt: the indicator is in Defender (`active`) or the attempt failed (retried). */
  readonly activations: { readonly outcome: 'active' | 'failed' };
  /** A call to the Defender for Endpoint API (`/api/indicators`), by operation and outcome. */
  readonly defender_calls: { readonly operation: DefenderOperation; readonly outcome: CallOutcome };
  /** A call to Microsoft Graph (advanced hunting), by outcome. */
  readonly graph_calls: { readonly operation: 'run_hunting_query'; readonly outcome: CallOutcome };
  /**
   * A Slack Web API call that failed, by where Unblock made it and Slack's error code (`ratelimited`,
   * `not_in_channel`, `invalid_auth` …; `http_error` / `request_error` when Slack never answered).
   * Codes are Slack's documented vocabulary; anything else is counted as `other`.
   */
  readonly slack_api_errors: { readonly surface: SlackSurface; readonly error: string };
  /**
   * A round of forwarding the audit trail to Sentinel, by how it ended: `caught_up`, `more_pending`
   * (the next round goes on), `not_claimed` (another replica holds the cursor, or backing off),
   * `failed` (Azure refused or did not answer), `lease_lost`.
   */
  readonly audit_forward_rounds: { readonly outcome: 'caught_up' | 'more_pending' | 'not_claimed' | 'failed' | 'lease_lost' };
  /** Audit entries Azure accepted for the Sentinel table (counted with `add`). */
  readonly audit_entries_forwarded: Readonly<Record<never, never>>;
}

/** The Defender indicators API operations Unblock performs (defender-api.md §§3–6). */
export type DefenderOperation = 'list_indicators' | 'submit_indicator' | 'delete_indicator';

/** Where a Slack Web API call is made: the durable outbox (every message, update and DM) or the approver group look-up. */
export type SlackSurface = 'outbox' | 'approver_directory';

/**
 * Every histogram Unblock keeps (seconds), with its labels; the same closed vocabulary as CounterLabels.
 */
export interface HistogramLabels {
  /** From the report to the one decision (approved or denied), seconds. */
  readonly report_to_decision_seconds: { readonly decision: 'approved' | 'denied' };
  /** From the decision to the allow indicator being active in Defender, seconds. */
  readonly decision_to_active_seconds: Readonly<Record<never, never>>;
  /** How long one Defender API call took, seconds (including the wait for the rate budget). */
  readonly defender_call_seconds: { readonly operation: DefenderOperation };
  /** How long one advanced hunting query took, seconds. */
  readonly graph_call_seconds: { readonly operation: 'run_hunting_query' };
  /** How long one reconcile round took, seconds. */
  readonly reconcile_round_seconds: Readonly<Record<never, never>>;
}

/** The name of a counter in CounterLabels. */
export type CounterName = keyof CounterLabels;

/** The name of a histogram in HistogramLabels. */
export type HistogramName = keyof HistogramLabels;

/** The labels `increment` takes for `C`: none for a counter without labels, else all of them. */
export type LabelsOf<C extends CounterName> = keyof CounterLabels[C] extends never ? [] : [labels: CounterLabels[C]];

/** The labels `observe` takes for `H`: none for a histogram without labels, else all of them. */
export type HistogramLabelsOf<H extends HistogramName> = keyof HistogramLabels[H] extends never ? [] : [labels: HistogramLabels[H]];

/**
 * What happened, counted for operators: injected like Logger (prom-client's UnblockMetrics in the
 * process, a recording double in tests).
 */
export interface Metrics {
  /** Adds one to `counter` for `labels`. Cheap and synchronous; never throws. */
  increment<C extends CounterName>(counter: C, ...labels: LabelsOf<C>): void;
  /** Adds `amount` (≥ 0, a whole number) to `counter` for `labels`. Cheap and synchronous; never throws. */
  add<C extends CounterName>(counter: C, amount: number, ...labels: LabelsOf<C>): void;
  /** Records one observation of `seconds` (≥ 0) in `histogram` for `labels`. Cheap and synchronous; never throws. */
  observe<H extends HistogramName>(histogram: H, seconds: number, ...labels: HistogramLabelsOf<H>): void;
}
