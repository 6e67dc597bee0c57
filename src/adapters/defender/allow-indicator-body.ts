import type { IndicatorTarget } from '../../domain/target/target.ts';
import { isWholeSecond } from '../../domain/time/whole-seconds.ts';

/** What Unblock asks Defender to allow: the value, the device groups, the expiry (a whole second, UTC) and the texts. */
export interface AllowIndicatorInput {
  readonly target: IndicatorTarget;
  /** The device groups it applies to ([] = every device in the tenant). */
  readonly rbacGroupNames: readonly string[];
  readonly expiresAt: Date;
  readonly title: string;
  readonly description: string;
}

/**
 * The exact JSON body of `POST /api/indicators` for an Allowed indicator (defender-api.md §5,
 * "Submit or Update Indicator"): what the gateway sends, and what a dry run shows it would send.
 * Throws (a programming error) when `expiresAt` is not a whole second: Defender keeps
 * `expirationTime` to the second, and Unblock records exactly what it sends.
 */
export function allowIndicatorBody(input: AllowIndicatorInput) {
  return {
    indicatorValue: input.target.value,
    indicatorType: input.target.type,
    action: 'Allowed',
    title: input.title,
    description: input.description,
    expirationTime: defenderInstant(input.expiresAt),
    severity: 'Informational',
    application: 'Unblock',
    generateAlert: false,
    rbacGroupNames: [...input.rbacGroupNames],
  };
}

/**
 * An instant as Defender keeps `expirationTime`: a whole second, UTC (`2026-12-01T20:30:05Z`). The
 * use-cases only ever send whole seconds and record exactly what they sent; anything finer would be
 * cut by Defender (shared/reference/defender-api.md §8), so it is refused here as a programming error.
 */
export function defenderInstant(instant: Date): string {
  if (!isWholeSecond(instant)) throw new Error(`expirationTime must be a whole second, got ${instant.toISOString()}`);
  return instant.toISOString().replace('.000Z', 'Z');
}
