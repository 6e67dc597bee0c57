import type { ExpiryOutcome, IndicatorGateway, RequestView } from './ports.ts';
import { closeAllow, type CloseDeps } from './close-allow.ts';
import { allowEnd } from '../domain/request/request.ts';

export interface ExpiryDeps extends CloseDeps {
  readonly indicators: IndicatorGateway;
  readonly expiryGraceMs: number;
}

const ACTOR = { kind: 'system', component: 'reconciler' } as const;

/**
 * At the end of an allow: Defender deletes an indicator at its expirationTime, so the bot checks it
 * is gone. Still there after the grace period: the bot deletes it. An indicator Unblock did not
 * create (a reused one) is never deleted; the allow simply ends. Returns how it ended, or
 * `waiting` while Defender still has the grace period to act.
 */
export async function confirmExpiry(deps: ExpiryDeps, view: RequestView): Promise<ExpiryOutcome | 'waiting' | 'superseded'> {
  const { indicator } = view;
  const end = allowEnd(view.decision, view.extensions);
  if (view.request.status !== 'active' || indicator === null || end === null) return 'superseded';
  let how: ExpiryOutcome;
  if (indicator.reusedExisting) {
    how = 'kept_not_ours';
  } else {
    const present = (await deps.indicators.findByValue(indicator.target.value)).some((i) => i.id === indicator.defenderId);
    if (!present) how = 'removed_by_defender';
    else if (deps.clock.now().getTime() < end.getTime() + deps.expiryGraceMs) return 'waiting';
    else {
      await deps.indicators.remove(indicator.defenderId);
      how = 'deleted_after_grace';
    }
  }
  const closed = await closeAllow(deps, view, {
    event: 'expired',
    actor: ACTOR,
    details: { how, defenderId: indicator.defenderId },
    thread: { kind: 'expired', how },
    requester: { kind: 'expired' },
    reminder: { kind: 'expired' },
  });
  return closed ? how : 'superseded';
}
