import { checkRevocation, type RevokeRefusal } from '../domain/lifecycle/allow-permissions.ts';
import { slackUser } from '../domain/request/request.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { closeAllow, type CloseDeps } from './support/close-allow.ts';
import { ExternalServiceError } from './support/external-service-error.ts';
import { allowControlMessages } from './support/allow-controls.ts';
import { clickedOwnMessage, type ClickedSurface } from '../domain/request/own-message.ts';
import { lookUpOwnIndicators } from './support/own-indicators.ts';
import { withLeaseWaiting } from './support/with-lease.ts';
import type { ApproverDirectory } from './ports/approver-directory.ts';
import type { IndicatorGateway } from './ports/defender.ts';
import type { RequestView } from './ports/request-view.ts';
import type { RequestRecords } from './ports/request-records.ts';
import type { WorkClaims } from './ports/work-claims.ts';

export interface RevokeDeps extends CloseDeps {
  /** Records, and the request's lease, which a revoke waits for. */
  readonly store: RequestRecords & WorkClaims;
  readonly indicators: IndicatorGateway;
  readonly approvers: ApproverDirectory;
  /** How long a click waits for another change to the same allow, in ms (CLICK_LEASE_WAIT_MS when absent). */
  readonly clickLeaseWaitMs?: number;
}

export type RevokeFailure =
  /** `busy`: another change to this allow was under way and did not finish within CLICK_LEASE_WAIT_MS. */
  | { readonly code: 'not_found' | 'wrong_message' | 'conflict' | 'busy' | RevokeRefusal['code'] }
  | { readonly code: 'defender_failed'; readonly message: string; readonly retryable: boolean };

/**
 * Revokes an approved or active allow: the requester or any approver. The indicator Unblock created
 * is deleted first (already gone counts as deleted), with any other it wrote for the request; one it
 * merely reused is left in Defender. It runs under the request's lease (waiting for a reconciler
 * round or another click to finish), so it never interleaves with an extension or an activation.
 */
export async function revokeAllow(
  deps: RevokeDeps,
  input: { readonly requestId: string; readonly actorId: string; readonly clickedMessage: ClickedSurface },
): Promise<Result<RequestView, RevokeFailure>> {
  // A request that was never approved has no lease to take, and nothing to revoke.
  if ((await deps.store.view(input.requestId))?.lifecycle == null) return revokeUnderLease(deps, input);
  const outcome = await withLeaseWaiting(deps, input.requestId, `click:revoke:${input.actorId}`, () => revokeUnderLease(deps, input), deps.clickLeaseWaitMs);
  return outcome ?? err({ code: 'busy' });
}

async function revokeUnderLease(
  deps: RevokeDeps,
  input: { readonly requestId: string; readonly actorId: string; readonly clickedMessage: ClickedSurface },
): Promise<Result<RequestView, RevokeFailure>> {
  const view = await deps.store.view(input.requestId);
  if (!view) return err({ code: 'not_found' });
  if (!clickedOwnMessage(allowControlMessages(view), input.clickedMessage, view.request.id)) return err({ code: 'wrong_message' });
  const allowed = checkRevocation({
    status: view.request.status,
    requesterId: view.request.requesterId,
    actorId: input.actorId,
    actorIsApprover: await deps.approvers.isApprover(input.actorId),
  });
  if (!allowed.ok) return err(allowed.error);

  let removed: string[];
  let keptChanged: string[];
  try {
    ({ removed, keptChanged } = await removeOwnIndicators(deps.indicators, view));
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    return err({ code: 'defender_failed', message: error.userMessage, retryable: error.retryable });
  }
  const { indicator } = view;
  const closed = await closeAllow(deps, view, {
    event: 'revoked',
    actor: slackUser(input.actorId),
    details: { defenderId: indicator?.defenderId ?? null, removed, ...(keptChanged.length > 0 ? { keptChanged } : {}) },
    thread: { kind: 'revoked', actorId: input.actorId, removed, ...(keptChanged.length > 0 ? { keptChanged } : {}) },
    requester: { kind: 'revoked', actorId: input.actorId },
    reminder: { kind: 'revoked', actorId: input.actorId },
  });
  return closed ? ok(closed) : err({ code: 'conflict' });
}

/**
 * Deletes every allow Unblock created for this request: the recorded one (already gone counts as
 * deleted), and any other it wrote but could not record (see lookUpOwnIndicators). An indicator that
 * existed before the request, or one someone turned into a Block or Warn (`keptChanged`), is never
 * touched.
 */
async function removeOwnIndicators(indicators: IndicatorGateway, view: RequestView): Promise<{ removed: string[]; keptChanged: string[] }> {
  const { all, own } = await lookUpOwnIndicators(indicators, view);
  const recorded = view.indicator && !view.indicator.reusedExisting ? view.indicator.defenderId : null;
  const keptChanged = recorded !== null && all.some((i) => i.id === recorded && i.action !== 'Allowed') ? [recorded] : [];
  const ids = new Set(own.map((i) => i.id));
  if (recorded !== null && keptChanged.length === 0) ids.add(recorded);
  for (const id of ids) await indicators.remove(id);
  return { removed: [...ids], keptChanged };
}
