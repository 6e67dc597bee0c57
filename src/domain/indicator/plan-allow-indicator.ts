import { sameIndicatorValue } from '../target/canonical-value.ts';
import type { IndicatorTarget } from '../target/target.ts';
import { lastsUntil } from '../time/whole-seconds.ts';
import { isOwnIndicator, isUnblockIndicator } from './allow-indicator-text.ts';
import type { ExistingIndicator } from './existing-indicator.ts';

export type AllowPlan =
  /** An Allowed indicator for the exact value already lasts at least as long: record it, create nothing. */
  | { readonly kind: 'reuse'; readonly indicator: ExistingIndicator; readonly others: readonly ExistingIndicator[] }
  /** Submit our indicator (Defender updates an existing one with the same value, type and action). */
  | { readonly kind: 'submit'; readonly others: readonly ExistingIndicator[] };

/**
 * Decides whether an approved allow needs a new indicator. Only an Allowed indicator of the same
 * type and value counts; one that expires before the approved window is not enough, so we submit
 * ours (Defender keeps expiries to the second, so one that ends within the same second as the window
 * counts). An indicator Unblock wrote for another request (`Unblock #<k>: …`) is never reused as
 * someone else's: it is a leftover, and submitting rewrites it as this request's own, with this
 * window. `others` are the remaining indicators on the same value (Block, Warn, Audit …), for the record.
 */
export function planAllowIndicator(existing: readonly ExistingIndicator[], wanted: IndicatorTarget, allowUntil: Date, requestNumber: number): AllowPlan {
  // Compared in canonical form: Defender answers in its own spelling (compressed IPv6), whatever we sent.
  const sameValue = existing.filter((i) => sameIndicatorValue(i.value, wanted.value));
  const allows = sameValue.filter((i) => i.action === 'Allowed' && i.type === wanted.type);
  const others = sameValue.filter((i) => !allows.includes(i));
  const lasting = allows
    .filter((i) => lastsUntil(i.expiresAt, allowUntil) && (isOwnIndicator(i, requestNumber) || !isUnblockIndicator(i)))
    .sort((a, b) => expiry(b) - expiry(a));
  const best = lasting[0];
  return best ? { kind: 'reuse', indicator: best, others } : { kind: 'submit', others };
}

const expiry = (i: ExistingIndicator): number => i.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
