/** Defender for Endpoint: advanced hunting (the evidence) and indicators (the allow). */
import type { BlockEvent } from '../../domain/evidence/block-event.ts';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import type { AllowDuration } from '../../domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';

/** How one hunt is narrowed. */
export interface HuntOptions {
  /** Only events stamped strictly after this UTC instant (inside the lookback). */
  readonly since?: Date;
  /**
   * Nobody is waiting for this hunt (a reconciler check): it runs only if it leaves room in the
   * hunting rate budget for reports, and otherwise throws a retryable ExternalServiceError
   * ('throttled') at once, to be tried again later.
   */
  readonly background?: boolean;
}

/** Defender advanced hunting. Throws ExternalServiceError when hunting is unavailable. */
export interface EvidenceSource {
  /** Most rows one query returns; a result this long may be missing older events. */
  readonly rowCap: number;
  /**
   * The hunted events for the target over the lookback, newest first (at most `rowCap`). With
   * `options.since` (UTC), only events stamped strictly after that instant: what happened since an
   * allow became active.
   */
  findBlockEvents(target: IndicatorTarget, lookback: AllowDuration, options?: HuntOptions): Promise<BlockEvent[]>;
}

/**
 * What IndicatorGateway.findRelated found. `incomplete` is the safe reason (ExternalServiceError
 * userMessage) when the list of Url indicators could not be read although the values were: what was
 * found is kept (a Block on a parent domain is never dropped because another call failed); null when
 * the look-up was complete.
 */
export interface RelatedIndicators {
  readonly indicators: ExistingIndicator[];
  readonly incomplete: string | null;
  /**
   * Why none of Defender's own indicators could be read (DryRunIndicatorGateway in a read-only dry
   * run: Defender refused every look-up): `indicators` then holds only the dry run's would-be ones,
   * and nothing is known about Defender's. Null or absent when Defender answered the value look-ups.
   */
  readonly unseen?: string | null;
}

/** Defender indicators. Throws ExternalServiceError on failure. */
export interface IndicatorGateway {
  /** Every indicator Defender holds for exactly this value (any type and action). */
  findByValue(value: string): Promise<ExistingIndicator[]>;
  /**
   * Every indicator that bears on an allow for `target` (relatedLookup): those on its exact value,
   * on each parent domain up to the registrable domain, and the Url indicators whose host is the
   * target's host; each once. Costs one call per value plus one per page of Url indicators.
   */
  findRelated(target: IndicatorTarget): Promise<RelatedIndicators>;
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
    /**
     * The request is a dry run (UnblockRequest.dryRun): the write is only simulated, never sent to
     * Defender, and the would-be indicator is read back as Defender would answer.
     */
    readonly dryRun?: boolean;
  }): Promise<ExistingIndicator>;
  /** Deletes an indicator; an indicator that is already gone is not an error. */
  remove(id: string): Promise<'deleted' | 'already_gone'>;
}
