import type { ReportInput } from '../domain/request/parse-report.ts';
import { checkReportLimits, type LimitRefusal, type ReportLimits } from '../domain/request/report-limits.ts';
import type { UnblockRequest } from '../domain/request/request.ts';
import { mustMove } from './must-move.ts';
import { indicatorTargetOf } from '../domain/target/target.ts';
import { gatherEvidence, type GatherEvidenceDeps } from './gather-evidence.ts';
import type { IdGenerator, Notifier, RequestStore, RequestView } from './ports.ts';
import { runSafely } from './run-safely.ts';

export interface ReportDeps extends GatherEvidenceDeps {
  readonly store: RequestStore;
  readonly notifier: Notifier;
  readonly ids: IdGenerator;
  readonly limits: ReportLimits;
}

const HOUR = 3_600_000;

export type ReportOutcome =
  /** A new request went to the approvers. */
  | { readonly kind: 'opened'; readonly view: RequestView }
  /** The target already had an open request; the reporter was added to it. */
  | { readonly kind: 'joined'; readonly view: RequestView; readonly firstTimeReporter: boolean }
  /** The approval message could not be posted; the request was closed so a new report can start over. */
  | { readonly kind: 'not_delivered'; readonly request: UnblockRequest }
  /** The reporter is over a per-user limit; nothing was recorded. */
  | { readonly kind: 'limited'; readonly refusal: LimitRefusal };

/**
 * `/portal-blocked`: opens a request for the target (or joins the open one), gathers Defender
 * evidence with one hunting query, and posts the approval message. Runs after Slack's ack.
 */
export async function reportBlockedPortal(deps: ReportDeps, input: { userId: string; report: ReportInput }): Promise<ReportOutcome> {
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

  const created = await store.openRequest({
    id: deps.ids.newId(),
    target,
    reportedTarget: input.report.target.kind === 'host' ? (input.report.target.url ?? target.value) : target.value,
    coversSubdomains: input.report.target.kind === 'host' && input.report.target.coversSubdomains,
    requesterId: input.userId,
    reason: input.report.reason,
    at: clock.now(),
  });
  if (!created) {
    // Another report of the same target won the race to open it.
    const winner = await store.findOpenByTarget(target);
    if (winner) return joinRequest(deps, winner, input);
    throw new Error(`open request for ${target.value} vanished`);
  }

  const evidence = await gatherEvidence(deps, target);
  await store.saveEvidence(created.id, evidence, {
    actor: { kind: 'system', component: 'hunting' },
    at: clock.now(),
    action: 'evidence_collected',
    details: { outcome: evidence.outcome, events: evidence.summary.totalEvents, error: evidence.error },
  });
  return publish(deps, created);
}

async function publish(deps: ReportDeps, request: UnblockRequest): Promise<ReportOutcome> {
  const view = (await deps.store.view(request.id))!;
  let approvalMessage;
  try {
    approvalMessage = await deps.notifier.publishApprovalRequest(view);
  } catch (error) {
    deps.logger.error({ err: error, requestId: request.id }, 'could not post the approval message');
    await deps.store.transition({
      id: request.id,
      from: { status: request.status, version: request.version },
      to: mustMove(request, 'publish_failed'),
      record: { event: 'publish_failed' },
      audit: { actor: { kind: 'system', component: 'slack' }, at: deps.clock.now(), action: 'publish_failed' },
    });
    return { kind: 'not_delivered', request };
  }
  await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, 'submitted_for_approval'),
    record: { event: 'submitted_for_approval', approvalMessage },
    audit: { actor: { kind: 'system', component: 'slack' }, at: deps.clock.now(), action: 'submitted_for_approval', details: { ...approvalMessage } },
  });
  const published = (await deps.store.view(request.id))!;
  // Reports that joined while the message was being posted were in neither the message nor a +1.
  const shown = new Set(view.reporters.map((r) => r.userId));
  for (const late of published.reporters.filter((r) => !shown.has(r.userId))) {
    await runSafely(deps.logger, 'post +1 to thread', () =>
      deps.notifier.postToThread(published, { kind: 'reporter_joined', userId: late.userId, reason: late.reason }),
    );
  }
  return { kind: 'opened', view: published };
}

async function joinRequest(deps: ReportDeps, request: UnblockRequest, input: { userId: string; report: ReportInput }): Promise<ReportOutcome> {
  const firstTimeReporter = await deps.store.addReporter(request.id, {
    userId: input.userId,
    reason: input.report.reason,
    reportedAt: deps.clock.now(),
  });
  const view = (await deps.store.view(request.id))!;
  if (firstTimeReporter && request.approvalMessage) {
    await runSafely(deps.logger, 'post +1 to thread', () =>
      deps.notifier.postToThread(view, { kind: 'reporter_joined', userId: input.userId, reason: input.report.reason }),
    );
  }
  return { kind: 'joined', view, firstTimeReporter };
}
