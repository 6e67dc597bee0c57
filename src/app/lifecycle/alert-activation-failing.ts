import { system } from '../../domain/request/request.ts';
import type { CloseDeps } from '../support/close-allow.ts';
import type { RequestView } from '../ports/request-view.ts';
import { runSafely } from '../support/run-safely.ts';

const ACTOR = system('reconciler');

/** Activation has kept failing for a while: say so in the thread, once, mentioning the approver. */
export async function alertActivationFailing(deps: CloseDeps, view: RequestView): Promise<void> {
  const now = deps.clock.now();
  await deps.store.updateLifecycle(view.request.id, { activationAlertedAt: now }, { actor: ACTOR, at: now, action: 'allow.activation_alerted' });
  await runSafely(deps.logger, 'alert activation failing', () =>
    deps.notifier.postToThread(view, {
      kind: 'activation_failing',
      attempts: view.lifecycle?.activationAttempts ?? 0,
      error: view.lifecycle?.lastActivationError ?? null,
    }),
  );
}
