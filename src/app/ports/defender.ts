/** Defender for Endpoint: advanced hunting (the evidence) and indicators (the allow). */
import type { BlockEvent } from '../../domain/evidence/block-event.ts';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import type { AllowDuration } from '../../domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';

/** Defender advanced hunting. Throws ExternalServiceError when hunting is unavailable. */
export interface EvidenceSource {
  /** Most rows one query returns; a result this long may be missing older events. */
  readonly rowCap: number;
  findBlockEvents(target: IndicatorTarget, lookback: AllowDuration): Promise<BlockEvent[]>;
}

/** Defender indicators. Throws ExternalServiceError on failure. */
export interface IndicatorGateway {
  /** Every indicator Defender holds for exactly this value (any type and action). */
  findByValue(value: string): Promise<ExistingIndicator[]>;
  /**
   * Submits an Allowed indicator; Defender updates one with the same value, type and action.
   * `rbacGroupNames`: the device groups it applies to ([] = every device in the tenant).
   */
  submitAllow(input: {
    readonly target: IndicatorTarget;
    readonly rbacGroupNames: readonly string[];
    readonly expiresAt: Date;
    readonly title: string;
    readonly description: string;
  }): Promise<ExistingIndicator>;
  /** Deletes an indicator; an indicator that is already gone is not an error. */
  remove(id: string): Promise<'deleted' | 'already_gone'>;
}
