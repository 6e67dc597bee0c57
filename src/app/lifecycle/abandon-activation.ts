import { system } from '../../domain/request/request.ts';
import { closeAllow, type CloseDeps } from '../support/close-allow.ts';
import { ExternalServiceError } from '../support/external-service-error.ts';
import { findOwnIndicators } from '../support/own-indicators.ts';
import type { IndicatorGateway } from '../ports/defender.ts';
import type { RequestView } from '../ports/request-view.ts';

const ACTOR = system('reconciler');

/**
 * The approved window passed before Defender ever accepted the allow: the request fails. An attempt
 * whose answer was lost may have created the indicator all the same. It expired with the approved
 * window (its expirationTime is the window's end), but it is looked for and deleted now in case
 * Defender has not removed it yet, and the thread names it. When Defender cannot be asked, the
 * request fails all the same: such an indicator has expired anyway.
 */
export async function abandonActivation(deps: CloseDeps & { readonly indicators: IndicatorGateway }, view: RequestView): Promise<void> {
  const removed: string[] = [];
  try {
    for (const own of await findOwnIndicators(deps.indicators, view)) {
      await deps.indicators.remove(own.id);
      removed.push(own.id);
    }
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    deps.logger.warn({ err: error, requestId: view.request.id }, 'could not look for indicators of a failed activation; any has expired with the window');
  }
  await closeAllow(deps, view, {
    event: 'activation_abandoned',
    actor: ACTOR,
    details: { attempts: view.lifecycle?.activationAttempts ?? 0, lastError: view.lifecycle?.lastActivationError ?? null, removed },
    thread: { kind: 'activation_abandoned', ...(removed.length > 0 ? { removed } : {}) },
    requester: { kind: 'activation_abandoned' },
    reminder: { kind: 'expired' },
  });
}
