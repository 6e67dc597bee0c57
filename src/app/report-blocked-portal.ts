import type { ReportInput } from '../domain/request/parse-report.ts';
import { checkReportLimits, type LimitRefusal, type ReportLimits } from '../domain/request/report-limits.ts';
import { slackUser, system, type UnblockRequest } from '../domain/request/request.ts';
import { mustMove } from './support/must-move.ts';
import { indicatorTargetOf } from '../domain/target/target.ts';
import { gatherEvidence, type GatherEvidenceDeps } from './support/gather-evidence.ts';
import type { Metrics } from './ports/metrics.ts';
import type { Notifier } from './ports/notifier.ts';
import type { RequestRecords } from './ports/request-records.ts';
import type { RequestQueries } from './ports/request-queries.ts';
import type { RequestView } from './ports/request-view.ts';
import type { IdGenerator } from './ports/runtime.ts';
import { requireView } from './support/require-view.ts';
import { widenScopeOnJoin } from './support/widen-scope.ts';

export interface ReportDeps extends GatherEvidenceDeps {
  readonly store: RequestRecords & RequestQueries;
  readonly notifier: Notifier;
  readonly ids: IdGenerator;
  readonly limits: ReportLimits;
  /** Counts each report by outcome (`reports`). */
  readonly metrics: Metrics;
  /** DRY_RUN: a request opened now is a dry run to its end (its allow only simulated). */
  readonly dryRun?: boolean;
}

const HOUR = 3_600_000;

export type ReportOutcome =
  /** A new request went to the approvers. */
  | { readonly kind: 'opened'; readonly view: RequestView }
  /** The target already had an open request; the reporter was added to it. */
  | { readonly kind: 'joined'; readonly view: RequestView; readonly firstTimeReporter: boolean }
  /** The reporter is over a per-user limit; nothing was recorded. */
  | { readonly kind: 'limited'; readonly refusal: LimitRefusal };

/**
 * `/portal-blocked`: opens a request for the target (or joins the open one), gathers Defender
 * evidence with one hunting query and the indicators already around the target, and queues the approval message (see Notifier). Runs after
 * Slack's ack, from a bounded queue.
 */
export async function reportBlockedPortal(deps: ReportDeps, input: { userId: string; report: ReportInput }): Promise<ReportOutcome> {
  try {
    const outcome = await report(deps, input);
    deps.metrics.increment('reports', { outcome: outcome.kind });
    return outcome;
  } catch (error) {
    deps.metrics.increment('reports', { outcome: 'failed' });
    throw error;
  }
}

async function report(deps: ReportDeps, input: { userId: string; report: ReportInput }): Promise<ReportOutcome> {
  const { store, clock } = deps;
  const target = indicatorTargetOf(input.report.target);
  const existing = await store.findOpenByTarget(target);
  const limit = checkReportLimits({
    limits: deps.limits,
    reportsInLastHour: await store.countReportsSince(input.userId, new Date(clock.now().getTime() - HOUR)),
    openAllowsOfRequester: await store.countOpenRequestsOf(input.userId),
    joinsOpenRequest: existing !== null,
  });
  if (!limit.ok) {
    deps.logger.warn({ userId: input.userId, refusal: limit.error }, 'report refused by a per-user limit');
    return { kind: 'limited', refusal: limit.error };
  }
  if (existing) return joinRequest(deps, existing, input);

  const at = clock.now();
  const reportedTarget = input.report.target.kind === 'host' ? (input.report.target.url ?? target.value) : target.value;
  const created = await store.openRequest(
    {
      id: deps.ids.newId(),
      target,
      reportedTarget,
      coversSubdomains: input.report.target.kind === 'host' && input.report.target.coversSubdomains,
      dryRun: deps.dryRun === true,
      requesterId: input.userId,
      reason: input.report.reason,
      at,
    },
    { actor: slackUser(input.userId), at, action: 'request.reported', details: { target, reportedTarget } },
  );
  if (!created) {
    // Another report of the same target won the race to open it.
    const winner = await store.findOpenByTarget(target);
    if (winner) return joinRequest(deps, winner, input);
    throw new Error(`open request for ${target.value} vanished`);
  }

  const evidence = await gatherEvidence(deps, target);
  await store.saveEvidence(created.id, evidence, {
    actor: system('hunting'),
    at: clock.now(),
    action: 'request.evidence_collected',
    details: {
      outcome: evidence.outcome,
      events: evidence.summary.totalEvents,
      error: evidence.error,
      existingIndicators:
        evidence.existingIndicators?.outcome === 'checked'
          ? evidence.existingIndicators.indicators.map((i) => ({ id: i.id, type: i.type, value: i.value, action: i.action }))
          : { unavailable: evidence.existingIndicators?.error ?? null },
    },
  });
  return publish(deps, created);
}

async function publish(deps: ReportDeps, request: UnblockRequest): Promise<ReportOutcome> {
  // Queued first: a crash before the status moves leaves a queued message that waits for the
  // status (or is dropped once the stale report is closed), never a waiting request without one.
  await deps.notifier.publishApprovalRequest(await requireView(deps.store, request.id));
  await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, 'submitted_for_approval'),
    record: { event: 'submitted_for_approval' },
    audit: { actor: system('slack'), at: deps.clock.now(), action: 'request.submitted_for_approval' },
  });
  return { kind: 'opened', view: await requireView(deps.store, request.id) };
}

async function joinRequest(deps: ReportDeps, request: UnblockRequest, input: { userId: string; report: ReportInput }): Promise<ReportOutcome> {
  const reportedAt = deps.clock.now();
  const firstTimeReporter = await deps.store.addReporter(
    request.id,
    { userId: input.userId, reason: input.report.reason, reportedAt },
    { actor: slackUser(input.userId), at: reportedAt, action: 'request.joined', details: { reason: input.report.reason } },
  );
  let view = await requireView(deps.store, request.id);
  // Named in the approval message when it is sent, or in one coalesced thread note afterwards.
  if (firstTimeReporter) await deps.notifier.announceReporters(view);
  // A new reporter's device may sit in another device group: hunt again (once per reporter, so the
  // hunting budget grows with people, not clicks) and widen the proposed scope if so.
  if (firstTimeReporter) view = await widenScopeOnJoin(deps, view, input.userId);
  return { kind: 'joined', view, firstTimeReporter };
}

