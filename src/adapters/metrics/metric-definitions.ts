import type { CounterLabels, CounterName, HistogramName } from '../../app/ports/metrics.ts';
import type { Readings } from './operational-readings.ts';

/** A prom-client metric's name, help text and label names (the registry is added by UnblockMetrics). */
interface Definition {
  readonly name: `unblock_${string}`;
  readonly help: string;
  readonly labelNames: readonly string[];
}

/**
 * Every counter behind the Metrics port, named as Prometheus expects (`unblock_` prefix, `_total`
 * suffix: prometheus.io/docs/practices/naming).
 */
export const COUNTERS: { readonly [C in CounterName]: Definition } = {
  process_failures: {
    name: 'unblock_process_failures_total',
    help: 'Errors that reached the process level: unhandled promise rejections (the bot keeps serving) and uncaught exceptions (the bot exits).',
    labelNames: ['failure'],
  },
  slack_requests: {
    name: 'unblock_slack_requests_total',
    help: 'Signed Slack requests by verdict: route (handled), ignore (acknowledged, nothing Unblock handles), refuse (acknowledged, unreadable).',
    labelNames: ['verdict'],
  },
  slack_request_failures: { name: 'unblock_slack_request_failures_total', help: 'Slack requests whose handling failed unexpectedly.', labelNames: [] },
  reports: {
    name: 'unblock_reports_total',
    help: '/portal-blocked reports by outcome: opened (a new request), joined (a reporter added to an open one), limited (refused by the per-user limits), failed.',
    labelNames: ['outcome'],
  },
  decisions: { name: 'unblock_decisions_total', help: 'Decisions on requests: approved (enough approvers agreed) or denied.', labelNames: ['decision'] },
  activations: {
    name: 'unblock_activations_total',
    help: 'Attempts to make an approved allow active in Defender: active, or failed (retried by the reconciler).',
    labelNames: ['outcome'],
  },
  defender_calls: {
    name: 'unblock_defender_calls_total',
    help: 'Calls to the Defender for Endpoint indicators API by operation and outcome (success, throttled = HTTP 429, forbidden, unauthorized, rejected, unavailable, timeout, invalid_response).',
    labelNames: ['operation', 'outcome'],
  },
  graph_calls: {
    name: 'unblock_graph_calls_total',
    help: 'Advanced hunting queries through Microsoft Graph by outcome (success, throttled = HTTP 429, forbidden, unauthorized, rejected, unavailable, timeout, invalid_response).',
    labelNames: ['operation', 'outcome'],
  },
  slack_api_errors: {
    name: 'unblock_slack_api_errors_total',
    help: "Slack Web API calls that failed, by surface (outbox: messages, updates and DMs; approver_directory: the approver group look-up) and Slack's error code (ratelimited, not_in_channel, invalid_auth …).",
    labelNames: ['surface', 'error'],
  },
  audit_forward_rounds: {
    name: 'unblock_audit_forward_rounds_total',
    help: 'Rounds forwarding the audit trail to Sentinel by outcome: caught_up, more_pending, not_claimed (another replica holds the cursor, or backing off), failed, lease_lost.',
    labelNames: ['outcome'],
  },
  audit_entries_forwarded: { name: 'unblock_audit_entries_forwarded_total', help: 'Audit entries Azure accepted for the Sentinel custom table.', labelNames: [] },
};

/** Buckets for waits measured in minutes to days (report → decision), seconds. */
const HUMAN_WAIT_BUCKETS = [60, 300, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 86_400, 259_200];
/** Buckets for machine work of a second to an hour (decision → active, with retries), seconds. */
const ACTIVATION_BUCKETS = [1, 2, 5, 10, 30, 60, 300, 900, 3_600, 14_400];
/** Buckets for one HTTP call, seconds (Defender's timeout defaults to 30 s; hunting can take longer). */
const CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Every histogram behind the Metrics port (`_seconds` suffix: the base unit, prometheus.io/docs/practices/naming). */
export const HISTOGRAMS: { readonly [H in HistogramName]: Definition & { readonly buckets: readonly number[] } } = {
  report_to_decision_seconds: {
    name: 'unblock_report_to_decision_seconds',
    help: 'Time from a report to the decision on its request, by decision.',
    labelNames: ['decision'],
    buckets: HUMAN_WAIT_BUCKETS,
  },
  decision_to_active_seconds: {
    name: 'unblock_decision_to_active_seconds',
    help: 'Time from an approval decision to the allow indicator being active in Defender (retries included).',
    labelNames: [],
    buckets: ACTIVATION_BUCKETS,
  },
  defender_call_seconds: {
    name: 'unblock_defender_call_seconds',
    help: 'Duration of Defender indicators API calls by operation, including the wait for the rate budget.',
    labelNames: ['operation'],
    buckets: CALL_BUCKETS,
  },
  graph_call_seconds: {
    name: 'unblock_graph_call_seconds',
    help: 'Duration of advanced hunting queries, including the wait for the rate budget.',
    labelNames: ['operation'],
    buckets: CALL_BUCKETS,
  },
  reconcile_round_seconds: {
    name: 'unblock_reconcile_round_seconds',
    help: 'Duration of one reconcile round of this replica.',
    labelNames: [],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  },
};

/** Every series of the labelled counters, created at 0 so a rate() over a fresh process is defined. */
export const INITIAL_SERIES = {
  process_failures: [{ failure: 'unhandled_rejection' }, { failure: 'uncaught_exception' }],
  slack_requests: [{ verdict: 'route' }, { verdict: 'ignore' }, { verdict: 'refuse' }],
  reports: [{ outcome: 'opened' }, { outcome: 'joined' }, { outcome: 'limited' }, { outcome: 'failed' }],
  decisions: [{ decision: 'approved' }, { decision: 'denied' }],
  activations: [{ outcome: 'active' }, { outcome: 'failed' }],
} satisfies { readonly [C in CounterName]?: ReadonlyArray<CounterLabels[C]> };

/**
 * The unlabelled gauges read from the database at each scrape (see UnblockMetrics.readFrom): each
 * one value of the scrape's Readings.
 */
export const DATABASE_GAUGES: ReadonlyArray<{ readonly name: `unblock_${string}`; readonly help: string; readonly value: (readings: Readings) => number }> = [
  {
    name: 'unblock_active_allows',
    help: 'Allows active right now (dry-run ones included: their requests say so).',
    value: (readings) => readings.requestsByStatus.active ?? 0,
  },
  {
    name: 'unblock_reconcile_lag_seconds',
    help: 'How late the reconciler is: seconds since the oldest scheduled piece of work (reminder, expiry, check, activation retry) fell due, 0 when nothing is overdue.',
    value: (readings) => readings.reconcileLagSeconds,
  },
  {
    name: 'unblock_reconcile_waiting',
    help: 'Requests whose scheduled work is due now (including work due at once, which has no due instant and so no lag); above 0 for minutes, no reconciler is running.',
    value: (readings) => readings.reconcileWaiting,
  },
  {
    name: 'unblock_slack_outbox_backlog',
    help: 'Slack messages queued in the outbox and not yet delivered (paced per channel; Slack outages and rate limits make it grow).',
    value: (readings) => readings.slackBacklog,
  },
];
