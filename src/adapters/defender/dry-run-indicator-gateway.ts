import type { IndicatorGateway, RelatedIndicators } from '../../app/ports/defender.ts';
import type { Clock, Logger } from '../../app/ports/runtime.ts';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import { relatedLookup, urlIndicatorHost } from '../../domain/indicator/related-values.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import { ExternalServiceError } from '../../app/support/external-service-error.ts';
import { allowIndicatorBody, type AllowIndicatorInput } from './allow-indicator-body.ts';

/** The JSON body of `POST /api/indicators` for an Allowed indicator (allowIndicatorBody). */
export type AllowIndicatorBody = ReturnType<typeof allowIndicatorBody>;

/** Why a dry run shows no Defender indicators when Defender refused to list them. */
const READ_REFUSED = 'Defender refused to list its indicators (the app has no Ti.ReadWrite permission, as in a read-only dry run), so Unblock could not see what it holds';

/** Ids of the indicators a dry run keeps instead of Defender: never a Defender id (those are numbers). */
export const DRY_RUN_ID_PREFIX = 'dryrun-';

/** Whether `id` names an indicator only a dry run holds. */
export function isDryRunIndicatorId(id: string): boolean {
  return id.startsWith(DRY_RUN_ID_PREFIX);
}

/**
 * Where a dry run keeps the indicators it would have written, and every write it would have made
 * (PrismaDryRunLedger: the shared database, so replicas and restarts agree).
 */
export interface DryRunLedger {
  /**
   * Creates or updates the would-be indicator with `body`'s value, type and action (as Defender's
   * upsert does: same id on update), records the write, and answers as Defender would.
   */
  submit(body: AllowIndicatorBody, at: Date): Promise<ExistingIndicator>;
  /** Marks a would-be indicator removed and records the write; false when it was already gone. */
  remove(id: string, at: Date): Promise<boolean>;
  /** The would-be indicators (neither removed nor expired) on any of `values`, or Url indicators on `urlHost`. */
  find(query: { readonly values: readonly string[]; readonly urlHost?: string }): Promise<ExistingIndicator[]>;
}

/**
 * The Defender indicators API with dry runs kept apart: a request opened under DRY_RUN=true stays a
 * dry run to its end (UnblockRequest.dryRun), so its writes (`submitAllow` with `dryRun`, and
 * `remove` of a `dryrun-…` id) go to a DryRunLedger and never to Defender, whatever DRY_RUN says
 * later; every other request's writes go to Defender, even while DRY_RUN is on (a revoke or an
 * expiry of an allow made before the dry run really removes it: narrowing access never waits for a
 * pilot). Reads answer Defender's indicators plus the would-be ones, so Unblock's own checks (reuse,
 * drift, extension, expiry) run for a dry-run request exactly as they would for real; its would-be
 * writes are told in its thread with their exact request (SlackNotifier). With
 * `readOnlyFallback` (DRY_RUN=true), a Defender that refuses to list indicators for want of a
 * permission leaves the would-be ones standing alone (see `readable`).
 */
export class DryRunIndicatorGateway implements IndicatorGateway {
  private readonly real: IndicatorGateway;
  private readonly ledger: DryRunLedger;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly readOnlyFallback: boolean;
  private warnedReadRefused = false;

  constructor(options: { real: IndicatorGateway; ledger: DryRunLedger; clock: Clock; logger: Logger; readOnlyFallback: boolean }) {
    this.readOnlyFallback = options.readOnlyFallback;
    this.real = options.real;
    this.ledger = options.ledger;
    this.clock = options.clock;
    this.logger = options.logger;
  }

  async findByValue(value: string): Promise<ExistingIndicator[]> {
    const [real, wouldBe] = await Promise.all([this.readable(() => this.real.findByValue(value)), this.ledger.find({ values: [value] })]);
    return [...(real ?? []), ...wouldBe];
  }

  async findRelated(target: IndicatorTarget): Promise<RelatedIndicators> {
    const lookup = relatedLookup(target);
    const [real, wouldBe] = await Promise.all([this.readable(() => this.real.findRelated(target)), this.ledger.find(lookup)]);
    const onHost = wouldBe.filter((i) => lookup.values.includes(i.value) || (i.type === 'Url' && urlIndicatorHost(i.value) === lookup.urlHost));
    // Every look-up was refused, not only the Url list: nothing of Defender's was seen (not "none found").
    if (real === undefined) return { indicators: onHost, incomplete: null, unseen: READ_REFUSED };
    return { indicators: [...real.indicators, ...onHost], incomplete: real.incomplete };
  }

  /**
   * A read of Defender's indicators, or undefined when Defender refuses it for want of a
   * permission. Every indicator endpoint needs Ti.ReadWrite or Ti.ReadWrite.All (defender-api.md
   * "Permissions (all indicator endpoints)"), and a dry run is how a tenant with read-only
   * permissions tries Unblock: the would-be indicators then stand alone, and the existing-indicator
   * check says it could not see Defender's. Any other failure is thrown as usual.
   */
  private async readable<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (!this.readOnlyFallback || !(error instanceof ExternalServiceError) || error.failure !== 'forbidden') throw error;
      if (!this.warnedReadRefused) this.logger.warn({ err: error }, 'dry run: Defender refused to list indicators (no Ti.ReadWrite); going on with the would-be indicators only');
      this.warnedReadRefused = true;
      return undefined;
    }
  }

  async submitAllow(input: AllowIndicatorInput & { readonly dryRun?: boolean }): Promise<ExistingIndicator> {
    if (!input.dryRun) return await this.real.submitAllow(input);
    return await this.ledger.submit(allowIndicatorBody(input), this.clock.now());
  }

  async remove(id: string): Promise<'deleted' | 'already_gone'> {
    if (!isDryRunIndicatorId(id)) return await this.real.remove(id);
    return (await this.ledger.remove(id, this.clock.now())) ? 'deleted' : 'already_gone';
  }
}
