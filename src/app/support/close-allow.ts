import type { AuditAction } from '../../domain/audit/audit-action.ts';
import type { Actor } from '../../domain/request/request.ts';
import type { RequestEvent } from '../../domain/request/transitions.ts';
import { mustMove } from './must-move.ts';
import type { Notifier, ReminderOutcome, RequesterNote, ThreadNote } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';
import { runSafely } from './run-safely.ts';
import { reminderQueued } from './allow-controls.ts';
import { requireView } from './require-view.ts';

export interface CloseDeps {
  readonly store: RequestRecords;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The audit action each way of ending an allow writes. */
const CLOSE_ACTIONS = {
  revoked: 'allow.revoked',
  expired: 'allow.expired',
  activation_abandoned: 'allow.activation_abandoned',
} as const satisfies Record<Extract<RequestEvent, 'revoked' | 'expired' | 'activation_abandoned'>, AuditAction>;

/**
 * Ends an approved or active allow (revoked, expired, activation abandoned) by compare-and-set,
 * then tells everyone: a thread note, the approval message, the reminder, and the reporters. An
 * open scope change closes with it (its message loses its buttons).
 * Returns the view after closing, or null when another writer changed the request first.
 */
export async function closeAllow(
  deps: CloseDeps,
  view: RequestView,
  change: {
    readonly event: Extract<RequestEvent, 'revoked' | 'expired' | 'activation_abandoned'>;
    readonly actor: Actor;
    readonly details?: Record<string, unknown>;
    readonly thread: ThreadNote;
    readonly requester: RequesterNote;
    readonly reminder: ReminderOutcome;
  },
): Promise<RequestView | null> {
  const { request } = view;
  const moved = await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, change.event),
    record: { event: change.event },
    audit: { actor: change.actor, at: deps.clock.now(), action: CLOSE_ACTIONS[change.event], ...(change.details ? { details: change.details } : {}) },
  });
  if (!moved) return null;
  const closed = await requireView(deps.store, request.id);
  const openScopeChange = request.scopeChange ?? null;
  if (openScopeChange !== null) {
    // Closed with the request in the same transaction; recorded and its buttons taken away here.
    await deps.store.appendAudit(request.id, { actor: change.actor, at: deps.clock.now(), action: 'allow.scope_change_closed', details: { proposed: [...openScopeChange.groups], event: change.event } });
    await runSafely(deps.logger, 'settle scope change', () => deps.notifier.settleScopeChange(closed, { kind: 'allow_ended' }));
  }
  await runSafely(deps.logger, 'post to thread', () => deps.notifier.postToThread(closed, change.thread));
  await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(closed));
  if (reminderQueued(closed)) await runSafely(deps.logger, 'settle reminder', () => deps.notifier.settleReminder(closed, change.reminder));
  await runSafely(deps.logger, 'tell reporters', () => deps.notifier.notifyRequester(closed, change.requester));
  return closed;
}
