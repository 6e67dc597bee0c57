import { allowEnd } from '../domain/request/request.ts';
import type { Clock, Logger, Notifier, RequestStore, RequestView } from './ports.ts';

export interface ReminderDeps {
  readonly store: RequestStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

const ACTOR = { kind: 'system', component: 'reconciler' } as const;

/**
 * Posts the expiry reminder for the allow's current end, at most once per end: the end is claimed
 * by compare-and-set before anything is posted. A post that fails is un-claimed so the next round
 * tries again. Returns whether a reminder was posted.
 */
export async function sendReminder(deps: ReminderDeps, view: RequestView): Promise<boolean> {
  const end = allowEnd(view.decision, view.extensions);
  if (view.request.status !== 'active' || end === null) return false;
  if (!(await deps.store.claimReminder(view.request.id, end))) return false;
  try {
    const reminder = await deps.notifier.postReminder(view);
    await deps.store.updateLifecycle(
      view.request.id,
      { reminder },
      { actor: ACTOR, at: deps.clock.now(), action: 'reminder_sent', details: { allowUntil: end.toISOString(), ...reminder } },
    );
    return true;
  } catch (error) {
    deps.logger.error({ err: error, requestId: view.request.id }, 'could not post the expiry reminder');
    await deps.store.updateLifecycle(view.request.id, { reminderSentFor: null });
    return false;
  }
}
