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
  /** The would-be indicators (not removed) on any of `values`, or Url indicators on `urlHost`. */
  find(query: { readonly values: readonly string[]; readonly urlHost?: string }): Promise<ExistingIndicator[]>;
}

/**
 * DRY_RUN=true: the Defender indicators API with every read passed through to Defender and every
 * write kept in a DryRunLedger instead. Reads answer Defender's indicators plus the would-be ones,
 * so Unblock's own checks (reuse, drift, extension, expiry) run exactly as they would for real;
 * the would-be writes are told in the request's thread with their exact request (SlackNotifier).
 * Defender is never written to: not even an indicator from before the dry run is deleted (the
 * would-be delete is logged and answered as done). Without a permission to list indicators, the
 * would-be ones stand alone (see `readable`).
 */
export class DryRunIndicatorGateway implements IndicatorGateway {
  private readonly real: IndicatorGateway;
  private readonly ledger: DryRunLedger;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private warnedReadRefused = false;

  constructor(options: { real: IndicatorGateway; ledger: DryRunLedger; clock: Clock; logger: Logger }) {
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
    if (real === undefined) return { indicators: onHost, incomplete: READ_REFUSED };
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
      if (!(error instanceof ExternalServiceError) || error.failure !== 'forbidden') throw error;
      if (!this.warnedReadRefused) this.logger.warn({ err: error }, 'dry run: Defender refused to list indicators (no Ti.ReadWrite); going on with the would-be indicators only');
      this.warnedReadRefused = true;
      return undefined;
    }
  }

  async submitAllow(input: AllowIndicatorInput): Promise<ExistingIndicator> {
    return await this.ledger.submit(allowIndicatorBody(input), this.clock.now());
  }

  async remove(id: string): Promise<'deleted' | 'already_gone'> {
    if (isDryRunIndicatorId(id)) return (await this.ledger.remove(id, this.clock.now())) ? 'deleted' : 'already_gone';
    this.logger.warn({ defenderId: id }, 'dry run: would delete a Defender indicator made before the dry run; left in place');
    return 'deleted';
  }
}
