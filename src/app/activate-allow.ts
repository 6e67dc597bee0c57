import { allowIndicatorText } from '../domain/indicator/allow-indicator-text.ts';
import { planAllowIndicator } from '../domain/indicator/plan-allow-indicator.ts';
import type { AllowIndicatorRecord } from '../domain/request/request.ts';
import { ExternalServiceError } from './external-service-error.ts';
import { mustMove } from './must-move.ts';
import type { Clock, IndicatorGateway, Logger, Notifier, RequestStore, RequestView } from './ports.ts';
import { runSafely } from './run-safely.ts';

export interface ActivateDeps {
  readonly store: RequestStore;
  readonly indicators: IndicatorGateway;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

const ACTOR = { kind: 'system', component: 'activation' } as const;

/**
 * Makes an approved request's allow real in Defender: reuses an Allowed indicator for the exact
 * value that already lasts long enough, otherwise submits one that expires exactly when the
 * approval does. On a Defender failure the request stays approved (not active), the failure is
 * audited and the thread says so. Returns the request's view afterwards.
 */
export async function activateAllow(deps: ActivateDeps, requestId: string): Promise<RequestView> {
  const before = (await deps.store.view(requestId))!;
  const { request, decision } = before;
  if (request.status !== 'approved' || decision?.allowUntil == null) return before;

  let record: AllowIndicatorRecord;
  let others;
  try {
    const existing = await deps.indicators.findByValue(request.target.value);
    const plan = planAllowIndicator(existing, request.target, decision.allowUntil);
    others = plan.others;
    const indicator =
      plan.kind === 'reuse'
        ? plan.indicator
        : await deps.indicators.submitAllow({
            target: request.target,
            expiresAt: decision.allowUntil,
            ...allowIndicatorText({
              requestNumber: request.number,
              requestId: request.id,
              target: request.target,
              requesterId: request.requesterId,
              approverId: decision.deciderId,
              reason: request.reason,
              decidedAt: decision.decidedAt,
              allowUntil: decision.allowUntil,
            }),
          });
    record = {
      defenderId: indicator.id,
      target: request.target,
      expiresAt: indicator.expiresAt,
      reusedExisting: plan.kind === 'reuse',
      recordedAt: deps.clock.now(),
    };
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    return reportFailure(deps, before, error);
  }

  const moved = await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, 'indicator_active'),
    record: { event: 'indicator_active', indicator: record },
    audit: {
      actor: ACTOR,
      at: record.recordedAt,
      action: record.reusedExisting ? 'indicator_reused' : 'indicator_created',
      details: { defenderId: record.defenderId, expiresAt: record.expiresAt?.toISOString() ?? null, others: others.map((o) => o.id) },
    },
  });
  const view = (await deps.store.view(request.id))!;
  if (!moved) return view; // Another worker activated it first and tells everyone.
  await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(view));
  await runSafely(deps.logger, 'post indicator to thread', () => deps.notifier.postToThread(view, { kind: 'allow_active', others }));
  await runSafely(deps.logger, 'tell requester', () => deps.notifier.notifyRequester(view, { kind: 'allow_active' }));
  return view;
}

async function reportFailure(deps: ActivateDeps, view: RequestView, error: ExternalServiceError): Promise<RequestView> {
  deps.logger.error({ err: error, requestId: view.request.id }, 'could not activate the allow indicator');
  await deps.store.appendAudit(view.request.id, {
    actor: ACTOR,
    at: deps.clock.now(),
    action: 'activation_failed',
    details: { service: error.service, failure: error.failure, status: error.status ?? null, message: error.userMessage },
  });
  await runSafely(deps.logger, 'post activation failure', () =>
    deps.notifier.postToThread(view, { kind: 'activation_failed', error: error.userMessage }),
  );
  await runSafely(deps.logger, 'tell requester', () => deps.notifier.notifyRequester(view, { kind: 'approved_not_active' }));
  return view;
}
