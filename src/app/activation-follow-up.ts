import { closeAllow, type CloseDeps } from './close-allow.ts';
import type { RequestView } from './ports.ts';
import { runSafely } from './run-safely.ts';

const ACTOR = { kind: 'system', component: 'reconciler' } as const;

/** Activation has kept failing for a while: say so in the thread, once, mentioning the approver. */
export async function alertActivationFailing(deps: CloseDeps, view: RequestView): Promise<void> {
  const now = deps.clock.now();
  await deps.store.updateLifecycle(view.request.id, { activationAlertedAt: now }, { actor: ACTOR, at: now, action: 'activation_alerted' });
  await runSafely(deps.logger, 'alert activation failing', () =>
    deps.notifier.postToThread(view, {
      kind: 'activation_failing',
      attempts: view.lifecycle?.activationAttempts ?? 0,
      error: view.lifecycle?.lastActivationError ?? 'unknown error',
    }),
  );
}

/** The approved window passed before Defender ever accepted the allow: the request fails. */
export async function abandonActivation(deps: CloseDeps, view: RequestView): Promise<void> {
  await closeAllow(deps, view, {
    event: 'activation_abandoned',
    actor: ACTOR,
    details: { attempts: view.lifecycle?.activationAttempts ?? 0, lastError: view.lifecycle?.lastActivationError ?? null },
    thread: { kind: 'activation_abandoned' },
    requester: { kind: 'activation_abandoned' },
    reminder: { kind: 'expired' },
  });
}
