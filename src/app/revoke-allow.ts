import { isOwnIndicator } from '../domain/indicator/allow-indicator-text.ts';
import { checkRevocation, type RevokeRefusal } from '../domain/lifecycle/allow-permissions.ts';
import { decidedTarget, slackUser, type MessageRef } from '../domain/request/request.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { closeAllow, type CloseDeps } from './close-allow.ts';
import { ExternalServiceError } from './external-service-error.ts';
import { isRequestMessage } from './lifecycle-snapshot.ts';
import type { ApproverDirectory, IndicatorGateway, RequestView } from './ports.ts';

export interface RevokeDeps extends CloseDeps {
  readonly indicators: IndicatorGateway;
  readonly approvers: ApproverDirectory;
}

export type RevokeFailure =
  | { readonly code: 'not_found' | 'wrong_message' | 'conflict' | RevokeRefusal }
  | { readonly code: 'defender_failed'; readonly message: string; readonly retryable: boolean };

/**
 * Revokes an approved or active allow: the requester or any approver. The indicator Unblock created
 * is deleted first (already gone counts as deleted); one it merely reused is left in Defender. An
 * allow still being activated is closed, and an indicator created in the meantime is removed by
 * the activation itself.
 */
export async function revokeAllow(
  deps: RevokeDeps,
  input: { readonly requestId: string; readonly actorId: string; readonly clickedMessage: MessageRef },
): Promise<Result<RequestView, RevokeFailure>> {
  const view = await deps.store.view(input.requestId);
  if (!view) return err({ code: 'not_found' });
  if (!isRequestMessage(view, input.clickedMessage)) return err({ code: 'wrong_message' });
  const allowed = checkRevocation({
    status: view.request.status,
    requesterId: view.request.requesterId,
    actorId: input.actorId,
    actorIsApprover: await deps.approvers.isApprover(input.actorId),
  });
  if (!allowed.ok) return err({ code: allowed.error });

  let removed: string[];
  try {
    removed = await removeOwnIndicators(deps.indicators, view);
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    return err({ code: 'defender_failed', message: error.userMessage, retryable: error.retryable });
  }
  const { indicator } = view;
  const closed = await closeAllow(deps, view, {
    event: 'revoked',
    actor: slackUser(input.actorId),
    details: { defenderId: indicator?.defenderId ?? null, removed },
    thread: { kind: 'revoked', actorId: input.actorId, removed },
    requester: { kind: 'revoked', actorId: input.actorId },
    reminder: { kind: 'revoked', actorId: input.actorId },
  });
  return closed ? ok(closed) : err({ code: 'conflict' });
}

/**
 * Deletes every indicator Unblock created for this request: the recorded one, and, while the
 * request is still approved, one an attempt created although its response was lost (found by its
 * title). An indicator that existed before the request is never touched.
 */
async function removeOwnIndicators(indicators: IndicatorGateway, view: RequestView): Promise<string[]> {
  const { indicator, request } = view;
  const ids = new Set<string>();
  if (indicator && !indicator.reusedExisting) ids.add(indicator.defenderId);
  if (request.status === 'approved') {
    for (const found of await indicators.findByValue(decidedTarget(request, view.decision).value)) {
      if (isOwnIndicator(found, request.number)) ids.add(found.id);
    }
  }
  for (const id of ids) await indicators.remove(id);
  return [...ids];
}
