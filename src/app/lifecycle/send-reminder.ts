import { system, heldUntil } from '../../domain/request/request.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { WorkClaims } from '../ports/work-claims.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';

export interface ReminderDeps {
  readonly store: RequestRecords & WorkClaims;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

const ACTOR = system('reconciler');

/**
 * Queues the expiry reminder for the allow's current end, at most once per end: the end is claimed
 * by compare-and-set before anything is queued. A queueing that fails (the database) is un-claimed
 * so the next round tries again; Slack's own delays are the outbox's business. Returns whether a
 * reminder was queued.
 */
export async function sendReminder(deps: ReminderDeps, view: RequestView): Promise<boolean> {
  const end = heldUntil(view.decision, view.extensions, view.indicator);
  if (view.request.status !== 'active' || end === null) return false;
  if (!(await deps.store.claimReminder(view.request.id, end))) return false;
  try {
    await deps.notifier.postReminder(view);
    await deps.store.appendAudit(view.request.id, { actor: ACTOR, at: deps.clock.now(), action: 'reminder.sent', details: { allowUntil: end.toISOString() } });
    return true;
  } catch (error) {
    deps.logger.error({ err: error, requestId: view.request.id }, 'could not queue the expiry reminder');
    await deps.store.updateLifecycle(view.request.id, { reminderSentFor: null });
    return false;
  }
}
