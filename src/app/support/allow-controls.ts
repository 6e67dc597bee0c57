import type { MessageRef } from '../../domain/request/request.ts';
import type { RequestView } from '../ports/request-view.ts';

/**
 * The messages of a request that carry allow controls (Extend, Revoke, Let it expire): its approval
 * message and, once posted, its expiry reminder. A click counts only from one of them
 * (clickedOwnMessage, the one home of that rule).
 */
export function allowControlMessages(view: RequestView): readonly (MessageRef | null)[] {
  return [view.request.approvalMessage, view.lifecycle?.reminder ?? null];
}

/** Whether an expiry reminder was queued (posted or still on its way to Slack), so it has controls to settle. */
export function reminderQueued(view: RequestView): boolean {
  return view.lifecycle !== null && (view.lifecycle.reminder !== null || view.lifecycle.reminderSentFor !== null);
}
